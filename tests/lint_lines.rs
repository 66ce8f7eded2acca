//! Lint findings point at the line of the offending resource: resources
//! remember where their document starts in their file (through transforms
//! and patches), generated ConfigMaps/Secrets point at their generator
//! entry, and the text, JSON and SARIF reports carry the line.

use rustomize::fs::MemFs;
use rustomize::lint::{LintConfig, RULES, Report, lint, lint_dir, parse_rendered};
use rustomize::{Kustomizer, ResMap};

/// Only `RZ040` (no namespace): one finding per resource in these trees.
fn namespace_rule() -> LintConfig {
    let mut c = LintConfig::default();
    for r in RULES {
        c.set(r.id, Some(r.id == "RZ040"), None).unwrap();
    }
    c
}

/// `(kind/name, source, line)` of every finding (generated names without
/// their hash suffix).
fn locations(report: &Report) -> Vec<(String, String, Option<u32>)> {
    report
        .findings
        .iter()
        .map(|f| {
            let source = f.source.clone().unwrap_or_default();
            let mut name = f.resource.name.as_str();
            if source.ends_with("kustomization.yaml") {
                name = name.rsplit_once('-').map_or(name, |(n, _)| n);
            }
            (format!("{}/{name}", f.resource.kind), source, f.line)
        })
        .collect()
}

fn loc(res: &str, source: &str, line: u32) -> (String, String, Option<u32>) {
    (res.to_string(), source.to_string(), Some(line))
}

// Lines:             1    2                   3               4
const WORKLOADS: &str = "---\n# leading comment\napiVersion: v1\nkind: ServiceAccount\n\
    metadata:\n  name: sa\n---\n\n# the pod\n\napiVersion: v1\nkind: Pod\nmetadata:\n  \
    name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.0\n--- # third\n\
    apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  selector:\n    app: web\n";
// ServiceAccount at 3 (after `---` and a comment), Pod at 11 (after a
// separator, blank lines and a comment), Service at 20 (after `--- # third`).

const LIST: &str = "# a list\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  \
    kind: ConfigMap\n  metadata:\n    name: l1\n- apiVersion: v1\n  kind: ConfigMap\n  \
    metadata:\n    name: l2\n";

const BASE_KUSTOMIZATION: &str = "resources:\n- workloads.yaml\n- list.yaml\n\
configMapGenerator:\n- name: app-env\n  literals:\n  - A=1\n- literals:\n  - B=2\n  name: other\n\
secretGenerator:\n  - name: \"creds\" # quoted, with a comment\n    literals:\n      - P=x\n";
// app-env's entry is line 5, other's line 8 (name not first), creds line 12.

const OVERLAY_KUSTOMIZATION: &str = "namePrefix: prod-\nresources:\n- ../base\npatches:\n\
- patch: |-\n    apiVersion: v1\n    kind: Pod\n    metadata:\n      name: web\n    spec:\n      \
hostPID: true\nconfigMapGenerator:\n- name: app-env\n  behavior: merge\n  literals:\n  - C=3\n- name: extra\n  literals:\n  - D=4\n";

fn tree() -> Kustomizer<MemFs> {
    let mut fs = MemFs::new();
    fs.add("/repo/base/kustomization.yaml", BASE_KUSTOMIZATION);
    fs.add("/repo/base/workloads.yaml", WORKLOADS);
    fs.add("/repo/base/list.yaml", LIST);
    fs.add("/repo/overlay/kustomization.yaml", OVERLAY_KUSTOMIZATION);
    Kustomizer::new(fs)
}

fn line_of(rm: &ResMap, name: &str) -> Option<u32> {
    rm.iter()
        .find(|r| r.name() == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .line
        .map(|l| l.get())
}

#[test]
fn resources_know_their_start_line() {
    let rm = tree().build("/repo/base").unwrap();
    assert_eq!(line_of(&rm, "sa"), Some(3));
    assert_eq!(line_of(&rm, "web"), Some(11));
    assert_eq!(line_of(&rm, "svc"), Some(20));
    // List items: the line of the List document.
    assert_eq!(line_of(&rm, "l1"), Some(2));
    assert_eq!(line_of(&rm, "l2"), Some(2));
    // Generated resources have no file of their own.
    assert!(
        rm.iter()
            .filter(|r| r.source.is_none())
            .all(|r| r.line.is_none())
    );
}

#[test]
fn lines_survive_prefixes_and_patches() {
    let rm = tree().build("/repo/overlay").unwrap();
    let pod = rm.iter().find(|r| r.name() == "prod-web").unwrap();
    assert_eq!(pod.obj["spec"]["hostPID"], true, "the patch applied");
    assert_eq!(pod.line.map(|l| l.get()), Some(11));
    assert_eq!(line_of(&rm, "prod-svc"), Some(20));
}

#[test]
fn crlf_files_count_lines_alike() {
    let mut fs = MemFs::new();
    fs.add("/r/kustomization.yaml", "resources:\n- w.yaml\n");
    fs.add("/r/w.yaml", WORKLOADS.replace('\n', "\r\n"));
    let rm = Kustomizer::new(fs).build("/r").unwrap();
    assert_eq!(line_of(&rm, "web"), Some(11));
    assert_eq!(line_of(&rm, "svc"), Some(20));
}

#[test]
fn lists_among_other_documents_keep_the_list_line() {
    let mut fs = MemFs::new();
    fs.add("/r/kustomization.yaml", "resources:\n- all.yaml\n");
    fs.add(
        "/r/all.yaml",
        "apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  \
         metadata:\n    name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
    );
    let rm = Kustomizer::new(fs).build("/r").unwrap();
    assert_eq!(line_of(&rm, "a"), Some(1));
    assert_eq!(line_of(&rm, "b"), Some(9));
}

#[test]
fn lint_dir_points_at_resource_and_generator_lines() {
    let report = lint_dir(&tree(), "repo/base", &namespace_rule()).unwrap();
    let mut got = locations(&report);
    got.sort();
    let mut want = vec![
        loc("ServiceAccount/sa", "repo/base/workloads.yaml", 3),
        loc("Pod/web", "repo/base/workloads.yaml", 11),
        loc("Service/svc", "repo/base/workloads.yaml", 20),
        loc("ConfigMap/l1", "repo/base/list.yaml", 2),
        loc("ConfigMap/l2", "repo/base/list.yaml", 2),
        loc("ConfigMap/app-env", "repo/base/kustomization.yaml", 5),
        loc("ConfigMap/other", "repo/base/kustomization.yaml", 8),
        loc("Secret/creds", "repo/base/kustomization.yaml", 12),
    ];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn generated_resources_in_overlays() {
    let report = lint_dir(&tree(), "repo/overlay", &namespace_rule()).unwrap();
    let find = |prefix: &str| {
        report
            .findings
            .iter()
            .find(|f| f.resource.name.starts_with(prefix))
            .map(|f| (f.source.clone().unwrap_or_default(), f.line))
            .unwrap_or_else(|| panic!("no finding for {prefix}"))
    };
    // A ConfigMap merged into the base's keeps the base generator's place.
    assert_eq!(
        find("prod-app-env-"),
        ("repo/base/kustomization.yaml".into(), Some(5))
    );
    // The overlay's own generator: its entry in the overlay (line 17).
    assert_eq!(
        find("prod-extra-"),
        ("repo/overlay/kustomization.yaml".into(), Some(17))
    );
    assert_eq!(
        find("prod-web"),
        ("repo/base/workloads.yaml".into(), Some(11))
    );
}

#[test]
fn generator_entry_not_found_gives_line_one() {
    let mut fs = MemFs::new();
    // Flow style: no `- name:` line to find.
    fs.add(
        "/r/kustomization.yaml",
        "configMapGenerator: [{name: flow, literals: [A=1]}]\n",
    );
    let k = Kustomizer::new(fs);
    let report = lint_dir(&k, "r", &namespace_rule()).unwrap();
    assert_eq!(
        locations(&report),
        [loc("ConfigMap/flow", "r/kustomization.yaml", 1)]
    );
    // Without a filesystem to read, `lint` names the kustomization at line 1.
    let rm = k.build("/r").unwrap();
    let report = lint(&rm, &namespace_rule());
    assert_eq!(
        report.findings[0].source.as_deref(),
        Some("kustomization.yaml")
    );
    assert_eq!(report.findings[0].line, Some(1));
}

#[test]
fn text_and_json_reports_show_the_line() {
    let report = lint_dir(&tree(), "repo/base", &namespace_rule()).unwrap();
    let text = report.to_text();
    assert!(
        text.lines()
            .any(|l| l.starts_with("repo/base/workloads.yaml:11: warning RZ040 Pod/web: ")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("repo/base/kustomization.yaml:12: warning RZ040 Secret/creds-")),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let svc = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["name"] == "svc")
        .unwrap();
    assert_eq!(svc["source"], "repo/base/workloads.yaml");
    assert_eq!(svc["line"], 20);
}

#[test]
fn sarif_results_have_a_region_with_the_start_line() {
    let report = lint_dir(&tree(), "repo/base", &namespace_rule()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report.to_sarif()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for (res, f) in results.iter().zip(&report.findings) {
        let locs = res["locations"].as_array().unwrap();
        assert_eq!(locs.len(), 1);
        let phys = locs[0]["physicalLocation"].as_object().unwrap();
        // Only artifactLocation and region, as SARIF 2.1.0 names them.
        let mut keys: Vec<_> = phys.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["artifactLocation", "region"]);
        assert_eq!(
            phys["artifactLocation"]["uri"].as_str(),
            f.source.as_deref()
        );
        let region = phys["region"].as_object().unwrap();
        assert_eq!(region.len(), 1, "{region:?}");
        let line = region["startLine"].as_u64().unwrap();
        assert!(line >= 1, "SARIF lines are 1-based");
        assert_eq!(Some(line as u32), f.line);
    }
    let pod = results
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("Pod/web:")
        })
        .unwrap();
    assert_eq!(
        pod["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
}

#[test]
fn rendered_streams_record_document_lines() {
    let rm = parse_rendered(WORKLOADS, "out.yaml").unwrap();
    assert_eq!(line_of(&rm, "sa"), Some(3));
    assert_eq!(line_of(&rm, "web"), Some(11));
    assert_eq!(line_of(&rm, "svc"), Some(20));
    let report = lint(&rm, &namespace_rule());
    assert_eq!(
        report.to_text().lines().nth(1),
        Some(
            "out.yaml:11: warning RZ040 Pod/web: metadata.namespace: no namespace: it lands in \
             the namespace of whoever applies it (often default)"
        )
    );
}

#[test]
fn findings_without_a_source_have_no_region() {
    let obj =
        serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}});
    let mut rm = ResMap::new();
    rm.push(rustomize::Resource::new(
        obj.as_object().unwrap().clone(),
        None,
    ));
    let report = lint(&rm, &namespace_rule());
    assert_eq!(report.findings[0].line, None);
    assert!(report.to_text().starts_with("<render>: warning RZ040"));
    let v: serde_json::Value = serde_json::from_str(&report.to_sarif()).unwrap();
    let phys = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(phys.get("region").is_none(), "{phys}");
}
