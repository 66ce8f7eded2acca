//! Annotation values written without quotes print as their source text,
//! as Kustomize keeps them (it holds annotations as YAML nodes and prints
//! them through `GetAnnotations`), while the same scalars elsewhere resolve.
//! Each tree was rendered with `kubectl kustomize` (Kustomize v5.5.0); the
//! expected outputs are kubectl's.

use rustomize::Kustomizer;
use rustomize::fs::MemFs;

fn build(files: &[(&str, &str)], dir: &str) -> Result<String, rustomize::Error> {
    let mut fs = MemFs::new();
    for (p, c) in files {
        fs.add(p, *c);
    }
    Kustomizer::new(fs).build_to_string(dir)
}

fn check(files: &[(&str, &str)], dir: &str, want: &str) {
    match build(files, dir) {
        Ok(got) => assert_eq!(got, want, "output differs from kubectl's:\n{got}"),
        Err(e) => panic!("build failed: {e}"),
    }
}

/// Annotation values of a resource file print as their source text; labels, data and pod-template annotations are resolved.
#[test]
fn resource_annotations_print_as_written_labels_data_and_templates_resolve() {
    check(
        &[
            (
                "/t/cm.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  labels:
    l1: 1.50
  annotations:
    v1: 1.50
    v2: 0x1F
    v3: True
    v4: 2001-12-14
    v5: 1e3
    v6: null
    v7: ~
    v8: 010
    v9: +1
    v10: .inf
    v11: 1_000
    v12: 0o17
    v13: -0
    v14: FALSE
    v15: yes
    v16: 12
    v17: false
    v18:
    v19: .NaN
    v20: -.Inf
    v21: 1.0
    v22: 2001-12-14t21:59:43.10-05:00
    v23: 0b101
    v24: 12e03
data:
  d1: 1.50
  d2: 0x1F
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
  annotations:
    a: 1.50
spec:
  template:
    metadata:
      annotations:
        t1: 1.50
        t2: 0x1F
        t3: True
      labels:
        app: x
    spec:
      containers:
      - name: c
        image: nginx
"#,
            ),
            (
                "/t/kustomization.yaml",
                r#"resources:
- cm.yaml
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  d1: 1.5
  d2: 31
kind: ConfigMap
metadata:
  annotations:
    v1: "1.50"
    v2: "0x1F"
    v3: "True"
    v4: "2001-12-14"
    v5: "1e3"
    v6: "null"
    v7: "~"
    v8: "010"
    v9: "+1"
    v10: ".inf"
    v11: "1_000"
    v12: "0o17"
    v13: "-0"
    v14: "FALSE"
    v15: "yes"
    v16: "12"
    v17: "false"
    v18: ""
    v19: ".NaN"
    v20: "-.Inf"
    v21: "1.0"
    v22: "2001-12-14t21:59:43.10-05:00"
    v23: "0b101"
    v24: "12e03"
  labels:
    l1: 1.5
  name: cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    a: "1.50"
  name: dep
spec:
  template:
    metadata:
      annotations:
        t1: 1.5
        t2: 31
        t3: true
      labels:
        app: x
    spec:
      containers:
      - image: nginx
        name: c
"#,
    );
}

/// A strategic-merge patch file's annotation values print as written (a null deletes); pod-template annotations set by it resolve.
#[test]
fn strategic_merge_patch_annotations_keep_their_text() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patches:
- path: sm.yaml
- path: smdep.yaml
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    v1: 1.50
    keep: 0x1F
data:
  d: x
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
spec:
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - name: c
        image: nginx
"#,
            ),
            (
                "/t/sm.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    p1: 1.50
    p2: True
    p3: 0x1F
    v1: null
"#,
            ),
            (
                "/t/smdep.yaml",
                r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
  annotations:
    p1: 1.50
spec:
  template:
    metadata:
      annotations:
        t1: 1.50
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  d: x
kind: ConfigMap
metadata:
  annotations:
    keep: "0x1F"
    p1: "1.50"
    p2: "True"
    p3: "0x1F"
  name: cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    p1: "1.50"
  name: dep
spec:
  template:
    metadata:
      annotations:
        t1: 1.5
      labels:
        app: x
    spec:
      containers:
      - image: nginx
        name: c
"#,
    );
}

/// A JSON patch (patchesJson6902 or patches) reads the resource through JSON: unquoted annotation values resolve (`1.50` -> `1.5`), the value it adds too.
#[test]
fn json_patches_resolve_typed_annotations() {
    check(
        &[
            (
                "/t/jp.yaml",
                r#"- op: add
  path: /data/e
  value: y
"#,
            ),
            (
                "/t/jp2.yaml",
                r#"- op: add
  path: /metadata/annotations/j
  value: 1.50
"#,
            ),
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patchesJson6902:
- path: jp.yaml
  target: {version: v1, kind: ConfigMap, name: cm}
patches:
- path: jp.yaml
  target: {kind: ConfigMap, name: cm2}
- path: jp2.yaml
  target: {kind: ConfigMap, name: cm3}
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    v1: 1.50
    v2: 0x1F
data:
  d: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm2
  annotations:
    v1: 1.50
    v2: 0x1F
data:
  d: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm3
  annotations:
    v1: 1.50
    v2: 0x1F
data:
  d: x
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  d: x
  e: true
kind: ConfigMap
metadata:
  annotations:
    v1: "1.5"
    v2: "31"
  name: cm
---
apiVersion: v1
data:
  d: x
  e: true
kind: ConfigMap
metadata:
  annotations:
    v1: "1.5"
    v2: "31"
  name: cm2
---
apiVersion: v1
data:
  d: x
kind: ConfigMap
metadata:
  annotations:
    j: "1.5"
    v1: "1.5"
    v2: "31"
  name: cm3
"#,
    );
}

/// A namePrefix in the base does not turn the values into strings: an overlay's JSON patch still resolves them.
#[test]
fn json_patch_in_overlay_after_name_prefix_resolves_too() {
    check(
        &[
            (
                "/t/base/kustomization.yaml",
                r#"resources:
- res.yaml
namePrefix: p-
"#,
            ),
            (
                "/t/base/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    v1: 1.50
    v2: 0x1F
data:
  d: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm2
  annotations:
    v1: 1.50
    v2: 0x1F
data:
  d: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm3
  annotations:
    v1: 1.50
    v2: 0x1F
data:
  d: x
"#,
            ),
            (
                "/t/ov/jp.yaml",
                r#"- op: add
  path: /data/e
  value: y
"#,
            ),
            (
                "/t/ov/kustomization.yaml",
                r#"resources:
- ../base
patches:
- path: jp.yaml
  target: {kind: ConfigMap, name: p-cm2}
"#,
            ),
        ],
        "/t/ov",
        r#"apiVersion: v1
data:
  d: x
kind: ConfigMap
metadata:
  annotations:
    v1: "1.50"
    v2: "0x1F"
  name: p-cm
---
apiVersion: v1
data:
  d: x
  e: true
kind: ConfigMap
metadata:
  annotations:
    v1: "1.5"
    v2: "31"
  name: p-cm2
---
apiVersion: v1
data:
  d: x
kind: ConfigMap
metadata:
  annotations:
    v1: "1.50"
    v2: "0x1F"
  name: p-cm3
"#,
    );
}

/// annotationSelector and local-config compare the text; a single `kind: List` keeps its items' text, other `*List` kinds resolve them.
#[test]
fn selectors_local_config_lists_and_replacements_see_the_text() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- list1.yaml
- list2.yaml
- res.yaml
commonAnnotations:
  ca: "1.50"
patches:
- path: sel.yaml
  target:
    annotationSelector: sel=1.50
replacements:
- source: {kind: ConfigMap, name: cm, fieldPath: metadata.annotations.v1}
  targets:
  - select: {name: tgt}
    fieldPaths: [data.x, metadata.annotations.r1]
    options: {create: true}
- source: {kind: ConfigMap, name: cm, fieldPath: metadata.annotations.v2}
  targets:
  - select: {name: tgt}
    fieldPaths: [data.y, metadata.annotations.r2]
    options: {create: true}
"#,
            ),
            (
                "/t/list1.yaml",
                r#"apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: l1
    annotations:
      a: 1.50
      b: 0x1F
"#,
            ),
            (
                "/t/list2.yaml",
                r#"apiVersion: v1
kind: ConfigMapList
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: l2
    annotations:
      a: 1.50
      b: 0x1F
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: l3
  annotations:
    a: 1.50
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    v1: 1.50
    v2: 0x1F
    sel: 1.50
    config.kubernetes.io/local-config: false
data:
  z: z
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: loc1
  annotations:
    config.kubernetes.io/local-config: False
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: loc2
  annotations:
    config.kubernetes.io/local-config: FALSE
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: loc3
  annotations:
    config.kubernetes.io/local-config: ~
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: tgt
data:
  x: a
  y: b
"#,
            ),
            (
                "/t/sel.yaml",
                r#"- op: add
  path: /data/selected
  value: "yes"
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  selected: "yes"
  z: z
kind: ConfigMap
metadata:
  annotations:
    ca: "1.50"
    config.kubernetes.io/local-config: "false"
    sel: "1.5"
    v1: "1.5"
    v2: "31"
  name: cm
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    b: "0x1F"
    ca: "1.50"
  name: l1
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.5"
    b: "31"
    ca: "1.50"
  name: l2
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    ca: "1.50"
  name: l3
---
apiVersion: v1
data:
  x: "1.5"
  "y": "31"
kind: ConfigMap
metadata:
  annotations:
    ca: "1.50"
    r1: "1.5"
    r2: "31"
  name: tgt
"#,
    );
}

/// Replacements copy the text (a typed target reinterprets it, a created annotation keeps it); vars see the resolved value.
#[test]
fn replacements_copy_the_text_and_vars_the_typed_value() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
configMapGenerator:
- name: gen
  literals: [k=v]
  options:
    annotations:
      ga: "1.50"
replacements:
- source: {kind: ConfigMap, name: cm, fieldPath: metadata.annotations.v1}
  targets:
  - select: {name: tgt}
    fieldPaths: [data.x, metadata.annotations.r1]
    options: {create: true}
- source: {kind: ConfigMap, name: cm, fieldPath: metadata.annotations.v2}
  targets:
  - select: {name: tgt}
    fieldPaths: [data.y, metadata.annotations.r2]
    options: {create: true}
  - select: {kind: Deployment}
    fieldPaths: [spec.replicas]
vars:
- name: V1
  objref: {kind: ConfigMap, name: cm, apiVersion: v1}
  fieldref: {fieldpath: metadata.annotations.v1}
- name: V2
  objref: {kind: ConfigMap, name: cm, apiVersion: v1}
  fieldref: {fieldpath: metadata.annotations.v3}
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    v1: 1.50
    v2: 0x1F
    v3: True
data:
  z: z
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: tgt
data:
  x: a
  y: b
  w: $(V1)
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - name: c
        image: nginx
        args: ["$(V2)"]
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  z: z
kind: ConfigMap
metadata:
  annotations:
    v1: "1.50"
    v2: "0x1F"
    v3: "True"
  name: cm
---
apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  annotations:
    ga: "1.50"
  name: gen-bdg947hgcc
---
apiVersion: v1
data:
  w: $(V1)
  x: "1.50"
  "y": "0x1F"
kind: ConfigMap
metadata:
  annotations:
    r1: "1.50"
    r2: "0x1F"
  name: tgt
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
spec:
  replicas: 31
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - args:
        - true
        image: nginx
        name: c
"#,
    );
}

/// Flow mappings, tags, aliases, block scalars, non-scalar values; patchesStrategicMerge keeps null annotation values as text; local-config `True`/`null` drop the resource.
#[test]
fn flow_tagged_aliased_values_and_patches_strategic_merge_nulls() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patchesStrategicMerge:
- psm.yaml
patches:
- patch: |
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: flow
      annotations:
        p: 0o17
        q: 2001-12-14
"#,
            ),
            (
                "/t/psm.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: del
  annotations:
    a: ~
    b:
    c: null
    n: 1e3
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata: {name: flow, annotations: {a: 1.50, b: 0x1F, c: ~, d: }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: tagged
  annotations:
    a: !!float 1.50
    b: &x 0x1F
    c: *x
    d: !!str 010
    e: !custom 1.50
    f: [1.50]
    g: {h: 1.50}
    i: |
      1.50
    j: 1.50 # comment
    k: "1.50"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: del
  annotations:
    a: "1"
    b: "2"
    c: "3"
    d: "4"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: loc
  annotations:
    config.kubernetes.io/local-config: True
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: loc2
  annotations:
    config.kubernetes.io/local-config: null
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: loc3
  annotations:
    config.kubernetes.io/local-config: "false"
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "~"
    b: ""
    c: "null"
    d: "4"
    "n": "1e3"
  name: del
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    b: "0x1F"
    c: "~"
    p: "0o17"
    q: "2001-12-14"
  name: flow
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/local-config: "false"
  name: loc3
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    b: "0x1F"
    c: "0x1F"
    d: "010"
    e: "1.50"
    f: ""
    g: ""
    i: |
      1.50
    j: "1.50"
    k: "1.50"
  name: tagged
"#,
    );
}

/// A strategic-merge patch drops the target's annotations written without a value; null values in a `patches` file delete.
#[test]
fn strategic_merge_drops_empty_values_and_patch_nulls_delete() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patches:
- path: p.yaml
"#,
            ),
            (
                "/t/p.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: block
  annotations:
    x: 1.50
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: block3
  annotations:
    a: ~
    b:
    c: null
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata: {name: flow, annotations: {a: 1.50, d: }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: block
  annotations:
    a: 1.50
    d:
    e: ~
    f: null
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: block2
  annotations:
    a: 1.50
    d:
    e: ~
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: block3
  annotations:
    a: 1.50
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    e: "~"
    f: "null"
    x: "1.50"
  name: block
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    d: ""
    e: "~"
  name: block2
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: block3
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    d: ""
  name: flow
"#,
    );
}

/// After a JSON patch: empty and `~` become `null`, timestamps RFC 3339, `010` and `0o17` decimal.
#[test]
fn json_patch_resolves_nulls_timestamps_and_octals() {
    check(
        &[
            (
                "/t/jp.yaml",
                r#"- op: add
  path: /data/e
  value: "y"
"#,
            ),
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patches:
- path: jp.yaml
  target: {kind: ConfigMap, name: cm}
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    a:
    b: ~
    c: 2001-12-14
    d: True
    e: 1e3
    f: 010
    g: 0o17
data:
  z: z
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: li
    annotations:
      a: 1.50
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: inf
  annotations:
    a: .inf
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  e: "y"
  z: z
kind: ConfigMap
metadata:
  annotations:
    a: "null"
    b: "null"
    c: "2001-12-14T00:00:00Z"
    d: "true"
    e: "1000"
    f: "8"
    g: "15"
  name: cm
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: ".inf"
  name: inf
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    a: "1.5"
  name: li
"#,
    );
}

/// `.inf` as an annotation is text; a JSON patch on the resource fails as in
/// Kustomize (`json: unsupported value: +Inf`).
#[test]
fn infinite_annotation_prints_but_fails_a_json_patch() {
    let res =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inf\n  annotations:\n    a: .inf\n";
    let ok = build(
        &[
            ("/t/kustomization.yaml", "resources:\n- r.yaml\n"),
            ("/t/r.yaml", res),
        ],
        "/t",
    );
    assert_eq!(
        ok.ok().as_deref(),
        Some(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: \".inf\"\n  name: inf\n"
        )
    );
    let err = build(
        &[
            (
                "/t/kustomization.yaml",
                "resources:\n- r.yaml\npatches:\n- target: {name: inf}\n  patch: '[{\"op\": \"add\", \"path\": \"/data\", \"value\": {}}]'\n",
            ),
            ("/t/r.yaml", res),
        ],
        "/t",
    );
    let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("unsupported value: +Inf"), "{msg}");
}

/// A JSON patch after a `patches` strategic-merge patch resolves the values the patch wrote without quotes (`c`), not those it quoted (`a`, `d`).
#[test]
fn json_patch_after_strategic_merge_patch_resolves_what_the_patch_typed() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patches:
- path: sm.yaml
- patch: |
    - op: add
      path: /data/e
      value: "y"
  target: {name: cm}
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    a: 1.50
    b: 0x1F
data:
  z: z
"#,
            ),
            (
                "/t/sm.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    a: "1.50"
    c: 1.50
    d: "0x1F"
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  e: "y"
  z: z
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    b: "31"
    c: "1.5"
    d: "0x1F"
  name: cm
"#,
    );
}

/// `patchesStrategicMerge` patches set their annotation values as strings: a later JSON patch keeps their text (`c`).
#[test]
fn json_patch_after_patches_strategic_merge_keeps_its_values_as_strings() {
    check(
        &[
            (
                "/t/kustomization.yaml",
                r#"resources:
- res.yaml
patchesStrategicMerge:
- sm.yaml
patches:
- patch: |
    - op: add
      path: /data/e
      value: "y"
  target: {name: cm}
"#,
            ),
            (
                "/t/res.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    a: 1.50
    b: 0x1F
data:
  z: z
"#,
            ),
            (
                "/t/sm.yaml",
                r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  annotations:
    a: "1.50"
    c: 1.50
    d: "0x1F"
"#,
            ),
        ],
        "/t",
        r#"apiVersion: v1
data:
  e: "y"
  z: z
kind: ConfigMap
metadata:
  annotations:
    a: "1.50"
    b: "31"
    c: "1.50"
    d: "0x1F"
  name: cm
"#,
    );
}
