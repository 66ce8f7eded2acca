//! The renderer is `Send + Sync` and renders many trees at once from several
//! threads with results identical to a single-threaded render.

use rustomize::fs::{DiskFs, MemFs};
use rustomize::{Error, Kustomizer, ResMap};

/// Compile-time: these types cross threads.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Kustomizer<DiskFs>>();
    send_sync::<Kustomizer<MemFs>>();
    send_sync::<ResMap>();
    send_sync::<Error>();
    send_sync::<rustomize::BuildOptions>();
    send_sync::<rustomize::Resource>();
};

/// Every fixture tree that builds (some are error fixtures: their error text
/// must be identical too).
fn fixture_dirs() -> Vec<String> {
    let mut dirs = Vec::new();
    for root in ["fixtures/gitops", "fixtures/compose", "fixtures/transform"] {
        for e in walkdir::WalkDir::new(root).sort_by_file_name() {
            let e = e.unwrap();
            if e.file_name() == "kustomization.yaml" {
                dirs.push(e.path().parent().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    assert!(dirs.len() > 20);
    dirs
}

fn render(k: &Kustomizer<DiskFs>, dir: &str) -> String {
    match k.build_to_string(dir) {
        Ok(s) => s,
        Err(e) => format!("ERROR {e}"),
    }
}

fn mem_tree(i: usize) -> MemFs {
    let mut fs = MemFs::new();
    fs.add(
        "/base/kustomization.yaml",
        "resources:\n- deploy.yaml\nconfigMapGenerator:\n- name: cfg\n  literals:\n  - a=1\n",
    );
    fs.add(
        "/base/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n        envFrom:\n        - configMapRef:\n            name: cfg\n",
    );
    fs.add(
        "/overlay/kustomization.yaml",
        format!("namePrefix: t{i}-\nresources:\n- ../base\nimages:\n- name: nginx\n  newTag: \"1.{i}\"\n"),
    );
    fs
}

#[test]
fn parallel_renders_match_sequential() {
    let dirs = fixture_dirs();
    let disk = Kustomizer::on_disk();
    let expected: Vec<String> = dirs.iter().map(|d| render(&disk, d)).collect();
    let mems: Vec<Kustomizer<MemFs>> = (0..8).map(|i| Kustomizer::new(mem_tree(i))).collect();
    let mem_expected: Vec<String> = mems
        .iter()
        .map(|k| k.build_to_string("/overlay").unwrap())
        .collect();
    assert!(mem_expected[3].contains("t3-cfg-") && mem_expected[3].contains("nginx:1.3"));

    // One shared renderer used by four threads at once, each rendering every
    // tree in a different order; plus the in-memory renderers.
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (disk, dirs, mems) = (&disk, &dirs, &mems);
                s.spawn(move || {
                    let n = dirs.len();
                    let mut got = vec![String::new(); n];
                    for j in 0..n {
                        let i = (j * (t + 1) + t) % n;
                        let i = if got[i].is_empty() { i } else { j };
                        got[i] = render(disk, &dirs[i]);
                    }
                    for j in 0..n {
                        if got[j].is_empty() {
                            got[j] = render(disk, &dirs[j]);
                        }
                    }
                    let m: Vec<String> = mems
                        .iter()
                        .rev()
                        .map(|k| k.build_to_string("/overlay").unwrap())
                        .collect();
                    (got, m)
                })
            })
            .collect();
        for h in handles {
            let (got, mut m) = h.join().expect("render thread panicked");
            for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
                assert_eq!(g, e, "{}", dirs[i]);
            }
            m.reverse();
            assert_eq!(m, mem_expected);
        }
    });
}

#[test]
fn renderer_moves_across_threads() {
    let k = Kustomizer::new(mem_tree(1));
    let first = k.build_to_string("/overlay").unwrap();
    let (k, again) = std::thread::spawn(move || {
        let s = k.build_to_string("/overlay").unwrap();
        (k, s)
    })
    .join()
    .unwrap();
    assert_eq!(first, again);
    let rm = k.build("/overlay").unwrap();
    let rm = std::thread::spawn(move || rm).join().unwrap();
    assert_eq!(rm.len(), 2);
}
