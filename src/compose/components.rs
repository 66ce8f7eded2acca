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

/// Apply the level's components, in order, to the resources accumulated so far.
pub(crate) fn accumulate(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    for path in &level.k.components {
        if let Some(spec) = crate::remote::RepoSpec::parse(path) {
            crate::remote::require_enabled(ctx, level, "remote component", path)?;
            crate::remote::in_checkout(ctx, level, path, &spec, |ctx, dir| {
                apply(ctx, level, acc, dir)
            })?;
            continue;
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
        crate::remote::check_contained(ctx, level, path, &dir)?;
        apply(ctx, level, acc, dir)?;
    }
    Ok(())
}

/// Apply the component in `dir` (canonical) to `acc`.
fn apply(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    dir: std::path::PathBuf,
) -> Result<()> {
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
    Ok(())
}
