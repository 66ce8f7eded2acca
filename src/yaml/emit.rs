//! [`Value`] → YAML exactly as Kustomize prints it (JSON round trip into
//! go-yaml v2: natural key order, YAML 1.1 quoting, 80-column folding, ...).

use crate::resmap::ResMap;
use crate::resource::Value;

/// Append one document (no `---` separator) to `out`.
pub fn emit_document(v: &Value, out: &mut String) {
    let _ = (v, out);
}

/// All resources, separated by `---` lines, as `kustomize build` prints them.
pub fn emit_resmap(rm: &ResMap) -> String {
    let mut out = String::new();
    for (i, r) in rm.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        emit_document(&Value::Object(r.obj.clone()), &mut out);
    }
    out
}
