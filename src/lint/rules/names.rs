//! RZ053: object names and namespaces must be valid DNS-1123 names.

use super::{Index, Out};
use crate::resource::{Resource, Value};

/// Why `s` is not a DNS-1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63).
pub(crate) fn label_error(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if s.len() > 63 {
        return Some(format!("is {} characters long (at most 63)", s.len()));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(format!(
            "contains {c:?} (only lower-case letters, digits and '-')"
        ));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("must start and end with a letter or digit".into());
    }
    None
}

/// Why `s` is not a DNS-1035 label (a DNS-1123 label that starts with a letter).
pub(crate) fn dns1035_error(s: &str) -> Option<String> {
    label_error(s).or_else(|| {
        (!s.starts_with(|c: char| c.is_ascii_lowercase()))
            .then(|| "must start with a lower-case letter".to_string())
    })
}

/// Why `s` is not a DNS-1123 subdomain (dot-separated labels, at most 253).
pub(crate) fn subdomain_error(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if s.len() > 253 {
        return Some(format!("is {} characters long (at most 253)", s.len()));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return Some(format!(
            "contains {c:?} (only lower-case letters, digits, '-' and '.')"
        ));
    }
    if s.split('.')
        .any(|part| part.is_empty() || part.starts_with('-') || part.ends_with('-'))
    {
        return Some("each dot-separated part must start and end with a letter or digit".into());
    }
    None
}

/// Why `s` is not a valid path-segment name (RBAC objects).
fn path_segment_error(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if s == "." || s == ".." {
        return Some(format!("may not be {s:?}"));
    }
    s.chars()
        .find(|c| *c == '/' || *c == '%')
        .map(|c| format!("may not contain {c:?}"))
}

/// RZ053
pub(crate) fn invalid_name(_: &Index, r: &Resource, out: &mut Out) {
    let kind = r.kind();
    let name = r.name();
    let has_generate_name = r
        .obj
        .get("metadata")
        .and_then(|m| m.get("generateName"))
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    if !(name.is_empty() && has_generate_name) {
        let (what, err) = match kind {
            "Service" => ("a DNS-1035 label", dns1035_error(name)),
            "Namespace" => ("a DNS-1123 label", label_error(name)),
            "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => {
                ("a path segment", path_segment_error(name))
            }
            "CronJob" if name.len() > 52 => (
                "a CronJob name",
                Some(format!("is {} characters long (at most 52)", name.len())),
            ),
            _ => ("a DNS-1123 subdomain", subdomain_error(name)),
        };
        if let Some(err) = err {
            out.push(
                "metadata.name",
                format!("{kind} name {name:?} is not {what}: it {err}"),
            );
        }
    }
    let ns = r.namespace();
    if !ns.is_empty() {
        if let Some(err) = label_error(ns) {
            out.push(
                "metadata.namespace",
                format!("namespace {ns:?} is not a DNS-1123 label: it {err}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_subdomains() {
        assert_eq!(label_error("web-1"), None);
        assert!(label_error("web.1").is_some());
        assert!(label_error("-web").is_some());
        assert!(label_error("Web").is_some());
        assert!(label_error(&"a".repeat(64)).is_some());
        assert_eq!(subdomain_error("a.b-c.d"), None);
        assert!(subdomain_error("a..b").is_some());
        assert!(subdomain_error("a_b").is_some());
        assert!(subdomain_error("a.-b").is_some());
        assert!(subdomain_error(&"a".repeat(254)).is_some());
        assert_eq!(dns1035_error("web-1"), None);
        assert!(dns1035_error("1web").is_some());
        assert_eq!(label_error("1web"), None);
        assert_eq!(path_segment_error("system:controller:x"), None);
        assert!(path_segment_error("a/b").is_some());
    }
}
