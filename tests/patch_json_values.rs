//! Values in JSON 6902 patches written in YAML: Kustomize converts the text
//! with sigs.k8s.io/yaml (go-yaml v2), so YAML 1.1 scalars apply (`on`, `y`,
//! `no` are booleans, timestamps stay text, non-string keys become strings),
//! and it reads the patched resource back through Go's float64 (integers
//! beyond 2^53 are rounded). Expected output: `kubectl kustomize`
//! (Kustomize v5.5.0) on the same tree; all three JSON patch forms.

use rustomize::{Kustomizer, fs::MemFs};

const KUSTOMIZATION: &str = r#"resources: [f.yaml]
patches:
- target: {kind: Foo}
  patch: |-
    - op: add
      path: /spec/a
      value: [y, yes, on, n, no, off, "on", 2001-12-14, 1e3, 0x1F, 1_000]
patchesJson6902:
- target: {group: example.com, version: v1, kind: Foo, name: f}
  path: ops.yaml
transformers: [t.yaml]
"#;

const OPS: &str =
    "- op: add\n  path: /spec/b\n  value: {n: 1, on: 2, 3: c, 1.5: d, 2001-12-14: e, Yes: f}\n";

const TRANSFORMER: &str = "apiVersion: builtin\nkind: PatchJson6902Transformer\nmetadata: {name: t}\ntarget: {name: f}\njsonOp: |\n  - op: add\n    path: /spec/c\n    value: Off\n";

const RESOURCE: &str = "apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: f\nspec:\n  big: 9007199254740993\n  small: 7\n";

const WANT: &str = r#"apiVersion: example.com/v1
kind: Foo
metadata:
  name: f
spec:
  a:
  - true
  - true
  - true
  - false
  - false
  - false
  - "on"
  - "2001-12-14"
  - 1000
  - 31
  - 1000
  b:
    "1.5": d
    "3": c
    "2001-12-14": e
    "false": 1
    "true": f
  big: 9007199254740992
  c: false
  small: 7
"#;

#[test]
fn yaml_json_patches_read_scalars_as_kustomize_does() {
    let mut fs = MemFs::new();
    for (name, text) in [
        ("kustomization.yaml", KUSTOMIZATION),
        ("f.yaml", RESOURCE),
        ("ops.yaml", OPS),
        ("t.yaml", TRANSFORMER),
    ] {
        fs.add(format!("/app/{name}"), text);
    }
    let got = Kustomizer::new(fs).build_to_string("/app").unwrap();
    assert!(got == WANT, "output differs from kubectl's:\n{got}");
}

/// A null key or an integer beyond int64 is an error there (sigs.k8s.io/yaml
/// cannot make a JSON key of it).
#[test]
fn keys_json_cannot_hold_are_errors() {
    for key in ["~", "18446744073709551615"] {
        let mut fs = MemFs::new();
        let k = format!(
            "resources: [f.yaml]\npatches:\n- target: {{kind: Foo}}\n  patch: |-\n    - op: add\n      path: /spec/x\n      value: {{{key}: a}}\n"
        );
        fs.add("/app/kustomization.yaml", k);
        fs.add("/app/f.yaml", RESOURCE);
        let err = Kustomizer::new(fs).build_to_string("/app").unwrap_err();
        assert!(
            err.to_string().contains("unable to parse SM or JSON patch"),
            "{err}"
        );
    }
}
