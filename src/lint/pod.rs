//! Finding the pod spec, pod template labels and containers of pod-bearing
//! kinds, with field paths for findings.

use crate::resource::{Map, Resource, Value, split_api_version};

/// The pod spec inside a pod-bearing resource.
pub(crate) struct PodSpec<'a> {
    /// The spec mapping.
    pub spec: &'a Map,
    /// Its field path, e.g. `spec.template.spec`.
    pub path: &'static str,
    /// Labels of the pod template (`metadata.labels` for a Pod).
    pub labels: Option<&'a Map>,
    /// The resource's kind.
    pub kind: &'a str,
}

/// Where the pod template lives, per kind: (path to template metadata, path to spec).
fn layout(
    r: &Resource,
) -> Option<(
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
)> {
    let (group, _) = split_api_version(r.api_version());
    match (group, r.kind()) {
        ("", "Pod") => Some((&["metadata"], &["spec"], "spec")),
        ("", "PodTemplate") => Some((
            &["template", "metadata"],
            &["template", "spec"],
            "template.spec",
        )),
        ("", "ReplicationController")
        | ("apps" | "extensions", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
        | ("batch", "Job") => Some((
            &["spec", "template", "metadata"],
            &["spec", "template", "spec"],
            "spec.template.spec",
        )),
        ("batch", "CronJob") => Some((
            &["spec", "jobTemplate", "spec", "template", "metadata"],
            &["spec", "jobTemplate", "spec", "template", "spec"],
            "spec.jobTemplate.spec.template.spec",
        )),
        _ => None,
    }
}

/// Walk `path` from the resource's root.
pub(crate) fn at<'a>(obj: &'a Map, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut cur = obj.get(*first)?;
    for k in rest {
        cur = cur.get(k)?;
    }
    Some(cur)
}

/// The pod spec of `r`, if it is a pod-bearing kind with a spec.
pub(crate) fn pod_spec(r: &Resource) -> Option<PodSpec<'_>> {
    let (meta, spec, path) = layout(r)?;
    let spec = at(&r.obj, spec)?.as_object()?;
    let labels = at(&r.obj, meta)
        .and_then(|m| m.get("labels"))
        .and_then(Value::as_object);
    Some(PodSpec {
        spec,
        path,
        labels,
        kind: r.kind(),
    })
}

/// True for kinds whose pods run to completion (probes make little sense).
pub(crate) fn is_batch(kind: &str) -> bool {
    matches!(kind, "Job" | "CronJob")
}

/// Which container lists a rule looks at.
#[derive(Clone, Copy)]
pub(crate) enum Lists {
    /// `containers` only.
    Main,
    /// `containers` and `initContainers`.
    MainInit,
    /// `containers`, `initContainers` and `ephemeralContainers`.
    All,
}

impl Lists {
    fn names(self) -> &'static [&'static str] {
        match self {
            Lists::Main => &["containers"],
            Lists::MainInit => &["containers", "initContainers"],
            Lists::All => &["containers", "initContainers", "ephemeralContainers"],
        }
    }
}

/// One container of a pod spec.
pub(crate) struct Container<'a> {
    /// The container mapping.
    pub c: &'a Map,
    /// `name`, or "" when missing.
    pub name: &'a str,
    /// Field path of the container, e.g. `spec.template.spec.containers[name=app]`.
    pub path: String,
}

impl<'a> Container<'a> {
    /// A string field of the container.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.c.get(key).and_then(Value::as_str)
    }
    /// `securityContext.<key>` of the container.
    pub fn sc(&self, key: &str) -> Option<&'a Value> {
        self.c.get("securityContext").and_then(|s| s.get(key))
    }
    /// `path.key` as a string.
    pub fn field(&self, rest: &str) -> String {
        format!("{}.{rest}", self.path)
    }
}

/// The containers of `ps` in the given lists.
pub(crate) fn containers<'a>(ps: &PodSpec<'a>, lists: Lists) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for list in lists.names() {
        let Some(items) = ps.spec.get(*list).and_then(Value::as_array) else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let Some(c) = item.as_object() else { continue };
            let name = c.get("name").and_then(Value::as_str).unwrap_or("");
            out.push(Container {
                c,
                name,
                path: format!("{}.{list}{}", ps.path, selector("name", name, i)),
            });
        }
    }
    out
}

/// `[key=value]` when value is non-empty, else `[i]`.
pub(crate) fn selector(key: &str, value: &str, i: usize) -> String {
    if value.is_empty() {
        format!("[{i}]")
    } else {
        format!("[{key}={value}]")
    }
}

/// A security-context setting as the container sees it: the container's own
/// value, else the pod's. Returns the value and the path where it is set.
pub(crate) fn effective_sc<'a>(
    ps: &PodSpec<'a>,
    c: &Container<'a>,
    key: &str,
) -> Option<(&'a Value, String)> {
    if let Some(v) = c.sc(key) {
        return Some((v, c.field(&format!("securityContext.{key}"))));
    }
    ps.spec
        .get("securityContext")
        .and_then(|s| s.get(key))
        .map(|v| (v, format!("{}.securityContext.{key}", ps.path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(v: Value) -> Resource {
        Resource::new(v.as_object().cloned().unwrap_or_default(), None)
    }

    #[test]
    fn cronjob_layout_and_container_paths() {
        let r = res(json!({
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
            "spec": {"jobTemplate": {"spec": {"template": {
                "metadata": {"labels": {"a": "b"}},
                "spec": {"containers": [{"name": "x"}, {}], "initContainers": [{"name": "i"}]}
            }}}}
        }));
        let ps = pod_spec(&r).unwrap();
        assert_eq!(ps.path, "spec.jobTemplate.spec.template.spec");
        assert_eq!(ps.labels.unwrap().get("a").unwrap(), "b");
        let paths: Vec<String> = containers(&ps, Lists::All)
            .into_iter()
            .map(|c| c.path)
            .collect();
        assert_eq!(
            paths,
            [
                "spec.jobTemplate.spec.template.spec.containers[name=x]",
                "spec.jobTemplate.spec.template.spec.containers[1]",
                "spec.jobTemplate.spec.template.spec.initContainers[name=i]",
            ]
        );
        assert_eq!(containers(&ps, Lists::Main).len(), 2);
    }

    #[test]
    fn not_pod_bearing() {
        let r = res(
            json!({"apiVersion": "example.com/v1", "kind": "Deployment", "spec": {"template": {"spec": {}}}}),
        );
        assert!(pod_spec(&r).is_none());
        let r = res(json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": 3}));
        assert!(pod_spec(&r).is_none());
    }

    #[test]
    fn container_overrides_pod_security_context() {
        let r = res(json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"securityContext": {"runAsUser": 1000},
                     "containers": [{"name": "a", "securityContext": {"runAsUser": 0}}, {"name": "b"}]}
        }));
        let ps = pod_spec(&r).unwrap();
        let cs = containers(&ps, Lists::Main);
        let (v, p) = effective_sc(&ps, &cs[0], "runAsUser").unwrap();
        assert_eq!(
            (v.as_i64(), p.as_str()),
            (Some(0), "spec.containers[name=a].securityContext.runAsUser")
        );
        let (v, p) = effective_sc(&ps, &cs[1], "runAsUser").unwrap();
        assert_eq!(
            (v.as_i64(), p.as_str()),
            (Some(1000), "spec.securityContext.runAsUser")
        );
        assert!(effective_sc(&ps, &cs[1], "runAsNonRoot").is_none());
    }
}
