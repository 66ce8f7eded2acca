//! The `commonLabels` and `labels` fields, and `LabelTransformer`.
//!
//! `commonLabels` go everywhere the `commonLabels` field specs say: metadata,
//! pod templates and selectors. Each `labels` entry goes to its own `fields`
//! plus the configured `labels` specs, plus either every `commonLabels` spec
//! (`includeSelectors`) or `metadata/labels` and, with `includeTemplates`, the
//! template labels (never selectors).

use super::fieldspec::{self, FieldSpec};
use super::walk::{self, Create};
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resource::{Map, Value};
use std::borrow::Cow;

/// One entry of the `labels` field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LabelArgs {
    pub pairs: Vec<(String, String)>,
    pub include_selectors: bool,
    pub include_templates: bool,
    pub fields: Vec<FieldSpec>,
}

impl LabelArgs {
    /// Parse one `labels` entry (strictly, as Kustomize decodes kustomizations).
    pub(crate) fn from_value(v: &Value) -> std::result::Result<LabelArgs, String> {
        let empty = Map::new();
        let m = match v {
            Value::Object(m) => m,
            Value::Null => &empty,
            _ => return Err("invalid Kustomization: labels entries must be mappings".into()),
        };
        fieldspec::check_keys(
            m,
            &["pairs", "includeSelectors", "includeTemplates", "fields"],
        )
        .map_err(|e| format!("invalid Kustomization: {e}"))?;
        let label = |e| {
            format!(
                "invalid Kustomization: {}",
                fieldspec::in_struct(e, "Label.labels")
            )
        };
        let field = |e| {
            let e = fieldspec::in_struct(e, "FieldSpec.labels.fields");
            format!("invalid Kustomization: {e}")
        };
        Ok(LabelArgs {
            pairs: fieldspec::get_string_map(m, "pairs").map_err(label)?,
            include_selectors: fieldspec::get_bool(m, "includeSelectors").map_err(label)?,
            include_templates: fieldspec::get_bool(m, "includeTemplates").map_err(label)?,
            fields: FieldSpec::list_from_value(m.get("fields"), true).map_err(field)?,
        })
    }

    /// The field specs this entry writes to, given the configuration in force.
    pub(crate) fn field_specs(
        &self,
        config: &fieldspec::TransformerConfig,
    ) -> std::result::Result<Vec<FieldSpec>, String> {
        let merge = |mut base: Vec<FieldSpec>, more: &[FieldSpec]| {
            fieldspec::merge_specs(&mut base, more)?;
            Ok::<_, String>(base)
        };
        let mut fss = merge(self.fields.clone(), &config.labels)
            .map_err(|e| format!("failed to merge labels: {e}"))?;
        if self.include_selectors {
            fss = merge(fss, &config.common_labels)
                .map_err(|e| format!("failed to merge labels: {e}"))?;
        } else {
            if self.include_templates {
                fss = merge(fss, &config.template_labels)
                    .map_err(|e| format!("failed to merge template fieldSpec: {e}"))?;
            }
            fss = merge(fss, &[FieldSpec::new("", "", "", "metadata/labels", true)])
                .map_err(|e| format!("failed to merge labels: {e}"))?;
        }
        Ok(fss)
    }
}

/// Apply the kustomization's `labels` entries, then its `commonLabels`.
pub(crate) fn apply(_ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    // Configure every entry first (Kustomize validates them all before running any).
    let config = acc.config.clone();
    let mut runs = Vec::new();
    for v in &level.k.labels {
        let args = LabelArgs::from_value(v).map_err(err)?;
        let specs = args.field_specs(&config).map_err(err)?;
        runs.push((args.pairs, Cow::Owned(specs)));
    }
    if let Some(cl) = &level.k.common_labels {
        let pairs: Vec<(String, String)> = cl.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        runs.push((pairs, Cow::Borrowed(config.common_labels.as_slice())));
    }
    for (pairs, specs) in runs {
        add_entries(acc, &pairs, &specs).map_err(err)?;
    }
    Ok(())
}

/// Apply a `LabelTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let pairs = fieldspec::plugin_string_map(m, "labels").map_err(err)?;
    let specs = FieldSpec::list_from_value(m.get("fieldSpecs"), false).map_err(err)?;
    add_entries(acc, &pairs, &specs).map_err(err)
}

/// Set every `key: value` of `pairs` in the mapping at each field spec of
/// every resource (creating the mapping where a spec says so). Shared by
/// labels and annotations.
pub(crate) fn add_entries(
    acc: &mut Accumulated,
    pairs: &[(String, String)],
    specs: &[FieldSpec],
) -> std::result::Result<(), String> {
    if pairs.is_empty() {
        return Ok(());
    }
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut selected: Vec<&FieldSpec> = Vec::with_capacity(specs.len());
    for r in acc.resmap.iter_mut() {
        // Setting entries in mappings cannot change a resource's apiVersion
        // or kind strings, so each spec's filter is checked once.
        let (api_version, kind) = walk::type_of(&r.obj);
        selected.clear();
        selected.extend(specs.iter().filter(|fs| fs.selects(api_version, kind)));
        for (i, (k, v)) in sorted.iter().enumerate() {
            for fs in &selected {
                walk::apply_unfiltered(&mut r.obj, fs, Some(Create::Map), &mut |node| {
                    if i == 0 {
                        // First visit of each map this run reaches: make room
                        // for every key it will add, so the map is reallocated
                        // once, to its exact size, instead of growing to the
                        // next power of two.
                        make_room(node, &sorted);
                    }
                    walk::set_entry(node, k, v)
                })
                .map_err(|e| {
                    format!("considering field '{}' of object {}: {e}", fs.path, r.id())
                })?;
            }
        }
    }
    Ok(())
}

/// Give a mapping room for the keys of `pairs` it lacks (capacity only:
/// the entries and their order are unchanged).
fn make_room(node: &mut Value, pairs: &[&(String, String)]) {
    if let Value::Object(m) = node {
        let missing = pairs.iter().filter(|(k, _)| !m.contains_key(k)).count();
        if missing > 0 {
            walk::reserve_exact(m, missing);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Resource;
    use serde_json::json;

    fn acc_of(objs: Vec<Value>) -> Accumulated {
        let mut acc = Accumulated::default();
        for o in objs {
            if let Value::Object(m) = o {
                acc.resmap.push(Resource::new(m, None));
            }
        }
        acc.config = fieldspec::TransformerConfig::defaults().clone().into();
        acc
    }

    fn deployment() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"selector": {"matchLabels": {"app": "x"}},
                     "template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": []}}}})
    }

    fn pairs() -> Vec<(String, String)> {
        vec![("team".into(), "a".into())]
    }

    #[test]
    fn common_labels_reach_selectors_and_templates() {
        let mut acc = acc_of(vec![
            deployment(),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}),
            json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}}),
        ]);
        let specs = acc.config.common_labels.clone();
        add_entries(&mut acc, &pairs(), &specs).unwrap();
        let d = &acc.resmap.as_slice()[0].obj;
        assert_eq!(d["metadata"]["labels"]["team"], "a");
        assert_eq!(d["spec"]["selector"]["matchLabels"]["team"], "a");
        assert_eq!(d["spec"]["template"]["metadata"]["labels"]["team"], "a");
        let s = &acc.resmap.as_slice()[1].obj;
        assert_eq!(s["spec"]["selector"]["team"], "a");
        // Job selectors are not created; its template labels are.
        let j = &acc.resmap.as_slice()[2].obj;
        assert_eq!(j["spec"]["template"]["metadata"]["labels"]["team"], "a");
        assert_eq!(j["spec"].get("selector"), None);
    }

    #[test]
    fn labels_entry_variants() {
        let config = fieldspec::TransformerConfig::defaults();
        let plain = LabelArgs::from_value(&json!({"pairs": {"team": "a"}})).unwrap();
        let specs = plain.field_specs(config).unwrap();
        assert_eq!(
            specs,
            vec![FieldSpec::new("", "", "", "metadata/labels", true)]
        );

        let templates =
            LabelArgs::from_value(&json!({"pairs": {"team": "a"}, "includeTemplates": true}))
                .unwrap();
        let mut acc = acc_of(vec![deployment()]);
        let specs = templates.field_specs(&acc.config).unwrap();
        add_entries(&mut acc, &templates.pairs, &specs).unwrap();
        let d = &acc.resmap.as_slice()[0].obj;
        assert_eq!(d["spec"]["template"]["metadata"]["labels"]["team"], "a");
        assert_eq!(d["spec"]["selector"]["matchLabels"].get("team"), None);

        let sel = LabelArgs::from_value(&json!({"pairs": {"team": "a"}, "includeSelectors": true}))
            .unwrap();
        assert_eq!(
            sel.field_specs(config).unwrap().len(),
            config.common_labels.len()
        );

        let custom = LabelArgs::from_value(&json!({"pairs": {"team": "a"},
            "fields": [{"kind": "Foo", "path": "spec/sel", "create": true}]}))
        .unwrap();
        assert_eq!(custom.field_specs(config).unwrap().len(), 2);

        assert!(
            LabelArgs::from_value(&json!({"pairs": {}, "includeVolumeClaimTemplates": true}))
                .is_err()
        );
        // A field conflicting with metadata/labels' create flag is an error.
        let conflict = LabelArgs::from_value(&json!({"pairs": {"a": "b"},
            "fields": [{"path": "metadata/labels", "create": false}]}))
        .unwrap();
        assert!(conflict.field_specs(config).is_err());
    }
}
