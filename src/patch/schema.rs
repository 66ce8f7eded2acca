//! The OpenAPI schema as the strategic-merge walker consults it: which lists
//! merge, by which keys, and the schema of each field, list item and map value.
//!
//! The built-in schema (Kubernetes v1.21.2) comes from the generated table in
//! [`crate::schema::merge_keys`]; a custom schema (the kustomization's
//! `openapi: {path: ...}` field) is built from that file when one is given,
//! and replaces the built-in one, as in Kustomize.

use crate::resource::Value;
use crate::schema::merge_keys::{self, NONE};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

type Str = Cow<'static, str>;

#[derive(Clone, Debug, Default)]
struct Node {
    /// Properties, sorted by name.
    props: Vec<(Str, u32)>,
    additional: Option<u32>,
    items: Option<u32>,
    merge: Option<Vec<Str>>,
}

/// A schema: nodes plus the node of each `(apiVersion, kind)`.
#[derive(Debug, Default)]
pub struct Schema {
    nodes: Vec<Node>,
    /// apiVersion → kind → node.
    kinds: HashMap<Str, HashMap<Str, u32>>,
}

/// A node of a [`Schema`].
#[derive(Clone, Copy, Debug)]
pub struct SchemaNode<'a> {
    schema: &'a Schema,
    id: u32,
}

impl<'a> SchemaNode<'a> {
    fn node(&self) -> Option<&'a Node> {
        self.schema.nodes.get(self.id as usize)
    }

    fn at(&self, id: Option<u32>) -> Option<SchemaNode<'a>> {
        id.map(|id| SchemaNode {
            schema: self.schema,
            id,
        })
    }

    /// The schema of field `name` (a property, else the map-value schema).
    pub fn field(&self, name: &str) -> Option<SchemaNode<'a>> {
        let n = self.node()?;
        match n.props.binary_search_by(|(k, _)| k.as_ref().cmp(name)) {
            Ok(i) => self.at(n.props.get(i).map(|p| p.1)),
            Err(_) => self.at(n.additional),
        }
    }

    /// The schema of the items of a list.
    pub fn elements(&self) -> Option<SchemaNode<'a>> {
        self.at(self.node()?.items)
    }

    /// For a list whose patch strategy includes `merge`: its merge keys
    /// (empty for a list of scalars).
    pub fn merge_keys(&self) -> Option<&'a [Str]> {
        self.node()?.merge.as_deref()
    }
}

impl Schema {
    /// The schema of a kind, by `apiVersion` and `kind`.
    pub fn for_type(&self, api_version: &str, kind: &str) -> Option<SchemaNode<'_>> {
        self.kinds
            .get(api_version)?
            .get(kind)
            .map(|&id| SchemaNode { schema: self, id })
    }

    fn add_kind(&mut self, api_version: Str, kind: Str, id: u32) {
        self.kinds.entry(api_version).or_default().insert(kind, id);
    }

    /// The built-in Kubernetes v1.21.2 schema.
    pub fn builtin() -> &'static Schema {
        static BUILTIN: OnceLock<Schema> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let opt = |i: u16| (i != NONE).then_some(u32::from(i));
            let nodes = merge_keys::NODES
                .iter()
                .map(|n| Node {
                    props: n
                        .props
                        .iter()
                        .map(|&(k, v)| (Cow::Borrowed(k), u32::from(v)))
                        .collect(),
                    additional: opt(n.additional),
                    items: opt(n.items),
                    merge: n
                        .merge
                        .map(|keys| keys.iter().map(|&k| Cow::Borrowed(k)).collect()),
                })
                .collect();
            let mut schema = Schema {
                nodes,
                kinds: HashMap::new(),
            };
            for &(a, k, n) in merge_keys::KINDS {
                schema.add_kind(Cow::Borrowed(a), Cow::Borrowed(k), u32::from(n));
            }
            schema
        })
    }

    /// Build a schema from a parsed OpenAPI (swagger 2) document: its
    /// `definitions`, indexed by their `x-kubernetes-group-version-kind`,
    /// alone or joined with the built-in schema (see [`Union`]).
    pub fn from_openapi(doc: &Value, union: Union) -> Schema {
        let builtin = Schema::builtin();
        let mut schema = Schema::default();
        let mut builtin_defs = HashMap::new();
        if union != Union::None {
            schema.nodes = builtin.nodes.clone();
            schema.kinds = builtin.kinds.clone();
            builtin_defs = merge_keys::DEFS
                .iter()
                .map(|&(name, id)| (name, u32::from(id)))
                .collect();
        }
        let mut b = Builder {
            defs: doc.get("definitions").and_then(Value::as_object),
            schema,
            by_name: HashMap::new(),
            builtin_defs,
            union,
        };
        if let Some(defs) = b.defs {
            for (name, def) in defs {
                let Some(gvks) = def
                    .get("x-kubernetes-group-version-kind")
                    .and_then(Value::as_array)
                else {
                    continue;
                };
                let Some(id) = b.def_node(name) else { continue };
                for g in gvks {
                    let s = |k: &str| g.get(k).and_then(Value::as_str).unwrap_or("");
                    let api = if s("group").is_empty() {
                        s("version").to_string()
                    } else {
                        format!("{}/{}", s("group"), s("version"))
                    };
                    if union == Union::BuiltinFirst && builtin.for_type(&api, s("kind")).is_some() {
                        continue;
                    }
                    b.schema
                        .add_kind(Cow::Owned(api), Cow::Owned(s("kind").to_string()), id);
                }
            }
        }
        b.schema
    }
}

/// How a custom schema combines with the built-in one. Kustomize keeps one
/// global set of definitions: a custom schema set before the built-in one was
/// needed replaces it; set later, the two are joined, and whichever was parsed
/// last wins on names both define.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Union {
    /// The custom schema alone.
    #[default]
    None,
    /// Both; the built-in definitions win (parsed after the custom ones).
    BuiltinFirst,
    /// Both; the custom definitions win (the built-in ones were parsed first).
    CustomFirst,
}

struct Builder<'v> {
    defs: Option<&'v crate::resource::Map>,
    schema: Schema,
    by_name: HashMap<&'v str, u32>,
    builtin_defs: HashMap<&'static str, u32>,
    union: Union,
}

impl<'v> Builder<'v> {
    fn def_node(&mut self, name: &'v str) -> Option<u32> {
        if let Some(&id) = self.by_name.get(name) {
            return Some(id);
        }
        let builtin = self.builtin_defs.get(name).copied();
        if self.union == Union::BuiltinFirst && builtin.is_some() {
            return builtin;
        }
        let Some(def) = self.defs.and_then(|d| d.get(name)) else {
            return builtin;
        };
        let id = self.reserve();
        self.by_name.insert(name, id);
        self.fill(id, def);
        Some(id)
    }

    fn reserve(&mut self) -> u32 {
        self.schema.nodes.push(Node::default());
        u32::try_from(self.schema.nodes.len() - 1).unwrap_or(u32::MAX)
    }

    /// The node of a schema object, following `$ref` to a definition.
    fn node_of(&mut self, obj: &'v Value) -> Option<u32> {
        if let Some(r) = obj.get("$ref") {
            let name = r.as_str()?.rsplit('/').next()?;
            return self.def_node(name);
        }
        if !obj.is_object() {
            return None;
        }
        let id = self.reserve();
        self.fill(id, obj);
        Some(id)
    }

    fn fill(&mut self, id: u32, obj: &'v Value) {
        let is_array = match obj.get("type") {
            Some(Value::String(t)) => t == "array",
            Some(Value::Array(ts)) => ts.len() == 1 && ts.first().is_some_and(|t| t == "array"),
            _ => false,
        };
        let mut node = Node::default();
        let strategy = obj
            .get("x-kubernetes-patch-strategy")
            .and_then(Value::as_str)
            .unwrap_or("");
        if strategy.split(',').any(|s| s == "merge") {
            let list_keys: Vec<Str> = obj
                .get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map(|ks| {
                    ks.iter()
                        .filter_map(Value::as_str)
                        .map(|k| Cow::Owned(k.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            node.merge = Some(if !list_keys.is_empty() {
                list_keys
            } else if let Some(k) = obj
                .get("x-kubernetes-patch-merge-key")
                .and_then(Value::as_str)
            {
                vec![Cow::Owned(k.to_string())]
            } else {
                Vec::new()
            });
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                if let Some(c) = self.node_of(v) {
                    node.props.push((Cow::Owned(k.clone()), c));
                }
            }
            node.props.sort_by(|a, b| a.0.cmp(&b.0));
        }
        if let Some(ap) = obj.get("additionalProperties").filter(|ap| ap.is_object()) {
            node.additional = self.node_of(ap);
        }
        if is_array && node.merge.is_some() {
            if let Some(items) = obj.get("items") {
                node.items = self.node_of(items);
            }
        }
        if let Some(slot) = self.schema.nodes.get_mut(id as usize) {
            *slot = node;
        }
    }
}

/// Which schema a build uses. Kustomize keeps this globally: the first
/// kustomization (top first, then depth-first) with an `openapi` field sets it.
#[derive(Clone, Debug, Default)]
pub(crate) struct SchemaState {
    /// True once a kustomization's `openapi` field chose the schema.
    pub set: bool,
    /// The custom schema, when one was chosen.
    pub custom: Option<Arc<Schema>>,
    /// How a custom schema chosen now would join the built-in one, given
    /// what the build used so far.
    pub pending_union: Union,
}

impl SchemaState {
    /// Note that a strategic merge ran: Kustomize has parsed the built-in
    /// schema, so a custom one set later joins it and wins.
    pub fn merged(&mut self) {
        if !self.set {
            self.pending_union = Union::CustomFirst;
        }
    }

    /// Note resources of these types were loaded: a type the built-in schema
    /// does not know makes Kustomize queue the built-in schema for parsing, so
    /// a custom schema set later joins it and loses.
    pub fn loaded<'a>(&mut self, types: impl IntoIterator<Item = (&'a str, &'a str)>) {
        if self.set || self.pending_union != Union::None {
            return;
        }
        if types
            .into_iter()
            .any(|(api, kind)| Schema::builtin().for_type(api, kind).is_none())
        {
            self.pending_union = Union::BuiltinFirst;
        }
    }

    /// Apply what a sibling did to the state: `after` is where the sibling
    /// left a state that was, when it started, equal to this one's start (the
    /// siblings of one level run from the same state on different threads).
    /// Only valid while no schema is set: a sibling that sets one makes its
    /// later siblings depend on it, and the level is then redone in order.
    pub fn follow(&mut self, after: &SchemaState) {
        match after.pending_union {
            // The sibling ran a strategic merge (whatever it did after).
            Union::CustomFirst => self.pending_union = Union::CustomFirst,
            // The sibling loaded an unknown type and ran no merge.
            Union::BuiltinFirst if self.pending_union == Union::None => {
                self.pending_union = Union::BuiltinFirst;
            }
            _ => {}
        }
    }

    /// The schema in force.
    pub fn schema(&self) -> &Schema {
        match &self.custom {
            Some(s) => s,
            None => Schema::builtin(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builtin_deployment_containers_merge_by_name() {
        let s = Schema::builtin();
        let d = s.for_type("apps/v1", "Deployment").unwrap();
        let c = d
            .field("spec")
            .and_then(|n| n.field("template"))
            .and_then(|n| n.field("spec"))
            .and_then(|n| n.field("containers"))
            .unwrap();
        assert_eq!(c.merge_keys().unwrap(), &["name"]);
        let ports = c.elements().and_then(|e| e.field("ports")).unwrap();
        assert_eq!(ports.merge_keys().unwrap(), &["containerPort", "protocol"]);
        let fin = d
            .field("metadata")
            .and_then(|m| m.field("finalizers"))
            .unwrap();
        assert!(fin.merge_keys().unwrap().is_empty());
        // Lists without a merge strategy are not in the table.
        assert!(d.field("spec").and_then(|n| n.field("replicas")).is_none());
        assert!(s.for_type("example.com/v1", "Foo").is_none());
        assert!(s.for_type("v1", "ConfigMap").is_some());
    }

    #[test]
    fn custom_schema_inline_and_refs() {
        let doc = json!({"definitions": {
            "v1.Foo": {
                "properties": {"spec": {"properties": {"items": {"type": "array",
                    "items": {"$ref": "#/definitions/v1.Item"},
                    "x-kubernetes-patch-strategy": "merge",
                    "x-kubernetes-patch-merge-key": "id"}}, "type": "object"}},
                "x-kubernetes-group-version-kind": [{"group": "ex.com", "kind": "Foo", "version": "v1"}]
            },
            "v1.Item": {"properties": {"tags": {"type": "array", "items": {"type": "string"},
                "x-kubernetes-patch-strategy": "merge"}}}
        }});
        let s = Schema::from_openapi(&doc, Union::None);
        let foo = s.for_type("ex.com/v1", "Foo").unwrap();
        let items = foo.field("spec").and_then(|n| n.field("items")).unwrap();
        assert_eq!(items.merge_keys().unwrap(), &["id"]);
        let tags = items.elements().and_then(|e| e.field("tags")).unwrap();
        assert!(tags.merge_keys().unwrap().is_empty());
    }
}

#[cfg(test)]
mod follow_tests {
    use super::*;

    #[derive(Clone, Copy)]
    enum Event {
        Merged,
        LoadedUnknown,
        LoadedKnown,
    }

    fn apply(s: &mut SchemaState, e: Event) {
        match e {
            Event::Merged => s.merged(),
            Event::LoadedUnknown => s.loaded([("example.com/v1", "Widget")]),
            Event::LoadedKnown => s.loaded([("apps/v1", "Deployment")]),
        }
    }

    /// Siblings run from the same start and composed with `follow` end where
    /// running them one after the other ends, for every start and every
    /// split of every event sequence up to length 4 into up to 3 siblings.
    #[test]
    fn following_siblings_equals_running_them_in_order() {
        let events = [Event::Merged, Event::LoadedUnknown, Event::LoadedKnown];
        let starts = [Union::None, Union::BuiltinFirst, Union::CustomFirst];
        let mut checked = 0;
        for start in starts {
            for len in 0..=4usize {
                for code in 0..3usize.pow(len as u32) {
                    let seq: Vec<Event> = (0..len)
                        .map(|i| events[code / 3usize.pow(i as u32) % 3])
                        .collect();
                    // Sibling boundaries: each gap is a cut or not.
                    for cuts in 0..(1usize << len.saturating_sub(1)) {
                        let s0 = SchemaState {
                            pending_union: start,
                            ..Default::default()
                        };
                        let mut sequential = s0.clone();
                        seq.iter().for_each(|&e| apply(&mut sequential, e));
                        let mut composed = s0.clone();
                        let mut sibling = s0.clone();
                        for (i, &e) in seq.iter().enumerate() {
                            apply(&mut sibling, e);
                            if i + 1 == len || cuts & (1 << i) != 0 {
                                composed.follow(&sibling);
                                sibling = s0.clone();
                            }
                        }
                        assert_eq!(composed.pending_union, sequential.pending_union);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 300);
    }
}
