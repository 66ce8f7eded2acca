//! Filesystem access. Every read the renderer makes goes through [`FileSystem`],
//! so a tree can be rendered from disk ([`DiskFs`]), from memory ([`MemFs`]) or
//! from anything else an embedder implements (a git revision, an archive).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The few operations the renderer needs from a filesystem.
///
/// Paths passed in are absolute or relative to the process's idea of the
/// filesystem root; implementations decide what that means.
pub trait FileSystem: Send + Sync {
    /// Read a whole file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Read a whole file, or at least `max + 1` bytes of it when it is longer
    /// than `max` (the caller then refuses it), so that a huge file is never
    /// read whole. The default reads the whole file; [`DiskFs`] stops early.
    fn read_at_most(&self, path: &Path, max: usize) -> io::Result<Vec<u8>> {
        let _ = max;
        self.read(path)
    }
    /// True when `path` exists and is a directory.
    fn is_dir(&self, path: &Path) -> bool;
    /// True when `path` exists and is a regular file (after following symlinks).
    fn is_file(&self, path: &Path) -> bool;
    /// The canonical form of `path`: absolute, with `.`/`..` and symlinks resolved.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// Names of the entries of a directory, sorted.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>>;
    /// True when `path` exists and its last component is not a symbolic link
    /// (the link itself, not followed). The loader uses it to extend a path
    /// it knows to be canonical without resolving it again. The default,
    /// false, is always safe: the loader then calls
    /// [`canonicalize`](Self::canonicalize).
    fn is_real_entry(&self, path: &Path) -> bool {
        let _ = path;
        false
    }
}

/// The real filesystem.
///
/// ```
/// use rustomize::fs::{DiskFs, FileSystem};
/// assert!(DiskFs.is_dir(std::path::Path::new(".")));
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct DiskFs;

impl FileSystem for DiskFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn read_at_most(&self, path: &Path, max: usize) -> io::Result<Vec<u8>> {
        use std::io::Read;
        // Room for a typical manifest up front, so that most files are read
        // in one call (a Take gives no size hint); larger ones grow the
        // buffer. Never more than the limit allows.
        const TYPICAL: usize = 16 << 10;
        let cap = max.saturating_add(1);
        let mut bytes = Vec::with_capacity(TYPICAL.min(cap));
        std::fs::File::open(path)?
            .take(cap as u64)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
    fn is_real_entry(&self, path: &Path) -> bool {
        std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink())
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(path)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }
}

/// An in-memory tree of files, for embedders and tests. Directories exist
/// implicitly as the parents of files. Paths are normalised lexically
/// (`a/./b/../c` is `a/c`); there are no symlinks.
///
/// ```
/// use rustomize::fs::{FileSystem, MemFs};
/// let mut fs = MemFs::new();
/// fs.add("/app/kustomization.yaml", "resources: []\n");
/// assert!(fs.is_dir(std::path::Path::new("/app")));
/// assert_eq!(fs.read(std::path::Path::new("/app/x/../kustomization.yaml")).unwrap(), b"resources: []\n");
/// ```
#[derive(Debug, Default, Clone)]
pub struct MemFs {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemFs {
    /// An empty filesystem.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add (or replace) a file.
    pub fn add(&mut self, path: impl AsRef<Path>, content: impl Into<Vec<u8>>) -> &mut Self {
        self.files.insert(normalize(path.as_ref()), content.into());
        self
    }
}

/// Lexical normalisation: make absolute (relative to `/`), drop `.`, fold `..`.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(s) => out.push(s),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

impl FileSystem for MemFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let p = normalize(path);
        match self.files.get(&p) {
            Some(b) => Ok(b.clone()),
            None if self.is_dir(&p) => Err(io::Error::other("is a directory")),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }
    fn is_dir(&self, path: &Path) -> bool {
        let p = normalize(path);
        self.files
            .range(p.clone()..)
            .next()
            .is_some_and(|(k, _)| k != &p && k.starts_with(&p))
    }
    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&normalize(path))
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let p = normalize(path);
        if self.is_file(&p) || self.is_dir(&p) {
            Ok(p)
        } else {
            Err(io::Error::from(io::ErrorKind::NotFound))
        }
    }
    fn is_real_entry(&self, path: &Path) -> bool {
        self.is_file(path) || self.is_dir(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let p = normalize(path);
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&p).ok())
            .filter_map(|rest| rest.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        names.dedup();
        if names.is_empty() {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        Ok(names)
    }
}
