//! `GitTreeFs` reads a revision exactly: every file's contents (whatever
//! the order of reads, and however the first read in a directory fetched
//! its neighbours ahead), directory listings, symbolic links, and a render
//! at the revision equal to a render of a checkout of it.

#![cfg(feature = "git")]

use rustomize::Kustomizer;
use rustomize::fs::{DiskFs, FileSystem};
use rustomize::gitops::gitfs::GitTreeFs;

mod common;
use common::{TempRepo, git_available};

fn config_map(name: &str, value: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  value: {value}\n")
}

/// Files whose contents differ from each other, in directories of several
/// sizes: one with more files than one request to `git` asks for, one with a
/// file too large to be fetched ahead.
fn files() -> Vec<(String, String)> {
    let mut files = vec![
        (
            "base/kustomization.yaml".to_string(),
            "resources:\n- a.yaml\n- b.yaml\n- big.yaml\n".to_string(),
        ),
        ("base/a.yaml".to_string(), config_map("a", "one")),
        ("base/b.yaml".to_string(), config_map("b", "two")),
        ("base/README.md".to_string(), "not a resource\n".to_string()),
        (
            "base/big.yaml".to_string(),
            config_map("big", &"x".repeat(300 << 10)),
        ),
        (
            "overlay/kustomization.yaml".to_string(),
            "resources:\n- ../base\n- ../many\nnamePrefix: p-\n".to_string(),
        ),
    ];
    let mut many = String::from("resources:\n");
    for i in 0..300 {
        many.push_str(&format!("- cm-{i:03}.yaml\n"));
        files.push((
            format!("many/cm-{i:03}.yaml"),
            config_map(&format!("cm-{i:03}"), &format!("v{i}")),
        ));
    }
    files.push(("many/kustomization.yaml".to_string(), many));
    files
}

/// A repository with [`files`] committed on `main`.
fn committed(name: &str) -> TempRepo {
    let repo = TempRepo::new(name);
    repo.git(&["init", "-q", "-b", "main"]);
    for (rel, text) in files() {
        repo.write(&rel, &text);
    }
    repo.commit_all("tree");
    repo
}

#[test]
fn every_file_reads_back_exactly_in_any_order() {
    if !git_available() {
        return;
    }
    let repo = committed("gitfs-read");
    let files = files();
    // The work tree moves on; the revision must not.
    repo.write("base/a.yaml", &config_map("a", "changed"));

    let fs = GitTreeFs::open(&repo.0, "main").unwrap();
    // Forwards, backwards, then each file a second time.
    let mut order: Vec<&(String, String)> = files.iter().collect();
    order.extend(files.iter().rev());
    order.extend(files.iter());
    for (rel, text) in order {
        let got = fs.read(&repo.0.join(rel)).unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), *text, "{rel}");
    }

    assert!(fs.is_dir(&repo.0));
    assert!(fs.is_dir(&repo.0.join("many")));
    assert!(
        fs.is_dir(repo.0.parent().unwrap()),
        "a directory above the work tree"
    );
    assert!(!fs.is_dir(&repo.0.join("base/a.yaml")));
    assert!(fs.is_file(&repo.0.join("base/README.md")));
    assert!(!fs.is_file(&repo.0.join("base/missing.yaml")));
    assert!(fs.read(&repo.0.join("base/missing.yaml")).is_err());
    assert!(fs.read(&repo.0.join("base")).is_err());
    assert_eq!(fs.read_dir(&repo.0).unwrap(), ["base", "many", "overlay"]);
    assert_eq!(
        fs.read_dir(&repo.0.join("base")).unwrap(),
        [
            "README.md",
            "a.yaml",
            "b.yaml",
            "big.yaml",
            "kustomization.yaml"
        ]
    );
    assert_eq!(fs.read_dir(&repo.0.join("many")).unwrap().len(), 301);
    assert!(fs.read_dir(&repo.0.join("nowhere")).is_err());
}

#[test]
fn symbolic_links_are_followed_at_the_revision() {
    if !git_available() || cfg!(not(unix)) {
        return;
    }
    let repo = TempRepo::new("gitfs-links");
    repo.git(&["init", "-q", "-b", "main"]);
    repo.write("real/cm.yaml", &config_map("c", "real"));
    repo.write("real/other.yaml", &config_map("o", "other"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("real", repo.0.join("linked")).unwrap();
        std::os::unix::fs::symlink("other.yaml", repo.0.join("real/alias.yaml")).unwrap();
    }
    repo.commit_all("links");
    let fs = GitTreeFs::open(&repo.0, "main").unwrap();
    let read = |rel: &str| String::from_utf8(fs.read(&repo.0.join(rel)).unwrap()).unwrap();
    assert_eq!(read("real/alias.yaml"), config_map("o", "other"));
    assert_eq!(read("linked/cm.yaml"), config_map("c", "real"));
    assert_eq!(read("linked/alias.yaml"), config_map("o", "other"));
    assert!(fs.is_dir(&repo.0.join("linked")));
    assert_eq!(
        fs.canonicalize(&repo.0.join("linked/cm.yaml")).unwrap(),
        repo.0.join("real/cm.yaml")
    );
}

#[test]
fn a_render_at_a_revision_equals_a_render_of_its_checkout() {
    if !git_available() {
        return;
    }
    let repo = committed("gitfs-render");
    let at_checkout = Kustomizer::new(DiskFs)
        .build_to_string(repo.0.join("overlay"))
        .unwrap();
    assert!(at_checkout.contains("name: p-cm-299"));
    // Change the work tree: the render at the revision stays the checkout's.
    repo.write("base/b.yaml", &config_map("b", "uncommitted"));
    let fs = GitTreeFs::open(&repo.0, "main").unwrap();
    let at_rev = Kustomizer::new(fs)
        .build_to_string(repo.0.join("overlay"))
        .unwrap();
    assert_eq!(at_rev, at_checkout);
}
