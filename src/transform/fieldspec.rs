//! Field specs: where each built-in transformer writes in each kind, as data
//! tables (Kustomize's defaults), plus the `configurations:` and `crds:`
//! fields that extend them.
//!
//! A [`FieldSpec`] names a group/version/kind filter and a slash-separated
//! path. The defaults below are the ones Kustomize v5.5.0 compiles in; a
//! kustomization may add more with `configurations:` (files in the same format
//! as [`TransformerConfig::from_value`] reads) or `crds:` (OpenAPI definitions
//! carrying `x-kubernetes-*` annotations). The configuration in force at a
//! level is the merge of its bases' configurations, the defaults and its own
//! files, with Kustomize's merge rules ([`TransformerConfig::merge`]).

use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::kustomization::go_json_type;
use crate::load;
use crate::resource::{Map, Value};
use std::sync::{Arc, OnceLock};

/// A place in a kind where a transformer writes: group/version/kind filter
/// (empty matches any), a slash-separated path, and whether to create it.
///
/// ```
/// use rustomize::transform::fieldspec::FieldSpec;
/// let fs = FieldSpec::new("apps", "", "Deployment", "spec/replicas", true);
/// assert!(fs.selects("apps/v1", "Deployment"));
/// assert!(!fs.selects("extensions/v1beta1", "Deployment"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSpec {
    /// API group filter ("" matches any).
    pub group: String,
    /// Version filter ("" matches any).
    pub version: String,
    /// Kind filter ("" matches any).
    pub kind: String,
    /// Path such as `spec/template/metadata/labels`.
    pub path: String,
    /// Create the field when absent.
    pub create: bool,
}

impl FieldSpec {
    /// A field spec from its parts.
    pub fn new(group: &str, version: &str, kind: &str, path: &str, create: bool) -> Self {
        FieldSpec {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
            path: path.into(),
            create,
        }
    }

    /// The group/version/kind filter.
    pub fn gvk(&self) -> Gvk {
        Gvk {
            group: self.group.clone(),
            version: self.version.clone(),
            kind: self.kind.clone(),
        }
    }

    /// True when the filter selects this group, version and kind
    /// (without copying the filter into a [`Gvk`]).
    pub fn selects_gvk(&self, group: &str, version: &str, kind: &str) -> bool {
        gvk_selects(&self.group, &self.version, &self.kind, group, version, kind)
    }

    /// True when the filter selects an object of this `apiVersion` and `kind`.
    pub fn selects(&self, api_version: &str, kind: &str) -> bool {
        let (g, v) = split_group_version(api_version);
        gvk_selects(&self.group, &self.version, &self.kind, g, v, kind)
    }

    /// Kustomize's `effectivelyEquals`: same path, and `self`'s filter is
    /// selected by `other`'s.
    fn effectively_equals(&self, other: &FieldSpec) -> bool {
        self.path == other.path
            && gvk_selects(
                &other.group,
                &other.version,
                &other.kind,
                &self.group,
                &self.version,
                &self.kind,
            )
    }

    /// Read a field spec from a decoded YAML mapping. With `strict`, unknown
    /// keys are an error (as in kustomization files and `configurations:`);
    /// otherwise they are ignored (as in transformer plugin configs).
    pub fn from_value(v: &Value, strict: bool) -> std::result::Result<FieldSpec, String> {
        let m = as_object(v, "fieldSpec")?;
        if strict {
            check_keys(m, &["group", "version", "kind", "path", "create"])?;
        }
        let s = |k: &str| {
            if strict {
                get_str(m, k)
            } else {
                plugin_str(m, k)
            }
        };
        Ok(FieldSpec {
            group: s("group")?,
            version: s("version")?,
            kind: s("kind")?,
            path: s("path")?,
            create: get_bool(m, "create")?,
        })
    }

    /// Read a list of field specs (`null` or absent is empty).
    pub fn list_from_value(
        v: Option<&Value>,
        strict: bool,
    ) -> std::result::Result<Vec<FieldSpec>, String> {
        match v {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| FieldSpec::from_value(i, strict))
                .collect(),
            Some(other) => Err(format!(
                "cannot unmarshal {} into a list of field specs",
                go_json_type(other)
            )),
        }
    }
}

/// A group/version/kind triple used as a filter ("" matches any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Gvk {
    /// API group.
    pub group: String,
    /// Version.
    pub version: String,
    /// Kind.
    pub kind: String,
}

impl Gvk {
    /// True when this filter selects the given group, version and kind.
    pub fn selects(&self, group: &str, version: &str, kind: &str) -> bool {
        gvk_selects(&self.group, &self.version, &self.kind, group, version, kind)
    }
}

/// Split an `apiVersion` at its first `/` into group and version, as
/// Kustomize's `ParseGroupVersion` does (`v1` has an empty group).
pub fn split_group_version(api_version: &str) -> (&str, &str) {
    match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    }
}

/// Kustomize's `Gvk.IsSelected`: every non-empty selector field must match.
pub(crate) fn gvk_selects(
    sel_group: &str,
    sel_version: &str,
    sel_kind: &str,
    group: &str,
    version: &str,
    kind: &str,
) -> bool {
    (sel_group.is_empty() || sel_group == group)
        && (sel_version.is_empty() || sel_version == version)
        && (sel_kind.is_empty() || sel_kind == kind)
}

/// Field specs sort by kind in Kustomize's legacy resource order (the same
/// kind lists as the output order, `crate::order`).
fn kind_rank(kind: &str) -> i64 {
    use crate::order::{DEFAULT_ORDER_FIRST, DEFAULT_ORDER_LAST};
    if let Some(i) = DEFAULT_ORDER_FIRST.iter().position(|k| *k == kind) {
        return i as i64 - DEFAULT_ORDER_FIRST.len() as i64;
    }
    if let Some(i) = DEFAULT_ORDER_LAST.iter().position(|k| *k == kind) {
        return 1 + i as i64;
    }
    0
}

fn gvk_sort_key(group: &str, version: &str, kind: &str) -> (i64, String) {
    let or = |s: &str, d: &str| {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    };
    (
        kind_rank(kind),
        format!(
            "{}_{}_{}",
            or(group, "~G"),
            or(version, "~V"),
            or(kind, "~K")
        ),
    )
}

/// The field specs of one name-reference target kind: where other kinds
/// refer to resources of that kind by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameBackRef {
    /// The referenced kind (filter).
    pub gvk: Gvk,
    /// Where referrers hold the name.
    pub referrers: Vec<FieldSpec>,
}

/// All field specs in force for one kustomization level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransformerConfig {
    /// `namePrefix` targets.
    pub name_prefix: Vec<FieldSpec>,
    /// `nameSuffix` targets.
    pub name_suffix: Vec<FieldSpec>,
    /// `namespace` targets.
    pub namespace: Vec<FieldSpec>,
    /// `commonLabels` targets.
    pub common_labels: Vec<FieldSpec>,
    /// Extra targets of every `labels` entry.
    pub labels: Vec<FieldSpec>,
    /// Targets of `labels` entries with `includeTemplates`.
    pub template_labels: Vec<FieldSpec>,
    /// `commonAnnotations` targets.
    pub common_annotations: Vec<FieldSpec>,
    /// Name references, per referenced kind.
    pub name_reference: Vec<NameBackRef>,
    /// `vars` targets.
    pub var_reference: Vec<FieldSpec>,
    /// `images` targets.
    pub images: Vec<FieldSpec>,
    /// `replicas` targets.
    pub replicas: Vec<FieldSpec>,
}

/// Merge `incoming` into `s` one by one (Kustomize's `FsSlice.MergeAll`): a
/// spec effectively equal to one already present is dropped, or is an error
/// if the two disagree on `create`.
pub(crate) fn merge_specs(s: &mut Vec<FieldSpec>, incoming: &[FieldSpec]) -> Result<(), String> {
    for x in incoming {
        merge_one(s, x.clone())?;
    }
    Ok(())
}

fn merge_one(s: &mut Vec<FieldSpec>, x: FieldSpec) -> Result<(), String> {
    match s.iter().find(|e| e.effectively_equals(&x)) {
        Some(e) if e.create != x.create => Err("conflicting fieldspecs".to_string()),
        Some(_) => Ok(()),
        None => {
            s.push(x);
            Ok(())
        }
    }
}

fn sort_specs(s: &mut [FieldSpec]) {
    s.sort_by_cached_key(|f| gvk_sort_key(&f.group, &f.version, &f.kind));
}

impl TransformerConfig {
    /// Kustomize's built-in field specs.
    ///
    /// ```
    /// use rustomize::transform::fieldspec::TransformerConfig;
    /// let d = TransformerConfig::defaults();
    /// assert!(d.common_labels.iter().any(|f| f.path == "metadata/labels" && f.create));
    /// assert!(d.name_reference.iter().any(|n| n.gvk.kind == "ConfigMap"));
    /// ```
    pub fn defaults() -> &'static TransformerConfig {
        static DEFAULTS: OnceLock<TransformerConfig> = OnceLock::new();
        DEFAULTS.get_or_init(build_defaults)
    }

    /// The defaults as [`TransformerConfig::merge`] leaves them (sorted by
    /// kind): what a kustomization without `configurations` contributes.
    pub fn merged_defaults() -> &'static TransformerConfig {
        merged_defaults_shared()
    }

    /// Merge `other` into `self` in place, skipping the work (and the
    /// clone) when `other` equals `self`: merging a merge result into
    /// itself adds nothing and cannot conflict.
    pub fn merge_in(&mut self, other: &TransformerConfig) -> std::result::Result<(), String> {
        if self == other {
            return Ok(());
        }
        *self = self.merge(other)?;
        Ok(())
    }

    /// True when no field spec is configured.
    pub fn is_empty(&self) -> bool {
        self.name_prefix.is_empty()
            && self.name_suffix.is_empty()
            && self.namespace.is_empty()
            && self.common_labels.is_empty()
            && self.labels.is_empty()
            && self.template_labels.is_empty()
            && self.common_annotations.is_empty()
            && self.name_reference.is_empty()
            && self.var_reference.is_empty()
            && self.images.is_empty()
            && self.replicas.is_empty()
    }

    /// Kustomize's `TransformerConfig.Merge`: each list of `self` followed by
    /// the specs of `other` not already (effectively) present, then sorted by
    /// kind. Conflicting `create` flags are an error.
    pub fn merge(&self, other: &TransformerConfig) -> std::result::Result<Self, String> {
        let mut m = self.clone();
        let pairs: [(&mut Vec<FieldSpec>, &Vec<FieldSpec>, &str); 10] = [
            (&mut m.name_prefix, &other.name_prefix, "NamePrefix"),
            (&mut m.name_suffix, &other.name_suffix, "NameSuffix"),
            (&mut m.namespace, &other.namespace, "NameSpace"),
            (
                &mut m.common_annotations,
                &other.common_annotations,
                "CommonAnnotations",
            ),
            (&mut m.common_labels, &other.common_labels, "CommonLabels"),
            (&mut m.labels, &other.labels, "Labels"),
            (
                &mut m.template_labels,
                &other.template_labels,
                "TemplateLabels",
            ),
            (&mut m.var_reference, &other.var_reference, "VarReference"),
            (&mut m.images, &other.images, "Images"),
            (&mut m.replicas, &other.replicas, "Replicas"),
        ];
        for (mine, theirs, what) in pairs {
            merge_specs(mine, theirs)
                .map_err(|e| format!("failed to merge {what} fieldSpec: {e}"))?;
            sort_specs(mine);
        }
        for nbr in &other.name_reference {
            match m.name_reference.iter_mut().find(|c| c.gvk == nbr.gvk) {
                Some(c) => merge_specs(&mut c.referrers, &nbr.referrers)
                    .map_err(|e| format!("failed to merge NameReference fieldSpec: {e}"))?,
                None => m.name_reference.push(nbr.clone()),
            }
        }
        m.name_reference
            .sort_by_cached_key(|n| gvk_sort_key(&n.gvk.group, &n.gvk.version, &n.gvk.kind));
        Ok(m)
    }

    /// Read a `configurations:` file (already decoded from YAML). Unknown keys
    /// are errors, as in Kustomize's strict decoding.
    ///
    /// ```
    /// use rustomize::transform::fieldspec::TransformerConfig;
    /// let v = serde_json::json!({"commonLabels": [{"kind": "MyKind", "path": "spec/selector", "create": true}]});
    /// let c = TransformerConfig::from_value(&v).unwrap();
    /// assert_eq!(c.common_labels[0].path, "spec/selector");
    /// ```
    pub fn from_value(v: &Value) -> std::result::Result<TransformerConfig, String> {
        let m = match v {
            Value::Null => return Ok(TransformerConfig::default()),
            Value::Object(m) => m,
            other => {
                return Err(format!(
                    "cannot unmarshal {} into a transformer configuration",
                    go_json_type(other)
                ));
            }
        };
        check_keys(
            m,
            &[
                "namePrefix",
                "nameSuffix",
                "namespace",
                "commonLabels",
                "labels",
                "templateLabels",
                "commonAnnotations",
                "nameReference",
                "varReference",
                "images",
                "replicas",
            ],
        )?;
        let list = |k: &str| FieldSpec::list_from_value(m.get(k), true);
        let mut c = TransformerConfig {
            name_prefix: list("namePrefix")?,
            name_suffix: list("nameSuffix")?,
            namespace: list("namespace")?,
            common_labels: list("commonLabels")?,
            labels: list("labels")?,
            template_labels: list("templateLabels")?,
            common_annotations: list("commonAnnotations")?,
            name_reference: Vec::new(),
            var_reference: list("varReference")?,
            images: list("images")?,
            replicas: list("replicas")?,
        };
        match m.get("nameReference") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let im = as_object(item, "nameReference")?;
                    check_keys(im, &["group", "version", "kind", "fieldSpecs"])?;
                    c.name_reference.push(NameBackRef {
                        gvk: Gvk {
                            group: get_str(im, "group")?,
                            version: get_str(im, "version")?,
                            kind: get_str(im, "kind")?,
                        },
                        referrers: FieldSpec::list_from_value(im.get("fieldSpecs"), true)?,
                    });
                }
            }
            Some(other) => {
                return Err(format!(
                    "cannot unmarshal {} into nameReference",
                    go_json_type(other)
                ));
            }
        }
        c.sort_all();
        Ok(c)
    }

    fn sort_all(&mut self) {
        for s in [
            &mut self.name_prefix,
            &mut self.name_suffix,
            &mut self.namespace,
            &mut self.common_labels,
            &mut self.labels,
            &mut self.template_labels,
            &mut self.common_annotations,
            &mut self.var_reference,
            &mut self.images,
            &mut self.replicas,
        ] {
            sort_specs(s);
        }
        self.name_reference
            .sort_by_cached_key(|n| gvk_sort_key(&n.gvk.group, &n.gvk.version, &n.gvk.kind));
    }

    /// Field specs from OpenAPI definitions (`crds:`): a mapping from type
    /// name to `{Schema: {properties: ...}}`. Properties annotated with
    /// `x-kubernetes-annotation`, `x-kubernetes-label-selector`,
    /// `x-kubernetes-identity` or `x-kubernetes-object-ref-api-version` +
    /// `x-kubernetes-object-ref-kind` become annotation, label, name-prefix
    /// and name-reference field specs of the type's kind (the last dotted
    /// part of its name). `$ref`s to other definitions are followed.
    pub fn from_crd_definitions(v: &Value) -> std::result::Result<TransformerConfig, String> {
        let defs = match v {
            Value::Object(m) => m,
            Value::Null => return Ok(TransformerConfig::default()),
            other => {
                return Err(format!(
                    "cannot unmarshal {} into OpenAPI definitions",
                    go_json_type(other)
                ));
            }
        };
        // Go decodes the file into map[string]OpenAPIDefinition (a struct):
        // a value that is not a mapping, such as a CRD manifest's
        // `apiVersion`, fails the whole file. The error is the first in key
        // order, the order of the JSON the YAML was turned into.
        let mut names: Vec<&String> = defs.keys().collect();
        names.sort_unstable();
        if let Some(bad) = names
            .into_iter()
            .filter_map(|k| defs.get(k.as_str()))
            .find(|v| !v.is_object() && !v.is_null())
        {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type accumulator.OpenAPIDefinition",
                go_json_type(bad)
            ));
        }
        let mut result = TransformerConfig::default();
        for (name, def) in defs {
            let props = def_properties(def);
            let Some(props) = props else { continue };
            if !["kind", "apiVersion", "metadata"]
                .iter()
                .all(|k| props.contains_key(*k))
            {
                continue;
            }
            let kind = name.rsplit('.').next().unwrap_or(name).to_string();
            let mut tc = TransformerConfig::default();
            let mut path = Vec::new();
            load_crd_properties(&mut tc, &kind, defs, name, &mut path, 0)?;
            result = result.merge(&tc)?;
        }
        Ok(result)
    }
}

/// `Schema.properties` of one definition (JSON keys are matched without
/// regard to case, as Go's decoder does).
fn def_properties(def: &Value) -> Option<&Map> {
    let m = def.as_object()?;
    let schema = m
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("schema"))
        .map(|(_, v)| v)?;
    schema.get("properties")?.as_object()
}

fn ext_str<'a>(prop: &'a Map, key: &str) -> Option<&'a str> {
    prop.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_str())
}

fn load_crd_properties(
    tc: &mut TransformerConfig,
    kind: &str,
    defs: &Map,
    type_name: &str,
    path: &mut Vec<String>,
    depth: usize,
) -> std::result::Result<(), String> {
    // A `$ref` cycle would recurse forever; Kustomize overflows its stack.
    if depth > 64 {
        return Err(format!("definition '{type_name}' nests too deeply"));
    }
    let Some(props) = defs.get(type_name).and_then(def_properties) else {
        return Ok(());
    };
    for (prop_name, prop) in props {
        let Some(prop) = prop.as_object() else {
            continue;
        };
        path.push(prop_name.clone());
        let spec = |extra: Option<&str>| {
            let mut p = path.join("/");
            if let Some(e) = extra {
                p.push('/');
                p.push_str(e);
            }
            FieldSpec::new("", "", kind, &p, false)
        };
        if ext_str(prop, "x-kubernetes-annotation").is_some() {
            merge_one(&mut tc.common_annotations, spec(None))?;
        }
        if ext_str(prop, "x-kubernetes-label-selector").is_some() {
            merge_one(&mut tc.common_labels, spec(None))?;
        }
        if ext_str(prop, "x-kubernetes-identity").is_some() {
            merge_one(&mut tc.name_prefix, spec(None))?;
        }
        if let (Some(version), Some(ref_kind)) = (
            ext_str(prop, "x-kubernetes-object-ref-api-version"),
            ext_str(prop, "x-kubernetes-object-ref-kind"),
        ) {
            let name_key = ext_str(prop, "x-kubernetes-object-ref-name-key").unwrap_or("name");
            let nbr = NameBackRef {
                gvk: Gvk {
                    group: String::new(),
                    version: version.to_string(),
                    kind: ref_kind.to_string(),
                },
                referrers: vec![spec(Some(name_key))],
            };
            match tc.name_reference.iter_mut().find(|c| c.gvk == nbr.gvk) {
                Some(c) => merge_specs(&mut c.referrers, &nbr.referrers)?,
                None => tc.name_reference.push(nbr),
            }
        }
        if let Some(r) = prop.get("$ref").and_then(Value::as_str) {
            if !r.is_empty() {
                load_crd_properties(tc, kind, defs, r, path, depth + 1)?;
            }
        }
        path.pop();
    }
    Ok(())
}

/// The merged defaults, shared: every kustomization without
/// `configurations` points at this one copy.
fn merged_defaults_shared() -> &'static Arc<TransformerConfig> {
    static MERGED: OnceLock<Arc<TransformerConfig>> = OnceLock::new();
    MERGED.get_or_init(|| {
        Arc::new(
            TransformerConfig::default()
                .merge(TransformerConfig::defaults())
                .unwrap_or_else(|_| TransformerConfig::defaults().clone()),
        )
    })
}

/// Merge the level's `configurations:` and `crds:` into `acc.config`
/// (Kustomize merges the defaults plus the configuration files, then the
/// CRD-derived specs, into whatever the bases contributed).
pub(crate) fn merge_configurations(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
) -> Result<()> {
    let mut own = std::borrow::Cow::Borrowed(TransformerConfig::merged_defaults());
    if !level.k.configurations.is_empty() {
        let mut files = TransformerConfig::default();
        for rel in &level.k.configurations {
            let v = read_single_yaml(ctx, level, rel)?;
            let path = level.dir.join(rel);
            let c = TransformerConfig::from_value(&v).map_err(|e| Error::invalid(&path, e))?;
            files = files.merge(&c).map_err(|e| Error::invalid(&path, e))?;
        }
        // Kustomize merges the files into the defaults as declared (not
        // sorted): which default a file's spec meets first decides conflicts.
        own = std::borrow::Cow::Owned(
            TransformerConfig::defaults()
                .merge(&files)
                .map_err(|e| Error::invalid(&level.file, e))?,
        );
    }
    if acc.config.is_empty() && matches!(own, std::borrow::Cow::Borrowed(_)) {
        // Merging the (sorted) defaults into nothing gives them back
        // unchanged: share them instead of copying.
        acc.config = Arc::clone(merged_defaults_shared());
    } else if !(matches!(own, std::borrow::Cow::Borrowed(_))
        && Arc::ptr_eq(&acc.config, merged_defaults_shared()))
    {
        Arc::make_mut(&mut acc.config)
            .merge_in(&own)
            .map_err(|e| Error::invalid(&level.file, format!("merging config: {e}")))?;
    }
    if !level.k.crds.is_empty() {
        let mut crd_tc = TransformerConfig::default();
        for rel in &level.k.crds {
            let v = read_single_yaml(ctx, level, rel)?;
            let path = level.dir.join(rel);
            let c = TransformerConfig::from_crd_definitions(&v).map_err(|e| {
                Error::invalid(
                    &path,
                    format!("unable to parse open API definition from '{rel}': {e}"),
                )
            })?;
            crd_tc = crd_tc.merge(&c).map_err(|e| Error::invalid(&path, e))?;
        }
        acc.config = Arc::new(
            acc.config
                .merge(&crd_tc)
                .map_err(|e| Error::invalid(&level.file, format!("merging CRDs: {e}")))?,
        );
    }
    Ok(())
}

/// Merge a base's accumulated configuration into its parent's (Kustomize's
/// `MergeAccumulator`). The loader calls this for every base it accumulates.
pub(crate) fn merge_into(
    parent: &mut Arc<TransformerConfig>,
    child: Arc<TransformerConfig>,
    file: &std::path::Path,
) -> Result<()> {
    if Arc::ptr_eq(parent, &child) {
        return Ok(());
    }
    if parent.is_empty() && *child == *TransformerConfig::merged_defaults() {
        // Merging the (sorted) defaults into nothing gives them back unchanged.
        *parent = child;
        return Ok(());
    }
    Arc::make_mut(parent)
        .merge_in(&child)
        .map_err(|e| Error::invalid(file, format!("merging config: {e}")))
}

/// Read a file named by a kustomization field and decode it as one YAML (or
/// JSON) document.
fn read_single_yaml(ctx: &Ctx, level: &Level, rel: &str) -> Result<Value> {
    let (path, bytes) = load::read_file(ctx, level, rel)?;
    let text = String::from_utf8_lossy(&bytes);
    let docs = crate::yaml::parse_documents(&text, &path, &load::parse_options(ctx))?;
    // Kustomize decodes only the first document.
    Ok(docs.into_iter().next().unwrap_or(Value::Null))
}

// ---- small decoding helpers (Go encoding/json semantics) -------------------

fn as_object<'a>(v: &'a Value, what: &str) -> std::result::Result<&'a Map, String> {
    static EMPTY: OnceLock<Map> = OnceLock::new();
    match v {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(EMPTY.get_or_init(Map::new)),
        other => Err(format!(
            "cannot unmarshal {} into Go value of type {what}",
            go_json_type(other)
        )),
    }
}

/// Name the Go struct and JSON path in a field type error of the helpers
/// below (`Go struct field .pairs` → `Go struct field Label.labels.pairs`),
/// as Go's decoder names them for a kustomization field.
pub(crate) fn in_struct(e: String, at: &str) -> String {
    e.replacen("Go struct field .", &format!("Go struct field {at}."), 1)
}

/// Error on a key not in `allowed` (Go's `DisallowUnknownFields`).
pub(crate) fn check_keys(m: &Map, allowed: &[&str]) -> std::result::Result<(), String> {
    for k in m.keys() {
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(k)) {
            return Err(format!("json: unknown field \"{k}\""));
        }
    }
    Ok(())
}

fn lookup<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A string field; absent or null is "".
pub(crate) fn get_str(m: &Map, key: &str) -> std::result::Result<String, String> {
    match lookup(m, key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!(
            "json: cannot unmarshal {} into Go struct field .{key} of type string",
            go_json_type(other)
        )),
    }
}

/// A string field of a transformer plugin config: Kustomize decodes those
/// with type-directed YAML, so numbers and booleans become their text.
pub(crate) fn plugin_str(m: &Map, key: &str) -> std::result::Result<String, String> {
    match lookup(m, key) {
        Some(Value::Number(n)) => Ok(number_text(n)),
        Some(Value::Bool(b)) => Ok(b.to_string()),
        _ => get_str(m, key),
    }
}

/// A number as Kustomize's JSON round trip prints it: a float with no
/// fraction loses its `.0` (`1.0` → `1`).
fn number_text(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}

/// A `map[string]string` field of a transformer plugin config (scalars
/// coerced to text, as [`plugin_str`]).
pub(crate) fn plugin_string_map(
    m: &Map,
    key: &str,
) -> std::result::Result<Vec<(String, String)>, String> {
    match lookup(m, key) {
        Some(Value::Object(o)) => o
            .iter()
            .map(|(k, v)| match v {
                Value::Number(n) => Ok((k.clone(), number_text(n))),
                Value::Bool(b) => Ok((k.clone(), b.to_string())),
                Value::String(s) => Ok((k.clone(), s.clone())),
                Value::Null => Ok((k.clone(), String::new())),
                other => Err(format!(
                    "json: cannot unmarshal {} into Go struct field .{key} of type string",
                    go_json_type(other)
                )),
            })
            .collect(),
        _ => get_string_map(m, key),
    }
}

/// A bool field; absent or null is false.
pub(crate) fn get_bool(m: &Map, key: &str) -> std::result::Result<bool, String> {
    match lookup(m, key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!(
            "json: cannot unmarshal {} into Go struct field .{key} of type bool",
            go_json_type(other)
        )),
    }
}

/// A `map[string]string` field; absent or null is empty.
pub(crate) fn get_string_map(
    m: &Map,
    key: &str,
) -> std::result::Result<Vec<(String, String)>, String> {
    match lookup(m, key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(o)) => o
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                Value::Null => Ok((k.clone(), String::new())),
                other => Err(format!(
                    "json: cannot unmarshal {} into Go struct field .{key} of type string",
                    go_json_type(other)
                )),
            })
            .collect(),
        Some(other) => Err(format!(
            "json: cannot unmarshal {} into Go struct field .{key} of type map[string]string",
            go_json_type(other)
        )),
    }
}

// ---- the default tables ------------------------------------------------------

/// One row of a default table: group, version, kind, path, create.
type Row = (&'static str, &'static str, &'static str, &'static str, bool);

/// `namePrefix` and `nameSuffix`: the name of every kind.
const NAME: &[Row] = &[("", "", "", "metadata/name", false)];

/// `namespace`, besides `metadata/namespace` of namespaced kinds.
const NAMESPACE: &[Row] = &[
    ("", "", "Namespace", "metadata/name", true),
    (
        "apiregistration.k8s.io",
        "",
        "APIService",
        "spec/service/namespace",
        true,
    ),
    (
        "apiextensions.k8s.io",
        "",
        "CustomResourceDefinition",
        "spec/conversion/webhook/clientConfig/service/namespace",
        false,
    ),
];

/// Labels of the object and of the templates it stamps out (all created).
const METADATA_LABELS: &[Row] = &[
    ("", "", "", "metadata/labels", true),
    (
        "",
        "v1",
        "ReplicationController",
        "spec/template/metadata/labels",
        true,
    ),
    ("", "", "Deployment", "spec/template/metadata/labels", true),
    ("", "", "ReplicaSet", "spec/template/metadata/labels", true),
    ("", "", "DaemonSet", "spec/template/metadata/labels", true),
    (
        "apps",
        "",
        "StatefulSet",
        "spec/template/metadata/labels",
        true,
    ),
    (
        "apps",
        "",
        "StatefulSet",
        "spec/volumeClaimTemplates[]/metadata/labels",
        true,
    ),
    ("batch", "", "Job", "spec/template/metadata/labels", true),
    (
        "batch",
        "",
        "CronJob",
        "spec/jobTemplate/metadata/labels",
        true,
    ),
    (
        "batch",
        "",
        "CronJob",
        "spec/jobTemplate/spec/template/metadata/labels",
        true,
    ),
];

/// `commonAnnotations`: the object and its templates (all created).
const ANNOTATIONS: &[Row] = &[
    ("", "", "", "metadata/annotations", true),
    (
        "",
        "v1",
        "ReplicationController",
        "spec/template/metadata/annotations",
        true,
    ),
    (
        "",
        "",
        "Deployment",
        "spec/template/metadata/annotations",
        true,
    ),
    (
        "",
        "",
        "ReplicaSet",
        "spec/template/metadata/annotations",
        true,
    ),
    (
        "",
        "",
        "DaemonSet",
        "spec/template/metadata/annotations",
        true,
    ),
    (
        "",
        "",
        "StatefulSet",
        "spec/template/metadata/annotations",
        true,
    ),
    (
        "batch",
        "",
        "Job",
        "spec/template/metadata/annotations",
        true,
    ),
    (
        "batch",
        "",
        "CronJob",
        "spec/jobTemplate/metadata/annotations",
        true,
    ),
    (
        "batch",
        "",
        "CronJob",
        "spec/jobTemplate/spec/template/metadata/annotations",
        true,
    ),
];

/// `commonLabels` selectors (before the metadata/template label paths).
const LABEL_SELECTORS: &[Row] = &[
    ("", "v1", "Service", "spec/selector", true),
    ("", "v1", "ReplicationController", "spec/selector", true),
    ("", "", "Deployment", "spec/selector/matchLabels", true),
    ("", "", "ReplicaSet", "spec/selector/matchLabels", true),
    ("", "", "DaemonSet", "spec/selector/matchLabels", true),
    ("apps", "", "StatefulSet", "spec/selector/matchLabels", true),
    ("batch", "", "Job", "spec/selector/matchLabels", false),
    (
        "batch",
        "",
        "CronJob",
        "spec/jobTemplate/spec/selector/matchLabels",
        false,
    ),
    (
        "policy",
        "",
        "PodDisruptionBudget",
        "spec/selector/matchLabels",
        false,
    ),
    (
        "networking.k8s.io",
        "",
        "NetworkPolicy",
        "spec/podSelector/matchLabels",
        false,
    ),
    (
        "networking.k8s.io",
        "",
        "NetworkPolicy",
        "spec/ingress/from/podSelector/matchLabels",
        false,
    ),
    (
        "networking.k8s.io",
        "",
        "NetworkPolicy",
        "spec/egress/to/podSelector/matchLabels",
        false,
    ),
];

/// Label selectors inside pod templates of apps/Deployment and
/// apps/StatefulSet (never created).
const AFFINITY_SELECTORS: &[&str] = &[
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

/// `images`: container images of pods and pod templates.
const IMAGES: &[Row] = &[
    ("", "", "", "spec/containers[]/image", true),
    ("", "", "", "spec/initContainers[]/image", true),
    ("", "", "", "spec/template/spec/containers[]/image", true),
    (
        "",
        "",
        "",
        "spec/template/spec/initContainers[]/image",
        true,
    ),
];

/// `replicas`.
const REPLICAS: &[Row] = &[
    ("", "", "Deployment", "spec/replicas", true),
    ("", "", "ReplicationController", "spec/replicas", true),
    ("", "", "ReplicaSet", "spec/replicas", true),
    ("", "", "StatefulSet", "spec/replicas", true),
];

/// Where the pod spec lives in each kind that has one:
/// (group, version, kind, pod spec path).
const POD_SPECS: &[Row] = &[
    ("", "v1", "Pod", "spec", false),
    ("", "", "PodTemplate", "template/spec", false),
    ("", "", "Deployment", "spec/template/spec", false),
    ("", "", "ReplicaSet", "spec/template/spec", false),
    ("", "", "DaemonSet", "spec/template/spec", false),
    ("", "", "StatefulSet", "spec/template/spec", false),
    ("", "", "Job", "spec/template/spec", false),
    (
        "",
        "",
        "CronJob",
        "spec/jobTemplate/spec/template/spec",
        false,
    ),
];

/// Pod spec paths holding ConfigMap names.
const POD_CONFIGMAP_REFS: &[&str] = &[
    "volumes/configMap/name",
    "containers/env/valueFrom/configMapKeyRef/name",
    "initContainers/env/valueFrom/configMapKeyRef/name",
    "containers/envFrom/configMapRef/name",
    "initContainers/envFrom/configMapRef/name",
    "volumes/projected/sources/configMap/name",
];

/// Pod spec paths holding Secret names.
const POD_SECRET_REFS: &[&str] = &[
    "volumes/secret/secretName",
    "containers/env/valueFrom/secretKeyRef/name",
    "initContainers/env/valueFrom/secretKeyRef/name",
    "containers/envFrom/secretRef/name",
    "initContainers/envFrom/secretRef/name",
    "imagePullSecrets/name",
    "volumes/projected/sources/secret/name",
];

/// Kinds whose pod spec may name a ServiceAccount, PVC or PriorityClass:
/// (kind, pod spec path). Pod has no version filter here.
const POD_SPEC_OWNERS: &[(&str, &str)] = &[
    ("Pod", "spec"),
    ("StatefulSet", "spec/template/spec"),
    ("Deployment", "spec/template/spec"),
    ("ReplicationController", "spec/template/spec"),
    ("CronJob", "spec/jobTemplate/spec/template/spec"),
    ("Job", "spec/template/spec"),
    ("DaemonSet", "spec/template/spec"),
];

const CONFIGMAP_OTHER_REFS: &[Row] = &[
    ("", "", "Node", "spec/configSource/configMap", false),
    ("", "", "Role", "rules/resourceNames", false),
    ("", "", "ClusterRole", "rules/resourceNames", false),
    (
        "",
        "",
        "Ingress",
        "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
        false,
    ),
];

const SECRET_OTHER_REFS: &[Row] = &[
    ("", "", "Ingress", "spec/tls/secretName", false),
    (
        "",
        "",
        "Ingress",
        "metadata/annotations/ingress.kubernetes.io\\/auth-secret",
        false,
    ),
    (
        "",
        "",
        "Ingress",
        "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret",
        false,
    ),
    (
        "",
        "",
        "Ingress",
        "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret",
        false,
    ),
    ("", "", "ServiceAccount", "imagePullSecrets/name", false),
    ("", "", "StorageClass", "parameters/secretName", false),
    ("", "", "StorageClass", "parameters/adminSecretName", false),
    ("", "", "StorageClass", "parameters/userSecretName", false),
    ("", "", "StorageClass", "parameters/secretRef", false),
    ("", "", "Role", "rules/resourceNames", false),
    ("", "", "ClusterRole", "rules/resourceNames", false),
    (
        "serving.knative.dev",
        "v1",
        "Service",
        "spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
        false,
    ),
    (
        "",
        "",
        "PersistentVolume",
        "spec/azureFile/secretName",
        false,
    ),
];

/// Name references other than ConfigMap/Secret/ServiceAccount/PVC/
/// PriorityClass: (target group, version, kind) → referrer rows.
type NbrTable = &'static [((&'static str, &'static str, &'static str), &'static [Row])];

const SCALE_TARGET: &[Row] = &[(
    "",
    "",
    "HorizontalPodAutoscaler",
    "spec/scaleTargetRef/name",
    false,
)];

const OTHER_NAME_REFS: NbrTable = &[
    (("", "", "Deployment"), SCALE_TARGET),
    (("", "", "ReplicationController"), SCALE_TARGET),
    (("", "", "ReplicaSet"), SCALE_TARGET),
    (("", "", "StatefulSet"), SCALE_TARGET),
    (
        ("", "v1", "Service"),
        &[
            ("apps", "", "StatefulSet", "spec/serviceName", false),
            (
                "",
                "",
                "Ingress",
                "spec/rules/http/paths/backend/serviceName",
                false,
            ),
            ("", "", "Ingress", "spec/backend/serviceName", false),
            (
                "",
                "",
                "Ingress",
                "spec/rules/http/paths/backend/service/name",
                false,
            ),
            ("", "", "Ingress", "spec/defaultBackend/service/name", false),
            (
                "apiregistration.k8s.io",
                "",
                "APIService",
                "spec/service/name",
                false,
            ),
            (
                "admissionregistration.k8s.io",
                "",
                "ValidatingWebhookConfiguration",
                "webhooks/clientConfig/service",
                false,
            ),
            (
                "admissionregistration.k8s.io",
                "",
                "MutatingWebhookConfiguration",
                "webhooks/clientConfig/service",
                false,
            ),
        ],
    ),
    (
        ("rbac.authorization.k8s.io", "", "Role"),
        &[(
            "rbac.authorization.k8s.io",
            "",
            "RoleBinding",
            "roleRef/name",
            false,
        )],
    ),
    (
        ("rbac.authorization.k8s.io", "", "ClusterRole"),
        &[
            (
                "rbac.authorization.k8s.io",
                "",
                "RoleBinding",
                "roleRef/name",
                false,
            ),
            (
                "rbac.authorization.k8s.io",
                "",
                "ClusterRoleBinding",
                "roleRef/name",
                false,
            ),
        ],
    ),
    (
        ("", "v1", "PersistentVolume"),
        &[
            ("", "", "PersistentVolumeClaim", "spec/volumeName", false),
            ("", "", "ClusterRole", "rules/resourceNames", false),
        ],
    ),
    (
        ("storage.k8s.io", "v1", "StorageClass"),
        &[
            ("", "", "PersistentVolume", "spec/storageClassName", false),
            (
                "",
                "",
                "PersistentVolumeClaim",
                "spec/storageClassName",
                false,
            ),
            (
                "",
                "",
                "StatefulSet",
                "spec/volumeClaimTemplates/spec/storageClassName",
                false,
            ),
        ],
    ),
    // Kustomize spells this group with its version, so it never matches.
    (
        ("networking.k8s.io/v1", "v1", "IngressClass"),
        &[("", "", "Ingress", "spec/ingressClassName", false)],
    ),
    (
        (
            "admissionregistration.k8s.io",
            "",
            "ValidatingAdmissionPolicy",
        ),
        &[(
            "admissionregistration.k8s.io",
            "",
            "ValidatingAdmissionPolicyBinding",
            "spec/policyName",
            false,
        )],
    ),
];

/// Container fields where `$(VAR)` may appear, relative to a pod spec.
const POD_VAR_REFS: &[&str] = &[
    "containers/args",
    "containers/command",
    "containers/env/value",
    "containers/volumeMounts/mountPath",
    "initContainers/args",
    "initContainers/command",
    "initContainers/env/value",
    "initContainers/volumeMounts/mountPath",
];

/// `varReference` rows other than the pod spec container fields.
const OTHER_VAR_REFS: &[Row] = &[
    (
        "",
        "",
        "CronJob",
        "spec/jobTemplate/spec/template/volumes/nfs/server",
        false,
    ),
    (
        "",
        "",
        "DaemonSet",
        "spec/template/spec/volumes/nfs/server",
        false,
    ),
    (
        "",
        "",
        "Deployment",
        "spec/template/spec/volumes/nfs/server",
        false,
    ),
    (
        "",
        "",
        "Deployment",
        "spec/template/metadata/annotations",
        false,
    ),
    ("", "", "Ingress", "spec/rules/host", false),
    ("", "", "Ingress", "spec/tls/hosts", false),
    ("", "", "Ingress", "spec/tls/secretName", false),
    (
        "",
        "",
        "Job",
        "spec/template/spec/volumes/nfs/server",
        false,
    ),
    ("", "", "Pod", "spec/volumes/nfs/server", false),
    (
        "",
        "",
        "ReplicaSet",
        "spec/template/spec/volumes/nfs/server",
        false,
    ),
    ("", "", "Service", "spec/ports/port", false),
    ("", "", "Service", "spec/ports/targetPort", false),
    (
        "",
        "",
        "StatefulSet",
        "spec/volumeClaimTemplates/spec/nfs/server",
        false,
    ),
    ("", "", "PersistentVolume", "spec/nfs/server", false),
    ("", "", "", "metadata/labels", false),
    ("", "", "", "metadata/annotations", false),
];

fn rows(r: &[Row]) -> Vec<FieldSpec> {
    r.iter()
        .map(|(g, v, k, p, c)| FieldSpec::new(g, v, k, p, *c))
        .collect()
}

fn pod_refs(specs: &[Row], paths: &[&str], version_for_pod: bool, out: &mut Vec<FieldSpec>) {
    for (g, v, k, base, _) in specs {
        let v = if version_for_pod { *v } else { "" };
        for p in paths {
            out.push(FieldSpec::new(g, v, k, &format!("{base}/{p}"), false));
        }
    }
}

fn owner_refs(leaf: &str) -> Vec<FieldSpec> {
    POD_SPEC_OWNERS
        .iter()
        .map(|(k, base)| FieldSpec::new("", "", k, &format!("{base}/{leaf}"), false))
        .collect()
}

fn build_defaults() -> TransformerConfig {
    let mut common_labels = Vec::new();
    for (g, v, k, p, c) in LABEL_SELECTORS.iter().take(3) {
        common_labels.push(FieldSpec::new(g, v, k, p, *c));
    }
    for p in AFFINITY_SELECTORS {
        common_labels.push(FieldSpec::new("apps", "", "Deployment", p, false));
    }
    for (g, v, k, p, c) in LABEL_SELECTORS.iter().skip(3).take(3) {
        common_labels.push(FieldSpec::new(g, v, k, p, *c));
    }
    for p in AFFINITY_SELECTORS {
        common_labels.push(FieldSpec::new("apps", "", "StatefulSet", p, false));
    }
    common_labels.extend(rows(&LABEL_SELECTORS[6..]));
    common_labels.extend(rows(METADATA_LABELS));

    let common_annotations = rows(ANNOTATIONS);

    let mut name_reference = Vec::new();
    for ((g, v, k), r) in OTHER_NAME_REFS.iter().take(4) {
        name_reference.push(NameBackRef {
            gvk: Gvk {
                group: g.to_string(),
                version: v.to_string(),
                kind: k.to_string(),
            },
            referrers: rows(r),
        });
    }
    let mut cm = Vec::new();
    pod_refs(POD_SPECS, POD_CONFIGMAP_REFS, true, &mut cm);
    cm.extend(rows(CONFIGMAP_OTHER_REFS));
    name_reference.push(NameBackRef {
        gvk: Gvk {
            group: String::new(),
            version: "v1".into(),
            kind: "ConfigMap".into(),
        },
        referrers: cm,
    });
    let mut secret = Vec::new();
    pod_refs(POD_SPECS, POD_SECRET_REFS, true, &mut secret);
    secret.extend(rows(SECRET_OTHER_REFS));
    name_reference.push(NameBackRef {
        gvk: Gvk {
            group: String::new(),
            version: "v1".into(),
            kind: "Secret".into(),
        },
        referrers: secret,
    });
    for ((g, v, k), r) in OTHER_NAME_REFS.iter().skip(4).take(3) {
        name_reference.push(NameBackRef {
            gvk: Gvk {
                group: g.to_string(),
                version: v.to_string(),
                kind: k.to_string(),
            },
            referrers: rows(r),
        });
    }
    let mut sa = vec![
        FieldSpec::new(
            "rbac.authorization.k8s.io",
            "",
            "RoleBinding",
            "subjects",
            false,
        ),
        FieldSpec::new(
            "rbac.authorization.k8s.io",
            "",
            "ClusterRoleBinding",
            "subjects",
            false,
        ),
    ];
    sa.extend(owner_refs("serviceAccountName"));
    name_reference.push(NameBackRef {
        gvk: Gvk {
            group: String::new(),
            version: "v1".into(),
            kind: "ServiceAccount".into(),
        },
        referrers: sa,
    });
    name_reference.push(NameBackRef {
        gvk: Gvk {
            group: String::new(),
            version: "v1".into(),
            kind: "PersistentVolumeClaim".into(),
        },
        referrers: owner_refs("volumes/persistentVolumeClaim/claimName"),
    });
    for ((g, v, k), r) in OTHER_NAME_REFS.iter().skip(7).take(2) {
        name_reference.push(NameBackRef {
            gvk: Gvk {
                group: g.to_string(),
                version: v.to_string(),
                kind: k.to_string(),
            },
            referrers: rows(r),
        });
    }
    name_reference.push(NameBackRef {
        gvk: Gvk {
            group: "scheduling.k8s.io".into(),
            version: "v1".into(),
            kind: "PriorityClass".into(),
        },
        referrers: owner_refs("priorityClassName"),
    });
    for ((g, v, k), r) in OTHER_NAME_REFS.iter().skip(9) {
        name_reference.push(NameBackRef {
            gvk: Gvk {
                group: g.to_string(),
                version: v.to_string(),
                kind: k.to_string(),
            },
            referrers: rows(r),
        });
    }

    let mut var_reference = Vec::new();
    for (k, base) in [
        ("CronJob", "spec/jobTemplate/spec/template/spec"),
        ("DaemonSet", "spec/template/spec"),
        ("Deployment", "spec/template/spec"),
        ("Job", "spec/template/spec"),
        ("Pod", "spec"),
        ("ReplicaSet", "spec/template/spec"),
        ("StatefulSet", "spec/template/spec"),
    ] {
        for p in POD_VAR_REFS {
            var_reference.push(FieldSpec::new("", "", k, &format!("{base}/{p}"), false));
        }
    }
    var_reference.extend(rows(OTHER_VAR_REFS));

    let parsed = TransformerConfig {
        name_prefix: rows(NAME),
        name_suffix: rows(NAME),
        namespace: rows(NAMESPACE),
        common_labels,
        labels: Vec::new(),
        template_labels: rows(METADATA_LABELS),
        common_annotations,
        name_reference,
        var_reference,
        images: rows(IMAGES),
        replicas: rows(REPLICAS),
    };
    // Kustomize parses its defaults, sorts them, and every use merges them
    // into an (initially empty) accumulator config, which drops duplicates.
    let mut sorted = parsed;
    sorted.sort_all();
    TransformerConfig::default()
        .merge(&sorted)
        .unwrap_or(sorted)
}

#[cfg(test)]
mod tests {

    #[test]
    fn merge_shortcuts_are_exact_for_the_defaults() {
        // merge_in / merge_into skip work on these grounds; keep them true.
        let md = TransformerConfig::merged_defaults();
        assert_eq!(&TransformerConfig::default().merge(md).unwrap(), md);
        assert_eq!(&md.merge(md).unwrap(), md);
        let mut x = md.clone();
        x.merge_in(md).unwrap();
        assert_eq!(&x, md);
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn default_counts() {
        let d = TransformerConfig::defaults();
        assert_eq!(d.name_prefix.len(), 1);
        assert_eq!(d.namespace.len(), 3);
        // 3 selectors + 5 + 3 + 5 affinity + 6 others + 10 label paths
        assert_eq!(d.common_labels.len(), 32);
        assert_eq!(d.template_labels.len(), 10);
        assert_eq!(d.common_annotations.len(), 9);
        assert_eq!(d.images.len(), 4);
        assert_eq!(d.replicas.len(), 4);
        let cm = d
            .name_reference
            .iter()
            .find(|n| n.gvk.kind == "ConfigMap")
            .unwrap();
        assert_eq!(cm.referrers.len(), 8 * 6 + 4);
        let secret = d
            .name_reference
            .iter()
            .find(|n| n.gvk.kind == "Secret")
            .unwrap();
        // 8 pod spec owners × 7 paths + 13 others, less the duplicate Ingress tls.
        assert_eq!(secret.referrers.len(), 8 * 7 + 13);
        assert_eq!(d.name_reference.len(), 16);
        assert_eq!(d.var_reference.len(), 7 * 8 + 16);
    }

    #[test]
    fn defaults_sorted_by_kind_order() {
        let d = TransformerConfig::defaults();
        let kinds: Vec<&str> = d
            .name_reference
            .iter()
            .map(|n| n.gvk.kind.as_str())
            .collect();
        assert_eq!(kinds[0], "StorageClass");
        assert_eq!(kinds[1], "ServiceAccount");
        // Kinds without a rank come after the ranked ones.
        assert!(
            kinds.iter().position(|k| *k == "ReplicaSet")
                > kinds.iter().position(|k| *k == "StatefulSet")
        );
    }

    #[test]
    fn merge_dedupes_and_detects_conflicts() {
        let a = TransformerConfig {
            common_labels: vec![FieldSpec::new("", "", "Foo", "spec/sel", true)],
            ..Default::default()
        };
        let same = a.merge(&a).unwrap();
        assert_eq!(same.common_labels.len(), 1);
        let b = TransformerConfig {
            common_labels: vec![FieldSpec::new("", "", "", "spec/sel", false)],
            ..Default::default()
        };
        // An unfiltered spec with the same path is "effectively equal" to the
        // Foo one but disagrees on create.
        assert!(a.merge(&b).unwrap_err().contains("conflicting fieldspecs"));
        // The other way round, the narrower spec is new.
        let ba = b.merge(&a).unwrap();
        assert_eq!(ba.common_labels.len(), 2);
        assert_eq!(
            ba.common_labels[0].kind, "Foo",
            "unranked kinds sort by group/version/kind string"
        );
    }

    #[test]
    fn parse_configuration_file() {
        let v = json!({
            "nameReference": [{"kind": "Bee", "version": "v1", "fieldSpecs": [{"path": "spec/beeRef/name", "kind": "MyKind"}]}],
            "varReference": [{"path": "spec/x", "kind": "MyKind"}],
        });
        let c = TransformerConfig::from_value(&v).unwrap();
        assert_eq!(c.name_reference[0].gvk.kind, "Bee");
        assert_eq!(c.name_reference[0].referrers[0].path, "spec/beeRef/name");
        assert_eq!(c.var_reference.len(), 1);
        let merged = TransformerConfig::defaults().merge(&c).unwrap();
        assert_eq!(merged.name_reference.len(), 17);
        let bad = json!({"commonLabels": [{"path": "a", "creat": true}]});
        assert!(
            TransformerConfig::from_value(&bad)
                .unwrap_err()
                .contains("unknown field")
        );
        let bad = json!({"fooBar": []});
        assert!(TransformerConfig::from_value(&bad).is_err());
    }

    #[test]
    fn crd_definitions() {
        let v = json!({
            "github.com/example/pkg/apis/jingfang/v1beta1.Bee": {
                "Schema": {"properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "metadata": {"$ref": "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta"},
                    "spec": {"$ref": "github.com/example/pkg/apis/jingfang/v1beta1.BeeSpec"},
                }}
            },
            "github.com/example/pkg/apis/jingfang/v1beta1.BeeSpec": {
                "Schema": {"properties": {
                    "secretRef": {"x-kubernetes-object-ref-api-version": "v1", "x-kubernetes-object-ref-kind": "Secret"},
                    "selector": {"x-kubernetes-label-selector": ""},
                    "note": {"x-kubernetes-annotation": ""},
                    "myName": {"x-kubernetes-identity": ""},
                }}
            }
        });
        let c = TransformerConfig::from_crd_definitions(&v).unwrap();
        assert_eq!(
            c.common_labels,
            vec![FieldSpec::new("", "", "Bee", "spec/selector", false)]
        );
        assert_eq!(c.common_annotations[0].path, "spec/note");
        assert_eq!(c.name_prefix[0].path, "spec/myName");
        assert_eq!(c.name_reference[0].gvk.kind, "Secret");
        assert_eq!(c.name_reference[0].referrers[0].path, "spec/secretRef/name");
    }
}
