//! The pipeline driver: load → accumulate resources → generate → transform →
//! resolve names → order → emit. Each stage lives in its own module; this file
//! only calls them in Kustomize's order.

use crate::compose;
use crate::error::Result;
use crate::fs::{DiskFs, FileSystem};
use crate::generate;
use crate::kustomization::Kustomization;
use crate::load;
use crate::nameref;
use crate::order;
use crate::resmap::ResMap;
use crate::transform;
use crate::transform::fieldspec::TransformerConfig;
use std::path::{Path, PathBuf};

/// Where resource files may be loaded from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LoadRestrictor {
    /// Files must lie in or below the directory of the kustomization that
    /// lists them (Kustomize's default, `LoadRestrictionsRootOnly`).
    #[default]
    RootOnly,
    /// No restriction (`LoadRestrictionsNone`).
    None,
}

/// Bounds that keep hostile input from exhausting time or memory.
///
/// Every limit is enforced on every file the build reads (kustomizations,
/// resources, patches, generator sources, configurations, OpenAPI schemas);
/// exceeding one fails the build with [`Error::Limit`](crate::Error::Limit)
/// naming the file. The defaults render any real-world tree:
///
/// | limit | default | bounds |
/// |---|---|---|
/// | [`max_file_bytes`](Self::max_file_bytes) | 64 MiB | bytes read from one file (a larger file is never read whole) |
/// | [`max_depth`](Self::max_depth) | 256 | nesting of YAML collections (stack depth of the parser and of every later stage) |
/// | [`max_alias_expansion`](Self::max_alias_expansion) | 1 000 000 | nodes one YAML document may expand to through aliases ("billion laughs") |
/// | [`max_kustomization_depth`](Self::max_kustomization_depth) | 128 | chain of kustomizations (bases of bases, components) |
/// | [`max_kustomizations`](Self::max_kustomizations) | 50 000 | kustomizations loaded by one build, counting each time one is listed (a base listed by two overlays counts twice: this bounds trees that list the same base over and over, whose work grows exponentially with depth) |
///
/// Cycles between kustomizations are refused whatever the limits
/// ([`Error::Cycle`](crate::Error::Cycle)), as are files outside the tree
/// unless [`LoadRestrictor::None`] is chosen.
///
/// ```
/// use rustomize::{fs::MemFs, BuildOptions, Error, Kustomizer, Limits};
/// let mut fs = MemFs::new();
/// fs.add("/app/kustomization.yaml", "resources:\n- cm.yaml\n");
/// fs.add("/app/cm.yaml", format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: {}\n", "x".repeat(5000)));
/// let opts = BuildOptions {
///     limits: Limits { max_file_bytes: 4096, ..Limits::default() },
///     ..BuildOptions::default()
/// };
/// let err = Kustomizer::new(fs).with_options(opts).build("/app").unwrap_err();
/// assert!(matches!(err, Error::Limit { .. }));
/// assert_eq!(err.to_string(), "/app/cm.yaml: limit exceeded: file is larger than 4096 bytes");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes (default 64 MiB).
    pub max_file_bytes: usize,
    /// Deepest nesting of YAML collections (default 256).
    pub max_depth: usize,
    /// Most nodes a YAML document may expand to through aliases (default 1 000 000).
    pub max_alias_expansion: usize,
    /// Deepest chain of kustomizations, bases of bases ... (default 128).
    pub max_kustomization_depth: usize,
    /// Most kustomizations one build loads, counting repeats (default 50 000).
    pub max_kustomizations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 << 20,
            max_depth: 256,
            max_alias_expansion: 1_000_000,
            max_kustomization_depth: 128,
            max_kustomizations: 50_000,
        }
    }
}

/// Options of a build: where files may be loaded from, and the [`Limits`].
///
/// ```
/// use rustomize::{fs::MemFs, BuildOptions, Kustomizer, LoadRestrictor};
/// let mut fs = MemFs::new();
/// fs.add("/app/kustomization.yaml", "resources:\n- ../shared/cm.yaml\n");
/// fs.add("/shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
/// // Refused by default: the file is outside the kustomization's directory.
/// assert!(Kustomizer::new(fs.clone()).build("/app").is_err());
/// let opts = BuildOptions { load_restrictor: LoadRestrictor::None, ..Default::default() };
/// assert_eq!(Kustomizer::new(fs).with_options(opts).build("/app").unwrap().len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Load restriction (default: root only, like Kustomize).
    pub load_restrictor: LoadRestrictor,
    /// Resource limits.
    pub limits: Limits,
    /// Threads a build may use: to load independent entries of `resources`
    /// (bases, resource files) and the files of a long `patches` list at
    /// once, and to emit a large output in parts. 0, the default, means as
    /// many as the machine has, 1 means no extra thread. The result, errors
    /// and warnings are the same whatever the number.
    pub threads: usize,
    /// Fetch remote git bases and components (`resources:` or `components:`
    /// entries such as `https://github.com/org/repo//deploy?ref=v1`,
    /// `github.com/org/repo/deploy?ref=v1`, `git@host:org/repo.git`,
    /// `file:///abs/repo//dir?ref=tag`) with the `git` program, as
    /// `kubectl kustomize` does (default: true; needs the `git` cargo
    /// feature). Each repository and ref is fetched once per build into a
    /// temporary directory removed when the build ends, and read from the
    /// real disk whatever the build's [`FileSystem`]. When false (or
    /// without the feature) such entries are
    /// [`Error::Unsupported`](crate::Error::Unsupported). The directory a
    /// build is asked for may itself be such a URL (`kubectl kustomize URL`).
    /// Files named by `http(s)://` URLs (resources, patches, generator
    /// files, ...) are fetched over HTTP with the `curl` program, as
    /// Kustomize fetches them; when false they are `Unsupported` too.
    ///
    /// Set it to false to render untrusted trees: a kustomization can then
    /// make the build contact any host git or curl reaches and read any local git
    /// repository through a `file://` URL, as with `kubectl kustomize`.
    pub fetch_remote: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            load_restrictor: LoadRestrictor::default(),
            limits: Limits::default(),
            threads: 0,
            fetch_remote: true,
        }
    }
}

/// Renders kustomization trees read through a [`FileSystem`].
///
/// ```
/// use rustomize::{fs::MemFs, Kustomizer};
/// let mut fs = MemFs::new();
/// fs.add("/app/kustomization.yaml", "resources:\n- cm.yaml\nnamePrefix: p-\n");
/// fs.add("/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
/// let out = Kustomizer::new(fs).build_to_string("/app").unwrap();
/// assert_eq!(out, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-c\n");
/// ```
pub struct Kustomizer<F: FileSystem = DiskFs> {
    fs: F,
    opts: BuildOptions,
}

impl Kustomizer<DiskFs> {
    /// A renderer over the real filesystem with default options.
    pub fn on_disk() -> Self {
        Kustomizer::new(DiskFs)
    }
}

impl<F: FileSystem> Kustomizer<F> {
    /// A renderer over `fs` with default options.
    pub fn new(fs: F) -> Self {
        Kustomizer {
            fs,
            opts: BuildOptions::default(),
        }
    }

    /// Replace the options.
    pub fn with_options(mut self, opts: BuildOptions) -> Self {
        self.opts = opts;
        self
    }

    /// The options in force.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The filesystem it reads.
    pub(crate) fn fs(&self) -> &F {
        &self.fs
    }

    /// Build the kustomization in `dir` into an ordered set of resources.
    pub fn build(&self, dir: impl AsRef<Path>) -> Result<ResMap> {
        self.build_with_warnings(dir).map(|(rm, _)| rm)
    }

    /// [`build`](Self::build), also returning the deprecation warnings that
    /// `kubectl kustomize` prints to stderr (one per deprecated field of each
    /// kustomization loaded, in load order). The library never prints them.
    pub fn build_with_warnings(&self, dir: impl AsRef<Path>) -> Result<(ResMap, Vec<String>)> {
        let dir = dir.as_ref();
        let mut ctx = match crate::remote::top_level(&self.opts, dir) {
            Some(ctx) => ctx?,
            None => Ctx::new(&self.fs, &self.opts, dir)?,
        };
        let root = ctx.root.clone();
        let top = load::load_level(&ctx, &root)?;
        let mut acc = accumulate_loaded(&mut ctx, &top)?;
        // The following steps run once, at the top, after the whole tree is in.
        generate::hash::add_hashes(&mut acc)?;
        nameref::fix(&mut acc)?;
        compose::vars::resolve(&ctx, &top.file, &mut acc)?;
        load::drop_local_config(&mut acc.resmap);
        order::sort(&mut acc, &top.file)?;
        compose::build_metadata::finish(&ctx, &mut acc)?;
        load::remove_build_annotations(&mut acc.resmap, &top.k.build_metadata)?;
        Ok((acc.resmap, ctx.warnings.take()))
    }

    /// Build and emit as Kustomize prints it (large outputs are emitted in
    /// parts on the build's threads).
    pub fn build_to_string(&self, dir: impl AsRef<Path>) -> Result<String> {
        let rm = self.build(dir)?;
        crate::yaml::try_emit_resmap_owned(rm, self.opts.threads)
    }

    /// Build and write the output (as [`build_to_string`](Self::build_to_string)
    /// returns it) to `w`, in pieces (the whole text is never held in
    /// memory). Nothing is written when the build fails or the output cannot
    /// be printed; a write error is an [`Error::Io`](crate::Error::Io) naming `dir`.
    ///
    /// ```
    /// use rustomize::{fs::MemFs, Kustomizer};
    /// let mut fs = MemFs::new();
    /// fs.add("/app/kustomization.yaml", "resources:\n- cm.yaml\n");
    /// fs.add("/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    /// let mut out = Vec::new();
    /// Kustomizer::new(fs).build_to_writer("/app", &mut out).unwrap();
    /// assert_eq!(out, b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    /// ```
    pub fn build_to_writer(&self, dir: impl AsRef<Path>, w: &mut dyn std::io::Write) -> Result<()> {
        let dir = dir.as_ref();
        let rm = self.build(dir)?;
        crate::yaml::check_resmap_threads(&rm, self.opts.threads)?;
        crate::yaml::write_resmap_threads(&rm, w, self.opts.threads)
            .and_then(|()| w.flush())
            .map_err(|source| crate::error::Error::Io {
                path: dir.to_path_buf(),
                source,
            })
    }
}

/// State shared by every level of one build.
pub(crate) struct Ctx<'a> {
    pub fs: &'a dyn FileSystem,
    pub opts: &'a BuildOptions,
    /// Canonical directory of the top kustomization.
    pub root: PathBuf,
    /// Kustomization directories being accumulated, outermost first (cycle detection).
    pub stack: Vec<PathBuf>,
    /// `buildMetadata` of the top kustomization (Kustomize hands it down to
    /// every level).
    pub build_metadata: Vec<String>,
    /// The OpenAPI schema chosen by the first `openapi` field met.
    pub openapi: crate::patch::OpenApiState,
    /// Deprecation warnings of every kustomization loaded, in load order.
    pub warnings: std::cell::RefCell<Vec<String>>,
    /// Kustomizations loaded so far (bounded by `Limits::max_kustomizations`),
    /// shared by every thread of the build.
    pub loads: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Threads this context may use to accumulate `resources` (1: none
    /// besides its own).
    pub threads: usize,
    /// The checkout the current level lies in (a remote base), if any: its
    /// files are read from disk, restricted to their directory, and its bases
    /// must stay inside it.
    pub repo: Option<std::sync::Arc<crate::remote::Scope>>,
    /// Checkouts of remote bases fetched by this build.
    pub clones: std::sync::Arc<crate::remote::Clones>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(fs: &'a dyn FileSystem, opts: &'a BuildOptions, dir: &Path) -> Result<Self> {
        let root = load::canonical_root(fs, dir)?;
        Ok(Ctx {
            fs,
            opts,
            root,
            stack: Vec::new(),
            build_metadata: Vec::new(),
            openapi: Default::default(),
            warnings: Default::default(),
            loads: Default::default(),
            threads: crate::parallel::thread_count(opts.threads),
            repo: None,
            clones: Default::default(),
        })
    }

    /// A context for a worker thread accumulating entries of the current
    /// level: the same state, its own warnings, no further threads.
    pub(crate) fn worker(&self) -> Ctx<'a> {
        Ctx {
            fs: self.fs,
            opts: self.opts,
            root: self.root.clone(),
            stack: self.stack.clone(),
            build_metadata: self.build_metadata.clone(),
            openapi: self.openapi.clone(),
            warnings: Default::default(),
            loads: self.loads.clone(),
            threads: 1,
            repo: self.repo.clone(),
            clones: self.clones.clone(),
        }
    }
}

/// One kustomization being processed.
pub(crate) struct Level {
    /// Canonical directory of the kustomization.
    pub dir: PathBuf,
    /// Path of the kustomization file itself.
    pub file: PathBuf,
    /// Its content.
    pub k: Kustomization,
}

/// What accumulating a kustomization (and everything below it) yields.
#[derive(Default)]
pub(crate) struct Accumulated {
    pub resmap: ResMap,
    /// Field specs in force (defaults plus `configurations` and `crds`).
    pub config: std::sync::Arc<TransformerConfig>,
    /// Vars declared so far.
    pub vars: compose::vars::VarSet,
    /// `sortOptions` of the top kustomization.
    pub sort_options: Option<crate::resource::Value>,
}

impl Accumulated {
    /// Merge what a child kustomization (listed in `resources`) accumulated
    /// (Kustomize's `MergeAccumulator`): its resources are appended, a
    /// duplicate id is an error naming `path`.
    pub(crate) fn absorb(&mut self, child: Accumulated, path: &Path) -> Result<()> {
        self.resmap.append_all(child.resmap, path)?;
        crate::transform::fieldspec::merge_into(&mut self.config, child.config, path)?;
        self.vars
            .merge_set(child.vars)
            .map_err(|m| crate::error::Error::invalid(path, m))
    }
}

/// Accumulate the kustomization in `dir` (Kustomize's `accumulateTarget`).
#[allow(dead_code)]
pub(crate) fn accumulate_target(ctx: &mut Ctx, dir: &Path) -> Result<Accumulated> {
    let level = load::load_level(ctx, dir)?;
    accumulate_loaded(ctx, &level)
}

/// Accumulate an already loaded kustomization (and everything below it).
pub(crate) fn accumulate_loaded(ctx: &mut Ctx, level: &Level) -> Result<Accumulated> {
    if ctx.stack.is_empty() {
        ctx.build_metadata = level.k.build_metadata.clone();
    }
    crate::patch::enter_openapi(ctx, level, None)?;
    let mut acc = Accumulated {
        sort_options: level.k.sort_options.clone(),
        ..Default::default()
    };
    load::enter(ctx, level)?;
    let result = accumulate_level(ctx, level, &mut acc);
    ctx.stack.pop();
    result?;
    Ok(acc)
}

/// The steps of one level, in Kustomize's order, on resources accumulated into `acc`.
pub(crate) fn accumulate_level(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    load::check_supported(level)?;
    load::accumulate_resources(ctx, level, acc)?;
    transform::fieldspec::merge_configurations(ctx, level, acc)?;
    let before = acc.resmap.len();
    generate::run(ctx, level, acc)?;
    compose::build_metadata::mark_generated(ctx, level, acc, before);
    compose::components::accumulate(ctx, level, acc)?;
    transform::run(ctx, level, acc)?;
    compose::build_metadata::after_transformers(ctx, level, acc);
    compose::vars::merge(ctx, level, acc)?;
    Ok(())
}
