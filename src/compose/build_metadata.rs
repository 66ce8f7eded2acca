//! The `buildMetadata` field: origin and transformer annotations, managed-by label.
//!
//! As in Kustomize, only the top kustomization's `buildMetadata` counts (it
//! is handed down to every kustomization below it). While the tree is
//! accumulated, generated resources remember which generator made them
//! ([`mark_generated`]) and every resource remembers the built-in
//! transformers that ran over it ([`after_transformers`]); [`finish`] writes
//! the annotations and the label at the end of the build.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;
use crate::resource::{Map, Origin, Resource, Value};
use std::path::{Component, Path};

/// `buildMetadata: [originAnnotations]`.
pub(crate) const ORIGIN_ANNOTATIONS: &str = "originAnnotations";
/// `buildMetadata: [transformerAnnotations]`.
pub(crate) const TRANSFORMER_ANNOTATIONS: &str = "transformerAnnotations";
/// `buildMetadata: [managedByLabel]`.
pub(crate) const MANAGED_BY_LABEL: &str = "managedByLabel";

/// Annotation holding a resource's origin.
pub const ORIGIN_KEY: &str = "config.kubernetes.io/origin";
/// Annotation listing the transformers applied to a resource.
pub const TRANSFORMATIONS_KEY: &str = "alpha.config.kubernetes.io/transformations";
/// Label set by `managedByLabel`.
pub const MANAGED_BY_KEY: &str = "app.kubernetes.io/managed-by";
/// Its value, exactly as `kubectl kustomize` (kustomize v5.5.0 built into
/// kubectl, without version stamping) prints it.
pub const MANAGED_BY_VALUE: &str = "kustomize-(devel)";

/// `dir` relative to `root`, lexically (`../base`), "" for the root itself.
pub(crate) fn relative(root: &Path, dir: &Path) -> String {
    let r: Vec<Component> = root.components().collect();
    let d: Vec<Component> = dir.components().collect();
    let common = r.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..r.len() {
        parts.push("..".into());
    }
    for c in &d[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    parts.join("/")
}

/// The directory origins are relative to: the checkout when the level
/// lies in a remote base, else the build root.
pub(crate) fn origin_root<'c>(ctx: &'c Ctx) -> &'c Path {
    match &ctx.repo {
        Some(s) if s.annotate => &s.dir,
        _ => &ctx.root,
    }
}

/// An origin with the repository and ref of the remote base the level lies
/// in (empty for a local level), to complete with `..`.
pub(crate) fn remote_origin(ctx: &Ctx) -> Origin {
    match &ctx.repo {
        Some(s) if s.annotate => Origin {
            repo: s.url.clone(),
            ref_: s.git_ref.clone(),
            ..Default::default()
        },
        _ => Origin::default(),
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

/// The kustomization file of `level`, relative to the build root.
pub(crate) fn configured_in(ctx: &Ctx, level: &Level) -> String {
    let name = level
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kustomization.yaml".into());
    join(&relative(origin_root(ctx), &level.dir), &name)
}

fn builtin(ctx: &Ctx, level: &Level, kind: &str) -> Origin {
    Origin {
        configured_in: configured_in(ctx, level),
        configured_by_api_version: "builtin".into(),
        configured_by_kind: kind.into(),
        ..remote_origin(ctx)
    }
}

/// Give the resources a level's generators just added (those from index
/// `before` on, with no origin yet) their generator origin.
pub(crate) fn mark_generated(ctx: &Ctx, level: &Level, acc: &mut Accumulated, before: usize) {
    if ctx.build_metadata.is_empty() || acc.resmap.len() <= before {
        return;
    }
    let plugins = plugin_generator_origins(ctx, level);
    for r in acc.resmap.iter_mut().skip(before) {
        if r.origin.is_some() || r.source.is_some() {
            continue;
        }
        let kind = match r.kind() {
            "Secret" => "SecretGenerator",
            _ => "ConfigMapGenerator",
        };
        let from_plugin = plugins
            .iter()
            .find(|(k, name, ns, _)| {
                k == kind && r.name() == name && (ns.is_empty() || r.namespace() == ns)
            })
            .map(|(_, _, _, o)| o.clone());
        r.origin = Some(from_plugin.unwrap_or_else(|| builtin(ctx, level, kind)));
    }
}

/// Origins of the built-in generators configured through `generators:`
/// entries (inline YAML or files): (generator kind, generated name,
/// namespace, origin).
fn plugin_generator_origins(ctx: &Ctx, level: &Level) -> Vec<(String, String, String, Origin)> {
    let mut out = Vec::new();
    let opts = crate::yaml::ParseOptions {
        max_depth: ctx.opts.limits.max_depth,
        max_alias_expansion: ctx.opts.limits.max_alias_expansion,
        ..Default::default()
    };
    for entry in &level.k.generators {
        let inline = entry.contains('\n') || entry.contains(':');
        let (docs, configured_in) = if inline {
            match crate::yaml::parse_documents(entry, &level.file, &opts) {
                Ok(d) => (d, configured_in(ctx, level)),
                Err(_) => continue,
            }
        } else {
            let Ok((path, bytes)) = crate::load::read_file(ctx, level, entry) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            match crate::yaml::parse_documents(&text, &path, &opts) {
                Ok(d) => (d, relative(origin_root(ctx), &path)),
                Err(_) => continue,
            }
        };
        for d in docs {
            let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
            let kind = s(d.get("kind"));
            let md = d.get("metadata");
            let (cfg_name, cfg_ns) = (
                s(md.and_then(|m| m.get("name"))),
                s(md.and_then(|m| m.get("namespace"))),
            );
            let name = match s(d.get("name")) {
                n if n.is_empty() => cfg_name.clone(),
                n => n,
            };
            let ns = match s(d.get("namespace")) {
                n if n.is_empty() => cfg_ns.clone(),
                n => n,
            };
            let origin = Origin {
                configured_in: configured_in.clone(),
                configured_by_api_version: s(d.get("apiVersion")),
                configured_by_kind: kind.clone(),
                configured_by_name: cfg_name,
                configured_by_namespace: cfg_ns,
                ..remote_origin(ctx)
            };
            out.push((kind, name, ns, origin));
        }
    }
    out
}

/// The built-in transformer instances a kustomization configures, in the
/// order Kustomize runs them.
fn builtin_transformers(level: &Level) -> Vec<&'static str> {
    let k = &level.k;
    let mut out = Vec::new();
    if !k.patches_strategic_merge.is_empty() {
        out.push("PatchStrategicMergeTransformer");
    }
    out.extend(k.patches.iter().map(|_| "PatchTransformer"));
    if k.namespace.as_deref().is_some_and(|n| !n.is_empty()) {
        out.push("NamespaceTransformer");
    }
    if k.name_prefix.as_deref().is_some_and(|n| !n.is_empty()) {
        out.push("PrefixTransformer");
    }
    if k.name_suffix.as_deref().is_some_and(|n| !n.is_empty()) {
        out.push("SuffixTransformer");
    }
    let common_labels = k.common_labels.as_ref().is_some_and(|l| !l.is_empty());
    if !k.labels.is_empty() || common_labels {
        out.extend(k.labels.iter().map(|_| "LabelTransformer"));
        out.push("LabelTransformer");
    }
    if k.common_annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        out.push("AnnotationsTransformer");
    }
    out.extend(
        k.patches_json6902
            .iter()
            .map(|_| "PatchJson6902Transformer"),
    );
    out.extend(k.replicas.iter().map(|_| "ReplicaCountTransformer"));
    out.extend(
        k.images
            .iter()
            .chain(k.image_tags.iter())
            .map(|_| "ImageTagTransformer"),
    );
    if !k.replacements.is_empty() {
        out.push("ReplacementTransformer");
    }
    out
}

/// Origins of the `transformers:` entries (inline YAML or files), in order.
fn plugin_transformer_origins(ctx: &Ctx, level: &Level) -> Vec<Origin> {
    let mut out = Vec::new();
    let opts = crate::load::parse_options(ctx);
    for entry in &level.k.transformers {
        let inline = crate::yaml::parse_documents(entry, &level.file, &opts)
            .ok()
            .map(|d| d.into_iter().filter(|v| !v.is_null()).collect::<Vec<_>>())
            .filter(|d| !d.is_empty() && d.iter().all(Value::is_object));
        let (docs, configured_in) = match inline {
            Some(d) => (d, configured_in(ctx, level)),
            None => {
                let Ok((path, bytes)) = crate::load::read_file(ctx, level, entry) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes);
                match crate::load::resources_from_str(&text, &path, &opts) {
                    Ok(objs) => (
                        objs.into_iter().map(Value::Object).collect(),
                        relative(origin_root(ctx), &path),
                    ),
                    Err(_) => continue,
                }
            }
        };
        for d in docs {
            let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
            let md = d.get("metadata");
            out.push(Origin {
                configured_in: configured_in.clone(),
                configured_by_api_version: s(d.get("apiVersion")),
                configured_by_kind: s(d.get("kind")),
                configured_by_name: s(md.and_then(|m| m.get("name"))),
                configured_by_namespace: s(md.and_then(|m| m.get("namespace"))),
                ..remote_origin(ctx)
            });
        }
    }
    out
}

/// Record, on every accumulated resource, the transformers the level ran:
/// the built-in ones its fields configure, then its `transformers:` entries.
pub(crate) fn after_transformers(ctx: &Ctx, level: &Level, acc: &mut Accumulated) {
    if ctx.build_metadata.is_empty() {
        return;
    }
    let mut origins: Vec<Origin> = builtin_transformers(level)
        .into_iter()
        .map(|kind| builtin(ctx, level, kind))
        .collect();
    origins.extend(plugin_transformer_origins(ctx, level));
    for o in origins {
        for r in acc.resmap.iter_mut() {
            if r.origin.is_none() && r.source.is_none() {
                r.origin = Some(o.clone());
            } else {
                r.transformations.push(o.clone());
            }
        }
    }
}

/// A YAML scalar as go-yaml would print it in a block mapping.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains('\n')
        && !s.ends_with(':')
        && matches!(
            crate::compose::fieldpath::resolve_plain(s),
            Value::String(_)
        )
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off"
        );
    if plain {
        s.to_string()
    } else {
        Value::String(s.to_string()).to_string()
    }
}

/// `origin` as Kustomize writes it (kyaml.Marshal of `resource.Origin`),
/// each line prefixed by `indent` (the first by `first`).
fn origin_yaml(o: &Origin, first: &str, indent: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (k, v) in [
        ("path", &o.path),
        ("repo", &o.repo),
        ("ref", &o.ref_),
        ("configuredIn", &o.configured_in),
    ] {
        if !v.is_empty() {
            lines.push(format!("{k}: {}", scalar(v)));
        }
    }
    let by = [
        ("apiVersion", &o.configured_by_api_version),
        ("kind", &o.configured_by_kind),
        ("name", &o.configured_by_name),
        ("namespace", &o.configured_by_namespace),
    ];
    if by.iter().any(|(_, v)| !v.is_empty()) {
        lines.push("configuredBy:".into());
        for (k, v) in by {
            if !v.is_empty() {
                lines.push(format!("  {k}: {}", scalar(v)));
            }
        }
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(if i == 0 { first } else { indent });
        out.push_str(l);
        out.push('\n');
    }
    out
}

fn origin_of(r: &Resource) -> Option<Origin> {
    if let Some(o) = &r.origin {
        return Some(o.clone());
    }
    r.source.as_ref().map(|s| Origin {
        path: s.to_string(),
        ..Default::default()
    })
}

/// `metadata.<key>` as a mapping, created (or replaced) if needed.
fn sub_map<'a>(r: &'a mut Resource, key: &str) -> Option<&'a mut Map> {
    let v = r
        .metadata_mut()
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()));
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut()
}

/// Write the label and annotations the top kustomization's `buildMetadata`
/// asks for (run once, at the end of the build).
pub(crate) fn finish(ctx: &Ctx, acc: &mut Accumulated) -> Result<()> {
    let has = |o: &str| ctx.build_metadata.iter().any(|x| x == o);
    let (managed, origins, transformations) = (
        has(MANAGED_BY_LABEL),
        has(ORIGIN_ANNOTATIONS),
        has(TRANSFORMER_ANNOTATIONS),
    );
    for r in acc.resmap.iter_mut() {
        if managed {
            if let Some(m) = sub_map(r, "labels") {
                m.insert(
                    MANAGED_BY_KEY.into(),
                    Value::String(MANAGED_BY_VALUE.into()),
                );
            }
        }
        if transformations && !r.transformations.is_empty() {
            let text: String = r
                .transformations
                .iter()
                .map(|o| origin_yaml(o, "- ", "  "))
                .collect();
            if let Some(m) = sub_map(r, "annotations") {
                m.insert(TRANSFORMATIONS_KEY.into(), Value::String(text));
            }
        }
        if origins {
            if let Some(o) = origin_of(r) {
                let text = origin_yaml(&o, "", "");
                if let Some(m) = sub_map(r, "annotations") {
                    m.insert(ORIGIN_KEY.into(), Value::String(text));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn relative_paths() {
        let root = PathBuf::from("/x/prod");
        assert_eq!(relative(&root, Path::new("/x/prod")), "");
        assert_eq!(relative(&root, Path::new("/x/base")), "../base");
        assert_eq!(relative(&root, Path::new("/x/prod/a/b")), "a/b");
    }

    #[test]
    fn origin_text() {
        let o = Origin {
            configured_in: "../base/kustomization.yaml".into(),
            configured_by_api_version: "builtin".into(),
            configured_by_kind: "ConfigMapGenerator".into(),
            ..Default::default()
        };
        assert_eq!(
            origin_yaml(&o, "", ""),
            "configuredIn: ../base/kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n"
        );
        assert_eq!(
            origin_yaml(&o, "- ", "  "),
            "- configuredIn: ../base/kustomization.yaml\n  configuredBy:\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n"
        );
        let p = Origin {
            path: "service.yaml".into(),
            ..Default::default()
        };
        assert_eq!(origin_yaml(&p, "", ""), "path: service.yaml\n");
        assert_eq!(scalar("true"), "\"true\"");
    }
}
