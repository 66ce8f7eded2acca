//! The `kustomization.yaml` file, as data.
//!
//! Simple fields are typed here; fields whose structure belongs to one stage
//! (patches, generators, replacements, ...) are kept as raw [`Value`]s and
//! interpreted by that stage's module, so each stage owns its own parsing.

use crate::error::{Error, Result};
use crate::resource::{Map, Value};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

/// The file names a kustomization may have, in the order Kustomize tries them.
pub const KUSTOMIZATION_FILE_NAMES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// A parsed kustomization (`kind: Kustomization` or `kind: Component`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Kustomization {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub metadata: Option<Value>,
    pub openapi: Option<Value>,
    pub name_prefix: Option<String>,
    pub name_suffix: Option<String>,
    pub namespace: Option<String>,
    pub common_labels: Option<IndexMap<String, String>>,
    pub labels: Vec<Value>,
    pub common_annotations: Option<IndexMap<String, String>>,
    pub patches_strategic_merge: Vec<Value>,
    #[serde(rename = "patchesJson6902")]
    pub patches_json6902: Vec<Value>,
    pub patches: Vec<Value>,
    pub images: Vec<Value>,
    pub image_tags: Vec<Value>,
    pub replacements: Vec<Value>,
    pub replicas: Vec<Value>,
    pub vars: Vec<Value>,
    pub sort_options: Option<Value>,
    pub resources: Vec<String>,
    pub components: Vec<String>,
    pub crds: Vec<String>,
    pub bases: Vec<String>,
    pub config_map_generator: Vec<Value>,
    pub secret_generator: Vec<Value>,
    pub helm_globals: Option<Value>,
    pub helm_charts: Vec<Value>,
    pub helm_chart_inflation_generator: Vec<Value>,
    pub generator_options: Option<Value>,
    pub configurations: Vec<String>,
    pub generators: Vec<String>,
    pub transformers: Vec<String>,
    pub validators: Vec<String>,
    pub build_metadata: Vec<String>,
}

/// `apiVersion` of a `kind: Kustomization`.
pub const KUSTOMIZATION_API_VERSION: &str = "kustomize.config.k8s.io/v1beta1";
/// `apiVersion` of a `kind: Component`.
pub const COMPONENT_API_VERSION: &str = "kustomize.config.k8s.io/v1alpha1";

/// Every top-level field a kustomization may have (anything else is an error,
/// as in Kustomize, whose decoder disallows unknown fields).
pub const FIELD_NAMES: [&str; 34] = [
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

impl Kustomization {
    /// The warnings Kustomize prints (to stderr) for the deprecated fields
    /// this kustomization uses, in Kustomize's order. The library never
    /// prints them; see [`crate::Kustomizer::build_with_warnings`].
    ///
    /// ```
    /// use rustomize::kustomization::Kustomization;
    /// let k = Kustomization { bases: vec!["../base".into()], ..Default::default() };
    /// assert_eq!(k.deprecation_warnings().len(), 1);
    /// assert!(k.deprecation_warnings()[0].starts_with("# Warning: 'bases' is deprecated"));
    /// ```
    pub fn deprecation_warnings(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.bases.is_empty() {
            out.push("# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically.");
        }
        if self.common_labels.is_some() {
            out.push("# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.");
        }
        if !self.image_tags.is_empty() {
            out.push("# Warning: 'imageTags' is deprecated. Please use 'images' instead. Run 'kustomize edit fix' to update your Kustomization automatically.");
        }
        if !self.patches_json6902.is_empty() {
            out.push("# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.");
        }
        if !self.patches_strategic_merge.is_empty() {
            out.push("# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.");
        }
        if !self.vars.is_empty() {
            out.push("# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically.");
        }
        out
    }

    /// True for `kind: Component`.
    pub fn is_component(&self) -> bool {
        self.kind.as_deref() == Some("Component")
    }

    /// Interpret the first document of a kustomization file, as Kustomize's
    /// `Load` does: field names match case-insensitively (Go's JSON decoder),
    /// unknown fields and wrong types are errors, `null` fields are absent,
    /// `kind` and `apiVersion` get their defaults and are checked, and a file
    /// with nothing but `kind`/`apiVersion` is an error ("empty").
    ///
    /// ```
    /// use rustomize::kustomization::Kustomization;
    /// let v = serde_json::json!({"Resources": ["a.yaml"], "namePrefix": "p-"});
    /// let k = Kustomization::from_value(v, "kustomization.yaml".as_ref()).unwrap();
    /// assert_eq!(k.resources, ["a.yaml"]);
    /// assert_eq!(k.kind.as_deref(), Some("Kustomization"));
    /// ```
    pub fn from_value(v: Value, path: &Path) -> Result<Self> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "kustomization.yaml".into());
        let obj = match v {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                return Err(Error::invalid(
                    path,
                    format!(
                        "invalid Kustomization: json: cannot unmarshal {} into Go value of type types.Kustomization",
                        go_json_type(&other)
                    ),
                ));
            }
        };
        let mut fields = Map::new();
        for (key, mut val) in obj {
            let known = FIELD_NAMES
                .iter()
                .find(|f| **f == key)
                .or_else(|| FIELD_NAMES.iter().find(|f| f.eq_ignore_ascii_case(&key)));
            let Some(known) = known else {
                return Err(Error::invalid(
                    path,
                    format!("invalid Kustomization: json: unknown field \"{key}\""),
                ));
            };
            if val.is_null() {
                continue;
            }
            if *known == "metadata" {
                check_metadata(&val, path)?;
            }
            check_type(known, &mut val).map_err(|m| Error::invalid(path, m))?;
            if let Some(t) = nested_type(known) {
                t.check(&val, "Kustomization", known)
                    .map_err(|m| Error::invalid(path, format!("invalid Kustomization: {m}")))?;
            }
            fields.insert((*known).to_string(), val);
        }
        if let Some(at) = merge_key_map(&fields) {
            return Err(Error::invalid(
                path,
                format!(
                    "{at}: the key \"<<\" is read back by Kustomize as a YAML merge key: map merge requires map or sequence of maps as the value"
                ),
            ));
        }
        let empty = fields.iter().all(|(k, v)| {
            matches!(k.as_str(), "apiVersion" | "kind")
                || (matches!(k.as_str(), "namePrefix" | "nameSuffix" | "namespace")
                    && v.as_str() == Some(""))
        });
        if empty {
            return Err(Error::invalid(path, format!("{name} is empty")));
        }
        let mut k: Kustomization = serde_json::from_value(Value::Object(fields))
            .map_err(|e| Error::invalid(path, format!("invalid Kustomization: {e}")))?;
        if k.kind.as_deref().unwrap_or("").is_empty() {
            k.kind = Some("Kustomization".into());
        }
        let required = if k.is_component() {
            COMPONENT_API_VERSION
        } else {
            KUSTOMIZATION_API_VERSION
        };
        if k.api_version.as_deref().unwrap_or("").is_empty() {
            k.api_version = Some(required.into());
        }
        let kind = k.kind.as_deref().unwrap_or("");
        if kind != "Kustomization" && kind != "Component" {
            return Err(Error::invalid(
                path,
                "kind should be Kustomization or Component",
            ));
        }
        if k.api_version.as_deref() != Some(required) {
            return Err(Error::invalid(
                path,
                format!("apiVersion for {kind} should be {required}"),
            ));
        }
        Ok(k)
    }

    /// `resources` followed by the deprecated `bases`, as Kustomize
    /// accumulates them.
    pub fn resource_paths(&self) -> impl Iterator<Item = &str> {
        self.resources
            .iter()
            .chain(self.bases.iter())
            .map(String::as_str)
    }
}

/// The kustomization's own `metadata` (Kustomize's `ObjectMeta`): only
/// `name`, `namespace` (strings), `labels` and `annotations` (string maps).
fn check_metadata(v: &Value, path: &Path) -> Result<()> {
    let bad = |m: String| Error::invalid(path, format!("invalid Kustomization: {m}"));
    let Value::Object(m) = v else {
        return Err(bad(format!(
            "json: cannot unmarshal {} into Go struct field Kustomization.metadata of type types.ObjectMeta",
            go_json_type(v)
        )));
    };
    for (k, val) in m {
        let field = ["name", "namespace", "labels", "annotations"]
            .into_iter()
            .find(|f| f.eq_ignore_ascii_case(k))
            .ok_or_else(|| bad(format!("json: unknown field \"{k}\"")))?;
        let wrong = |v: &Value, want: &str| {
            bad(format!(
                "json: cannot unmarshal {} into Go struct field ObjectMeta.metadata.{field} of type {want}",
                go_json_type(v)
            ))
        };
        match (field, val) {
            (_, Value::Null) | ("name" | "namespace", Value::String(_)) => {}
            ("name" | "namespace", v) => return Err(wrong(v, "string")),
            (_, Value::Object(map)) => {
                if let Some(x) = map.values().find(|x| !(x.is_string() || x.is_null())) {
                    return Err(wrong(x, "string"));
                }
            }
            (_, v) => return Err(wrong(v, "map[string]string")),
        }
    }
    Ok(())
}

/// The Go types of the fields typed here: `string`, `[]string` or
/// `map[string]string` (the other fields are checked by their stages).
fn go_type(field: &str) -> Option<&'static str> {
    Some(match field {
        "apiVersion" | "kind" | "namePrefix" | "nameSuffix" | "namespace" => "string",
        "resources" | "components" | "crds" | "bases" | "configurations" | "generators"
        | "transformers" | "validators" | "buildMetadata" => "[]string",
        "commonLabels" | "commonAnnotations" | "openapi" => "map[string]string",
        _ => return None,
    })
}

/// Go's JSON decoder's type error for a value of a field typed here, as
/// Kustomize reports it (`json: cannot unmarshal bool into Go struct field
/// Kustomization.namespace of type string`). A null inside a list or map
/// becomes the empty string, as Go reads it.
fn check_type(field: &str, v: &mut Value) -> std::result::Result<(), String> {
    let Some(want) = go_type(field) else {
        return Ok(());
    };
    let err = |v: &Value, want: &str| {
        Err(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{field} of type {want}",
            go_json_type(v)
        ))
    };
    let inner = |x: &mut Value| match x {
        Value::String(_) => Ok(()),
        Value::Null => {
            *x = Value::String(String::new());
            Ok(())
        }
        other => err(other, "string"),
    };
    match (want, v) {
        (_, Value::Null) | ("string", Value::String(_)) => Ok(()),
        ("[]string", Value::Array(a)) => a.iter_mut().try_for_each(inner),
        ("map[string]string", Value::Object(m)) => m.values_mut().try_for_each(inner),
        (_, v) => err(v, want),
    }
}

/// The Go type of a kustomization field whose entries the stages decode
/// (patches, replacements, vars, sort options), as far as Go's JSON
/// decoder checks value types: Kustomize decodes the whole file before
/// using any of it, so a type error there fails first, in Go's wording.
/// Unknown fields are left to the stages.
#[derive(Clone, Copy)]
enum GoType {
    /// A string type (its Go name: `string`, `types.SortOrder`).
    Str(&'static str),
    Bool,
    Int,
    /// A slice (its Go name) of the element type.
    List(&'static str, &'static GoType),
    /// A `map[string]T` (its Go name) of the value type.
    Map(&'static str, &'static GoType),
    /// A struct: its Go name (errors name the innermost struct) and fields.
    Struct(&'static str, &'static [(&'static str, GoType)]),
}

const STRING: GoType = GoType::Str("string");
const STRINGS: GoType = GoType::List("[]string", &STRING);
const SELECTOR_FIELDS: [(&str, GoType); 7] = [
    ("group", STRING),
    ("version", STRING),
    ("kind", STRING),
    ("name", STRING),
    ("namespace", STRING),
    ("annotationSelector", STRING),
    ("labelSelector", STRING),
];
const SELECTOR: GoType = GoType::Struct("Selector", &SELECTOR_FIELDS);
const PATCH: GoType = GoType::Struct(
    "Patch",
    &[
        ("path", STRING),
        ("patch", STRING),
        ("target", SELECTOR),
        ("options", GoType::Map("map[string]bool", &GoType::Bool)),
    ],
);
const FIELD_OPTIONS: GoType = GoType::Struct(
    "FieldOptions",
    &[
        ("delimiter", STRING),
        ("index", GoType::Int),
        ("encoding", STRING),
        ("create", GoType::Bool),
    ],
);
const REPLACEMENT: GoType = GoType::Struct(
    "ReplacementField",
    &[
        ("path", STRING),
        (
            "source",
            GoType::Struct(
                "SourceSelector",
                &[
                    ("group", STRING),
                    ("version", STRING),
                    ("kind", STRING),
                    ("name", STRING),
                    ("namespace", STRING),
                    ("fieldPath", STRING),
                    ("options", FIELD_OPTIONS),
                ],
            ),
        ),
        (
            "targets",
            GoType::List(
                "[]*types.TargetSelector",
                &GoType::Struct(
                    "TargetSelector",
                    &[
                        ("select", SELECTOR),
                        ("reject", GoType::List("[]*types.Selector", &SELECTOR)),
                        ("fieldPaths", STRINGS),
                        ("options", FIELD_OPTIONS),
                    ],
                ),
            ),
        ),
    ],
);
const VAR: GoType = GoType::Struct(
    "Var",
    &[
        ("name", STRING),
        (
            "objref",
            GoType::Struct(
                "Target",
                &[
                    ("apiVersion", STRING),
                    ("group", STRING),
                    ("version", STRING),
                    ("kind", STRING),
                    ("name", STRING),
                    ("namespace", STRING),
                ],
            ),
        ),
        (
            "fieldref",
            GoType::Struct("FieldSelector", &[("fieldPath", STRING)]),
        ),
    ],
);
const SORT_OPTIONS: GoType = GoType::Struct(
    "SortOptions",
    &[
        ("order", GoType::Str("types.SortOrder")),
        (
            "legacySortOptions",
            GoType::Struct(
                "LegacySortOptions",
                &[("orderFirst", STRINGS), ("orderLast", STRINGS)],
            ),
        ),
    ],
);

/// The [`GoType`] of a top-level field checked that way.
fn nested_type(field: &str) -> Option<GoType> {
    Some(match field {
        "patches" | "patchesJson6902" => GoType::List("[]types.Patch", &PATCH),
        "patchesStrategicMerge" => GoType::List(
            "[]types.PatchStrategicMerge",
            &GoType::Str("types.PatchStrategicMerge"),
        ),
        "replacements" => GoType::List("[]types.ReplacementField", &REPLACEMENT),
        "vars" => GoType::List("[]types.Var", &VAR),
        "sortOptions" => SORT_OPTIONS,
        _ => return None,
    })
}

impl GoType {
    /// The Go name of this type in an error.
    fn name(&self) -> String {
        match self {
            GoType::Str(n) | GoType::List(n, _) | GoType::Map(n, _) => (*n).to_string(),
            GoType::Bool => "bool".into(),
            GoType::Int => "int".into(),
            GoType::Struct(n, _) => format!("types.{n}"),
        }
    }

    /// Check `v` (the value of field `path` of Go struct `owner`) as Go's
    /// JSON decoder would, in document order: the first type error, in
    /// Go's words. Nulls are accepted anywhere (Go leaves the zero value).
    fn check(&self, v: &Value, owner: &str, path: &str) -> std::result::Result<(), String> {
        let wrong = |what: String| {
            Err(format!(
                "json: cannot unmarshal {what} into Go struct field {owner}.{path} of type {}",
                self.name()
            ))
        };
        match (self, v) {
            (_, Value::Null)
            | (GoType::Str(_), Value::String(_))
            | (GoType::Bool, Value::Bool(_)) => Ok(()),
            (GoType::Int, Value::Number(n)) => {
                let whole = n.is_i64()
                    || n.as_f64()
                        .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.2e18);
                if whole {
                    Ok(())
                } else {
                    wrong(format!("number {n}"))
                }
            }
            (GoType::List(_, item), Value::Array(items)) => {
                items.iter().try_for_each(|x| item.check(x, owner, path))
            }
            (GoType::Map(_, item), Value::Object(m)) => {
                m.values().try_for_each(|x| item.check(x, owner, path))
            }
            (GoType::Struct(name, fields), Value::Object(m)) => {
                for (k, x) in m {
                    let field = fields
                        .iter()
                        .find(|(f, _)| f == k)
                        .or_else(|| fields.iter().find(|(f, _)| f.eq_ignore_ascii_case(k)));
                    if let Some((f, t)) = field {
                        t.check(x, name, &format!("{path}.{f}"))?;
                    }
                }
                Ok(())
            }
            _ => wrong(go_json_type(v).to_string()),
        }
    }
}

/// Field `key` of `m`, its name matched case-insensitively (Go's JSON
/// decoder).
fn get<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The first label or annotation map of a built-in transformer or
/// generator configuration holding the key `<<` (possible only quoted in a
/// kustomization file). Kustomize writes these maps into the plugin's
/// configuration text unquoted and reads that back, where `<<` is a merge
/// key: it fails. Returns where the map is.
fn merge_key_map(fields: &Map) -> Option<String> {
    let has = |v: Option<&Value>| {
        v.and_then(Value::as_object)
            .is_some_and(|m| m.contains_key("<<"))
    };
    let options = |v: Option<&Value>, at: &str| {
        let m = v.and_then(Value::as_object)?;
        ["labels", "annotations"]
            .into_iter()
            .find(|k| has(get(m, k)))
            .map(|k| format!("{at}.{k}"))
    };
    for (field, v) in fields {
        let found = match field.as_str() {
            "commonLabels" | "commonAnnotations" if has(Some(v)) => Some(field.clone()),
            "labels" => v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .any(|e| has(get(e, "pairs")))
                .then(|| "labels.pairs".to_string()),
            "generatorOptions" => options(Some(v), field),
            "configMapGenerator" | "secretGenerator" => v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .find_map(|e| options(get(e, "options"), &format!("{field}.options"))),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The JSON type name Go's decoder uses in its errors (`cannot unmarshal
/// bool into ...`): kustomization fields are decoded by their stages, which
/// report type errors with it.
pub(crate) fn go_json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<Kustomization> {
        Kustomization::from_value(v, Path::new("/k/kustomization.yaml"))
    }

    #[test]
    fn defaults_and_checks() {
        let k = parse(json!({"resources": ["a"], "bases": ["b"]})).unwrap();
        assert_eq!(k.api_version.as_deref(), Some(KUSTOMIZATION_API_VERSION));
        assert_eq!(k.resource_paths().collect::<Vec<_>>(), ["a", "b"]);
        let c = parse(json!({"kind": "Component", "resources": ["a"]})).unwrap();
        assert_eq!(c.api_version.as_deref(), Some(COMPONENT_API_VERSION));
        assert!(parse(json!({"kind": "Foo", "resources": []})).is_err());
        assert!(parse(json!({"apiVersion": "v2", "resources": []})).is_err());
        assert!(
            parse(json!({"kind": "Component", "apiVersion": KUSTOMIZATION_API_VERSION, "resources": []}))
                .is_err()
        );
    }

    #[test]
    fn empty_unknown_and_wrong_types() {
        for v in [
            json!(null),
            json!({}),
            json!({"apiVersion": KUSTOMIZATION_API_VERSION, "kind": "Kustomization"}),
            json!({"namePrefix": "", "resources": null}),
        ] {
            let e = parse(v.clone()).unwrap_err().to_string();
            assert!(e.contains("kustomization.yaml is empty"), "{v}: {e}");
        }
        // An empty list is not "empty" for Kustomize.
        assert!(parse(json!({"resources": []})).is_ok());
        let e = parse(json!({"foo": 1, "resources": []}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field \"foo\""), "{e}");
        assert!(parse(json!({"namePrefix": 3})).is_err());
        assert!(parse(json!({"resources": "a.yaml"})).is_err());
        assert!(parse(json!(["resources"])).is_err());
        // The kustomization's own metadata is checked like Kustomize's ObjectMeta.
        assert!(parse(json!({"metadata": {"name": "x", "labels": {"a": "b"}}})).is_ok());
        assert!(parse(json!({"metadata": {"name": "x", "foo": 1}})).is_err());
        assert!(parse(json!({"metadata": {"labels": {"a": 1}}})).is_err());
        assert!(parse(json!({"metadata": "x"})).is_err());
    }

    #[test]
    fn go_type_errors_and_nulls() {
        let e = |v: Value| parse(v).unwrap_err().to_string();
        assert!(
            e(json!({"namespace": false})).ends_with(
                "json: cannot unmarshal bool into Go struct field Kustomization.namespace of type string"
            )
        );
        assert!(e(json!({"resources": ["a", 1]})).ends_with(
            "json: cannot unmarshal number into Go struct field Kustomization.resources of type string"
        ));
        assert!(e(json!({"commonLabels": "a"})).ends_with(
            "json: cannot unmarshal string into Go struct field Kustomization.commonLabels of type map[string]string"
        ));
        assert!(e(json!({"metadata": {"labels": {"a": true}}})).ends_with(
            "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"
        ));
        // Go reads a null inside a string list or map as "".
        let k = parse(json!({"commonLabels": {"a": null}, "crds": [null]})).unwrap();
        assert_eq!(k.common_labels.unwrap()["a"], "");
        assert_eq!(k.crds, [""]);
    }

    #[test]
    fn field_names_match_case_insensitively() {
        let k = parse(json!({"RESOURCES": ["a"], "NamePrefix": "p-"})).unwrap();
        assert_eq!(k.resources, ["a"]);
        assert_eq!(k.name_prefix.as_deref(), Some("p-"));
    }
}
