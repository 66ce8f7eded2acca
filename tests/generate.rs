//! Generators end to end: ConfigMaps and Secrets from literals, env files and
//! files, options, overlays merging and replacing, `generators:` entries, and
//! the name hash suffix with references updated. Every expected output below
//! was produced by `kubectl kustomize` (Kustomize v5.5.0) on the same tree.

use rustomize::{Kustomizer, fs::MemFs};

fn build(fs: MemFs, dir: &str) -> String {
    match Kustomizer::new(fs).build_to_string(dir) {
        Ok(s) => s,
        Err(e) => panic!("build failed: {e}"),
    }
}

/// The error a build must fail with, as text.
fn error(fs: MemFs, dir: &str) -> String {
    match Kustomizer::new(fs).build_to_string(dir) {
        Ok(out) => panic!("expected an error, got:\n{out}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn generated_names_and_references() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/app.env",
        r#"DB_HOST=db
# comment
DB_PORT=5432
"#,
    );
    fs.add(
        "/t/deploy.yaml",
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx
        envFrom:
        - configMapRef:
            name: app-config
        - secretRef:
            name: creds
        env:
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: creds
              key: password
        - name: LEVEL
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: LOG_LEVEL
      volumes:
      - name: cfg
        configMap:
          name: app-config
      - name: certs
        secret:
          secretName: tls
      - name: all
        projected:
          sources:
          - configMap:
              name: plain
          - secret:
              name: creds
"#,
    );
    fs.add(
        "/t/init.ini",
        r#"[main]
x=1
"#,
    );
    fs.add(
        "/t/kustomization.yaml",
        r#"namePrefix: p-
namespace: team
resources:
- deploy.yaml
configMapGenerator:
- name: app-config
  envs:
  - app.env
  literals:
  - LOG_LEVEL=debug
  files:
  - settings.json
  - renamed.ini=init.ini
- name: plain
  literals:
  - a=b
  options:
    disableNameSuffixHash: true
secretGenerator:
- name: creds
  literals:
  - password=s3cr3t
  type: Opaque
- name: tls
  type: kubernetes.io/tls
  files:
  - tls.crt
  - tls.key
generatorOptions:
  labels:
    generated: "yes"
  annotations:
    note: from-options
"#,
    );
    fs.add(
        "/t/settings.json",
        r#"{
  "feature": true
}
"#,
    );
    fs.add(
        "/t/tls.crt",
        r#"CERT
"#,
    );
    fs.add(
        "/t/tls.key",
        r#"KEY
"#,
    );
    assert_eq!(
        build(fs, "/t/."),
        r#"apiVersion: v1
data:
  DB_HOST: db
  DB_PORT: "5432"
  LOG_LEVEL: debug
  renamed.ini: |
    [main]
    x=1
  settings.json: |
    {
      "feature": true
    }
kind: ConfigMap
metadata:
  annotations:
    note: from-options
  labels:
    generated: "yes"
  name: p-app-config-kf48c99f58
  namespace: team
---
apiVersion: v1
data:
  a: b
kind: ConfigMap
metadata:
  annotations:
    note: from-options
  labels:
    generated: "yes"
  name: p-plain
  namespace: team
---
apiVersion: v1
data:
  password: czNjcjN0
kind: Secret
metadata:
  annotations:
    note: from-options
  labels:
    generated: "yes"
  name: p-creds-25k92892fb
  namespace: team
type: Opaque
---
apiVersion: v1
data:
  tls.crt: Q0VSVAo=
  tls.key: S0VZCg==
kind: Secret
metadata:
  annotations:
    note: from-options
  labels:
    generated: "yes"
  name: p-tls-2bk8c2k248
  namespace: team
type: kubernetes.io/tls
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: p-web
  namespace: team
spec:
  template:
    spec:
      containers:
      - env:
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              key: password
              name: p-creds-25k92892fb
        - name: LEVEL
          valueFrom:
            configMapKeyRef:
              key: LOG_LEVEL
              name: p-app-config-kf48c99f58
        envFrom:
        - configMapRef:
            name: p-app-config-kf48c99f58
        - secretRef:
            name: p-creds-25k92892fb
        image: nginx
        name: web
      volumes:
      - configMap:
          name: p-app-config-kf48c99f58
        name: cfg
      - name: certs
        secret:
          secretName: p-tls-2bk8c2k248
      - name: all
        projected:
          sources:
          - configMap:
              name: p-plain
          - secret:
              name: p-creds-25k92892fb
"#
    );
}

#[test]
fn overlay_merge_replace_and_options() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/base/cm.yaml",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: static
data:
  keep: "1"
"#,
    );
    fs.add(
        "/t/base/kustomization.yaml",
        r#"namePrefix: base-
resources:
- cm.yaml
- pod.yaml
configMapGenerator:
- name: settings
  literals:
  - color=blue
  - size=small
  options:
    labels:
      tier: base
- name: to-replace
  literals:
  - old=1
secretGenerator:
- name: db
  literals:
  - user=admin
generatorOptions:
  annotations:
    origin: base
"#,
    );
    fs.add(
        "/t/base/pod.yaml",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox
    envFrom:
    - configMapRef:
        name: settings
    - configMapRef:
        name: to-replace
    - configMapRef:
        name: static
    - secretRef:
        name: db
"#,
    );
    fs.add(
        "/t/overlay/kustomization.yaml",
        r#"namespace: prod
nameSuffix: -v2
resources:
- ../base
configMapGenerator:
- name: settings
  behavior: merge
  literals:
  - size=large
  - extra=yes
  options:
    labels:
      tier: overlay
      env: prod
- name: to-replace
  behavior: replace
  literals:
  - new=2
- name: static
  behavior: merge
  literals:
  - added=x
- name: fresh
  literals:
  - k=v
secretGenerator:
- name: db
  behavior: merge
  literals:
  - password=pw
generatorOptions:
  labels:
    layer: overlay
"#,
    );
    assert_eq!(
        build(fs, "/t/overlay"),
        r#"apiVersion: v1
data:
  color: blue
  extra: "yes"
  size: large
kind: ConfigMap
metadata:
  annotations:
    origin: base
  labels:
    env: prod
    layer: overlay
    tier: overlay
  name: base-settings-v2-tmfh8bhkmf
  namespace: prod
---
apiVersion: v1
data:
  added: x
  keep: "1"
kind: ConfigMap
metadata:
  labels:
    layer: overlay
  name: base-static-v2
  namespace: prod
---
apiVersion: v1
data:
  new: "2"
kind: ConfigMap
metadata:
  annotations:
    origin: base
  labels:
    layer: overlay
  name: base-to-replace-v2-g588d7kf6d
  namespace: prod
---
apiVersion: v1
data:
  k: v
kind: ConfigMap
metadata:
  labels:
    layer: overlay
  name: fresh-v2-bdg947hgcc
  namespace: prod
---
apiVersion: v1
data:
  password: cHc=
  user: YWRtaW4=
kind: Secret
metadata:
  annotations:
    origin: base
  labels:
    layer: overlay
  name: base-db-v2-hghbh7bb97
  namespace: prod
type: Opaque
---
apiVersion: v1
kind: Pod
metadata:
  name: base-app-v2
  namespace: prod
spec:
  containers:
  - envFrom:
    - configMapRef:
        name: base-settings-v2-tmfh8bhkmf
    - configMapRef:
        name: base-to-replace-v2-g588d7kf6d
    - configMapRef:
        name: base-static-v2
    - secretRef:
        name: base-db-v2-hghbh7bb97
    image: busybox
    name: app
"#
    );
}

#[test]
fn generators_field_inline_file_and_directory() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/app/cmgen.yaml",
        r#"apiVersion: builtin
kind: ConfigMapGenerator
metadata:
  name: from-file
name: own-name
envs:
- vars.env
options:
  disableNameSuffixHash: true
  labels:
    by: file
"#,
    );
    fs.add(
        "/t/app/kustomization.yaml",
        r#"namePrefix: x-
configMapGenerator:
- name: base-cm
  literals:
  - from=kustomization
generators:
- |-
  apiVersion: builtin
  kind: SecretGenerator
  metadata:
    name: inline-secret
    namespace: ns1
  type: kubernetes.io/basic-auth
  literals:
  - username=admin
- cmgen.yaml
- ../gens
"#,
    );
    fs.add(
        "/t/app/vars.env",
        r#"A=1
B=2
"#,
    );
    fs.add(
        "/t/gens/kustomization.yaml",
        r#"resources:
- merge.yaml
"#,
    );
    fs.add(
        "/t/gens/merge.yaml",
        r#"apiVersion: builtin
kind: ConfigMapGenerator
metadata:
  name: base-cm
behavior: merge
literals:
- merged=true
"#,
    );
    assert_eq!(
        build(fs, "/t/app"),
        r#"apiVersion: v1
data:
  from: kustomization
  merged: "true"
kind: ConfigMap
metadata:
  name: x-base-cm-8hhh275k7m
---
apiVersion: v1
data:
  A: "1"
  B: "2"
kind: ConfigMap
metadata:
  labels:
    by: file
  name: x-own-name
---
apiVersion: v1
data:
  username: YWRtaW4=
kind: Secret
metadata:
  name: x-inline-secret-7d7th5k964
  namespace: ns1
type: kubernetes.io/basic-auth
"#
    );
}

#[test]
fn binary_data_env_rules_and_immutable() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/hello.bin",
        [0xffu8, b'h', b'e', b'l', b'l', b'o'].repeat(30),
    );
    fs.add(
        "/t/kustomization.yaml",
        r#"generatorOptions:
  immutable: true
configMapGenerator:
- name: mixed
  env: win.env
  files:
  - hello.bin
  - long.txt
secretGenerator:
- name: blob
  files:
  - hello.bin
  - long.txt
  options:
    labels:
      kind: blob
"#,
    );
    fs.add("/t/long.txt", r#"line of text line of text line of text line of text line of text line of text line of text line of text line of text line of text 
"#);
    fs.add(
        "/t/win.env",
        "\u{feff}FIRST=1\r\n  # indented comment\r\nBARE\r\nQUOTED=\"kept\"\r\nEQ=a=b\r\n",
    );
    assert_eq!(
        build(fs, "/t/."),
        r#"apiVersion: v1
binaryData:
  hello.bin: |
    /2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbG
    xv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hl
    bGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2
    hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv
data:
  BARE: ""
  EQ: a=b
  FIRST: "1"
  QUOTED: '"kept"'
  long.txt: "line of text line of text line of text line of text line of text line
    of text line of text line of text line of text line of text \n"
immutable: true
kind: ConfigMap
metadata:
  name: mixed-9hk4bh99df
---
apiVersion: v1
data:
  hello.bin: |
    /2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbG
    xv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hl
    bGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv/2
    hlbGxv/2hlbGxv/2hlbGxv/2hlbGxv
  long.txt: |
    bGluZSBvZiB0ZXh0IGxpbmUgb2YgdGV4dCBsaW5lIG9mIHRleHQgbGluZSBvZiB0ZXh0IG
    xpbmUgb2YgdGV4dCBsaW5lIG9mIHRleHQgbGluZSBvZiB0ZXh0IGxpbmUgb2YgdGV4dCBs
    aW5lIG9mIHRleHQgbGluZSBvZiB0ZXh0IAo=
immutable: true
kind: Secret
metadata:
  labels:
    kind: blob
  name: blob-bt985mm62m
type: Opaque
"#
    );
}

#[test]
fn error_merge_without_base() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/kustomization.yaml",
        r#"configMapGenerator:
- name: nope
  behavior: merge
  literals: [a=b]
"#,
    );
    // kubectl: "merging from generator &{0xc00081e8f0 <nil>}: id resid.ResId{Gvk:resid.Gvk{Group:\"\", Version:\"v1\", Kind:\"ConfigMap\", isClusterScoped:false}, Name:\"nope\", Namespace:\"\"} does not exist; cannot merge or replace"
    insta::assert_snapshot!(error(fs, "/t/."));
}

#[test]
fn error_create_clashes_with_base() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/base/kustomization.yaml",
        r#"configMapGenerator:
- name: c
  literals: [a=b]
"#,
    );
    fs.add(
        "/t/ov/kustomization.yaml",
        r#"resources: [../base]
configMapGenerator:
- name: c
  literals: [a=c]
"#,
    );
    // kubectl: "merging from generator &{0xc00040c0d0 <nil>}: id resid.ResId{Gvk:resid.Gvk{Group:\"\", Version:\"v1\", Kind:\"ConfigMap\", isClusterScoped:false}, Name:\"c\", Namespace:\"\"} exists; behavior must be merge or replace"
    insta::assert_snapshot!(error(fs, "/t/ov"));
}

#[test]
fn error_duplicate_key() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/a.env", r#"A=1
"#,
    );
    fs.add(
        "/t/kustomization.yaml",
        r#"configMapGenerator:
- name: c
  envs: [a.env]
  literals: [A=2]
"#,
    );
    // kubectl: "configmap c illegally repeats the key `A`"
    insta::assert_snapshot!(error(fs, "/t/."));
}

#[test]
fn error_file_outside_root() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/app/kustomization.yaml",
        r#"secretGenerator:
- name: s
  files: [../secret.txt]
"#,
    );
    fs.add(
        "/t/secret.txt",
        r#"secret
"#,
    );
    // kubectl: "loading KV pairs: file sources: [../secret.txt]: security; file '<case>/outside/secret.txt' is not in or below '<case>/outside/app'"
    insta::assert_snapshot!(error(fs, "/t/app"));
}

#[test]
fn error_unknown_generator_field() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/kustomization.yaml",
        r#"configMapGenerator:
- name: c
  literal: [a=b]
"#,
    );
    // kubectl: "invalid Kustomization: json: unknown field \"literal\""
    insta::assert_snapshot!(error(fs, "/t/."));
}

#[test]
fn error_file_is_a_directory() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/d/f", r#"x
"#,
    );
    fs.add(
        "/t/kustomization.yaml",
        r#"configMapGenerator:
- name: c
  files: [d]
"#,
    );
    // kubectl: "loading KV pairs: file sources: [d]: '<case>/dir/d' must resolve to a file"
    insta::assert_snapshot!(error(fs, "/t/."));
}

#[test]
fn merge_into_plain_resource_keeps_name_without_hash() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/base/cm.yaml",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: plain
  labels: {x: "1"}
data:
  k: 1
  j: true
"#,
    );
    fs.add(
        "/t/base/kustomization.yaml",
        r#"resources: [cm.yaml]
namePrefix: b-
"#,
    );
    fs.add(
        "/t/ov/kustomization.yaml",
        r#"resources: [../base]
configMapGenerator:
- name: plain
  behavior: merge
  literals: [n=<&>]
  options:
    immutable: true
    annotations: {z: w}
"#,
    );
    assert_eq!(
        build(fs, "/t/ov"),
        r#"apiVersion: v1
data:
  j: "true"
  k: "1"
  "n": <&>
immutable: true
kind: ConfigMap
metadata:
  annotations:
    z: w
  labels:
    x: "1"
  name: b-plain
"#
    );
}

#[test]
fn error_builtin_transformer_is_not_a_generator() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/kustomization.yaml",
        r#"generators:
- |-
  apiVersion: builtin
  kind: PatchTransformer
  metadata:
    name: p
"#,
    );
    // kubectl: "loading generator plugins: failed to load generator: plugin
    // PatchTransformer.builtin.[noGrp]/p.[noNs] fails configuration: ..."
    insta::assert_snapshot!(error(fs, "/t/."));
}

#[test]
fn error_external_generator_plugin() {
    let mut fs = MemFs::new();
    fs.add(
        "/t/kustomization.yaml",
        r#"generators:
- |-
  apiVersion: example.com/v1
  kind: MyGenerator
  metadata:
    name: g
"#,
    );
    // kubectl: "loading generator plugins: failed to load generator: external plugins disabled; unable to load external plugin 'MyGenerator'"
    insta::assert_snapshot!(error(fs, "/t/."));
}
