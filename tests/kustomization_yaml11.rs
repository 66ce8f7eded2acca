//! Kustomization and Component files are read as Kustomize reads them:
//! sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 scalars) into JSON, then Go's
//! JSON decoder. Expected outputs are `kubectl kustomize` (Kustomize v5.5.0)
//! runs on the same trees; our error texts are insta snapshots, and each
//! error case also checks the part of Kustomize's message we reproduce.

use rustomize::fs::MemFs;
use rustomize::{Error, Kustomizer};

fn tree(files: &[(&str, &str)]) -> MemFs {
    let mut fs = MemFs::new();
    for (p, c) in files {
        fs.add(format!("/t/{p}"), *c);
    }
    fs
}

fn build(files: &[(&str, &str)]) -> Result<String, Error> {
    Kustomizer::new(tree(files)).build_to_string("/t")
}

fn render(files: &[(&str, &str)]) -> String {
    build(files).unwrap_or_else(|e| panic!("build failed: {e}"))
}

/// A named tree, and the part of Kustomize's error message ours shares.
type ErrorCase<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<&'a str>);

fn error(files: &[(&str, &str)]) -> String {
    match build(files) {
        Ok(out) => panic!("expected an error, got:\n{out}"),
        Err(e) => e.to_string(),
    }
}

/// `y`, `On`, `NO`, `off` ... are YAML 1.1 booleans in the labels' bool fields.
#[test]
fn yaml11_booleans_in_bool_fields() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [deploy.yaml]
labels:
- pairs: {sel: a}
  includeSelectors: y
- pairs: {tpl: b}
  includeTemplates: On
- pairs: {meta: c}
  includeSelectors: NO
  includeTemplates: off
- pairs: {both: d}
  includeSelectors: Yes
  includeTemplates: N
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    both: d
    meta: c
    sel: a
    tpl: b
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
      both: d
      sel: a
  template:
    metadata:
      labels:
        app: web
        both: d
        sel: a
        tpl: b
    spec:
      containers:
      - image: nginx:1.25
        name: web
"#
    );
}

/// The case that was reported: `includeSelectors: yes`.
#[test]
fn the_reported_case_includeselectors_yes() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [cm.yaml, deploy.yaml]
labels:
- pairs: {env: prod}
  includeSelectors: yes
images:
- name: nginx
  newTag: "1.10"
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  labels:
    env: prod
  name: cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    env: prod
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
      env: prod
  template:
    metadata:
      labels:
        app: web
        env: prod
    spec:
      containers:
      - image: nginx:1.10
        name: web
"#
    );
}

/// Generator options (global and per generator) and patch options read YAML 1.1 booleans; literal text is untouched.
#[test]
fn generator_options_booleans() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"generatorOptions:
  disableNameSuffixHash: on
  immutable: Y
configMapGenerator:
- name: g
  literals: [A=yes, B=on, C=1.10]
secretGenerator:
- name: s
  literals: [x=y]
  options:
    disableNameSuffixHash: OFF
    immutable: no
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  A: "yes"
  B: "on"
  C: "1.10"
immutable: true
kind: ConfigMap
metadata:
  name: g
---
apiVersion: v1
data:
  x: eQ==
immutable: true
kind: Secret
metadata:
  name: s
type: Opaque
"#
    );
}

/// Patch `options`, label `fields[].create` and replacement `options.create` take YAML 1.1 booleans; an index in hex is a number.
#[test]
fn patch_and_field_spec_options() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [cm.yaml, deploy.yaml]
patches:
- target: {kind: ConfigMap}
  options: {allowNameChange: yes}
  patch: |-
    - op: replace
      path: /metadata/name
      value: renamed
labels:
- pairs: {team: x}
  fields:
  - path: spec/template/spec/nodeSelector
    kind: Deployment
    create: yes
replacements:
- source: {kind: ConfigMap, fieldPath: data.k}
  targets:
  - select: {kind: Deployment}
    fieldPaths: [spec.template.metadata.annotations.k]
    options: {create: Yes}
  - select: {kind: Deployment}
    fieldPaths: [spec.template.spec.containers.0.image]
    options: {delimiter: ':', index: 0x1}
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  labels:
    team: x
  name: renamed
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    team: x
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      annotations:
        k: v
      labels:
        app: web
    spec:
      containers:
      - image: nginx:v
        name: web
      nodeSelector:
        team: x
"#
    );
}

/// go-yaml v2 keeps timestamp-like scalars as text: they are fine where strings are wanted.
#[test]
fn timestamps_stay_text() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [cm.yaml, deploy.yaml]
namespace: 2001-12-14
configMapGenerator:
- name: 2024-01-02
  literals: [a=b]
  options: {disableNameSuffixHash: true}
images:
- name: nginx
  newTag: 2001-12-14 21:59:43.10
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  a: b
kind: ConfigMap
metadata:
  name: "2024-01-02"
  namespace: "2001-12-14"
---
apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  name: cm
  namespace: "2001-12-14"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: "2001-12-14"
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:2001-12-14 21:59:43.10
        name: web
"#
    );
}

/// Replica counts in the number forms go-yaml v2 reads (hex, binary, old octal, underscores, whole floats).
#[test]
fn replica_counts_in_yaml11_number_forms() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [a.yaml, b.yaml, c.yaml, d.yaml, e.yaml, f.yaml]
replicas:
- {name: a, count: 0x10}
- {name: b, count: 0b101}
- {name: c, count: 017}
- {name: d, count: 1_000}
- {name: e, count: 2.0}
- {name: f, count: .5e1}
"#,
        ),
        (
            "a.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "b.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "c.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: c
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "d.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "e.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: e
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "f.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: f
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
spec:
  replicas: 16
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
spec:
  replicas: 5
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: c
spec:
  replicas: 15
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: 1000
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: e
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: f
spec:
  replicas: 5
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
"#
    );
}

/// `~` is null (an absent field; an empty string inside a string map) and quoted scalars are strings.
#[test]
fn nulls_and_quoted_scalars() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [cm.yaml]
namespace: "no"
namePrefix: ~
nameSuffix: '-on'
commonLabels: {a: ~, b: "yes"}
commonAnnotations: {"on": "off"}
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  annotations:
    "on": "off"
  labels:
    a: ""
    b: "yes"
  name: cm-on
  namespace: "no"
"#
    );
}

/// Anchors, aliases and `<<` merge keys, as go-yaml v2 resolves them.
#[test]
fn anchors_and_merge_keys() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [deploy.yaml]
images:
- &img {name: nginx, newTag: "2"}
- <<: *img
  name: busybox
labels:
- &lab
  pairs: {x: v}
  includeSelectors: on
- <<: *lab
  pairs: {z: w}
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    x: v
    z: w
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
      x: v
      z: w
  template:
    metadata:
      labels:
        app: web
        x: v
        z: w
    spec:
      containers:
      - image: nginx:2
        name: web
"#
    );
}

/// Explicit tags resolve as go-yaml v2 does: `!!bool on` is true, `!!timestamp` keeps its text, `!!str` makes a string of anything.
#[test]
fn tagged_scalars_as_go_yaml_v2_reads_them() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [deploy.yaml]
namespace: !!str 123
labels:
- pairs: {a: !!str yes}
  includeSelectors: !!bool "on"
images:
- name: nginx
  newTag: !!timestamp 2001-12-14
replicas:
- {name: web, count: !!int "3"}
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    a: "yes"
  name: web
  namespace: "123"
spec:
  replicas: 3
  selector:
    matchLabels:
      a: "yes"
      app: web
  template:
    metadata:
      labels:
        a: "yes"
        app: web
    spec:
      containers:
      - image: nginx:2001-12-14
        name: web
"#
    );
}

/// go-yaml v2 keeps a quoted `<<` as an ordinary key (only a plain one merges); in the kustomization's own metadata it is ignored.
#[test]
fn quoted_merge_key_is_a_key() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [cm.yaml]
metadata:
  annotations: {"<<": x}
commonLabels:
  <<: {a: b}
  c: d
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  labels:
    a: b
    c: d
  name: cm
"#
    );
}

/// A Component file is read with the same rules.
#[test]
fn component_files_read_as_yaml11() {
    let out = render(&[
        (
            "cm.yaml",
            r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
        ),
        (
            "deploy.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
        ),
        (
            "kustomization.yaml",
            r#"resources: [cm.yaml, deploy.yaml]
components: [c]
"#,
        ),
        (
            "c/kustomization.yaml",
            r#"apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
labels:
- pairs: {tier: web}
  includeSelectors: on
images:
- name: nginx
  newTag: 2024-01-02
"#,
        ),
    ]);
    assert_eq!(
        out,
        r#"apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  labels:
    tier: web
  name: cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    tier: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
      tier: web
  template:
    metadata:
      labels:
        app: web
        tier: web
    spec:
      containers:
      - image: nginx:2024-01-02
        name: web
"#
    );
}

/// Where Kustomize fails to read the file, so do we (kubectl's message is
/// quoted above each case; `want` is the part our message shares with it).
#[test]
fn type_errors_as_kustomize_reports_them() {
    let cases: &[ErrorCase] = &[
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string
        (
            "bool_namespace",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
namespace: no
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.namespace of type string
        (
            "number_namespace",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
namespace: 123
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.namespace of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.namePrefix of type string
        (
            "hex_name_prefix",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
namePrefix: 0x1F
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.namePrefix of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.kind of type string
        (
            "bool_kind",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"kind: yes
resources: [cm.yaml]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.kind of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.resources of type string
        (
            "bool_in_resources",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml, yes]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.resources of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.resources of type []string
        (
            "bool_resources",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.resources of type []string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.crds of type string
        (
            "bool_in_crds",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
crds: [on]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.crds of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.buildMetadata of type string
        (
            "bool_in_build_metadata",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
buildMetadata: [yes]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.buildMetadata of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.commonLabels of type string
        (
            "bool_common_label",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
commonLabels: {env: yes}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.commonLabels of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.commonAnnotations of type string
        (
            "bool_common_annotation",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
commonAnnotations: {a: Off}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.commonAnnotations of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.openapi of type string
        (
            "number_openapi_version",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
openapi:
  version: 1.21
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.openapi of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal array into Go struct field Kustomization.openapi of type map[string]string
        (
            "openapi_list",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
openapi: [a]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal array into Go struct field Kustomization.openapi of type map[string]string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Label.labels.pairs of type string
        (
            "bool_label_pair",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {env: yes}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Label.labels.pairs of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Label.labels.pairs of type string
        (
            "number_label_pair",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {version: 1.0}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Label.labels.pairs of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field Label.labels.includeSelectors of type bool
        (
            "quoted_yes_in_bool_field",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {a: b}
  includeSelectors: "yes"
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field Label.labels.includeSelectors of type bool"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field Label.labels.includeTemplates of type bool
        (
            "mixed_case_yes_is_a_string",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {a: b}
  includeTemplates: yEs
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field Label.labels.includeTemplates of type bool"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Image.images.newTag of type string
        (
            "number_new_tag",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [deploy.yaml]
images:
- name: nginx
  newTag: 1.10
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Image.images.newTag of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Image.images.newTag of type string
        (
            "bool_new_tag",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [deploy.yaml]
images:
- name: nginx
  newTag: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Image.images.newTag of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Replica.replicas.count of type int64
        (
            "bool_replica_count",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [deploy.yaml]
replicas:
- name: web
  count: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Replica.replicas.count of type int64"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field ConfigMapArgs.configMapGenerator.literals of type string
        (
            "bool_generator_literal",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"configMapGenerator:
- name: g
  literals: [yes]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field ConfigMapArgs.configMapGenerator.literals of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field SecretArgs.secretGenerator.type of type string
        (
            "bool_secret_type",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"secretGenerator:
- name: s
  type: yes
  literals: [a=b]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field SecretArgs.secretGenerator.type of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field GeneratorOptions.configMapGenerator.options.labels of type string
        (
            "bool_generator_option_label",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"configMapGenerator:
- name: g
  literals: [a=b]
  options:
    labels: {x: y}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field GeneratorOptions.configMapGenerator.options.labels of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Selector.patches.target.name of type string
        (
            "bool_patch_target_name",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patches:
- target: {kind: ConfigMap, name: yes}
  patch: |-
    - op: add
      path: /data/x
      value: y
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Selector.patches.target.name of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field LegacySortOptions.sortOptions.legacySortOptions.orderFirst of type string
        (
            "bool_sort_option",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
sortOptions:
  order: legacy
  legacySortOptions:
    orderFirst: [yes]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field LegacySortOptions.sortOptions.legacySortOptions.orderFirst of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string
        (
            "bool_metadata_name",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
metadata:
  name: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal array into Go value of type types.Kustomization
        (
            "list_document",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"- resources
- cm.yaml
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal array into Go value of type types.Kustomization"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go value of type types.Kustomization
        (
            "bool_document",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go value of type types.Kustomization"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Patch.patches.path of type string
        (
            "bool_patch_path",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patches:
- path: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Patch.patches.path of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type []types.Patch
        (
            "string_patches",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patches: x
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type []types.Patch"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field Patch.patches.target of type types.Selector
        (
            "string_patch_target",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patches:
- target: x
  patch: "[]"
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field Patch.patches.target of type types.Selector"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field Patch.patches.options of type bool
        (
            "string_patch_option",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patches:
- path: x.yaml
  options: {allowNameChange: "x"}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field Patch.patches.options of type bool"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Selector.patchesJson6902.target.version of type string
        (
            "bool_json6902_target_version",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patchesJson6902:
- target: {kind: ConfigMap, name: cm, version: on}
  patch: "[]"
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Selector.patchesJson6902.target.version of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.patchesStrategicMerge of type types.PatchStrategicMerge
        (
            "bool_strategic_merge_entry",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
patchesStrategicMerge: [yes]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.patchesStrategicMerge of type types.PatchStrategicMerge"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field SourceSelector.replacements.source.fieldPath of type string
        (
            "bool_replacement_field_path",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
replacements:
- source: {kind: ConfigMap, fieldPath: yes}
  targets: [{select: {kind: ConfigMap}, fieldPaths: [metadata.name]}]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field SourceSelector.replacements.source.fieldPath of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Selector.replacements.targets.select.name of type string
        (
            "bool_replacement_select_name",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
replacements:
- source: {kind: ConfigMap, fieldPath: metadata.name}
  targets: [{select: {kind: ConfigMap, name: no}, fieldPaths: [metadata.name]}]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Selector.replacements.targets.select.name of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number 1.5 into Go struct field FieldOptions.replacements.targets.options.index of type int
        (
            "fractional_replacement_index",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
replacements:
- source: {kind: ConfigMap, fieldPath: metadata.name}
  targets: [{select: {kind: ConfigMap}, fieldPaths: [metadata.name], options: {index: 1.5}}]
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number 1.5 into Go struct field FieldOptions.replacements.targets.options.index of type int"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field ReplacementField.replacements.path of type string
        (
            "number_replacement_path",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
replacements:
- path: 12
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field ReplacementField.replacements.path of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Var.vars.name of type string
        (
            "bool_var_name",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
vars:
- name: yes
  objref: {kind: ConfigMap, name: cm, apiVersion: v1}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Var.vars.name of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field SortOptions.sortOptions.order of type types.SortOrder
        (
            "bool_sort_order",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
sortOptions: {order: yes}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field SortOptions.sortOptions.order of type types.SortOrder"#,
            ),
        ),
        // kubectl: invalid Kustomization: yaml: found incompatible YAML document
        (
            "yaml_1_2_directive",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"%YAML 1.2
---
resources: [cm.yaml]
"#,
                ),
            ],
            Some(r#"found incompatible YAML document"#),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string
        (
            "tagged_bool_namespace",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
namespace: !!bool yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal object into Go struct field Kustomization.commonLabels of type string
        (
            "quoted_merge_key_with_a_map_value",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
commonLabels:
  "<<": {a: b}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal object into Go struct field Kustomization.commonLabels of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: unknown field "<<"
        (
            "quoted_merge_key_is_an_unknown_field",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
images:
- {"<<": x}
"#,
                ),
            ],
            Some(r#"invalid Kustomization: json: unknown field "<<""#),
        ),
        // kubectl: `: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value
        (
            "quoted_merge_key_in_common_annotations",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
commonAnnotations: {"<<": v1}
"#,
                ),
            ],
            Some(r#"map merge requires map or sequence of maps as the value"#),
        ),
        // kubectl: `: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value
        (
            "str_merge_key_in_label_pairs",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {!!str <<: v1}
"#,
                ),
            ],
            Some(r#"map merge requires map or sequence of maps as the value"#),
        ),
        // kubectl: `: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value
        (
            "quoted_merge_key_in_generator_options",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"configMapGenerator:
- name: g
  literals: [a=b]
  options:
    labels: {'<<': x}
"#,
                ),
            ],
            Some(r#"map merge requires map or sequence of maps as the value"#),
        ),
        // kubectl: `: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value
        (
            "quoted_merge_key_in_global_generator_options",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"generatorOptions:
  annotations: {"<<": x}
configMapGenerator:
- name: g
  literals: [a=b]
"#,
                ),
            ],
            Some(r#"map merge requires map or sequence of maps as the value"#),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.metadata of type types.ObjectMeta
        (
            "metadata_not_a_mapping",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
metadata: x
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.metadata of type types.ObjectMeta"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field ConfigMapArgs.configMapGenerator.files of type []string
        (
            "bool_generator_files",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"configMapGenerator:
- name: s
  files: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field ConfigMapArgs.configMapGenerator.files of type []string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field GeneratorOptions.generatorOptions.labels of type string
        (
            "bool_global_generator_option_label",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
generatorOptions:
  labels: {a: yes}
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field GeneratorOptions.generatorOptions.labels of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field GeneratorOptions.secretGenerator.options.immutable of type bool
        (
            "string_secret_option_immutable",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"secretGenerator:
- name: s
  literals: [a=b]
  options:
    immutable: "x"
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field GeneratorOptions.secretGenerator.options.immutable of type bool"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal string into Go struct field FieldSpec.labels.fields.create of type bool
        (
            "string_label_field_create",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {a: b}
  fields:
  - path: x
    create: "x"
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal string into Go struct field FieldSpec.labels.fields.create of type bool"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal bool into Go struct field FieldSpec.labels.fields.path of type string
        (
            "bool_label_field_path",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
labels:
- pairs: {a: b}
  fields:
  - path: yes
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal bool into Go struct field FieldSpec.labels.fields.path of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Image.imageTags.newTag of type string
        (
            "number_image_tags_new_tag",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [deploy.yaml]
imageTags:
- name: nginx
  newTag: 1.5
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Image.imageTags.newTag of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: cannot unmarshal number into Go struct field Image.images.digest of type string
        (
            "number_image_digest",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [deploy.yaml]
images:
- name: nginx
  digest: 1
"#,
                ),
            ],
            Some(
                r#"invalid Kustomization: json: cannot unmarshal number into Go struct field Image.images.digest of type string"#,
            ),
        ),
        // kubectl: invalid Kustomization: json: unknown field "true"
        (
            "bool_key_is_true",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [deploy.yaml]
images:
- name: nginx
  yes: x
"#,
                ),
            ],
            Some(r#"invalid Kustomization: json: unknown field "true""#),
        ),
        // kubectl: invalid Kustomization: json: unknown field "true"
        (
            "top_level_bool_key",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
Yes: [a]
"#,
                ),
            ],
            Some(r#"invalid Kustomization: json: unknown field "true""#),
        ),
        // kubectl: invalid Kustomization: json: unknown field "1.5"
        (
            "top_level_float_key",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
1.50: [a]
"#,
                ),
            ],
            Some(r#"invalid Kustomization: json: unknown field "1.5""#),
        ),
        // kubectl: accumulating components: accumulateDirectory: "couldn't make target for path '/tmp/yaml11k-t/trees/component_bool_namespace/c': invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string"
        (
            "component_bool_namespace",
            &[
                (
                    "cm.yaml",
                    r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: v
"#,
                ),
                (
                    "deploy.yaml",
                    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
"#,
                ),
                (
                    "kustomization.yaml",
                    r#"resources: [cm.yaml]
components: [c]
"#,
                ),
                (
                    "c/kustomization.yaml",
                    r#"apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
namespace: off
"#,
                ),
            ],
            Some(
                r#"json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string"#,
            ),
        ),
    ];
    for (name, files, want) in cases {
        let e = error(files);
        if let Some(want) = want {
            assert!(e.contains(want), "{name}: {e}");
        }
        insta::assert_snapshot!(*name, e);
    }
}
