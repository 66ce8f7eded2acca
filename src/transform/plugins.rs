//! The `transformers:` field: entries (files, directories or inline YAML)
//! configuring built-in transformers, dispatched by `kind`.
//!
//! An entry that parses as YAML mappings is an inline configuration;
//! otherwise it is a path: a file of configurations, or a directory holding a
//! kustomization whose output is the configurations (so they can themselves
//! be transformed). Only built-in transformers (`apiVersion: builtin`) are
//! supported, as in `kubectl kustomize`.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::load;
use crate::resource::Value;

/// Run every `transformers:` entry of `level`, in order.
pub(crate) fn run(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    if level.k.transformers.is_empty() {
        return Ok(());
    }
    // Kustomize reads every configuration before running any of them.
    let mut configs = Vec::new();
    let mut paths = Vec::new();
    for entry in &level.k.transformers {
        match inline_configs(ctx, level, entry) {
            Some(docs) => configs.extend(docs),
            None => paths.push(entry.as_str()),
        }
    }
    for p in paths {
        configs.extend(load_configs(ctx, level, p)?);
    }
    for cfg in &configs {
        check_builtin(level, cfg)?;
    }
    for cfg in &configs {
        apply_builtin(ctx, level, acc, cfg)?;
    }
    Ok(())
}

/// The documents of an inline entry, or `None` when the entry is a path.
fn inline_configs(ctx: &Ctx, level: &Level, entry: &str) -> Option<Vec<Value>> {
    let docs = crate::yaml::parse_documents(entry, &level.file, &load::parse_options(ctx)).ok()?;
    let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    if docs.is_empty() || !docs.iter().all(Value::is_object) {
        return None;
    }
    Some(docs)
}

/// Configurations from a file or a kustomization directory, local or in a
/// remote git repository (read as Kustomize reads resource files: lists
/// expanded, names required).
fn load_configs(ctx: &mut Ctx, level: &Level, rel: &str) -> Result<Vec<Value>> {
    // A kustomization directory in a remote repository, accumulated.
    let cloned = |ctx: &mut Ctx, spec: &crate::remote::RepoSpec| -> Result<Vec<Value>> {
        let sub = crate::remote::in_checkout(ctx, level, rel, spec, |ctx, dir| {
            crate::build::accumulate_target(ctx, &dir)
        })?;
        Ok(values(sub))
    };
    if crate::remote::is_http_url(rel) && crate::remote::enabled(ctx) {
        // As a `resources` entry: the file at the URL, else the git
        // repository it names.
        let fetched = load::fetch_url(ctx, level, rel).and_then(|bytes| {
            let text = String::from_utf8_lossy(&bytes);
            let path = std::path::Path::new(rel);
            load::resources_from_str(&text, path, &load::parse_options(ctx))
        });
        match (fetched, crate::remote::RepoSpec::parse(rel)) {
            (Ok(objs), _) => return Ok(objs.into_iter().map(Value::Object).collect()),
            (Err(_), Some(spec)) => return cloned(ctx, &spec),
            (Err(e), None) => return Err(e),
        }
    }
    let path = level.dir.join(rel);
    if !ctx.fs.is_file(&path) {
        let remote = crate::remote::RepoSpec::parse(rel).filter(|_| crate::remote::enabled(ctx));
        if let Some(spec) = remote {
            return cloned(ctx, &spec);
        }
    }
    if !ctx.fs.is_file(&path) && ctx.fs.is_dir(&path) {
        let dir = ctx.fs.canonicalize(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        crate::remote::check_contained(ctx, level, rel, &dir)?;
        let sub = crate::build::accumulate_target(ctx, &dir)?;
        return Ok(values(sub));
    }
    let (path, bytes) = load::read_file(ctx, level, rel)?;
    let text = String::from_utf8_lossy(&bytes);
    let objs = load::resources_from_str(&text, &path, &load::parse_options(ctx))?;
    Ok(objs.into_iter().map(Value::Object).collect())
}

/// The objects of an accumulated kustomization.
fn values(sub: crate::build::Accumulated) -> Vec<Value> {
    sub.resmap
        .into_vec()
        .into_iter()
        .map(|r| Value::Object(r.obj))
        .collect()
}

/// Only built-in transformers can run: `apiVersion: builtin`.
fn check_builtin(level: &Level, cfg: &Value) -> Result<()> {
    let api_version = cfg.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if api_version != "builtin" {
        let kind = cfg.get("kind").and_then(Value::as_str).unwrap_or("");
        return Err(Error::Unsupported {
            path: level.file.clone(),
            feature: format!(
                "external plugin '{kind}' (apiVersion '{api_version}'; only builtin transformers are allowed)"
            ),
        });
    }
    Ok(())
}

/// Apply one built-in transformer configuration.
pub(crate) fn apply_builtin(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    use crate::{compose, patch, transform::*};
    let kind = cfg.get("kind").and_then(Value::as_str).unwrap_or("");
    match kind {
        "PrefixSuffixTransformer" | "PrefixTransformer" | "SuffixTransformer" => {
            prefix_suffix::plugin(ctx, level, acc, cfg)
        }
        "NamespaceTransformer" => namespace::plugin(ctx, level, acc, cfg),
        "LabelTransformer" => labels::plugin(ctx, level, acc, cfg),
        "AnnotationsTransformer" => annotations::plugin(ctx, level, acc, cfg),
        "ImageTagTransformer" => images::plugin(ctx, level, acc, cfg),
        "ReplicaCountTransformer" => replicas::plugin(ctx, level, acc, cfg),
        "ValueAddTransformer" => valueadd::plugin(ctx, level, acc, cfg),
        "PatchTransformer" => patch::plugin_patch(ctx, level, acc, cfg),
        "PatchStrategicMergeTransformer" => patch::plugin_strategic_merge(ctx, level, acc, cfg),
        "PatchJson6902Transformer" => patch::plugin_json6902(ctx, level, acc, cfg),
        "ReplacementTransformer" => compose::replacements::plugin(ctx, level, acc, cfg),
        other => Err(Error::Unsupported {
            path: level.file.clone(),
            feature: format!("transformer kind '{other}'"),
        }),
    }
}
