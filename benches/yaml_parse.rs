//! Throughput of the YAML parser on typical Kubernetes YAML.
//! `cargo bench --bench yaml_parse`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rustomize::yaml::{ParseOptions, parse_documents};
use std::hint::black_box;
use std::path::Path;

/// About 1 MB of Deployments, Services and ConfigMaps.
pub fn corpus() -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 1 << 20 {
        s.push_str(&format!(
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
  namespace: prod
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: web-{i}
  annotations:
    description: "A web server, number {i}"
spec:
  replicas: 3
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25.{i}
        args: ["--port", "8080", '--verbose']
        ports:
        - containerPort: 8080
          protocol: TCP
        resources:
          limits: {{cpu: 500m, memory: 128Mi}}
        env:
        - name: A
          value: "1"
        - name: B
          valueFrom:
            configMapKeyRef: {{name: cfg, key: b}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-{i}
data:
  config.yaml: |
    server:
      port: 8080
      host: 0.0.0.0
    # a comment inside a block scalar
  enabled: "true"
  ratio: "0.5"
---
"#
        ));
        i += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let src = corpus();
    let mut g = c.benchmark_group("yaml_parse");
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.bench_function("k8s_1mb", |b| {
        b.iter(|| {
            parse_documents(black_box(&src), Path::new("x"), &ParseOptions::default()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
