//! A remote base whose repository has a submodule: fetched with it unless
//! `submodules=false`, as Kustomize does (expected outputs from kubectl).
//! Alone in its test binary: it sets environment variables (git refuses
//! local submodules unless `protocol.file.allow=always`).

#![cfg(feature = "git")]

use rustomize::fs::MemFs;
use rustomize::{Error, Kustomizer};

mod common;
use common::{TempRepo, git_available};

#[test]
fn submodules_are_fetched_unless_turned_off() {
    if !git_available() {
        return;
    }
    // SAFETY: the only test of this binary; no other thread reads the
    // environment meanwhile.
    unsafe {
        std::env::set_var("GIT_CONFIG_COUNT", "1");
        std::env::set_var("GIT_CONFIG_KEY_0", "protocol.file.allow");
        std::env::set_var("GIT_CONFIG_VALUE_0", "always");
    }
    let sub = TempRepo::new("remote-sm-sub");
    sub.git(&["init", "-q"]);
    sub.write("kustomization.yaml", "resources:\n- cm.yaml\n");
    sub.write(
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fromsub\n",
    );
    sub.commit_all("sub");
    let main = TempRepo::new("remote-sm-main");
    main.git(&["init", "-q"]);
    main.git(&[
        "submodule",
        "-q",
        "add",
        sub.0.to_str().unwrap(),
        "vendored",
    ]);
    main.write("kustomization.yaml", "resources:\n- vendored\n");
    main.commit_all("main");

    let build = |query: &str| {
        let mut fs = MemFs::new();
        fs.add(
            "/o/kustomization.yaml",
            format!("resources:\n- file://{}{query}\n", main.0.display()),
        );
        Kustomizer::new(fs).build_to_string("/o")
    };
    assert_eq!(
        build("").unwrap(),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fromsub\n"
    );
    // Without the submodule, its directory is empty.
    let e = build("?submodules=false").unwrap_err();
    let Error::InRemote { source, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(**source, Error::MissingKustomization { .. }),
        "{e}"
    );
}
