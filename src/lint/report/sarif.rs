//! SARIF 2.1.0 report (one run; every rule in `tool.driver.rules`; findings
//! as results, annotation-suppressed findings as results with `suppressions`).
//! A result's `physicalLocation` is the resource's file and, where known, a
//! `region` whose `startLine` (1-based) is the line the resource starts on.

use crate::lint::{Finding, RULES, Report};
use serde_json::{Value, json};

/// The schema URI GitHub code scanning and most SARIF tools expect.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Percent-encode what may not appear raw in a URI reference.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable identity for a finding across runs (64-bit FNV-1a of rule,
/// resource and path), so code-scanning UIs can track it between commits.
fn fingerprint(f: &Finding) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!("{}|{}|{}", f.rule, f.resource, f.path);
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn result(f: &Finding) -> Value {
    let index = RULES.iter().position(|r| r.id == f.rule);
    let artifact = f.source.as_deref().or(f.target.as_deref()).unwrap_or(".");
    let mut properties = json!({
        "resource": f.resource.to_string(),
        "path": f.path,
    });
    if let (Some(t), Some(o)) = (&f.target, properties.as_object_mut()) {
        o.insert("target".into(), Value::String(t.clone()));
    }
    let mut physical = json!({"artifactLocation": {"uri": uri(artifact)}});
    if let (Some(line), Some(o)) = (
        f.line.filter(|_| f.source.is_some()),
        physical.as_object_mut(),
    ) {
        o.insert("region".into(), json!({"startLine": line}));
    }
    json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": f.severity.sarif_level(),
        "message": {"text": format!("{}: {} (at {})", f.resource, f.message, f.path)},
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{
                "fullyQualifiedName": format!("{}/{}", f.resource, f.path),
                "kind": "object",
            }],
        }],
        "partialFingerprints": {"rustomizeFinding/v1": fingerprint(f)},
        "properties": properties,
    })
}

pub(crate) fn render(report: &Report) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "defaultConfiguration": {"enabled": r.enabled, "level": r.severity.sarif_level()},
                "properties": {"checkov": r.checkov, "tags": ["kubernetes"]},
            })
        })
        .collect();
    let mut results: Vec<Value> = report.findings.iter().map(result).collect();
    for s in &report.suppressed {
        let mut v = result(&s.finding);
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "suppressions".into(),
                json!([{"kind": "inSource", "justification": s.reason}]),
            );
        }
        results.push(v);
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rustomize-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_encoding() {
        assert_eq!(super::uri("a b/c%.yaml"), "a%20b/c%25.yaml");
        assert_eq!(super::uri("../base/x.yaml"), "../base/x.yaml");
    }
}
