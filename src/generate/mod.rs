//! Stage 3 — generate: `configMapGenerator`, `secretGenerator`,
//! `generatorOptions` and `generators:` entries.
//!
//! Each generator makes one ConfigMap or Secret (or, for the built-in
//! `IAMPolicyGenerator` of `generators:`, a ServiceAccount); it is then absorbed into the
//! accumulated resources as Kustomize does: appended (`behavior: create`, the
//! default), or put in the place of the resource it matches by any of its
//! ids (`merge`: metadata and data merged into it; `replace`: only its
//! metadata kept). The name hash suffix is added later, at the top
//! ([`hash::add_hashes`]).

pub(crate) mod args;
mod encode;
pub mod hash;
mod iam;
pub(crate) mod kv;

use crate::build::{Accumulated, Ctx, Level};
use crate::compose::build_metadata::configured_in;
use crate::error::{Error, Result};
use crate::kustomization::Kustomization;
use crate::load;
use crate::resmap::same_object;
use crate::resource::{Behavior, Map, Origin, Resource, Value};
use args::{GenArgs, GenKind, GenOptions, Mode};
use std::collections::BTreeMap;

/// Run the level's generators, adding (or merging/replacing) resources in `acc`.
pub(crate) fn run(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let invalid =
        |msg: String| Error::invalid(&level.file, format!("invalid Kustomization: {msg}"));
    let global = match &level.k.generator_options {
        Some(v) => args::parse_options(v, Mode::Strict)
            .map_err(|e| invalid(args::in_field(e, "GeneratorOptions", "generatorOptions")))?,
        None => None,
    };
    // Configure everything first (Kustomize configures all generators, then
    // runs them one after the other).
    let mut configs: Vec<Config> = Vec::new();
    for (kind, entries, plugin, field) in [
        (
            GenKind::ConfigMap,
            &level.k.config_map_generator,
            "ConfigMapGenerator",
            "configMapGenerator",
        ),
        (
            GenKind::Secret,
            &level.k.secret_generator,
            "SecretGenerator",
            "secretGenerator",
        ),
    ] {
        // Go's decoder names the struct and the JSON path of a field.
        let at = |e: String| {
            let e = args::in_field(e, kind.args_type(), field);
            invalid(args::in_field(
                e,
                "GeneratorOptions",
                &format!("{field}.options"),
            ))
        };
        for v in entries {
            let mut args = args::parse_args(v, kind).map_err(at)?;
            args.options = GenOptions::merge_global(args.options.take(), global.as_ref());
            let origin = Origin {
                configured_in: configured_in(ctx, level),
                configured_by_api_version: "builtin".into(),
                configured_by_kind: plugin.into(),
                ..crate::compose::build_metadata::remote_origin(ctx)
            };
            configs.push(Config {
                what: What::Data(kind, Box::new(args)),
                origin,
            });
        }
    }
    if !level.k.helm_charts.is_empty() || !level.k.helm_chart_inflation_generator.is_empty() {
        return Err(Error::Unsupported {
            path: level.file.clone(),
            feature: "helmCharts".into(),
        });
    }
    configs.extend(plugin_configs(ctx, level)?);
    for c in configs {
        let made = match &c.what {
            What::Data(kind, args) => vec![make(ctx, level, *kind, args)?],
            What::Iam(args) => iam::generate(args, level)?,
        };
        for mut r in made {
            r.origin = Some(c.origin.clone());
            absorb(acc, r).map_err(|msg| {
                Error::invalid(&level.file, format!("merging from generator: {msg}"))
            })?;
        }
    }
    Ok(())
}

/// One configured generator.
struct Config {
    what: What,
    /// Where it was configured (for `buildMetadata: [originAnnotations]`).
    origin: Origin,
}

/// What a generator makes.
enum What {
    /// A ConfigMap or Secret.
    Data(GenKind, Box<GenArgs>),
    /// `IAMPolicyGenerator`'s ServiceAccount.
    Iam(iam::IamArgs),
}

/// The `generators:` entries: inline YAML or files / kustomization
/// directories holding built-in generator configurations.
fn plugin_configs(ctx: &mut Ctx, level: &Level) -> Result<Vec<Config>> {
    let mut configs = Vec::new();
    if level.k.generators.is_empty() {
        return Ok(configs);
    }
    // Each configuration with the file it was configured in (for origins).
    let mut docs: Vec<(Value, String)> = Vec::new();
    let mut paths = Vec::new();
    for entry in &level.k.generators {
        match inline_docs(ctx, entry, level) {
            Some(d) => {
                let here = configured_in(ctx, level);
                docs.extend(d.into_iter().map(|v| (v, here.clone())));
            }
            None => paths.push(entry.clone()),
        }
    }
    if !paths.is_empty() {
        // Files and directories are read as resources are.
        let sub = Level {
            dir: level.dir.clone(),
            file: level.file.clone(),
            k: Kustomization {
                resources: paths,
                ..Default::default()
            },
        };
        let mut loaded = Accumulated::default();
        load::accumulate_resources(ctx, &sub, &mut loaded)?;
        docs.extend(loaded.resmap.into_vec().into_iter().map(|r| {
            let file = r.source.as_deref().unwrap_or_default().to_string();
            (Value::Object(r.obj), file)
        }));
    }
    for (doc, file) in docs {
        let field = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let (api_version, kind) = (field("apiVersion"), field("kind"));
        let gen_kind = match (api_version.as_str(), kind.as_str()) {
            ("builtin", "ConfigMapGenerator") => Some(GenKind::ConfigMap),
            ("builtin", "SecretGenerator") => Some(GenKind::Secret),
            ("builtin", "IAMPolicyGenerator") => None,
            ("builtin", "HelmChartInflationGenerator") => {
                return Err(Error::Unsupported {
                    path: level.file.clone(),
                    feature: "HelmChartInflationGenerator".into(),
                });
            }
            ("builtin", _) => {
                return Err(Error::invalid(
                    &level.file,
                    format!("failed to load generator: plugin {kind} not a generator"),
                ));
            }
            _ => {
                return Err(Error::Unsupported {
                    path: level.file.clone(),
                    feature: format!("generator plugin {api_version}/{kind}"),
                });
            }
        };
        let what = match gen_kind {
            Some(k) => What::Data(
                k,
                Box::new(
                    args::parse_plugin_args(&doc, k)
                        .map_err(|msg| Error::invalid(&level.file, msg))?,
                ),
            ),
            None => What::Iam(
                iam::IamArgs::parse(&doc).map_err(|msg| Error::invalid(&level.file, msg))?,
            ),
        };
        let md = |k: &str| {
            doc.get("metadata")
                .and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let origin = Origin {
            configured_in: file,
            configured_by_api_version: api_version.clone(),
            configured_by_kind: kind.clone(),
            configured_by_name: md("name"),
            configured_by_namespace: md("namespace"),
            ..crate::compose::build_metadata::remote_origin(ctx)
        };
        configs.push(Config { what, origin });
    }
    Ok(configs)
}

/// A `generators:` entry that is YAML text (holding at least one mapping)
/// rather than a path.
fn inline_docs(ctx: &Ctx, entry: &str, level: &Level) -> Option<Vec<Value>> {
    if !entry.contains('\n') && !entry.contains(':') {
        return None;
    }
    let docs = crate::yaml::parse_documents(entry, &level.file, &load::parse_options(ctx)).ok()?;
    let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    if docs.is_empty() || !docs.iter().all(Value::is_object) {
        return None;
    }
    Some(docs)
}

/// Build the ConfigMap or Secret `a` describes.
fn make(ctx: &Ctx, level: &Level, kind: GenKind, a: &GenArgs) -> Result<Resource> {
    let invalid = |msg: String| Error::invalid(&level.file, msg);
    if a.name.is_empty() {
        return Err(invalid("a configmap must have a name".into()));
    }
    // Kustomize's order: env files, then literals, then files.
    let mut pairs = Vec::new();
    for p in &a.envs {
        let (_, bytes) = load::read_file(ctx, level, p)?;
        pairs.extend(
            kv::parse_env_file(&bytes)
                .map_err(|m| invalid(format!("env source files: [{p}]: {m}")))?,
        );
    }
    for l in &a.literals {
        pairs.push(kv::parse_literal(l).map_err(|m| invalid(format!("literal sources: {m}")))?);
    }
    for f in &a.files {
        let (key, path) =
            kv::parse_file_source(f).map_err(|m| invalid(format!("file sources: {m}")))?;
        let (_, bytes) = load::read_file(ctx, level, &path)?;
        pairs.push(kv::Pair { key, value: bytes });
    }
    let mut data: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for p in pairs {
        if data.contains_key(&p.key) {
            return Err(invalid(format!(
                "configmap {} illegally repeats the key `{}`",
                a.name, p.key
            )));
        }
        data.insert(p.key, p.value);
    }

    let mut metadata = Map::new();
    metadata.insert("name".into(), a.name.clone().into());
    if !a.namespace.is_empty() {
        metadata.insert("namespace".into(), a.namespace.clone().into());
    }
    if let Some(o) = &a.options {
        for (field, m) in [("labels", &o.labels), ("annotations", &o.annotations)] {
            if let Some(m) = m.as_ref().filter(|m| !m.is_empty()) {
                let mut sorted: Vec<_> = m.iter().collect();
                sorted.sort();
                let obj: Map = sorted
                    .into_iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                metadata.insert(field.into(), Value::Object(obj));
            }
        }
    }
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), "v1".into());
    obj.insert("kind".into(), kind.as_str().into());
    obj.insert("metadata".into(), Value::Object(metadata));
    match kind {
        GenKind::ConfigMap => {
            let mut text = Map::new();
            let mut binary = Map::new();
            for (k, v) in data {
                match String::from_utf8(v) {
                    Ok(s) => text.insert(k, Value::String(s)),
                    Err(e) => binary.insert(k, Value::String(encode::base64_wrapped(e.as_bytes()))),
                };
            }
            if !text.is_empty() {
                obj.insert("data".into(), Value::Object(text));
            }
            if !binary.is_empty() {
                obj.insert("binaryData".into(), Value::Object(binary));
            }
        }
        GenKind::Secret => {
            let t = if a.secret_type.is_empty() {
                "Opaque"
            } else {
                &a.secret_type
            };
            obj.insert("type".into(), t.into());
            let enc: Map = data
                .into_iter()
                .map(|(k, v)| (k, Value::String(encode::base64_wrapped(&v))))
                .collect();
            obj.insert("data".into(), Value::Object(enc));
        }
    }
    if a.options.as_ref().is_some_and(|o| o.immutable) {
        obj.insert("immutable".into(), Value::Bool(true));
    }
    let mut r = Resource::new(obj, None);
    r.generated = true;
    r.needs_hash = !a
        .options
        .as_ref()
        .is_some_and(|o| o.disable_name_suffix_hash);
    r.behavior = match a.behavior.as_str() {
        "merge" => Behavior::Merge,
        "replace" => Behavior::Replace,
        _ => Behavior::Create,
    };
    Ok(r)
}

/// Add a generated resource to `acc` (Kustomize's `appendReplaceOrMerge`).
fn absorb(acc: &mut Accumulated, mut new: Resource) -> Result<(), String> {
    let id = new.id();
    // Candidates: the resources that have (or had) this name.
    let matches: Vec<usize> = acc
        .resmap
        .positions_by_any_name(&id.name)
        .iter()
        .copied()
        .filter(|&i| {
            acc.resmap.get_index(i).is_some_and(|r| {
                r.history
                    .iter()
                    .chain([&r.id()])
                    .any(|h| same_object(h, &id))
            })
        })
        .collect();
    match matches.as_slice() {
        [] => match new.behavior {
            Behavior::Merge | Behavior::Replace => {
                Err(format!("id {id} does not exist; cannot merge or replace"))
            }
            Behavior::Create => {
                acc.resmap.push(new);
                Ok(())
            }
        },
        [i] => {
            let i = *i;
            let Some(old) = acc.resmap.get_index(i) else {
                return Err("id lookup failure".into());
            };
            match new.behavior {
                Behavior::Replace => copy_merge_metadata(&mut new, old),
                Behavior::Merge => {
                    copy_merge_metadata(&mut new, old);
                    for field in ["data", "binaryData"] {
                        merge_string_map(&mut new.obj, &old.obj, field);
                    }
                    // The merged resource keeps the origin of the old one.
                    if old.origin.is_some() || old.source.is_some() {
                        new.origin = old.origin.clone();
                        new.source = old.source.clone();
                        new.line = old.line;
                    }
                }
                Behavior::Create => {
                    return Err(format!("id {id} exists; behavior must be merge or replace"));
                }
            }
            acc.resmap.modify(i, |slot| *slot = new);
            Ok(())
        }
        _ => Err(format!(
            "found multiple objects that could accept merge of {id}"
        )),
    }
}

/// A string map field (`metadata.labels`, `data` ...) as Kustomize reads it:
/// scalars as their text.
fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(Value::Object(m)) = v {
        for (k, v) in m {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            out.insert(k.clone(), s);
        }
    }
    out
}

/// Set `parent[field]` to `m` (sorted), or remove the field when `m` is empty.
fn set_string_map(parent: &mut Map, field: &str, m: BTreeMap<String, String>) {
    if m.is_empty() {
        parent.remove(field);
    } else {
        let obj: Map = m.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        parent.insert(field.into(), Value::Object(obj));
    }
}

/// `new[field]` becomes `old[field]` overridden by `new[field]`.
fn merge_string_map(new: &mut Map, old: &Map, field: &str) {
    let mut merged = string_map(old.get(field));
    merged.extend(string_map(new.get(field)));
    set_string_map(new, field, merged);
}

/// Kustomize's `CopyMergeMetaDataFieldsFrom`: labels and annotations merged
/// (the new resource's win), name, namespace, id history, vars and
/// transformations taken from the old one. The hash suffix stays only if both resources want it.
fn copy_merge_metadata(new: &mut Resource, old: &Resource) {
    let old_md = old.obj.get("metadata").and_then(Value::as_object);
    let md = new.metadata_mut();
    for field in ["labels", "annotations"] {
        let mut merged = string_map(old_md.and_then(|m| m.get(field)));
        merged.extend(string_map(md.get(field)));
        set_string_map(md, field, merged);
    }
    md.insert("name".into(), Value::String(old.name().to_string()));
    if old.namespace().is_empty() {
        md.remove("namespace");
    } else {
        md.insert(
            "namespace".into(),
            Value::String(old.namespace().to_string()),
        );
    }
    new.history = old.history.clone();
    new.needs_hash = new.needs_hash && old.needs_hash;
    // Kustomize keeps the old resource's bookkeeping annotations.
    new.generated = old.generated;
    new.ref_vars = old.ref_vars.clone();
    // Kustomize keeps these in annotations, which are merged.
    new.transformations = old.transformations.clone();
}

#[cfg(test)]
mod tests;
