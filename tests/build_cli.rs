//! `rustomize build` as users run it: the output streamed in pieces is the
//! library's text, and nothing is printed (or no file created) when
//! Kustomize would refuse to print. Uses the example binary that
//! `cargo test` builds next to the test binaries.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::example_binary as binary;

/// A fresh directory holding `files`.
fn tree(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rustomize-build-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (f, text) in files {
        std::fs::write(dir.join(f), text).unwrap();
    }
    dir
}

fn build(bin: &Path, args: &[&std::ffi::OsStr]) -> (i32, Vec<u8>, String) {
    let out = Command::new(bin).arg("build").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn large_output_is_the_library_text() {
    let Some(bin) = binary() else {
        return;
    };
    let mut resources = String::new();
    for i in 0..1500 {
        resources.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  text: |\n    line {i}\n    two\n  n: \"{i}\"\n"
        ));
    }
    let dir = tree(
        "large",
        &[
            (
                "kustomization.yaml",
                "namePrefix: p-\nresources:\n- r.yaml\n".into(),
            ),
            ("r.yaml", resources),
        ],
    );
    let expected = rustomize::Kustomizer::on_disk()
        .build_to_string(&dir)
        .unwrap();
    assert!(expected.len() > 150_000);
    let (code, out, err) = build(&bin, &[dir.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(out == expected.as_bytes());
    let file = dir.join("out.yaml");
    let (code, out, err) = build(&bin, &[dir.as_os_str(), "-o".as_ref(), file.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(std::fs::read(&file).unwrap() == expected.as_bytes());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nothing_is_printed_when_kustomize_cannot_print() {
    let Some(bin) = binary() else {
        return;
    };
    let ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n".to_string();
    let bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: \"x\\x7fy\"\n";
    let dir = tree(
        "refused",
        &[
            (
                "kustomization.yaml",
                "resources:\n- a.yaml\n- b.yaml\n".into(),
            ),
            ("a.yaml", ok),
            ("b.yaml", bad.into()),
        ],
    );
    let (code, out, err) = build(&bin, &[dir.as_os_str()]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert!(err.contains("control characters are not allowed"), "{err}");
    let file = dir.join("out.yaml");
    let (code, _, _) = build(&bin, &[dir.as_os_str(), "-o".as_ref(), file.as_os_str()]);
    assert_eq!(code, 1);
    assert!(!file.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `rustomize build DIR | head -1` and `rustomize lint DIR | head -1`: when
/// the reader goes away the command stops quietly with status 141, as
/// kubectl (ended by SIGPIPE) does, instead of printing "Broken pipe" or
/// panicking in `print!`.
#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let Some(bin) = binary() else {
        return;
    };
    let mut resources = String::new();
    for i in 0..3000 {
        resources.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  text: some text to make the output long {i}\n"
        ));
    }
    let dir = tree(
        "closed-pipe",
        &[
            ("kustomization.yaml", "resources:\n- r.yaml\n".into()),
            ("r.yaml", resources),
        ],
    );
    for command in ["build", "lint"] {
        let mut child = Command::new(&bin)
            .arg(command)
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(141), "{command}: {err}");
        assert!(err.is_empty(), "{command}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
