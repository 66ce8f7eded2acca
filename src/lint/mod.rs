//! A linter over rendered resources: security and reliability best practices
//! for pod-bearing workloads, plus consistency checks on the render as a whole
//! (selectors, references, names).
//!
//! Every rule has a stable id (`RZ001` ...), a default [`Severity`] and, where
//! one exists, the matching Checkov check; see [`RULES`] and
//! `docs/lint-rules.md`. Findings name the rule, the resource, the field path
//! and the file and line the resource came from (for generated ConfigMaps and
//! Secrets, the kustomization file and the generator's entry). Reports print as text, JSON or SARIF
//! 2.1.0 ([`Report::to_text`], [`Report::to_json`], [`Report::to_sarif`]).
//!
//! ```
//! use rustomize::lint::{lint, LintConfig, Severity};
//! use rustomize::{ResMap, Resource};
//! let obj = serde_json::json!({
//!     "apiVersion": "v1", "kind": "Pod",
//!     "metadata": {"name": "web", "namespace": "prod"},
//!     "spec": {"containers": [{"name": "app", "image": "nginx:latest"}]}
//! });
//! let mut rm = ResMap::new();
//! let mut r = Resource::new(obj.as_object().unwrap().clone(), Some("pod.yaml".into()));
//! r.line = std::num::NonZeroU32::new(3);
//! rm.push(r);
//! let report = lint(&rm, &LintConfig::default());
//! let f = report.findings.iter().find(|f| f.rule == "RZ001").unwrap();
//! assert_eq!(f.path, "spec.containers[name=app].image");
//! assert_eq!(f.source.as_deref(), Some("pod.yaml"));
//! assert_eq!(f.line, Some(3));
//! assert!(!report.fails(Severity::Error));
//! ```
//!
//! Resources opt out of rules with annotations:
//!
//! ```yaml
//! metadata:
//!   annotations:
//!     rustomize.io/lint-skip: "RZ001,RZ030"
//!     rustomize.io/lint-skip-reason: "node agent; image pinned by the operator"
//! ```

mod config;
mod pod;
mod report;
mod rules;

pub use config::{ExternalRef, LintConfig, RuleSetting};
pub use rules::{RULES, RuleInfo, rule};

use crate::Kustomizer;
use crate::error::Result;
use crate::fs::FileSystem;
use crate::resmap::ResMap;
use crate::resource::{Resource, Value};
use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// Annotation listing rules (ids or names, comma- or space-separated, `*` for
/// all) that do not apply to the annotated resource.
pub const SKIP_ANNOTATION: &str = "rustomize.io/lint-skip";
/// Annotation giving the reason for [`SKIP_ANNOTATION`].
pub const SKIP_REASON_ANNOTATION: &str = "rustomize.io/lint-skip-reason";

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a build unless asked to.
    Info,
    /// Likely a problem.
    Warning,
    /// Almost certainly a problem (fails by default).
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The SARIF `level` (`note`, `warning`, `error`).
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    /// Accepts `info`/`note`, `warning`/`warn`, `error` (any case).
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "note" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity {s:?} (expected info, warning or error)"
            )),
        }
    }
}

/// The resource a finding is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceRef {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.namespace` ("" when unset).
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
}

impl ResourceRef {
    fn of(r: &Resource) -> Self {
        ResourceRef {
            api_version: r.api_version().to_string(),
            kind: r.kind().to_string(),
            namespace: r.namespace().to_string(),
            name: r.name().to_string(),
        }
    }
}

impl fmt::Display for ResourceRef {
    /// `Kind/namespace/name`, or `Kind/name` when there is no namespace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            write!(f, "{}/{}", self.kind, self.name)
        } else {
            write!(f, "{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Rule id, e.g. `RZ001`.
    pub rule: &'static str,
    /// Severity in force (after configuration).
    pub severity: Severity,
    /// The resource at fault.
    pub resource: ResourceRef,
    /// Field path in the resource, e.g. `spec.template.spec.containers[name=app].image`.
    pub path: String,
    /// The file the resource came from ([`Resource::source`]), where known.
    /// For a generated ConfigMap or Secret, the kustomization file (or
    /// generator configuration) that generated it.
    pub source: Option<String>,
    /// The 1-based line of `source` where the resource starts
    /// ([`Resource::line`]); for a generated resource, the line of its
    /// generator entry (line 1 when that entry cannot be found).
    pub line: Option<u32>,
    /// What is wrong, in one line.
    pub message: String,
    /// The kustomization directory whose render was linted, where known.
    pub target: Option<String>,
}

/// A finding switched off by the resource's [`SKIP_ANNOTATION`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    /// The finding that would have been reported.
    pub finding: Finding,
    /// The [`SKIP_REASON_ANNOTATION`] (empty when missing).
    pub reason: String,
}

/// The result of linting one or more renders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings, in render order (resource by resource, rule by rule).
    pub findings: Vec<Finding>,
    /// Findings skipped by annotation.
    pub suppressed: Vec<Suppressed>,
    /// Number of resources linted.
    pub resources: usize,
}

impl Report {
    /// Number of findings of exactly this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The highest severity among the findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// True when some finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.max_severity().is_some_and(|s| s >= fail_on)
    }

    /// Append another report (e.g. of another overlay).
    pub fn extend(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.suppressed.extend(other.suppressed);
        self.resources += other.resources;
    }

    /// Human-readable text, one finding per line plus a summary line.
    pub fn to_text(&self) -> String {
        report::text::render(self)
    }

    /// JSON (a stable, documented shape; see `docs/lint-rules.md`).
    pub fn to_json(&self) -> String {
        report::json::render(self)
    }

    /// SARIF 2.1.0, for code-scanning UIs.
    pub fn to_sarif(&self) -> String {
        report::sarif::render(self)
    }
}

/// Lint a rendered set of resources. Generated resources are located at
/// line 1 of their kustomization file ([`lint_dir`], which can read it,
/// finds the generator's entry).
pub fn lint(resmap: &ResMap, config: &LintConfig) -> Report {
    lint_located(resmap, config, &mut |_, _| None)
}

/// Where a finding about `r` points: its source file and line, or for a
/// generated resource (no source file) the file that configured its
/// generator, at the line `generator_line` finds there (else line 1).
fn locate(
    r: &Resource,
    generator_line: &mut dyn FnMut(&str, &Resource) -> Option<u32>,
) -> (Option<String>, Option<u32>) {
    match (&r.source, &r.origin) {
        (Some(s), _) => (Some(s.to_string()), r.line.map(NonZeroU32::get)),
        (None, Some(o)) if !o.configured_in.is_empty() => {
            let line = generator_line(&o.configured_in, r).unwrap_or(1);
            (Some(o.configured_in.clone()), Some(line))
        }
        _ => (None, None),
    }
}

/// [`lint`], locating generated resources with `generator_line` (given the
/// file that configured the generator, relative to the build root).
fn lint_located(
    resmap: &ResMap,
    config: &LintConfig,
    generator_line: &mut dyn FnMut(&str, &Resource) -> Option<u32>,
) -> Report {
    let index = rules::Index::new(resmap, config);
    let mut report = Report {
        resources: resmap.len(),
        ..Default::default()
    };
    for r in resmap.iter() {
        let skips = Skips::of(r);
        let rref = ResourceRef::of(r);
        let (source, line) = locate(r, generator_line);
        let mut emit = |rule: &RuleInfo, severity: Severity, path: String, message: String| {
            let finding = Finding {
                rule: rule.id,
                severity,
                resource: rref.clone(),
                path,
                source: source.clone(),
                line,
                message,
                target: None,
            };
            if skips.covers(rule) {
                report.suppressed.push(Suppressed {
                    finding,
                    reason: skips.reason.clone(),
                });
            } else {
                report.findings.push(finding);
            }
        };
        for rule in RULES {
            let Some(severity) = config.severity_of(rule) else {
                continue;
            };
            let mut out = rules::Out::default();
            (rule.check)(&index, r, &mut out);
            for (path, message) in out.items {
                emit(rule, severity, path, message);
            }
        }
    }
    report
}

/// Render the kustomization in `dir` and lint the result. Findings carry
/// `dir` as their target, and relative sources are made relative to the
/// current directory (joined onto `dir`) so they point at real files.
/// Generated ConfigMaps and Secrets point at the line of their generator
/// entry, found by reading their kustomization file through the
/// kustomizer's filesystem (line 1 when it cannot be found).
pub fn lint_dir<F: FileSystem>(
    kustomizer: &Kustomizer<F>,
    dir: impl AsRef<Path>,
    config: &LintConfig,
) -> Result<Report> {
    let dir = dir.as_ref();
    let resmap = kustomizer.build(dir)?;
    // Kustomization files read to find generator entries, by path.
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    let mut generator_line = |file: &str, r: &Resource| {
        let field = match r.kind() {
            "ConfigMap" => "configMapGenerator",
            "Secret" => "secretGenerator",
            _ => return None,
        };
        let path = join_source(dir, file);
        let text = texts.entry(path).or_insert_with_key(|p| {
            let bytes = kustomizer.fs().read(Path::new(p)).ok()?;
            String::from_utf8(bytes).ok()
        });
        generator_entry_line(text.as_deref()?, field, &r.orig_id().name)
    };
    let mut report = lint_located(&resmap, config, &mut generator_line);
    let target = dir.display().to_string();
    let fix = |f: &mut Finding| {
        f.target = Some(target.clone());
        if let Some(src) = &f.source {
            f.source = Some(join_source(dir, src));
        }
    };
    report.findings.iter_mut().for_each(fix);
    report
        .suppressed
        .iter_mut()
        .map(|s| &mut s.finding)
        .for_each(fix);
    Ok(report)
}

/// Parse a stream of rendered YAML documents (e.g. the output of
/// `kustomize build`), split at `---` lines, into resources whose source is
/// `path` and whose line is where their document starts. Empty documents
/// are skipped; a document that is not a mapping is an error.
pub fn parse_rendered(src: &str, path: &str) -> Result<ResMap> {
    let docs = crate::load::parse_chunks_at(src, Path::new(path), &Default::default())?;
    let source: std::sync::Arc<str> = path.into();
    let mut rm = ResMap::new();
    for (i, (line, doc)) in docs.into_iter().enumerate() {
        match doc {
            Value::Null => {}
            Value::Object(obj) => {
                let mut r = Resource::new(obj, Some(source.clone()));
                r.line = NonZeroU32::new(line);
                rm.push(r);
            }
            _ => {
                return Err(crate::Error::invalid(
                    path,
                    format!("document {} is not a mapping", i + 1),
                ));
            }
        }
    }
    Ok(rm)
}

/// The 1-based line of the entry named `name` in the top-level sequence
/// `field` (`configMapGenerator`, `secretGenerator`) of a kustomization
/// file in block style: the line of the entry's `-`. A plain line scan, not
/// a YAML parse; `None` when the entry is not found that way.
fn generator_entry_line(text: &str, field: &str, name: &str) -> Option<u32> {
    let mut lines = text.lines().enumerate();
    lines.find(|(_, l)| {
        l.strip_prefix(field)
            .and_then(|r| r.trim_start().strip_prefix(':'))
            .is_some_and(|r| r.trim().is_empty() || r.trim_start().starts_with('#'))
    })?;
    let mut item_indent = None;
    // The line of the current entry's `-`, and the column of its keys.
    let mut entry = None;
    let mut key_col = None;
    for (i, l) in lines {
        let body = l.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = l.len() - body.len();
        if indent == 0 && !body.starts_with('-') {
            break; // the next top-level field
        }
        let mut key = body;
        let dash = body
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with(' '));
        match dash {
            Some(rest) if *item_indent.get_or_insert(indent) == indent => {
                key = rest.trim_start();
                entry = Some(i);
                // A bare `-`: the keys start on the next line.
                key_col = (!key.is_empty()).then(|| l.len() - key.len());
            }
            _ if entry.is_some() && key_col.is_none() => key_col = Some(indent),
            _ if key_col != Some(indent) => continue,
            _ => {}
        }
        let Some(value) = key.strip_prefix("name:") else {
            continue;
        };
        let value = value.split_once(" #").map_or(value, |(v, _)| v).trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        if unquoted == name {
            return entry.and_then(|e| u32::try_from(e + 1).ok());
        }
    }
    None
}

/// `dir/src` with `.` and `..` folded lexically; absolute sources (and URLs)
/// are kept as they are.
fn join_source(dir: &Path, src: &str) -> String {
    let p = Path::new(src);
    if p.is_absolute() || src.contains("://") {
        return src.to_string();
    }
    let full = dir.join(p);
    let mut out: Vec<Component> = Vec::new();
    for c in full.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    let joined: PathBuf = out.iter().collect();
    let s = joined.display().to_string();
    if s.is_empty() { ".".into() } else { s }
}

/// The rules a resource's annotations skip.
struct Skips {
    all: bool,
    names: Vec<String>,
    reason: String,
}

impl Skips {
    fn of(r: &Resource) -> Self {
        let ann = r
            .obj
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(Value::as_object);
        let get = |k: &str| {
            ann.and_then(|a| a.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
        };
        let names: Vec<String> = split_list(get(SKIP_ANNOTATION));
        Skips {
            all: names
                .iter()
                .any(|n| n == "*" || n.eq_ignore_ascii_case("all")),
            names,
            reason: get(SKIP_REASON_ANNOTATION).trim().to_string(),
        }
    }

    fn covers(&self, rule: &RuleInfo) -> bool {
        // The rule that polices skip annotations cannot itself be skipped.
        if rule.id == rules::SKIP_RULE_ID {
            return false;
        }
        self.all
            || self
                .names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(rule.id) || n.eq_ignore_ascii_case(rule.name))
    }
}

/// Split `a, b c` into `[a, b, c]`.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_source_folds_dots() {
        assert_eq!(
            join_source(
                Path::new("fixtures/gitops/overlays/prod"),
                "../../base/deploy.yaml"
            ),
            "fixtures/gitops/base/deploy.yaml"
        );
        assert_eq!(join_source(Path::new("."), "a.yaml"), "a.yaml");
        assert_eq!(join_source(Path::new("x"), "/abs/a.yaml"), "/abs/a.yaml");
        assert_eq!(
            join_source(Path::new("../x"), "../../a.yaml"),
            "../../a.yaml"
        );
    }

    #[test]
    fn generator_entries_are_found_by_name() {
        let k = "\
resources:
- a.yaml
configMapGenerator:
- name: web
  literals:
  - name: web
# a comment
- behavior: merge
  options:
    labels:
      name: api
  name: api
-   name: 'quoted' # comment
secretGenerator:
  - name: web
    type: Opaque
  -
    name: bare
patches: []
";
        let find = |field, name| generator_entry_line(k, field, name);
        assert_eq!(find("configMapGenerator", "web"), Some(4));
        // Not the `name: api` label: the entry's own `name:`, at its `-`.
        assert_eq!(find("configMapGenerator", "api"), Some(8));
        assert_eq!(find("configMapGenerator", "quoted"), Some(13));
        assert_eq!(find("secretGenerator", "web"), Some(15));
        assert_eq!(find("secretGenerator", "bare"), Some(17));
        assert_eq!(find("configMapGenerator", "missing"), None);
        assert_eq!(find("configMapGenerator", "bare"), None);
        assert_eq!(find("generators", "web"), None);
        assert_eq!(
            generator_entry_line(
                "configMapGenerator: [{name: web}]\n",
                "configMapGenerator",
                "web"
            ),
            None
        );
    }

    #[test]
    fn severity_parse_and_order() {
        assert_eq!("WARN".parse::<Severity>().unwrap(), Severity::Warning);
        assert_eq!("note".parse::<Severity>().unwrap(), Severity::Info);
        assert!("fatal".parse::<Severity>().is_err());
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
    }
}
