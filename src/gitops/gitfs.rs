//! A [`FileSystem`] over a git revision: render a tree as it is at a branch,
//! tag or commit, without a checkout. It drives the `git` program
//! (`ls-tree` once, then one long-lived `cat-file --batch` for contents), so
//! it works on any local clone and adds no library dependency.
//!
//! The first read in a directory asks for the directory's other small files
//! in the same request (a kustomization directory's files are nearly all
//! read): one round trip to `git` per directory instead of one per file.
//! Those contents wait until read, once.
//!
//! Paths are those of the work tree: `<toplevel>/overlays/prod` names
//! `overlays/prod` at the revision, so the same directory argument works with
//! and without a revision.

use crate::error::{Error, Result};
use crate::fs::{FileSystem, normalize};
use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

#[derive(Clone, Debug)]
struct Entry {
    symlink: bool,
    oid: String,
    /// Size in bytes (from `ls-tree -l`).
    size: u64,
}

/// Files up to this size are fetched ahead with their directory.
const AHEAD_MAX_SIZE: u64 = 256 << 10;
/// At most this many files per request: the request (41 bytes a file) then
/// always fits in the pipe to `git`, so writing it never waits for `git`
/// to be read.
const MAX_PER_REQUEST: usize = 256;

struct Batch {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Batch {
    /// The contents of `oids`, in order, in one request.
    fn get(&mut self, oids: &[&str]) -> io::Result<Vec<Vec<u8>>> {
        let mut request = String::with_capacity(oids.len() * 41);
        for oid in oids {
            request.push_str(oid);
            request.push('\n');
        }
        self.stdin.write_all(request.as_bytes())?;
        self.stdin.flush()?;
        oids.iter().map(|_| self.read_one()).collect()
    }

    fn read_one(&mut self) -> io::Result<Vec<u8>> {
        let mut header = String::new();
        self.stdout.read_line(&mut header)?;
        // "<oid> blob <size>"
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("git cat-file: {}", header.trim())))?;
        let mut buf = vec![0; size + 1];
        self.stdout.read_exact(&mut buf)?;
        buf.truncate(size);
        Ok(buf)
    }
}

/// The `cat-file` process, once started, and what was fetched ahead.
#[derive(Default)]
struct Reader {
    batch: Option<Batch>,
    /// Contents fetched with a sibling, until their one read.
    ahead: HashMap<PathBuf, Vec<u8>>,
    /// Directories whose files were asked for ahead.
    dirs_done: HashSet<PathBuf>,
}

/// The tree of one git revision, read through `git`.
pub struct GitTreeFs {
    toplevel: PathBuf,
    rev: String,
    /// Every file (blob) of the revision, by work-tree path.
    entries: HashMap<PathBuf, Entry>,
    /// Every directory (the top level included): the names in it, sorted.
    dirs: HashMap<PathBuf, Vec<String>>,
    /// Whether any entry is a symbolic link (paths need resolving).
    has_symlinks: bool,
    reader: Mutex<Reader>,
    git_dir: PathBuf,
}

impl std::fmt::Debug for GitTreeFs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitTreeFs")
            .field("toplevel", &self.toplevel)
            .field("rev", &self.rev)
            .field("files", &self.entries.len())
            .finish()
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    if !out.status.success() {
        return Err(Error::invalid(
            dir,
            format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(out.stdout)
}

impl GitTreeFs {
    /// Open revision `rev` (branch, tag or commit) of the repository that
    /// contains `dir`.
    pub fn open(dir: &Path, rev: &str) -> Result<Self> {
        if rev.starts_with('-') {
            return Err(Error::invalid(dir, format!("invalid revision '{rev}'")));
        }
        // `dir` may exist only at the revision: ask git from its nearest existing ancestor.
        let mut probe = dir;
        while !probe.is_dir() {
            probe = probe.parent().unwrap_or(Path::new("."));
            if probe.as_os_str().is_empty() {
                probe = Path::new(".");
                break;
            }
        }
        let top = git(probe, &["rev-parse", "--show-toplevel"])?;
        let toplevel = PathBuf::from(String::from_utf8_lossy(&top).trim());
        let toplevel = std::fs::canonicalize(&toplevel).unwrap_or(toplevel);
        let commit = git(
            &toplevel,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| Error::invalid(&toplevel, format!("unknown revision '{rev}'")))?;
        let commit = String::from_utf8_lossy(&commit).trim().to_string();
        let listing = git(
            &toplevel,
            &["ls-tree", "-r", "-l", "-z", "--full-tree", &commit],
        )?;
        let mut entries = HashMap::new();
        let mut dirs: HashMap<PathBuf, Vec<String>> = HashMap::new();
        dirs.insert(toplevel.clone(), Vec::new());
        for rec in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            // "<mode> <type> <oid> <size, padded>\t<path>"
            let Some(tab) = rec.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let head = String::from_utf8_lossy(&rec[..tab]);
            let path = String::from_utf8_lossy(&rec[tab + 1..]).into_owned();
            let mut parts = head.split_whitespace();
            let (Some(mode), Some(kind), Some(oid)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let size = parts
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(u64::MAX);
            if kind != "blob" {
                continue; // submodules
            }
            let full = normalize(&toplevel.join(path));
            // Record the name in its directory, and each new directory in
            // its parent.
            let mut child = full.as_path();
            while let Some(dir) = child.parent() {
                let name = child.file_name().map(|n| n.to_string_lossy().into_owned());
                let known = dirs.contains_key(dir);
                dirs.entry(dir.to_path_buf()).or_default().extend(name);
                if known || !dir.starts_with(&toplevel) || dir == toplevel {
                    break;
                }
                child = dir;
            }
            entries.insert(
                full,
                Entry {
                    symlink: mode == "120000",
                    oid: oid.to_string(),
                    size,
                },
            );
        }
        for names in dirs.values_mut() {
            names.sort_unstable();
        }
        let has_symlinks = entries.values().any(|e| e.symlink);
        let git_dir = git(&toplevel, &["rev-parse", "--absolute-git-dir"])?;
        Ok(GitTreeFs {
            toplevel,
            rev: commit,
            entries,
            dirs,
            has_symlinks,
            reader: Mutex::new(Reader::default()),
            git_dir: PathBuf::from(String::from_utf8_lossy(&git_dir).trim()),
        })
    }

    /// The repository's work-tree root.
    pub fn toplevel(&self) -> &Path {
        &self.toplevel
    }

    /// The commit being read.
    pub fn commit(&self) -> &str {
        &self.rev
    }

    /// The started `cat-file` process of `reader`.
    fn batch<'r>(&self, reader: &'r mut Reader) -> io::Result<&'r mut Batch> {
        if reader.batch.is_none() {
            let mut child = Command::new("git")
                .arg("--git-dir")
                .arg(&self.git_dir)
                .args(["cat-file", "--batch"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()?;
            let stdin = child
                .stdin
                .take()
                .ok_or_else(|| io::Error::other("no stdin"))?;
            let stdout = BufReader::new(
                child
                    .stdout
                    .take()
                    .ok_or_else(|| io::Error::other("no stdout"))?,
            );
            reader.batch = Some(Batch {
                child,
                stdin,
                stdout,
            });
        }
        reader
            .batch
            .as_mut()
            .ok_or_else(|| io::Error::other("no git reader"))
    }

    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, Reader>> {
        self.reader
            .lock()
            .map_err(|_| io::Error::other("git reader poisoned"))
    }

    fn blob(&self, oid: &str) -> io::Result<Vec<u8>> {
        let mut reader = self.lock()?;
        let mut blobs = self.batch(&mut reader)?.get(&[oid])?;
        blobs
            .pop()
            .ok_or_else(|| io::Error::other("git cat-file: no output"))
    }

    /// The contents of file `path` (resolved, not a symlink), fetched with
    /// the other small files of its directory on the first read there.
    fn file(&self, path: &Path, entry: &Entry) -> io::Result<Vec<u8>> {
        let mut reader = self.lock()?;
        if let Some(bytes) = reader.ahead.remove(path) {
            return Ok(bytes);
        }
        let mut wanted: Vec<(&Path, &str)> = vec![(path, &entry.oid)];
        if let Some(dir) = path.parent()
            && reader.dirs_done.insert(dir.to_path_buf())
        {
            let siblings = self
                .dirs
                .get(dir)
                .into_iter()
                .flatten()
                .filter_map(|name| self.entries.get_key_value(&dir.join(name)))
                .filter(|(k, e)| {
                    k.as_path() != path
                        && !e.symlink
                        && e.size <= AHEAD_MAX_SIZE
                        && !reader.ahead.contains_key(k.as_path())
                })
                .take(MAX_PER_REQUEST - 1);
            wanted.extend(siblings.map(|(k, e)| (k.as_path(), e.oid.as_str())));
        }
        let oids: Vec<&str> = wanted.iter().map(|(_, oid)| *oid).collect();
        let mut blobs = self.batch(&mut reader)?.get(&oids)?.into_iter();
        let first = blobs
            .next()
            .ok_or_else(|| io::Error::other("git cat-file: no output"))?;
        for ((p, _), bytes) in wanted[1..].iter().zip(blobs) {
            reader.ahead.insert(p.to_path_buf(), bytes);
        }
        Ok(first)
    }

    /// Resolve symlinks component by component (bounded, to stop loops).
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        let mut p = normalize(path);
        if !self.has_symlinks {
            return Ok(p);
        }
        for _ in 0..40 {
            let mut cur = PathBuf::from("/");
            let mut changed = false;
            let comps: Vec<_> = p.components().skip(1).collect();
            for (i, c) in comps.iter().enumerate() {
                cur.push(c);
                if let Some(e) = self.entries.get(&cur)
                    && e.symlink
                {
                    let target = String::from_utf8_lossy(&self.blob(&e.oid)?).into_owned();
                    let mut next = cur.parent().map(Path::to_path_buf).unwrap_or_default();
                    next.push(target);
                    for rest in &comps[i + 1..] {
                        next.push(rest);
                    }
                    p = normalize(&next);
                    changed = true;
                    break;
                }
            }
            if !changed {
                return Ok(p);
            }
        }
        Err(io::Error::other("too many levels of symbolic links"))
    }
}

impl Drop for GitTreeFs {
    fn drop(&mut self) {
        if let Ok(mut g) = self.reader.lock()
            && let Some(mut b) = g.batch.take()
        {
            drop(b.stdin);
            let _ = b.child.wait();
        }
    }
}

impl FileSystem for GitTreeFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let p = self.resolve(path)?;
        match self.entries.get(&p) {
            Some(e) if !e.symlink => self.file(&p, e),
            _ if self.is_dir(&p) => Err(io::Error::other("is a directory")),
            _ => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }
    fn is_dir(&self, path: &Path) -> bool {
        // The directories above the work tree hold it.
        self.resolve(path)
            .is_ok_and(|p| self.dirs.contains_key(&p) || self.toplevel.starts_with(&p))
    }
    fn is_file(&self, path: &Path) -> bool {
        self.resolve(path)
            .is_ok_and(|p| self.entries.get(&p).is_some_and(|e| !e.symlink))
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let p = self.resolve(path)?;
        if self.entries.contains_key(&p) || self.is_dir(&p) {
            Ok(p)
        } else {
            Err(io::Error::from(io::ErrorKind::NotFound))
        }
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let p = self.resolve(path)?;
        match self.dirs.get(&p) {
            Some(names) if !names.is_empty() => Ok(names.clone()),
            None if p != self.toplevel => {
                // A directory above the work tree holds only the way to it.
                let next = self.toplevel.strip_prefix(&p).ok().and_then(|rest| {
                    rest.components()
                        .next()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                });
                next.map(|n| vec![n])
                    .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
            }
            _ => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }
}
