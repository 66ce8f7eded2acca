//! JSON 6902 patches under `/metadata/annotations` on resources without
//! visible annotations. Kustomize keeps bookkeeping annotations on a resource
//! during the build (previous ids once a namePrefix/nameSuffix/namespace or a
//! `patches` JSON patch touched it, name prefixes and suffixes, generator
//! marks on generated ConfigMaps/Secrets, origins when `buildMetadata` is
//! set) and drops them at output; while they exist, the patch finds a
//! `metadata.annotations` mapping. Without them the patch fails, as in
//! Kustomize. Expected outputs: `kubectl kustomize` (Kustomize v5.5.0) on
//! the same trees.

use rustomize::{Kustomizer, fs::MemFs};

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: \"1\"\n";

/// Build `/app/<dir>` of a tree given as (path under /app, text).
fn build(files: &[(&str, &str)], dir: &str) -> Result<String, rustomize::Error> {
    let mut fs = MemFs::new();
    for (name, text) in files {
        fs.add(format!("/app/{name}"), *text);
    }
    Kustomizer::new(fs).build_to_string(format!("/app/{dir}"))
}

/// A `patchesJson6902` entry targeting ConfigMap `name`, with `ops` (YAML
/// list items, indented by four).
fn json6902(name: &str, ops: &str) -> String {
    format!(
        "patchesJson6902:\n- target: {{version: v1, kind: ConfigMap, name: {name}}}\n  patch: |-\n{ops}"
    )
}

const ADD_FOO: &str = "    - op: add\n      path: /metadata/annotations/foo\n      value: bar\n";

const PREFIXED_BASE: [(&str, &str); 2] = [
    (
        "base/kustomization.yaml",
        "namePrefix: p-\nresources: [cm.yaml]\n",
    ),
    ("base/cm.yaml", CM),
];

fn with_base(overlay: &str, extra: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = PREFIXED_BASE
        .iter()
        .chain(extra)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    files.push(("kustomization.yaml".into(), overlay.to_string()));
    files
}

fn build_owned(files: &[(String, String)], dir: &str) -> Result<String, rustomize::Error> {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    build(&refs, dir)
}

const P_CM_FOO: &str = "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  name: p-cm\n";
const P_CM: &str = "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: p-cm\n";

#[test]
fn prefixed_in_a_base_then_patched_by_patches_json6902() {
    let k = format!("resources: [base]\n{}", json6902("p-cm", ADD_FOO));
    let got = build_owned(&with_base(&k, &[]), "").unwrap();
    assert_eq!(got, P_CM_FOO);
}

#[test]
fn prefixed_in_a_base_then_patched_by_a_patch_json6902_transformer() {
    let t = "apiVersion: builtin\nkind: PatchJson6902Transformer\nmetadata: {name: t}\ntarget: {version: v1, kind: ConfigMap, name: p-cm}\njsonOp: '[{\"op\": \"add\", \"path\": \"/metadata/annotations/foo\", \"value\": \"bar\"}]'\n";
    let k = "resources: [base]\ntransformers: [t.yaml]\n";
    let got = build_owned(&with_base(k, &[("t.yaml", t)]), "").unwrap();
    assert_eq!(got, P_CM_FOO);
}

#[test]
fn renamed_at_the_same_level_before_the_patch() {
    // patchesJson6902 runs after namePrefix and namespace of its own level.
    let k = format!(
        "namePrefix: p-\nresources: [cm.yaml]\n{}",
        json6902("p-cm", ADD_FOO)
    );
    let got = build(&[("kustomization.yaml", &k), ("cm.yaml", CM)], "").unwrap();
    assert_eq!(got, P_CM_FOO);
    let want = "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  name: cm\n  namespace: ns\n";
    let k = format!(
        "namespace: ns\nresources: [cm.yaml]\n{}",
        json6902("cm", ADD_FOO)
    );
    let got = build(&[("kustomization.yaml", &k), ("cm.yaml", CM)], "").unwrap();
    assert_eq!(got, want);
    // The same with the namespace set in a base.
    let k = format!("resources: [base]\n{}", json6902("cm", ADD_FOO));
    let files = [
        ("kustomization.yaml", k.as_str()),
        (
            "base/kustomization.yaml",
            "namespace: ns\nresources: [cm.yaml]\n",
        ),
        ("base/cm.yaml", CM),
    ];
    assert_eq!(build(&files, "").unwrap(), want);
}

#[test]
fn generated_config_maps_and_secrets() {
    let k = format!(
        "configMapGenerator:\n- name: gen\n  literals: [a=b]\n{}",
        json6902("gen", ADD_FOO)
    );
    let got = build(&[("kustomization.yaml", &k)], "").unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  name: gen-4h2mbtbbt6\n"
    );
    // Without a hash suffix the generator mark remains.
    let k = format!(
        "configMapGenerator:\n- name: gen\n  literals: [a=b]\n  options: {{disableNameSuffixHash: true}}\n{}",
        json6902("gen", ADD_FOO)
    );
    let got = build(&[("kustomization.yaml", &k)], "").unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  name: gen\n"
    );
    // A Secret generated in a base.
    let k = "resources: [base]\npatchesJson6902:\n- target: {version: v1, kind: Secret, name: s}\n  patch: |-\n".to_string() + ADD_FOO;
    let files = [
        ("kustomization.yaml", k.as_str()),
        (
            "base/kustomization.yaml",
            "secretGenerator:\n- name: s\n  literals: [a=b]\n",
        ),
    ];
    assert_eq!(
        build(&files, "").unwrap(),
        "apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n  annotations:\n    foo: bar\n  name: s-k695gkmbtk\ntype: Opaque\n"
    );
    // `generators:` and `transformers:` entries.
    let files = [
        (
            "kustomization.yaml",
            "generators: [gen.yaml]\ntransformers: [t.yaml]\n",
        ),
        (
            "gen.yaml",
            "apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata: {name: g}\nliterals: [a=b]\n",
        ),
        (
            "t.yaml",
            "apiVersion: builtin\nkind: PatchJson6902Transformer\nmetadata: {name: t}\ntarget: {name: g}\npath: ops.yaml\n",
        ),
        (
            "ops.yaml",
            "- op: add\n  path: /metadata/annotations/foo\n  value: bar\n",
        ),
    ];
    assert_eq!(
        build(&files, "").unwrap(),
        "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  name: g-4h2mbtbbt6\n"
    );
}

/// A generated ConfigMap merged into an existing one keeps the existing
/// one's bookkeeping: none for a plain ConfigMap (the patch fails), a
/// generator mark for a generated one.
#[test]
fn generator_merges_keep_the_base_resources_marks() {
    let overlay = format!(
        "resources: [base]\nconfigMapGenerator:\n- name: cm\n  behavior: merge\n  literals: [b=c]\n{}",
        json6902("cm", ADD_FOO)
    );
    let plain = [
        ("kustomization.yaml", overlay.as_str()),
        ("base/kustomization.yaml", "resources: [cm.yaml]\n"),
        ("base/cm.yaml", CM),
    ];
    let err = build(&plain, "").unwrap_err().to_string();
    assert!(err.contains("add /metadata/annotations/foo"), "{err}");
    let generated = [
        ("kustomization.yaml", overlay.as_str()),
        (
            "base/kustomization.yaml",
            "configMapGenerator:\n- name: cm\n  literals: [a=b]\n  options: {disableNameSuffixHash: true}\n",
        ),
    ];
    assert_eq!(
        build(&generated, "").unwrap(),
        "apiVersion: v1\ndata:\n  a: b\n  b: c\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  name: cm\n"
    );
}

#[test]
fn build_metadata_keeps_origins_in_annotations() {
    let k = format!(
        "buildMetadata: [managedByLabel]\nresources: [cm.yaml]\n{}",
        json6902("cm", ADD_FOO)
    );
    let got = build(&[("kustomization.yaml", &k), ("cm.yaml", CM)], "").unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    foo: bar\n  labels:\n    app.kubernetes.io/managed-by: kustomize-(devel)\n  name: cm\n"
    );
}

/// Without bookkeeping annotations there is no mapping to add to or remove,
/// in both JSON 6902 forms (kubectl: "add operation does not apply: doc is
/// missing path", "Unable to remove nonexistent key: annotations").
#[test]
fn plain_resources_have_no_annotations_mapping() {
    let mut errors = Vec::new();
    let k = format!("resources: [cm.yaml]\n{}", json6902("cm", ADD_FOO));
    errors.push(build(&[("kustomization.yaml", &k), ("cm.yaml", CM)], "").unwrap_err());
    let t = "apiVersion: builtin\nkind: PatchJson6902Transformer\nmetadata: {name: t}\ntarget: {version: v1, kind: ConfigMap, name: cm}\njsonOp: '[{\"op\": \"add\", \"path\": \"/metadata/annotations/foo\", \"value\": \"bar\"}]'\n";
    let files = [
        (
            "kustomization.yaml",
            "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
        ),
        ("cm.yaml", CM),
        ("t.yaml", t),
    ];
    errors.push(build(&files, "").unwrap_err());
    let remove = "    - op: remove\n      path: /metadata/annotations\n";
    let k = format!("resources: [cm.yaml]\n{}", json6902("cm", remove));
    errors.push(build(&[("kustomization.yaml", &k), ("cm.yaml", CM)], "").unwrap_err());
    let replace = "    - op: replace\n      path: /metadata/annotations/x\n      value: z\n";
    let k = format!("resources: [cm.yaml]\n{}", json6902("cm", replace));
    errors.push(build(&[("kustomization.yaml", &k), ("cm.yaml", CM)], "").unwrap_err());
    // With bookkeeping, a missing key is still missing.
    let remove_key = "    - op: remove\n      path: /metadata/annotations/nope\n";
    let k = format!("resources: [base]\n{}", json6902("p-cm", remove_key));
    errors.push(build_owned(&with_base(&k, &[]), "").unwrap_err());
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(text.join("\n"));
}

/// Other operations on the mapping of a prefixed resource.
#[test]
fn operations_on_the_annotations_mapping() {
    let cases = [
        // Removing the whole mapping works (Kustomize restores its internal
        // annotations afterwards).
        (
            "    - op: remove\n      path: /metadata/annotations\n",
            P_CM,
        ),
        // An empty result disappears.
        (
            "    - op: replace\n      path: /metadata/annotations\n      value: {}\n",
            P_CM,
        ),
        (
            "    - op: replace\n      path: /metadata/annotations\n      value: {x: z}\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    x: z\n  name: p-cm\n",
        ),
        // `replace` of a missing key adds it (evanphx/json-patch v4).
        (
            "    - op: replace\n      path: /metadata/annotations/foo\n      value: bar\n",
            P_CM_FOO,
        ),
        (
            "    - op: add\n      path: /metadata/annotations/foo\n      value: bar\n    - op: test\n      path: /metadata/annotations/foo\n      value: bar\n",
            P_CM_FOO,
        ),
        (
            "    - op: add\n      path: /metadata/annotations/x\n      value: 1\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    x: \"1\"\n  name: p-cm\n",
        ),
        // Values become the text Kustomize reads after the JSON round trip.
        (
            "    - op: add\n      path: /metadata/annotations\n      value: {e: 1e3, z: null, f: 1.50, t: yes, l: [1], m: {a: b}}\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    e: \"1000\"\n    f: \"1.5\"\n    l: \"\"\n    m: \"\"\n    t: \"true\"\n    z: \"null\"\n  name: p-cm\n",
        ),
    ];
    for (ops, want) in cases {
        let k = format!("resources: [base]\n{}", json6902("p-cm", ops));
        let got = build_owned(&with_base(&k, &[]), "");
        assert_eq!(got.as_deref().ok(), Some(want), "{ops}\n{got:?}");
    }
}

/// After a JSON patch Kustomize rewrites the annotations as strings: a later
/// patch's `test` compares with the string.
#[test]
fn annotation_values_are_strings_after_a_json_patch() {
    let add = "    - op: add\n      path: /metadata/annotations/x\n      value: 1\n";
    let test = "    - op: test\n      path: /metadata/annotations/x\n      value: \"1\"\n";
    let k = format!(
        "resources: [base]\n{}{}",
        json6902("p-cm", add),
        &json6902("p-cm", test)["patchesJson6902:\n".len()..]
    );
    let got = build_owned(&with_base(&k, &[]), "").unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    x: \"1\"\n  name: p-cm\n"
    );
}

/// Annotations under `internal.config.kubernetes.io/` are restored after a
/// JSON patch, and only the bookkeeping ones Kustomize uses are dropped at
/// output (`config.kubernetes.io/previousNames` is an ordinary annotation).
#[test]
fn internal_annotations_survive_json_patches() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    internal.config.kubernetes.io/foo: x\n    other: o\n";
    let remove = "    - op: remove\n      path: /metadata/annotations\n";
    let k = format!("resources: [cm.yaml]\n{}", json6902("cm", remove));
    let got = build(&[("kustomization.yaml", &k), ("cm.yaml", cm)], "").unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    internal.config.kubernetes.io/foo: x\n  name: cm\n"
    );
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    config.kubernetes.io/previousNames: x\n    internal.config.kubernetes.io/generatorBehavior: x\n    config.kubernetes.io/index: \"1\"\n";
    let got = build(
        &[
            ("kustomization.yaml", "resources: [cm.yaml]\n"),
            ("cm.yaml", cm),
        ],
        "",
    )
    .unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/previousNames: x\n  name: cm\n"
    );
}
