//! The `replacements` field and `ReplacementTransformer`.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;
use crate::resource::Value;

/// Apply the level's `replacements`.
pub(crate) fn apply(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}

/// A `ReplacementTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
    _cfg: &Value,
) -> Result<()> {
    Ok(())
}
