//! What a promotion changes: compare two renders resource by resource.

use crate::resmap::ResMap;
use crate::resource::Resource;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A resource's identity in a diff report: `group/kind`, namespace and name
/// (the version is left out so an API version bump shows as a change).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DiffId {
    /// API group ("" for core).
    pub group: String,
    /// Kind.
    pub kind: String,
    /// Namespace ("" when unset).
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl std::fmt::Display for DiffId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.group.is_empty() {
            write!(f, "{}/", self.group)?;
        }
        write!(f, "{}", self.kind)?;
        if !self.namespace.is_empty() {
            write!(f, " {}/{}", self.namespace, self.name)
        } else {
            write!(f, " {}", self.name)
        }
    }
}

/// One changed resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// Which resource.
    pub id: DiffId,
    /// Unified diff of its YAML (old → new).
    pub diff: String,
}

/// The difference between two renders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// In the new render only.
    pub added: Vec<DiffId>,
    /// In the old render only.
    pub removed: Vec<DiffId>,
    /// In both, with different content.
    pub changed: Vec<Changed>,
}

impl Diff {
    /// True when both renders are the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// Human-readable report.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for id in &self.added {
            let _ = writeln!(out, "added: {id}");
        }
        for id in &self.removed {
            let _ = writeln!(out, "removed: {id}");
        }
        for c in &self.changed {
            let _ = writeln!(out, "changed: {}", c.id);
        }
        for c in &self.changed {
            out.push('\n');
            out.push_str(&c.diff);
        }
        if self.is_empty() {
            out.push_str("no differences\n");
        }
        out
    }

    /// JSON report for tools.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn diff_id(r: &Resource) -> DiffId {
    let id = r.id();
    DiffId {
        group: id.group,
        kind: id.kind,
        namespace: id.namespace,
        name: id.name,
    }
}

fn emit(r: &Resource) -> String {
    let mut s = String::new();
    crate::yaml::emit_map_document(&r.obj, &mut s);
    s
}

/// Compare two renders.
///
/// ```
/// use rustomize::{fs::MemFs, Kustomizer, gitops::diff::diff};
/// let mut fs = MemFs::new();
/// fs.add("/a/kustomization.yaml", "resources:\n- cm.yaml\n");
/// fs.add("/a/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v1\n");
/// fs.add("/b/kustomization.yaml", "resources:\n- cm.yaml\n");
/// fs.add("/b/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v2\n");
/// let k = Kustomizer::new(fs);
/// let d = diff(&k.build("/a").unwrap(), &k.build("/b").unwrap());
/// assert_eq!(d.changed.len(), 1);
/// assert!(d.changed[0].diff.contains("-  k: v1\n+  k: v2\n"));
/// ```
pub fn diff(old: &ResMap, new: &ResMap) -> Diff {
    let index = |m: &ResMap| -> BTreeMap<DiffId, String> {
        m.iter().map(|r| (diff_id(r), emit(r))).collect()
    };
    let a = index(old);
    let b = index(new);
    let mut d = Diff::default();
    for (id, text) in &a {
        match b.get(id) {
            None => d.removed.push(id.clone()),
            Some(t) if t != text => d.changed.push(Changed {
                id: id.clone(),
                diff: unified(text, t, &format!("a/{id}"), &format!("b/{id}"), 3),
            }),
            Some(_) => {}
        }
    }
    d.added = b
        .keys()
        .filter(|id| !a.contains_key(*id))
        .cloned()
        .collect();
    d
}

/// Unified diff of two texts, line by line, with `context` lines around changes.
///
/// ```
/// let d = rustomize::gitops::diff::unified("a\nb\nc\n", "a\nB\nc\n", "old", "new", 1);
/// assert_eq!(d, "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
/// ```
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str, context: usize) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = myers(&a, &b);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    // Group ops into hunks.
    let mut i = 0;
    while i < ops.len() {
        if ops[i].0 == Op::Equal {
            i += 1;
            continue;
        }
        let start = i.saturating_sub(context);
        let mut end = i;
        // Extend while changes are within 2*context of each other.
        let mut last_change = i;
        while end < ops.len() {
            if ops[end].0 != Op::Equal {
                last_change = end;
            } else if end - last_change > 2 * context {
                break;
            }
            end += 1;
        }
        let end = (last_change + context + 1).min(ops.len());
        let (a_start, b_start) = (ops[start].1, ops[start].2);
        let a_len = ops[start..end].iter().filter(|o| o.0 != Op::Insert).count();
        let b_len = ops[start..end].iter().filter(|o| o.0 != Op::Delete).count();
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(a_start, a_len),
            range(b_start, b_len)
        );
        for (op, ai, bi) in &ops[start..end] {
            match op {
                Op::Equal => {
                    let _ = writeln!(out, " {}", a[*ai]);
                }
                Op::Delete => {
                    let _ = writeln!(out, "-{}", a[*ai]);
                }
                Op::Insert => {
                    let _ = writeln!(out, "+{}", b[*bi]);
                }
            }
        }
        i = end;
    }
    out
}

fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Equal,
    Delete,
    Insert,
}

/// Myers' O((N+M)·D) diff; returns (op, index in a, index in b) per line.
fn myers(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    let n = a.len() as isize;
    let m = b.len() as isize;
    let max = (n + m) as usize;
    let off = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    'outer: for d in 0..=max as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let idx = (k + off) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                trace.push(v.clone());
                break 'outer;
            }
            k += 2;
        }
    }
    // Backtrack.
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..trace.len() - 1).rev() {
        let v = &trace[d];
        let d = d as isize;
        let k = x - y;
        let idx = (k + off) as usize;
        let prev_k = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[(prev_k + off) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push((Op::Equal, x as usize, y as usize));
        }
        if x == prev_x {
            y -= 1;
            ops.push((Op::Insert, x as usize, y as usize));
        } else {
            x -= 1;
            ops.push((Op::Delete, x as usize, y as usize));
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        ops.push((Op::Equal, x as usize, y as usize));
    }
    ops.reverse();
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_hunks() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        let new = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\neleven\n";
        assert_eq!(
            unified(old, new, "a", "b", 1),
            "--- a\n+++ b\n@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n@@ -10 +10,2 @@\n 10\n+eleven\n"
        );
        assert_eq!(unified("x\n", "x\n", "a", "b", 3), "--- a\n+++ b\n");
        assert_eq!(
            unified("", "a\n", "a", "b", 3),
            "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n"
        );
        assert_eq!(
            unified("a\n", "", "a", "b", 3),
            "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n"
        );
    }

    #[test]
    fn myers_is_minimal_on_small_inputs() {
        let a = ["a", "b", "c", "a", "b", "b", "a"];
        let b = ["c", "b", "a", "b", "a", "c"];
        let ops = myers(&a, &b);
        let edits = ops.iter().filter(|o| o.0 != Op::Equal).count();
        assert_eq!(edits, 5);
    }
}
