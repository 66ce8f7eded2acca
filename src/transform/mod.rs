//! Stage 4 — transform: the built-in transformers in Kustomize's order, then
//! the `transformers:` entries. One module per transformer; field locations
//! live in [`fieldspec`].

pub(crate) mod annotations;
pub mod fieldspec;
pub(crate) mod images;
pub(crate) mod labels;
pub(crate) mod namespace;
pub(crate) mod plugins;
pub(crate) mod prefix_suffix;
pub(crate) mod replicas;
pub(crate) mod valueadd;
pub mod walk;

use crate::build::{Accumulated, Ctx, Level};
use crate::compose;
use crate::error::Result;
use crate::patch;

/// Run the transformers a kustomization asks for, in Kustomize's order
/// (`configureBuiltinTransformers`, then `transformers:`).
pub(crate) fn run(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    patch::strategic_merge_field(ctx, level, acc)?; // patchesStrategicMerge
    patch::patches_field(ctx, level, acc)?; // patches
    namespace::apply(ctx, level, acc)?; // namespace
    prefix_suffix::apply(ctx, level, acc)?; // namePrefix, nameSuffix
    labels::apply(ctx, level, acc)?; // commonLabels, labels
    annotations::apply(ctx, level, acc)?; // commonAnnotations
    patch::json6902_field(ctx, level, acc)?; // patchesJson6902
    replicas::apply(ctx, level, acc)?; // replicas
    images::apply(ctx, level, acc)?; // images
    compose::replacements::apply(ctx, level, acc)?; // replacements
    plugins::run(ctx, level, acc)?; // transformers:
    Ok(())
}
