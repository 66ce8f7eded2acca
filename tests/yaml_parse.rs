//! Integration tests of the YAML parser through the public API.

use rustomize::yaml::{ParseOptions, parse_documents};
use serde_json::json;
use std::path::Path;

fn parse(s: &str) -> Vec<serde_json::Value> {
    parse_documents(s, Path::new("x.yaml"), &ParseOptions::default()).unwrap()
}

/// Dump a file given in $YAML_FILE as JSON (debugging aid):
/// `YAML_FILE=f.yaml cargo test --test yaml_parse dump -- --ignored --nocapture`
#[test]
#[ignore]
fn dump() {
    let mut files: Vec<String> = std::env::var("YAML_FILE").into_iter().collect();
    if let Ok(d) = std::env::var("YAML_DIR") {
        let mut v: Vec<String> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .filter(|p| p.ends_with(".yaml"))
            .collect();
        v.sort();
        files.extend(v);
    }
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        println!("FILE {f}");
        match parse_documents(&src, Path::new(&f), &ParseOptions::default()) {
            Ok(docs) => {
                for d in docs {
                    println!("DOC {}", serde_json::to_string(&d).unwrap());
                }
            }
            Err(e) => println!("ERR {}", e.to_string().replace('\n', " ")),
        }
    }
}

#[test]
fn kubernetes_deployment() {
    let src = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        args: [\"--port\", '80']
        ports:
        - containerPort: 80
";
    assert_eq!(
        parse(src),
        vec![json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [
                {"name": "nginx", "image": "nginx:1.25", "args": ["--port", "80"],
                 "ports": [{"containerPort": 80}]}
            ]}}}
        })]
    );
}
