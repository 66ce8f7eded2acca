//! An ordered collection of resources with O(1) lookups by id.
//!
//! The resources are kept in accumulation order in a private `Vec`; an index
//! from `(kind, name)` to positions is built on first lookup and kept up to
//! date by [`ResMap::append`] / [`ResMap::push`]. Every method that hands out
//! mutable access ([`ResMap::iter_mut`], [`ResMap::get_mut`],
//! [`ResMap::resources_mut`], ...) drops the index, since the caller may rename
//! resources; the next lookup rebuilds it in one linear pass. Stages that
//! mutate, then look up, then mutate again should batch their lookups.
//!
//! A third index, by kind and by label (`key=value`), lets a patch target
//! visit only the resources that can match ([`ResMap::positions_by_kind`],
//! [`ResMap::positions_by_label`]).

use crate::error::{Error, Result};
use crate::resource::{ResId, Resource, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

/// Resources in the order they were accumulated.
///
/// ```
/// use rustomize::{ResMap, Resource, ResId};
/// use serde_json::json;
/// let cm = |name: &str| {
///     let v = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}});
///     Resource::new(v.as_object().unwrap().clone(), None)
/// };
/// let mut rm = ResMap::new();
/// rm.append(cm("a"), "x.yaml".as_ref()).unwrap();
/// rm.append(cm("b"), "x.yaml".as_ref()).unwrap();
/// assert!(rm.append(cm("a"), "y.yaml".as_ref()).is_err());
/// assert_eq!(rm.get(&ResId::new("v1", "ConfigMap", "", "b")).unwrap().name(), "b");
/// ```
#[derive(Clone, Debug, Default)]
pub struct ResMap {
    resources: Vec<Resource>,
    idx: Indexes,
}

/// Position lists keyed by a hash ([`kind_name_key`], [`name_key`],
/// [`kind_key`], [`label_key`]): no key is stored, lookups check candidates.
type Index = HashMap<u64, Vec<usize>, BuildHasherDefault<KeyHasher>>;

/// The hasher of [`Index`]: keys are hashes already.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Position lists keyed by name, in name order.
type NameOrder = BTreeMap<String, Vec<usize>>;

/// Which of [`Indexes::ordered_names`] is keyed by names as spelled.
const FORWARD: usize = 0;
/// Which of [`Indexes::ordered_names`] is keyed by names spelled backwards.
const BACKWARD: usize = 1;

/// The lookup indexes, each built on first use and then kept up to date by
/// [`Indexes::record`] (or dropped with the whole set).
#[derive(Clone, Debug, Default)]
struct Indexes {
    /// Positions by current `(kind, name)`.
    kind_name: OnceLock<Index>,
    /// Positions by every name a resource has had (current and history).
    any_name: OnceLock<Index>,
    /// The same in name order, keyed by the names as spelled ([`FORWARD`],
    /// for lookups by prefix) and spelled backwards ([`BACKWARD`], by suffix).
    ordered_names: [OnceLock<NameOrder>; 2],
    /// Positions by kind and by label, keyed by [`kind_key`] / [`label_key`].
    attrs: OnceLock<Index>,
}

/// What happened at a position, for [`Indexes::record`].
#[derive(Clone, Copy)]
enum Change {
    /// A resource was added after every other one.
    Pushed,
    /// A resource was modified in place; its kind or name, and the set of
    /// names it has had, changed or not (its labels may always have).
    Modified { kind_name: bool, names: bool },
}

impl Indexes {
    /// Record `r` at position `i` in the indexes built so far. Entries
    /// under a modified resource's old keys stay: lookups check candidates.
    fn record(&mut self, r: &Resource, i: usize, change: Change) {
        let (at_end, kind_name, names) = match change {
            Change::Pushed => (true, true, true),
            Change::Modified { kind_name, names } => (false, kind_name, names),
        };
        if kind_name && let Some(idx) = self.kind_name.get_mut() {
            add_kind_name(idx, r, i, at_end);
        }
        if names {
            if let Some(idx) = self.any_name.get_mut() {
                add_any_names(idx, r, i, at_end);
            }
            for (which, cell) in self.ordered_names.iter_mut().enumerate() {
                if let Some(idx) = cell.get_mut() {
                    add_ordered_names(idx, r, i, at_end, which == BACKWARD);
                }
            }
        }
        if let Some(idx) = self.attrs.get_mut() {
            add_attrs(idx, r, i, at_end);
        }
    }
}

/// An index of `resources`, built by recording each in order.
fn build<M: Default>(resources: &[Resource], add: impl Fn(&mut M, &Resource, usize, bool)) -> M {
    let mut idx = M::default();
    for (i, r) in resources.iter().enumerate() {
        add(&mut idx, r, i, true);
    }
    idx
}

/// Add position `i` to an ascending list: at the end when `at_end` (no
/// larger position is recorded), otherwise where it belongs.
fn add_position(v: &mut Vec<usize>, i: usize, at_end: bool) {
    if at_end {
        if v.last() != Some(&i) {
            v.push(i);
        }
    } else if let Err(at) = v.binary_search(&i) {
        v.insert(at, i);
    }
}

/// Key of a kind and name in the `(kind, name)` index.
fn kind_name_key(kind: &str, name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (kind, name).hash(&mut h);
    h.finish()
}

/// Key of a name in the index of every name.
fn name_key(name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

/// Key of a kind in the attribute index (a hash: lookups check candidates).
fn kind_key(kind: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (0u8, kind).hash(&mut h);
    h.finish()
}

/// Key of a label `key=value` in the attribute index.
fn label_key(key: &str, value: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (1u8, key, value).hash(&mut h);
    h.finish()
}

/// A label value as label selectors compare it (the text of a scalar).
fn label_text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(crate::load::scalar_text(Some(other))),
    }
}

fn add_kind_name(idx: &mut Index, r: &Resource, i: usize, at_end: bool) {
    add_position(
        idx.entry(kind_name_key(r.kind(), r.name())).or_default(),
        i,
        at_end,
    );
}

/// Record position `i` under `r`'s kind and current labels.
fn add_attrs(idx: &mut Index, r: &Resource, i: usize, at_end: bool) {
    let labels = r
        .obj
        .get("metadata")
        .and_then(|m| m.get("labels"))
        .and_then(Value::as_object);
    let keys = std::iter::once(kind_key(r.kind())).chain(
        labels
            .into_iter()
            .flatten()
            .map(|(k, v)| label_key(k, &label_text(v))),
    );
    for key in keys {
        add_position(idx.entry(key).or_default(), i, at_end);
    }
}

/// The names `r` has had: its current one, then those in its history.
fn any_names(r: &Resource) -> impl Iterator<Item = &str> {
    std::iter::once(r.name()).chain(r.history.iter().map(|h| h.name.as_str()))
}

fn add_any_names(idx: &mut Index, r: &Resource, i: usize, at_end: bool) {
    for name in any_names(r) {
        add_position(idx.entry(name_key(name)).or_default(), i, at_end);
    }
}

/// [`add_any_names`] for an ordered index; `reversed`: keyed by the names
/// spelled backwards.
fn add_ordered_names(idx: &mut NameOrder, r: &Resource, i: usize, at_end: bool, reversed: bool) {
    for name in any_names(r) {
        let key: Cow<'_, str> = if reversed {
            Cow::Owned(name.chars().rev().collect())
        } else {
            Cow::Borrowed(name)
        };
        match idx.get_mut(key.as_ref()) {
            Some(v) => add_position(v, i, at_end),
            None => {
                idx.insert(key.into_owned(), vec![i]);
            }
        }
    }
}

/// The position lists under the keys of `idx` that start with `prefix`.
fn under_prefix<'a>(idx: &'a NameOrder, prefix: &str) -> Vec<&'a [usize]> {
    idx.range::<str, _>((
        std::ops::Bound::Included(prefix),
        std::ops::Bound::Unbounded,
    ))
    .take_while(|(name, _)| name.starts_with(prefix))
    .map(|(_, v)| v.as_slice())
    .collect()
}

/// An id's parts, borrowed: group, version, kind, namespace, name.
type IdParts<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn id_parts(id: &ResId) -> IdParts<'_> {
    (&id.group, &id.version, &id.kind, &id.namespace, &id.name)
}

/// The parts of `r`'s current id, without building it.
fn resource_parts(r: &Resource) -> IdParts<'_> {
    let (group, version) = crate::resource::split_api_version(r.api_version());
    (group, version, r.kind(), r.namespace(), r.name())
}

/// What Kustomize files a cluster-scoped id's namespace under.
pub(crate) const NOT_NAMESPACEABLE: &str = "_non_namespaceable_";

/// Kustomize's `EffectiveNamespace`, the namespace ids are compared by:
/// [`NOT_NAMESPACEABLE`] for cluster-scoped kinds, `default` for an empty
/// namespace, else the namespace.
pub(crate) fn namespace_of<'a>(
    group: &str,
    version: &str,
    kind: &str,
    namespace: &'a str,
) -> &'a str {
    if crate::schema::scope::is_cluster_scoped_gv(group, version, kind) {
        NOT_NAMESPACEABLE
    } else if namespace.is_empty() {
        "default"
    } else {
        namespace
    }
}

fn compared_namespace<'a>((group, version, kind, namespace, _): IdParts<'a>) -> &'a str {
    namespace_of(group, version, kind, namespace)
}

/// [`namespace_of`] an id.
pub(crate) fn effective_namespace(id: &ResId) -> &str {
    compared_namespace(id_parts(id))
}

/// [`same_object`] on borrowed parts.
fn same_parts(a: IdParts<'_>, b: IdParts<'_>) -> bool {
    a.4 == b.4
        && a.2 == b.2
        && a.0 == b.0
        && a.1 == b.1
        && compared_namespace(a) == compared_namespace(b)
}

/// A hash of `r`'s current id as [`same_object`] compares ids, for indexes
/// whose candidates are checked with [`same_current_object`].
pub(crate) fn object_key(r: &Resource) -> u64 {
    let parts = resource_parts(r);
    let mut h = DefaultHasher::new();
    (
        parts.0,
        parts.1,
        parts.2,
        parts.4,
        compared_namespace(parts),
    )
        .hash(&mut h);
    h.finish()
}

/// Whether the current ids of two resources name the same object
/// ([`same_object`]), without building them.
pub(crate) fn same_current_object(a: &Resource, b: &Resource) -> bool {
    same_parts(resource_parts(a), resource_parts(b))
}

/// True when two ids name the same object as Kustomize sees it (`ResId.Equals`):
/// same group, version, kind and name, and the same effective namespace.
pub fn same_object(a: &ResId, b: &ResId) -> bool {
    same_parts(id_parts(a), id_parts(b))
}

impl ResMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of resources.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Iterate over the resources, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Resource> {
        self.resources.iter()
    }

    /// The resources as a slice, in order.
    pub fn as_slice(&self) -> &[Resource] {
        &self.resources
    }

    /// Iterate mutably (drops the index).
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Resource> {
        self.drop_indexes();
        self.resources.iter_mut()
    }

    /// The underlying vector, for arbitrary edits (drops the index).
    pub fn resources_mut(&mut self) -> &mut Vec<Resource> {
        self.drop_indexes();
        &mut self.resources
    }

    /// The resources, consuming the map.
    pub fn into_vec(self) -> Vec<Resource> {
        self.resources
    }

    fn drop_indexes(&mut self) {
        self.idx = Indexes::default();
    }

    /// Positions (ascending) of the resources whose current name, or any
    /// name they had before, is `name`. May include a few positions that no
    /// longer qualify after [`ResMap::modify`] renamed them: callers check
    /// candidates against the resources.
    pub fn positions_by_any_name(&self, name: &str) -> &[usize] {
        self.idx
            .any_name
            .get_or_init(|| build(&self.resources, add_any_names))
            .get(&name_key(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The position lists (each ascending; they may overlap) of the
    /// resources whose current name, or a name they had before, starts with
    /// `prefix` (plus possibly some that no longer qualify, as for
    /// [`ResMap::positions_by_any_name`]).
    pub fn positions_by_name_prefix(&self, prefix: &str) -> Vec<&[usize]> {
        under_prefix(self.ordered_names(FORWARD), prefix)
    }

    /// [`ResMap::positions_by_name_prefix`] for names ending with `suffix`.
    pub fn positions_by_name_suffix(&self, suffix: &str) -> Vec<&[usize]> {
        let reversed: String = suffix.chars().rev().collect();
        under_prefix(self.ordered_names(BACKWARD), &reversed)
    }

    fn ordered_names(&self, which: usize) -> &NameOrder {
        let reversed = which == BACKWARD;
        self.idx.ordered_names[which].get_or_init(|| {
            build(&self.resources, |idx, r, i, at_end| {
                add_ordered_names(idx, r, i, at_end, reversed)
            })
        })
    }

    fn attr_index(&self) -> &Index {
        self.idx
            .attrs
            .get_or_init(|| build(&self.resources, add_attrs))
    }

    /// Positions (ascending) of the resources whose kind is `kind`, plus
    /// possibly a few whose kind was `kind` before [`ResMap::modify`]
    /// changed it: callers check candidates against the resources.
    pub fn positions_by_kind(&self, kind: &str) -> &[usize] {
        self.attr_index()
            .get(&kind_key(kind))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Positions (ascending) of the resources with the label `key` whose
    /// value reads as `value` (the text of a scalar, as label selectors
    /// compare it), plus possibly some that do not (labels changed by
    /// [`ResMap::modify`], rare hash collisions): callers check candidates.
    pub fn positions_by_label(&self, key: &str, value: &str) -> &[usize] {
        self.attr_index()
            .get(&label_key(key, value))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Run `f` on the resource at position `i`, keeping the lookup indexes
    /// up to date in O(1) for a rename (entries under old names stay: every
    /// lookup checks its candidates against the current ids).
    pub fn modify<T>(&mut self, i: usize, f: impl FnOnce(&mut Resource) -> T) -> Option<T> {
        let r = self.resources.get_mut(i)?;
        let before = (r.kind().to_string(), r.name().to_string(), r.history.len());
        let out = f(r);
        let r = &self.resources[i];
        let change = Change::Modified {
            kind_name: before.0 != r.kind() || before.1 != r.name(),
            names: before.1 != r.name() || before.2 != r.history.len(),
        };
        self.idx.record(r, i, change);
        Some(out)
    }

    fn index(&self) -> &Index {
        self.idx
            .kind_name
            .get_or_init(|| build(&self.resources, add_kind_name))
    }

    /// Positions of the resources whose current kind and name are these
    /// (candidates: after [`ResMap::modify`] renamed a resource its old entry
    /// stays, so callers compare ids).
    pub fn positions_by_kind_name(&self, kind: &str, name: &str) -> &[usize] {
        self.index()
            .get(&kind_name_key(kind, name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Position of the resource whose current id is exactly `id`.
    pub fn position(&self, id: &ResId) -> Option<usize> {
        self.positions_by_kind_name(&id.kind, &id.name)
            .iter()
            .copied()
            .find(|&i| self.resources.get(i).is_some_and(|r| r.id_is(id)))
    }

    /// Position of a resource that is the same object as `id` in Kustomize's
    /// sense ([`same_object`]: "" and "default" namespaces are equal).
    pub fn position_of_same(&self, id: &ResId) -> Option<usize> {
        self.positions_by_kind_name(&id.kind, &id.name)
            .iter()
            .copied()
            .find(|&i| {
                self.resources
                    .get(i)
                    .is_some_and(|r| same_parts(resource_parts(r), id_parts(id)))
            })
    }

    /// [`ResMap::position_of_same`] for the current id of `r`.
    fn position_of_same_resource(&self, r: &Resource) -> Option<usize> {
        let parts = resource_parts(r);
        self.positions_by_kind_name(parts.2, parts.4)
            .iter()
            .copied()
            .find(|&i| {
                self.resources
                    .get(i)
                    .is_some_and(|other| same_parts(resource_parts(other), parts))
            })
    }

    /// The resource with this current id.
    pub fn get(&self, id: &ResId) -> Option<&Resource> {
        self.position(id).and_then(|i| self.resources.get(i))
    }

    /// The resource with this current id, mutably (drops the index).
    pub fn get_mut(&mut self, id: &ResId) -> Option<&mut Resource> {
        let i = self.position(id)?;
        self.drop_indexes();
        self.resources.get_mut(i)
    }

    /// The resource at a position.
    pub fn get_index(&self, i: usize) -> Option<&Resource> {
        self.resources.get(i)
    }

    /// The resource at a position, mutably (drops the index).
    pub fn get_index_mut(&mut self, i: usize) -> Option<&mut Resource> {
        self.drop_indexes();
        self.resources.get_mut(i)
    }

    /// Append without checking ids (Kustomize's internal `append`).
    pub fn push(&mut self, r: Resource) {
        self.idx.record(&r, self.resources.len(), Change::Pushed);
        self.resources.push(r);
    }

    /// Append one resource; an id already present (same object, see
    /// [`same_object`]) is an error (`path` names where the new resource came from).
    pub fn append(&mut self, r: Resource, path: &Path) -> Result<()> {
        if self.position_of_same_resource(&r).is_some() {
            return Err(Error::DuplicateId {
                id: r.id().to_string(),
                path: path.to_path_buf(),
            });
        }
        self.push(r);
        Ok(())
    }

    /// Append all of `other`, checking ids.
    pub fn append_all(&mut self, other: ResMap, path: &Path) -> Result<()> {
        self.resources.reserve(other.len());
        for r in other.resources {
            self.append(r, path)?;
        }
        Ok(())
    }

    /// Remove and return the resource at a position (drops the index).
    pub fn remove(&mut self, i: usize) -> Option<Resource> {
        if i >= self.resources.len() {
            return None;
        }
        self.drop_indexes();
        Some(self.resources.remove(i))
    }

    /// Keep only the resources for which `keep` is true (drops the index).
    pub fn retain(&mut self, keep: impl FnMut(&Resource) -> bool) {
        self.drop_indexes();
        self.resources.retain(keep);
    }

    /// Stable sort (drops the index).
    pub fn sort_by(&mut self, cmp: impl FnMut(&Resource, &Resource) -> std::cmp::Ordering) {
        self.drop_indexes();
        self.resources.sort_by(cmp);
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        self.drop_indexes();
        self.resources.clear();
    }
}

impl<'a> IntoIterator for &'a ResMap {
    type Item = &'a Resource;
    type IntoIter = std::slice::Iter<'a, Resource>;
    fn into_iter(self) -> Self::IntoIter {
        self.resources.iter()
    }
}

impl IntoIterator for ResMap {
    type Item = Resource;
    type IntoIter = std::vec::IntoIter<Resource>;
    fn into_iter(self) -> Self::IntoIter {
        self.resources.into_iter()
    }
}

impl FromIterator<Resource> for ResMap {
    /// Collect without checking ids.
    fn from_iter<T: IntoIterator<Item = Resource>>(iter: T) -> Self {
        ResMap {
            resources: iter.into_iter().collect(),
            idx: Indexes::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(v: serde_json::Value) -> Resource {
        Resource::new(v.as_object().cloned().unwrap_or_default(), None)
    }

    fn cm(ns: &str, name: &str) -> Resource {
        let mut md = json!({"name": name});
        if !ns.is_empty() {
            md["namespace"] = json!(ns);
        }
        res(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": md}))
    }

    #[test]
    fn duplicate_ids_are_rejected_default_namespace_equals_empty() {
        let p = Path::new("f.yaml");
        let mut rm = ResMap::new();
        rm.append(cm("", "a"), p).unwrap();
        rm.append(cm("x", "a"), p).unwrap();
        let err = rm.append(cm("default", "a"), p).unwrap_err();
        assert!(matches!(err, Error::DuplicateId { .. }), "{err}");
        assert!(rm.append(cm("x", "a"), p).is_err());
        assert_eq!(rm.len(), 2);
    }

    #[test]
    fn cluster_scoped_ids_ignore_the_namespace() {
        let p = Path::new("f.yaml");
        let cr = |ns: &str| {
            let mut md = json!({"name": "r"});
            if !ns.is_empty() {
                md["namespace"] = json!(ns);
            }
            res(
                json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": md}),
            )
        };
        let mut rm = ResMap::new();
        rm.append(cr("a"), p).unwrap();
        assert!(rm.append(cr("b"), p).is_err());
        assert!(rm.append(cr(""), p).is_err());
    }

    #[test]
    fn index_survives_push_and_is_rebuilt_after_mutation() {
        let p = Path::new("f.yaml");
        let mut rm = ResMap::new();
        for i in 0..100 {
            rm.append(cm("", &format!("c{i}")), p).unwrap();
        }
        assert_eq!(
            rm.position(&ResId::new("v1", "ConfigMap", "", "c42")),
            Some(42)
        );
        for r in rm.iter_mut() {
            let n = format!("p-{}", r.name());
            r.set_name(&n);
        }
        assert_eq!(rm.position(&ResId::new("v1", "ConfigMap", "", "c42")), None);
        assert_eq!(
            rm.position(&ResId::new("v1", "ConfigMap", "", "p-c42")),
            Some(42)
        );
        rm.push(cm("", "late"));
        assert_eq!(
            rm.position(&ResId::new("v1", "ConfigMap", "", "late")),
            Some(100)
        );
        rm.remove(0);
        assert_eq!(
            rm.position(&ResId::new("v1", "ConfigMap", "", "late")),
            Some(99)
        );
        assert!(rm.get(&ResId::new("v1", "Secret", "", "late")).is_none());
    }

    #[test]
    fn append_is_linear_on_many_resources() {
        let p = Path::new("f.yaml");
        let mut rm = ResMap::new();
        let start = std::time::Instant::now();
        for i in 0..20_000 {
            rm.append(cm("ns", &format!("c{i}")), p).unwrap();
        }
        assert_eq!(rm.len(), 20_000);
        // Quadratic checking would take tens of seconds here.
        assert!(start.elapsed().as_secs() < 10);
    }
}
