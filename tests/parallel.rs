//! Loading the bases of a level on several threads gives exactly what a
//! sequential build gives: the same output, the same first error, the same
//! warnings in the same order, whatever the number of threads.

use rustomize::fs::MemFs;
use rustomize::{BuildOptions, Kustomizer};

fn build(fs: &MemFs, threads: usize) -> (String, Vec<String>) {
    let k = Kustomizer::new(fs.clone()).with_options(BuildOptions {
        threads,
        ..Default::default()
    });
    match k.build_with_warnings("/app") {
        Ok((rm, warnings)) => (rustomize::yaml::try_emit_resmap(&rm).unwrap(), warnings),
        Err(e) => (format!("ERROR {e}"), Vec::new()),
    }
}

/// `n` bases, each with a Deployment and a ConfigMap; every third base uses
/// the deprecated `commonLabels` (a warning each), some use `vars`.
fn tree(n: usize) -> MemFs {
    let mut fs = MemFs::new();
    let mut top = String::from("namePrefix: p-\nresources:\n");
    for i in 0..n {
        top.push_str(&format!("- base{i}\n"));
        if i % 4 == 1 {
            top.push_str(&format!("- extra{i}.yaml\n"));
            fs.add(
                format!("/app/extra{i}.yaml"),
                format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\n"),
            );
        }
        let labels = if i % 3 == 0 {
            format!("commonLabels:\n  svc: s{i}\n")
        } else {
            format!("labels:\n- pairs:\n    svc: s{i}\n")
        };
        fs.add(
            format!("/app/base{i}/kustomization.yaml"),
            format!(
                "resources:\n- d.yaml\n{labels}configMapGenerator:\n- name: cfg{i}\n  literals:\n  - k={i}\n"
            ),
        );
        fs.add(
            format!("/app/base{i}/d.yaml"),
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: img{i}\n        envFrom:\n        - configMapRef:\n            name: cfg{i}\n"
            ),
        );
    }
    fs.add("/app/kustomization.yaml", top);
    fs
}

#[test]
fn output_and_warnings_do_not_depend_on_threads() {
    let fs = tree(40);
    let (out, warnings) = build(&fs, 1);
    assert!(!out.starts_with("ERROR"), "{out}");
    assert_eq!(out.matches("kind: Deployment").count(), 40);
    assert_eq!(warnings.len(), 14, "{warnings:?}");
    for threads in [0, 2, 3, 8, 64] {
        assert_eq!(
            build(&fs, threads),
            (out.clone(), warnings.clone()),
            "threads={threads}"
        );
    }
}

#[test]
fn the_first_error_in_list_order_wins() {
    let mut fs = tree(30);
    // Two broken bases and a duplicate resource: the first listed is reported.
    fs.add("/app/base7/d.yaml", "kind: [unclosed\n");
    fs.add(
        "/app/base19/kustomization.yaml",
        "resources:\n- missing.yaml\n",
    );
    let (sequential, _) = build(&fs, 1);
    assert!(
        sequential.starts_with("ERROR") && sequential.contains("base7"),
        "{sequential}"
    );
    for threads in [2, 4, 16] {
        assert_eq!(build(&fs, threads).0, sequential, "threads={threads}");
    }
    // The later error alone.
    fs.add(
        "/app/base7/d.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    );
    let (sequential, _) = build(&fs, 1);
    assert!(sequential.contains("missing.yaml"), "{sequential}");
    assert_eq!(build(&fs, 4).0, sequential);
    // A resource listed by two bases: the duplicate error of sequential order.
    let mut fs = tree(12);
    fs.add(
        "/app/base9/d.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d3\n",
    );
    let (sequential, _) = build(&fs, 1);
    assert!(sequential.contains("ERROR"), "{sequential}");
    assert_eq!(build(&fs, 4).0, sequential);
}

#[test]
fn an_openapi_field_in_a_base_is_seen_by_the_bases_after_it() {
    // base1 chooses a custom schema under which `items` of a MyKind merge by
    // `name`; base2 patches a MyKind. Loaded at once, base2 would not see the
    // schema; the level is redone in order.
    let mut fs = MemFs::new();
    fs.add(
        "/app/kustomization.yaml",
        "resources:\n- base0\n- base1\n- base2\n",
    );
    fs.add("/app/base0/kustomization.yaml", "resources:\n- cm.yaml\n");
    fs.add(
        "/app/base0/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c0\n",
    );
    fs.add(
        "/app/base1/kustomization.yaml",
        "openapi:\n  path: schema.json\nresources:\n- cm.yaml\n",
    );
    fs.add(
        "/app/base1/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\n",
    );
    fs.add(
        "/app/base1/schema.json",
        r#"{"definitions":{"v1alpha1.MyKind":{"properties":{"spec":{"properties":{"items":{"items":{"type":"object"},"type":"array","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"}},"type":"object"}},"type":"object","x-kubernetes-group-version-kind":[{"group":"example.com","kind":"MyKind","version":"v1alpha1"}]}}}"#,
    );
    fs.add(
        "/app/base2/kustomization.yaml",
        "resources:\n- mk.yaml\npatches:\n- patch: |-\n    apiVersion: example.com/v1alpha1\n    kind: MyKind\n    metadata:\n      name: mk\n    spec:\n      items:\n      - name: b\n        v: 2\n",
    );
    fs.add(
        "/app/base2/mk.yaml",
        "apiVersion: example.com/v1alpha1\nkind: MyKind\nmetadata:\n  name: mk\nspec:\n  items:\n  - name: a\n    v: 1\n",
    );
    let (out, _) = build(&fs, 1);
    // Merged by name (the custom schema applied): both items are kept.
    assert!(out.contains("name: a") && out.contains("name: b"), "{out}");
    for threads in [2, 3] {
        assert_eq!(build(&fs, threads).0, out, "threads={threads}");
    }
}

/// Enough patch files for them to be read and parsed on several threads.
fn patched_tree(n: usize) -> MemFs {
    let mut fs = tree(n);
    let mut top = String::from("namePrefix: p-\nresources:\n");
    for i in 0..n {
        top.push_str(&format!("- base{i}\n"));
    }
    top.push_str("patches:\n");
    for i in 0..n {
        top.push_str(&format!("- path: patch{i}.yaml\n"));
        let patch = if i % 2 == 0 {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\nspec:\n  replicas: {i}\n"
            )
        } else {
            format!("- op: add\n  path: /metadata/labels/patched\n  value: \"{i}\"\n")
        };
        fs.add(format!("/app/patch{i}.yaml"), patch);
        if i % 2 == 1 {
            let last = top.pop();
            debug_assert_eq!(last, Some('\n'));
            top.push_str(&format!(
                "\n  target:\n    kind: Deployment\n    name: d{i}\n"
            ));
        }
    }
    fs.add("/app/kustomization.yaml", top);
    fs
}

#[test]
fn many_patches_apply_in_order_and_fail_on_the_first_bad_one() {
    let mut fs = patched_tree(80);
    let (out, _) = build(&fs, 1);
    assert!(
        out.contains("replicas: 78") && out.contains("patched: \"79\""),
        "{out}"
    );
    for threads in [2, 5] {
        assert_eq!(build(&fs, threads).0, out, "threads={threads}");
    }
    fs.add("/app/patch41.yaml", "{not: [a patch\n");
    fs.add("/app/patch66.yaml", "- op: nonsense\n");
    let (sequential, _) = build(&fs, 1);
    assert!(sequential.contains("patch41"), "{sequential}");
    for threads in [2, 5] {
        assert_eq!(build(&fs, threads).0, sequential, "threads={threads}");
    }
}

#[test]
fn output_emitted_on_several_threads_is_the_same_text() {
    // Over 1000 resources of varied shapes: enough for the output to be cut.
    let mut fs = tree(450);
    let (sequential, _) = build(&fs, 1);
    let rm = Kustomizer::new(fs.clone()).build("/app").unwrap();
    assert!(rm.len() >= 1000, "{}", rm.len());
    let mut one = Vec::new();
    rustomize::yaml::write_resmap(&rm, &mut one).unwrap();
    assert_eq!(String::from_utf8(one.clone()).unwrap(), sequential);
    for threads in [0, 1, 2, 3, 4, 7] {
        let mut out = Vec::new();
        rustomize::yaml::write_resmap_threads(&rm, &mut out, threads).unwrap();
        assert_eq!(out, one, "threads={threads}");
    }
    // Through the builder too.
    let mut out = Vec::new();
    Kustomizer::new(fs.clone())
        .with_options(BuildOptions {
            threads: 3,
            ..Default::default()
        })
        .build_to_writer("/app", &mut out)
        .unwrap();
    assert_eq!(out, one);
    // A tiny output is written whole.
    fs = tree(1);
    let rm = Kustomizer::new(fs).build("/app").unwrap();
    let mut a = Vec::new();
    let mut b = Vec::new();
    rustomize::yaml::write_resmap(&rm, &mut a).unwrap();
    rustomize::yaml::write_resmap_threads(&rm, &mut b, 8).unwrap();
    assert_eq!(a, b);
}

/// `tree(450)` with an `images` entry at the top (a transformer that runs
/// on several threads over a large map).
fn imaged_tree() -> MemFs {
    let mut fs = tree(450);
    let top = rustomize::fs::FileSystem::read(&fs, "/app/kustomization.yaml".as_ref()).unwrap();
    let top = String::from_utf8(top).unwrap();
    fs.add(
        "/app/kustomization.yaml",
        format!("{top}images:\n- name: img7\n  newName: registry/img\n  newTag: \"2\"\n"),
    );
    fs
}

#[test]
fn transformers_and_owned_emission_do_not_depend_on_threads() {
    let fs = imaged_tree();
    let (sequential, _) = build(&fs, 1);
    assert!(
        sequential.contains("image: registry/img:2\n"),
        "{sequential}"
    );
    for threads in [0, 2, 3, 5] {
        let k = Kustomizer::new(fs.clone()).with_options(BuildOptions {
            threads,
            ..Default::default()
        });
        assert_eq!(
            k.build_to_string("/app").unwrap(),
            sequential,
            "threads={threads}"
        );
        let rm = k.build("/app").unwrap();
        assert!(rm.len() >= 1000, "{}", rm.len());
        assert_eq!(
            rustomize::yaml::try_emit_resmap_owned(rm, threads).unwrap(),
            sequential
        );
    }
}

/// Two resources Kustomize cannot print (U+007F), one in each half of a
/// large output: every way of printing reports the first one.
#[test]
fn the_first_unprintable_resource_is_reported_whatever_the_threads() {
    let mut rm = Kustomizer::new(tree(450)).build("/app").unwrap();
    let n = rm.len();
    for at in [n / 3, n - 5] {
        let r = rm.get_index_mut(at).unwrap();
        r.obj
            .insert("data".into(), serde_json::json!({"k": "bad\u{7f}"}));
    }
    let expected = rustomize::yaml::try_emit_resmap(&rm)
        .unwrap_err()
        .to_string();
    let first = rm.get_index(n / 3).unwrap().id().to_string();
    assert!(expected.contains(&first), "{expected}");
    for threads in [1, 2, 3, 7] {
        let checked = rustomize::yaml::check_resmap_threads(&rm, threads).unwrap_err();
        assert_eq!(checked.to_string(), expected, "threads={threads}");
        let owned = rustomize::yaml::try_emit_resmap_owned(rm.clone(), threads).unwrap_err();
        assert_eq!(owned.to_string(), expected, "threads={threads}");
    }
}
