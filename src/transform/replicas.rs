//! The `replicas` field and `ReplicaCountTransformer`: set the replica count
//! of the resources named `name` (current or any previous name) whose kind
//! has a `replicas` field spec. An entry that matches nothing is an error.

use super::fieldspec::{self, FieldSpec};
use super::walk::{self, Create};
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resource::{Map, Value};

/// One `replicas` entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Replica {
    pub name: String,
    pub count: serde_json::Number,
}

impl Replica {
    /// Parse an entry; `strict` rejects unknown keys (kustomization files).
    pub(crate) fn from_value(v: &Value, strict: bool) -> std::result::Result<Replica, String> {
        let empty = Map::new();
        let m = match v {
            Value::Object(m) => m,
            Value::Null => &empty,
            _ => return Err("invalid Kustomization: replicas entries must be mappings".into()),
        };
        if strict {
            fieldspec::check_keys(m, &["name", "count"])
                .map_err(|e| format!("invalid Kustomization: {e}"))?;
        }
        let name = if strict {
            fieldspec::get_str(m, "name")
        } else {
            fieldspec::plugin_str(m, "name")
        }
        .map_err(|e| format!("invalid Kustomization: {e}"))?;
        let count = match m.get("count") {
            None | Some(Value::Null) => serde_json::Number::from(0),
            Some(Value::Number(n)) if n.is_i64() => n.clone(),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => {
                    serde_json::Number::from(f as i64)
                }
                _ => {
                    return Err(format!(
                        "invalid Kustomization: json: cannot unmarshal number {n} into Go struct field Replica.replicas.count of type int64"
                    ));
                }
            },
            Some(other) => {
                let what = match other {
                    Value::Bool(_) => "bool",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                    _ => "string",
                };
                return Err(format!(
                    "invalid Kustomization: json: cannot unmarshal {what} into Go struct field Replica.replicas.count of type int64"
                ));
            }
        };
        Ok(Replica { name, count })
    }

    fn transform(
        &self,
        acc: &mut Accumulated,
        specs: &[FieldSpec],
    ) -> std::result::Result<(), String> {
        let index = NameIndex::new(acc);
        self.transform_indexed(acc, specs, &index)
    }

    /// [`Replica::transform`] with the resources indexed by name (replica
    /// counts never rename, so one index serves every entry of a level).
    fn transform_indexed(
        &self,
        acc: &mut Accumulated,
        specs: &[FieldSpec],
        index: &NameIndex,
    ) -> std::result::Result<(), String> {
        let mut found = false;
        let candidates = index.get(&self.name);
        for fs in specs {
            let gvk = fs.gvk();
            for &i in candidates {
                let Some(r) = acc.resmap.get_index_mut(i) else {
                    continue;
                };
                let cur = r.id();
                let matches = std::iter::once(&cur).chain(r.history.iter()).any(|id| {
                    id.name == self.name && gvk.selects(&id.group, &id.version, &id.kind)
                });
                if !matches {
                    continue;
                }
                found = true;
                let count = Value::Number(self.count.clone());
                walk::apply(&mut r.obj, fs, Some(Create::Scalar), &mut |v| match v {
                    Value::Object(_) | Value::Array(_) => {
                        Err("wrong node kind: expected ScalarNode".to_string())
                    }
                    _ => {
                        *v = count.clone();
                        Ok(())
                    }
                })
                .map_err(|e| format!("considering field '{}' of object {cur}: {e}", fs.path))?;
            }
        }
        if !found {
            let gvks: Vec<String> = specs
                .iter()
                .map(|f| {
                    let or = |s: &str, d: &str| {
                        if s.is_empty() {
                            d.to_string()
                        } else {
                            s.to_string()
                        }
                    };
                    format!(
                        "{}.{}.{}",
                        or(&f.kind, "[noKind]"),
                        or(&f.version, "[noVer]"),
                        or(&f.group, "[noGrp]")
                    )
                })
                .collect();
            return Err(format!(
                "resource with name {} does not match a config with the following GVK [{}]",
                self.name,
                gvks.join(" ")
            ));
        }
        Ok(())
    }
}

/// Positions of the resources by every name they have had (current or previous).
struct NameIndex(std::collections::HashMap<String, Vec<usize>>);

impl NameIndex {
    fn new(acc: &Accumulated) -> Self {
        let mut m: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, r) in acc.resmap.iter().enumerate() {
            let cur = r.name();
            let names = std::iter::once(cur).chain(r.history.iter().map(|id| id.name.as_str()));
            for n in names {
                let e = m.entry(n.to_string()).or_default();
                if e.last() != Some(&i) {
                    e.push(i);
                }
            }
        }
        NameIndex(m)
    }

    fn get(&self, name: &str) -> &[usize] {
        self.0.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Apply the kustomization's `replicas`.
pub(crate) fn apply(_ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let mut entries = Vec::new();
    for v in &level.k.replicas {
        entries.push(Replica::from_value(v, true).map_err(err)?);
    }
    if entries.is_empty() {
        return Ok(());
    }
    let specs = acc.config.replicas.clone();
    let index = NameIndex::new(acc);
    for e in entries {
        e.transform_indexed(acc, &specs, &index).map_err(err)?;
    }
    Ok(())
}

/// Apply a `ReplicaCountTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let replica =
        Replica::from_value(m.get("replica").unwrap_or(&Value::Null), false).map_err(err)?;
    let specs = FieldSpec::list_from_value(m.get("fieldSpecs"), false).map_err(err)?;
    replica.transform(acc, &specs).map_err(err)
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
        acc
    }

    #[test]
    fn sets_count_by_current_or_previous_name() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 1}}),
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web"}}),
        ]);
        acc.resmap.resources_mut()[1].set_name("p-db");
        let specs = fieldspec::TransformerConfig::defaults().replicas.clone();
        Replica::from_value(&json!({"name": "web", "count": 3}), true)
            .unwrap()
            .transform(&mut acc, &specs)
            .unwrap();
        Replica::from_value(&json!({"name": "db", "count": 5}), true)
            .unwrap()
            .transform(&mut acc, &specs)
            .unwrap();
        assert_eq!(acc.resmap.as_slice()[0].obj["spec"]["replicas"], 3);
        assert_eq!(acc.resmap.as_slice()[1].obj["spec"]["replicas"], 5);
        assert_eq!(acc.resmap.as_slice()[2].obj.get("spec"), None);
        let e = Replica::from_value(&json!({"name": "nope", "count": 1}), true)
            .unwrap()
            .transform(&mut acc, &specs);
        assert!(e.unwrap_err().contains("does not match"));
    }

    #[test]
    fn strict_count() {
        assert!(Replica::from_value(&json!({"name": "a", "count": "3"}), true).is_err());
        assert!(Replica::from_value(&json!({"name": "a", "count": 3, "x": 1}), true).is_err());
        assert_eq!(
            Replica::from_value(&json!({"name": "a"}), true)
                .unwrap()
                .count,
            0.into()
        );
    }
}
