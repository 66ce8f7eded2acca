//! Stage 1 — load: find kustomization files, read resource files and
//! directories (recursively), enforce the load restriction, detect cycles.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::fs::FileSystem;
use crate::resmap::ResMap;
use std::path::{Path, PathBuf};

/// Canonical path of the directory to build.
pub(crate) fn canonical_root(fs: &dyn FileSystem, dir: &Path) -> Result<PathBuf> {
    fs.canonicalize(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Find, read and parse the kustomization file of `dir`.
pub(crate) fn load_level(_ctx: &Ctx, dir: &Path) -> Result<Level> {
    Err(Error::MissingKustomization {
        dir: dir.to_path_buf(),
    })
}

/// Push `level` on the stack of kustomizations being accumulated; a cycle is an error.
pub(crate) fn enter(ctx: &mut Ctx, level: &Level) -> Result<()> {
    if ctx.stack.contains(&level.dir) {
        let mut chain = ctx.stack.clone();
        chain.push(level.dir.clone());
        return Err(Error::Cycle { chain });
    }
    ctx.stack.push(level.dir.clone());
    Ok(())
}

/// Reject fields rustomize does not support (helm, plugins, remote resources).
pub(crate) fn check_supported(_level: &Level) -> Result<()> {
    Ok(())
}

/// Accumulate `resources` (and `bases`) of `level` into `acc`.
pub(crate) fn accumulate_resources(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
) -> Result<()> {
    Ok(())
}

/// Read a file named (relative to `level.dir`) by a field of `level`'s
/// kustomization, honouring the load restriction. Returns its path and bytes.
/// Every stage reads files through this.
pub(crate) fn read_file(ctx: &Ctx, level: &Level, rel: &str) -> Result<(PathBuf, Vec<u8>)> {
    let path = level.dir.join(rel);
    let bytes = ctx.fs.read(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok((path, bytes))
}

/// Remove resources annotated `config.kubernetes.io/local-config: "true"`.
pub(crate) fn drop_local_config(_resmap: &mut ResMap) {}
