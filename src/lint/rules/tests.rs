//! Rule semantics on resources built with `json!` (the fixture tests in
//! tests/lint.rs cover every rule end to end).

use super::RULES;
use crate::lint::{LintConfig, Report, lint};
use crate::resmap::ResMap;
use crate::resource::{Resource, Value};
use serde_json::json;
use std::collections::HashSet;

fn rm(docs: &[Value]) -> ResMap {
    let mut rm = ResMap::new();
    for d in docs {
        rm.push(Resource::new(
            d.as_object().cloned().unwrap_or_default(),
            Some("x.yaml".into()),
        ));
    }
    rm
}

fn only(id: &str) -> LintConfig {
    let mut c = LintConfig::default();
    for r in super::RULES {
        c.set(r.id, Some(r.id == id), None).unwrap_or_default();
    }
    c
}

fn run(id: &str, docs: &[Value]) -> Vec<(String, String)> {
    let report: Report = lint(&rm(docs), &only(id));
    report
        .findings
        .into_iter()
        .map(|f| (f.path, f.message))
        .collect()
}

fn pod(spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "ns"}, "spec": spec})
}

#[test]
fn image_tag_variants() {
    let p = pod(json!({"containers": [
        {"name": "a", "image": "nginx"},
        {"name": "b", "image": "nginx:latest"},
        {"name": "c", "image": "reg:5000/nginx"},
        {"name": "d", "image": "nginx@sha256:abc"},
        {"name": "e", "image": "nginx:1.25"},
        {"name": "f"}
    ], "initContainers": [{"name": "i", "image": "busybox"}],
       "ephemeralContainers": [{"name": "dbg", "image": "busybox:latest"}]}));
    let paths: Vec<String> = run("RZ001", &[p]).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "spec.containers[name=a].image",
            "spec.containers[name=b].image",
            "spec.containers[name=c].image",
            "spec.containers[name=f].image",
            "spec.initContainers[name=i].image",
            "spec.ephemeralContainers[name=dbg].image",
        ]
    );
}

#[test]
fn run_as_non_root_container_overrides_pod() {
    // Pod says non-root; container overrides with UID 0.
    let p = pod(json!({"securityContext": {"runAsNonRoot": true},
        "containers": [{"name": "a", "securityContext": {"runAsUser": 0}}, {"name": "b"}]}));
    let f = run("RZ022", &[p]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "spec.containers[name=a].securityContext.runAsUser");
    // Pod says root; container overrides with non-root.
    let p = pod(json!({"securityContext": {"runAsUser": 0},
        "containers": [{"name": "a", "securityContext": {"runAsNonRoot": true, "runAsUser": 1000}}]}));
    assert!(run("RZ022", &[p]).is_empty());
    // runAsNonRoot: false on the container beats true on the pod.
    let p = pod(json!({"securityContext": {"runAsNonRoot": true},
        "containers": [{"name": "a", "securityContext": {"runAsNonRoot": false}}]}));
    assert_eq!(
        run("RZ022", &[p])[0].0,
        "spec.containers[name=a].securityContext.runAsNonRoot"
    );
}

#[test]
fn probes_skip_batch_and_init() {
    let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
        "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}});
    assert!(run("RZ014", &[job]).is_empty());
    let p = pod(
        json!({"initContainers": [{"name": "i"}], "containers": [{"name": "a", "livenessProbe": {"exec": {"command": ["true"]}}}]}),
    );
    assert!(run("RZ014", &[p]).is_empty());
}

#[test]
fn selectors() {
    let d = |sel: Value, labels: Value| {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"selector": sel, "template": {"metadata": {"labels": labels}, "spec": {"containers": []}}}})
    };
    assert!(
        run(
            "RZ050",
            &[d(
                json!({"matchLabels": {"a": "1"}}),
                json!({"a": "1", "b": "2"})
            )]
        )
        .is_empty()
    );
    assert!(
        run(
            "RZ050",
            &[d(
                json!({"matchExpressions": [{"key": "b", "operator": "NotIn", "values": ["3"]}]}),
                json!({"b": "2"})
            )]
        )
        .is_empty()
    );
    assert!(
        run(
            "RZ050",
            &[d(
                json!({"matchExpressions": [{"key": "c", "operator": "Exists"}]}),
                json!({"b": "2"})
            )]
        )
        .len()
            == 1
    );
    assert_eq!(
        run("RZ050", &[d(json!({}), json!({"b": "2"}))])[0].0,
        "spec.selector"
    );
    assert!(
        run(
            "RZ050",
            &[d(
                json!({"matchExpressions": [{"key": "b", "operator": "Like"}]}),
                json!({"b": "2"})
            )]
        )[0]
        .1
        .contains("unknown selector operator")
    );
    let no_sel = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
        "spec": {"template": {"spec": {"containers": []}}}});
    assert_eq!(run("RZ050", &[no_sel]).len(), 1);
    let rc = json!({"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "r"},
        "spec": {"selector": {"app": "x"}, "template": {"metadata": {"labels": {"app": "y"}}, "spec": {"containers": []}}}});
    assert_eq!(run("RZ050", &[rc])[0].0, "spec.selector.app");
}

#[test]
fn service_selector_needs_a_pod_in_its_namespace() {
    let svc = |ns: &str| json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": ns}, "spec": {"selector": {"app": "web"}}});
    let cj = json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": "a"},
        "spec": {"jobTemplate": {"spec": {"template": {"metadata": {"labels": {"app": "web", "x": "y"}}, "spec": {"containers": []}}}}}});
    assert!(run("RZ051", &[svc("a"), cj.clone()]).is_empty());
    assert_eq!(run("RZ051", &[svc("b"), cj.clone()]).len(), 1);
    assert!(
        run("RZ051", &[svc(""), cj]).is_empty(),
        "an unset namespace matches any"
    );
}

#[test]
fn references_respect_namespace_optional_and_external() {
    let p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "a"}, "spec": {
        "volumes": [{"name": "v", "projected": {"sources": [{"secret": {"name": "s1"}}, {"configMap": {"name": "c1", "optional": true}}]}}],
        "containers": [{"name": "x", "env": [{"name": "E", "valueFrom": {"configMapKeyRef": {"name": "c2", "key": "k"}}}]}]}});
    let cm = |ns: &str| json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c2", "namespace": ns}});
    let f = run("RZ052", &[p.clone(), cm("b")]);
    assert_eq!(
        f.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        [
            "spec.volumes[name=v].projected.sources[0].secret.name",
            "spec.containers[name=x].env[name=E].valueFrom.configMapKeyRef.name",
        ]
    );
    assert_eq!(run("RZ052", &[p.clone(), cm("a")]).len(), 1);
    let mut c = only("RZ052");
    c.external_refs.push(crate::lint::ExternalRef {
        kind: "Secret".into(),
        name: "s*".into(),
        namespace: None,
    });
    assert_eq!(lint(&rm(&[p.clone(), cm("a")]), &c).findings.len(), 0);
    c.allow_missing_refs = true;
    assert_eq!(lint(&rm(&[p]), &c).findings.len(), 0);
}

#[test]
fn automount_follows_the_service_account() {
    let p = pod(json!({"serviceAccountName": "sa", "containers": []}));
    let sa = |off: bool| json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "ns"}, "automountServiceAccountToken": !off});
    assert!(run("RZ042", &[p.clone(), sa(true)]).is_empty());
    assert_eq!(run("RZ042", &[p.clone(), sa(false)]).len(), 1);
    assert_eq!(run("RZ042", &[p]).len(), 1);
}

#[test]
fn skip_all_and_by_name() {
    let mut p = pod(json!({"hostPID": true, "hostIPC": true, "containers": []}));
    p["metadata"]["annotations"] =
        json!({"rustomize.io/lint-skip": "host-pid", "rustomize.io/lint-skip-reason": "agent"});
    let report = lint(&rm(&[p.clone()]), &LintConfig::default());
    assert!(report.findings.iter().any(|f| f.rule == "RZ032"));
    assert!(report.findings.iter().all(|f| f.rule != "RZ031"));
    assert_eq!(
        report
            .suppressed
            .iter()
            .filter(|s| s.finding.rule == "RZ031")
            .count(),
        1
    );
    p["metadata"]["annotations"]["rustomize.io/lint-skip"] = json!("*");
    let report = lint(&rm(&[p]), &LintConfig::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn odd_shapes_do_not_panic() {
    let docs = [
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": "x", "spec": {"containers": "nope"}}),
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"selector": 3, "template": {"spec": {"containers": [1, null, {"securityContext": 5, "ports": [{"hostPort": "80"}]}]}}}}),
        json!({"apiVersion": "v1", "kind": "Service", "spec": {"selector": {"a": 1}}}),
        json!({"kind": "Pod", "spec": {"volumes": [{"hostPath": {"path": 7}}, {"projected": {"sources": 3}}]}}),
        json!({}),
    ];
    let report = lint(&rm(&docs), &LintConfig::default());
    assert!(!report.findings.is_empty());
    let _ = (report.to_text(), report.to_json(), report.to_sarif());
}

#[test]
fn ids_unique_sorted_and_names_kebab() {
    let mut prev = "";
    let mut names = HashSet::new();
    for r in RULES {
        assert!(r.id > prev, "{} out of order", r.id);
        prev = r.id;
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        assert!(r.summary.ends_with('.'), "{}", r.id);
        for c in r.checkov {
            assert!(c.starts_with("CKV_K8S_"));
        }
    }
}
