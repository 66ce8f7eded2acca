//! `rustomize diff OLD NEW` as users run it: the two renders are built at
//! once, yet the output, the warnings (the old render's first) and the
//! error reported (the old render's, when both fail) are those of building
//! one after the other. Uses the example binary that `cargo test` builds
//! next to the test binaries.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::example_binary as binary;

/// A fresh directory `root/name` holding `files`.
fn tree(root: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (f, text) in files {
        std::fs::write(dir.join(f), text).unwrap();
    }
    dir
}

fn diff(bin: &Path, old: &Path, new: &Path) -> (i32, String, String) {
    let out = Command::new(bin)
        .arg("diff")
        .arg(old)
        .arg(new)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const CM: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n";

#[test]
fn both_renders_warnings_in_order_and_the_old_error_first() {
    let Some(bin) = binary() else {
        eprintln!("example binary not built; skipping");
        return;
    };
    let root = std::env::temp_dir().join(format!("rustomize-diff-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    // Old: deprecated `commonLabels`; new: deprecated `imageTags`.
    let old = tree(
        &root,
        "old",
        &[
            (
                "kustomization.yaml",
                "resources:\n- cm.yaml\ncommonLabels:\n  app: web\n",
            ),
            ("cm.yaml", CM),
        ],
    );
    let new = tree(
        &root,
        "new",
        &[
            (
                "kustomization.yaml",
                "resources:\n- cm.yaml\nimageTags:\n- name: x\n  newTag: \"1\"\n",
            ),
            ("cm.yaml", &CM.replace("slow", "fast")),
        ],
    );
    let (code, out, err) = diff(&bin, &old, &new);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("-  mode: slow\n+  mode: fast\n"), "{out}");
    assert!(out.contains("-    app: web\n"), "{out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].contains("'commonLabels' is deprecated"), "{err}");
    assert!(lines[1].contains("'imageTags' is deprecated"), "{err}");

    // Identical renders: exit 0.
    let (code, out, _) = diff(&bin, &new, &new);
    assert_eq!((code, out.as_str()), (0, "no differences\n"));

    // Both fail: the old render's error, exit 2.
    let bad_old = tree(
        &root,
        "bad-old",
        &[("kustomization.yaml", "resources:\n- missing-old.yaml\n")],
    );
    let bad_new = tree(
        &root,
        "bad-new",
        &[("kustomization.yaml", "resources:\n- missing-new.yaml\n")],
    );
    for _ in 0..5 {
        let (code, out, err) = diff(&bin, &bad_old, &bad_new);
        assert_eq!(code, 2, "{err}");
        assert_eq!(out, "");
        assert!(
            err.contains("missing-old.yaml") && !err.contains("missing-new.yaml"),
            "{err}"
        );
    }
    // Only the new one fails: its error.
    let (code, _, err) = diff(&bin, &old, &bad_new);
    assert_eq!(code, 2);
    assert!(err.contains("missing-new.yaml"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}
