//! Unit tests of generation and absorption on in-memory trees. Expected
//! objects were checked against `kubectl kustomize` (Kustomize v5.5.0).

use super::*;
use crate::build::{BuildOptions, Ctx, Level};
use crate::fs::MemFs;
use crate::resource::ResId;
use serde_json::json;
use std::path::PathBuf;

fn level(k: Value) -> Level {
    let k: Kustomization = serde_json::from_value(k).unwrap_or_default();
    Level {
        dir: PathBuf::from("/app"),
        file: PathBuf::from("/app/kustomization.yaml"),
        k,
    }
}

fn generate(fs: &MemFs, k: Value) -> Result<Accumulated> {
    let opts = BuildOptions::default();
    let mut fs = fs.clone();
    fs.add("/app/kustomization.yaml", "");
    let Ok(mut ctx) = Ctx::new(&fs, &opts, std::path::Path::new("/app")) else {
        panic!("no root");
    };
    let lvl = level(k);
    let mut acc = Accumulated::default();
    run(&mut ctx, &lvl, &mut acc)?;
    Ok(acc)
}

fn objects(acc: &Accumulated) -> Vec<Value> {
    acc.resmap
        .iter()
        .map(|r| Value::Object(r.obj.clone()))
        .collect()
}

#[test]
fn configmap_from_all_sources() {
    let mut fs = MemFs::new();
    fs.add("/app/app.env", "# c\nDB_USER=admin\nDB_PASS=\"q\"\n");
    fs.add("/app/init.ini", "FOO=bar\n");
    fs.add("/app/bin.dat", vec![0xffu8, 0xfe, b'h', b'i']);
    let acc = generate(
        &fs,
        json!({"configMapGenerator": [{
            "name": "cm", "namespace": "ns",
            "envs": ["app.env"], "literals": ["lit=\"x y\""],
            "files": ["init.ini", "b=bin.dat"],
            "options": {"labels": {"l": "v"}, "annotations": {"a": "w"}, "immutable": true}
        }]}),
    )
    .unwrap();
    assert_eq!(
        objects(&acc),
        vec![json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "cm", "namespace": "ns", "labels": {"l": "v"}, "annotations": {"a": "w"}},
            "data": {"DB_PASS": "\"q\"", "DB_USER": "admin", "init.ini": "FOO=bar\n", "lit": "x y"},
            "binaryData": {"b": "//5oaQ=="},
            "immutable": true
        })]
    );
    let r = &acc.resmap.as_slice()[0];
    assert!(r.needs_hash);
    assert_eq!(r.behavior, Behavior::Create);
}

#[test]
fn secret_defaults_and_type() {
    let fs = MemFs::new();
    let acc = generate(
        &fs,
        json!({"secretGenerator": [
            {"name": "s", "literals": ["a=b"]},
            {"name": "t", "type": "kubernetes.io/tls", "options": {"disableNameSuffixHash": true}},
        ]}),
    )
    .unwrap();
    assert_eq!(
        objects(&acc),
        vec![
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                   "type": "Opaque", "data": {"a": "Yg=="}}),
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "t"},
                   "type": "kubernetes.io/tls", "data": {}}),
        ]
    );
    assert!(acc.resmap.as_slice()[0].needs_hash);
    assert!(!acc.resmap.as_slice()[1].needs_hash);
}

#[test]
fn empty_configmap_has_no_data() {
    let acc = generate(
        &MemFs::new(),
        json!({"configMapGenerator": [{"name": "e"}]}),
    )
    .unwrap();
    assert_eq!(
        objects(&acc),
        vec![json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "e"}})]
    );
}

#[test]
fn global_options_merge_into_local() {
    let acc = generate(
        &MemFs::new(),
        json!({
            "generatorOptions": {"labels": {"a": "g", "b": "g"}, "disableNameSuffixHash": true},
            "configMapGenerator": [{"name": "c", "options": {"labels": {"a": "l"}}}]
        }),
    )
    .unwrap();
    let r = &acc.resmap.as_slice()[0];
    assert_eq!(r.obj["metadata"]["labels"], json!({"a": "l", "b": "g"}));
    assert!(!r.needs_hash);
}

#[test]
fn errors() {
    let fs = MemFs::new();
    for k in [
        json!({"configMapGenerator": [{"literals": ["a=b"]}]}),
        json!({"configMapGenerator": [{"name": "x", "literals": ["a=b", "a=c"]}]}),
        json!({"configMapGenerator": [{"name": "x", "literals": ["novalue"]}]}),
        json!({"configMapGenerator": [{"name": "x", "files": ["missing.txt"]}]}),
        json!({"configMapGenerator": [{"name": "x", "files": ["a==b"]}]}),
        json!({"configMapGenerator": [{"name": "x", "bogus": 1}]}),
        json!({"configMapGenerator": [{"name": "x", "behavior": "merge"}]}),
        json!({"configMapGenerator": [{"name": "x"}, {"name": "x"}]}),
        json!({"generatorOptions": {"labels": []}}),
    ] {
        assert!(generate(&fs, k.clone()).is_err(), "{k}");
    }
}

#[test]
fn repeated_generator_merges_in_the_same_kustomization() {
    let acc = generate(
        &MemFs::new(),
        json!({"configMapGenerator": [
            {"name": "x", "literals": ["a=1", "b=1"]},
            {"name": "x", "behavior": "merge", "literals": ["b=2"]},
            {"name": "y", "literals": ["c=1"]},
            {"name": "y", "behavior": "replace", "literals": ["d=1"]},
        ]}),
    )
    .unwrap();
    let o = objects(&acc);
    assert_eq!(o.len(), 2);
    assert_eq!(o[0]["data"], json!({"a": "1", "b": "2"}));
    assert_eq!(o[1]["data"], json!({"d": "1"}));
}

fn plain(obj: Value, history: &[ResId]) -> Resource {
    let mut r = Resource::new(obj.as_object().cloned().unwrap_or_default(), None);
    r.history = history.to_vec();
    r
}

#[test]
fn merge_into_renamed_base_resource_keeps_its_place_and_metadata() {
    let mut acc = Accumulated::default();
    acc.resmap.push(plain(
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}}),
        &[],
    ));
    let mut base = plain(
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "b-plain", "labels": {"x": "1"}},
               "data": {"k": 1, "j": true}}),
        &[ResId::new("v1", "ConfigMap", "", "plain")],
    );
    base.needs_hash = false;
    acc.resmap.push(base);
    let mut new = plain(
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "plain", "annotations": {"z": "w"}},
               "data": {"n": "<&>"}, "immutable": true}),
        &[],
    );
    new.needs_hash = true;
    new.behavior = Behavior::Merge;
    absorb(&mut acc, new).unwrap();
    assert_eq!(acc.resmap.len(), 2);
    let r = &acc.resmap.as_slice()[1];
    assert_eq!(
        Value::Object(r.obj.clone()),
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "b-plain", "annotations": {"z": "w"}, "labels": {"x": "1"}},
               "data": {"j": "true", "k": "1", "n": "<&>"}, "immutable": true})
    );
    // The base resource was not generated: no hash after the merge.
    assert!(!r.needs_hash);
    assert_eq!(r.history, vec![ResId::new("v1", "ConfigMap", "", "plain")]);
}

#[test]
fn namespace_default_matches_unset() {
    let mut acc = Accumulated::default();
    acc.resmap.push(plain(
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "c", "namespace": "default"}, "data": {"a": "1"}}),
        &[],
    ));
    let mut new = plain(
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}),
        &[],
    );
    new.behavior = Behavior::Replace;
    absorb(&mut acc, new).unwrap();
    assert_eq!(
        Value::Object(acc.resmap.as_slice()[0].obj.clone()),
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "c", "namespace": "default"}})
    );
}
