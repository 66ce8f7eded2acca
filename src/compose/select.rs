//! Resource selection shared by `replacements` and `vars`: Kustomize's
//! `ResId.IsSelectedBy` (exact group/version/kind/name/namespace, empty
//! fields match anything, namespaces compared effectively) and Kubernetes
//! label selectors (for `labelSelector` / `annotationSelector`).

use crate::resource::{Map, ResId, Resource, Value};
use serde::Deserialize;

/// A `(group, version, kind, name, namespace)` selector; empty fields match any.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct IdSelector {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

impl IdSelector {
    /// True when every field is empty.
    pub fn is_empty(&self) -> bool {
        *self == IdSelector::default()
    }

    /// Kustomize's `ResId.String()` form: `Kind.version.group/name.namespace`
    /// with `[noKind]`-style placeholders.
    pub fn display(&self) -> String {
        fn or<'a>(s: &'a str, d: &'a str) -> &'a str {
            if s.is_empty() { d } else { s }
        }
        format!(
            "{}.{}.{}/{}.{}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]"),
            or(&self.name, "[noName]"),
            or(&self.namespace, "[noNs]")
        )
    }

    /// Kustomize's `id.IsSelectedBy(selector)`.
    pub fn selects(&self, id: &ResId) -> bool {
        (self.name.is_empty() || self.name == id.name)
            && (self.namespace.is_empty()
                || effective_namespace(&self.group, &self.version, &self.kind, &self.namespace)
                    == effective_namespace(&id.group, &id.version, &id.kind, &id.namespace))
            && (self.group.is_empty() || self.group == id.group)
            && (self.version.is_empty() || self.version == id.version)
            && (self.kind.is_empty() || self.kind == id.kind)
    }
}

/// The current id followed by the previous ids (Kustomize's `MakeResIds`).
pub(crate) fn all_ids(r: &Resource) -> Vec<ResId> {
    let mut ids = vec![r.id()];
    ids.extend(r.history.iter().cloned());
    ids
}

/// True when the kind is certainly cluster-scoped (Kubernetes v1.21.2 schema,
/// as Kustomize v5.5.0 uses by default).
pub(crate) use crate::schema::scope::is_cluster_scoped_gv as is_cluster_scoped;

/// Kustomize's `EffectiveNamespace`.
pub(crate) use crate::resmap::namespace_of as effective_namespace;

/// A string map (labels or annotations) of `metadata`.
pub(crate) fn string_map<'a>(r: &'a Resource, field: &str) -> Option<&'a Map> {
    r.obj.get("metadata")?.get(field)?.as_object()
}

#[derive(Debug, PartialEq)]
enum Req {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// Does the Kubernetes label selector `sel` match `labels`? An empty selector
/// matches everything. A malformed selector is an error.
pub(crate) fn matches_selector(sel: &str, labels: Option<&Map>) -> Result<bool, String> {
    let reqs = parse_selector(sel)?;
    let get = |k: &str| labels.and_then(|m| m.get(k)).map(value_text);
    Ok(reqs.iter().all(|r| match r {
        Req::Eq(k, v) => get(k).as_deref() == Some(v.as_str()),
        Req::NotEq(k, v) => get(k).as_deref() != Some(v.as_str()),
        Req::In(k, vs) => get(k).is_some_and(|x| vs.contains(&x)),
        Req::NotIn(k, vs) => get(k).is_none_or(|x| !vs.contains(&x)),
        Req::Exists(k) => get(k).is_some(),
        Req::NotExists(k) => get(k).is_none(),
    }))
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_selector(sel: &str) -> Result<Vec<Req>, String> {
    let mut reqs = Vec::new();
    // Split on commas outside parentheses.
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in sel.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&sel[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&sel[start..]);
    if parts.len() == 1 && parts[0].trim().is_empty() {
        return Ok(reqs);
    }
    for part in parts {
        let p = part.trim();
        if p.is_empty() {
            return Err(format!(
                "found '', expected: identifier in selector {sel:?}"
            ));
        }
        let err = || format!("unable to parse requirement {p:?} in selector {sel:?}");
        if let Some(k) = p.strip_prefix('!') {
            reqs.push(Req::NotExists(k.trim().to_string()));
        } else if let Some((k, v)) = p.split_once("!=") {
            reqs.push(Req::NotEq(k.trim().into(), v.trim().into()));
        } else if let Some((k, v)) = p.split_once("==") {
            reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
        } else if let Some((k, v)) = p.split_once('=') {
            reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
        } else if let Some((k, rest)) = split_word(p, " notin ") {
            reqs.push(Req::NotIn(k, set_values(rest).ok_or_else(err)?));
        } else if let Some((k, rest)) = split_word(p, " in ") {
            reqs.push(Req::In(k, set_values(rest).ok_or_else(err)?));
        } else if p.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
            reqs.push(Req::Exists(p.to_string()));
        } else {
            return Err(err());
        }
    }
    Ok(reqs)
}

fn split_word(p: &str, word: &str) -> Option<(String, String)> {
    let (k, rest) = p.split_once(word)?;
    Some((k.trim().to_string(), rest.trim().to_string()))
}

fn set_values(rest: String) -> Option<Vec<String>> {
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|s| s.trim().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selects_ids() {
        let id = ResId::new("apps/v1", "Deployment", "", "web");
        let s = IdSelector {
            kind: "Deployment".into(),
            namespace: "default".into(),
            ..Default::default()
        };
        assert!(s.selects(&id));
        let s = IdSelector {
            group: "extensions".into(),
            ..Default::default()
        };
        assert!(!s.selects(&id));
        let ns = ResId::new("v1", "Namespace", "", "x");
        let s = IdSelector {
            namespace: "other".into(),
            kind: "Namespace".into(),
            ..Default::default()
        };
        assert!(!s.selects(&ns));
    }

    #[test]
    fn label_selectors() {
        let m = json!({"app": "web", "tier": "front"});
        let m = m.as_object();
        assert!(matches_selector("", m).unwrap());
        assert!(matches_selector("app=web", m).unwrap());
        assert!(matches_selector("app==web,tier", m).unwrap());
        assert!(!matches_selector("app!=web", m).unwrap());
        assert!(matches_selector("tier in (a, front)", m).unwrap());
        assert!(!matches_selector("tier notin (front)", m).unwrap());
        assert!(matches_selector("!missing", m).unwrap());
        assert!(!matches_selector("missing", m).unwrap());
        assert!(matches_selector("a,,b", m).is_err());
    }
}
