//! The `namespace` field(s).

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;
use crate::resource::Value;

/// Apply the kustomization's `namespace` to the accumulated resources.
pub(crate) fn apply(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}

/// Apply a `transformers:` entry configuring this built-in transformer.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
    _cfg: &Value,
) -> Result<()> {
    Ok(())
}
