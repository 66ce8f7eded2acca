//! Typed errors. Every error names the file it concerns, and the line where known.

use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while loading, transforming or emitting a tree.
///
/// The library never panics on input: bad input becomes one of these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---- YAML (src/yaml) ----------------------------------------------------
    /// A YAML syntax error, with the 1-based line and column where it was found.
    #[error("{path}:{line}:{column}: YAML error: {message}")]
    Yaml {
        /// File that holds the YAML.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },

    // ---- filesystem (src/fs.rs) ----------------------------------------------
    /// The file system refused a read.
    #[error("{path}: {source}")]
    Io {
        /// Path that could not be read.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },

    // ---- loading (src/load.rs) -------------------------------------------------
    /// A path listed in a kustomization does not exist.
    #[error("{path}: not found (referenced by {referenced_by})")]
    NotFound {
        /// The missing path.
        path: PathBuf,
        /// The kustomization file that referenced it.
        referenced_by: PathBuf,
    },
    /// A directory has no kustomization file.
    #[error(
        "{dir}: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory"
    )]
    MissingKustomization {
        /// Directory that was searched.
        dir: PathBuf,
    },
    /// Kustomizations refer to each other in a cycle.
    #[error("cycle detected: {}", chain.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" -> "))]
    Cycle {
        /// The directories of the cycle, in order.
        chain: Vec<PathBuf>,
    },
    /// A file lies outside the directory tree it may be loaded from.
    #[error(
        "{path}: security; file is not in or below '{root}' (use --load-restrictor LoadRestrictionsNone to allow it; referenced by {referenced_by})"
    )]
    LoadRestriction {
        /// The file that was refused.
        path: PathBuf,
        /// The root it must lie under.
        root: PathBuf,
        /// The kustomization that referenced it.
        referenced_by: PathBuf,
    },

    /// A remote git base or component, or a file named by an `http(s)://`
    /// URL, could not be fetched or used (src/remote.rs).
    #[error("{path}: remote '{url}': {message}")]
    Remote {
        /// The kustomization that lists it.
        path: PathBuf,
        /// The entry, as written.
        url: String,
        /// What went wrong (the failing git command and its output, the
        /// directory missing in the repository, or the HTTP status or
        /// transfer error).
        message: String,
    },

    /// An error inside a remote git base or component, or in a resource
    /// file fetched over HTTP (src/remote.rs).
    #[error("{path}: in remote '{url}': {source}")]
    InRemote {
        /// The kustomization that lists it.
        path: PathBuf,
        /// The entry, as written.
        url: String,
        /// The error met inside it (its paths are in the temporary checkout).
        #[source]
        source: Box<Error>,
    },

    // ---- resources (src/resmap.rs) ---------------------------------------------
    /// Two resources with the same group/version/kind/namespace/name.
    #[error("{path}: may not add resource with an already registered id: {id}")]
    DuplicateId {
        /// The id, as `group_version_kind|namespace|name`.
        id: String,
        /// File the second resource came from.
        path: PathBuf,
    },

    // ---- any stage ---------------------------------------------------------------
    /// A file's content is not what the field that names it requires.
    #[error("{path}: {message}")]
    Invalid {
        /// The file (usually a kustomization) at fault.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A field or feature rustomize does not support (helm, plugins, files
    /// over HTTP, remote bases when [`BuildOptions::fetch_remote`](crate::BuildOptions::fetch_remote) is off).
    #[error("{path}: {feature} is not supported by rustomize")]
    Unsupported {
        /// The kustomization that asks for it.
        path: PathBuf,
        /// What is not supported.
        feature: String,
    },
    /// A configured limit was exceeded (see [`crate::Limits`]).
    #[error("{path}: limit exceeded: {message}")]
    Limit {
        /// The file being processed.
        path: PathBuf,
        /// Which limit, and its value.
        message: String,
    },
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}
