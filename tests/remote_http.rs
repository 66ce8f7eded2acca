//! Files named by `http(s)://` URLs (in `resources`, patches, generators,
//! replacements, transformers), fetched with the `curl` program from a tiny
//! HTTP server started by the test. Expected outputs are `kubectl
//! kustomize`'s (v5.5.0) on the same files served over HTTP.

#![cfg(feature = "git")]

use rustomize::fs::MemFs;
use rustomize::{BuildOptions, Error, Kustomizer};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::OnceLock;

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: \"1\"\n";
const MULTI: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: m2\nspec:\n  ports:\n  - port: 80\n";
const LIST: &str = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: l1\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: l2\n";
const PATCH: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  b: \"2\"\n";
const SM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  c: \"3\"\n";
const JSON6902: &str = "- op: add\n  path: /data/j\n  value: \"j\"\n";
const REPL: &str = "- source:\n    kind: ConfigMap\n    name: one\n    fieldPath: data.a\n  targets:\n  - select:\n      kind: ConfigMap\n      name: one\n    fieldPaths:\n    - data.r\n    options:\n      create: true\n";
const LT: &str = "apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: lt\nlabels:\n  fromurl: \"yes\"\nfieldSpecs:\n- path: metadata/labels\n  create: true\n";

/// The response to a GET of `path`: status line, extra headers, body.
fn respond(path: &str) -> (&'static str, String, String) {
    let ok = |body: &str| ("200 OK", String::new(), body.to_string());
    match path {
        "/cm.yaml" => ok(CM),
        "/multi.yaml" => ok(MULTI),
        "/list.yaml" => ok(LIST),
        "/patch.yaml" => ok(PATCH),
        "/sm.yaml" => ok(SM),
        "/j.yaml" => ok(JSON6902),
        "/repl.yaml" => ok(REPL),
        "/lt.yaml" => ok(LT),
        "/data.txt" => ok("hello world\n"),
        "/e.env" => ok("K1=v1\nK2=v2\n"),
        "/page.html" => ok("<html><body>hello</body></html>\n"),
        "/bad.yaml" => ok("a: [unclosed\n"),
        "/x/y/cm.yaml?ref=v1" => ok(&CM.replace("one", "two")),
        "/redir.yaml" => ("302 Found", "Location: /cm.yaml\r\n".into(), String::new()),
        "/loop" => ("302 Found", "Location: /loop\r\n".into(), String::new()),
        "/e204.yaml" => ("204 No Content", String::new(), String::new()),
        "/r304.yaml" => ("304 Not Modified", String::new(), String::new()),
        "/e500.yaml" => ("500 Internal Server Error", String::new(), "boom".into()),
        _ => ("404 Not Found", String::new(), "not found\n".into()),
    }
}

/// `http://127.0.0.1:PORT` of a server answering [`respond`], started once.
fn server() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    let _ = reader.read_line(&mut line);
                    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                    // Skip the headers.
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                    }
                    let (status, headers, body) = respond(&path);
                    let length = if status.starts_with("204") || status.starts_with("304") {
                        String::new()
                    } else {
                        format!("Content-Length: {}\r\n", body.len())
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\n{headers}{length}Connection: close\r\n\r\n{body}"
                    );
                });
            }
        });
        base
    })
}

fn curl_available() -> bool {
    let ok = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok();
    if !ok {
        eprintln!("curl not available; skipping");
    }
    ok
}

/// Build a MemFs tree (kustomization text with `URL` replaced by the
/// server's base) at `/r`.
fn build_with(files: &[(&str, &str)], opts: BuildOptions) -> rustomize::Result<String> {
    let base = server();
    let mut fs = MemFs::new();
    for (path, text) in files {
        fs.add(*path, text.replace("URL", base));
    }
    Kustomizer::new(fs).with_options(opts).build_to_string("/r")
}

fn build(kustomization: &str) -> rustomize::Result<String> {
    build_with(
        &[("/r/kustomization.yaml", kustomization)],
        BuildOptions::default(),
    )
}

#[test]
fn resources_single_multi_and_list() {
    if !curl_available() {
        return;
    }
    let out = build("resources:\n- URL/cm.yaml\n- URL/multi.yaml\n- URL/list.yaml\n").unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m1\n---\napiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: l2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: m2\nspec:\n  ports:\n  - port: 80\n"
    );
}

#[test]
fn redirects_are_followed_and_2xx_without_body_is_empty() {
    if !curl_available() {
        return;
    }
    let out = build("resources:\n- URL/redir.yaml\n- URL/e204.yaml\n").unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: one\n"
    );
    // The scheme is case-insensitive, as in Go's url.Parse.
    let out = build(
        "resources:\n- URL/cm.yaml\n"
            .replace("URL", &server().to_uppercase())
            .as_str(),
    )
    .unwrap();
    assert!(out.contains("name: one"), "{out}");
}

/// Anything but 2xx is an error naming the status as Go does; for a URL
/// that is no git URL there is no fallback.
#[test]
fn http_errors() {
    if !curl_available() {
        return;
    }
    for (path, message) in [
        ("nope.yaml", "HTTP Error: status code 404 (Not Found)"),
        ("nope", "HTTP Error: status code 404 (Not Found)"),
        (
            "e500.yaml",
            "HTTP Error: status code 500 (Internal Server Error)",
        ),
        ("r304.yaml", "HTTP Error: status code 304 (Not Modified)"),
    ] {
        let url = format!("{}/{path}", server());
        let e = build(&format!("resources:\n- {url}\n")).unwrap_err();
        match &e {
            Error::Remote {
                path,
                url: u,
                message: m,
            } => {
                assert_eq!(path, std::path::Path::new("/r/kustomization.yaml"));
                assert_eq!(u, &url);
                assert_eq!(m, message);
            }
            other => panic!("{path}: {other}"),
        }
    }
    // In a patch and a generator too.
    let e = build("resources:\n- URL/cm.yaml\npatches:\n- path: URL/nope.yaml\n").unwrap_err();
    assert!(e.to_string().contains("status code 404"), "{e}");
    let e = build("configMapGenerator:\n- name: g\n  files:\n  - URL/nope.txt\n").unwrap_err();
    assert!(e.to_string().contains("status code 404"), "{e}");
    // Braces are no curl glob (kubectl: the same 404).
    let e = build("resources:\n- URL/{cm,multi}.yaml\n").unwrap_err();
    assert!(e.to_string().contains("status code 404"), "{e}");
    // Too many redirects.
    let e = build("resources:\n- URL/loop\n").unwrap_err();
    assert!(matches!(e, Error::Remote { .. }), "{e}");
}

#[test]
fn server_down_html_and_malformed_yaml_fail() {
    if !curl_available() {
        return;
    }
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let e = build(&format!("resources:\n- http://127.0.0.1:{port}/cm.yaml\n")).unwrap_err();
    assert!(matches!(e, Error::Remote { .. }), "{e}");
    for file in ["page.html", "bad.yaml"] {
        let e = build(&format!("resources:\n- URL/{file}\n")).unwrap_err();
        let Error::InRemote { url, .. } = &e else {
            panic!("{file}: {e}")
        };
        assert!(url.ends_with(file), "{e}");
    }
}

/// A git URL whose fetch fails is cloned instead, as Kustomize does (here
/// the clone fails too: the server is no git server).
#[test]
fn git_urls_fall_back_to_git() {
    if !curl_available()
        || std::process::Command::new("git")
            .arg("--version")
            .output()
            .is_err()
    {
        return;
    }
    let e = build("resources:\n- URL/org/repo.yaml\n").unwrap_err();
    let Error::Remote { message, .. } = &e else {
        panic!("{e}")
    };
    assert!(message.contains("git fetch"), "{e}");
    assert!(
        message.starts_with(
            "as a file: HTTP Error: status code 404 (Not Found); as a git repository: "
        ),
        "{e}"
    );
}

#[test]
fn fetching_off_refuses_urls() {
    let opts = BuildOptions {
        fetch_remote: false,
        ..Default::default()
    };
    for k in [
        "resources:\n- URL/cm.yaml\n",
        "configMapGenerator:\n- name: g\n  files:\n  - URL/data.txt\n",
    ] {
        let e = build_with(&[("/r/kustomization.yaml", k)], opts.clone()).unwrap_err();
        assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    }
}

/// Every field that reads a file reads a URL (the load restriction does
/// not apply to it).
#[test]
fn urls_in_file_fields() {
    if !curl_available() {
        return;
    }
    let cases = [
        (
            "resources:\n- URL/cm.yaml\npatches:\n- path: URL/patch.yaml\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\n  b: \"2\"\nkind: ConfigMap\nmetadata:\n  name: one\n",
        ),
        (
            "resources:\n- URL/cm.yaml\npatches:\n- path: URL/j.yaml\n  target:\n    kind: ConfigMap\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\n  j: j\nkind: ConfigMap\nmetadata:\n  name: one\n",
        ),
        (
            "resources:\n- URL/cm.yaml\npatchesStrategicMerge:\n- URL/sm.yaml\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\n  c: \"3\"\nkind: ConfigMap\nmetadata:\n  name: one\n",
        ),
        (
            "resources:\n- URL/cm.yaml\npatchesJson6902:\n- path: URL/j.yaml\n  target:\n    version: v1\n    kind: ConfigMap\n    name: one\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\n  j: j\nkind: ConfigMap\nmetadata:\n  name: one\n",
        ),
        (
            "resources:\n- URL/cm.yaml\nreplacements:\n- path: URL/repl.yaml\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\n  r: 1\nkind: ConfigMap\nmetadata:\n  name: one\n",
        ),
        (
            "configMapGenerator:\n- name: g\n  files:\n  - URL/data.txt\n  - k=URL/data.txt\n",
            "apiVersion: v1\ndata:\n  data.txt: |\n    hello world\n  k: |\n    hello world\nkind: ConfigMap\nmetadata:\n  name: g-5cbbctg9d8\n",
        ),
        (
            "configMapGenerator:\n- name: g\n  envs:\n  - URL/e.env\n",
            "apiVersion: v1\ndata:\n  K1: v1\n  K2: v2\nkind: ConfigMap\nmetadata:\n  name: g-d9k8bhgk77\n",
        ),
        (
            "secretGenerator:\n- name: s\n  files:\n  - k=URL/data.txt\n",
            "apiVersion: v1\ndata:\n  k: aGVsbG8gd29ybGQK\nkind: Secret\nmetadata:\n  name: s-8g46b27b4g\ntype: Opaque\n",
        ),
        (
            "transformers:\n- URL/lt.yaml\nresources:\n- URL/cm.yaml\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  labels:\n    fromurl: \"yes\"\n  name: one\n",
        ),
        (
            "bases:\n- URL/cm.yaml\n",
            "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: one\n",
        ),
    ];
    for (k, expected) in cases {
        assert_eq!(build(k).unwrap(), expected, "{k}");
    }
}

/// Origins: the URL joined to the level's directory (cleaned as Go's
/// filepath.Join cleans it), or the repository, ref and path for a git URL.
#[test]
fn origin_annotations() {
    if !curl_available() {
        return;
    }
    let out = build(
        "resources:\n- URL/cm.yaml\n- URL/x/y/cm.yaml?ref=v1\nbuildMetadata: [originAnnotations]\n",
    )
    .unwrap();
    let host = server().trim_start_matches("http://");
    assert_eq!(
        out,
        format!(
            "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: http:/{host}/cm.yaml\n  name: one\n---\napiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: cm.yaml\n      repo: http://{host}/x/y\n      ref: v1\n  name: two\n"
        )
    );
    let out = build_with(
        &[
            (
                "/r/kustomization.yaml",
                "resources:\n- sub\nbuildMetadata: [originAnnotations]\n",
            ),
            ("/r/sub/kustomization.yaml", "resources:\n- URL/cm.yaml\n"),
        ],
        BuildOptions::default(),
    )
    .unwrap();
    assert!(
        out.contains(&format!("      path: sub/http:/{host}/cm.yaml\n")),
        "{out}"
    );
}
