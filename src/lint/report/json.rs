//! JSON report:
//!
//! ```json
//! {"summary": {"resources": 3, "error": 1, "warning": 0, "info": 0, "suppressed": 0},
//!  "findings": [{"rule": "RZ020", "name": "privileged", "severity": "error",
//!                "checkov": ["CKV_K8S_16"],
//!                "resource": {"apiVersion": "v1", "kind": "Pod", "namespace": "", "name": "p"},
//!                "path": "spec.containers[name=app].securityContext.privileged",
//!                "source": "pod.yaml", "line": 1, "target": null, "message": "..."}],
//!  "suppressed": [{"...finding fields...": "", "reason": "..."}]}
//! ```

use super::finding_json;
use crate::lint::{Report, Severity};
use serde_json::{Value, json};

pub(crate) fn render(report: &Report) -> String {
    let suppressed: Vec<Value> = report
        .suppressed
        .iter()
        .map(|s| {
            let mut v = finding_json(&s.finding);
            if let Some(o) = v.as_object_mut() {
                o.insert("reason".into(), Value::String(s.reason.clone()));
            }
            v
        })
        .collect();
    let doc = json!({
        "summary": {
            "resources": report.resources,
            "error": report.count(Severity::Error),
            "warning": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
            "suppressed": report.suppressed.len(),
        },
        "findings": report.findings.iter().map(finding_json).collect::<Vec<_>>(),
        "suppressed": suppressed,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
