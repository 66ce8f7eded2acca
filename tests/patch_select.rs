//! Patch targets over many resources: selection through the ResMap's
//! indexes (names spelled out by a regex, label `key=value`, kind) must pick
//! exactly what kustomize picks, also after earlier patches renamed,
//! relabelled or re-kinded resources. Expected output: `kubectl kustomize`
//! (Kustomize v5.5.0) on the tree [`tree`] writes (see `dump_tree`).

use rustomize::{Kustomizer, fs::MemFs};

const N: usize = 60;

fn deployment(i: usize) -> String {
    let kind = if i % 3 == 2 { "Service" } else { "Deployment" };
    let extra = match i % 7 {
        0 => "\n    n: 5",
        1 => "\n    flag: true",
        _ => "",
    };
    format!(
        "apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: r-{i}\n  labels:\n    app: a{}\n    tier: t{}{extra}\n",
        i % 20,
        i % 4
    )
}

/// A JSON patch, or a strategic-merge patch adding annotation `p<j>`.
fn patch(j: usize, target: &str, body: Option<&str>) -> String {
    let body = body.map_or_else(
        || format!("kind: Deployment\n    metadata:\n      name: x\n      annotations:\n        p{j}: \"y\""),
        str::to_string,
    );
    format!("- target:\n{target}  patch: |-\n    {body}\n")
}

/// The kustomization and its resources.
fn tree() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = (0..N)
        .map(|i| (format!("r-{i}.yaml"), deployment(i)))
        .collect();
    let mut k = String::from("resources:\n");
    for i in 0..N {
        k += &format!("- r-{i}.yaml\n");
    }
    k += "patches:\n";
    let relabel = "- op: replace\n      path: /metadata/labels/app\n      value: moved";
    let rename = "- op: replace\n      path: /metadata/name\n      value: renamed-r-4";
    let rekind = "- op: replace\n      path: /kind\n      value: StatefulSet";
    let ps: Vec<(&str, Option<&str>)> = vec![
        ("    labelSelector: app=a3\n", None),
        ("    kind: Deployment\n    labelSelector: app=a3\n", None),
        ("    name: r-(1|21)\n", Some(relabel)),
        ("    labelSelector: app=moved\n", None),
        ("    labelSelector: app in (a1, a5)\n", None),
        ("    name: r-(4|400)\n", Some(rename)),
        ("    name: r-4\n", None),
        ("    name: renamed-r-(4|5)\n", None),
        ("    name: renamed-.*\n", None),
        (
            "    kind: Service|ConfigMap\n    labelSelector: tier in (t1,t2),app\n",
            None,
        ),
        ("    labelSelector: n=5\n", None),
        ("    labelSelector: flag==true,tier!=t1\n", None),
        ("    name: r-(6|7)\n", Some(rekind)),
        ("    kind: StatefulSet\n", None),
        ("    kind: Deployment\n    labelSelector: app=a6\n", None),
        ("    labelSelector: tier notin (t0,t1,t3)\n", None),
        ("    kind: Dep.oyment\n    name: r-1.\n", None),
        ("    name: r-(5[0-9])\n    labelSelector: tier=t2\n", None),
    ];
    for (j, (target, body)) in ps.into_iter().enumerate() {
        k += &patch(j, target, body);
    }
    files.push(("kustomization.yaml".into(), k));
    files
}

#[test]
fn indexed_patch_targets_select_what_kustomize_selects() {
    let mut fs = MemFs::new();
    for (name, text) in tree() {
        fs.add(format!("/app/{name}"), text);
    }
    let got = Kustomizer::new(fs).build_to_string("/app").unwrap();
    let want = include_str!("data/patch_select.yaml");
    assert!(got == want, "output differs from kubectl's:\n{got}");
}

fn build(files: &[(&str, &str)]) -> Result<String, rustomize::Error> {
    let mut fs = MemFs::new();
    for (name, text) in files {
        fs.add(format!("/app/{name}"), *text);
    }
    Kustomizer::new(fs).build_to_string("/app")
}

/// Kustomize stores the target's id in internal annotations before a
/// `patches` JSON patch, so adding to `/metadata/annotations/...` works on a
/// resource that has none; `patchesJson6902` stores nothing and fails.
#[test]
fn json_patch_adds_to_annotations_a_resource_lacks() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n";
    let ops = "- op: add\n      path: /metadata/annotations/x\n      value: \"y\"";
    let k = format!(
        "resources:\n- cm.yaml\npatches:\n- target:\n    name: d\n  patch: |-\n    {ops}\n"
    );
    let got = build(&[("kustomization.yaml", &k), ("cm.yaml", cm)]).unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    x: \"y\"\n  name: d\n"
    );
    // A patch that leaves annotations empty leaves none.
    let k = "resources:\n- cm.yaml\npatches:\n- target:\n    name: d\n  patch: |-\n    - op: add\n      path: /data\n      value: {}\n";
    let got = build(&[("kustomization.yaml", k), ("cm.yaml", cm)]).unwrap();
    assert_eq!(
        got,
        "apiVersion: v1\ndata: {}\nkind: ConfigMap\nmetadata:\n  name: d\n"
    );
    let k = format!(
        "resources:\n- cm.yaml\npatchesJson6902:\n- target:\n    version: v1\n    kind: ConfigMap\n    name: d\n  patch: |-\n    {ops}\n"
    );
    let err = build(&[("kustomization.yaml", &k), ("cm.yaml", cm)]).unwrap_err();
    assert!(err.to_string().contains("/metadata/annotations/x"), "{err}");
}

/// Writes the tree to `$DUMP_DIR`, for regenerating the expected output:
///     DUMP_DIR=/tmp/ps cargo test --test patch_select -- --ignored
///     kubectl kustomize /tmp/ps > tests/data/patch_select.yaml
#[test]
#[ignore]
fn dump_tree() {
    let dir = std::env::var("DUMP_DIR").unwrap();
    for (name, text) in tree() {
        let p = std::path::Path::new(&dir).join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}
