//! The `namespace` field and `NamespaceTransformer`.
//!
//! Every namespaced object (by the schema facts in [`crate::schema::scope`];
//! unknown kinds count as namespaced) gets `metadata.namespace`; then the
//! `namespace` field specs apply (the name of a `v1` Namespace, APIService and
//! CRD conversion webhook services, plus any configured ones). In
//! RoleBindings and ClusterRoleBindings, subjects get the namespace too: by
//! default only subjects named `default`, or every ServiceAccount subject
//! (`setRoleBindingSubjects: allServiceAccounts`), or none (`none`).
//! With `unsetOnly`, only empty namespaces are set.

use super::fieldspec::{self, FieldSpec};
use super::walk::{self, Create};
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resmap::{object_key, same_current_object};
use crate::resource::{Map, Value};
use crate::schema::scope::is_cluster_scoped;
use std::collections::HashMap;

/// Which RoleBinding subjects get the namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SubjectMode {
    /// Subjects named `default` (the default).
    DefaultOnly,
    /// Every subject of kind ServiceAccount.
    AllServiceAccounts,
    /// No subject.
    None,
}

/// A configured namespace transformer.
#[derive(Clone, Debug)]
pub(crate) struct NamespaceTransformer {
    pub namespace: String,
    pub field_specs: Vec<FieldSpec>,
    pub unset_only: bool,
    pub subjects: SubjectMode,
}

/// Apply the kustomization's `namespace` to the accumulated resources.
pub(crate) fn apply(_ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let Some(ns) = level.k.namespace.as_deref() else {
        return Ok(());
    };
    if ns.is_empty() {
        return Ok(());
    }
    let t = NamespaceTransformer {
        namespace: ns.to_string(),
        field_specs: acc.config.namespace.clone(),
        unset_only: false,
        subjects: SubjectMode::DefaultOnly,
    };
    t.transform(acc).map_err(|e| Error::invalid(&level.file, e))
}

/// Apply a `transformers:` entry configuring this built-in transformer.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let t = from_config(cfg).map_err(|e| Error::invalid(&level.file, e))?;
    t.transform(acc).map_err(|e| Error::invalid(&level.file, e))
}

fn from_config(cfg: &Value) -> std::result::Result<NamespaceTransformer, String> {
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let namespace = match m.get("metadata") {
        Some(Value::Object(md)) => fieldspec::plugin_str(md, "namespace")?,
        _ => String::new(),
    };
    let mode = fieldspec::plugin_str(m, "setRoleBindingSubjects")?;
    let subjects = match mode.as_str() {
        "" | "defaultOnly" => SubjectMode::DefaultOnly,
        "allServiceAccounts" => SubjectMode::AllServiceAccounts,
        "none" => SubjectMode::None,
        other => {
            return Err(format!(
                "invalid value \"{other}\" for setRoleBindingSubjects: must be one of \
                 \"defaultOnly\", \"none\" or \"allServiceAccounts\""
            ));
        }
    };
    Ok(NamespaceTransformer {
        namespace,
        field_specs: FieldSpec::list_from_value(m.get("fieldSpecs"), false)?,
        unset_only: fieldspec::get_bool(m, "unsetOnly")?,
        subjects,
    })
}

impl NamespaceTransformer {
    /// Run over every resource of `acc`. After each resource is filtered,
    /// no other resource may have the same id (Kustomize counts ids before
    /// the transformation and updates the count as each one changes: the
    /// same as asking whether another resource's current id is equal).
    pub(crate) fn transform(&self, acc: &mut Accumulated) -> std::result::Result<(), String> {
        if self.namespace.is_empty() {
            return Ok(());
        }
        let resources = acc.resmap.resources_mut();
        // Positions by a hash of their current id (candidates are checked).
        let mut by_id: HashMap<u64, Vec<usize>> = HashMap::with_capacity(resources.len());
        for (i, r) in resources.iter().enumerate() {
            by_id.entry(object_key(r)).or_default().push(i);
        }
        for i in 0..resources.len() {
            let Some(r) = resources.get_mut(i) else {
                break;
            };
            if r.obj.is_empty() {
                continue;
            }
            let before = object_key(r);
            r.remember();
            self.filter_object(&mut r.obj)
                .map_err(|e| format!("namespace transformation failed: {e}"))?;
            let after = object_key(r);
            if after != before {
                if let Some(v) = by_id.get_mut(&before) {
                    v.retain(|&j| j != i);
                }
                by_id.entry(after).or_default().push(i);
            }
            let r = &resources[i];
            let clash = by_id.get(&after).is_some_and(|v| {
                v.iter()
                    .any(|&j| j != i && same_current_object(&resources[j], r))
            });
            if clash {
                return Err(format!(
                    "namespace transformation produces ID conflict: {}",
                    r.id()
                ));
            }
        }
        Ok(())
    }

    /// Kustomize's namespace filter on one object.
    pub(crate) fn filter_object(&self, obj: &mut Map) -> std::result::Result<(), String> {
        let (api_version, kind) = walk::type_of(obj);
        let cluster_scoped = is_cluster_scoped(api_version, kind);
        let binding = kind == "RoleBinding" || kind == "ClusterRoleBinding";
        let core = api_version == "v1";
        let mut specs: Vec<&FieldSpec> = self
            .field_specs
            .iter()
            .filter(|fs| fs.path != "metadata/namespace" && (core || fs.path != "metadata/name"))
            .collect();
        let mut setter = |v: &mut Value| self.set(v);
        if !cluster_scoped {
            static META: std::sync::OnceLock<FieldSpec> = std::sync::OnceLock::new();
            let meta = META.get_or_init(|| FieldSpec::new("", "", "", "metadata/namespace", true));
            walk::apply_unfiltered(obj, meta, Some(Create::Scalar), &mut setter)
                .map_err(|e| format!("considering field 'metadata/namespace': {e}"))?;
        }
        if binding {
            specs.retain(|fs| {
                !((fs.kind == "RoleBinding" || fs.kind == "ClusterRoleBinding")
                    && fs.path == "subjects/namespace")
            });
            self.role_binding_subjects(obj)?;
        }
        for fs in specs {
            walk::apply(obj, fs, Some(Create::Scalar), &mut setter).map_err(|e| {
                if e.starts_with("wrong node kind") {
                    format!("namespace field specs must target scalar nodes: {e}")
                } else {
                    format!("considering field '{}': {e}", fs.path)
                }
            })?;
        }
        Ok(())
    }

    fn set(&self, v: &mut Value) -> std::result::Result<(), String> {
        if self.unset_only && !walk::scalar_text(v).is_empty() && !v.is_object() && !v.is_array() {
            return Ok(());
        }
        walk::set_string(v, &self.namespace)
    }

    fn role_binding_subjects(&self, obj: &mut Map) -> std::result::Result<(), String> {
        if self.subjects == SubjectMode::None {
            return Ok(());
        }
        let subjects = match obj.get_mut("subjects") {
            None | Some(Value::Null) => return Ok(()),
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(
                    "setting namespace on (cluster)role binding subjects: wrong node kind: \
                     expected SequenceNode"
                        .into(),
                );
            }
        };
        for s in subjects.iter_mut() {
            let Value::Object(m) = s else { continue };
            let selected = match self.subjects {
                SubjectMode::DefaultOnly => {
                    m.get("name").and_then(Value::as_str) == Some("default")
                }
                SubjectMode::AllServiceAccounts => {
                    m.get("kind").and_then(Value::as_str) == Some("ServiceAccount")
                }
                SubjectMode::None => false,
            };
            if !selected {
                continue;
            }
            let field = m
                .entry("namespace")
                .or_insert_with(|| Value::String(String::new()));
            self.set(field)?;
        }
        Ok(())
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

    fn t(ns: &str, acc: &Accumulated) -> NamespaceTransformer {
        NamespaceTransformer {
            namespace: ns.into(),
            field_specs: acc.config.namespace.clone(),
            unset_only: false,
            subjects: SubjectMode::DefaultOnly,
        }
    }

    #[test]
    fn namespaced_and_cluster_scoped() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "old"}}),
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "cr"}}),
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "whatever"}}),
            json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}),
            json!({"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": "a"}, "spec": {"service": {"name": "s"}}}),
        ]);
        t("prod", &acc).transform(&mut acc).unwrap();
        let r = acc.resmap.as_slice();
        assert_eq!(r[0].namespace(), "prod");
        assert_eq!(r[0].orig_id().namespace, "old");
        assert_eq!(r[1].obj["metadata"].get("namespace"), None);
        assert_eq!(r[2].name(), "prod");
        assert_eq!(r[2].obj["metadata"].get("namespace"), None);
        assert_eq!(r[3].namespace(), "prod");
        assert_eq!(r[4].obj["spec"]["service"]["namespace"], "prod");
        assert_eq!(r[4].obj["metadata"].get("namespace"), None);
    }

    #[test]
    fn role_binding_subjects() {
        let rb = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "rb"},
        "subjects": [
            {"kind": "ServiceAccount", "name": "default", "namespace": "x"},
            {"kind": "ServiceAccount", "name": "other", "namespace": "y"},
            {"kind": "User", "name": "u"},
        ]});
        let mut acc = acc_of(vec![rb.clone()]);
        t("prod", &acc).transform(&mut acc).unwrap();
        let s = &acc.resmap.as_slice()[0].obj["subjects"];
        assert_eq!(s[0]["namespace"], "prod");
        assert_eq!(s[1]["namespace"], "y");
        assert_eq!(s[2].get("namespace"), None);

        let mut acc = acc_of(vec![rb.clone()]);
        let mut tr = t("prod", &acc);
        tr.subjects = SubjectMode::AllServiceAccounts;
        tr.transform(&mut acc).unwrap();
        let s = &acc.resmap.as_slice()[0].obj["subjects"];
        assert_eq!(s[1]["namespace"], "prod");
        assert_eq!(s[2].get("namespace"), None);
    }

    #[test]
    fn unset_only() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "keep"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}),
        ]);
        let mut tr = t("prod", &acc);
        tr.unset_only = true;
        tr.transform(&mut acc).unwrap();
        assert_eq!(acc.resmap.as_slice()[0].namespace(), "keep");
        assert_eq!(acc.resmap.as_slice()[1].namespace(), "prod");
    }

    #[test]
    fn conflict() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "x"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}),
        ]);
        let e = t("prod", &acc).transform(&mut acc).unwrap_err();
        assert!(e.contains("ID conflict"), "{e}");
    }

    /// Kustomize's clash check as it counts: ids before the transformation,
    /// updated as each resource changes (the reference for `transform`).
    fn counting_transform(
        tr: &NamespaceTransformer,
        acc: &mut Accumulated,
    ) -> std::result::Result<(), String> {
        use crate::nameref::effective_namespace;
        use crate::resource::ResId;
        let key = |id: &ResId| {
            let ns = effective_namespace(id).to_string();
            (
                id.group.clone(),
                id.version.clone(),
                id.kind.clone(),
                id.name.clone(),
                ns,
            )
        };
        let ids: Vec<ResId> = acc.resmap.iter().map(Resource::id).collect();
        let mut counts: HashMap<_, usize> = HashMap::new();
        for id in &ids {
            *counts.entry(key(id)).or_default() += 1;
        }
        for (i, before_id) in ids.iter().enumerate() {
            let r = acc.resmap.get_index_mut(i).unwrap();
            if r.obj.is_empty() {
                continue;
            }
            r.remember();
            tr.filter_object(&mut r.obj)
                .map_err(|e| format!("namespace transformation failed: {e}"))?;
            let (before, after) = (key(before_id), key(&r.id()));
            if before != after {
                *counts.get_mut(&before).unwrap() -= 1;
                *counts.entry(after.clone()).or_default() += 1;
            }
            if counts[&after] != 1 {
                return Err(format!(
                    "namespace transformation produces ID conflict: {}",
                    r.id()
                ));
            }
        }
        Ok(())
    }

    /// Every map of up to three resources drawn from a few kinds, names and
    /// namespaces: the same result and the same output as counting.
    #[test]
    fn clash_checks_agree_with_counting() {
        let kinds = [
            ("v1", "ConfigMap"),
            ("rbac.authorization.k8s.io/v1", "ClusterRole"),
            ("v1", "Namespace"),
        ];
        let namespaces = [None, Some(""), Some("default"), Some("x"), Some("prod")];
        let mut variants = Vec::new();
        for (api, kind) in kinds {
            for name in ["a"] {
                for ns in namespaces {
                    let mut md = json!({"name": name});
                    if let Some(ns) = ns {
                        md["namespace"] = json!(ns);
                    }
                    variants.push(json!({"apiVersion": api, "kind": kind, "metadata": md}));
                }
            }
        }
        let n = variants.len();
        let mut clashes = 0;
        for count in 1..=3u32 {
            for code in 0..n.pow(count) {
                let objs: Vec<Value> = (0..count)
                    .map(|d| variants[code / n.pow(d) % n].clone())
                    .collect();
                for unset_only in [false, true] {
                    let mut a = acc_of(objs.clone());
                    let mut b = acc_of(objs.clone());
                    let mut tr = t("prod", &a);
                    tr.unset_only = unset_only;
                    let ours = tr.transform(&mut a);
                    let reference = counting_transform(&tr, &mut b);
                    assert_eq!(ours, reference, "{objs:?} unset_only={unset_only}");
                    clashes += usize::from(ours.is_err());
                    if ours.is_ok() {
                        let text = |acc: &Accumulated| crate::yaml::emit_resmap(&acc.resmap);
                        assert_eq!(text(&a), text(&b));
                    }
                }
            }
        }
        assert!(clashes > 100, "{clashes}");
    }

    #[test]
    fn plugin_config() {
        let cfg = json!({"apiVersion": "builtin", "kind": "NamespaceTransformer",
            "metadata": {"name": "n", "namespace": "ns1"}, "unsetOnly": true,
            "setRoleBindingSubjects": "none",
            "fieldSpecs": [{"path": "metadata/namespace", "create": true}]});
        let t = from_config(&cfg).unwrap();
        assert_eq!(t.namespace, "ns1");
        assert!(t.unset_only);
        assert_eq!(t.subjects, SubjectMode::None);
        assert_eq!(t.field_specs.len(), 1);
        let bad = json!({"setRoleBindingSubjects": "some"});
        assert!(from_config(&bad).is_err());
    }
}
