//! Patch cases pinning the shortcuts taken for speed (the single-key merge
//! list in strategic merge, the SM-or-JSON decision made from one parse):
//! the trees are ours, expected outputs come from `kubectl kustomize`
//! (Kustomize v5.5.0).

use rustomize::{Kustomizer, fs::MemFs};

fn build(files: &[(&str, &str)]) -> String {
    let mut fs = MemFs::new();
    for (name, text) in files {
        fs.add(format!("/app/{name}"), *text);
    }
    match Kustomizer::new(fs).build_to_string("/app") {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

/// Items replaced, added, deleted, merged in place, in kyaml's order; a
/// `$patch: replace` item that matches a resource item leaves it as it was.
#[test]
fn keyed_lists_merge_in_kyaml_order() {
    let files = [
        (
            "kustomization.yaml",
            r#"resources:
- dep.yaml
patches:
- path: p.yaml
"#,
        ),
        (
            "dep.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: a
        image: a:1
        env:
        - name: X
          value: "1"
        - name: Y
          value: "2"
        - name: Z
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
      - name: b
        image: b:1
        env:
        - name: K
          value: k
      - name: c
        image: c:1
"#,
        ),
        (
            "p.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: b
        image: b:2
        $patch: replace
      - name: new
        image: n:1
        env:
        - name: N
          value: n
      - name: a
        env:
        - name: Y
          value: "3"
        - name: W
          value: w
        - name: X
          $patch: delete
      - name: c
        $patch: delete
"#,
        ),
    ];
    assert_eq!(
        build(&files),
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - env:
        - name: K
          value: k
        image: b:1
        name: b
      - env:
        - name: "N"
          value: "n"
        image: n:1
        name: new
      - env:
        - name: "Y"
          value: "3"
        - name: W
          value: w
        - name: Z
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        image: a:1
        name: a
"#
    );
}

/// Texts whose first document is a map are strategic-merge patches; a
/// comment-only first document followed by a list is a JSON patch.
#[test]
fn sm_or_json_patch_from_the_first_document() {
    let files = [
        (
            "kustomization.yaml",
            r#"resources:
- cm.yaml
patches:
- path: p.yaml
- path: q.yaml
- path: r.yaml
  target:
    kind: ConfigMap
- patch: |-
    # only a comment
    ---
    - op: add
      path: /data/j
      value: k
  target:
    kind: ConfigMap
"#,
        ),
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: b
"#,
        ),
        (
            "p.yaml",
            r#"# comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: z
"#,
        ),
        (
            "q.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  x: y
---
[]
"#,
        ),
        (
            "r.yaml",
            r#"- op: add
  path: /data/r
  value: s
"#,
        ),
    ];
    assert_eq!(
        build(&files),
        r#"apiVersion: v1
data:
  a: z
  j: k
  r: s
  x: "y"
kind: ConfigMap
metadata:
  name: c
"#
    );
}
