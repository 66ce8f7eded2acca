//! JSON 6902 patches (written in YAML or JSON), applied with the
//! `json-patch` crate on the resource as JSON, as Kustomize applies them with
//! evanphx/json-patch.

use crate::resource::{Map, Value};
use crate::yaml::{ParseOptions, parse_documents};
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
    /// document) otherwise. An empty YAML document is an empty patch.
    pub fn decode(text: &str, path: &Path, opts: &ParseOptions) -> Result<JsonPatch, String> {
        let doc = if text.trim().is_empty() {
            Value::Null
        } else if text.starts_with('[') {
            serde_json::from_str::<Value>(text).map_err(|e| e.to_string())?
        } else {
            parse_documents(text, path, opts)
                .map_err(|e| e.to_string())?
                .into_iter()
                .next()
                .unwrap_or(Value::Null)
        };
        let ops = match doc {
            Value::Null => Vec::new(),
            Value::Array(ops) => ops,
            other => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                    json_type(&other)
                ));
            }
        };
        if let Some(bad) = ops.iter().find(|op| !op.is_object()) {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
                json_type(bad)
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
            (Ok(()), Value::Object(m)) => {
                *obj = m;
                Ok(())
            }
            (Ok(()), other) => Err(format!(
                "JSON patch result is a {}, not an object",
                json_type(&other)
            )),
            (Err(e), Value::Object(m)) => {
                *obj = m;
                Err(e)
            }
            (Err(e), _) => Err(e),
        }
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

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
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
}
