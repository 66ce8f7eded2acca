//! The field-spec walker shared by every transformer (and by vars): visit
//! each place a [`FieldSpec`] path reaches in an object, creating missing
//! fields as Kustomize's `fieldspec.Filter` does.
//!
//! Semantics, step by step along the path:
//! - a sequence is traversed element by element with the same remaining path
//!   (so `containers/image` and `containers[]/image` both reach every image);
//! - a `null` value ends the walk quietly;
//! - in a mapping the next field is looked up; with `create` (and a create
//!   kind given by the transformer) a missing field is created — a mapping on
//!   the way, the create kind at the end. A field written `name[]` is never
//!   created, but an explicit `null` there becomes an empty sequence;
//! - a scalar in the middle of the path is an error.
//!
//! Path elements are separated by `/`; `\/` escapes a slash inside a key
//! (annotation names).

use super::fieldspec::FieldSpec;
use crate::resource::{Map, Value, field, field_mut};
use std::borrow::Cow;

/// What a transformer writes at the end of a path, which is what the walker
/// creates there when the field spec says `create: true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Create {
    /// A scalar (names, namespaces, images, replica counts).
    Scalar,
    /// A mapping (labels, annotations).
    Map,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Scalar,
    Map,
    Seq,
}

/// Split a field-spec path at `/`, honouring `\/` escapes and a leading `/`.
///
/// ```
/// use rustomize::transform::walk::split_path;
/// assert_eq!(split_path("metadata/annotations/a.io\\/b"), vec!["metadata", "annotations", "a.io/b"]);
/// assert_eq!(split_path("/spec/x"), vec!["spec", "x"]);
/// ```
pub fn split_path(path: &str) -> Vec<String> {
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 1 && parts[0].is_empty() {
        parts.remove(0);
    }
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    for p in parts {
        match out.last_mut() {
            Some(last) if last.ends_with('\\') => {
                last.pop();
                last.push('/');
                last.push_str(p);
            }
            _ => out.push(p.to_string()),
        }
    }
    out
}

/// Error text of a walk (the caller adds which resource and field).
pub type WalkError = String;

/// A setter called at each place the path reaches.
pub type SetFn<'a> = dyn FnMut(&mut Value) -> Result<(), WalkError> + 'a;

/// Walk `fs.path` in the object `obj` (a whole resource) and call `set` at
/// every place it reaches. The group/version/kind filter of `fs` is checked
/// against the object's `apiVersion` and `kind`; a non-matching object is
/// left alone. `create` is what the transformer writes (and so creates when
/// `fs.create` is set); `None` never creates anything.
///
/// ```
/// use rustomize::transform::{fieldspec::FieldSpec, walk::{apply, Create}};
/// let mut obj = serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment",
///     "spec": {"template": {"spec": {"containers": [{"image": "a"}, {"image": "b"}]}}}});
/// let fs = FieldSpec::new("", "", "Deployment", "spec/template/spec/containers[]/image", true);
/// let mut seen = vec![];
/// apply(obj.as_object_mut().unwrap(), &fs, Some(Create::Scalar), &mut |v| {
///     seen.push(v.as_str().unwrap_or("").to_string());
///     Ok(())
/// }).unwrap();
/// assert_eq!(seen, ["a", "b"]);
/// ```
pub fn apply(
    obj: &mut Map,
    fs: &FieldSpec,
    create: Option<Create>,
    set: &mut SetFn<'_>,
) -> Result<(), WalkError> {
    let (api_version, kind) = type_of(obj);
    if !fs.selects(api_version, kind) {
        return Ok(());
    }
    apply_unfiltered(obj, fs, create, set)
}

/// The `apiVersion` and `kind` of an object, as [`apply`] checks them
/// against a field spec's filter ("" where absent or not a string).
pub fn type_of(obj: &Map) -> (&str, &str) {
    let s = |k: &str| field(obj, k).and_then(Value::as_str).unwrap_or("");
    (s("apiVersion"), s("kind"))
}

/// [`apply`] without the group/version/kind check.
pub fn apply_unfiltered(
    obj: &mut Map,
    fs: &FieldSpec,
    create: Option<Create>,
    set: &mut SetFn<'_>,
) -> Result<(), WalkError> {
    let w = Walker {
        create: if fs.create { create } else { None },
    };
    w.map(obj, strip_root(&fs.path), set)
}

/// A path without its leading `/` ([`split_path`] drops the empty first
/// element that a leading `/` makes).
fn strip_root(path: &str) -> &str {
    path.strip_prefix('/').unwrap_or(path)
}

/// The first element of a path (as [`split_path`] gives it) and the path
/// after it, if any. Borrows the element unless it holds a `\/` escape.
fn next_segment(path: &str) -> (Cow<'_, str>, Option<&str>) {
    let b = path.as_bytes();
    let mut escaped = false;
    let mut end = b.len();
    for (i, &c) in b.iter().enumerate() {
        if c != b'/' {
            continue;
        }
        // A `/` right after a `\` of this element is part of it.
        if i > 0 && b.get(i - 1) == Some(&b'\\') {
            escaped = true;
            continue;
        }
        end = i;
        break;
    }
    let seg = path.get(..end).unwrap_or(path);
    let rest = path.get(end + 1..).filter(|_| end < b.len());
    let seg = if escaped {
        Cow::Owned(seg.replace("\\/", "/"))
    } else {
        Cow::Borrowed(seg)
    };
    (seg, rest)
}

struct Walker {
    /// What to create, when the field spec allows creating.
    create: Option<Create>,
}

impl Walker {
    /// `path`: what is left of the path (`None`: the end, where `set` runs).
    fn node(
        &self,
        node: &mut Value,
        path: Option<&str>,
        set: &mut SetFn<'_>,
    ) -> Result<(), WalkError> {
        let Some(path) = path else {
            return set(node);
        };
        match node {
            Value::Null => Ok(()),
            Value::Array(items) => {
                for item in items.iter_mut() {
                    self.node(item, Some(path), set)?;
                }
                Ok(())
            }
            Value::Object(m) => self.map(m, path, set),
            _ => Err("expected sequence or mapping node".to_string()),
        }
    }

    fn map(&self, m: &mut Map, path: &str, set: &mut SetFn<'_>) -> Result<(), WalkError> {
        let (first, rest) = next_segment(path);
        let (name, is_seq) = match first.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (first.as_ref(), false),
        };
        if name.is_empty() {
            return Err("cannot set or create an empty field name".to_string());
        }
        let kind = match self.create {
            _ if is_seq => Some(NodeKind::Seq),
            None => None,
            Some(c) if rest.is_none() => Some(match c {
                Create::Scalar => NodeKind::Scalar,
                Create::Map => NodeKind::Map,
            }),
            Some(_) => Some(NodeKind::Map),
        };
        let creating = self.create.is_some() && !is_seq;
        let field = match field_mut(m, name) {
            Some(f) => f,
            None => {
                if !creating {
                    return Ok(());
                }
                let empty = match kind {
                    Some(NodeKind::Scalar) => Value::String(String::new()),
                    _ => Value::Object(Map::new()),
                };
                // Room for exactly this field: IndexMap would double a full
                // map, and the slack would be kept for the whole build.
                reserve_exact(m, 1);
                m.entry(name.to_string()).or_insert(empty)
            }
        };
        if field.is_null() {
            match kind {
                Some(NodeKind::Seq) => *field = Value::Array(Vec::new()),
                Some(NodeKind::Map) => *field = Value::Object(Map::new()),
                Some(NodeKind::Scalar) => *field = Value::String(String::new()),
                None => {}
            }
        }
        self.node(field, rest, set)
    }
}

/// Rebuild `m` with room for exactly `extra` more entries (entries and
/// their order unchanged). serde_json's `Map` has no `reserve`; without it
/// an insert into a full map doubles it, and transformers that add a key or
/// two to every resource (`metadata/namespace`, labels, annotations) would
/// leave that slack in every map for the whole build.
pub(crate) fn reserve_exact(m: &mut Map, extra: usize) {
    let mut roomy = Map::with_capacity(m.len() + extra);
    roomy.append(m);
    *m = roomy;
}

/// Set a scalar to a string, refusing mappings and sequences (Kustomize's
/// `SetScalar`/`SetEntry("", ...)`).
pub fn set_string(node: &mut Value, value: &str) -> Result<(), WalkError> {
    match node {
        Value::Object(_) => Err("wrong node kind: expected ScalarNode but got MappingNode".into()),
        Value::Array(_) => Err("wrong node kind: expected ScalarNode but got SequenceNode".into()),
        _ => {
            *node = Value::String(value.to_string());
            Ok(())
        }
    }
}

/// The text of a scalar as Kustomize sees it (`null` is empty).
pub fn scalar_text(node: &Value) -> String {
    match node {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Set `key: value` in a mapping (labels, annotations). A `null` target is
/// left alone, as Kustomize's setter does; a scalar or sequence is an error.
pub fn set_entry(node: &mut Value, key: &str, value: &str) -> Result<(), WalkError> {
    match node {
        Value::Object(m) => {
            // Replacing in place keeps the entry where it is, as insert does.
            match field_mut(m, key) {
                Some(Value::String(s)) if s == value => {}
                Some(v) => *v = Value::String(value.to_string()),
                None => {
                    m.insert(key.to_string(), Value::String(value.to_string()));
                }
            }
            Ok(())
        }
        Value::Null => Ok(()),
        Value::Array(_) => Err("wrong node kind: expected MappingNode but got SequenceNode".into()),
        _ => Err("wrong node kind: expected MappingNode but got ScalarNode".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(obj: &mut Value, fs: &FieldSpec, create: Option<Create>) -> Result<usize, WalkError> {
        let mut n = 0;
        apply(obj.as_object_mut().unwrap(), fs, create, &mut |v| {
            n += 1;
            set_entry(v, "k", "v")
        })?;
        Ok(n)
    }

    #[test]
    fn creates_maps_along_the_path() {
        let mut obj =
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}});
        let fs = FieldSpec::new("", "", "Deployment", "spec/template/metadata/labels", true);
        assert_eq!(run(&mut obj, &fs, Some(Create::Map)).unwrap(), 1);
        assert_eq!(
            obj["spec"]["template"]["metadata"]["labels"],
            json!({"k": "v"})
        );
    }

    #[test]
    fn does_not_create_without_create() {
        let mut obj = json!({"apiVersion": "batch/v1", "kind": "Job"});
        let fs = FieldSpec::new("batch", "", "Job", "spec/selector/matchLabels", false);
        assert_eq!(run(&mut obj, &fs, Some(Create::Map)).unwrap(), 0);
        assert!(obj.get("spec").is_none());
    }

    #[test]
    fn gvk_filter() {
        let mut obj = json!({"apiVersion": "extensions/v1beta1", "kind": "Deployment"});
        let fs = FieldSpec::new("apps", "", "Deployment", "spec/x", true);
        assert_eq!(run(&mut obj, &fs, Some(Create::Map)).unwrap(), 0);
        let fs = FieldSpec::new("", "v1", "", "spec/x", true);
        assert_eq!(run(&mut obj, &fs, Some(Create::Map)).unwrap(), 0);
        let fs = FieldSpec::new("extensions", "v1beta1", "", "spec/x", true);
        assert_eq!(run(&mut obj, &fs, Some(Create::Map)).unwrap(), 1);
    }

    #[test]
    fn sequences_are_traversed_and_null_becomes_empty_list() {
        let mut obj = json!({"apiVersion": "v1", "kind": "Pod", "spec": {
            "containers": [{"image": "a"}, {"name": "no-image"}],
            "initContainers": null,
        }});
        let mut seen = Vec::new();
        for p in ["spec/containers[]/image", "spec/initContainers[]/image"] {
            let fs = FieldSpec::new("", "", "", p, true);
            apply(
                obj.as_object_mut().unwrap(),
                &fs,
                Some(Create::Scalar),
                &mut |v| {
                    seen.push(scalar_text(v));
                    Ok(())
                },
            )
            .unwrap();
        }
        // The image is created in the container that lacks one.
        assert_eq!(seen, ["a", ""]);
        assert_eq!(obj["spec"]["initContainers"], json!([]));
        // Without [] a list is traversed too, and a null is left alone.
        let mut obj = json!({"apiVersion": "v1", "kind": "Pod", "spec": {"volumes": [{"secret": {"secretName": "s"}}, {"secret": null}]}});
        let fs = FieldSpec::new("", "", "", "spec/volumes/secret/secretName", false);
        let mut seen = Vec::new();
        apply(obj.as_object_mut().unwrap(), &fs, None, &mut |v| {
            seen.push(scalar_text(v));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["s"]);
        assert_eq!(obj["spec"]["volumes"][1]["secret"], Value::Null);
    }

    #[test]
    fn null_map_is_replaced_when_creating() {
        let mut obj = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"labels": null}, "spec": {"selector": null}});
        let fs = FieldSpec::new("", "", "", "metadata/labels", true);
        run(&mut obj, &fs, Some(Create::Map)).unwrap();
        assert_eq!(obj["metadata"]["labels"], json!({"k": "v"}));
        let fs = FieldSpec::new("", "", "Service", "spec/selector", false);
        run(&mut obj, &fs, Some(Create::Map)).unwrap();
        assert_eq!(obj["spec"]["selector"], Value::Null);
    }

    #[test]
    fn scalar_in_the_middle_is_an_error() {
        let mut obj = json!({"apiVersion": "v1", "kind": "Pod", "spec": "oops"});
        let fs = FieldSpec::new("", "", "", "spec/containers/image", false);
        assert!(run(&mut obj, &fs, None).is_err());
        let fs = FieldSpec::new("", "", "", "", false);
        assert!(
            run(&mut obj, &fs, None)
                .unwrap_err()
                .contains("empty field name")
        );
    }

    /// The walker reads the path element by element as `split_path` splits
    /// it.
    #[test]
    fn segments_follow_split_path() {
        for p in [
            "",
            "/",
            "a",
            "/a",
            "//a",
            "a/",
            "a//b",
            "a/b/c",
            "a\\/b/c",
            "\\/a",
            "a/\\/b",
            "a\\\\/b",
            "x[]/y\\/z[]/w",
            "/a\\/",
            "a\\",
        ] {
            let mut got = Vec::new();
            let mut rest = Some(strip_root(p));
            while let Some(r) = rest {
                let (seg, next) = next_segment(r);
                got.push(seg.into_owned());
                rest = next;
            }
            assert_eq!(got, split_path(p), "{p:?}");
        }
    }

    #[test]
    fn escaped_slash() {
        let mut obj = json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"annotations": {"nginx.ingress.kubernetes.io/auth-secret": "s"}}});
        let fs = FieldSpec::new(
            "",
            "",
            "Ingress",
            "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret",
            false,
        );
        let mut seen = Vec::new();
        apply(obj.as_object_mut().unwrap(), &fs, None, &mut |v| {
            seen.push(scalar_text(v));
            set_string(v, "t")
        })
        .unwrap();
        assert_eq!(seen, ["s"]);
        assert_eq!(
            obj["metadata"]["annotations"]["nginx.ingress.kubernetes.io/auth-secret"],
            "t"
        );
    }
}
