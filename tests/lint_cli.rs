//! `rustomize lint` as CI runs it: exit codes, formats, flags, config file.
//! Uses the example binary that `cargo test` builds next to the test binaries.

use std::process::Command;

mod common;
use common::example_binary as binary;

/// Run `rustomize lint ARGS` from the crate root: (exit code, stdout, stderr).
fn lint(args: &[&str]) -> Option<(i32, String, String)> {
    let bin = binary()?;
    let out = Command::new(bin)
        .arg("lint")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn exit_code_follows_fail_on() {
    let Some((code, out, _)) = lint(&["fixtures/lint/clean.yaml"]) else {
        return;
    };
    assert_eq!(code, 0);
    assert_eq!(out, "no findings in 4 resources\n");

    // Warnings only: passes at the default --fail-on error, fails at warning.
    let (code, out, _) = lint(&["fixtures/lint/RZ001/fail.yaml"]).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning RZ001"));
    let (code, _, _) = lint(&["--fail-on", "warning", "fixtures/lint/RZ001/fail.yaml"]).unwrap();
    assert_eq!(code, 1);

    let (code, out, _) = lint(&["fixtures/lint/RZ020/fail.yaml"]).unwrap();
    assert_eq!(code, 1);
    assert!(out.contains("error RZ020"));
    let (code, _, _) = lint(&["--fail-on", "none", "fixtures/lint/RZ020/fail.yaml"]).unwrap();
    assert_eq!(code, 0);
}

#[test]
fn allow_missing_refs_flag() {
    let Some((code, _, _)) = lint(&["fixtures/lint/RZ052/fail.yaml"]) else {
        return;
    };
    assert_eq!(code, 1);
    let (code, out, _) = lint(&["--allow-missing-refs", "fixtures/lint/RZ052/fail.yaml"]).unwrap();
    assert_eq!(code, 0);
    assert!(!out.contains("RZ052"));
}

#[test]
fn formats() {
    let Some((_, out, _)) = lint(&["--format", "sarif", "fixtures/lint/RZ020/fail.yaml"]) else {
        return;
    };
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "RZ020" && r["level"] == "error")
    );
    let (_, out, _) = lint(&["--format", "json", "fixtures/lint/RZ020/fail.yaml"]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["error"], 1);
}

#[test]
fn config_file_and_errors() {
    let dir = std::env::temp_dir().join(format!("rustomize-lint-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("lint.yaml");
    std::fs::write(&cfg, "failOn: info\nrules:\n  privileged: off\n").unwrap();
    let cfg_s = cfg.to_str().unwrap();
    let Some((code, out, _)) = lint(&["--config", cfg_s, "fixtures/lint/RZ020/fail.yaml"]) else {
        return;
    };
    assert!(!out.contains("RZ020"), "{out}");
    assert_eq!(code, 0);
    let (code, out, _) = lint(&["--config", cfg_s, "fixtures/lint/RZ003/fail.yaml"]).unwrap();
    assert!(out.contains("info RZ003"), "{out}");
    assert_eq!(code, 1, "failOn: info fails on info findings");

    std::fs::write(&cfg, "rules:\n  RZ777: off\n").unwrap();
    let (code, _, err) = lint(&["--config", cfg_s, "fixtures/lint/clean.yaml"]).unwrap();
    assert_eq!(code, 1);
    assert!(err.contains("unknown lint rule \"RZ777\""), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rule_flag_overrides_config() {
    let Some((code, out, _)) = lint(&["--rule", "RZ001=error", "fixtures/lint/RZ001/fail.yaml"])
    else {
        return;
    };
    assert_eq!(code, 1);
    assert!(out.contains("error RZ001"), "{out}");
    let (code, out, _) = lint(&[
        "--rule",
        "image-tag=off,RZ002=on",
        "--fail-on",
        "info",
        "fixtures/lint/RZ001/fail.yaml",
    ])
    .unwrap();
    assert!(
        !out.contains(" RZ001 ") && out.contains("info RZ002"),
        "{out}"
    );
    assert_eq!(code, 1);
    let (code, _, err) = lint(&["--rule", "RZ001", "fixtures/lint/clean.yaml"]).unwrap();
    assert_eq!(code, 1);
    assert!(err.contains("expected ID=SETTING"), "{err}");
}
