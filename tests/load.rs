//! Loading through the public API, on in-memory trees: document splitting,
//! lists, directories, and the errors (snapshotted with insta). Expected
//! outputs come from `kubectl kustomize` (Kustomize v5.5.0).

use rustomize::fs::MemFs;
use rustomize::{BuildOptions, Error, Kustomizer, LoadRestrictor};
use std::path::Path;

fn tree(files: &[(&str, &str)]) -> MemFs {
    let mut fs = MemFs::new();
    for (p, c) in files {
        fs.add(p, *c);
    }
    fs
}

fn build(files: &[(&str, &str)], dir: &str) -> Result<String, Error> {
    Kustomizer::new(tree(files)).build_to_string(dir)
}

fn error(files: &[(&str, &str)], dir: &str) -> Error {
    match build(files, dir) {
        Ok(out) => panic!("expected an error, got:\n{out}"),
        Err(e) => e,
    }
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

#[test]
fn document_separators_comments_crlf_and_empty_documents() {
    let out = build(
        &[
            (
                "/t/kustomization.yaml",
                "resources:\n- a.yaml\n- b.yaml\n- c.yaml\n",
            ),
            (
                "/t/a.yaml",
                r#"---
# leading separator and comments
apiVersion: v1
kind: ConfigMap
metadata:
  name: a1
---
---
# only a comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a2
--- # trailing comment on a separator
apiVersion: v1
kind: ConfigMap
metadata:
  name: a3
"#,
            ),
            (
                "/t/b.yaml",
                r#"apiVersion: v1
kind: Secret
metadata:
  name: b1
---
apiVersion: v1
kind: Secret
metadata:
  name: b2
"#,
            ),
            (
                "/t/c.yaml",
                r#"apiVersion: v1
kind: Service
metadata:
  name: c1
...
---
{}
---
null
---
apiVersion: v1
kind: Service
metadata:
  name: c2
"#,
            ),
        ],
        "/t",
    )
    .unwrap();
    assert_eq!(
        out,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a2
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a3
---
apiVersion: v1
kind: Secret
metadata:
  name: b1
---
apiVersion: v1
kind: Secret
metadata:
  name: b2
---
apiVersion: v1
kind: Service
metadata:
  name: c1
---
apiVersion: v1
kind: Service
metadata:
  name: c2
"#
    );
}

#[test]
fn lists_are_expanded() {
    let out = build(
        &[
            (
                "/t/kustomization.yaml",
                "resources:\n- list.yaml\n- mixed.yaml\n",
            ),
            (
                "/t/list.yaml",
                r#"apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: from-list-1
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: from-list-2
"#,
            ),
            (
                "/t/mixed.yaml",
                r#"apiVersion: v1
kind: ServiceList
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: svc-from-list
---
apiVersion: v1
kind: Service
metadata:
  name: plain-svc
---
apiVersion: example.com/v1
kind: WidgetList
metadata:
  name: not-a-list-without-items
spec:
  size: 3
---
apiVersion: v1
kind: PodList
items: []
"#,
            ),
        ],
        "/t",
    )
    .unwrap();
    assert_eq!(
        out,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: from-list-1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: from-list-2
---
apiVersion: v1
kind: Service
metadata:
  name: plain-svc
---
apiVersion: v1
kind: Service
metadata:
  name: svc-from-list
---
apiVersion: example.com/v1
kind: WidgetList
metadata:
  name: not-a-list-without-items
spec:
  size: 3
"#
    );
}

#[test]
fn overlay_over_bases_with_all_kustomization_file_names() {
    let out = build(
        &[
            (
                "/repo/overlays/prod/kustomization.yaml",
                "resources:\n- ../../base/a\nbases:\n- ../../base/b\n",
            ),
            ("/repo/base/a/kustomization.yml", "resources:\n- cm.yaml\n"),
            ("/repo/base/a/cm.yaml", CM),
            ("/repo/base/b/Kustomization", "resources:\n- sa.yaml\n"),
            (
                "/repo/base/b/sa.yaml",
                "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n",
            ),
        ],
        "/repo/overlays/prod",
    )
    .unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\n\
         apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
    );
}

#[test]
fn relative_path_from_the_current_directory() {
    // Tests run from the crate root: a relative directory works like an absolute one.
    let dir = env!("CARGO_MANIFEST_DIR");
    let abs = Kustomizer::on_disk()
        .build_to_string(Path::new(dir).join("fixtures/gitops/base/worker"))
        .unwrap();
    let rel = Kustomizer::on_disk()
        .build_to_string("fixtures/gitops/base/worker")
        .unwrap();
    assert_eq!(abs, rel);
}

#[test]
fn annotations_are_stringified_and_bookkeeping_removed() {
    let out = build(
        &[
            ("/t/kustomization.yaml", "resources:\n- s.yaml\n"),
            (
                "/t/s.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    port: 8080\n    \
                 happy: true\n    config.kubernetes.io/index: '0'\n  name: demo\n",
            ),
        ],
        "/t",
    )
    .unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    happy: \"true\"\n    \
         port: \"8080\"\n  name: demo\n"
    );
}

#[test]
fn local_config_is_dropped() {
    let out = build(
        &[
            ("/t/kustomization.yaml", "resources:\n- r.yaml\n"),
            (
                "/t/r.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n  annotations:\n    \
                 config.kubernetes.io/local-config: \"true\"\n---\n\
                 apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n",
            ),
        ],
        "/t",
    )
    .unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n"
    );
}

#[test]
fn load_restrictor_none_allows_files_outside() {
    let files = [
        (
            "/r/app/kustomization.yaml",
            "resources:\n- ../shared/cm.yaml\n",
        ),
        ("/r/shared/cm.yaml", CM),
    ];
    assert!(matches!(
        error(&files, "/r/app"),
        Error::LoadRestriction { .. }
    ));
    let opts = BuildOptions {
        load_restrictor: LoadRestrictor::None,
        ..Default::default()
    };
    let out = Kustomizer::new(tree(&files))
        .with_options(opts)
        .build_to_string("/r/app")
        .unwrap();
    assert_eq!(out, CM);
}

#[test]
fn yaml_errors_carry_the_file_line() {
    let e = error(
        &[
            ("/t/kustomization.yaml", "resources:\n- bad.yaml\n"),
            (
                "/t/bad.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n\
                 apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    \
                 app: x\n    - name: http\n",
            ),
        ],
        "/t",
    );
    match e {
        Error::Yaml { path, line, .. } => {
            assert_eq!(path, Path::new("/t/bad.yaml"));
            assert!((12..=13).contains(&line), "line {line}");
        }
        e => panic!("unexpected {e}"),
    }
}

#[test]
fn errors() {
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (
            "missing_file",
            &[("/t/kustomization.yaml", "resources:\n- nope.yaml\n")],
            "/t",
        ),
        (
            "missing_kustomization_in_base",
            &[
                ("/t/kustomization.yaml", "resources:\n- base\n"),
                ("/t/base/cm.yaml", CM),
            ],
            "/t",
        ),
        ("no_kustomization", &[("/t/cm.yaml", CM)], "/t"),
        (
            "two_kustomizations",
            &[
                ("/t/kustomization.yaml", "resources: []\n"),
                ("/t/Kustomization", "resources: []\n"),
            ],
            "/t",
        ),
        (
            "restricted",
            &[
                ("/t/app/kustomization.yaml", "resources:\n- ../cm.yaml\n"),
                ("/t/cm.yaml", CM),
            ],
            "/t/app",
        ),
        (
            "cycle",
            &[
                ("/t/a/kustomization.yaml", "resources:\n- ../b\n"),
                ("/t/b/kustomization.yaml", "resources:\n- ../a\n"),
            ],
            "/t/a",
        ),
        (
            "duplicate",
            &[
                ("/t/kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n"),
                ("/t/a.yaml", CM),
                (
                    "/t/b.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n",
                ),
            ],
            "/t",
        ),
        (
            "missing_kind",
            &[
                ("/t/kustomization.yaml", "resources:\n- r.yaml\n"),
                ("/t/r.yaml", "apiVersion: v1\nmetadata:\n  name: x\n"),
            ],
            "/t",
        ),
        (
            "missing_name",
            &[
                ("/t/kustomization.yaml", "resources:\n- r.yaml\n"),
                ("/t/r.yaml", "apiVersion: v1\nkind: ConfigMap\n"),
            ],
            "/t",
        ),
        (
            "not_a_resource",
            &[
                ("/t/kustomization.yaml", "resources:\n- r.yaml\n"),
                ("/t/r.yaml", "- a\n- b\n"),
            ],
            "/t",
        ),
        (
            "bad_separator",
            &[
                ("/t/kustomization.yaml", "resources:\n- r.yaml\n"),
                ("/t/r.yaml", "a: 1\n--- b\n"),
            ],
            "/t",
        ),
        (
            "empty_kustomization",
            &[("/t/kustomization.yaml", "# nothing\n")],
            "/t",
        ),
        (
            "unknown_field",
            &[("/t/kustomization.yaml", "resource:\n- a.yaml\n")],
            "/t",
        ),
        (
            "wrong_kind",
            &[(
                "/t/kustomization.yaml",
                "kind: Kustomisation\nresources: []\n",
            )],
            "/t",
        ),
        (
            "component_as_resource",
            &[
                ("/t/kustomization.yaml", "resources:\n- c\n"),
                (
                    "/t/c/kustomization.yaml",
                    "kind: Component\napiVersion: kustomize.config.k8s.io/v1alpha1\nresources: []\n",
                ),
            ],
            "/t",
        ),
        (
            "helm",
            &[("/t/kustomization.yaml", "helmCharts:\n- name: x\n")],
            "/t",
        ),
        (
            "sort_options",
            &[("/t/kustomization.yaml", "sortOptions:\n  order: random\n")],
            "/t",
        ),
        ("build_missing_dir", &[], "/nowhere"),
    ];
    for (name, files, dir) in cases {
        let e = error(files, dir);
        insta::assert_snapshot!(*name, e.to_string());
    }
}

#[test]
fn kustomization_repeated_keys_last_wins_and_first_document_only() {
    // kubectl reads kustomization files with go-yaml v2: no duplicate-key error.
    let out = build(
        &[
            (
                "/t/kustomization.yaml",
                "resources:\n- a.yaml\nresources:\n- b.yaml\n---\nnamePrefix: ignored-\n",
            ),
            (
                "/t/a.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
            ),
            (
                "/t/b.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
            ),
        ],
        "/t",
    )
    .unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"
    );
    // In resource files a repeated key is an error, as in Kustomize.
    let e = error(
        &[
            ("/t/kustomization.yaml", "resources:\n- a.yaml\n"),
            (
                "/t/a.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n",
            ),
        ],
        "/t",
    );
    assert!(matches!(e, Error::Yaml { line: 5, .. }), "{e}");
}
