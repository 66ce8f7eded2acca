//! Render-consistency rules: selectors and references between resources.

use super::{Index, Out, ns_match, with_pod};
use crate::lint::pod::{Lists, containers, selector};
use crate::resource::{Map, Resource, Value, split_api_version};

fn label_of<'a>(labels: Option<&'a Map>, key: &str) -> Option<&'a str> {
    labels.and_then(|l| l.get(key)).and_then(Value::as_str)
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Requirements of a `LabelSelector` (`matchLabels`/`matchExpressions`) that
/// `labels` does not meet, as `(path suffix, description)`.
fn unmet(sel: &Map, labels: Option<&Map>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(ml) = sel.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in ml {
            let want = scalar(v);
            match label_of(labels, k) {
                Some(have) if have == want => {}
                Some(have) => out.push((
                    format!("matchLabels.{k}"),
                    format!("requires {k}={want} but the template has {k}={have}"),
                )),
                None => out.push((
                    format!("matchLabels.{k}"),
                    format!("requires {k}={want} but the template has no {k} label"),
                )),
            }
        }
    }
    if let Some(exprs) = sel.get("matchExpressions").and_then(Value::as_array) {
        for (i, e) in exprs.iter().enumerate() {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("");
            let op = e.get("operator").and_then(Value::as_str).unwrap_or("");
            let values: Vec<String> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(scalar).collect())
                .unwrap_or_default();
            let have = label_of(labels, key);
            let ok = match op {
                "In" => have.is_some_and(|h| values.iter().any(|v| v == h)),
                "NotIn" => !have.is_some_and(|h| values.iter().any(|v| v == h)),
                "Exists" => have.is_some(),
                "DoesNotExist" => have.is_none(),
                _ => {
                    out.push((
                        format!("matchExpressions[{i}].operator"),
                        format!("unknown selector operator {op:?}"),
                    ));
                    continue;
                }
            };
            if !ok {
                let have = have.map_or_else(|| format!("no {key} label"), |h| format!("{key}={h}"));
                out.push((
                    format!("matchExpressions[{i}]"),
                    format!(
                        "requires {key} {op} [{}] but the template has {have}",
                        values.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

fn selector_is_empty(sel: &Map) -> bool {
    let empty = |k: &str| match sel.get(k) {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    };
    empty("matchLabels") && empty("matchExpressions")
}

/// RZ050
pub(crate) fn selector_mismatch(_: &Index, r: &Resource, out: &mut Out) {
    let (group, _) = split_api_version(r.api_version());
    let kind = r.kind();
    let apps = matches!(
        kind,
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
    ) && matches!(group, "apps" | "extensions");
    let job = kind == "Job" && group == "batch";
    let rc = kind == "ReplicationController" && group.is_empty();
    if !(apps || job || rc) {
        return;
    }
    with_pod(r, |ps| {
        let sel = r.obj.get("spec").and_then(|s| s.get("selector"));
        let sel = match sel {
            None | Some(Value::Null) => {
                if group == "apps" {
                    out.push(
                        "spec.selector",
                        format!("{kind} has no spec.selector (required by apps/v1)"),
                    );
                }
                return;
            }
            Some(Value::Object(m)) => m,
            Some(_) => {
                out.push("spec.selector", "spec.selector is not a mapping");
                return;
            }
        };
        if rc {
            // A plain label map.
            for (k, v) in sel {
                let want = scalar(v);
                if label_of(ps.labels, k) != Some(want.as_str()) {
                    out.push(
                        format!("spec.selector.{k}"),
                        format!("selector requires {k}={want}, which the pod template labels do not have"),
                    );
                }
            }
            return;
        }
        if selector_is_empty(sel) {
            out.push(
                "spec.selector",
                "empty selector (it would select every pod in the namespace)",
            );
            return;
        }
        for (suffix, msg) in unmet(sel, ps.labels) {
            out.push(format!("spec.selector.{suffix}"), format!("selector {msg}"));
        }
    });
}

/// RZ051
pub(crate) fn service_selects_nothing(ix: &Index, r: &Resource, out: &mut Out) {
    if r.kind() != "Service" || r.api_version() != "v1" {
        return;
    }
    let spec = r.obj.get("spec");
    if spec.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("ExternalName") {
        return;
    }
    let Some(sel) = spec
        .and_then(|s| s.get("selector"))
        .and_then(Value::as_object)
    else {
        return;
    };
    if sel.is_empty() {
        return;
    }
    let ns = r.namespace();
    let Some((k0, v0)) = sel.iter().next() else {
        return;
    };
    let matched = ix
        .pods_with_label(k0, &scalar(v0))
        .into_iter()
        .any(|(pns, labels)| {
            ns_match(pns, ns)
                && sel
                    .iter()
                    .all(|(k, v)| label_of(labels, k) == Some(scalar(v).as_str()))
        });
    if !matched {
        let want: Vec<String> = sel
            .iter()
            .map(|(k, v)| format!("{k}={}", scalar(v)))
            .collect();
        out.push(
            "spec.selector",
            format!(
                "selector {} matches no pod template in the render",
                want.join(",")
            ),
        );
    }
}

/// One reference from a pod spec to another object.
struct Ref<'a> {
    kind: &'static str,
    name: &'a str,
    path: String,
    optional: bool,
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool) == Some(true)
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// RZ052
pub(crate) fn missing_reference(ix: &Index, r: &Resource, out: &mut Out) {
    if ix.config.allow_missing_refs {
        return;
    }
    with_pod(r, |ps| {
        let mut refs: Vec<Ref> = Vec::new();
        let p = ps.path;
        for key in ["serviceAccountName", "serviceAccount"] {
            if let Some(n) = ps.spec.get(key).and_then(Value::as_str) {
                if !n.is_empty() && n != "default" {
                    refs.push(Ref {
                        kind: "ServiceAccount",
                        name: n,
                        path: format!("{p}.{key}"),
                        optional: false,
                    });
                }
                break;
            }
        }
        if let Some(ips) = ps.spec.get("imagePullSecrets").and_then(Value::as_array) {
            for (i, x) in ips.iter().enumerate() {
                refs.push(Ref {
                    kind: "Secret",
                    name: s(x, "name"),
                    path: format!("{p}.imagePullSecrets[{i}].name"),
                    optional: false,
                });
            }
        }
        // PVCs a StatefulSet creates from its claim templates.
        let templates: Vec<&str> = r
            .obj
            .get("spec")
            .and_then(|x| x.get("volumeClaimTemplates"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.get("metadata").map(|m| s(m, "name")))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(vols) = ps.spec.get("volumes").and_then(Value::as_array) {
            for (i, v) in vols.iter().enumerate() {
                let vp = format!("{p}.volumes{}", selector("name", s(v, "name"), i));
                if let Some(cm) = v.get("configMap") {
                    refs.push(Ref {
                        kind: "ConfigMap",
                        name: s(cm, "name"),
                        path: format!("{vp}.configMap.name"),
                        optional: optional(cm),
                    });
                }
                if let Some(sec) = v.get("secret") {
                    refs.push(Ref {
                        kind: "Secret",
                        name: s(sec, "secretName"),
                        path: format!("{vp}.secret.secretName"),
                        optional: optional(sec),
                    });
                }
                if let Some(pvc) = v.get("persistentVolumeClaim") {
                    let name = s(pvc, "claimName");
                    if !templates.contains(&name) {
                        refs.push(Ref {
                            kind: "PersistentVolumeClaim",
                            name,
                            path: format!("{vp}.persistentVolumeClaim.claimName"),
                            optional: false,
                        });
                    }
                }
                if let Some(srcs) = v
                    .get("projected")
                    .and_then(|x| x.get("sources"))
                    .and_then(Value::as_array)
                {
                    for (j, src) in srcs.iter().enumerate() {
                        for (key, kind) in [("configMap", "ConfigMap"), ("secret", "Secret")] {
                            if let Some(x) = src.get(key) {
                                refs.push(Ref {
                                    kind,
                                    name: s(x, "name"),
                                    path: format!("{vp}.projected.sources[{j}].{key}.name"),
                                    optional: optional(x),
                                });
                            }
                        }
                    }
                }
            }
        }
        for c in containers(ps, Lists::All) {
            if let Some(env) = c.c.get("env").and_then(Value::as_array) {
                for (i, e) in env.iter().enumerate() {
                    let ep = c.field(&format!(
                        "env{}.valueFrom",
                        selector("name", s(e, "name"), i)
                    ));
                    for (key, kind) in
                        [("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")]
                    {
                        if let Some(x) = e.get("valueFrom").and_then(|vf| vf.get(key)) {
                            refs.push(Ref {
                                kind,
                                name: s(x, "name"),
                                path: format!("{ep}.{key}.name"),
                                optional: optional(x),
                            });
                        }
                    }
                }
            }
            if let Some(env_from) = c.c.get("envFrom").and_then(Value::as_array) {
                for (i, e) in env_from.iter().enumerate() {
                    for (key, kind) in [("configMapRef", "ConfigMap"), ("secretRef", "Secret")] {
                        if let Some(x) = e.get(key) {
                            refs.push(Ref {
                                kind,
                                name: s(x, "name"),
                                path: c.field(&format!("envFrom[{i}].{key}.name")),
                                optional: optional(x),
                            });
                        }
                    }
                }
            }
        }
        let ns = r.namespace();
        for rf in refs {
            if rf.optional || rf.name.is_empty() {
                continue;
            }
            if ix.has(rf.kind, ns, rf.name) || ix.config.is_external(rf.kind, ns, rf.name) {
                continue;
            }
            out.push(
                rf.path,
                format!("{} {:?} is not in the render", rf.kind, rf.name),
            );
        }
    });
}
