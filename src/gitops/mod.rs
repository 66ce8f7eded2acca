//! The GitOps loop around rendering: pin an image ([`set_image`]), list and
//! promote Argo CD Applications ([`promote`]), render at a git revision
//! ([`gitfs`], feature `git`) and show what changes between two renders
//! ([`diff`]).

pub mod diff;
#[cfg(feature = "git")]
pub mod gitfs;
pub mod promote;
pub mod set_image;

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Replace `path`'s content atomically: write a temporary file beside it,
/// flush it to disk, keep the original's permissions, then rename it over.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.rustomize-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(content)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
