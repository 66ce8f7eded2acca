//! Stage 6 — order: Kustomize's legacy kind order, or `sortOptions`.

use crate::build::Accumulated;
use crate::error::Result;

/// Sort the resources for output.
pub(crate) fn sort(_acc: &mut Accumulated) -> Result<()> {
    Ok(())
}
