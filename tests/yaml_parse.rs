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

fn err(s: &str) -> String {
    parse_documents(s, Path::new("x.yaml"), &ParseOptions::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn multi_document_stream_with_values_resolved_like_kubectl() {
    let src = "a: 0755\nb: 2001-12-14\nc: yes\nd: ~\n--- # second\n- 1.0\n- !!str 12\n- {x, y: }\n";
    let docs = parse(src);
    assert_eq!(
        docs[0],
        json!({"a": 493, "b": "2001-12-14T00:00:00Z", "c": "yes", "d": null})
    );
    assert!(docs[1][0].is_f64());
    assert_eq!(docs[1][1], json!("12"));
    assert_eq!(docs[1][2], json!({"x": "", "y": ""}));
}

#[test]
fn error_messages() {
    insta::assert_snapshot!(err("a: 1\nb: [1, 2\n"), @"x.yaml:3:1: YAML error: while parsing a flow sequence: did not find expected ',' or ']'");
    insta::assert_snapshot!(err("a: 1\na: 2\n"), @r#"x.yaml:2:1: YAML error: mapping key "a" already defined at line 1"#);
    insta::assert_snapshot!(err("a: 1\n---\nb: *x\n"), @"x.yaml:3:4: YAML error: unknown anchor 'x' referenced");
    insta::assert_snapshot!(err("a:\n  1: b\n"), @"x.yaml:2:3: YAML error: mapping with a non-string key (json: unsupported type: map[interface {}]interface {})");
}

#[test]
fn limits_are_errors_not_crashes() {
    let deep = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let e = err(&deep);
    assert!(e.contains("limit exceeded"), "{e}");
}
