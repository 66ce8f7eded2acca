//! The `commonAnnotations` field and `AnnotationsTransformer`: annotations on
//! every object and in the pod templates of workloads (per the
//! `commonAnnotations` field specs).

use super::fieldspec::{self, FieldSpec};
use super::labels::add_entries;
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resource::{Map, Value};

/// Apply the kustomization's `commonAnnotations`.
pub(crate) fn apply(_ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let Some(ca) = &level.k.common_annotations else {
        return Ok(());
    };
    let pairs: Vec<(String, String)> = ca.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let config = acc.config.clone();
    add_entries(acc, &pairs, &config.common_annotations).map_err(|e| Error::invalid(&level.file, e))
}

/// Apply an `AnnotationsTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let pairs = fieldspec::plugin_string_map(m, "annotations").map_err(err)?;
    let specs = FieldSpec::list_from_value(m.get("fieldSpecs"), false).map_err(err)?;
    add_entries(acc, &pairs, &specs).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Resource;
    use serde_json::json;

    #[test]
    fn annotations_on_metadata_and_templates() {
        let mut acc = Accumulated::default();
        let objs = [
            json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
                "spec": {"jobTemplate": {"spec": {"template": {"spec": {}}}}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "m", "annotations": {"x": "1"}}}),
        ];
        for o in objs {
            if let Value::Object(m) = o {
                acc.resmap.push(Resource::new(m, None));
            }
        }
        let specs = fieldspec::TransformerConfig::defaults()
            .common_annotations
            .clone();
        add_entries(&mut acc, &[("note".into(), "hi".into())], &specs).unwrap();
        let c = &acc.resmap.as_slice()[0].obj;
        assert_eq!(c["metadata"]["annotations"]["note"], "hi");
        assert_eq!(
            c["spec"]["jobTemplate"]["metadata"]["annotations"]["note"],
            "hi"
        );
        assert_eq!(
            c["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["annotations"]["note"],
            "hi"
        );
        let m = &acc.resmap.as_slice()[1].obj;
        assert_eq!(
            m["metadata"]["annotations"],
            json!({"x": "1", "note": "hi"})
        );
    }
}
