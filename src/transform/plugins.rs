//! The `transformers:` field: entries (files, directories or inline YAML)
//! configuring built-in transformers, dispatched by `kind`.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resource::Value;

/// Run every `transformers:` entry of `level`, in order.
pub(crate) fn run(_ctx: &mut Ctx, _level: &Level, _acc: &mut Accumulated) -> Result<()> {
    Ok(())
}

/// Apply one built-in transformer configuration.
#[allow(dead_code)]
pub(crate) fn apply_builtin(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    use crate::{compose, patch, transform::*};
    let kind = cfg.get("kind").and_then(Value::as_str).unwrap_or("");
    match kind {
        "PrefixSuffixTransformer" | "PrefixTransformer" | "SuffixTransformer" => {
            prefix_suffix::plugin(ctx, level, acc, cfg)
        }
        "NamespaceTransformer" => namespace::plugin(ctx, level, acc, cfg),
        "LabelTransformer" => labels::plugin(ctx, level, acc, cfg),
        "AnnotationsTransformer" => annotations::plugin(ctx, level, acc, cfg),
        "ImageTagTransformer" => images::plugin(ctx, level, acc, cfg),
        "ReplicaCountTransformer" => replicas::plugin(ctx, level, acc, cfg),
        "PatchTransformer" => patch::plugin_patch(ctx, level, acc, cfg),
        "PatchStrategicMergeTransformer" => patch::plugin_strategic_merge(ctx, level, acc, cfg),
        "PatchJson6902Transformer" => patch::plugin_json6902(ctx, level, acc, cfg),
        "ReplacementTransformer" => compose::replacements::plugin(ctx, level, acc, cfg),
        other => Err(Error::Unsupported {
            path: level.file.clone(),
            feature: format!("transformer kind '{other}'"),
        }),
    }
}
