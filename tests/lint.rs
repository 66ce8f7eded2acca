//! The linter on its fixtures: every rule has `fixtures/lint/<id>/fail.yaml`
//! (snapshotted report) and `pass.yaml` (no finding of that rule), plus the
//! report formats, configuration and annotations.

use rustomize::lint::{LintConfig, RULES, Report, Severity, lint, parse_rendered, rule};
use std::path::Path;

fn load(rel: &str) -> rustomize::ResMap {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    parse_rendered(&text, rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Only `id` enabled.
fn only(id: &str) -> LintConfig {
    let mut c = LintConfig::default();
    for r in RULES {
        c.set(r.id, Some(r.id == id), None).unwrap();
    }
    c
}

/// Defaults, plus `id` switched on.
fn with(id: &str) -> LintConfig {
    let mut c = LintConfig::default();
    c.set(id, Some(true), None).unwrap();
    c
}

#[test]
fn every_rule_has_fixtures_and_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/lint-rules.md")).unwrap();
    for r in RULES {
        for kind in ["fail", "pass"] {
            let p = root.join(format!("fixtures/lint/{}/{kind}.yaml", r.id));
            assert!(p.is_file(), "missing {}", p.display());
        }
        let heading = format!("## {} {}", r.id, r.name);
        assert!(
            docs.contains(&heading),
            "docs/lint-rules.md lacks {heading:?}"
        );
        for c in r.checkov {
            assert!(
                docs.contains(c),
                "docs/lint-rules.md lacks {c} for {}",
                r.id
            );
        }
    }
}

#[test]
fn fail_fixtures_report_their_rule() {
    for r in RULES {
        let rel = format!("fixtures/lint/{}/fail.yaml", r.id);
        let report = lint(&load(&rel), &only(r.id));
        assert!(!report.findings.is_empty(), "{rel}: no finding");
        for f in &report.findings {
            assert_eq!(f.rule, r.id, "{rel}: {f:?}");
            assert_eq!(f.severity, r.severity);
            assert_eq!(f.source.as_deref(), Some(rel.as_str()));
        }
        insta::assert_snapshot!(format!("fail_{}", r.id), report.to_text());
    }
}

#[test]
fn pass_fixtures_do_not_report_their_rule() {
    for r in RULES {
        let rel = format!("fixtures/lint/{}/pass.yaml", r.id);
        let report = lint(&load(&rel), &with(r.id));
        let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == r.id).collect();
        assert!(hits.is_empty(), "{rel}: {hits:#?}");
    }
}

#[test]
fn clean_fixture_passes_every_default_rule() {
    let report = lint(&load("fixtures/lint/clean.yaml"), &LintConfig::default());
    assert_eq!(report.findings, vec![], "{}", report.to_text());
    assert_eq!(report.resources, 4);
    assert!(!report.fails(Severity::Info));
}

#[test]
fn skip_annotation_suppresses_with_reason() {
    let report = lint(
        &load("fixtures/lint/RZ090/pass.yaml"),
        &LintConfig::default(),
    );
    assert!(report.findings.iter().all(|f| f.rule != "RZ001"));
    let s = &report.suppressed[0];
    assert_eq!(s.finding.rule, "RZ001");
    assert_eq!(s.reason, "dev-only image, rebuilt on every commit");
    // A skip without a reason still skips, but is reported.
    let report = lint(
        &load("fixtures/lint/RZ090/fail.yaml"),
        &LintConfig::default(),
    );
    assert!(report.findings.iter().all(|f| f.rule != "RZ001"));
    assert_eq!(report.suppressed.len(), 1);
    assert_eq!(
        report.findings.iter().filter(|f| f.rule == "RZ090").count(),
        2
    );
}

fn mixed() -> Report {
    let mut report = lint(
        &load("fixtures/lint/RZ052/fail.yaml"),
        &LintConfig::default(),
    );
    report.extend(lint(&load("fixtures/lint/RZ090/pass.yaml"), &only("RZ001")));
    report
}

#[test]
fn text_report() {
    insta::assert_snapshot!(mixed().to_text());
}

#[test]
fn json_report() {
    let out = mixed().to_json();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["error"], 5);
    assert_eq!(
        v["suppressed"][0]["reason"],
        "dev-only image, rebuilt on every commit"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn sarif_report_is_well_formed() {
    let report = mixed();
    let out = report.to_sarif();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        report.findings.len() + report.suppressed.len()
    );
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], id);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let uri = &res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert!(uri.as_str().unwrap().starts_with("fixtures/lint/"), "{uri}");
    }
    let suppressed: Vec<_> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    insta::assert_snapshot!(out);
}

#[test]
fn config_file_changes_severity_and_switches_rules() {
    let cfg = LintConfig::from_yaml(
        "failOn: warning\nrules:\n  RZ052: warning\n  missing-reference: {severity: info}\n  RZ040: off\n  RZ002: on\nexternalRefs:\n- kind: ConfigMap\n  name: web-*\n",
        Path::new(".rustomize-lint.yaml"),
    )
    .unwrap();
    assert_eq!(cfg.fail_on, Some(Severity::Warning));
    assert_eq!(
        cfg.severity_of(rule("RZ052").unwrap()),
        Some(Severity::Info)
    );
    assert_eq!(cfg.severity_of(rule("RZ040").unwrap()), None);
    assert_eq!(
        cfg.severity_of(rule("RZ002").unwrap()),
        Some(Severity::Info)
    );
    let report = lint(&load("fixtures/lint/RZ052/fail.yaml"), &cfg);
    let refs: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "RZ052")
        .collect();
    // web-config and web-env are external; web-sa, registry-creds, web-data are not.
    assert_eq!(refs.len(), 3, "{refs:#?}");
    assert!(refs.iter().all(|f| f.severity == Severity::Info));
    assert!(report.findings.iter().any(|f| f.rule == "RZ002"));
    assert!(report.findings.iter().all(|f| f.rule != "RZ040"));

    let allow = LintConfig {
        allow_missing_refs: true,
        ..Default::default()
    };
    let report = lint(&load("fixtures/lint/RZ052/fail.yaml"), &allow);
    assert!(report.findings.iter().all(|f| f.rule != "RZ052"));
    assert!(!report.fails(Severity::Error));
}

#[test]
fn config_errors_are_reported() {
    let e = LintConfig::from_yaml("rules:\n  RZ404: off\n", Path::new("cfg.yaml")).unwrap_err();
    insta::assert_snapshot!(e.to_string(), @r#"cfg.yaml: rules: unknown lint rule "RZ404""#);
}

#[test]
fn lint_dir_renders_and_points_at_source_files() {
    use rustomize::{Kustomizer, fs::MemFs, lint::lint_dir};
    let mut fs = MemFs::new();
    fs.add(
        "/repo/overlays/prod/kustomization.yaml",
        "resources:\n- ../../base\n- sa.yaml\n",
    );
    fs.add(
        "/repo/overlays/prod/sa.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\n",
    );
    fs.add("/repo/base/kustomization.yaml", "resources:\n- pod.yaml\n");
    fs.add(
        "/repo/base/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  hostPID: true\n  containers:\n  - name: app\n    image: web:1.0\n",
    );
    let k = Kustomizer::new(fs);
    let report = lint_dir(&k, "repo/overlays/prod", &only("RZ031")).unwrap();
    assert_eq!(report.resources, 2);
    let f = &report.findings[0];
    assert_eq!(f.rule, "RZ031");
    assert_eq!(f.source.as_deref(), Some("repo/base/pod.yaml"));
    assert_eq!(f.line, Some(1));
    assert_eq!(f.target.as_deref(), Some("repo/overlays/prod"));
    insta::assert_snapshot!(report.to_text(), @r"
    # repo/overlays/prod
    repo/base/pod.yaml:1: error RZ031 Pod/shop/web: spec.hostPID: pod shares the host process-id namespace
    1 finding (1 error, 0 warnings, 0 info) in 2 resources
    ");
    let report = lint_dir(&k, "repo/overlays/prod", &only("RZ041")).unwrap();
    let sources: Vec<_> = report
        .findings
        .iter()
        .map(|f| f.source.as_deref().unwrap_or(""))
        .collect();
    // Render order: kustomize's legacy order puts ServiceAccounts before Pods.
    assert_eq!(
        sources,
        ["repo/overlays/prod/sa.yaml", "repo/base/pod.yaml"]
    );
}

#[test]
fn consistency_rules_on_a_real_render() {
    use rustomize::{Kustomizer, lint::lint_dir};
    let mut cfg = LintConfig::default();
    for r in RULES {
        cfg.set(r.id, Some(r.id.starts_with("RZ05")), None).unwrap();
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/fixtures/lint/kustomize/overlay");
    let mut report = lint_dir(&Kustomizer::on_disk(), &dir, &cfg).unwrap();
    for f in &mut report.findings {
        f.target = f.target.as_ref().map(|t| t.replace(root, "."));
        f.source = f.source.as_ref().map(|s| s.replace(root, "."));
    }
    insta::assert_snapshot!(report.to_text());
}
