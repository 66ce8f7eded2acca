//! Throughput smoke check (release): `cargo test --release --test yaml_perf -- --ignored --nocapture`

use rustomize::yaml::{ParseOptions, parse_documents};
use std::path::Path;
use std::time::Instant;

#[test]
#[ignore]
fn throughput() {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 4 << 20 {
        s.push_str(&format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  labels:\n    app: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n        args: [\"--port\", \"8080\"]\n        env:\n        - {{name: A, value: \"1\"}}\n---\n"));
        i += 1;
    }
    let mut best = std::time::Duration::MAX;
    let mut docs = Vec::new();
    for _ in 0..8 {
        drop(std::mem::take(&mut docs));
        let t = Instant::now();
        docs = parse_documents(&s, Path::new("x"), &ParseOptions::default()).unwrap();
        best = best.min(t.elapsed());
    }
    let dt = best;
    println!(
        "{} docs, {} bytes in {:?}: {:.1} MB/s",
        docs.len(),
        s.len(),
        dt,
        s.len() as f64 / dt.as_secs_f64() / 1e6
    );
}
