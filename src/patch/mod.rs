//! Patches: strategic merge ([`strategic`]), JSON 6902 ([`json6902`]) and
//! target selection ([`target`]), for the `patches`, `patchesStrategicMerge`
//! and `patchesJson6902` fields and their `transformers:` forms
//! (`PatchTransformer`, `PatchStrategicMergeTransformer`,
//! `PatchJson6902Transformer`), plus the `openapi` field ([`schema`]).
//!
//! Each patch is parsed once, then applied to every resource it selects.

pub mod json6902;
pub mod schema;
pub mod strategic;
pub mod target;

use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::load;
use crate::resource::{Map, ResId, Resource, Value};
use crate::yaml::ParseOptions;
use json6902::JsonPatch;
use schema::{Schema, SchemaState};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use target::{Matcher, Selector};

pub(crate) use schema::SchemaState as OpenApiState;

// ---- configuration -----------------------------------------------------------

/// One entry of `patches` / `patchesJson6902`, or a `PatchTransformer` config.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct PatchArgs {
    path: String,
    patch: String,
    target: Option<Selector>,
    options: BTreeMap<String, bool>,
    /// `PatchJson6902Transformer`'s name for the inline patch.
    json_op: String,
}

fn args_from(v: &Value, file: &Path, what: &str) -> Result<PatchArgs> {
    serde_json::from_value::<PatchArgs>(v.clone())
        .map_err(|e| Error::invalid(file, format!("invalid {what} entry: {e}")))
}

/// A strategic-merge patch, parsed once.
struct SmPatch {
    obj: Value,
    id: ResId,
    /// Annotation keys whose values the patch file writes without quotes
    /// although they are not strings (see [`Resource::typed_annotations`]).
    typed: Vec<String>,
}

impl SmPatch {
    fn new(obj: Map) -> SmPatch {
        Self::typed(obj, Vec::new())
    }

    fn typed(obj: Map, typed: Vec<String>) -> SmPatch {
        let r = Resource::new(obj, None);
        let id = r.id();
        SmPatch {
            obj: Value::Object(r.obj),
            id,
            typed,
        }
    }
}

/// What a `PatchTransformer` holds after configuration.
enum Loaded {
    /// Strategic-merge patches (one file may hold several documents).
    Sm(Vec<SmPatch>),
    /// A JSON 6902 patch (an SM text with no documents also lands here,
    /// with an empty patch, as in Kustomize).
    Json(JsonPatch),
}

/// A configured `PatchTransformer`.
struct PatchTransformer {
    loaded: Loaded,
    target: Option<Selector>,
    allow_name_change: bool,
    allow_kind_change: bool,
    /// `[patch: "..."]` or `[path: "..."]`, for messages.
    source: String,
    /// The file errors are reported against.
    file: PathBuf,
}

/// `patchesStrategicMerge` reads its patches' annotation values as text,
/// null ones included (which then do not delete), and as strings (a later
/// JSON patch does not resolve them); `patches` keeps nulls and types.
fn sm_patches(text: &str, path: &Path, opts: &ParseOptions) -> Result<Vec<SmPatch>> {
    let docs = load::resources_from_str(text, path, opts)?;
    Ok(docs.into_iter().map(SmPatch::new).collect())
}

/// [`sm_patches`] (parsing as [`load::resources_from_str`] does), and
/// whether the text's first document is a map. Such a text cannot be a
/// JSON patch (its first document would have to be a list), so it need not
/// be parsed a second time to find out.
fn sm_patches_first_map(ctx: &Ctx, text: &str, path: &Path) -> (Result<Vec<SmPatch>>, bool) {
    let docs = load::parse_chunks_typed(text, path, &load::patch_parse_options(ctx));
    let first_map = docs
        .as_ref()
        .is_ok_and(|docs| docs.first().is_some_and(|(_, v, _)| v.is_object()));
    let patches = docs
        .and_then(|docs| load::resources_typed(docs, path))
        .map(|docs| {
            docs.into_iter()
                .map(|(_, obj, typed)| SmPatch::typed(obj, typed))
                .collect()
        });
    (patches, first_map)
}

/// Read a file named by a patch field; a missing file names the field.
fn read_patch_file(ctx: &Ctx, level: &Level, rel: &str) -> Result<(PathBuf, String)> {
    let (path, bytes) = load::read_file(ctx, level, rel)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::invalid(&path, "patch file is not valid UTF-8"))?;
    Ok((path, text))
}

impl PatchTransformer {
    fn configure(ctx: &Ctx, level: &Level, args: PatchArgs) -> Result<PatchTransformer> {
        let inline = args.patch.trim().to_string();
        let (text, source, file) = match (inline.is_empty(), args.path.is_empty()) {
            (true, true) => {
                return Err(Error::invalid(
                    &level.file,
                    "patches: must specify one of patch and path",
                ));
            }
            (false, false) => {
                return Err(Error::invalid(
                    &level.file,
                    "patches: patch and path can't be set at the same time",
                ));
            }
            (false, true) => {
                let source = format!("[patch: {inline:?}]");
                (inline, source, level.file.clone())
            }
            (true, false) => {
                let (path, text) = read_patch_file(ctx, level, &args.path)?;
                (text, format!("[path: {:?}]", args.path), path)
            }
        };
        let (sm, first_map) = sm_patches_first_map(ctx, &text, &file);
        let json = if text.is_empty() {
            Err("empty json patch operations".to_string())
        } else if sm.is_ok() && first_map && !text.starts_with('[') {
            // JsonPatch::decode would parse the text again to find a map.
            Err("not a list".to_string())
        } else {
            JsonPatch::decode(&text, &file, &load::parse_options(ctx))
        };
        let loaded = match (sm, json) {
            (Ok(_), Ok(_)) => {
                return Err(Error::invalid(
                    &file,
                    format!("illegally qualifies as both an SM and JSON patch: {source}"),
                ));
            }
            (Err(_), Err(_)) => {
                return Err(Error::invalid(
                    &file,
                    format!("unable to parse SM or JSON patch from {source}"),
                ));
            }
            (Ok(sm), Err(_)) if !sm.is_empty() => Loaded::Sm(sm),
            (Ok(_), Err(_)) => Loaded::Json(JsonPatch::empty()),
            (Err(_), Ok(j)) => Loaded::Json(j),
        };
        let opt = |k: &str| args.options.get(k).copied().unwrap_or(false);
        Ok(PatchTransformer {
            loaded,
            target: args.target,
            allow_name_change: opt("allowNameChange"),
            allow_kind_change: opt("allowKindChange"),
            source,
            file,
        })
    }

    fn transform(&self, ctx: &mut Ctx, acc: &mut Accumulated) -> Result<()> {
        if matches!(self.loaded, Loaded::Sm(_)) && !acc.resmap.is_empty() {
            ctx.openapi.merged();
        }
        let schema = ctx.openapi.schema();
        match &self.loaded {
            Loaded::Sm(patches) => {
                let opts = SmOptions {
                    allow_name_change: self.allow_name_change,
                    allow_kind_change: self.allow_kind_change,
                };
                if let Some(t) = &self.target {
                    if patches.len() > 1 {
                        return Err(Error::invalid(
                            &self.file,
                            format!(
                                "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field: {}",
                                self.source
                            ),
                        ));
                    }
                    let selected = select(acc, t, &self.file)?;
                    for p in patches {
                        apply_sm_to(acc, &selected, p, opts, true, schema, &self.file)?;
                    }
                    return Ok(());
                }
                let mut deleted = false;
                for p in patches {
                    if deleted {
                        // Kustomize leaves the deleted resource in place as a
                        // nil node until this transformer ends, and crashes
                        // looking up the next patch's target.
                        return Err(Error::invalid(
                            &self.file,
                            format!(
                                "a strategic merge patch in {} deleted a resource; kustomize cannot apply the patches after it in the same entry",
                                self.source
                            ),
                        ));
                    }
                    let i = unique_by_any_id(acc, &p.id).map_err(|m| {
                        Error::invalid(
                            &self.file,
                            format!(
                                "no resource matches strategic merge patch \"{}\": {m}",
                                p.id
                            ),
                        )
                    })?;
                    deleted = apply_sm_to(acc, &[i], p, opts, false, schema, &self.file)? > 0;
                }
                Ok(())
            }
            Loaded::Json(jp) => {
                let Some(t) = &self.target else {
                    return Err(Error::invalid(
                        &self.file,
                        format!("must specify a target for JSON patch {}", self.source),
                    ));
                };
                let selected = select(acc, t, &self.file)?;
                let origins = !ctx.build_metadata.is_empty();
                apply_json_to(acc, &selected, jp, true, origins, &self.file)
            }
        }
    }
}

// ---- applying ------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default)]
struct SmOptions {
    allow_name_change: bool,
    allow_kind_change: bool,
}

/// Positions of the resources a target selects.
fn select(acc: &Accumulated, t: &Selector, file: &Path) -> Result<Vec<usize>> {
    let m = Matcher::new(t).map_err(|e| {
        Error::invalid(
            file,
            format!("unable to find patch target \"{t}\" in `resources`: {e}"),
        )
    })?;
    let rm = &acc.resmap;
    let selected = |r: &crate::resource::Resource| m.matches(r);
    Ok(match m.candidates(rm) {
        Some(cands) => cands
            .into_iter()
            .filter(|&i| rm.get_index(i).is_some_and(selected))
            .collect(),
        None => rm
            .iter()
            .enumerate()
            .filter(|(_, r)| selected(r))
            .map(|(i, _)| i)
            .collect(),
    })
}

/// The one resource whose current or any previous id is `id` (Kustomize's
/// `GetById` via `GetMatchingResourcesByAnyId`).
fn unique_by_any_id(acc: &Accumulated, id: &ResId) -> std::result::Result<usize, String> {
    let found: Vec<usize> = acc
        .resmap
        .positions_by_any_name(&id.name)
        .iter()
        .copied()
        .filter(|&i| {
            acc.resmap.get_index(i).is_some_and(|r| {
                r.history
                    .iter()
                    .chain(std::iter::once(&r.id()))
                    .any(|h| target::same_id(h, id))
            })
        })
        .collect();
    match found.as_slice() {
        [i] => Ok(*i),
        [] => Err(format!(
            "no matches for Id {id}; failed to find unique target for patch {id}"
        )),
        _ => Err(format!(
            "multiple matches for Id {id}; failed to find unique target for patch {id}"
        )),
    }
}

/// Apply a strategic-merge patch to the resources at `positions`, removing
/// those it empties. `targeted`: the patch takes each resource's apiVersion
/// (Kustomize's `resWrangler.ApplySmPatch`, which also rejects a rename
/// onto an id already present). Returns how many resources were deleted.
fn apply_sm_to(
    acc: &mut Accumulated,
    positions: &[usize],
    p: &SmPatch,
    opts: SmOptions,
    targeted: bool,
    schema: &Schema,
    file: &Path,
) -> Result<usize> {
    let mut emptied = Vec::new();
    for &i in positions {
        let Some(keep) = acc
            .resmap
            .modify(i, |r| apply_sm(r, p, opts, targeted, schema))
        else {
            continue;
        };
        let keep = keep.map_err(|m| Error::invalid(file, m))?;
        if !keep {
            emptied.push(i);
        }
    }
    for &i in emptied.iter().rev() {
        acc.resmap.remove(i);
    }
    if targeted && (opts.allow_name_change || opts.allow_kind_change) {
        let mut seen = std::collections::HashSet::new();
        for r in acc.resmap.iter() {
            let id = r.id();
            if !seen.insert(id.clone()) {
                return Err(Error::DuplicateId {
                    id: id.to_string(),
                    path: file.to_path_buf(),
                });
            }
        }
    }
    Ok(emptied.len())
}

fn set_str(m: &mut Map, key: &str, v: &str) {
    m.insert(key.to_string(), Value::String(v.to_string()));
}

/// Kustomize's `Resource.ApplySmPatch`: merge, then restore the kind and
/// name (unless the options allow changing them) and the namespace.
/// Returns false when the patch deleted the resource.
fn apply_sm(
    r: &mut Resource,
    p: &SmPatch,
    opts: SmOptions,
    targeted: bool,
    schema: &Schema,
) -> std::result::Result<bool, String> {
    let patch = &p.obj;
    let name = r.name().to_string();
    let namespace = r.namespace().to_string();
    let kind = r.kind().to_string();
    let api_version = r.api_version().to_string();
    if opts.allow_name_change || opts.allow_kind_change {
        r.remember();
    }
    drop_empty_typed_annotations(r);
    let mut doc = Value::Object(std::mem::take(&mut r.obj));
    let keep = strategic::merge(&mut doc, patch, schema)?;
    if let Value::Object(m) = doc {
        r.obj = m;
    }
    if !keep {
        return Ok(false);
    }
    take_typed_annotations(r, p);
    if targeted && !api_version.is_empty() {
        set_str(&mut r.obj, "apiVersion", &api_version);
    }
    if !opts.allow_kind_change {
        set_str(&mut r.obj, "kind", &kind);
    }
    let md = r.metadata_mut();
    if !opts.allow_name_change {
        set_str(md, "name", &name);
    }
    if namespace.is_empty() {
        md.shift_remove("namespace");
    } else {
        set_str(md, "namespace", &namespace);
    }
    Ok(true)
}

/// The annotations a strategic-merge patch sets are typed as in the patch.
fn take_typed_annotations(r: &mut Resource, p: &SmPatch) {
    let Some(set) = p
        .obj
        .get("metadata")
        .and_then(|md| md.get("annotations"))
        .and_then(Value::as_object)
    else {
        return;
    };
    if r.typed_annotations.is_empty() && p.typed.is_empty() {
        return;
    }
    let mut typed = std::mem::take(&mut r.typed_annotations).into_vec();
    typed.retain(|k| !set.contains_key(k));
    typed.extend(p.typed.iter().cloned());
    r.typed_annotations = typed.into_boxed_slice();
}

/// Kustomize's strategic merge drops the fields of the target whose value is
/// an empty null node: an annotation written without a value (`a:`), which
/// otherwise prints as `""`, disappears when the resource is patched.
fn drop_empty_typed_annotations(r: &mut Resource) {
    if r.typed_annotations.is_empty() {
        return;
    }
    let Some(a) = r
        .obj
        .get_mut("metadata")
        .and_then(|md| md.get_mut("annotations"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut typed = std::mem::take(&mut r.typed_annotations).into_vec();
    typed.retain(|k| {
        let empty = a.get(k).is_some_and(|v| v.as_str() == Some(""));
        if empty {
            a.shift_remove(k);
        }
        !empty
    });
    r.typed_annotations = typed.into_boxed_slice();
}

/// Apply a JSON patch to the resources at `positions`. `remember`: record
/// each resource's id first (the `patches` field does, `patchesJson6902`
/// does not). `origins`: the build tracks origins (its `buildMetadata` is
/// set), which Kustomize keeps in annotations during the build.
fn apply_json_to(
    acc: &mut Accumulated,
    positions: &[usize],
    jp: &JsonPatch,
    remember: bool,
    origins: bool,
    file: &Path,
) -> Result<()> {
    for &i in positions {
        let applied = acc.resmap.modify(i, |r| {
            if remember {
                r.remember();
            }
            let bookkeeping = r.has_build_annotations()
                || (origins && (r.origin.is_some() || r.source.is_some()));
            apply_json(r, jp, bookkeeping)
        });
        if let Some(result) = applied {
            result.map_err(|m| Error::invalid(file, m))?;
        }
    }
    Ok(())
}

/// Whether Kustomize restores an annotation after a JSON patch (kyaml's
/// internal annotations: the `internal.config.kubernetes.io/` ones and three
/// legacy keys).
fn is_internal_annotation(key: &str) -> bool {
    key.starts_with("internal.config.kubernetes.io/")
        || matches!(
            key,
            "config.kubernetes.io/path" | "config.kubernetes.io/index" | "config.k8s.io/id"
        )
}

/// Apply a JSON patch to one resource as Kustomize's JSON patch
/// transformers do.
///
/// `bookkeeping`: Kustomize holds bookkeeping annotations on the resource
/// (see [`Resource::has_build_annotations`]; they are dropped at output), so
/// the patch finds a `metadata.annotations` mapping even when no visible
/// annotation exists: adding `/metadata/annotations/x` or removing
/// `/metadata/annotations` works. Without them, as in Kustomize, the patch
/// fails on the missing mapping.
///
/// Afterwards, as Kustomize rewrites the annotations: the internal ones the
/// patch changed or removed are restored, the values become their text (a
/// later `test` op compares strings), and an empty (or non-mapping)
/// `annotations` disappears.
fn apply_json(
    r: &mut Resource,
    jp: &JsonPatch,
    bookkeeping: bool,
) -> std::result::Result<(), String> {
    r.resolve_typed_annotations()?;
    let annotations = r.obj.get("metadata").and_then(|md| md.get("annotations"));
    let internal: Vec<(String, Value)> = match annotations {
        Some(Value::Object(a)) => a
            .iter()
            .filter(|(k, _)| is_internal_annotation(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        None | Some(Value::Null) if bookkeeping => {
            r.metadata_mut()
                .insert("annotations".into(), Value::Object(Map::new()));
            Vec::new()
        }
        _ => Vec::new(),
    };
    jp.apply(&mut r.obj)?;
    let md = r.metadata_mut();
    let mut annotations: Vec<(String, Value)> = match md.shift_remove("annotations") {
        Some(Value::Object(a)) => a
            .into_iter()
            .map(|(k, v)| {
                let text = annotation_text(&v);
                (k, Value::String(text))
            })
            .collect(),
        _ => Vec::new(),
    };
    for (k, v) in internal {
        let v = Value::String(annotation_text(&v));
        match annotations.iter_mut().find(|(key, _)| *key == k) {
            Some(slot) => slot.1 = v,
            None => annotations.push((k, v)),
        }
    }
    if !annotations.is_empty() {
        annotations.sort_by(|a, b| a.0.cmp(&b.0));
        md.insert(
            "annotations".into(),
            Value::Object(annotations.into_iter().collect()),
        );
    }
    Ok(())
}

/// An annotation value as Kustomize reads it after a JSON patch (which
/// passes the resource through JSON and Go's float64): a scalar's text
/// (numbers as Go prints them: `1000`, not `1000.0`), `null` for null, ""
/// for a mapping or list.
fn annotation_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Number(n) => {
            let mut out = String::new();
            crate::yaml::format_number(n, &mut out);
            out
        }
        other => load::scalar_text(Some(other)),
    }
}

// ---- fields and transformer configs ---------------------------------------------

/// The `patches` field.
pub(crate) fn patches_field(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    // Reading and parsing the patches is independent per entry.
    let ts = crate::parallel::map_in_order(ctx, &level.k.patches, |ctx, entry| {
        let args = args_from(entry, &level.file, "patches")?;
        PatchTransformer::configure(ctx, level, args)
    })?;
    for t in &ts {
        t.transform(ctx, acc)?;
    }
    Ok(())
}

/// A `PatchTransformer` entry of `transformers:`.
pub(crate) fn plugin_patch(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let args = args_from(cfg, &level.file, "PatchTransformer")?;
    PatchTransformer::configure(ctx, level, args)?.transform(ctx, acc)
}

/// A configured `PatchStrategicMergeTransformer`.
struct PsmTransformer {
    patches: Vec<SmPatch>,
}

impl PsmTransformer {
    /// `paths` entries are inline patches or file paths (an entry that
    /// parses as resources is inline, as in Kustomize); `patches` is inline.
    fn configure(ctx: &Ctx, level: &Level, paths: &[String], inline: &str) -> Result<Self> {
        if paths.is_empty() && inline.is_empty() {
            return Err(Error::invalid(
                &level.file,
                "patchesStrategicMerge: empty file path and empty patch content",
            ));
        }
        let mut patches = Vec::new();
        let opts = load::resource_parse_options(ctx);
        for p in paths {
            match sm_patches(p, &level.file, &opts) {
                Ok(ps) => patches.extend(ps),
                Err(_) => {
                    let (path, text) = read_patch_file(ctx, level, p)?;
                    patches.extend(sm_patches(&text, &path, &opts)?);
                }
            }
        }
        if !inline.is_empty() {
            patches.extend(sm_patches(inline, &level.file, &opts)?);
        }
        if patches.is_empty() {
            return Err(Error::invalid(
                &level.file,
                format!("patch appears to be empty; files={paths:?}, Patch={inline}"),
            ));
        }
        Ok(PsmTransformer { patches })
    }

    fn transform(&self, ctx: &mut Ctx, acc: &mut Accumulated, file: &Path) -> Result<()> {
        if !acc.resmap.is_empty() {
            ctx.openapi.merged();
        }
        let schema = ctx.openapi.schema();
        for p in &self.patches {
            let i = unique_by_any_id(acc, &p.id).map_err(|m| Error::invalid(file, m))?;
            apply_sm_to(acc, &[i], p, SmOptions::default(), true, schema, file)?;
        }
        Ok(())
    }
}

fn strings(v: &[Value], file: &Path, what: &str) -> Result<Vec<String>> {
    v.iter()
        .map(|e| match e {
            Value::String(s) => Ok(s.clone()),
            other => Err(Error::invalid(
                file,
                format!("{what}: expected a string, got {other}"),
            )),
        })
        .collect()
}

/// The `patchesStrategicMerge` field.
pub(crate) fn strategic_merge_field(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
) -> Result<()> {
    if level.k.patches_strategic_merge.is_empty() {
        return Ok(());
    }
    let paths = strings(
        &level.k.patches_strategic_merge,
        &level.file,
        "patchesStrategicMerge",
    )?;
    PsmTransformer::configure(ctx, level, &paths, "")?.transform(ctx, acc, &level.file)
}

/// A `PatchStrategicMergeTransformer` entry of `transformers:`.
pub(crate) fn plugin_strategic_merge(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Cfg {
        paths: Vec<Value>,
        patches: String,
    }
    let c: Cfg = serde_json::from_value(cfg.clone()).map_err(|e| {
        Error::invalid(
            &level.file,
            format!("invalid PatchStrategicMergeTransformer: {e}"),
        )
    })?;
    let paths = strings(
        &c.paths,
        &level.file,
        "PatchStrategicMergeTransformer paths",
    )?;
    PsmTransformer::configure(ctx, level, &paths, &c.patches)?.transform(ctx, acc, &level.file)
}

/// A configured `PatchJson6902Transformer`.
struct Json6902Transformer {
    target: Selector,
    patch: JsonPatch,
    file: PathBuf,
}

impl Json6902Transformer {
    fn configure(ctx: &Ctx, level: &Level, args: PatchArgs, inline: String) -> Result<Self> {
        let Some(target) = args.target.filter(|t| !t.name.is_empty()) else {
            return Err(Error::invalid(
                &level.file,
                "patchesJson6902: must specify the target name",
            ));
        };
        let (text, file) = match (args.path.is_empty(), inline.is_empty()) {
            (true, true) => {
                return Err(Error::invalid(
                    &level.file,
                    "patchesJson6902: empty file path and empty jsonOp",
                ));
            }
            (false, false) => {
                return Err(Error::invalid(
                    &level.file,
                    "patchesJson6902: must specify a file path or jsonOp, not both",
                ));
            }
            (false, true) => {
                let (path, text) = read_patch_file(ctx, level, &args.path)?;
                if text.is_empty() {
                    return Err(Error::invalid(
                        &path,
                        format!("patch file '{}' empty seems to be empty", args.path),
                    ));
                }
                (text, path)
            }
            (true, false) => (inline, level.file.clone()),
        };
        let patch = JsonPatch::decode(&text, &file, &load::parse_options(ctx))
            .map_err(|m| Error::invalid(&file, format!("decoding {text}: {m}")))?;
        if patch.is_empty() {
            return Err(Error::invalid(
                &file,
                format!(
                    "patch appears to be empty; file={}, JsonOp={text}",
                    args.path
                ),
            ));
        }
        Ok(Json6902Transformer {
            target,
            patch,
            file,
        })
    }

    fn transform(&self, ctx: &Ctx, acc: &mut Accumulated) -> Result<()> {
        let selected = select(acc, &self.target, &self.file)?;
        let origins = !ctx.build_metadata.is_empty();
        apply_json_to(acc, &selected, &self.patch, false, origins, &self.file)
    }
}

/// The `patchesJson6902` field.
pub(crate) fn json6902_field(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let mut ts = Vec::with_capacity(level.k.patches_json6902.len());
    for entry in &level.k.patches_json6902 {
        let args = args_from(entry, &level.file, "patchesJson6902")?;
        let inline = args.patch.clone();
        ts.push(Json6902Transformer::configure(ctx, level, args, inline)?);
    }
    for t in &ts {
        t.transform(ctx, acc)?;
    }
    Ok(())
}

/// A `PatchJson6902Transformer` entry of `transformers:`.
pub(crate) fn plugin_json6902(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let args = args_from(cfg, &level.file, "PatchJson6902Transformer")?;
    let inline = args.json_op.clone();
    Json6902Transformer::configure(ctx, level, args, inline)?.transform(ctx, acc)
}

// ---- openapi ---------------------------------------------------------------------

/// The `openapi` field of a kustomization being entered. As in Kustomize,
/// the first kustomization of the build (top first, then depth-first) that
/// sets it chooses the schema for the whole build: `path` names a custom
/// schema file (JSON or YAML) that replaces the built-in one, `version`
/// picks a built-in schema (only v1.21.2 is built in).
///
/// `loaded`: resources accumulated so far, where known (they decide how a
/// custom schema joins the built-in one, see [`schema::Union`]).
pub(crate) fn enter_openapi(
    ctx: &mut Ctx,
    level: &Level,
    loaded: Option<&crate::resmap::ResMap>,
) -> Result<()> {
    if let Some(rm) = loaded {
        ctx.openapi
            .loaded(rm.iter().map(|r| (r.api_version(), r.kind())));
    }
    let Some(Value::Object(field)) = &level.k.openapi else {
        return Ok(());
    };
    let s = |k: &str| field.get(k).map(|v| load::scalar_text(Some(v)));
    let (path, version) = (s("path"), s("version"));
    let custom = match &path {
        Some(p) => Some(read_patch_file(ctx, level, p)?),
        None => None,
    };
    if ctx.openapi.set {
        return Ok(());
    }
    match custom {
        Some((file, text)) => {
            if version.is_some() {
                return Err(Error::invalid(
                    &level.file,
                    "builtin version and custom schema provided, cannot use both",
                ));
            }
            let doc = if text.starts_with('{') {
                serde_json::from_str::<Value>(&text)
                    .map_err(|e| Error::invalid(&file, format!("invalid schema file: {e}")))?
            } else {
                crate::yaml::parse_documents(&text, &file, &load::parse_options(ctx))?
                    .into_iter()
                    .next()
                    .unwrap_or(Value::Null)
            };
            let union = ctx.openapi.pending_union;
            ctx.openapi = SchemaState {
                set: true,
                custom: Some(Arc::new(Schema::from_openapi(&doc, union))),
                pending_union: union,
            };
        }
        None => {
            let v = version.unwrap_or_default();
            if v.is_empty() {
                return Ok(());
            }
            if v != crate::schema::merge_keys::KUBERNETES_VERSION {
                return Err(Error::invalid(
                    &level.file,
                    format!("openapi: the specified OpenAPI version '{v}' is not built in"),
                ));
            }
            ctx.openapi = SchemaState {
                set: true,
                custom: None,
                pending_union: schema::Union::None,
            };
        }
    }
    Ok(())
}
