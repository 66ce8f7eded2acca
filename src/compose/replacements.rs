//! The `replacements` field and `ReplacementTransformer`: copy a value from
//! one field of one resource into fields of other resources.

use super::fieldpath::{self, Create, Seg};
use super::select::{self, IdSelector};
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::load;
use crate::resource::{Resource, Value};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// `options` of a source or target.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct FieldOptions {
    pub delimiter: String,
    pub index: i64,
    pub encoding: String,
    pub create: bool,
}

/// Where the value comes from.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Source {
    #[serde(flatten)]
    pub id: IdSelector,
    pub field_path: String,
    pub options: Option<FieldOptions>,
}

/// A `select` / `reject` entry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Selector {
    #[serde(flatten)]
    pub id: IdSelector,
    pub annotation_selector: String,
    pub label_selector: String,
}

/// Where the value goes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Target {
    pub select: Option<Selector>,
    pub reject: Vec<Selector>,
    pub field_paths: Vec<String>,
    pub options: Option<FieldOptions>,
}

/// One replacement.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Replacement {
    pub source: Option<Source>,
    pub targets: Option<Vec<Target>>,
}

/// An entry of the `replacements` field: inline, or `path:` to a file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct ReplacementField {
    #[serde(flatten)]
    inline: Replacement,
    path: String,
}

const DEFAULT_FIELD_PATH: &str = "metadata.name";

/// Apply the level's `replacements`.
pub(crate) fn apply(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    if level.k.replacements.is_empty() {
        return Ok(());
    }
    let list = load_list(ctx, level, &level.k.replacements)?;
    run(&list, acc.resmap.resources_mut()).map_err(|m| Error::invalid(&level.file, m))
}

/// A `ReplacementTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let entries = match cfg.get("replacements") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => {
            return Err(Error::invalid(
                &level.file,
                "ReplacementTransformer: replacements must be a list",
            ));
        }
    };
    let list = load_list(ctx, level, &entries)?;
    run(&list, acc.resmap.resources_mut()).map_err(|m| Error::invalid(&level.file, m))
}

fn parse<T: for<'de> Deserialize<'de>>(v: &Value, file: &Path) -> Result<T> {
    T::deserialize(v).map_err(|e| Error::invalid(file, format!("invalid replacement: {e}")))
}

/// Refuse field paths deeper than the nesting limit (creating them would
/// build values no parser would accept).
fn check_depth(ctx: &Ctx, level: &Level, list: &[Replacement]) -> Result<()> {
    let max = ctx.opts.limits.max_depth;
    let paths = list.iter().flat_map(|r| {
        r.source.iter().map(|s| &s.field_path).chain(
            r.targets
                .iter()
                .flatten()
                .flat_map(|t| t.field_paths.iter()),
        )
    });
    for p in paths {
        if p.matches('.').count() >= max {
            return Err(Error::Limit {
                path: level.file.clone(),
                message: format!("replacement field path deeper than {max} levels"),
            });
        }
    }
    Ok(())
}

/// Resolve `path:` entries into the replacements they hold.
fn load_list(ctx: &Ctx, level: &Level, entries: &[Value]) -> Result<Vec<Replacement>> {
    let out = load_entries(ctx, level, entries)?;
    check_depth(ctx, level, &out)?;
    Ok(out)
}

fn load_entries(ctx: &Ctx, level: &Level, entries: &[Value]) -> Result<Vec<Replacement>> {
    let mut out = Vec::new();
    for e in entries {
        let f: ReplacementField = parse(e, &level.file)?;
        if f.path.is_empty() {
            out.push(f.inline);
            continue;
        }
        if f.inline.source.is_some() || f.inline.targets.as_ref().is_some_and(|t| !t.is_empty()) {
            return Err(Error::invalid(
                &level.file,
                "cannot specify both path and inline replacement",
            ));
        }
        let (path, bytes) = load::read_file(ctx, level, &f.path)?;
        let text = String::from_utf8_lossy(&bytes);
        let opts = crate::yaml::ParseOptions {
            max_depth: ctx.opts.limits.max_depth,
            max_alias_expansion: ctx.opts.limits.max_alias_expansion,
            ..Default::default()
        };
        let docs = crate::yaml::parse_documents(&text, &path, &opts)?;
        match docs.into_iter().next().unwrap_or(Value::Null) {
            Value::Array(items) => {
                for it in &items {
                    out.push(parse(it, &path)?);
                }
            }
            v @ Value::Object(_) => out.push(parse(&v, &path)?),
            other => {
                let kind = match other {
                    Value::Null => "invalid",
                    Value::String(_) => "string",
                    Value::Bool(_) => "bool",
                    _ => "float64",
                };
                return Err(Error::invalid(
                    &path,
                    format!(
                        "unsupported replacement type encountered within replacement path: {kind}"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// Run replacements, in order, over `resources` (Kustomize's replacement filter).
pub(crate) fn run(list: &[Replacement], resources: &mut [Resource]) -> Result<(), String> {
    let mut names = NameIndex::default();
    for r in list {
        let (Some(source), Some(targets)) = (&r.source, &r.targets) else {
            return Err("replacements must specify a source and at least one target".into());
        };
        let value = get_replacement(resources, source, &mut names)?;
        for t in targets {
            apply_target(resources, &value, t, &mut names)?;
        }
    }
    Ok(())
}

/// Positions of resources by every name they have had (current and
/// previous), so that selectors naming a resource visit only its candidates
/// instead of every resource. Built on first use; dropped when a replacement
/// changes a name.
#[derive(Default)]
struct NameIndex(Option<HashMap<String, Vec<usize>>>);

impl NameIndex {
    /// Ascending positions of the resources that may be selected by a
    /// selector with this (non-empty) name.
    fn candidates(&mut self, resources: &[Resource], name: &str) -> Vec<usize> {
        let map = self.0.get_or_insert_with(|| {
            let mut map: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, r) in resources.iter().enumerate() {
                let names =
                    std::iter::once(r.name()).chain(r.history.iter().map(|h| h.name.as_str()));
                for n in names {
                    let v = map.entry(n.to_string()).or_default();
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
            map
        });
        map.get(name).cloned().unwrap_or_default()
    }
}

fn source_display(s: &Source) -> String {
    let mut parts = vec![s.id.display()];
    if !s.field_path.is_empty() {
        parts.push(s.field_path.clone());
    }
    if let Some(o) = &s.options {
        if !o.delimiter.is_empty() || o.create {
            parts.push(format!("{}({}), create={}", o.delimiter, o.index, o.create));
        }
    }
    parts.join(":")
}

fn get_replacement(
    resources: &[Resource],
    source: &Source,
    names: &mut NameIndex,
) -> Result<Value, String> {
    let mut found: Option<&Resource> = None;
    let positions: Vec<usize> = if source.id.name.is_empty() {
        (0..resources.len()).collect()
    } else {
        names.candidates(resources, &source.id.name)
    };
    for r in positions.into_iter().filter_map(|i| resources.get(i)) {
        if select::all_ids(r).iter().any(|id| source.id.selects(id)) {
            if found.is_some() {
                return Err(format!(
                    "multiple matches for selector {}",
                    source_display(source)
                ));
            }
            found = Some(r);
        }
    }
    let Some(res) = found else {
        return Err(format!("nothing selected by {}", source_display(source)));
    };
    let fp = if source.field_path.is_empty() {
        DEFAULT_FIELD_PATH
    } else {
        source.field_path.as_str()
    };
    let obj = Value::Object(res.obj.clone());
    let node = fieldpath::lookup(&obj, &fieldpath::split(fp))
        .map_err(|e| format!("error looking up replacement source: {e}"))?;
    let node = match node {
        Some(n) if !is_nil_or_empty(n) => n.clone(),
        _ => {
            return Err(format!(
                "fieldPath `{fp}` is missing for replacement source {}",
                source.id.display()
            ));
        }
    };
    refine_source(source.options.as_ref(), node)
}

/// kyaml's `IsNilOrEmpty`: null, or an empty collection.
fn is_nil_or_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn is_scalar(v: &Value) -> bool {
    !v.is_object() && !v.is_array()
}

fn refine_source(opts: Option<&FieldOptions>, node: Value) -> Result<Value, String> {
    let Some(o) = opts.filter(|o| !o.delimiter.is_empty()) else {
        return Ok(node);
    };
    if !is_scalar(&node) {
        return Err("delimiter option can only be used with scalar nodes".into());
    }
    let text = fieldpath::scalar_text(&node);
    let parts: Vec<&str> = text.split(o.delimiter.as_str()).collect();
    let Some(part) = usize::try_from(o.index).ok().and_then(|i| parts.get(i)) else {
        return Err(format!(
            "options.index {} is out of bounds for value {text}",
            o.index
        ));
    };
    // The copy keeps the node's tag: a string stays a string.
    Ok(match node {
        Value::String(_) => Value::String(part.to_string()),
        _ => fieldpath::resolve_plain(part),
    })
}

fn matches_anno_and_label(r: &Resource, s: &Selector) -> Result<bool, String> {
    let anno =
        select::matches_selector(&s.annotation_selector, select::string_map(r, "annotations"))?;
    let label = select::matches_selector(&s.label_selector, select::string_map(r, "labels"))?;
    Ok(anno && label)
}

fn apply_target(
    resources: &mut [Resource],
    value: &Value,
    t: &Target,
    names: &mut NameIndex,
) -> Result<(), String> {
    let Some(sel) = &t.select else {
        return Err("target must specify resources to select".into());
    };
    // Only resources with the selected name can match. The full scan also
    // reports malformed selectors: the select's on the first resource, a
    // reject's on any resource the select's selectors match. Narrow the scan
    // only when that cannot make a difference.
    let narrow = !sel.id.name.is_empty()
        && t.reject.iter().all(|rej| {
            select::matches_selector(&rej.annotation_selector, None).is_ok()
                && select::matches_selector(&rej.label_selector, None).is_ok()
        });
    let positions: Vec<usize> = if narrow {
        if !resources.is_empty() {
            select::matches_selector(&sel.annotation_selector, None)?;
            select::matches_selector(&sel.label_selector, None)?;
        }
        names.candidates(resources, &sel.id.name)
    } else {
        (0..resources.len()).collect()
    };
    let default_paths = [DEFAULT_FIELD_PATH.to_string()];
    let paths: &[String] = if t.field_paths.is_empty() {
        &default_paths
    } else {
        &t.field_paths
    };
    for i in positions {
        let Some(r) = resources.get_mut(i) else {
            continue;
        };
        if !matches_anno_and_label(r, sel)? {
            continue;
        }
        let mut rejected = false;
        for rej in &t.reject {
            if rej.annotation_selector.is_empty() && rej.label_selector.is_empty() {
                continue;
            }
            if matches_anno_and_label(r, rej)? {
                rejected = true;
                break;
            }
        }
        if rejected {
            continue;
        }
        let ids = select::all_ids(r);
        let reject_id = t
            .reject
            .iter()
            .filter(|rej| !rej.id.is_empty())
            .any(|rej| ids.iter().any(|id| rej.id.selects(id)));
        if reject_id || !ids.iter().any(|id| sel.id.selects(id)) {
            continue;
        }
        let before = r.name().to_string();
        let copied = copy_to_target(r, value, paths, t.options.as_ref());
        if r.name() != before {
            names.0 = None;
        }
        copied?;
    }
    Ok(())
}

fn retrieval_error(fp: &str, create: bool) -> String {
    if create {
        format!("unable to find or create field {fp:?} in replacement target")
    } else {
        format!("unable to find field {fp:?} in replacement target")
    }
}

fn copy_to_target(
    r: &mut Resource,
    value: &Value,
    paths: &[String],
    opts: Option<&FieldOptions>,
) -> Result<(), String> {
    let create = opts.filter(|o| o.create).map(|_| match value {
        Value::Object(_) => Create::Mapping,
        Value::Array(_) => Create::Sequence,
        _ => Create::Scalar,
    });
    let mut obj = Value::Object(std::mem::take(&mut r.obj));
    let result = (|| {
        for fp in paths {
            let found = fieldpath::find_targets(&mut obj, &fieldpath::split(fp), create)
                .map_err(|e| format!("{}: {e}", retrieval_error(fp, create.is_some())))?;
            if found.is_empty() {
                return Err(retrieval_error(fp, create.is_some()));
            }
            for f in found {
                // A created annotation keeps the text (Kustomize reads
                // annotations as text), any other created scalar resolves.
                let annotation = matches!(f.at.as_slice(),
                    [Seg::Key(m), Seg::Key(a), Seg::Key(_)] if m == "metadata" && a == "annotations");
                let plain = opts.is_none_or(|o| o.delimiter.is_empty());
                if let Some(node) = fieldpath::get_mut(&mut obj, &f.at) {
                    if f.created && annotation && plain && is_scalar(value) {
                        *node = Value::String(fieldpath::scalar_text(value));
                    } else {
                        set_field_value(opts, node, f.created, value)?;
                    }
                }
            }
        }
        Ok(())
    })();
    if let Value::Object(m) = obj {
        r.obj = m;
    }
    result
}

/// Write `value` into `target`, as kyaml does: scalars keep their own type
/// (only the text is copied), collections are replaced.
fn set_field_value(
    opts: Option<&FieldOptions>,
    target: &mut Value,
    created: bool,
    value: &Value,
) -> Result<(), String> {
    let mut value = value.clone();
    if let Some(o) = opts.filter(|o| !o.delimiter.is_empty()) {
        if !is_scalar(target) {
            return Err("delimiter option can only be used with scalar nodes".into());
        }
        let current = if created && target.is_null() {
            String::new()
        } else {
            fieldpath::scalar_text(target)
        };
        let mut tv: Vec<String> = current
            .split(o.delimiter.as_str())
            .map(str::to_string)
            .collect();
        let v = fieldpath::scalar_text(&value);
        if o.index < 0 {
            tv.insert(0, v);
        } else if let Some(slot) = usize::try_from(o.index).ok().and_then(|i| tv.get_mut(i)) {
            *slot = v;
        } else {
            tv.push(v);
        }
        let joined = tv.join(&o.delimiter);
        value = match value {
            Value::String(_) => Value::String(joined),
            _ => fieldpath::resolve_plain(&joined),
        };
    }
    if !is_scalar(target) {
        *target = value;
        return Ok(());
    }
    let text = fieldpath::scalar_text(&value);
    let text = if is_scalar(&value) {
        text
    } else {
        String::new()
    };
    *target = if created {
        fieldpath::resolve_plain(&text)
    } else {
        retag(target, &text)?
    };
    Ok(())
}

fn tag_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "!!null",
        Value::Bool(_) => "!!bool",
        Value::Number(n) if n.is_f64() => "!!float",
        Value::Number(_) => "!!int",
        _ => "!!str",
    }
}

/// `text` decoded with the tag of `target` (go-yaml refuses a mismatch).
fn retag(target: &Value, text: &str) -> Result<Value, String> {
    if target.is_string() {
        return Ok(Value::String(text.to_string()));
    }
    let resolved = fieldpath::resolve_plain(text);
    let ok = match (target, &resolved) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(_), Value::Bool(_)) => true,
        (Value::Number(t), Value::Number(_)) => t.is_f64() || !resolved_is_float(&resolved),
        _ => false,
    };
    if ok {
        if let (Value::Number(t), Value::Number(n)) = (target, &resolved) {
            if t.is_f64() {
                if let Some(f) = n.as_f64().and_then(serde_json::Number::from_f64) {
                    return Ok(Value::Number(f));
                }
            }
        }
        return Ok(resolved);
    }
    Err(format!(
        "cannot decode {} `{text}` as a {}",
        tag_name(&resolved),
        tag_name(target)
    ))
}

fn resolved_is_float(v: &Value) -> bool {
    matches!(v, Value::Number(n) if n.is_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(v: Value) -> Resource {
        Resource::new(v.as_object().cloned().unwrap_or_default(), None)
    }

    fn repl(v: Value) -> Vec<Replacement> {
        Vec::<Replacement>::deserialize(&v).unwrap()
    }

    fn fixture() -> Vec<Resource> {
        vec![
            res(json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "src"}, "data": {"num": "42", "img": "nginx:1.2"}})),
            res(json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "tgt"},
                "data": {"s": "hello", "n": 5, "b": true, "nul": null}})),
            res(json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "d", "labels": {"app": "d"}},
                "spec": {"replicas": 1, "template": {"spec": {"containers": [
                    {"name": "app", "image": "x"},
                    {"name": "sidecar", "image": "y"},
                    {"name": "ap", "image": "z"}]}}}})),
        ]
    }

    #[test]
    fn scalars_keep_target_types_and_create_resolves() {
        // Expectations taken from kubectl kustomize (v5.5.0).
        let mut rs = fixture();
        let list = repl(json!([{
        "source": {"kind": "ConfigMap", "name": "src", "fieldPath": "data.num"},
        "targets": [
            {"select": {"kind": "ConfigMap", "name": "tgt"},
             "fieldPaths": ["data.s", "data.n"], "options": {"create": true}},
            {"select": {"kind": "ConfigMap", "name": "tgt"},
             "fieldPaths": ["data.newfield", "data.list.[name=x].val", "data.plist.[=foo]"],
             "options": {"create": true}},
            {"select": {"kind": "Deployment"},
             "fieldPaths": ["spec.template.spec.containers.[name=ap].image", "spec.replicas"]}
        ]}]));
        run(&list, &mut rs).unwrap();
        assert_eq!(
            Value::Object(rs[1].obj.clone())["data"],
            json!({"s": "42", "n": 42, "b": true, "nul": null, "newfield": 42,
                   "list": [{"name": "x", "val": 42}], "plist": [42]})
        );
        let d = Value::Object(rs[2].obj.clone());
        assert_eq!(d["spec"]["replicas"], json!(42));
        let images: Vec<&Value> = d["spec"]["template"]["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["image"])
            .collect();
        assert_eq!(images, vec![&json!("42"), &json!("y"), &json!("42")]);
    }

    #[test]
    fn renaming_target_updates_name_selection() {
        // kubectl kustomize (v5.5.0): after a replacement renames `tgt`, later
        // replacements select it by its new name only.
        let mut rs = fixture();
        rs[0] = res(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "src"}, "data": {"newname": "renamed", "num": "42"}}));
        let list = repl(json!([
            {"source": {"kind": "ConfigMap", "name": "src", "fieldPath": "data.newname"},
             "targets": [{"select": {"name": "tgt"}, "fieldPaths": ["metadata.name"]}]},
            {"source": {"kind": "ConfigMap", "name": "src", "fieldPath": "data.num"},
             "targets": [{"select": {"name": "renamed"}, "fieldPaths": ["data.s"]}]},
            {"source": {"kind": "ConfigMap", "name": "src", "fieldPath": "data.num"},
             "targets": [{"select": {"name": "tgt"}, "fieldPaths": ["data.t"],
                          "options": {"create": true}}]}]));
        run(&list, &mut rs).unwrap();
        let t = Value::Object(rs[1].obj.clone());
        assert_eq!(t["metadata"]["name"], json!("renamed"));
        assert_eq!(t["data"]["s"], json!("42"));
        assert_eq!(t["data"].get("t"), None);
    }

    #[test]
    fn type_mismatch_errors() {
        for path in ["data.b", "data.nul"] {
            let mut rs = fixture();
            let list = repl(json!([{
                "source": {"kind": "ConfigMap", "name": "src", "fieldPath": "data.num"},
                "targets": [{"select": {"name": "tgt"}, "fieldPaths": [path]}]}]));
            assert!(run(&list, &mut rs).is_err(), "{path}");
        }
    }

    #[test]
    fn delimiters() {
        let mut rs = fixture();
        let list = repl(json!([{
            "source": {"name": "src", "fieldPath": "data.img",
                       "options": {"delimiter": ":", "index": 1}},
            "targets": [
                {"select": {"name": "tgt"}, "fieldPaths": ["data.s"],
                 "options": {"delimiter": "l", "index": 1}},
                {"select": {"kind": "Deployment"},
                 "fieldPaths": ["spec.template.spec.containers.[name=sidecar].image"],
                 "options": {"delimiter": "-", "index": -1}}]}]));
        run(&list, &mut rs).unwrap();
        assert_eq!(rs[1].obj["data"]["s"], json!("hel1.2lo"));
        assert_eq!(
            rs[2].obj["spec"]["template"]["spec"]["containers"][1]["image"],
            json!("1.2-y")
        );
        let list = repl(json!([{
            "source": {"name": "src", "fieldPath": "data.img",
                       "options": {"delimiter": ":", "index": 2}},
            "targets": [{"select": {"name": "tgt"}}]}]));
        assert!(run(&list, &mut rs).is_err());
    }

    #[test]
    fn selection_errors_and_reject() {
        let mut rs = fixture();
        let list = repl(json!([{"source": {"kind": "ConfigMap"}, "targets": []}]));
        let e = run(&list, &mut rs).unwrap_err();
        assert!(e.starts_with("multiple matches for selector"), "{e}");
        let list = repl(json!([{"source": {"name": "nope"}, "targets": []}]));
        assert!(
            run(&list, &mut rs)
                .unwrap_err()
                .starts_with("nothing selected by")
        );
        let list =
            repl(json!([{"source": {"name": "src", "fieldPath": "data.zz"}, "targets": []}]));
        assert!(
            run(&list, &mut rs)
                .unwrap_err()
                .contains("is missing for replacement source")
        );
        let list = repl(json!([{"source": {"name": "src"}}]));
        assert!(run(&list, &mut rs).is_err());
        // A selected target without the field is an error unless create is set.
        let list = repl(json!([{"source": {"name": "src", "fieldPath": "data.num"},
            "targets": [{"select": {"kind": "ConfigMap"}, "fieldPaths": ["data.n"]}]}]));
        assert!(
            run(&list, &mut rs)
                .unwrap_err()
                .contains("unable to find field")
        );
        // Reject by id and by label.
        let list = repl(json!([{"source": {"name": "src", "fieldPath": "data.num"},
            "targets": [{"select": {}, "reject": [{"kind": "ConfigMap"}, {"labelSelector": "app=d"}],
                         "fieldPaths": ["metadata.name"]}]}]));
        run(&list, &mut rs).unwrap();
        assert_eq!(rs[2].name(), "d");
        assert_eq!(rs[1].name(), "tgt");
    }

    #[test]
    fn previous_names_select() {
        let mut rs = fixture();
        rs[0].remember();
        rs[0].set_name("p-src");
        let list = repl(json!([{"source": {"name": "src"},
            "targets": [{"select": {"name": "tgt"}, "fieldPaths": ["data.s"]}]}]));
        run(&list, &mut rs).unwrap();
        assert_eq!(rs[1].obj["data"]["s"], json!("p-src"));
    }

    #[test]
    fn whole_maps_replace() {
        let mut rs = fixture();
        let list = repl(json!([{"source": {"name": "src", "fieldPath": "data"},
            "targets": [{"select": {"name": "tgt"}, "fieldPaths": ["data"]}]}]));
        run(&list, &mut rs).unwrap();
        assert_eq!(rs[1].obj["data"], json!({"num": "42", "img": "nginx:1.2"}));
    }

    #[test]
    fn create_through_wildcards_and_appending_indexes() {
        let mut rs = vec![
            res(json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "src"}, "data": {"v": "1.2"}})),
            res(json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "d"},
                "spec": {"list": [{"a": 1}, {"a": 2}], "template": {"spec": {"containers": [
                    {"name": "one", "env": [{"name": "other", "value": "x"}]},
                    {"name": "two"}]}}}})),
        ];
        let list = repl(json!([{"source": {"name": "src", "fieldPath": "data.v"},
            "targets": [{"select": {"kind": "Deployment"},
                "fieldPaths": ["spec.template.spec.containers.*.env.[name=VERSION].value",
                               "spec.list.2.b", "spec.list.3.b"],
                "options": {"create": true}}]}]));
        run(&list, &mut rs).unwrap();
        assert_eq!(
            rs[1].obj["spec"],
            json!({"list": [{"a": 1}, {"a": 2}, {"b": 1.2}, {"b": 1.2}],
                "template": {"spec": {"containers": [
                    {"name": "one", "env": [{"name": "other", "value": "x"},
                                            {"name": "VERSION", "value": 1.2}]},
                    {"name": "two", "env": [{"name": "VERSION", "value": 1.2}]}]}}})
        );
        let list = repl(json!([{"source": {"name": "src", "fieldPath": "data.v"},
            "targets": [{"select": {"kind": "Deployment"}, "fieldPaths": ["spec.list.9.b"],
                "options": {"create": true}}]}]));
        let e = run(&list, &mut rs).unwrap_err();
        assert!(e.contains("unable to find or create field"), "{e}");
    }
}
