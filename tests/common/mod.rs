//! Helpers shared by integration tests: a scratch git repository, and the
//! example binary that `cargo test` builds next to the test binaries.

#![allow(dead_code)] // each test crate uses some of them

use std::path::PathBuf;
use std::process::Command;

/// A directory under the system temp dir, removed when dropped; `git`
/// runs in it with a fixed identity and no signing.
pub struct TempRepo(pub PathBuf);

impl TempRepo {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("rustomize-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempRepo(std::fs::canonicalize(&dir).unwrap())
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.0.join(rel)).unwrap()
    }

    pub fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
            .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

impl Drop for TempRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether the `git` program runs here (tests that need it skip otherwise).
pub fn git_available() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok();
    if !ok {
        eprintln!("git not available; skipping");
    }
    ok
}

/// target/<profile>/examples/rustomize, if built.
pub fn example_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?; // target/<profile>/deps -> target/<profile>
    let bin = dir
        .join("examples")
        .join(format!("rustomize{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}
