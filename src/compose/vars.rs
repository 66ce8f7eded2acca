//! The deprecated `vars` field: `$(VAR)` expansion.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;

/// Vars declared by the kustomizations accumulated so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct VarSet {}

/// Add the level's `vars` to `acc.vars`.
pub(crate) fn merge(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}

/// Expand `$(VAR)` references (run once, at the top, after name references).
pub(crate) fn resolve(_acc: &mut Accumulated) -> Result<()> {
    Ok(())
}
