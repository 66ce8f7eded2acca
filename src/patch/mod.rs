//! Patches: strategic merge ([`strategic`]), JSON 6902 ([`json6902`]) and
//! target selection ([`target`]), for the `patches`, `patchesStrategicMerge`
//! and `patchesJson6902` fields and their `transformers:` forms.

pub mod json6902;
pub mod schema;
pub mod strategic;
pub(crate) mod target;

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;
use crate::resource::Value;

/// The `patchesStrategicMerge` field.
pub(crate) fn strategic_merge_field(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
) -> Result<()> {
    Ok(())
}

/// The `patches` field.
pub(crate) fn patches_field(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}

/// The `patchesJson6902` field.
pub(crate) fn json6902_field(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}

/// A `PatchTransformer` entry of `transformers:`.
pub(crate) fn plugin_patch(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
    _cfg: &Value,
) -> Result<()> {
    Ok(())
}

/// A `PatchStrategicMergeTransformer` entry of `transformers:`.
pub(crate) fn plugin_strategic_merge(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
    _cfg: &Value,
) -> Result<()> {
    Ok(())
}

/// A `PatchJson6902Transformer` entry of `transformers:`.
pub(crate) fn plugin_json6902(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
    _cfg: &Value,
) -> Result<()> {
    Ok(())
}
