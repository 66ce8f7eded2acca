//! The arguments of a ConfigMap or Secret generator and the generator
//! options, read from a kustomization's `configMapGenerator` /
//! `secretGenerator` / `generatorOptions` fields (strictly, like Kustomize's
//! kustomization decoder) or from a `generators:` plugin configuration
//! (leniently, like the plugin's YAML decoder).

use crate::kustomization::go_json_type;
use crate::resource::{Map, Value};
use indexmap::IndexMap;

/// ConfigMap or Secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GenKind {
    ConfigMap,
    Secret,
}

impl GenKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GenKind::ConfigMap => "ConfigMap",
            GenKind::Secret => "Secret",
        }
    }
    pub(crate) fn args_type(self) -> &'static str {
        match self {
            GenKind::ConfigMap => "ConfigMapArgs",
            GenKind::Secret => "SecretArgs",
        }
    }
}

/// How strictly a configuration is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Kustomization fields: unknown fields and wrong types are errors.
    Strict,
    /// Plugin configurations: unknown fields are ignored.
    Lenient,
}

/// Kustomize's `GeneratorOptions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GenOptions {
    pub labels: Option<IndexMap<String, String>>,
    pub annotations: Option<IndexMap<String, String>>,
    pub disable_name_suffix_hash: bool,
    pub immutable: bool,
}

impl GenOptions {
    /// Kustomize's `MergeGlobalOptionsIntoLocal`: labels and annotations of
    /// `global` fill in keys `local` lacks; the flags are or-ed.
    pub(crate) fn merge_global(local: Option<Self>, global: Option<&Self>) -> Option<Self> {
        let Some(global) = global else {
            return local;
        };
        let mut local = local.unwrap_or_default();
        fill_missing(&mut local.labels, global.labels.as_ref());
        fill_missing(&mut local.annotations, global.annotations.as_ref());
        local.disable_name_suffix_hash |= global.disable_name_suffix_hash;
        local.immutable |= global.immutable;
        Some(local)
    }
}

fn fill_missing(
    local: &mut Option<IndexMap<String, String>>,
    global: Option<&IndexMap<String, String>>,
) {
    let Some(global) = global else { return };
    match local {
        None => *local = Some(global.clone()),
        Some(l) => {
            for (k, v) in global {
                l.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
}

/// Kustomize's `ConfigMapArgs` / `SecretArgs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GenArgs {
    pub name: String,
    pub namespace: String,
    pub behavior: String,
    pub literals: Vec<String>,
    pub files: Vec<String>,
    /// `envs`, with `env` appended (kustomization form only).
    pub envs: Vec<String>,
    pub options: Option<GenOptions>,
    /// Secret `type` ("" for the default, `Opaque`).
    pub secret_type: String,
}

/// Find the field of `known` that a JSON key names: Go's decoder prefers an
/// exact match and falls back to a case-insensitive one.
fn canonical<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .find(|k| **k == key)
        .or_else(|| known.iter().find(|k| k.eq_ignore_ascii_case(key)))
        .copied()
}

/// Put the JSON path `path` after the Go struct name `ty` in a type error
/// (`Go struct field ConfigMapArgs.literals` →
/// `Go struct field ConfigMapArgs.configMapGenerator.literals`), as Go's
/// decoder names a field of a kustomization.
pub(crate) fn in_field(e: String, ty: &str, path: &str) -> String {
    let from = format!("Go struct field {ty}.");
    e.replacen(&from, &format!("{from}{path}."), 1)
}

fn mismatch(v: &Value, ctx: &str, want: &str) -> String {
    format!(
        "json: cannot unmarshal {} into Go struct field {ctx} of type {want}",
        go_json_type(v)
    )
}

fn string(v: &Value, _mode: Mode, ctx: &str) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(mismatch(v, ctx, "string")),
    }
}

fn boolean(v: &Value, ctx: &str) -> Result<bool, String> {
    match v {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        _ => Err(mismatch(v, ctx, "bool")),
    }
}

fn strings(v: &Value, mode: Mode, ctx: &str) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|i| string(i, mode, ctx).map(Option::unwrap_or_default))
            .collect(),
        _ => Err(mismatch(v, ctx, "[]string")),
    }
}

fn string_map(
    v: &Value,
    mode: Mode,
    ctx: &str,
) -> Result<Option<IndexMap<String, String>>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Object(m) => {
            let mut out = IndexMap::new();
            for (k, item) in m {
                out.insert(k.clone(), string(item, mode, ctx)?.unwrap_or_default());
            }
            Ok(Some(out))
        }
        _ => Err(mismatch(v, ctx, "map[string]string")),
    }
}

fn object<'a>(v: &'a Value, ctx: &str) -> Result<Option<&'a Map>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Object(m) => Ok(Some(m)),
        _ => Err(mismatch(v, ctx, ctx)),
    }
}

/// Decode `GeneratorOptions`.
pub(crate) fn parse_options(v: &Value, mode: Mode) -> Result<Option<GenOptions>, String> {
    let Some(m) = object(v, "GeneratorOptions")? else {
        return Ok(None);
    };
    let mut o = GenOptions::default();
    const KNOWN: [&str; 4] = [
        "labels",
        "annotations",
        "disableNameSuffixHash",
        "immutable",
    ];
    for (k, item) in m {
        let ctx = format!("GeneratorOptions.{k}");
        match canonical(k, &KNOWN) {
            Some("labels") => o.labels = string_map(item, mode, &ctx)?,
            Some("annotations") => o.annotations = string_map(item, mode, &ctx)?,
            Some("disableNameSuffixHash") => o.disable_name_suffix_hash = boolean(item, &ctx)?,
            Some("immutable") => o.immutable = boolean(item, &ctx)?,
            _ if mode == Mode::Strict => return Err(format!("json: unknown field {k:?}")),
            _ => {}
        }
    }
    Ok(Some(o))
}

/// Decode one `configMapGenerator` / `secretGenerator` entry of a kustomization.
pub(crate) fn parse_args(v: &Value, kind: GenKind) -> Result<GenArgs, String> {
    let m = object(v, kind.args_type())?;
    let mut a = GenArgs::default();
    let mut env = String::new();
    for (k, item) in m.into_iter().flatten() {
        if !set_arg_field(&mut a, &mut env, k, item, kind, Mode::Strict)? {
            return Err(format!("json: unknown field {k:?}"));
        }
    }
    // Kustomize's FixKustomization: `env` is appended to `envs`.
    if !env.is_empty() {
        a.envs.push(env);
    }
    Ok(a)
}

/// Decode a `generators:` configuration of kind `ConfigMapGenerator` /
/// `SecretGenerator`: the arguments inline, plus `metadata.name` /
/// `metadata.namespace` as fallbacks for `name` / `namespace`. (`env` is
/// read but, as in Kustomize, not used in this form.)
pub(crate) fn parse_plugin_args(v: &Value, kind: GenKind) -> Result<GenArgs, String> {
    let mut a = GenArgs::default();
    let mut env = String::new();
    let (mut meta_name, mut meta_ns) = (String::new(), String::new());
    let Some(m) = object(v, kind.args_type())? else {
        return Ok(a);
    };
    for (k, item) in m {
        if k.eq_ignore_ascii_case("metadata") {
            if let Some(md) = object(item, "ObjectMeta")? {
                for (mk, mv) in md {
                    match canonical(mk, &["name", "namespace"]) {
                        Some("name") => {
                            meta_name = string(mv, Mode::Lenient, "name")?.unwrap_or_default()
                        }
                        Some("namespace") => {
                            meta_ns = string(mv, Mode::Lenient, "namespace")?.unwrap_or_default()
                        }
                        _ => {}
                    }
                }
            }
            continue;
        }
        set_arg_field(&mut a, &mut env, k, item, kind, Mode::Lenient)?;
    }
    if a.name.is_empty() {
        a.name = meta_name;
    }
    if a.namespace.is_empty() {
        a.namespace = meta_ns;
    }
    Ok(a)
}

/// Set the field `k` of `a`; false when `k` is not a field.
fn set_arg_field(
    a: &mut GenArgs,
    env: &mut String,
    k: &str,
    item: &Value,
    kind: GenKind,
    mode: Mode,
) -> Result<bool, String> {
    const CM: [&str; 8] = [
        "name",
        "namespace",
        "behavior",
        "literals",
        "files",
        "envs",
        "env",
        "options",
    ];
    const SECRET: [&str; 9] = [
        "name",
        "namespace",
        "behavior",
        "literals",
        "files",
        "envs",
        "env",
        "options",
        "type",
    ];
    let known: &[&str] = match kind {
        GenKind::ConfigMap => &CM,
        GenKind::Secret => &SECRET,
    };
    let ctx = format!("{}.{k}", kind.args_type());
    match canonical(k, known) {
        Some("name") => a.name = string(item, mode, &ctx)?.unwrap_or_default(),
        Some("namespace") => a.namespace = string(item, mode, &ctx)?.unwrap_or_default(),
        Some("behavior") => a.behavior = string(item, mode, &ctx)?.unwrap_or_default(),
        Some("literals") => a.literals = strings(item, mode, &ctx)?,
        Some("files") => a.files = strings(item, mode, &ctx)?,
        Some("envs") => a.envs = strings(item, mode, &ctx)?,
        Some("env") => *env = string(item, mode, &ctx)?.unwrap_or_default(),
        Some("options") => a.options = parse_options(item, mode)?,
        Some("type") => a.secret_type = string(item, mode, &ctx)?.unwrap_or_default(),
        _ => return Ok(mode == Mode::Lenient),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kustomization_form() {
        let a = parse_args(
            &json!({"name": "x", "env": "b.env", "envs": ["a.env"], "literals": ["a=b"],
                    "options": {"labels": {"l": "v"}, "immutable": true}}),
            GenKind::ConfigMap,
        )
        .unwrap();
        assert_eq!(a.name, "x");
        assert_eq!(a.envs, vec!["a.env", "b.env"]);
        assert_eq!(a.literals, vec!["a=b"]);
        let o = a.options.unwrap();
        assert!(o.immutable && !o.disable_name_suffix_hash);
        assert_eq!(o.labels.unwrap()["l"], "v");
        // Go's decoder matches field names case-insensitively.
        assert_eq!(
            parse_args(&json!({"Name": "y"}), GenKind::Secret)
                .unwrap()
                .name,
            "y"
        );
    }

    #[test]
    fn strictness() {
        assert!(parse_args(&json!({"name": "x", "type": "t"}), GenKind::ConfigMap).is_err());
        assert!(parse_args(&json!({"name": "x", "type": "t"}), GenKind::Secret).is_ok());
        assert!(parse_args(&json!({"name": 1}), GenKind::ConfigMap).is_err());
        assert!(parse_args(&json!({"literals": "a=b"}), GenKind::ConfigMap).is_err());
        assert!(parse_options(&json!({"labels": {"a": 1}}), Mode::Strict).is_err());
        assert!(parse_options(&json!({"bogus": 1}), Mode::Strict).is_err());
    }

    #[test]
    fn plugin_form() {
        let a = parse_plugin_args(
            &json!({"apiVersion": "builtin", "kind": "SecretGenerator",
                    "metadata": {"name": "m", "namespace": "ns"},
                    "env": "ignored.env", "literals": ["a=b"], "type": "t",
                    "options": {"labels": {"n": "1"}}}),
            GenKind::Secret,
        )
        .unwrap();
        assert_eq!((a.name.as_str(), a.namespace.as_str()), ("m", "ns"));
        assert!(a.envs.is_empty());
        assert_eq!(a.secret_type, "t");
        assert_eq!(a.options.unwrap().labels.unwrap()["n"], "1");
        let b = parse_plugin_args(
            &json!({"metadata": {"name": "m"}, "name": "own"}),
            GenKind::ConfigMap,
        )
        .unwrap();
        assert_eq!(b.name, "own");
        // Types are checked in this form too.
        assert!(
            parse_plugin_args(&json!({"options": {"labels": {"n": 1}}}), GenKind::Secret).is_err()
        );
    }

    #[test]
    fn options_merge() {
        let global = GenOptions {
            labels: Some([("a".to_string(), "g".to_string()), ("b".into(), "g".into())].into()),
            annotations: None,
            disable_name_suffix_hash: true,
            immutable: false,
        };
        let local = GenOptions {
            labels: Some([("a".to_string(), "l".to_string())].into()),
            immutable: true,
            ..Default::default()
        };
        let m = GenOptions::merge_global(Some(local), Some(&global)).unwrap();
        let labels = m.labels.unwrap();
        assert_eq!((labels["a"].as_str(), labels["b"].as_str()), ("l", "g"));
        assert!(m.disable_name_suffix_hash && m.immutable);
        assert_eq!(GenOptions::merge_global(None, None), None);
        assert_eq!(
            GenOptions::merge_global(None, Some(&global))
                .unwrap()
                .labels,
            global.labels
        );
    }
}
