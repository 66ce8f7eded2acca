//! Argo CD Applications: list environments and move an Application's
//! `targetRevision` (promotion forward, rollback back) with a byte-preserving
//! edit of its manifest.

use crate::error::{Error, Result};
use crate::resource::Value;
use crate::yaml::edit::{
    Block, Located, Splices, Style, document_block, document_ranges, format_scalar, line_end_after,
    style_of, unquote,
};
use crate::yaml::{ParseOptions, parse_documents};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One source of an Application (`spec.source`, or one of `spec.sources`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppSource {
    /// Index in `spec.sources`, or `None` for `spec.source`.
    pub index: Option<usize>,
    /// `repoURL`.
    pub repo_url: String,
    /// `path` inside the repository ("" when unset).
    pub path: String,
    /// `targetRevision` ("HEAD" when unset, as Argo CD defaults it).
    pub target_revision: String,
}

/// An Argo CD Application found in a manifest file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Application {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace` ("" when unset).
    pub namespace: String,
    /// The file it was found in.
    pub file: PathBuf,
    /// Index of its document in that file.
    pub document: usize,
    /// Its sources.
    pub sources: Vec<AppSource>,
}

fn is_application(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("Application")
        && v.get("apiVersion")
            .and_then(Value::as_str)
            .is_some_and(|a| a.starts_with("argoproj.io/"))
}

fn source_of(v: &Value, index: Option<usize>) -> AppSource {
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let rev = s("targetRevision");
    AppSource {
        index,
        repo_url: s("repoURL"),
        path: s("path"),
        target_revision: if rev.is_empty() { "HEAD".into() } else { rev },
    }
}

/// Applications in one manifest text.
pub fn applications_in_text(src: &str, file: &Path) -> Result<Vec<Application>> {
    let docs = parse_documents(src, file, &ParseOptions::default())?;
    let mut apps = Vec::new();
    for (document, doc) in docs.iter().filter(|d| !d.is_null()).enumerate() {
        if !is_application(doc) {
            continue;
        }
        let md = doc.get("metadata");
        let field = |k: &str| {
            md.and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let spec = doc.get("spec");
        let mut sources = Vec::new();
        if let Some(s) = spec.and_then(|s| s.get("source")) {
            sources.push(source_of(s, None));
        }
        if let Some(Value::Array(list)) = spec.and_then(|s| s.get("sources")) {
            for (i, s) in list.iter().enumerate() {
                sources.push(source_of(s, Some(i)));
            }
        }
        apps.push(Application {
            name: field("name"),
            namespace: field("namespace"),
            file: file.to_path_buf(),
            document,
            sources,
        });
    }
    Ok(apps)
}

/// Applications in a file, or in every `*.yaml` / `*.yml` file below a directory.
pub fn load_applications(path: &Path) -> Result<Vec<Application>> {
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Io {
                path: path.to_path_buf(),
                source: e.into(),
            })?;
            let p = entry.path();
            if entry.file_type().is_file()
                && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
            {
                files.push(p.to_path_buf());
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
    let mut apps = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|source| Error::Io {
            path: f.clone(),
            source,
        })?;
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        // Files that are not YAML manifests (or not Applications) are skipped
        // when scanning a directory, but reported when named directly.
        match applications_in_text(&text, &f) {
            Ok(found) => apps.extend(found),
            Err(e) if f.as_path() == path => return Err(e),
            Err(_) => {}
        }
    }
    Ok(apps)
}

/// The result of planning a promotion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promotion {
    /// The Application's file.
    pub file: PathBuf,
    /// The revision(s) before.
    pub from: Vec<String>,
    /// The file's text before.
    pub before: String,
    /// The file's text after.
    pub after: String,
}

/// Plan setting `targetRevision` of Application `app` to `rev` in `text`.
/// With several sources, `source` picks one by index; by default every source
/// that has a `path` (the manifests) is moved.
pub fn promote_in_text(
    text: &str,
    file: &Path,
    app: &str,
    rev: &str,
    source: Option<usize>,
) -> Result<Promotion> {
    let bad = |m: String| Error::invalid(file, m);
    let apps = applications_in_text(text, file)?;
    let found = apps
        .iter()
        .find(|a| a.name == app)
        .ok_or_else(|| bad(format!("no Application named '{app}'")))?;
    let chosen: Vec<&AppSource> = match source {
        Some(i) => found
            .sources
            .iter()
            .filter(|s| s.index == Some(i))
            .collect(),
        None if found.sources.len() == 1 => found.sources.iter().collect(),
        None => found
            .sources
            .iter()
            .filter(|s| !s.path.is_empty())
            .collect(),
    };
    if chosen.is_empty() {
        return Err(bad(format!("Application '{app}' has no matching source")));
    }
    // Locate the document in the text.
    let ranges: Vec<_> = document_ranges(text)
        .into_iter()
        .filter(|r| {
            parse_documents(&text[r.clone()], file, &ParseOptions::default())
                .map(|d| d.iter().any(|v| !v.is_null()))
                .unwrap_or(true)
        })
        .collect();
    let range = ranges
        .get(found.document)
        .cloned()
        .ok_or_else(|| bad("could not locate the Application's document".into()))?;
    let top = document_block(text, range);
    let spec = match top.get(text, "spec").map(|e| e.value) {
        Some(Located::Block(b)) => b,
        _ => return Err(bad("spec is not a block mapping; edit it by hand".into())),
    };
    let mut splices = Splices::default();
    for s in &chosen {
        let block: Block = match s.index {
            None => match spec.get(text, "source").map(|e| e.value) {
                Some(Located::Block(b)) => b,
                _ => return Err(bad("spec.source is not a block mapping".into())),
            },
            Some(i) => match spec.get(text, "sources").map(|e| e.value) {
                Some(Located::Block(b)) if b.is_sequence(text) => b
                    .items(text)
                    .into_iter()
                    .nth(i)
                    .ok_or_else(|| bad(format!("spec.sources[{i}] not found")))?,
                _ => return Err(bad("spec.sources is not a block sequence".into())),
            },
        };
        set_key(text, &block, "targetRevision", rev, &mut splices).map_err(bad)?;
    }
    let after = splices.apply(text);
    // Verify: only the chosen targetRevisions changed.
    let before_docs = parse_documents(text, file, &ParseOptions::default())?;
    let mut expected = before_docs.clone();
    let doc_idx = before_docs
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.is_null())
        .nth(found.document)
        .map(|(i, _)| i)
        .ok_or_else(|| bad("document not found".into()))?;
    for s in &chosen {
        let target = match s.index {
            None => expected[doc_idx].pointer_mut("/spec/source"),
            Some(i) => expected[doc_idx].pointer_mut(&format!("/spec/sources/{i}")),
        };
        if let Some(Value::Object(m)) = target {
            m.insert("targetRevision".into(), Value::String(rev.to_string()));
        }
    }
    let got = parse_documents(&after, file, &ParseOptions::default())?;
    if got != expected {
        return Err(bad(
            "the edit could not be made without changing other content; file left untouched".into(),
        ));
    }
    Ok(Promotion {
        file: file.to_path_buf(),
        from: chosen.iter().map(|s| s.target_revision.clone()).collect(),
        before: text.to_string(),
        after,
    })
}

/// Set (or add) a scalar key in a block mapping.
fn set_key(
    src: &str,
    block: &Block,
    key: &str,
    value: &str,
    splices: &mut Splices,
) -> std::result::Result<(), String> {
    match block.get(src, key) {
        Some(e) => match e.value {
            Located::Scalar(r) => {
                if unquote(&src[r.clone()]) != value {
                    let style = style_of(&src[r.clone()]);
                    splices.replace(r, format_scalar(value, style));
                }
                Ok(())
            }
            Located::Empty => {
                splices.insert(
                    e.key_line.end,
                    format!(" {}", format_scalar(value, Style::Plain)),
                );
                Ok(())
            }
            _ => Err(format!("{key} is not a simple value; edit it by hand")),
        },
        None => {
            let indent = block.indent().ok_or("empty mapping")?;
            let last = block.lines.last().ok_or("empty mapping")?;
            let at = line_end_after(src, last.end);
            let mut line = format!(
                "{}{key}: {}\n",
                " ".repeat(indent),
                format_scalar(value, Style::Plain)
            );
            if at == src.len() && !src.ends_with('\n') {
                line.insert(0, '\n');
            }
            splices.insert(at, line);
            Ok(())
        }
    }
}

/// Promote (or roll back) Application `app` found under `apps_path` to `rev`.
/// With `dry_run`, nothing is written. Returns the planned change.
pub fn promote(
    apps_path: &Path,
    app: &str,
    rev: &str,
    source: Option<usize>,
    dry_run: bool,
) -> Result<Promotion> {
    let apps = load_applications(apps_path)?;
    let matching: Vec<&Application> = apps.iter().filter(|a| a.name == app).collect();
    let found = match matching.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::invalid(
                apps_path,
                format!("no Application named '{app}'"),
            ));
        }
        _ => {
            return Err(Error::invalid(
                apps_path,
                format!("several Applications are named '{app}'"),
            ));
        }
    };
    let text = std::fs::read_to_string(&found.file).map_err(|source| Error::Io {
        path: found.file.clone(),
        source,
    })?;
    let plan = promote_in_text(&text, &found.file, app, rev, source)?;
    if !dry_run && plan.after != plan.before {
        super::write_atomic(&found.file, plan.after.as_bytes())?;
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPS: &str = "# environments\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-staging\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://git.example.com/shop.git\n    path: overlays/staging\n    targetRevision: release/2.6.3 # moved by the captain\n  destination:\n    namespace: shop-staging\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-production\nspec:\n  sources:\n  - repoURL: https://git.example.com/shop.git\n    path: overlays/production\n    targetRevision: 'release/2.6.2'\n  - repoURL: https://charts.example.com\n    chart: redis\n    targetRevision: 17.0.0\n";

    #[test]
    fn lists_applications_and_sources() {
        let apps = applications_in_text(APPS, Path::new("apps.yaml")).unwrap();
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0].name, "shop-staging");
        assert_eq!(apps[0].sources[0].target_revision, "release/2.6.3");
        assert_eq!(apps[1].sources.len(), 2);
        assert_eq!(apps[1].sources[0].path, "overlays/production");
    }

    #[test]
    fn promotes_only_the_revision() {
        let p = promote_in_text(
            APPS,
            Path::new("apps.yaml"),
            "shop-staging",
            "release/2.7.0",
            None,
        )
        .unwrap();
        assert_eq!(p.from, vec!["release/2.6.3".to_string()]);
        assert_eq!(p.after, APPS.replace("release/2.6.3 #", "release/2.7.0 #"));
        let p = promote_in_text(
            APPS,
            Path::new("apps.yaml"),
            "shop-production",
            "release/2.7.0",
            None,
        )
        .unwrap();
        assert_eq!(p.after, APPS.replace("'release/2.6.2'", "'release/2.7.0'"));
    }

    #[test]
    fn adds_a_missing_target_revision() {
        let src = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\nspec:\n  source:\n    repoURL: r\n    path: p\n";
        let p = promote_in_text(src, Path::new("a.yaml"), "a", "v2", None).unwrap();
        assert_eq!(p.after, format!("{src}    targetRevision: v2\n"));
        assert!(promote_in_text(src, Path::new("a.yaml"), "b", "v2", None).is_err());
    }
}
