//! The content-hash name suffix Kustomize appends to generated ConfigMaps and Secrets.

use crate::build::Accumulated;
use crate::error::Result;

/// Append the hash suffix to every resource that needs one (run once, at the top).
pub(crate) fn add_hashes(_acc: &mut Accumulated) -> Result<()> {
    Ok(())
}
