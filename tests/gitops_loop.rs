//! The whole GitOps loop on a git repository made by the test: CI pins an
//! image on main, a release tag is cut, the production Application is
//! promoted to it, `diff` between the tags shows exactly the image change,
//! and a rollback restores the old revision. Every edited file must stay
//! byte-identical except for the intended value.

#![cfg(feature = "git")]

use rustomize::Kustomizer;
use rustomize::gitops::diff::diff;
use rustomize::gitops::gitfs::GitTreeFs;
use rustomize::gitops::promote::{load_applications, promote};
use rustomize::gitops::set_image::{ImageSetting, set_images};
use std::path::Path;
use std::process::Command;

mod common;
use common::TempRepo;

const BASE_KUSTOMIZATION: &str = "\
# Base of the web service. The CI pipeline pins the image below.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

resources:
  - deployment.yaml   # the workload

images:
  - name: web
    newName: registry.example.com/shop/web
    newTag: \"1.0.0\"   # pinned by CI
";

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
        image: web
";

const PRODUCTION: &str = "\
resources:
- ../../base/web
namespace: shop-production
";

const APPS: &str = "\
# Argo CD applications, one per environment
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop-production
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/shop/manifests.git
    path: overlays/production
    targetRevision: release/1.0.0 # moved by the release captain
  destination:
    server: https://kubernetes.default.svc
    namespace: shop-production
";

fn render_at(repo: &Path, rev: &str, dir: &str) -> rustomize::ResMap {
    let fs = GitTreeFs::open(repo, rev).unwrap();
    Kustomizer::new(fs).build(repo.join(dir)).unwrap()
}

#[test]
fn set_image_promote_diff_and_rollback() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git not available; skipping");
        return;
    }
    let repo = TempRepo::new("loop");
    repo.write("base/web/kustomization.yaml", BASE_KUSTOMIZATION);
    repo.write("base/web/deployment.yaml", DEPLOYMENT);
    repo.write("overlays/production/kustomization.yaml", PRODUCTION);
    repo.write("apps/production.yaml", APPS);
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "initial"]);
    repo.git(&["tag", "release/1.0.0"]);

    // 1. The service's CI pins the freshly built image on main.
    let setting = ImageSetting::parse("web=registry.example.com/shop/web:1.1.0").unwrap();
    set_images(&repo.0.join("base/web"), &[setting]).unwrap();
    let edited = repo.read("base/web/kustomization.yaml");
    assert_eq!(
        edited,
        BASE_KUSTOMIZATION.replace("\"1.0.0\"   #", "\"1.1.0\"   #"),
        "only the tag may change"
    );
    repo.git(&["commit", "-q", "-am", "ci: web 1.1.0"]);
    repo.git(&["tag", "release/1.1.0"]);

    // The working tree renders what kubectl renders after the edit.
    let ours = Kustomizer::on_disk()
        .build_to_string(repo.0.join("overlays/production"))
        .unwrap();
    assert!(ours.contains("image: registry.example.com/shop/web:1.1.0\n"));
    if let Ok(out) = Command::new("kubectl")
        .arg("kustomize")
        .arg(repo.0.join("overlays/production"))
        .output()
        && out.status.success()
    {
        assert_eq!(ours, String::from_utf8(out.stdout).unwrap());
    }

    // 2. Render at a revision without a checkout: the old tag still has 1.0.0.
    let old = render_at(&repo.0, "release/1.0.0", "overlays/production");
    let new = render_at(&repo.0, "release/1.1.0", "overlays/production");
    let old_text = rustomize::yaml::emit_resmap(&old);
    assert!(old_text.contains("image: registry.example.com/shop/web:1.0.0\n"));

    // 3. Diff between the tags: exactly the image change.
    let d = diff(&old, &new);
    assert!(d.added.is_empty() && d.removed.is_empty());
    assert_eq!(d.changed.len(), 1);
    assert_eq!(d.changed[0].id.kind, "Deployment");
    let changed: Vec<&str> = d.changed[0]
        .diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-      - image: registry.example.com/shop/web:1.0.0",
            "+      - image: registry.example.com/shop/web:1.1.0"
        ]
    );

    // 4. Promote production to the new tag.
    let apps = load_applications(&repo.0.join("apps")).unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].sources[0].target_revision, "release/1.0.0");
    let dry = promote(
        &repo.0.join("apps"),
        "shop-production",
        "release/1.1.0",
        None,
        true,
    )
    .unwrap();
    assert_eq!(
        repo.read("apps/production.yaml"),
        APPS,
        "dry run writes nothing"
    );
    assert_eq!(dry.from, ["release/1.0.0"]);
    promote(
        &repo.0.join("apps"),
        "shop-production",
        "release/1.1.0",
        None,
        false,
    )
    .unwrap();
    assert_eq!(
        repo.read("apps/production.yaml"),
        APPS.replace("release/1.0.0 #", "release/1.1.0 #")
    );

    // 5. Roll back: the file is byte-identical to the original again.
    promote(
        &repo.0.join("apps"),
        "shop-production",
        "release/1.0.0",
        None,
        false,
    )
    .unwrap();
    assert_eq!(repo.read("apps/production.yaml"), APPS);
}

#[test]
fn failed_edit_leaves_the_file_untouched() {
    let repo = TempRepo::new("untouched");
    let text = "images: [{name: web, newTag: x}]  # flow style is not edited\n";
    repo.write("kustomization.yaml", text);
    let setting = ImageSetting::parse("web:2").unwrap();
    assert!(set_images(&repo.0, &[setting]).is_err());
    assert_eq!(repo.read("kustomization.yaml"), text);
    let leftovers: Vec<_> = std::fs::read_dir(&repo.0).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}
