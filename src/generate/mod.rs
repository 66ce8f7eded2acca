//! Stage 3 — generate: `configMapGenerator`, `secretGenerator`,
//! `generatorOptions` and `generators:` entries.

pub mod hash;

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;

/// Run the level's generators, adding (or merging/replacing) resources in `acc`.
pub(crate) fn run(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}
