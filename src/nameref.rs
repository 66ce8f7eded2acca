//! Stage 5 — resolve names: after prefixes, suffixes, namespaces and hashes
//! changed names, update every reference to them (Kustomize's
//! `FixBackReferences` / name reference transformer).

use crate::build::Accumulated;
use crate::error::Result;

/// Update references to renamed resources.
pub(crate) fn fix(_acc: &mut Accumulated) -> Result<()> {
    Ok(())
}
