//! The `components` field and `kind: Component` kustomizations.
//!
//! A component is applied, in the order listed, to the resources the including
//! kustomization accumulated so far (its resources and generated resources):
//! the component's own resources, generators, nested components,
//! transformers and vars all work on the parent's accumulator, exactly as if
//! its kustomization had been written inline (Kustomize's
//! `accumulateComponents`).

use crate::build::{self, Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::load;

/// True for a path Kustomize would fetch from the network.
pub(crate) fn is_remote(path: &str) -> bool {
    let p = path.trim();
    [
        "http://",
        "https://",
        "git::",
        "git@",
        "ssh://",
        "file://",
        "github.com/",
        "gitlab.com/",
        "bitbucket.org/",
    ]
    .iter()
    .any(|pre| p.starts_with(pre))
        || p.contains("?ref=")
        || p.contains("?version=")
}

/// Apply the level's components, in order, to the resources accumulated so far.
pub(crate) fn accumulate(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    for path in &level.k.components {
        if is_remote(path) {
            return Err(Error::Unsupported {
                path: level.file.clone(),
                feature: format!("remote component '{path}'"),
            });
        }
        let dir = level.dir.join(path);
        // Components always refer to directories.
        if !ctx.fs.is_dir(&dir) {
            return Err(Error::invalid(
                &level.file,
                format!(
                    "accumulating components: loader.New: '{}' must be a directory containing a kustomization of kind Component",
                    dir.display()
                ),
            ));
        }
        let dir = ctx.fs.canonicalize(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        let sub = load::load_level(ctx, &dir)?;
        if !sub.k.is_component() {
            let kind = sub.k.kind.as_deref().unwrap_or("Kustomization");
            return Err(Error::invalid(
                &level.file,
                format!(
                    "accumulating components: accumulateDirectory: expected kind 'Component' for path '{}' but got '{kind}'",
                    sub.dir.display()
                ),
            ));
        }
        crate::patch::enter_openapi(ctx, &sub, Some(&acc.resmap))?;
        load::enter(ctx, &sub)?;
        let r = build::accumulate_level(ctx, &sub, acc);
        ctx.stack.pop();
        r?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_paths() {
        assert!(is_remote("https://github.com/a/b//c?ref=v1"));
        assert!(is_remote("github.com/a/b/c"));
        assert!(is_remote("git@github.com:a/b.git"));
        assert!(!is_remote("../components/x"));
        assert!(!is_remote("comp"));
    }
}
