//! Replays every input the fuzzers found (kept under
//! `tests/fuzz-regressions/<target>/`, one file per input) through the same
//! harness the cargo-fuzz targets run (`fuzz/harness.rs`): none may panic.
//! Also runs each harness on a few hand-written hostile inputs.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) -> usize {
    let dir = Path::new("tests/fuzz-regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        let data = std::fs::read(&p).unwrap();
        let r = std::panic::catch_unwind(|| f(&data));
        assert!(r.is_ok(), "{} panics", p.display());
        n += 1;
    }
    n
}

#[test]
fn yaml_parse_emit() {
    replay("yaml_parse_emit", harness::yaml_parse_emit);
    for s in [
        "",
        "\0",
        "&a [*a]",
        "a: &a\n  b: *a\n",
        "- !!binary ===\n",
        "? [a, {b: c}]\n: d\n",
    ] {
        harness::yaml_parse_emit(s.as_bytes());
    }
}

#[test]
fn strategic_merge() {
    replay("strategic_merge", harness::strategic_merge);
    harness::strategic_merge(b"kind: Pod\nspec:\n  containers: 1\n\0kind: Pod\nspec:\n  containers:\n  - $patch: delete\n");
}

#[test]
fn json6902() {
    replay("json6902", harness::json6902);
    harness::json6902(
        b"a: [1]\n\0- op: add\n  path: /a/99\n  value: 1\n- op: copy\n  from: /a\n  path: /a/0\n",
    );
}

#[test]
fn build_memfs() {
    replay("build_memfs", harness::build_memfs);
    harness::build_memfs(b"t/kustomization.yaml\nresources:\n- .\n\0t/x.yaml\n");
}
