//! Remote git bases and components (`file://` URLs to local repositories,
//! fetched with the `git` program as Kustomize fetches any git URL). Expected
//! outputs are `kubectl kustomize`'s (v5.5.0) on the same trees.

#![cfg(feature = "git")]

use rustomize::fs::MemFs;
use rustomize::{BuildOptions, Error, Kustomizer, LoadRestrictor};

mod common;
use common::{TempRepo, git_available};

/// A repository with three commits (tags v1, v2 and branch `rel` at the
/// second), a bare clone of it, a second repository whose base lists a base
/// of the first, and a directory outside both.
struct Repos {
    app: TempRepo,
    bare: TempRepo,
    nest: TempRepo,
    outside: TempRepo,
}

impl Repos {
    fn new(name: &str) -> Repos {
        let app = TempRepo::new(&format!("remote-{name}-app"));
        let outside = TempRepo::new(&format!("remote-{name}-outside"));
        outside.write("kustomization.yaml", "resources: []\n");
        let outside_name = outside
            .0
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        app.git(&["init", "-q"]);
        app.write("kustomization.yaml", "resources:\n- base\n");
        app.write(
            "base/kustomization.yaml",
            "resources:\n- cm.yaml\n- ../shared\nnamePrefix: b-\n",
        );
        app.write("base/cm.yaml", &cm("one"));
        app.write("shared/kustomization.yaml", "resources:\n- svc.yaml\n");
        app.write(
            "shared/svc.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  ports:\n  - port: 80\n",
        );
        app.write(
            "comp/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels:\n- pairs:\n    tier: remote\n",
        );
        // The checkout is a directory of the temporary directory, as is `outside`.
        app.write(
            "escape/kustomization.yaml",
            &format!("resources:\n- ../../{outside_name}\n"),
        );
        app.write(
            "file-escape/kustomization.yaml",
            "resources:\n- ../shared/svc.yaml\n",
        );
        app.write(
            "gen/kustomization.yaml",
            "resources:\n- ../shared\nconfigMapGenerator:\n- name: g\n  literals:\n  - a=b\n",
        );
        app.write(
            "bm/kustomization.yaml",
            "resources:\n- ../shared\nbuildMetadata: [originAnnotations]\n",
        );
        // Generator and transformer configurations.
        app.write("tr/kustomization.yaml", "resources:\n- lab.yaml\n");
        app.write(
            "tr/lab.yaml",
            "apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nlabels:\n  from: remote\nfieldSpecs:\n- path: metadata/labels\n  create: true\n",
        );
        app.write("gencfg/kustomization.yaml", "resources:\n- g.yaml\n");
        app.write(
            "gencfg/g.yaml",
            "apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: rg\nliterals:\n- k=v\n",
        );
        // A base listing the repository's root (which contains it) at the
        // same ref, and one listing itself.
        let url = format!("file://{}", app.0.display());
        app.write(
            "up/kustomization.yaml",
            &format!("resources:\n- {url}?ref=v1\nnameSuffix: -up\n"),
        );
        app.write(
            "self/kustomization.yaml",
            &format!("resources:\n- {url}//self?ref=v1\n"),
        );
        app.commit_all("one");
        app.git(&["tag", "v1"]);
        app.write("base/cm.yaml", &cm("two"));
        app.commit_all("two");
        app.git(&["tag", "v2"]);
        app.git(&["branch", "rel"]);
        app.write("base/cm.yaml", &cm("three"));
        app.commit_all("three");

        let bare = TempRepo::new(&format!("remote-{name}-bare"));
        let bare_git = bare.0.join("app.git");
        let bare_git = bare_git.to_str().unwrap();
        app.git(&["clone", "-q", "--bare", ".", bare_git]);

        let nest = TempRepo::new(&format!("remote-{name}-nest"));
        nest.git(&["init", "-q"]);
        nest.write(
            "nest/kustomization.yaml",
            &format!(
                "resources:\n- file://{}//shared?ref=v1\nnamespace: nested\n",
                app.0.display()
            ),
        );
        nest.commit_all("nest");
        Repos {
            app,
            bare,
            nest,
            outside,
        }
    }

    /// `file://` URL of the repository, then `suffix`.
    fn app(&self, suffix: &str) -> String {
        format!("file://{}{suffix}", self.app.0.display())
    }

    fn rev(&self, name: &str) -> String {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&self.app.0)
            .args(["rev-parse", name])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }
}

fn cm(v: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  v: {v}\n")
}

/// Build an overlay held in memory: the remote bases are read from disk.
fn build_mem(kustomization: &str) -> rustomize::Result<String> {
    build_mem_with(kustomization, BuildOptions::default())
}

fn build_mem_with(kustomization: &str, opts: BuildOptions) -> rustomize::Result<String> {
    let mut fs = MemFs::new();
    fs.add("/overlay/kustomization.yaml", kustomization);
    Kustomizer::new(fs)
        .with_options(opts)
        .build_to_string("/overlay")
}

const SVC: &str =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  ports:\n  - port: 80\n";

#[test]
fn tag_branch_bare_repository_and_component() {
    if !git_available() {
        return;
    }
    let r = Repos::new("a");
    let k = format!(
        "resources:\n- {}\n- file://{}/app.git/shared?ref=rel\ncomponents:\n- {}\n",
        r.app("//base?ref=v1"),
        r.bare.0.display(),
        r.app("//comp?ref=v2"),
    );
    assert_eq!(
        build_mem(&k).unwrap(),
        "apiVersion: v1\ndata:\n  v: one\nkind: ConfigMap\nmetadata:\n  labels:\n    tier: remote\n  name: b-cm\n---\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    tier: remote\n  name: b-svc\nspec:\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    tier: remote\n  name: svc\nspec:\n  ports:\n  - port: 80\n"
    );
}

#[test]
fn commit_ref_repository_root_and_overlay_on_disk() {
    if !git_available() {
        return;
    }
    let r = Repos::new("b");
    let overlay = TempRepo::new("remote-b-overlay");
    overlay.write(
        "kustomization.yaml",
        &format!(
            "resources:\n- {}\nnamePrefix: x-\n",
            r.app(&format!("?ref={}", r.rev("v1")))
        ),
    );
    assert_eq!(
        Kustomizer::on_disk().build_to_string(&overlay.0).unwrap(),
        "apiVersion: v1\ndata:\n  v: one\nkind: ConfigMap\nmetadata:\n  name: x-b-cm\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x-b-svc\nspec:\n  ports:\n  - port: 80\n"
    );
}

#[test]
fn default_branch_and_same_repository_twice() {
    if !git_available() {
        return;
    }
    let r = Repos::new("c");
    let k = format!(
        "resources:\n- {}\n- {}\n",
        r.app("//base"),
        r.app("//shared")
    );
    let expected = format!(
        "apiVersion: v1\ndata:\n  v: three\nkind: ConfigMap\nmetadata:\n  name: b-cm\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b-svc\nspec:\n  ports:\n  - port: 80\n---\n{SVC}"
    );
    assert_eq!(build_mem(&k).unwrap(), expected);
    // The same, one thread.
    let opts = BuildOptions {
        threads: 1,
        ..Default::default()
    };
    assert_eq!(build_mem_with(&k, opts).unwrap(), expected);
}

#[test]
fn nested_remote_bases() {
    if !git_available() {
        return;
    }
    let r = Repos::new("d");
    let k = format!("resources:\n- file://{}//nest\n", r.nest.0.display());
    assert_eq!(
        build_mem(&k).unwrap(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: nested\nspec:\n  ports:\n  - port: 80\n"
    );
}

#[test]
fn same_repository_above_is_no_cycle_but_the_same_entry_is() {
    if !git_available() {
        return;
    }
    let r = Repos::new("i");
    let k = format!("resources:\n- {}\n", r.app("//up?ref=v1"));
    assert_eq!(
        build_mem(&k).unwrap(),
        "apiVersion: v1\ndata:\n  v: one\nkind: ConfigMap\nmetadata:\n  name: b-cm-up\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b-svc-up\nspec:\n  ports:\n  - port: 80\n"
    );
    let url = r.app("//self?ref=v1");
    let e = build_mem(&format!("resources:\n- {url}\n")).unwrap_err();
    let Error::InRemote { source, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(&**source, Error::Remote { message, .. } if message.contains("cycle detected")),
        "{e}"
    );
}

#[test]
fn origin_annotations_name_the_repository_and_ref() {
    if !git_available() {
        return;
    }
    let r = Repos::new("e");
    let k = format!(
        "resources:\n- {}\nbuildMetadata: [originAnnotations]\n",
        r.app("//gen?ref=v2")
    );
    let repo = r.app("");
    assert_eq!(
        build_mem(&k).unwrap(),
        format!(
            "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      repo: {repo}\n      ref: v2\n      configuredIn: gen/kustomization.yaml\n      configuredBy:\n        apiVersion: builtin\n        kind: ConfigMapGenerator\n  name: g-4h2mbtbbt6\n---\napiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: shared/svc.yaml\n      repo: {repo}\n      ref: v2\n  name: svc\nspec:\n  ports:\n  - port: 80\n"
        )
    );
}

#[test]
fn missing_ref_and_missing_directory() {
    if !git_available() {
        return;
    }
    let r = Repos::new("f");
    for (url, what) in [
        (
            r.app("//base?ref=nosuch"),
            "couldn't find remote ref nosuch",
        ),
        (r.app("//nosuch?ref=v1"), "'nosuch' not found"),
        (r.app("//base/cm.yaml?ref=v1"), "expecting a directory"),
    ] {
        let e = build_mem(&format!("resources:\n- {url}\n")).unwrap_err();
        match &e {
            Error::Remote {
                path,
                url: u,
                message,
            } => {
                assert_eq!(path.to_str(), Some("/overlay/kustomization.yaml"));
                assert_eq!(u, &url);
                assert!(message.contains(what), "{e}");
            }
            _ => panic!("{url}: {e:?}"),
        }
    }
}

#[test]
fn remote_bases_stay_in_their_repository_and_directory() {
    if !git_available() {
        return;
    }
    let r = Repos::new("g");
    assert!(r.outside.0.is_dir());
    // A base outside the repository, even on the same disk.
    let url = r.app("//escape?ref=v1");
    let e = build_mem(&format!("resources:\n- {url}\n")).unwrap_err();
    let Error::InRemote { url: u, source, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(u, &url);
    assert!(
        source.to_string().contains("must be within the repo"),
        "{e}"
    );
    // A file outside the remote kustomization's directory, whatever the
    // build's load restriction.
    let url = r.app("//file-escape?ref=v1");
    let opts = BuildOptions {
        load_restrictor: LoadRestrictor::None,
        ..Default::default()
    };
    let e = build_mem_with(&format!("resources:\n- {url}\n"), opts).unwrap_err();
    let Error::InRemote { source, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(matches!(**source, Error::LoadRestriction { .. }), "{e}");
    // A URL path leaving the repository is no git URL: a missing local path.
    let e = build_mem(&format!("resources:\n- {}\n", r.app("//../x?ref=v1"))).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
}

#[test]
fn kinds_are_checked() {
    if !git_available() {
        return;
    }
    let r = Repos::new("h");
    let e = build_mem(&format!("components:\n- {}\n", r.app("//base?ref=v1"))).unwrap_err();
    assert!(e.to_string().contains("expected kind 'Component'"), "{e}");
    let e = build_mem(&format!("resources:\n- {}\n", r.app("//comp?ref=v1"))).unwrap_err();
    assert!(e.to_string().contains("kind: Component"), "{e}");
}

#[test]
fn fetching_can_be_turned_off() {
    let opts = BuildOptions {
        fetch_remote: false,
        ..Default::default()
    };
    let e = build_mem_with(
        "resources:\n- file:///nowhere/repo//base?ref=v1\n",
        opts.clone(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    let e = build_mem_with("components:\n- file:///nowhere/repo//c\n", opts.clone()).unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    // Nor are plain files over HTTP (see tests/remote_http.rs).
    let e = build_mem_with(
        "resources:\n- https://raw.githubusercontent.com/o/r/main/deploy.yaml\n",
        opts,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
}

#[test]
fn building_a_url_itself() {
    if !git_available() {
        return;
    }
    let r = Repos::new("j");
    let url = r.app("//base?ref=v1");
    // Whatever the build's filesystem: the checkout is on disk.
    let out = Kustomizer::new(MemFs::new()).build_to_string(&url).unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\ndata:\n  v: one\nkind: ConfigMap\nmetadata:\n  name: b-cm\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b-svc\nspec:\n  ports:\n  - port: 80\n"
    );
    // Origins are relative to the build's directory, as for a local build.
    assert_eq!(
        Kustomizer::on_disk()
            .build_to_string(r.app("//bm?ref=v1"))
            .unwrap(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../shared/svc.yaml\n  name: svc\nspec:\n  ports:\n  - port: 80\n"
    );
    let e = Kustomizer::on_disk()
        .build(r.app("//nosuch?ref=v1"))
        .unwrap_err();
    assert!(matches!(e, Error::Remote { .. }), "{e}");
    // Not fetched when fetching is off: no such directory.
    let opts = BuildOptions {
        fetch_remote: false,
        ..Default::default()
    };
    let e = Kustomizer::new(MemFs::new())
        .with_options(opts)
        .build(&url)
        .unwrap_err();
    assert!(e.to_string().contains("must build at directory"), "{e}");
}

#[test]
fn remote_generator_and_transformer_configurations() {
    if !git_available() {
        return;
    }
    let r = Repos::new("k");
    let k = format!(
        "resources:\n- {}\ngenerators:\n- {}\ntransformers:\n- {}\n",
        r.app("//shared?ref=v1"),
        r.app("//gencfg?ref=v1"),
        r.app("//tr?ref=v1")
    );
    assert_eq!(
        build_mem(&k).unwrap(),
        "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  labels:\n    from: remote\n  name: rg-bdg947hgcc\n---\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    from: remote\n  name: svc\nspec:\n  ports:\n  - port: 80\n"
    );
}

/// A ref that git would read as an option is refused before git runs:
/// Kustomize passes `?ref=--upload-pack=CMD` to `git fetch`, which runs CMD.
#[test]
#[cfg(unix)]
fn a_ref_that_reads_as_an_option_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    if !git_available() {
        return;
    }
    let r = Repos::new("inject");
    let marker = r.outside.0.join("ran");
    let script = r.outside.0.join("upload-pack.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ntouch '{}'\nexec git-upload-pack \"$@\"\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let url = r.app(&format!("//base?ref=--upload-pack={}", script.display()));
    let e = build_mem(&format!("resources:\n- {url}\n")).unwrap_err();
    assert!(e.to_string().contains("must not start with '-'"), "{e}");
    assert!(!marker.exists(), "the injected command ran");
}
