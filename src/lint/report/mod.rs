//! Report formats: human text, JSON and SARIF 2.1.0.

pub(crate) mod json;
pub(crate) mod sarif;
pub(crate) mod text;

use super::{Finding, rule};
use serde_json::{Value, json};

/// A finding as a JSON object (shared by the JSON and SARIF formats).
pub(crate) fn finding_json(f: &Finding) -> Value {
    let info = rule(f.rule);
    json!({
        "rule": f.rule,
        "name": info.map_or("", |r| r.name),
        "severity": f.severity.as_str(),
        "checkov": info.map_or(&[][..], |r| r.checkov),
        "resource": {
            "apiVersion": f.resource.api_version,
            "kind": f.resource.kind,
            "namespace": f.resource.namespace,
            "name": f.resource.name,
        },
        "path": f.path,
        "source": f.source,
        "line": f.line,
        "target": f.target,
        "message": f.message,
    })
}
