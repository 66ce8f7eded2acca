//! The `namePrefix` and `nameSuffix` fields, and the `PrefixTransformer`,
//! `SuffixTransformer` and `PrefixSuffixTransformer` plugins.
//!
//! Every field spec selecting a resource's original kind gets the prefix
//! (suffix) prepended (appended). CustomResourceDefinitions, APIServices and
//! Namespaces are never renamed. When the spec is `metadata/name`, the
//! resource remembers its previous id and the prefix/suffix (name references
//! use both to find what a renamed resource was called).

use super::fieldspec::{self, FieldSpec};
use super::walk::{self, Create};
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resource::{Map, Resource, Value};

/// Prefix or suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Affix {
    /// Prepend.
    Prefix,
    /// Append.
    Suffix,
}

/// Apply the kustomization's `namePrefix` then `nameSuffix`.
pub(crate) fn apply(_ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let config = acc.config.clone();
    let err = |e| Error::invalid(&level.file, e);
    if let Some(p) = level.k.name_prefix.as_deref().filter(|p| !p.is_empty()) {
        transform(acc, Affix::Prefix, p, &config.name_prefix).map_err(err)?;
    }
    if let Some(s) = level.k.name_suffix.as_deref().filter(|s| !s.is_empty()) {
        transform(acc, Affix::Suffix, s, &config.name_suffix).map_err(err)?;
    }
    Ok(())
}

/// Apply a `transformers:` entry: `PrefixTransformer` (`prefix`),
/// `SuffixTransformer` (`suffix`) or `PrefixSuffixTransformer` (both, prefix
/// first). `fieldSpecs` is required.
pub(crate) fn plugin(
    _ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let kind = cfg.get("kind").and_then(Value::as_str).unwrap_or("");
    let err = |e: String| Error::invalid(&level.file, e);
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let specs = match m.get("fieldSpecs") {
        None | Some(Value::Null) => {
            return Err(err("fieldSpecs is not expected to be nil".into()));
        }
        v => FieldSpec::list_from_value(v, false).map_err(err)?,
    };
    let prefix = fieldspec::plugin_str(m, "prefix").map_err(err)?;
    let suffix = fieldspec::plugin_str(m, "suffix").map_err(err)?;
    if kind != "SuffixTransformer" {
        transform(acc, Affix::Prefix, &prefix, &specs).map_err(err)?;
    }
    if kind != "PrefixTransformer" {
        transform(acc, Affix::Suffix, &suffix, &specs).map_err(err)?;
    }
    Ok(())
}

/// Kinds that never get a prefix or suffix: (group, kind); "" is any group.
const SKIPPED: &[(&str, &str)] = &[
    ("", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("", "Namespace"),
];

/// Add `affix` along `specs` in every resource of `acc`.
pub(crate) fn transform(
    acc: &mut Accumulated,
    affix: Affix,
    value: &str,
    specs: &[FieldSpec],
) -> std::result::Result<(), String> {
    for r in acc.resmap.iter_mut() {
        transform_one(r, affix, value, specs)?;
    }
    Ok(())
}

fn transform_one(
    r: &mut Resource,
    affix: Affix,
    value: &str,
    specs: &[FieldSpec],
) -> std::result::Result<(), String> {
    let org = r.orig_id();
    if SKIPPED
        .iter()
        .any(|(g, k)| (g.is_empty() || *g == org.group) && *k == org.kind)
    {
        return Ok(());
    }
    for fs in specs {
        if !fs.selects_gvk(&org.group, &org.version, &org.kind) {
            continue;
        }
        if fs.path == "metadata/name" && !value.is_empty() {
            match affix {
                Affix::Prefix => r.prefixes.push(value.to_string()),
                Affix::Suffix => r.suffixes.push(value.to_string()),
            }
            r.remember();
        }
        let mut set = |v: &mut Value| {
            let old = walk::scalar_text(v);
            let new = match affix {
                Affix::Prefix => format!("{value}{old}"),
                Affix::Suffix => format!("{old}{value}"),
            };
            walk::set_string(v, &new)
        };
        walk::apply(&mut r.obj, fs, Some(Create::Scalar), &mut set)
            .map_err(|e| format!("considering field '{}' of object {}: {e}", fs.path, r.id()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn acc_of(objs: Vec<Value>) -> Accumulated {
        let mut acc = Accumulated::default();
        for o in objs {
            if let Value::Object(m) = o {
                acc.resmap.push(Resource::new(m, None));
            }
        }
        acc
    }

    #[test]
    fn prefix_and_suffix() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}),
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns"}}),
            json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "crd"}}),
        ]);
        let specs = fieldspec::TransformerConfig::defaults().name_prefix.clone();
        transform(&mut acc, Affix::Prefix, "p-", &specs).unwrap();
        transform(&mut acc, Affix::Suffix, "-s", &specs).unwrap();
        let r = acc.resmap.as_slice();
        assert_eq!(r[0].name(), "p-c-s");
        assert_eq!(r[0].prefixes, ["p-"]);
        assert_eq!(r[0].suffixes, ["-s"]);
        assert_eq!(r[0].orig_id().name, "c");
        assert_eq!(r[0].history.len(), 2);
        assert_eq!(r[1].name(), "ns");
        assert_eq!(r[2].name(), "crd");
    }

    #[test]
    fn custom_field_spec_with_create() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}),
        ]);
        let specs = vec![FieldSpec::new("", "", "ConfigMap", "data/owner", true)];
        transform(&mut acc, Affix::Prefix, "p-", &specs).unwrap();
        let r = &acc.resmap.as_slice()[0];
        assert_eq!(r.name(), "c");
        assert_eq!(r.obj["data"]["owner"], "p-");
        assert!(r.prefixes.is_empty());
    }
}
