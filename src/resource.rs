//! A resource: one Kubernetes object plus what the pipeline remembers about it.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

/// A YAML/JSON value. Objects keep insertion order; the emitter sorts keys.
pub type Value = serde_json::Value;
/// A YAML/JSON mapping.
pub type Map = serde_json::Map<String, Value>;

/// Maps with at most this many entries are searched by comparing keys,
/// which is cheaper than hashing the key (most Kubernetes maps are small).
const SMALL_MAP: usize = 12;

/// `m.get(key)`, by a linear scan of a small map (keys are unique, so the
/// result is the same).
///
/// ```
/// use rustomize::resource::{field, Map, Value};
/// let mut m = Map::new();
/// m.insert("kind".into(), Value::from("Pod"));
/// assert_eq!(field(&m, "kind"), Some(&Value::from("Pod")));
/// assert_eq!(field(&m, "name"), None);
/// ```
#[inline]
pub fn field<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    if m.len() <= SMALL_MAP {
        m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        m.get(key)
    }
}

/// `m.get_mut(key)`, as [`field`] finds it.
#[inline]
pub fn field_mut<'a>(m: &'a mut Map, key: &str) -> Option<&'a mut Value> {
    if m.len() <= SMALL_MAP {
        m.iter_mut()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    } else {
        m.get_mut(key)
    }
}

/// The identity of a resource: group, version, kind, namespace and name.
///
/// ```
/// use rustomize::resource::ResId;
/// let id = ResId::new("apps/v1", "Deployment", "prod", "web");
/// assert_eq!(id.group, "apps");
/// assert_eq!(id.to_string(), "Deployment.v1.apps/web.prod");
/// let cm = ResId::new("v1", "ConfigMap", "", "settings");
/// assert_eq!(cm.to_string(), "ConfigMap.v1.[noGrp]/settings.[noNs]");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResId {
    /// API group (empty for the core group).
    pub group: String,
    /// API version.
    pub version: String,
    /// Kind.
    pub kind: String,
    /// Namespace (empty when unset).
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ResId {
    /// Build an id from an `apiVersion` string (`group/version` or `version`).
    pub fn new(api_version: &str, kind: &str, namespace: &str, name: &str) -> Self {
        let (group, version) = split_api_version(api_version);
        ResId {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }
}

impl fmt::Display for ResId {
    /// Kustomize's `ResId.String()`: `Kind.version.group/name.namespace`,
    /// with `[noGrp]`, `[noVer]`, `[noKind]`, `[noName]` and `[noNs]` for
    /// empty parts (`ConfigMap.v1.[noGrp]/settings.[noNs]`), as its errors
    /// print ids.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn or<'a>(s: &'a str, empty: &'a str) -> &'a str {
            if s.is_empty() { empty } else { s }
        }
        write!(
            f,
            "{}.{}.{}/{}.{}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]"),
            or(&self.name, "[noName]"),
            or(&self.namespace, "[noNs]"),
        )
    }
}

/// Split `apps/v1` into (`apps`, `v1`) and `v1` into (``, `v1`).
pub fn split_api_version(api_version: &str) -> (&str, &str) {
    match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    }
}

/// How a generated resource combines with one of the same name from a base.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Behavior {
    /// A new resource (the default); a clash is an error.
    #[default]
    Create,
    /// Merge data into the existing resource.
    Merge,
    /// Replace the existing resource.
    Replace,
}

/// One object in the pipeline.
#[derive(Clone, Debug)]
pub struct Resource {
    /// The object itself (always a mapping).
    pub obj: Map,
    /// The file it was loaded from, relative to the build root where known.
    pub source: Option<Arc<str>>,
    /// The 1-based line of `source` where the resource's document starts
    /// (for the items of a `List`, the line of the List), where known.
    pub line: Option<NonZeroU32>,
    /// Ids this resource had before renames, oldest first (name references
    /// and patches match these as Kustomize does).
    pub history: Vec<ResId>,
    /// Set on generated ConfigMaps/Secrets that get a content-hash name suffix.
    pub needs_hash: bool,
    /// Generator behavior (meaningful on generated resources only).
    pub behavior: Behavior,
    /// Made by a ConfigMap/Secret generator. Kustomize marks such resources
    /// with a generator-behavior annotation; a generated resource merged into
    /// an existing one takes the existing one's mark.
    pub generated: bool,
    /// Name prefixes added so far, oldest first (name references compare them).
    pub prefixes: Vec<String>,
    /// Name suffixes added so far, oldest first.
    pub suffixes: Vec<String>,
    /// Names of the `vars` whose `objref` designates this resource (set when
    /// a level's vars are merged; read when vars are resolved).
    pub ref_vars: Vec<String>,
    /// Where a generated resource (or one whose origin is not its `source`
    /// file) came from, for `buildMetadata: [originAnnotations]`.
    pub origin: Option<Origin>,
    /// The transformers that ran on this resource, for
    /// `buildMetadata: [transformerAnnotations]`.
    pub transformations: Vec<Origin>,
    /// Keys of `metadata.annotations` whose values are the text of plain
    /// scalars that are not strings in YAML (`1.50`, `True`, `~`, ...), as
    /// read from the resource file. Kustomize prints annotations as written
    /// but still holds these as typed values: what reads the resource
    /// through JSON (a JSON 6902 patch, `vars`) sees them resolved.
    pub typed_annotations: Box<[String]>,
}

/// Where a resource or a transformer configuration came from (Kustomize's
/// `resource.Origin`), as written in `config.kubernetes.io/origin`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// File the resource was read from, relative to the build root.
    pub path: String,
    /// Remote repository (unused: remote resources are not supported).
    pub repo: String,
    /// Remote ref (unused).
    pub ref_: String,
    /// Kustomization (or transformer config) file that generated or transformed it.
    pub configured_in: String,
    /// `apiVersion` of the generator or transformer (`builtin` for built-ins).
    pub configured_by_api_version: String,
    /// `kind` of the generator or transformer.
    pub configured_by_kind: String,
    /// `metadata.name` of the generator or transformer config, if any.
    pub configured_by_name: String,
    /// `metadata.namespace` of the generator or transformer config, if any.
    pub configured_by_namespace: String,
}

impl Resource {
    /// Wrap an object.
    pub fn new(obj: Map, source: Option<Arc<str>>) -> Self {
        Resource {
            obj,
            source,
            line: None,
            history: Vec::new(),
            needs_hash: false,
            behavior: Behavior::Create,
            generated: false,
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            ref_vars: Vec::new(),
            origin: None,
            transformations: Vec::new(),
            typed_annotations: Box::default(),
        }
    }

    /// Kustomize holds annotation values read from a file as typed nodes
    /// (printed as their text, see [`Resource::typed_annotations`]); reading
    /// the resource through JSON resolves them (`1.50` → `1.5`, `True` →
    /// `true`, `~` → null). Done before a JSON patch (which then rewrites
    /// every annotation as text); the error is for a value JSON cannot hold.
    pub(crate) fn resolve_typed_annotations(&mut self) -> Result<(), String> {
        if self.typed_annotations.is_empty() {
            return Ok(());
        }
        let typed = std::mem::take(&mut self.typed_annotations);
        let annotations = self
            .obj
            .get_mut("metadata")
            .and_then(|md| md.get_mut("annotations"))
            .and_then(Value::as_object_mut);
        if let Some(a) = annotations {
            for k in typed.iter() {
                if let Some(v) = a.get_mut(k) {
                    if let Value::String(text) = v {
                        *v = crate::yaml::resolve_plain_value(text)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The string at `key`, or "".
    fn top_str(&self, key: &str) -> &str {
        field(&self.obj, key).and_then(Value::as_str).unwrap_or("")
    }

    /// The string at `metadata.key`, or "".
    fn meta_str(&self, key: &str) -> &str {
        match field(&self.obj, "metadata") {
            Some(Value::Object(md)) => field(md, key).and_then(Value::as_str).unwrap_or(""),
            _ => "",
        }
    }

    /// `apiVersion`, or "".
    pub fn api_version(&self) -> &str {
        self.top_str("apiVersion")
    }
    /// `kind`, or "".
    pub fn kind(&self) -> &str {
        self.top_str("kind")
    }
    /// `metadata.name`, or "".
    pub fn name(&self) -> &str {
        self.meta_str("name")
    }
    /// `metadata.namespace`, or "".
    pub fn namespace(&self) -> &str {
        self.meta_str("namespace")
    }

    /// True when the current id is `id` (without building the current id).
    pub fn id_is(&self, id: &ResId) -> bool {
        let (group, version) = split_api_version(self.api_version());
        id.name == self.name()
            && id.kind == self.kind()
            && id.namespace == self.namespace()
            && id.version == version
            && id.group == group
    }

    /// The current id.
    pub fn id(&self) -> ResId {
        ResId::new(
            self.api_version(),
            self.kind(),
            self.namespace(),
            self.name(),
        )
    }

    /// The id the resource had when first loaded or generated.
    pub fn orig_id(&self) -> ResId {
        self.history.first().cloned().unwrap_or_else(|| self.id())
    }

    /// True when Kustomize holds bookkeeping annotations on this resource
    /// (previous ids, name prefixes and suffixes, generator marks; they are
    /// removed at output), so that its `metadata.annotations` mapping exists
    /// even without any visible annotation. Origin annotations, which depend
    /// on the build's `buildMetadata`, are not counted here.
    pub fn has_build_annotations(&self) -> bool {
        !self.history.is_empty()
            || !self.prefixes.is_empty()
            || !self.suffixes.is_empty()
            || self.needs_hash
            || self.generated
    }

    /// `metadata`, created if absent.
    pub fn metadata_mut(&mut self) -> &mut Map {
        let md = self
            .obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if !md.is_object() {
            *md = Value::Object(Map::new());
        }
        md.as_object_mut().expect("metadata is an object")
    }

    /// Set `metadata.name`, remembering the previous id.
    pub fn set_name(&mut self, name: &str) {
        self.remember();
        self.metadata_mut()
            .insert("name".into(), Value::String(name.into()));
    }

    /// Set `metadata.namespace`, remembering the previous id.
    pub fn set_namespace(&mut self, ns: &str) {
        self.remember();
        self.metadata_mut()
            .insert("namespace".into(), Value::String(ns.into()));
    }

    /// Record the current id in the history, if it is not already the latest.
    pub fn remember(&mut self) {
        if self.history.last().is_some_and(|id| self.id_is(id)) {
            return;
        }
        // Most resources are renamed once or twice: grow one id at a time at
        // first instead of to four (an id is 120 bytes plus its strings,
        // kept for every resource until the output).
        if self.history.len() == self.history.capacity() && self.history.len() < 4 {
            self.history.reserve_exact(1);
        }
        self.history.push(self.id());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(v: Value) -> Resource {
        Resource::new(v.as_object().cloned().unwrap_or_default(), None)
    }

    #[test]
    fn small_and_large_maps_find_the_same_fields() {
        for n in [0usize, 1, 5, SMALL_MAP, SMALL_MAP + 1, 40] {
            let mut m = Map::new();
            for i in 0..n {
                m.insert(format!("k{i}"), Value::from(i));
            }
            for i in 0..n + 2 {
                let k = format!("k{i}");
                assert_eq!(field(&m, &k), m.get(&k).cloned().as_ref(), "{n} {k}");
                let expected = m.get(&k).cloned();
                assert_eq!(field_mut(&mut m, &k).map(|v| v.clone()), expected);
            }
        }
    }

    #[test]
    fn id_is_compares_with_the_current_id() {
        let objs = [
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a", "namespace": "n"}}),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}),
            json!({"apiVersion": "a/b/c", "kind": "X", "metadata": []}),
            json!({"kind": 3, "metadata": {"name": 1}}),
            json!({}),
        ];
        for a in &objs {
            let ra = res(a.clone());
            for b in &objs {
                let rb = res(b.clone());
                assert_eq!(ra.id_is(&rb.id()), ra.id() == rb.id(), "{a} {b}");
            }
        }
        let mut r = res(objs[0].clone());
        r.remember();
        r.remember();
        assert_eq!(r.history.len(), 1);
        r.set_name("b");
        r.remember();
        assert_eq!(r.history.len(), 2);
        assert_eq!(r.history[0].name, "a");
        assert_eq!(r.history[1].name, "b");
    }
}
