//! JSON 6902 patches (written in YAML or JSON), applied with the
//! `json-patch` crate on the resource as JSON, as Kustomize applies them with
//! evanphx/json-patch.

use crate::kustomization::go_json_type;
use crate::resource::{Map, Value};
use crate::yaml::{ParseOptions, parse_yaml11};
use std::path::Path;
use std::sync::OnceLock;

/// A decoded JSON 6902 patch.
///
/// Operations are checked for shape (a list of maps) when decoded and
/// interpreted when first applied, so that, as in Kustomize, a malformed
/// operation is only an error when the patch selects something.
///
/// ```
/// use rustomize::patch::json6902::JsonPatch;
/// use serde_json::json;
/// let p = JsonPatch::decode(r#"[{"op": "replace", "path": "/spec/replicas", "value": 3}]"#,
///     "p.json".as_ref(), &Default::default()).unwrap();
/// let mut obj = json!({"spec": {"replicas": 1}}).as_object().unwrap().clone();
/// p.apply(&mut obj).unwrap();
/// assert_eq!(obj["spec"]["replicas"], 3);
/// ```
#[derive(Debug)]
pub struct JsonPatch {
    ops: Vec<Value>,
    compiled: OnceLock<Result<json_patch::Patch, String>>,
}

impl JsonPatch {
    /// Decode a patch: JSON when the text starts with `[`, YAML (its first
    /// document, read with YAML 1.1 scalar rules as Kustomize reads it)
    /// otherwise. An empty YAML document is an empty patch.
    pub fn decode(text: &str, path: &Path, opts: &ParseOptions) -> Result<JsonPatch, String> {
        let doc = if text.trim().is_empty() {
            Value::Null
        } else if text.starts_with('[') {
            serde_json::from_str::<Value>(text).map_err(|e| e.to_string())?
        } else {
            // Kustomize converts the text with sigs.k8s.io/yaml (go-yaml v2):
            // YAML 1.1 scalars (`on` is true), first document only.
            parse_yaml11(text, path, opts).map_err(|e| e.to_string())?
        };
        let ops = match doc {
            Value::Null => Vec::new(),
            Value::Array(ops) => ops,
            other => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                    go_json_type(&other)
                ));
            }
        };
        if let Some(bad) = ops.iter().find(|op| !op.is_object()) {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
                go_json_type(bad)
            ));
        }
        Ok(JsonPatch {
            ops,
            compiled: OnceLock::new(),
        })
    }

    /// A patch with no operations.
    pub fn empty() -> JsonPatch {
        JsonPatch {
            ops: Vec::new(),
            compiled: OnceLock::new(),
        }
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// True when there are no operations.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    fn compiled(&self) -> Result<&json_patch::Patch, String> {
        self.compiled
            .get_or_init(|| {
                serde_json::from_value::<json_patch::Patch>(Value::Array(self.ops.clone()))
                    .map_err(|e| format!("invalid JSON patch operation: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Apply to a resource. On error the resource may be partly patched (the
    /// build fails anyway).
    pub fn apply(&self, obj: &mut Map) -> Result<(), String> {
        if self.ops.is_empty() {
            return Ok(());
        }
        let patch = self.compiled()?;
        let mut doc = Value::Object(std::mem::take(obj));
        let result = apply_ops(&mut doc, &patch.0);
        match (result, doc) {
            (Ok(()), Value::Object(mut m)) => {
                for v in m.values_mut() {
                    round_to_float64(v);
                }
                *obj = m;
                Ok(())
            }
            (Ok(()), other) => Err(format!(
                "JSON patch result is a {}, not an object",
                go_json_type(&other)
            )),
            (Err(e), Value::Object(m)) => {
                *obj = m;
                Err(e)
            }
            (Err(e), _) => Err(e),
        }
    }
}

/// Kustomize reads the patched JSON back through Go's `interface{}`, where
/// every number is a float64: an integer float64 cannot hold exactly
/// (beyond 2^53) comes out rounded (`9007199254740993` → `9007199254740992`).
fn round_to_float64(v: &mut Value) {
    match v {
        Value::Number(n) => {
            let rounded = if let Some(i) = n.as_i64() {
                (i as f64 as i128 != i128::from(i)).then_some(i as f64)
            } else if let Some(u) = n.as_u64() {
                (u as f64 as u128 != u128::from(u)).then_some(u as f64)
            } else {
                None
            };
            if let Some(f) = rounded.and_then(serde_json::Number::from_f64) {
                *n = f;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round_to_float64),
        Value::Object(m) => m.values_mut().for_each(round_to_float64),
        _ => {}
    }
}

/// Apply the operations one by one. As in evanphx/json-patch v4, `replace`
/// of a key missing from an existing map adds it.
fn apply_ops(doc: &mut Value, ops: &[json_patch::PatchOperation]) -> Result<(), String> {
    use json_patch::{AddOperation, PatchOperation};
    let describe = |i: usize, op: &PatchOperation, e: json_patch::PatchError| {
        let name = match op {
            PatchOperation::Add(_) => "add",
            PatchOperation::Remove(_) => "remove",
            PatchOperation::Replace(_) => "replace",
            PatchOperation::Move(_) => "move",
            PatchOperation::Copy(_) => "copy",
            PatchOperation::Test(_) => "test",
        };
        format!(
            "JSON patch operation {i} ({name} {}) failed: {}",
            op.path(),
            e.kind
        )
    };
    for (i, op) in ops.iter().enumerate() {
        if let PatchOperation::Replace(r) = op {
            let missing_key = r.path.split_back().is_some_and(|(parent, last)| {
                doc.pointer(parent.as_str())
                    .and_then(Value::as_object)
                    .is_some_and(|m| !m.contains_key(last.decoded().as_ref()))
            });
            if missing_key {
                let add = PatchOperation::Add(AddOperation {
                    path: r.path.clone(),
                    value: r.value.clone(),
                });
                json_patch::patch(doc, std::slice::from_ref(&add))
                    .map_err(|e| describe(i, op, e))?;
                continue;
            }
        }
        json_patch::patch(doc, std::slice::from_ref(op)).map_err(|e| describe(i, op, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map {
        v.as_object().cloned().unwrap_or_default()
    }

    fn decode(s: &str) -> Result<JsonPatch, String> {
        JsonPatch::decode(s, Path::new("p"), &ParseOptions::default())
    }

    /// `PatchTransformer::configure` relies on this to skip decoding texts
    /// whose first document is a map.
    #[test]
    fn a_map_first_document_is_never_a_patch() {
        for text in [
            "a: 1\n",
            "---\na: 1\n",
            "# c\na: [1]\n---\n- op: add\n",
            "{a: 1}\n---\n[]\n",
            "kind: X\r\nmetadata: {}\r\n",
        ] {
            assert!(decode(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn json_text_and_all_ops() {
        let p = decode(
            r#"[{"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "b"}},
                {"op": "replace", "path": "/spec/replicas", "value": 2},
                {"op": "remove", "path": "/metadata/labels/x"},
                {"op": "copy", "from": "/spec/replicas", "path": "/spec/minReadySeconds"},
                {"op": "move", "from": "/metadata/labels/y", "path": "/metadata/labels/z"},
                {"op": "test", "path": "/spec/replicas", "value": 2}]"#,
        )
        .unwrap();
        let mut o = obj(json!({"metadata": {"labels": {"x": "1", "y": "2"}},
            "spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "a"}]}}}}));
        p.apply(&mut o).unwrap();
        assert_eq!(
            Value::Object(o),
            json!({"metadata": {"labels": {"z": "2"}},
                "spec": {"replicas": 2, "minReadySeconds": 2,
                    "template": {"spec": {"containers": [{"name": "a"}, {"name": "b"}]}}}})
        );
    }

    #[test]
    fn failures() {
        let mut o = obj(json!({"spec": {"replicas": 1}}));
        for bad in [
            r#"[{"op": "test", "path": "/spec/replicas", "value": 5}]"#,
            r#"[{"op": "remove", "path": "/spec/missing"}]"#,
            r#"[{"op": "replace", "path": "/nope/missing", "value": 1}]"#,
            r#"[{"op": "add", "path": "/nope/deeper", "value": 1}]"#,
            r#"[{"op": "frob", "path": "/spec"}]"#,
        ] {
            let p = decode(bad).unwrap();
            assert!(p.apply(&mut o).is_err(), "{bad}");
            assert_eq!(Value::Object(o.clone()), json!({"spec": {"replicas": 1}}));
        }
        // evanphx/json-patch v4: replace of a missing map key adds it.
        let p = decode(r#"[{"op": "replace", "path": "/spec/new", "value": 1}]"#).unwrap();
        p.apply(&mut o).unwrap();
        assert_eq!(o["spec"]["new"], 1);
        assert!(decode("{\"op\": \"add\"}").is_err());
        assert!(decode("[1]").is_err());
        assert!(decode("[not json").is_err());
        assert!(decode("").unwrap().is_empty());
    }

    /// Kustomize reads YAML patch text with go-yaml v2 (YAML 1.1).
    #[test]
    fn yaml_text_has_yaml11_scalars() {
        let p = decode(
            "- op: add\n  path: /a\n  value: [on, no, y, \"yes\", 2001-12-14, 1e3]\n- op: add\n  path: /b\n  value: {n: 1, 2: x}\n",
        )
        .unwrap();
        let mut o = obj(json!({}));
        p.apply(&mut o).unwrap();
        assert_eq!(
            Value::Object(o),
            json!({"a": [true, false, true, "yes", "2001-12-14", 1000.0],
                "b": {"false": 1, "2": "x"}})
        );
        // A repeated key: the last wins, as in go-yaml v2.
        let p = decode("- op: add\n  path: /a\n  path: /b\n  value: 1\n").unwrap();
        let mut o = obj(json!({}));
        p.apply(&mut o).unwrap();
        assert_eq!(Value::Object(o), json!({"b": 1}));
    }

    /// Numbers pass through Go's float64 around a patch.
    #[test]
    fn integers_beyond_float64_precision_are_rounded() {
        let p = decode(r#"[{"op": "add", "path": "/x", "value": 1}]"#).unwrap();
        let mut o = obj(
            json!({"a": 9007199254740993_u64, "b": [12345678901234567890_u64],
            "c": {"d": -9007199254740993_i64}, "e": 9007199254740992_u64, "f": 3}),
        );
        p.apply(&mut o).unwrap();
        assert_eq!(o["a"].as_f64(), Some(9007199254740992.0));
        assert_eq!(o["b"][0].as_f64(), Some(12345678901234567000.0));
        assert!(o["b"][0].is_f64());
        assert_eq!(o["c"]["d"].as_f64(), Some(-9007199254740992.0));
        assert!(
            o["e"].is_u64() && o["f"].is_u64(),
            "exact integers stay integers"
        );
    }
}
