//! A [`FileSystem`] over a git revision: render a tree as it is at a branch,
//! tag or commit, without a checkout. It drives the `git` program
//! (`ls-tree` once, then one long-lived `cat-file --batch` for contents), so
//! it works on any local clone and adds no library dependency.
//!
//! Paths are those of the work tree: `<toplevel>/overlays/prod` names
//! `overlays/prod` at the revision, so the same directory argument works with
//! and without a revision.

use crate::error::{Error, Result};
use crate::fs::{FileSystem, normalize};
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

#[derive(Clone, Debug)]
struct Entry {
    symlink: bool,
    oid: String,
}

struct Batch {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The tree of one git revision, read through `git`.
pub struct GitTreeFs {
    toplevel: PathBuf,
    rev: String,
    entries: BTreeMap<PathBuf, Entry>,
    batch: Mutex<Option<Batch>>,
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
        let listing = git(&toplevel, &["ls-tree", "-r", "-z", "--full-tree", &commit])?;
        let mut entries = BTreeMap::new();
        for rec in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            // "<mode> <type> <oid>\t<path>"
            let Some(tab) = rec.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let head = String::from_utf8_lossy(&rec[..tab]);
            let path = String::from_utf8_lossy(&rec[tab + 1..]).into_owned();
            let mut parts = head.split(' ');
            let (Some(mode), Some(kind), Some(oid)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if kind != "blob" {
                continue; // submodules
            }
            entries.insert(
                normalize(&toplevel.join(path)),
                Entry {
                    symlink: mode == "120000",
                    oid: oid.to_string(),
                },
            );
        }
        let git_dir = git(&toplevel, &["rev-parse", "--absolute-git-dir"])?;
        Ok(GitTreeFs {
            toplevel,
            rev: commit,
            entries,
            batch: Mutex::new(None),
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

    fn blob(&self, oid: &str) -> io::Result<Vec<u8>> {
        let mut guard = self
            .batch
            .lock()
            .map_err(|_| io::Error::other("git reader poisoned"))?;
        if guard.is_none() {
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
            *guard = Some(Batch {
                child,
                stdin,
                stdout,
            });
        }
        let b = guard
            .as_mut()
            .ok_or_else(|| io::Error::other("no git reader"))?;
        writeln!(b.stdin, "{oid}")?;
        b.stdin.flush()?;
        let mut header = String::new();
        b.stdout.read_line(&mut header)?;
        // "<oid> blob <size>"
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("git cat-file: {}", header.trim())))?;
        let mut buf = vec![0; size + 1];
        b.stdout.read_exact(&mut buf)?;
        buf.truncate(size);
        Ok(buf)
    }

    /// Resolve symlinks component by component (bounded, to stop loops).
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        let mut p = normalize(path);
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
        if let Ok(mut g) = self.batch.lock()
            && let Some(mut b) = g.take()
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
            Some(e) if !e.symlink => self.blob(&e.oid),
            _ if self.is_dir(&p) => Err(io::Error::other("is a directory")),
            _ => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }
    fn is_dir(&self, path: &Path) -> bool {
        let Ok(p) = self.resolve(path) else {
            return false;
        };
        if p == self.toplevel {
            return true;
        }
        self.entries
            .range(p.clone()..)
            .next()
            .is_some_and(|(k, _)| k != &p && k.starts_with(&p))
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
        let mut names: Vec<String> = self
            .entries
            .range(p.clone()..)
            .take_while(|(k, _)| k.starts_with(&p))
            .filter_map(|(k, _)| k.strip_prefix(&p).ok())
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
