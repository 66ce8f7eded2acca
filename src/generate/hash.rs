//! The content-hash name suffix Kustomize appends to generated ConfigMaps and Secrets.
//!
//! Kustomize hashes a small JSON document built from the object (for a
//! ConfigMap: `kind`, `data`, `binaryData`; for a Secret: `kind`, `type`,
//! `data`, `stringData`), takes the SHA-256 hex digest, keeps its first ten
//! characters and replaces `0 1 3 a e` by `g h k m t` (so the suffix never
//! looks like a number or a word with vowels). The JSON also carries a `name`
//! entry, but Kustomize looks the name up under a key that never exists, so it
//! is always empty: the suffix depends on the content only, not on the name.

use super::encode::{go_json, hex, sha256};
use crate::build::Accumulated;
use crate::error::Result;
use crate::resource::{Map, Value};

/// Append `-<hash>` to the name of every resource that needs one (run once,
/// at the top, after all transformers). The previous id is kept in the
/// resource's history so name references can follow the rename.
pub(crate) fn add_hashes(acc: &mut Accumulated) -> Result<()> {
    for r in acc.resmap.iter_mut().filter(|r| r.needs_hash) {
        let h = hash_object(&r.obj);
        let name = format!("{}-{}", r.name(), h);
        r.set_name(&name);
    }
    Ok(())
}

/// The ten-character suffix Kustomize computes for `obj`.
pub(crate) fn hash_object(obj: &Map) -> String {
    encode_suffix(&hash_input(obj))
}

/// The JSON text that is hashed (Go `json.Marshal` of a map: sorted keys).
fn hash_input(obj: &Map) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut m = Map::new();
    match kind {
        "ConfigMap" => {
            m.insert("kind".into(), "ConfigMap".into());
            m.insert("name".into(), "".into());
            m.insert("data".into(), field_value(obj, "data"));
            if let Some(Value::Object(b)) = obj.get("binaryData") {
                m.insert("binaryData".into(), Value::Object(b.clone()));
            }
        }
        "Secret" => {
            m.insert("kind".into(), "Secret".into());
            m.insert("name".into(), "".into());
            m.insert("type".into(), field_value(obj, "type"));
            m.insert("data".into(), field_value(obj, "data"));
            if let Some(Value::Object(s)) = obj.get("stringData") {
                m.insert("stringData".into(), Value::Object(s.clone()));
            }
        }
        // Kustomize only ever marks ConfigMaps and Secrets; for anything else
        // hash the whole object.
        _ => return go_json_text(&Value::Object(obj.clone())),
    }
    go_json_text(&Value::Object(m))
}

/// A top-level field as Kustomize's hasher reads it: a mapping as is, a
/// scalar as its text, and "" when absent or null.
fn field_value(obj: &Map, key: &str) -> Value {
    match obj.get(key) {
        None | Some(Value::Null) => Value::String(String::new()),
        Some(Value::String(s)) => Value::String(s.clone()),
        Some(Value::Bool(b)) => Value::String(b.to_string()),
        Some(Value::Number(n)) => Value::String(n.to_string()),
        Some(v @ Value::Object(_)) => v.clone(),
        // A sequence unmarshalled into a Go map fails and leaves nil.
        Some(Value::Array(_)) => Value::Null,
    }
}

fn go_json_text(v: &Value) -> String {
    let mut s = String::new();
    go_json(v, &mut s);
    s
}

/// SHA-256 of `text`, first ten hex digits, with `0 1 3 a e` → `g h k m t`.
pub(crate) fn encode_suffix(text: &str) -> String {
    hex(&sha256(text.as_bytes()))
        .chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    // Expected suffixes below were produced by `kubectl kustomize`
    // (Kustomize v5.5.0) on generators with the same content.

    #[test]
    fn configmap_hashes_match_kubectl() {
        let cm = obj(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "one"}, "data": {"a": "b"}}));
        assert_eq!(hash_object(&cm), "4h2mbtbbt6");
        // The name does not take part.
        let cm2 = obj(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "two", "labels": {"x": "y"}}, "data": {"a": "b"}}));
        assert_eq!(hash_object(&cm2), "4h2mbtbbt6");
        let empty = obj(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "empty"}}));
        assert_eq!(hash_object(&empty), "6ct58987ht");
    }

    #[test]
    fn secret_hashes_match_kubectl() {
        let s = obj(json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s1"}, "type": "Opaque", "data": {"a": "Yg=="}}));
        assert_eq!(hash_object(&s), "k695gkmbtk");
        let tls = obj(json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s2"}, "type": "kubernetes.io/tls", "data": {"a": "Yg=="}}));
        assert_eq!(hash_object(&tls), "92982c4m8f");
        let empty = obj(json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s3"}, "type": "Opaque", "data": {}}));
        assert_eq!(hash_object(&empty), "46f8b28mk5");
    }

    #[test]
    fn escaping_binary_data_and_wrapping_match_kubectl() {
        // Control characters and `<>&` are escaped the way Go's encoder does.
        let cm = obj(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "bin"},
            "data": {"a/b": "c", "lt": "<b>&", "sp ace": "x", "z.dat": "\0".repeat(200)},
            "binaryData": {"bin.dat": "//5oZWxsbw=="}}));
        assert_eq!(hash_object(&cm), "gf5d44g74m");
        let long = format!(
            "{}\n{}\n{}\n{}=\n",
            "A".repeat(70),
            "A".repeat(70),
            "A".repeat(70),
            "A".repeat(57)
        );
        let s = obj(json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "long"}, "type": "Opaque",
            "data": {"z.dat": long}, "immutable": true}));
        assert_eq!(hash_object(&s), "mb4db8dbkh");
    }

    #[test]
    fn suffix_alphabet() {
        let s = encode_suffix("anything");
        assert_eq!(s.len(), 10);
        assert!(!s.chars().any(|c| "013ae".contains(c)));
    }
}
