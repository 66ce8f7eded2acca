//! Workload-object rules: namespace, service account, token automount.

use super::{Index, Out, with_pod};
use crate::lint::pod::PodSpec;
use crate::resource::{Resource, Value, split_api_version};

/// Kinds known to be namespaced (CRDs and unknown kinds are left alone).
const NAMESPACED: &[&str] = &[
    "Pod",
    "PodTemplate",
    "ReplicationController",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "Service",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "PersistentVolumeClaim",
    "Ingress",
    "NetworkPolicy",
    "Role",
    "RoleBinding",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "Endpoints",
    "EndpointSlice",
    "LimitRange",
    "ResourceQuota",
];

/// Groups the kinds above belong to (so a CRD named `Service` is left alone).
fn builtin_group(group: &str) -> bool {
    !group.contains('.') || group.ends_with(".k8s.io")
}

/// RZ040
pub(crate) fn default_namespace(_: &Index, r: &Resource, out: &mut Out) {
    let (group, _) = split_api_version(r.api_version());
    if !builtin_group(group) || !NAMESPACED.contains(&r.kind()) {
        return;
    }
    match r.namespace() {
        "" => out.push(
            "metadata.namespace",
            "no namespace: it lands in the namespace of whoever applies it (often default)",
        ),
        "default" => out.push("metadata.namespace", "object is in the default namespace"),
        _ => {}
    }
}

fn service_account_name<'a>(ps: &PodSpec<'a>) -> Option<(&'a str, &'static str)> {
    for key in ["serviceAccountName", "serviceAccount"] {
        if let Some(n) = ps
            .spec
            .get(key)
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
        {
            return Some((n, key));
        }
    }
    None
}

/// RZ041
pub(crate) fn default_service_account(_: &Index, r: &Resource, out: &mut Out) {
    if r.kind() == "ServiceAccount" && r.api_version() == "v1" && r.name() == "default" {
        if r.obj
            .get("automountServiceAccountToken")
            .and_then(Value::as_bool)
            != Some(false)
        {
            out.push(
                "automountServiceAccountToken",
                "the default ServiceAccount should set automountServiceAccountToken: false",
            );
        }
        return;
    }
    with_pod(r, |ps| match service_account_name(ps) {
        None => out.push(
            format!("{}.serviceAccountName", ps.path),
            "pod runs under the default service account (no serviceAccountName)",
        ),
        Some(("default", key)) => out.push(
            format!("{}.{key}", ps.path),
            "pod runs under the default service account",
        ),
        Some(_) => {}
    });
}

/// RZ042
pub(crate) fn automount_token(ix: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        let path = format!("{}.automountServiceAccountToken", ps.path);
        match ps
            .spec
            .get("automountServiceAccountToken")
            .and_then(Value::as_bool)
        {
            Some(false) => {}
            Some(true) => out.push(path, "pod automounts a service-account token"),
            None => {
                let sa = service_account_name(ps).map_or("default", |(n, _)| n);
                let sa_off = ix
                    .service_account(r.namespace(), sa)
                    .and_then(|s| s.obj.get("automountServiceAccountToken"))
                    .and_then(Value::as_bool)
                    == Some(false);
                if !sa_off {
                    out.push(
                        path,
                        format!("pod automounts the token of service account {sa:?} (set automountServiceAccountToken: false unless it calls the API)"),
                    );
                }
            }
        }
    });
}
