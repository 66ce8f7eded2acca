//! Composition: components, replacements, vars and build metadata.

pub(crate) mod build_metadata;
pub(crate) mod components;
pub(crate) mod fieldpath;
pub(crate) mod replacements;
pub(crate) mod select;
pub(crate) mod vars;
