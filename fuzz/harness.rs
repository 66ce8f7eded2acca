//! The fuzz harnesses, shared by the cargo-fuzz targets (`fuzz/fuzz_targets`)
//! and the regression test (`tests/fuzz_regressions.rs`), which replays every
//! input kept in `tests/fuzz-regressions/<target>/`.
//!
//! Each harness must never panic, whatever the bytes; errors are fine.

#![allow(dead_code)]

use rustomize::fs::MemFs;
use rustomize::patch::json6902::JsonPatch;
use rustomize::patch::{schema::Schema, strategic};
use rustomize::yaml::{ParseOptions, emit_document, parse_documents};
use rustomize::{BuildOptions, Kustomizer, Limits, Value};
use std::path::Path;

/// Small limits keep each run fast; the defaults are exercised by the tests.
fn parse_opts() -> ParseOptions {
    ParseOptions {
        max_depth: 64,
        max_alias_expansion: 10_000,
        ..Default::default()
    }
}

/// Parse YAML; emit every document and parse the text again.
pub fn yaml_parse_emit(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(docs) = parse_documents(text, Path::new("f.yaml"), &parse_opts()) else {
        return;
    };
    for d in &docs {
        let mut out = String::new();
        emit_document(d, &mut out);
        let _ = parse_documents(&out, Path::new("out.yaml"), &parse_opts());
    }
}

/// Split at the first NUL byte: the two halves as YAML documents.
fn two_docs(data: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(data).ok()?;
    let (a, b) = text.split_once('\0').unwrap_or((text, ""));
    Some((a.to_owned(), b.to_owned()))
}

/// Strategic merge of the second document (patch) into the first.
pub fn strategic_merge(data: &[u8]) {
    let Some((dest, patch)) = two_docs(data) else {
        return;
    };
    let p = |s: &str| {
        parse_documents(s, Path::new("x.yaml"), &parse_opts())
            .ok()
            .and_then(|d| d.into_iter().next())
    };
    let (Some(mut dest), Some(patch)) = (p(&dest), p(&patch)) else {
        return;
    };
    let _ = strategic::merge(&mut dest, &patch, Schema::builtin());
}

/// A JSON 6902 patch (second half, JSON or YAML) applied to the first document.
pub fn json6902(data: &[u8]) {
    let Some((target, patch)) = two_docs(data) else {
        return;
    };
    let Ok(patch) = JsonPatch::decode(&patch, Path::new("p.yaml"), &parse_opts()) else {
        return;
    };
    let target = parse_documents(&target, Path::new("t.yaml"), &parse_opts())
        .ok()
        .and_then(|d| d.into_iter().next());
    if let Some(Value::Object(mut obj)) = target {
        let _ = patch.apply(&mut obj);
    }
}

/// A whole build of `/t` on an in-memory tree. The input is a list of files
/// separated by NUL bytes, each `path\ncontent` (path relative to `/`, so
/// `t/kustomization.yaml` and `base/kustomization.yaml` make an overlay and
/// its base).
pub fn build_memfs(data: &[u8]) {
    let mut fs = MemFs::new();
    for section in data.split(|&b| b == 0) {
        let (name, content) = match section.iter().position(|&b| b == b'\n') {
            Some(i) => (&section[..i], &section[i + 1..]),
            None => (section, &b""[..]),
        };
        let Ok(name) = std::str::from_utf8(name) else {
            continue;
        };
        if name.is_empty() || name.contains("..") || name.starts_with('/') {
            continue;
        }
        fs.add(Path::new("/").join(name), content.to_vec());
    }
    let opts = BuildOptions {
        limits: Limits {
            max_file_bytes: 1 << 20,
            max_depth: 64,
            max_alias_expansion: 10_000,
            max_kustomization_depth: 16,
            max_kustomizations: 200,
        },
        ..Default::default()
    };
    let _ = Kustomizer::new(fs).with_options(opts).build_to_string("/t");
}
