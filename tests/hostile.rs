//! Hostile input: every case must end in a clear error (or a correct render)
//! within a time bound, never a panic, a hang or a read outside the tree.

use rustomize::fs::{FileSystem, MemFs};
use rustomize::{BuildOptions, Error, Kustomizer, Limits, LoadRestrictor, ResMap};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous bound for a debug build on a loaded machine; every case here takes
/// milliseconds when healthy, a hang or an exponential blow-up takes forever.
const BOUND: Duration = Duration::from_secs(20);

/// Build `dir` on `fs` in a thread; fail the test if it takes longer than BOUND
/// or panics.
fn build_bounded<F: FileSystem + 'static>(
    fs: F,
    opts: BuildOptions,
    dir: &str,
) -> rustomize::Result<ResMap> {
    let dir = PathBuf::from(dir);
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let r = Kustomizer::new(fs).with_options(opts).build(&dir);
            let _ = tx.send(r);
        })
        .expect("spawn");
    match rx.recv_timeout(BOUND) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("build did not finish within {BOUND:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("build panicked after {:?}", start.elapsed())
        }
    }
}

fn mem(files: &[(&str, &[u8])]) -> MemFs {
    let mut fs = MemFs::new();
    for (p, c) in files {
        fs.add(p, c.to_vec());
    }
    fs
}

fn err_of(r: rustomize::Result<ResMap>) -> Error {
    match r {
        Ok(rm) => panic!("expected an error, got {} resources", rm.len()),
        Err(e) => e,
    }
}

const KUST: &[u8] = b"resources:\n- r.yaml\n";

fn billion_laughs() -> String {
    let mut s = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        s.push_str(&format!("x{i}: &a{i} [{}]\n", vec![prev; 9].join(", ")));
    }
    s
}

#[test]
fn alias_bomb_in_resource() {
    let bomb = billion_laughs();
    let fs = mem(&[
        ("/t/kustomization.yaml", KUST),
        ("/t/r.yaml", bomb.as_bytes()),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    assert!(e.to_string().contains("aliases expand"), "{e}");
}

#[test]
fn alias_bomb_in_kustomization() {
    let mut k = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        k.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(",")
        ));
    }
    k.push_str("resources: []\n");
    let fs = mem(&[("/t/kustomization.yaml", k.as_bytes())]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
}

#[test]
fn alias_expansion_limit_is_configurable() {
    // 9^3 = 729 nodes: fine by default, refused with a limit of 100.
    let mut s = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {}\nx0: &a0 [l, l, l, l, l, l, l, l, l]\n",
    );
    for i in 1..3 {
        s.push_str(&format!(
            "x{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 9].join(", ")
        ));
    }
    let fs = mem(&[("/t/kustomization.yaml", KUST), ("/t/r.yaml", s.as_bytes())]);
    assert!(build_bounded(fs.clone(), BuildOptions::default(), "/t").is_ok());
    let opts = BuildOptions {
        limits: Limits {
            max_alias_expansion: 100,
            ..Limits::default()
        },
        ..Default::default()
    };
    let e = err_of(build_bounded(fs, opts, "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
}

#[test]
fn deep_flow_nesting() {
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let n = 100_000;
        let doc = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {}1{}\n",
            open.repeat(n),
            close.repeat(n)
        );
        let fs = mem(&[
            ("/t/kustomization.yaml", KUST),
            ("/t/r.yaml", doc.as_bytes()),
        ]);
        let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
        assert!(matches!(e, Error::Limit { .. }), "{e}");
        assert!(e.to_string().contains("nest"), "{e}");
        // Unterminated.
        let doc = format!("data: {}\n", open.repeat(n));
        let fs = mem(&[
            ("/t/kustomization.yaml", KUST),
            ("/t/r.yaml", doc.as_bytes()),
        ]);
        let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
        assert!(matches!(e, Error::Limit { .. } | Error::Yaml { .. }), "{e}");
    }
}

#[test]
fn deep_block_nesting() {
    // `- - - - ... x`: nested block sequences on one line.
    let doc = format!("{}x\n", "- ".repeat(100_000));
    let fs = mem(&[
        ("/t/kustomization.yaml", KUST),
        ("/t/r.yaml", doc.as_bytes()),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    // Nested mappings by indentation, deeper than the limit.
    let mut doc = String::new();
    for i in 0..2_000 {
        doc.push_str(&" ".repeat(i));
        doc.push_str("a:\n");
    }
    let fs = mem(&[
        ("/t/kustomization.yaml", KUST),
        ("/t/r.yaml", doc.as_bytes()),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    // The same in the kustomization itself.
    let doc = format!("resources: {}\n", "[".repeat(100_000));
    let fs = mem(&[("/t/kustomization.yaml", doc.as_bytes())]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Limit { .. } | Error::Yaml { .. }), "{e}");
}

#[test]
fn depth_limit_is_configurable() {
    let doc = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nx: {}1{}\n",
        "[".repeat(50),
        "]".repeat(50)
    );
    let fs = mem(&[
        ("/t/kustomization.yaml", KUST),
        ("/t/r.yaml", doc.as_bytes()),
    ]);
    assert!(build_bounded(fs.clone(), BuildOptions::default(), "/t").is_ok());
    let opts = BuildOptions {
        limits: Limits {
            max_depth: 20,
            ..Limits::default()
        },
        ..Default::default()
    };
    let e = err_of(build_bounded(fs, opts, "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
}

#[test]
fn huge_scalar_beyond_file_limit() {
    let big = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: {}\n",
        "x".repeat(2 << 20)
    );
    let opts = BuildOptions {
        limits: Limits {
            max_file_bytes: 1 << 20,
            ..Limits::default()
        },
        ..Default::default()
    };
    let fs = mem(&[
        ("/t/kustomization.yaml", KUST),
        ("/t/r.yaml", big.as_bytes()),
    ]);
    let e = err_of(build_bounded(fs.clone(), opts.clone(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    assert!(e.to_string().contains("larger than 1048576 bytes"), "{e}");
    // Under the default limit (64 MiB) the same file renders, quickly.
    let rm = build_bounded(fs, BuildOptions::default(), "/t").unwrap();
    assert_eq!(rm.len(), 1);
    // The kustomization file is bounded too.
    let k = format!("resources: []\nnamePrefix: {}\n", "p".repeat(2 << 20));
    let fs = mem(&[("/t/kustomization.yaml", k.as_bytes())]);
    let e = err_of(build_bounded(fs, opts.clone(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    // ... and files read by generators and patches.
    let k = b"configMapGenerator:\n- name: g\n  files:\n  - big.txt\n";
    let fs = mem(&[
        ("/t/kustomization.yaml", k),
        ("/t/big.txt", "y".repeat(2 << 20).as_bytes()),
    ]);
    let e = err_of(build_bounded(fs, opts, "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
}

#[test]
fn invalid_utf8() {
    let bad: &[u8] = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \xff\xfe\n";
    let fs = mem(&[("/t/kustomization.yaml", KUST), ("/t/r.yaml", bad)]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(e.to_string().contains("UTF-8"), "{e}");
    assert!(e.to_string().contains("r.yaml"), "{e}");

    let fs = mem(&[("/t/kustomization.yaml", b"resources:\n- \xc3\x28\n")]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(e.to_string().contains("UTF-8"), "{e}");
    assert!(e.to_string().contains("kustomization.yaml"), "{e}");
}

#[test]
fn duplicate_keys() {
    // In a resource: an error, as go-yaml v3 reports it.
    let dup = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n";
    let fs = mem(&[("/t/kustomization.yaml", KUST), ("/t/r.yaml", dup)]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(e.to_string().contains("already defined"), "{e}");
    // In a kustomization: the last one wins (kubectl agrees).
    let fs = mem(&[
        (
            "/t/kustomization.yaml",
            b"namePrefix: x-\nresources:\n- r.yaml\nnamePrefix: y-\n",
        ),
        (
            "/t/r.yaml",
            b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
        ),
    ]);
    let rm = build_bounded(fs, BuildOptions::default(), "/t").unwrap();
    assert_eq!(rm.iter().next().unwrap().name(), "y-a");
}

#[test]
fn file_where_directory_expected_and_vice_versa() {
    // Building a file.
    let fs = mem(&[("/t/kustomization.yaml", KUST)]);
    let e = err_of(build_bounded(
        fs,
        BuildOptions::default(),
        "/t/kustomization.yaml",
    ));
    assert!(e.to_string().contains("must build at directory"), "{e}");
    // A component that is a file.
    let fs = mem(&[
        ("/t/kustomization.yaml", b"components:\n- c.yaml\n"),
        ("/t/c.yaml", b"kind: Component\n"),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    eprintln!("{e}");
    // A patch file that is a directory.
    let fs = mem(&[
        ("/t/kustomization.yaml", b"patches:\n- path: p\n"),
        ("/t/p/x.yaml", b"a: 1\n"),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(e.to_string().contains("directory"), "{e}");
    // A generator file that is a directory.
    let fs = mem(&[
        (
            "/t/kustomization.yaml",
            b"configMapGenerator:\n- name: g\n  files:\n  - d\n",
        ),
        ("/t/d/x", b"a"),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(e.to_string().contains("directory"), "{e}");
    // A resource directory without a kustomization.
    let fs = mem(&[("/t/kustomization.yaml", KUST), ("/t/r.yaml/x", b"a: 1\n")]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::MissingKustomization { .. }), "{e}");
}

#[test]
fn dotdot_escape() {
    let cm = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: secret\n";
    for k in [
        &b"resources:\n- ../secret.yaml\n"[..],
        b"resources:\n- sub/../../secret.yaml\n",
        b"patches:\n- path: ../secret.yaml\n",
        b"configMapGenerator:\n- name: g\n  files:\n  - ../secret.yaml\n",
        b"configMapGenerator:\n- name: g\n  envs:\n  - ../secret.yaml\n",
        b"resources:\n- /secret.yaml\n",
    ] {
        let fs = mem(&[
            ("/t/kustomization.yaml", k),
            ("/t/sub/x", b""),
            ("/secret.yaml", cm),
        ]);
        let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
        assert!(
            matches!(e, Error::LoadRestriction { .. }),
            "{}: {e}",
            String::from_utf8_lossy(k)
        );
    }
    // Allowed when the restriction is lifted.
    let fs = mem(&[
        ("/t/kustomization.yaml", b"resources:\n- ../secret.yaml\n"),
        ("/secret.yaml", cm),
    ]);
    let opts = BuildOptions {
        load_restrictor: LoadRestrictor::None,
        ..Default::default()
    };
    assert_eq!(build_bounded(fs, opts, "/t").unwrap().len(), 1);
}

#[test]
fn kustomization_cycles() {
    // Self.
    let fs = mem(&[("/t/kustomization.yaml", b"resources:\n- .\n")]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Cycle { .. }), "{e}");
    // a -> b -> a.
    let fs = mem(&[
        ("/t/a/kustomization.yaml", b"resources:\n- ../b\n"),
        ("/t/b/kustomization.yaml", b"resources:\n- ../a\n"),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t/a"));
    assert!(matches!(e, Error::Cycle { .. }), "{e}");
    // Parent.
    let fs = mem(&[
        ("/t/kustomization.yaml", b"resources:\n- sub\n"),
        ("/t/sub/kustomization.yaml", b"resources:\n- ..\n"),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Cycle { .. }), "{e}");
    // Through components.
    let fs = mem(&[
        ("/t/a/kustomization.yaml", b"components:\n- ../c\n"),
        (
            "/t/c/kustomization.yaml",
            b"apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n- ../c\n",
        ),
    ]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t/a"));
    assert!(
        matches!(e, Error::Cycle { .. } | Error::Limit { .. }),
        "{e}"
    );
}

#[test]
fn kustomization_depth_limit() {
    // A chain of 200 bases: refused with the default limit (128), quickly.
    let mut fs = MemFs::new();
    for i in 0..200 {
        fs.add(
            format!("/t/k{i}/kustomization.yaml"),
            format!("resources:\n- ../k{}\n", i + 1),
        );
    }
    fs.add("/t/k200/kustomization.yaml", "resources: []\n");
    let e = err_of(build_bounded(fs.clone(), BuildOptions::default(), "/t/k0"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    let opts = BuildOptions {
        limits: Limits {
            max_kustomization_depth: 1000,
            ..Limits::default()
        },
        ..Default::default()
    };
    assert!(build_bounded(fs, opts, "/t/k0").unwrap().is_empty());
}

fn many_configmaps(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\n  labels:\n    app: x\ndata:\n  k: v{i}\n"
        ));
    }
    s
}

#[test]
fn enormous_patch_target() {
    let n = 3_000;
    let k = b"resources:\n- r.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: any\n    data:\n      added: yes\n- target:\n    labelSelector: app=x\n  patch: |-\n    - op: add\n      path: /data/j\n      value: v\n";
    let fs = mem(&[
        ("/t/kustomization.yaml", k),
        ("/t/r.yaml", many_configmaps(n).as_bytes()),
    ]);
    let rm = build_bounded(fs, BuildOptions::default(), "/t").unwrap();
    assert_eq!(rm.len(), n);
    assert!(
        rm.iter()
            .all(|r| r.obj["data"]["added"] == "yes" && r.obj["data"]["j"] == "v")
    );
}

#[test]
fn ten_thousand_resources() {
    let n = 10_000;
    let mut k = String::from("namePrefix: p-\ncommonLabels:\n  team: t\nresources:\n");
    let mut fs = MemFs::new();
    for i in 0..n {
        k.push_str(&format!("- r{i}.yaml\n"));
        fs.add(
            format!("/t/r{i}.yaml"),
            format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\n"),
        );
    }
    fs.add("/t/kustomization.yaml", k);
    let rm = build_bounded(fs, BuildOptions::default(), "/t").unwrap();
    assert_eq!(rm.len(), n);
    // A duplicate among them is a clear error.
    let mut fs = MemFs::new();
    fs.add("/t/kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n");
    fs.add("/t/a.yaml", many_configmaps(5_000));
    fs.add("/t/b.yaml", many_configmaps(1));
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::DuplicateId { .. }), "{e}");
}

/// On-disk trees (symlinks), in a fresh temporary directory.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "rustomize-hostile-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn write(&self, rel: &str, content: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_on_disk() {
    use rustomize::fs::DiskFs;
    use std::os::unix::fs::symlink;
    let t = TempDir::new("symlinks");
    t.write(
        "outside/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n",
    );
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
    t.write("app/cm.yaml", cm);

    // A loop: a -> b -> a.
    symlink(t.path("app/b"), t.path("app/a")).unwrap();
    symlink(t.path("app/a"), t.path("app/b")).unwrap();
    t.write("app/kustomization.yaml", "resources:\n- a\n");
    let dir = t.path("app").to_string_lossy().into_owned();
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    eprintln!("{e}");
    // A patch through the loop.
    t.write(
        "app/kustomization.yaml",
        "resources:\n- cm.yaml\npatches:\n- path: a\n",
    );
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    eprintln!("{e}");
    // A directory loop: d/self -> d, listed as a base.
    std::fs::create_dir_all(t.path("app/d")).unwrap();
    symlink(t.path("app/d"), t.path("app/d/self")).unwrap();
    t.write("app/d/kustomization.yaml", "resources:\n- self\n");
    t.write("app/kustomization.yaml", "resources:\n- d\n");
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    assert!(matches!(e, Error::Cycle { .. }), "{e}");

    // A file symlink pointing out of the tree.
    symlink(t.path("outside/secret.yaml"), t.path("app/link.yaml")).unwrap();
    t.write("app/kustomization.yaml", "resources:\n- link.yaml\n");
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    assert!(matches!(e, Error::LoadRestriction { .. }), "{e}");
    t.write("app/kustomization.yaml", "patches:\n- path: link.yaml\n");
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    assert!(matches!(e, Error::LoadRestriction { .. }), "{e}");
    t.write(
        "app/kustomization.yaml",
        "configMapGenerator:\n- name: g\n  files:\n  - link.yaml\n",
    );
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    assert!(matches!(e, Error::LoadRestriction { .. }), "{e}");
    // The kustomization file itself a symlink to outside: kustomize reads it
    // (the root is the directory), and so do we; its resources stay confined.
    // A dangling symlink.
    symlink(t.path("nowhere.yaml"), t.path("app/dangling.yaml")).unwrap();
    t.write("app/kustomization.yaml", "resources:\n- dangling.yaml\n");
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    eprintln!("{e}");
    // A FIFO would block a reader forever: it is not a regular file, never opened.
    if std::process::Command::new("mkfifo")
        .arg(t.path("app/fifo.yaml"))
        .status()
        .is_ok_and(|s| s.success())
    {
        t.write("app/kustomization.yaml", "resources:\n- fifo.yaml\n");
        let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
        eprintln!("{e}");
    }
}

#[test]
fn huge_file_on_disk_is_not_read_whole() {
    use rustomize::fs::DiskFs;
    let t = TempDir::new("hugefile");
    t.write("app/kustomization.yaml", "resources:\n- big.yaml\n");
    // A sparse 8 GiB file: reading it whole would exhaust memory and time.
    let f = std::fs::File::create(t.path("app/big.yaml")).unwrap();
    f.set_len(8 << 30).unwrap();
    drop(f);
    let dir = t.path("app").to_string_lossy().into_owned();
    let e = err_of(build_bounded(DiskFs, BuildOptions::default(), &dir));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    assert!(e.to_string().contains("larger than 67108864 bytes"), "{e}");
}

/// Nesting just under the depth limit goes through every stage (parse,
/// strategic merge, JSON patch, transformers, emit) on a thread with the
/// default 2 MiB stack: the limit must keep all of them far from overflow.
#[test]
fn nesting_at_the_limit_on_a_small_stack() {
    let depth = Limits::default().max_depth - 8;
    let deep = |leaf: &str| format!("{}{leaf}{}", "{a: ".repeat(depth), "}".repeat(depth));
    let seqs = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let res = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: i\nx: {}\ny: {seqs}\n",
        deep("1"),
    );
    let k = format!(
        "namePrefix: p-\ncommonLabels:\n  l: v\nresources:\n- r.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: d\n    x: {}\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /z\n      value: {}\n",
        deep("2"),
        deep("3")
    );
    let fs = mem(&[
        ("/t/kustomization.yaml", k.as_bytes()),
        ("/t/r.yaml", res.as_bytes()),
    ]);
    let out = std::thread::spawn(move || Kustomizer::new(fs).build_to_string("/t"))
        .join()
        .expect("stack overflow or panic")
        .unwrap();
    assert!(out.contains("name: p-d"));
}

/// Each level lists the next one twice (empty leaves, so no duplicate ids):
/// the work doubles per level. It must be cut off, not run for 2^depth.
#[test]
fn diamond_explosion() {
    let mut fs = MemFs::new();
    for i in 0..40 {
        fs.add(
            format!("/t/k{i}/kustomization.yaml"),
            format!(
                "resources:\n- ../k{n}\n- ../k{n}/\n- ../k{n}/.\n",
                n = i + 1
            ),
        );
    }
    fs.add("/t/k40/kustomization.yaml", "resources: []\n");
    let e = err_of(build_bounded(fs.clone(), BuildOptions::default(), "/t/k0"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    assert!(
        e.to_string().contains("more than 50000 kustomizations"),
        "{e}"
    );
    let opts = BuildOptions {
        limits: Limits {
            max_kustomizations: 100,
            ..Limits::default()
        },
        ..Default::default()
    };
    let e = err_of(build_bounded(fs, opts, "/t/k0"));
    assert!(
        e.to_string().contains("more than 100 kustomizations"),
        "{e}"
    );
}

/// Merge keys (`<<`) copying aliased maps, nested: counted as alias expansion.
#[test]
fn merge_key_bomb() {
    let mut s = String::from("a0: &a0 {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8}\n");
    for i in 1..12 {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} {{x: *a{p}, y: *a{p}, z: *a{p}, w: *a{p}, <<: [*a{p}]}}\n"
        ));
    }
    s.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    let fs = mem(&[("/t/kustomization.yaml", KUST), ("/t/r.yaml", s.as_bytes())]);
    let e = err_of(build_bounded(fs, BuildOptions::default(), "/t"));
    assert!(matches!(e, Error::Limit { .. }), "{e}");
}

/// Patch target selectors are regular expressions: a huge or pathological
/// one fails or runs in linear time (RE2 semantics), never backtracks.
#[test]
fn pathological_target_regex() {
    let cms = many_configmaps(200);
    for name in [
        "(a*)*b",
        "(?:a{1000}){1000}",
        "((((((((((x*)*)*)*)*)*)*)*)*)*)*y",
    ] {
        let k = format!(
            "resources:\n- r.yaml\npatches:\n- target:\n    name: \"{name}\"\n  patch: |-\n    - op: add\n      path: /data/x\n      value: y\n"
        );
        let fs = mem(&[
            ("/t/kustomization.yaml", k.as_bytes()),
            ("/t/r.yaml", cms.as_bytes()),
        ]);
        match build_bounded(fs, BuildOptions::default(), "/t") {
            Ok(rm) => assert_eq!(rm.len(), 200),
            Err(e) => assert!(e.to_string().contains("size limit"), "{name}: {e}"),
        }
    }
}
