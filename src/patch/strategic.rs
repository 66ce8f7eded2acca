//! The strategic-merge-patch engine, with Kustomize's semantics.
//!
//! Kustomize does not use apimachinery's strategic merge: it walks the
//! resource and the patch together with kyaml's `merge2` walker, with list
//! items from the patch *prepended*. This module reproduces that walker on
//! [`Value`]s, quirks included:
//!
//! - maps merge recursively; an explicit `null` in the patch deletes a field;
//!   `null`s already in the resource are kept;
//! - lists whose schema has a `merge` patch strategy merge by their merge keys
//!   (`x-kubernetes-list-map-keys` preferred over `x-kubernetes-patch-merge-key`,
//!   an empty secondary key matching any); lists of scalars with a merge
//!   strategy (finalizers) are merged as sets; patch items come first, then
//!   the resource's items that the patch did not mention; every such list of
//!   the resource is normalised (items with the same key collapse), even when
//!   the patch does not touch it;
//! - every other list, and every list of a kind the schema does not know
//!   (custom resources), is replaced;
//! - `$patch: delete | replace | merge` on maps; `$patch: delete` on list items
//!   (by key); a `{$patch: replace|delete|merge}` item alone in a list applies
//!   to the whole list; `$patch: replace` on a list item that matches a
//!   resource item leaves the item as it was (kyaml's behaviour);
//!   `$setElementOrder`, `$retainKeys` and `$deleteFromPrimitiveList` are not
//!   directives to kyaml: they are merged as ordinary fields;
//! - a patch that empties the resource, or `$patch: delete` at its top,
//!   deletes the resource.
//!
//! Where no schema is known for a map, the walker looks the map's own
//! `apiVersion`/`kind` up, at every level, as kyaml does.

use super::schema::{Schema, SchemaNode};
use crate::resource::{Map, Value, field};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What a merge error says.
pub type MergeResult<T> = Result<T, String>;

const PATCH_KEY: &str = "$patch";

/// Merge `patch` into `dest` (a whole resource) as Kustomize's strategic
/// merge does, with `schema` giving the merge keys.
///
/// Returns `false` when the result is empty (the resource is to be deleted).
///
/// ```
/// use rustomize::patch::{schema::Schema, strategic::merge};
/// use serde_json::json;
/// let mut dest = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
///     "spec": {"containers": [{"name": "a", "image": "a:1"}]}});
/// let patch = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
///     "spec": {"containers": [{"name": "b", "image": "b:1"}]}});
/// assert!(merge(&mut dest, &patch, Schema::builtin()).unwrap());
/// assert_eq!(dest["spec"]["containers"][0]["name"], "b");
/// assert_eq!(dest["spec"]["containers"][1]["name"], "a");
/// ```
pub fn merge(dest: &mut Value, patch: &Value, schema: &Schema) -> MergeResult<bool> {
    merge_with(dest, patch, schema, true)
}

/// [`merge`], with the single-key list shortcut on or off (the tests check
/// that both give the same results).
fn merge_with(dest: &mut Value, patch: &Value, schema: &Schema, fast: bool) -> MergeResult<bool> {
    let m = Merger { schema, fast };
    match m.walk(Some(dest), Some(patch), false, None)? {
        Out::Keep => {}
        Out::Clear => *dest = Value::Null,
        Out::Set(v) => *dest = v,
    }
    Ok(!is_nil_or_empty(dest))
}

/// The outcome of walking one field.
enum Out {
    /// Keep the destination value (possibly modified in place).
    Keep,
    /// Remove the field.
    Clear,
    /// Set the field to this value (`null` removes it).
    Set(Value),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
    Merge,
    Replace,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Map,
    Seq,
    Scalar,
}

fn kind(v: Option<&Value>) -> Option<Kind> {
    match v? {
        Value::Null => None,
        Value::Object(_) => Some(Kind::Map),
        Value::Array(_) => Some(Kind::Seq),
        _ => Some(Kind::Scalar),
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Map => "MappingNode",
        Kind::Seq => "SequenceNode",
        Kind::Scalar => "ScalarNode",
    }
}

/// The text of a scalar as YAML wrote it (kyaml compares these); "" for
/// collections and null.
fn text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        _ => Cow::Borrowed(""),
    }
}

/// kyaml's `IsNilOrEmpty`: null, `{}` or `[]`.
fn is_nil_or_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A plain (untagged) YAML scalar, resolved as go-yaml resolves it.
fn plain_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = s.parse::<i64>() {
        return Value::from(i);
    }
    if s.bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        if let Some(n) = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(s.to_string())
}

fn wrong_kind(expected: Kind, got: Kind) -> String {
    format!(
        "wrong node kind: expected {} but got {}",
        kind_name(expected),
        kind_name(got)
    )
}

fn map_directive(m: &Map) -> MergeResult<Option<Directive>> {
    match field(m, PATCH_KEY) {
        None => Ok(None),
        Some(v) => match text(v).as_ref() {
            "delete" => Ok(Some(Directive::Delete)),
            "replace" => Ok(Some(Directive::Replace)),
            "merge" => Ok(Some(Directive::Merge)),
            other => Err(format!("unknown patch strategy '{other}'")),
        },
    }
}

/// The directive of a list: an item holding only `$patch`. Returns the
/// directive and, when it is to be elided, its value.
fn seq_directive(list: &[Value]) -> MergeResult<(Directive, Option<String>)> {
    let item = list
        .iter()
        .filter_map(Value::as_object)
        .find(|m| field(m, PATCH_KEY).is_some());
    let Some(m) = item else {
        return Ok((Directive::Merge, None));
    };
    if m.len() > 1 {
        return Ok((Directive::Merge, None));
    }
    let v = m.get(PATCH_KEY).map(text).unwrap_or_default().into_owned();
    let d = match v.as_str() {
        "delete" => Directive::Delete,
        "replace" => Directive::Replace,
        "merge" => Directive::Merge,
        other => return Err(format!("unknown patch strategy '{other}'")),
    };
    Ok((d, Some(v)))
}

/// Remove the `{$patch: v}` items (and, as kyaml does, null and empty items).
fn elide_seq(list: &mut Vec<Value>, v: &str) -> MergeResult<()> {
    element_setter(list, None, &[PATCH_KEY.to_string()], &[v.to_string()])
}

/// kyaml's `FieldMatcher{Name, StringValue}` on a list item: does it have
/// field `name` (with text `value` unless `value` is empty)? With an empty
/// name, compares the item's own text.
fn field_matches(elem: &Value, name: &str, value: &str) -> MergeResult<bool> {
    if elem.is_null() {
        return Ok(false);
    }
    if name.is_empty() {
        return match kind(Some(elem)) {
            Some(Kind::Scalar) => Ok(text(elem) == value),
            Some(k) => Err(wrong_kind(Kind::Scalar, k)),
            None => Ok(false),
        };
    }
    match elem {
        Value::Object(m) => Ok(match m.get(name) {
            Some(f) => value.is_empty() || text(f) == value,
            None => false,
        }),
        other => Err(wrong_kind(
            Kind::Map,
            kind(Some(other)).unwrap_or(Kind::Scalar),
        )),
    }
}

/// kyaml's `ElementSetter`: in `list`, replace the items matching all
/// `keys`/`values` with `element` (append it if none matches), or delete them
/// when `element` is `None`. Null and empty-map items are dropped on the way.
fn element_setter(
    list: &mut Vec<Value>,
    element: Option<Value>,
    keys: &[String],
    values: &[String],
) -> MergeResult<()> {
    let empty_key = [String::new()];
    let keys: &[String] = if keys.is_empty() { &empty_key } else { keys };
    let mapping_setter = keys.first().is_some_and(|k| !k.is_empty())
        && values.first().is_some_and(|v| !v.is_empty());
    let mut out = Vec::with_capacity(list.len() + 1);
    let mut found_any = false;
    let mut matches: Vec<usize> = Vec::new();
    for elem in list.drain(..) {
        if is_null_or_empty_map(&elem) {
            continue;
        }
        if !elem.is_object() && mapping_setter {
            out.push(elem);
            continue;
        }
        let mut matched = false;
        let mut found = true;
        for (j, key) in keys.iter().enumerate() {
            if let Some(v) = values.get(j) {
                matched = field_matches(&elem, key, v)?;
            }
            if !matched {
                found = false;
                break;
            }
        }
        if !found {
            if !values.is_empty() {
                out.push(elem);
            }
            continue;
        }
        found_any = true;
        if element.is_some() {
            // Filled below: clones for all matches but the last, which
            // takes `element` itself (usually the only match).
            matches.push(out.len());
            out.push(Value::Null);
        }
    }
    *list = out;
    if let Some(e) = element {
        if let Some((&last, rest)) = matches.split_last() {
            for &p in rest {
                if let Some(slot) = list.get_mut(p) {
                    *slot = e.clone();
                }
            }
            if let Some(slot) = list.get_mut(last) {
                *slot = e;
            }
        } else if !found_any && !e.is_null() {
            list.push(e);
        }
    }
    Ok(())
}

fn is_null_or_empty_map(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// kyaml's `ElementList` (via `ElementMatcher`): the first item matching
/// all `keys`/`values` exactly.
fn element_list(list: &[Value], keys: &[String], values: &[String]) -> Option<usize> {
    let first_key = keys.first().map_or("", String::as_str);
    let first_value = values.first().map_or("", String::as_str);
    if first_key.is_empty() {
        return list.iter().position(|e| text(e) == first_value);
    }
    if keys.len() != values.len() {
        return None;
    }
    list.iter().position(|e| {
        e.as_object().is_some_and(|m| {
            keys.iter()
                .zip(values)
                .all(|(k, v)| m.get(k).is_some_and(|f| text(f) == v.as_str()))
        })
    })
}

/// The merge-key values of every item of the patch, then of the resource,
/// without repeats.
fn element_values(origin: Option<&[Value]>, dest: &[Value], keys: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    if keys.is_empty() {
        return out;
    }
    for src in origin.into_iter().chain(std::iter::once(dest)) {
        for e in src {
            let tuple: Vec<String> = keys
                .iter()
                .map(|k| {
                    e.as_object()
                        .and_then(|m| m.get(k))
                        .filter(|v| !is_nil_or_empty(v))
                        .map(|v| text(v).into_owned())
                        .unwrap_or_default()
                })
                .collect();
            if seen.insert(tuple.clone()) {
                out.push(tuple);
            }
        }
    }
    out
}

/// The texts of the items of a list of scalars, patch first, without repeats.
fn primitive_values(origin: Option<&[Value]>, dest: &[Value]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for src in origin.into_iter().chain(std::iter::once(dest)) {
        for e in src {
            let t = text(e).into_owned();
            if seen.insert(t.clone()) {
                out.push(vec![t]);
            }
        }
    }
    out
}

/// kyaml's `validateKeys`: keep the keys that have a value in some tuple.
fn validate_keys(
    values_list: &[Vec<String>],
    values: &[String],
    keys: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut valid: HashSet<&str> = HashSet::new();
    for vals in values_list {
        for (i, v) in vals.iter().enumerate() {
            if !v.is_empty() {
                if let Some(k) = keys.get(i) {
                    valid.insert(k);
                }
            }
        }
    }
    if valid.is_empty() {
        return (keys.to_vec(), values.to_vec());
    }
    let vk = keys
        .iter()
        .filter(|k| valid.contains(k.as_str()))
        .cloned()
        .collect();
    let vv = values
        .iter()
        .enumerate()
        .filter(|(i, v)| !v.is_empty() || keys.get(*i).is_some_and(|k| valid.contains(k.as_str())))
        .map(|(_, v)| v.clone())
        .collect();
    (vk, vv)
}

/// kyaml's `match`: tuples match when they share a value and differ only
/// where one of them is empty; returns the combined tuple.
fn tuples_match(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() != b.len() {
        return None;
    }
    let mut common = false;
    let mut res = Vec::with_capacity(a.len());
    for (x, y) in a.iter().zip(b) {
        if x == y {
            common = true;
            res.push(x.clone());
            continue;
        }
        if !x.is_empty() && !y.is_empty() {
            return None;
        }
        res.push(if x.is_empty() { y.clone() } else { x.clone() });
    }
    common.then_some(res)
}

/// kyaml's `mergeValues` (for several merge keys): a tuple with an empty
/// secondary key takes the value of a matching tuple.
fn merge_values(list: &mut [Vec<String>]) {
    for i in 0..list.len() {
        let Some(v1) = list.get(i).cloned() else {
            continue;
        };
        for j in 0..list.len() {
            let Some(v2) = list.get(j) else { continue };
            if let Some(m) = tuples_match(&v1, v2) {
                if let Some(slot) = list.get_mut(i) {
                    *slot = m.clone();
                }
                if let Some(slot) = list.get_mut(j) {
                    *slot = m;
                }
            }
        }
    }
}

/// True when every item is a map with all merge keys set, no two alike
/// (or, for a list of scalars, every item a distinct scalar).
fn distinct_keys(list: &[Value], keys: &[String]) -> bool {
    let mut seen: HashSet<Vec<Cow<'_, str>>> = HashSet::with_capacity(list.len());
    for e in list {
        let tuple: Option<Vec<Cow<'_, str>>> = if keys.is_empty() {
            match kind(Some(e)) {
                Some(Kind::Scalar) => {
                    let t = text(e);
                    (!t.is_empty()).then(|| vec![t])
                }
                _ => None,
            }
        } else {
            e.as_object().and_then(|m| {
                keys.iter()
                    .map(|k| {
                        m.get(k)
                            .filter(|v| !is_nil_or_empty(v))
                            .map(text)
                            .filter(|t| !t.is_empty())
                    })
                    .collect()
            })
        };
        match tuple {
            Some(t) => {
                if !seen.insert(t) {
                    return false;
                }
            }
            None => return false,
        }
    }
    true
}

/// kyaml's `appendListNode`: put the resource's items into the merged list,
/// replacing the entries with the same key, appending the others.
fn append_list_node(
    mut dst: Vec<Value>,
    src: Vec<Value>,
    keys: &[String],
) -> MergeResult<Vec<Value>> {
    let primitive = keys.first().is_none_or(String::is_empty);
    for elem in src {
        if primitive {
            let t = text(&elem).into_owned();
            element_setter(&mut dst, Some(elem), &[String::new()], &[t])?;
            continue;
        }
        let mut v = Vec::with_capacity(keys.len());
        for key in keys {
            let field = match &elem {
                Value::Null => None,
                Value::Object(m) => m.get(key),
                other => {
                    return Err(wrong_kind(
                        Kind::Map,
                        kind(Some(other)).unwrap_or(Kind::Scalar),
                    ));
                }
            };
            match field {
                None => dst.push(elem.clone()),
                Some(f) => v.push(text(f).into_owned()),
            }
        }
        if keys.len() > 1 {
            element_setter(&mut dst, None, keys, &v)?;
        }
        element_setter(&mut dst, Some(elem), keys, &v)?;
    }
    Ok(dst)
}

/// The shortcut for the usual merge list: one merge key, and every item of
/// the resource's list and of the patch's a map whose key is a non-empty
/// scalar, no two alike within a list. There kyaml's general algorithm
/// (value tuples, `ElementSetter` rebuilding the list per item,
/// `appendListNode`) comes down to: walk the patch's items in order, each
/// with the resource's item of the same key if any, then the resource's
/// other items in order. Returns those `(resource index, patch index)`
/// pairs, or `None` when the list is not of that shape.
fn single_key_plan(dest: &[Value], origin: &[Value], key: &str) -> Option<Plan> {
    if dest.len() + origin.len() <= SMALL_PLAN {
        plan_by_scan(dest, origin, key)
    } else {
        plan_by_hash(dest, origin, key)
    }
}

/// Lists up to this many items in all are planned by comparing keys
/// (cheaper than hashing them).
const SMALL_PLAN: usize = 24;

/// An item's merge-key text, when it is a non-empty scalar in a map.
fn plan_key<'a>(e: &'a Value, key: &str) -> Option<Cow<'a, str>> {
    let f = field(e.as_object()?, key)?;
    if !matches!(f, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
        return None;
    }
    let t = text(f);
    (!t.is_empty()).then_some(t)
}

/// [`single_key_plan`] by comparing keys.
fn plan_by_scan(dest: &[Value], origin: &[Value], key: &str) -> Option<Plan> {
    let dest_keys: Vec<Cow<'_, str>> = dest
        .iter()
        .map(|e| plan_key(e, key))
        .collect::<Option<_>>()?;
    let origin_keys: Vec<Cow<'_, str>> = origin
        .iter()
        .map(|e| plan_key(e, key))
        .collect::<Option<_>>()?;
    for keys in [&dest_keys, &origin_keys] {
        for (i, k) in keys.iter().enumerate() {
            if keys.iter().take(i).any(|o| o == k) {
                return None;
            }
        }
    }
    let mut used = vec![false; dest.len()];
    let mut plan = Vec::with_capacity(dest.len() + origin.len());
    for (j, t) in origin_keys.iter().enumerate() {
        let di = dest_keys.iter().position(|d| d == t);
        plan_pair(&mut plan, &mut used, di, j);
    }
    Some(finish_plan(plan, &used))
}

/// A plan entry pairing origin item `j` with destination item `di`, if any.
fn plan_pair(plan: &mut Plan, used: &mut [bool], di: Option<usize>, j: usize) {
    if let Some(slot) = di.and_then(|i| used.get_mut(i)) {
        *slot = true;
    }
    plan.push((di, Some(j)));
}

/// The plan, followed by the destination items no origin item paired with.
fn finish_plan(mut plan: Plan, used: &[bool]) -> Plan {
    for (i, u) in used.iter().enumerate() {
        if !u {
            plan.push((Some(i), None));
        }
    }
    plan
}

/// Pairs of (destination, origin) list positions, in merge order.
type Plan = Vec<(Option<usize>, Option<usize>)>;

/// [`single_key_plan`] with hash tables (long lists).
fn plan_by_hash(dest: &[Value], origin: &[Value], key: &str) -> Option<Plan> {
    let mut by_key: HashMap<Cow<'_, str>, usize> = HashMap::with_capacity(dest.len());
    for (i, e) in dest.iter().enumerate() {
        if by_key.insert(plan_key(e, key)?, i).is_some() {
            return None;
        }
    }
    let mut used = vec![false; dest.len()];
    let mut seen: HashSet<Cow<'_, str>> = HashSet::with_capacity(origin.len());
    let mut plan = Vec::with_capacity(dest.len() + origin.len());
    for (j, e) in origin.iter().enumerate() {
        let t = plan_key(e, key)?;
        let di = by_key.get(&t).copied();
        if !seen.insert(t) {
            return None;
        }
        plan_pair(&mut plan, &mut used, di, j);
    }
    Some(finish_plan(plan, &used))
}

struct Merger<'s> {
    schema: &'s Schema,
    /// Use [`single_key_plan`]'s shortcut where it applies.
    fast: bool,
}

impl<'s> Merger<'s> {
    /// The schema of a map from its own `apiVersion` and `kind`.
    fn by_meta(&self, sources: [Option<&Value>; 2]) -> Option<SchemaNode<'s>> {
        for src in sources.into_iter().flatten() {
            let Some(m) = src.as_object() else { continue };
            let get = |k: &str| {
                field(m, k)
                    .filter(|v| !is_nil_or_empty(v))
                    .map(text)
                    .unwrap_or_default()
            };
            let (api, kind) = (get("apiVersion"), get("kind"));
            if api.is_empty() || kind.is_empty() {
                continue;
            }
            if let Some(n) = self.schema.for_type(&api, &kind) {
                return Some(n);
            }
        }
        None
    }

    /// Walk one field: `dest` from the resource, `origin` from the patch.
    /// `same` says `dest` is a copy of `origin` (new content being added).
    fn walk(
        &self,
        dest: Option<&mut Value>,
        origin: Option<&Value>,
        same: bool,
        sch: Option<SchemaNode<'s>>,
    ) -> MergeResult<Out> {
        let sch = match sch {
            Some(s) => Some(s),
            None => self.by_meta([dest.as_deref(), origin]),
        };
        let dk = kind(dest.as_deref());
        let ok = kind(origin);
        if let (Some(a), Some(b)) = (dk, ok) {
            if a != b {
                return Err(wrong_kind(a, b));
            }
        }
        match dk.or(ok) {
            None | Some(Kind::Map) => self.walk_map(dest, origin, same, sch),
            Some(Kind::Seq) => match sch.and_then(|s| s.merge_keys().map(|k| (s, k))) {
                Some((s, keys)) => {
                    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                    self.walk_assoc(dest, origin, same, s, &keys)
                }
                None => Ok(match origin {
                    Some(o) => Out::Set(o.clone()),
                    None => Out::Keep,
                }),
            },
            Some(Kind::Scalar) => Ok(match (origin, dest) {
                // Setting a scalar to the value it has changes nothing.
                (Some(o), Some(d)) if *d == *o => Out::Keep,
                (Some(o), _) => Out::Set(o.clone()),
                (None, _) => Out::Keep,
            }),
        }
    }

    fn walk_map(
        &self,
        dest: Option<&mut Value>,
        origin: Option<&Value>,
        same: bool,
        sch: Option<SchemaNode<'s>>,
    ) -> MergeResult<Out> {
        let Some(dest) = dest.filter(|d| !d.is_null()) else {
            // Adding: the patch's value, with its directives applied.
            let d = match origin {
                Some(Value::Object(m)) => map_directive(m).ok().flatten(),
                _ => None,
            };
            if d == Some(Directive::Delete) {
                return Ok(Out::Clear);
            }
            return match origin {
                // A null already in the resource stays (dest was null).
                None => Ok(Out::Keep),
                Some(Value::Object(o)) => {
                    let mut new = o.clone();
                    if d.is_some() {
                        new.shift_remove(PATCH_KEY);
                    }
                    self.walk_fields(&mut new, Some(o), d.is_some(), true, sch)?;
                    Ok(Out::Set(Value::Object(new)))
                }
                Some(other) => Ok(Out::Set(other.clone())),
            };
        };
        if matches!(origin, Some(Value::Null)) {
            return Ok(Out::Clear);
        }
        let om = origin.and_then(Value::as_object);
        let d = match om {
            Some(m) => map_directive(m)?,
            None => None,
        };
        match (d, om) {
            (Some(Directive::Delete), _) => Ok(Out::Clear),
            (Some(Directive::Replace), Some(o)) => {
                let mut new = o.clone();
                new.shift_remove(PATCH_KEY);
                self.walk_fields(&mut new, Some(o), true, true, sch)?;
                Ok(Out::Set(Value::Object(new)))
            }
            _ => {
                let Some(dm) = dest.as_object_mut() else {
                    return Ok(Out::Keep);
                };
                if same && d.is_some() {
                    dm.shift_remove(PATCH_KEY);
                }
                self.walk_fields(dm, om, d.is_some(), same, sch)?;
                Ok(Out::Keep)
            }
        }
    }

    /// Walk every field of either map, setting the results on `dm`. (kyaml
    /// visits them in sorted order; fields are independent, so the order
    /// does not show.)
    fn walk_fields(
        &self,
        dm: &mut Map,
        om: Option<&Map>,
        skip_patch_key: bool,
        same: bool,
        sch: Option<SchemaNode<'s>>,
    ) -> MergeResult<()> {
        let origin_field = |key: &str| match om {
            Some(_) if skip_patch_key && key == PATCH_KEY => None,
            Some(m) => field(m, key),
            None => None,
        };
        let mut removed: Vec<String> = Vec::new();
        for (key, v) in dm.iter_mut() {
            let fs = sch.and_then(|s| s.field(key));
            match self.walk(Some(v), origin_field(key), same, fs)? {
                Out::Keep => {}
                Out::Clear | Out::Set(Value::Null) => removed.push(key.clone()),
                Out::Set(new) => *v = new,
            }
        }
        for key in &removed {
            dm.shift_remove(key);
        }
        let Some(o) = om else {
            return Ok(());
        };
        for (key, ov) in o {
            if (skip_patch_key && key == PATCH_KEY)
                || field(dm, key).is_some()
                || removed.iter().any(|r| r == key)
            {
                continue;
            }
            let fs = sch.and_then(|s| s.field(key));
            match self.walk(None, Some(ov), same, fs)? {
                Out::Keep | Out::Clear | Out::Set(Value::Null) => {}
                Out::Set(new) => {
                    dm.insert(key.clone(), new);
                }
            }
        }
        Ok(())
    }

    /// A list with a merge strategy.
    fn walk_assoc(
        &self,
        dest: Option<&mut Value>,
        origin: Option<&Value>,
        mut same: bool,
        sch: SchemaNode<'s>,
        keys: &[String],
    ) -> MergeResult<Out> {
        let dest = dest.filter(|d| !d.is_null());
        let origin_arr = origin.and_then(Value::as_array);
        let (list, origin_list): (Vec<Value>, Option<Cow<'_, [Value]>>) = match dest {
            None => match origin_arr {
                // Adding: the patch's list, merged with itself.
                Some(o) => {
                    same = true;
                    (o.clone(), Some(Cow::Borrowed(o.as_slice())))
                }
                None => return Ok(Out::Clear),
            },
            Some(d) => {
                if matches!(origin, Some(Value::Null)) {
                    return Ok(Out::Clear);
                }
                let (dir, elide) = match origin_arr {
                    Some(o) => seq_directive(o)?,
                    None => (Directive::Merge, None),
                };
                let eff: Option<Cow<'_, [Value]>> = match (origin_arr, &elide) {
                    (Some(o), Some(v)) => {
                        let mut l = o.clone();
                        elide_seq(&mut l, v)?;
                        Some(Cow::Owned(l))
                    }
                    (Some(o), None) => Some(Cow::Borrowed(o.as_slice())),
                    (None, _) => None,
                };
                match dir {
                    Directive::Delete => return Ok(Out::Clear),
                    Directive::Replace => {
                        same = true;
                        let l = eff.as_deref().map(<[Value]>::to_vec).unwrap_or_default();
                        (l, eff)
                    }
                    Directive::Merge => {
                        let mut l = match d {
                            Value::Array(a) => std::mem::take(a),
                            _ => Vec::new(),
                        };
                        if same {
                            if let Some(v) = &elide {
                                elide_seq(&mut l, v)?;
                            }
                        }
                        (l, eff)
                    }
                }
            }
        };
        let elem_sch = sch.elements();
        let origin_slice = origin_list.as_deref();
        if let (true, [key], Some(o)) = (self.fast, keys, origin_slice) {
            if let Some(plan) = single_key_plan(&list, o, key) {
                let merged = self.merge_planned(list, o, &plan, elem_sch, same)?;
                return Ok(Out::Set(Value::Array(merged)));
            }
        }
        let list = if origin_slice.is_none() {
            match self.normalize_distinct(list, keys, elem_sch)? {
                Ok(done) => return Ok(Out::Set(Value::Array(done))),
                Err(list) => list,
            }
        } else {
            list
        };
        let values = element_values(origin_slice, &list, keys);
        let merged = if !values.is_empty() || !keys.is_empty() {
            self.set_associative(values, keys, list, origin_slice, elem_sch, same)?
        } else {
            let values = primitive_values(origin_slice, &list);
            self.set_associative(values, &[String::new()], list, origin_slice, elem_sch, same)?
        };
        Ok(Out::Set(Value::Array(merged)))
    }

    /// A merge list the patch does not touch, whose items are maps with
    /// distinct, complete keys (or distinct scalars): kyaml's walk leaves it
    /// in order, only walking each item. Gives the list back when the
    /// shortcut does not apply.
    fn normalize_distinct(
        &self,
        mut list: Vec<Value>,
        keys: &[String],
        elem_sch: Option<SchemaNode<'s>>,
    ) -> MergeResult<Result<Vec<Value>, Vec<Value>>> {
        if !distinct_keys(&list, keys) {
            return Ok(Err(list));
        }
        if !keys.is_empty() {
            for e in list.iter_mut() {
                // An item walked alone is kept (possibly normalised inside).
                self.walk(Some(e), None, false, elem_sch)?;
            }
        }
        Ok(Ok(list))
    }

    /// [`Merger::set_associative`] for a list planned by
    /// [`single_key_plan`]: walk each pair in the plan's order and keep the
    /// results that are not gone. An item the resource had is kept as the
    /// resource holds it after its walk (kyaml's `appendListNode` puts the
    /// resource's node back over the merged one, so a `$patch: replace`
    /// item leaves it as it was); an item only the patch has is the walk's
    /// result. Nothing is cloned.
    fn merge_planned(
        &self,
        mut dest: Vec<Value>,
        origin: &[Value],
        plan: &[(Option<usize>, Option<usize>)],
        elem_sch: Option<SchemaNode<'s>>,
        same: bool,
    ) -> MergeResult<Vec<Value>> {
        let mut out = Vec::with_capacity(plan.len());
        for &(di, oi) in plan {
            let oe = oi.and_then(|j| origin.get(j));
            let d = di.and_then(|i| dest.get_mut(i));
            let has_dest = d.is_some();
            match self.walk(d, oe, same, elem_sch)? {
                Out::Clear => {}
                Out::Keep => {
                    if let Some(d) = di.and_then(|i| dest.get_mut(i)) {
                        if !is_null_or_empty_map(d) {
                            out.push(std::mem::take(d));
                        }
                    }
                }
                Out::Set(v) => {
                    if is_null_or_empty_map(&v) {
                        continue;
                    }
                    match di.and_then(|i| dest.get_mut(i)) {
                        Some(d) if has_dest => out.push(std::mem::take(d)),
                        _ => out.push(v),
                    }
                }
            }
        }
        Ok(out)
    }

    /// kyaml's `setAssociativeSequenceElements`.
    fn set_associative(
        &self,
        mut values_list: Vec<Vec<String>>,
        keys: &[String],
        mut dest: Vec<Value>,
        origin: Option<&[Value]>,
        elem_sch: Option<SchemaNode<'s>>,
        same: bool,
    ) -> MergeResult<Vec<Value>> {
        let mut items: Vec<Value> = Vec::new();
        if keys.len() > 1 {
            merge_values(&mut values_list);
        }
        let mut valid_keys: Vec<String> = Vec::new();
        for values in &values_list {
            if values.is_empty() {
                continue;
            }
            let (vk, vv) = validate_keys(&values_list, values, keys);
            let (k2, v2) = validate_keys(std::slice::from_ref(&vv), &vv, &vk);
            let di = element_list(&dest, &k2, &v2);
            let oe = origin.and_then(|o| element_list(o, &k2, &v2).and_then(|i| o.get(i)));
            let out = self.walk(di.and_then(|i| dest.get_mut(i)), oe, same, elem_sch)?;
            let mut val = match out {
                Out::Keep => di.and_then(|i| dest.get(i)).cloned(),
                Out::Clear => None,
                Out::Set(v) => Some(v),
            };
            let mut exit = false;
            for (i, key) in vk.iter().enumerate() {
                let gone = match &val {
                    None | Some(Value::Null) => true,
                    Some(Value::Object(m)) => m.is_empty(),
                    _ => false,
                };
                if gone {
                    element_setter(&mut dest, None, &vk, &vv)?;
                    exit = true;
                } else if let Some(Value::Object(m)) = val.as_mut() {
                    let vi = vv.get(i).map_or("", String::as_str);
                    if !m.contains_key(key) && !vi.is_empty() {
                        m.insert(key.clone(), plain_scalar(vi));
                    }
                }
            }
            valid_keys = vk;
            if exit {
                continue;
            }
            if let Some(v) = val {
                let (vk, vv) = (&valid_keys, &vv);
                element_setter(&mut items, Some(v), vk, vv)?;
            }
        }
        if !values_list.is_empty() {
            dest = append_list_node(items, dest, &valid_keys)?;
        }
        Ok(dest)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fast_tests;

#[cfg(test)]
mod element_setter_tests {
    use super::element_setter;
    use serde_json::json;

    fn keys() -> Vec<String> {
        vec!["name".to_string()]
    }

    #[test]
    fn every_match_is_replaced_the_last_one_by_the_element_itself() {
        let mut list = vec![
            json!({"name": "a", "x": 1}),
            json!({"name": "b"}),
            json!({"name": "a", "x": 2}),
            json!({"name": "a", "x": 3}),
        ];
        let elem = json!({"name": "a", "y": 3});
        element_setter(&mut list, Some(elem.clone()), &keys(), &["a".into()]).unwrap();
        assert_eq!(
            list,
            vec![elem.clone(), json!({"name": "b"}), elem.clone(), elem]
        );
    }

    #[test]
    fn no_match_appends_none_deletes_null_keeps() {
        let base = vec![json!({"name": "a"}), json!({}), json!({"name": "b"})];
        let mut list = base.clone();
        let c = json!({"name": "c"});
        element_setter(&mut list, Some(c.clone()), &keys(), &["c".into()]).unwrap();
        assert_eq!(list, vec![json!({"name": "a"}), json!({"name": "b"}), c]);
        let mut list = base.clone();
        element_setter(&mut list, None, &keys(), &["a".into()]).unwrap();
        assert_eq!(list, vec![json!({"name": "b"})]);
        let mut list = base;
        element_setter(&mut list, Some(json!(null)), &keys(), &["c".into()]).unwrap();
        assert_eq!(list, vec![json!({"name": "a"}), json!({"name": "b"})]);
    }
}
