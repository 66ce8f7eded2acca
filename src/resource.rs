//! A resource: one Kubernetes object plus what the pipeline remembers about it.

use std::fmt;
use std::sync::Arc;

/// A YAML/JSON value. Objects keep insertion order; the emitter sorts keys.
pub type Value = serde_json::Value;
/// A YAML/JSON mapping.
pub type Map = serde_json::Map<String, Value>;

/// The identity of a resource: group, version, kind, namespace and name.
///
/// ```
/// use rustomize::resource::ResId;
/// let id = ResId::new("apps/v1", "Deployment", "prod", "web");
/// assert_eq!(id.group, "apps");
/// assert_eq!(id.to_string(), "apps_v1_Deployment|prod|web");
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.group.is_empty() {
            write!(
                f,
                "{}_{}|{}|{}",
                self.version, self.kind, self.namespace, self.name
            )
        } else {
            write!(
                f,
                "{}_{}_{}|{}|{}",
                self.group, self.version, self.kind, self.namespace, self.name
            )
        }
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
    /// Ids this resource had before renames, oldest first (name references
    /// and patches match these as Kustomize does).
    pub history: Vec<ResId>,
    /// Set on generated ConfigMaps/Secrets that get a content-hash name suffix.
    pub needs_hash: bool,
    /// Generator behavior (meaningful on generated resources only).
    pub behavior: Behavior,
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
            history: Vec::new(),
            needs_hash: false,
            behavior: Behavior::Create,
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            ref_vars: Vec::new(),
            origin: None,
            transformations: Vec::new(),
        }
    }

    fn str_at(&self, path: &[&str]) -> &str {
        let mut cur = match self.obj.get(path[0]) {
            Some(v) => v,
            None => return "",
        };
        for key in &path[1..] {
            cur = match cur.get(key) {
                Some(v) => v,
                None => return "",
            };
        }
        cur.as_str().unwrap_or("")
    }

    /// `apiVersion`, or "".
    pub fn api_version(&self) -> &str {
        self.str_at(&["apiVersion"])
    }
    /// `kind`, or "".
    pub fn kind(&self) -> &str {
        self.str_at(&["kind"])
    }
    /// `metadata.name`, or "".
    pub fn name(&self) -> &str {
        self.str_at(&["metadata", "name"])
    }
    /// `metadata.namespace`, or "".
    pub fn namespace(&self) -> &str {
        self.str_at(&["metadata", "namespace"])
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
        let id = self.id();
        if self.history.last() != Some(&id) {
            // Most resources are renamed once or twice: grow one id at a
            // time at first instead of to four (an id is 120 bytes plus its
            // strings, kept for every resource until the output).
            if self.history.len() == self.history.capacity() && self.history.len() < 4 {
                self.history.reserve_exact(1);
            }
            self.history.push(id);
        }
    }
}
