//! The `components` field and `kind: Component` kustomizations.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;

/// Apply the level's components, in order, to the resources accumulated so far.
pub(crate) fn accumulate(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}
