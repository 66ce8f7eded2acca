//! The rule table. Each rule is a plain function from a resource (plus an
//! index of the whole render) to `(field path, message)` pairs; the driver in
//! `lint/mod.rs` turns them into findings, applying configuration and skips.

mod consistency;
mod container;
mod image;
mod names;
#[cfg(test)]
mod tests;
mod workload;

use super::config::LintConfig;
use super::pod::{self, PodSpec};
use super::{SKIP_ANNOTATION, SKIP_REASON_ANNOTATION, Severity, split_list};
use crate::resmap::ResMap;
use crate::resource::{Map, Resource, Value};
use std::collections::HashMap;

/// Static description of one rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable id, e.g. `RZ001`.
    pub id: &'static str,
    /// Short kebab-case name, usable instead of the id in configuration.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Whether the rule runs when the configuration does not mention it.
    pub enabled: bool,
    /// Matching Checkov checks (`CKV_K8S_..`), if any.
    pub checkov: &'static [&'static str],
    /// One-line description.
    pub summary: &'static str,
    pub(crate) check: fn(&Index, &Resource, &mut Out),
}

/// Id of the rule that reports malformed skip annotations (it cannot be skipped).
pub(crate) const SKIP_RULE_ID: &str = "RZ090";

macro_rules! rule {
    ($id:literal, $name:literal, $sev:ident, $on:literal, [$($ckv:literal),*], $summary:literal, $check:path) => {
        RuleInfo {
            id: $id,
            name: $name,
            severity: Severity::$sev,
            enabled: $on,
            checkov: &[$($ckv),*],
            summary: $summary,
            check: $check,
        }
    };
}

/// Every rule, in id order.
pub static RULES: &[RuleInfo] = &[
    rule!(
        "RZ001",
        "image-tag",
        Warning,
        true,
        ["CKV_K8S_14"],
        "Container images must name a fixed tag (not missing, not `:latest`) or a digest.",
        image::tag
    ),
    rule!(
        "RZ002",
        "image-digest",
        Info,
        false,
        ["CKV_K8S_43"],
        "Container images should be pinned by digest (`image@sha256:...`).",
        image::digest
    ),
    rule!(
        "RZ003",
        "image-pull-policy",
        Info,
        true,
        ["CKV_K8S_15"],
        "`imagePullPolicy` should be `Always` unless the image is pinned by digest.",
        image::pull_policy
    ),
    rule!(
        "RZ010",
        "cpu-requests",
        Warning,
        true,
        ["CKV_K8S_10"],
        "Containers should set `resources.requests.cpu`.",
        container::cpu_requests
    ),
    rule!(
        "RZ011",
        "cpu-limits",
        Warning,
        true,
        ["CKV_K8S_11"],
        "Containers should set `resources.limits.cpu`.",
        container::cpu_limits
    ),
    rule!(
        "RZ012",
        "memory-requests",
        Warning,
        true,
        ["CKV_K8S_12"],
        "Containers should set `resources.requests.memory`.",
        container::memory_requests
    ),
    rule!(
        "RZ013",
        "memory-limits",
        Warning,
        true,
        ["CKV_K8S_13"],
        "Containers should set `resources.limits.memory`.",
        container::memory_limits
    ),
    rule!(
        "RZ014",
        "liveness-probe",
        Warning,
        true,
        ["CKV_K8S_8"],
        "Long-running containers should have a `livenessProbe` (Jobs and CronJobs are exempt).",
        container::liveness_probe
    ),
    rule!(
        "RZ015",
        "readiness-probe",
        Warning,
        true,
        ["CKV_K8S_9"],
        "Long-running containers should have a `readinessProbe` (Jobs and CronJobs are exempt).",
        container::readiness_probe
    ),
    rule!(
        "RZ020",
        "privileged",
        Error,
        true,
        ["CKV_K8S_16"],
        "Containers must not run with `securityContext.privileged: true`.",
        container::privileged
    ),
    rule!(
        "RZ021",
        "allow-privilege-escalation",
        Warning,
        true,
        ["CKV_K8S_20"],
        "Containers should set `securityContext.allowPrivilegeEscalation: false`.",
        container::privilege_escalation
    ),
    rule!(
        "RZ022",
        "run-as-non-root",
        Warning,
        true,
        ["CKV_K8S_23"],
        "Containers should not run as root: `runAsNonRoot: true` or a non-zero `runAsUser` (container setting overrides pod setting).",
        container::run_as_non_root
    ),
    rule!(
        "RZ023",
        "run-as-high-uid",
        Info,
        true,
        ["CKV_K8S_40"],
        "Containers should run as a UID >= 10000 to avoid clashing with host users (container setting overrides pod setting).",
        container::high_uid
    ),
    rule!(
        "RZ024",
        "read-only-root-filesystem",
        Warning,
        true,
        ["CKV_K8S_22"],
        "Containers should set `securityContext.readOnlyRootFilesystem: true`.",
        container::read_only_root
    ),
    rule!(
        "RZ025",
        "added-capabilities",
        Warning,
        true,
        ["CKV_K8S_25", "CKV_K8S_39"],
        "Containers should not add Linux capabilities (`securityContext.capabilities.add`).",
        container::added_capabilities
    ),
    rule!(
        "RZ026",
        "net-raw-not-dropped",
        Warning,
        true,
        ["CKV_K8S_28"],
        "Containers should drop `NET_RAW` (or `ALL`) capabilities.",
        container::net_raw
    ),
    rule!(
        "RZ027",
        "capabilities-not-dropped",
        Info,
        true,
        ["CKV_K8S_37"],
        "Containers should drop `ALL` capabilities and add back only what they need.",
        container::drop_all
    ),
    rule!(
        "RZ030",
        "host-network",
        Error,
        true,
        ["CKV_K8S_19"],
        "Pods must not use the host network namespace (`hostNetwork: true`).",
        container::host_network
    ),
    rule!(
        "RZ031",
        "host-pid",
        Error,
        true,
        ["CKV_K8S_17"],
        "Pods must not share the host process-id namespace (`hostPID: true`).",
        container::host_pid
    ),
    rule!(
        "RZ032",
        "host-ipc",
        Error,
        true,
        ["CKV_K8S_18"],
        "Pods must not share the host IPC namespace (`hostIPC: true`).",
        container::host_ipc
    ),
    rule!(
        "RZ033",
        "host-port",
        Warning,
        true,
        ["CKV_K8S_26"],
        "Containers should not bind a `hostPort`.",
        container::host_port
    ),
    rule!(
        "RZ034",
        "container-runtime-socket",
        Error,
        true,
        ["CKV_K8S_27"],
        "Pods must not mount the Docker (or containerd/CRI-O) socket from the host.",
        container::runtime_socket
    ),
    rule!(
        "RZ035",
        "secret-in-env",
        Warning,
        true,
        ["CKV_K8S_35"],
        "Secrets should be mounted as files, not exposed as environment variables.",
        container::secret_in_env
    ),
    rule!(
        "RZ040",
        "default-namespace",
        Warning,
        true,
        ["CKV_K8S_21"],
        "Namespaced objects should name a namespace other than `default`.",
        workload::default_namespace
    ),
    rule!(
        "RZ041",
        "default-service-account",
        Warning,
        true,
        ["CKV_K8S_41"],
        "Pods should run under a dedicated service account; the `default` one should not automount its token.",
        workload::default_service_account
    ),
    rule!(
        "RZ042",
        "service-account-token",
        Info,
        true,
        ["CKV_K8S_38"],
        "Pods should not automount a service-account token unless they need it.",
        workload::automount_token
    ),
    rule!(
        "RZ050",
        "selector-mismatch",
        Error,
        true,
        [],
        "A workload's selector must match the labels of its own pod template.",
        consistency::selector_mismatch
    ),
    rule!(
        "RZ051",
        "service-selects-nothing",
        Warning,
        true,
        [],
        "A Service's selector should match some pod template in the render.",
        consistency::service_selects_nothing
    ),
    rule!(
        "RZ052",
        "missing-reference",
        Error,
        true,
        [],
        "ConfigMaps, Secrets, ServiceAccounts and PVCs a pod refers to should be in the render (see `allowMissingRefs`, `externalRefs`).",
        consistency::missing_reference
    ),
    rule!(
        "RZ053",
        "invalid-name",
        Error,
        true,
        [],
        "Names must be valid DNS-1123 subdomains (DNS-1035 labels for Services, DNS-1123 labels for Namespaces and namespace fields).",
        names::invalid_name
    ),
    rule!(
        "RZ090",
        "lint-skip-annotation",
        Warning,
        true,
        [],
        "`rustomize.io/lint-skip` must name known rules and come with `rustomize.io/lint-skip-reason`.",
        skip_annotation
    ),
];

/// The rule with this id or name.
///
/// ```
/// let r = rustomize::lint::rule("image-tag").unwrap();
/// assert_eq!(r.id, "RZ001");
/// assert_eq!(r.checkov, ["CKV_K8S_14"]);
/// ```
pub fn rule(id_or_name: &str) -> Option<&'static RuleInfo> {
    RULES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_name) || r.name.eq_ignore_ascii_case(id_or_name))
}

/// What one rule found on one resource: `(field path, message)` pairs.
#[derive(Default)]
pub(crate) struct Out {
    pub items: Vec<(String, String)>,
}

impl Out {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.items.push((path.into(), message.into()));
    }
}

/// What rules may need to know about the whole render.
pub(crate) struct Index<'a> {
    pub config: &'a LintConfig,
    /// Namespaces of every resource, by (kind, name).
    present: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    /// Namespace and pod-template labels of every pod-bearing resource.
    pods: Vec<(&'a str, Option<&'a Map>)>,
    /// Indices into `pods`, by one template label (key, value).
    pods_by_label: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// ServiceAccounts by (namespace, name).
    service_accounts: HashMap<(&'a str, &'a str), &'a Resource>,
}

impl<'a> Index<'a> {
    pub fn new(resmap: &'a ResMap, config: &'a LintConfig) -> Self {
        let mut ix = Index {
            config,
            present: HashMap::new(),
            pods: Vec::new(),
            pods_by_label: HashMap::new(),
            service_accounts: HashMap::new(),
        };
        for r in resmap.iter() {
            ix.present
                .entry((r.kind(), r.name()))
                .or_default()
                .push(r.namespace());
            if let Some(ps) = pod::pod_spec(r) {
                for (k, v) in ps.labels.into_iter().flatten() {
                    if let Some(v) = v.as_str() {
                        ix.pods_by_label
                            .entry((k.as_str(), v))
                            .or_default()
                            .push(ix.pods.len());
                    }
                }
                ix.pods.push((r.namespace(), ps.labels));
            }
            if r.kind() == "ServiceAccount" {
                ix.service_accounts.insert((r.namespace(), r.name()), r);
            }
        }
        ix
    }

    /// True when the render holds `kind` `name` in `ns` (an empty namespace on
    /// either side matches any: it is decided at apply time).
    pub fn has(&self, kind: &str, ns: &str, name: &str) -> bool {
        self.present
            .get(&(kind, name))
            .is_some_and(|nss| nss.iter().any(|n| ns_match(n, ns)))
    }

    /// Namespace and labels of the pod templates that carry label `key=value`.
    pub fn pods_with_label(&self, key: &str, value: &str) -> Vec<(&'a str, Option<&'a Map>)> {
        self.pods_by_label
            .get(&(key, value))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.pods.get(i).copied())
            .collect()
    }

    /// The ServiceAccount `name` in `ns`, if rendered.
    pub fn service_account(&self, ns: &str, name: &str) -> Option<&'a Resource> {
        self.service_accounts.get(&(ns, name)).copied().or_else(|| {
            self.service_accounts
                .iter()
                .find(|((n, m), _)| *m == name && ns_match(n, ns))
                .map(|(_, r)| *r)
        })
    }
}

/// Namespaces match when equal, or when either is unset (decided at apply time).
pub(crate) fn ns_match(a: &str, b: &str) -> bool {
    a == b || a.is_empty() || b.is_empty()
}

/// Run `f` on the pod spec of `r`, if any.
pub(crate) fn with_pod<'a>(r: &'a Resource, f: impl FnOnce(&PodSpec<'a>)) {
    if let Some(ps) = pod::pod_spec(r) {
        f(&ps);
    }
}

/// RZ090: skip annotations must name known rules and give a reason.
fn skip_annotation(_: &Index, r: &Resource, out: &mut Out) {
    let ann = r
        .obj
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(Value::as_object);
    let Some(ann) = ann else { return };
    let Some(skip) = ann.get(SKIP_ANNOTATION) else {
        return;
    };
    let path = format!("metadata.annotations[{SKIP_ANNOTATION}]");
    let Some(skip) = skip.as_str() else {
        out.push(path, format!("{SKIP_ANNOTATION} must be a string"));
        return;
    };
    let names = split_list(skip);
    for n in &names {
        if n != "*" && !n.eq_ignore_ascii_case("all") && rule(n).is_none() {
            out.push(
                path.clone(),
                format!("{SKIP_ANNOTATION} names unknown rule {n:?}"),
            );
        }
    }
    let reason = ann
        .get(SKIP_REASON_ANNOTATION)
        .and_then(Value::as_str)
        .unwrap_or("");
    if !names.is_empty() && reason.trim().is_empty() {
        out.push(
            path,
            format!(
                "{SKIP_ANNOTATION} skips {} without a {SKIP_REASON_ANNOTATION}",
                names.join(",")
            ),
        );
    }
}
