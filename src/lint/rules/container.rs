//! Container and pod-spec rules: resources, probes, security context, host
//! namespaces and mounts, secrets in the environment.

use super::{Index, Out, with_pod};
use crate::lint::pod::{Container, Lists, PodSpec, containers, effective_sc, is_batch, selector};
use crate::resource::{Resource, Value};

fn is_set(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Null))
}

fn resource_rule(r: &Resource, out: &mut Out, section: &str, what: &str) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::MainInit) {
            let v =
                c.c.get("resources")
                    .and_then(|x| x.get(section))
                    .and_then(|x| x.get(what));
            if !is_set(v) {
                out.push(
                    c.field(&format!("resources.{section}.{what}")),
                    format!(
                        "container {:?} sets no {what} {}",
                        c.name,
                        section.trim_end_matches('s')
                    ),
                );
            }
        }
    });
}

/// RZ010
pub(crate) fn cpu_requests(_: &Index, r: &Resource, out: &mut Out) {
    resource_rule(r, out, "requests", "cpu");
}
/// RZ011
pub(crate) fn cpu_limits(_: &Index, r: &Resource, out: &mut Out) {
    resource_rule(r, out, "limits", "cpu");
}
/// RZ012
pub(crate) fn memory_requests(_: &Index, r: &Resource, out: &mut Out) {
    resource_rule(r, out, "requests", "memory");
}
/// RZ013
pub(crate) fn memory_limits(_: &Index, r: &Resource, out: &mut Out) {
    resource_rule(r, out, "limits", "memory");
}

fn probe_rule(r: &Resource, out: &mut Out, probe: &str) {
    with_pod(r, |ps| {
        if is_batch(ps.kind) {
            return;
        }
        for c in containers(ps, Lists::Main) {
            if !is_set(c.c.get(probe)) {
                out.push(
                    c.field(probe),
                    format!("container {:?} has no {probe}", c.name),
                );
            }
        }
    });
}

/// RZ014
pub(crate) fn liveness_probe(_: &Index, r: &Resource, out: &mut Out) {
    probe_rule(r, out, "livenessProbe");
}
/// RZ015
pub(crate) fn readiness_probe(_: &Index, r: &Resource, out: &mut Out) {
    probe_rule(r, out, "readinessProbe");
}

/// RZ020
pub(crate) fn privileged(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            if c.sc("privileged").and_then(Value::as_bool) == Some(true) {
                out.push(
                    c.field("securityContext.privileged"),
                    format!("container {:?} runs privileged", c.name),
                );
            }
        }
    });
}

/// RZ021
pub(crate) fn privilege_escalation(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            let path = c.field("securityContext.allowPrivilegeEscalation");
            match c.sc("allowPrivilegeEscalation").and_then(Value::as_bool) {
                Some(false) => {}
                Some(true) => out.push(
                    path,
                    format!("container {:?} allows privilege escalation", c.name),
                ),
                None => out.push(
                    path,
                    format!(
                        "container {:?} does not set allowPrivilegeEscalation: false",
                        c.name
                    ),
                ),
            }
        }
    });
}

fn uid(v: Option<&(&Value, String)>) -> Option<i64> {
    v.and_then(|(v, _)| v.as_i64())
}

/// RZ022
pub(crate) fn run_as_non_root(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            let user = effective_sc(ps, &c, "runAsUser");
            let non_root = effective_sc(ps, &c, "runAsNonRoot");
            if let Some((_, path)) = user.as_ref().filter(|_| uid(user.as_ref()) == Some(0)) {
                out.push(
                    path.clone(),
                    format!("container {:?} runs as root (runAsUser: 0)", c.name),
                );
                continue;
            }
            if non_root.as_ref().and_then(|(v, _)| v.as_bool()) == Some(true)
                || uid(user.as_ref()).is_some_and(|u| u > 0)
            {
                continue;
            }
            match non_root {
                Some((_, path)) => out.push(
                    path,
                    format!("container {:?} may run as root: runAsNonRoot is not true and no non-zero runAsUser is set", c.name),
                ),
                None => out.push(
                    c.field("securityContext.runAsNonRoot"),
                    format!("container {:?} may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set (container or pod)", c.name),
                ),
            }
        }
    });
}

/// RZ023
pub(crate) fn high_uid(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        if ps.spec.get("hostUsers").and_then(Value::as_bool) == Some(false) {
            return; // user namespaces remap UIDs away from the host's
        }
        for c in containers(ps, Lists::All) {
            let user = effective_sc(ps, &c, "runAsUser");
            match (uid(user.as_ref()), user) {
                (Some(u), _) if u >= 10000 => {}
                (Some(u), Some((_, path))) => out.push(
                    path,
                    format!("container {:?} runs as UID {u}, below 10000", c.name),
                ),
                _ => out.push(
                    c.field("securityContext.runAsUser"),
                    format!(
                        "container {:?} sets no runAsUser >= 10000 (container or pod)",
                        c.name
                    ),
                ),
            }
        }
    });
}

/// RZ024
pub(crate) fn read_only_root(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::MainInit) {
            if c.sc("readOnlyRootFilesystem").and_then(Value::as_bool) != Some(true) {
                out.push(
                    c.field("securityContext.readOnlyRootFilesystem"),
                    format!("container {:?} has a writable root filesystem", c.name),
                );
            }
        }
    });
}

fn caps<'a>(c: &Container<'a>, which: &str) -> Vec<&'a str> {
    c.sc("capabilities")
        .and_then(|x| x.get(which))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn cap_is(cap: &str, want: &str) -> bool {
    let cap = cap.trim();
    let cap = cap.strip_prefix("CAP_").unwrap_or(cap);
    cap.eq_ignore_ascii_case(want)
}

/// RZ025
pub(crate) fn added_capabilities(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            let add = caps(&c, "add");
            if !add.is_empty() {
                out.push(
                    c.field("securityContext.capabilities.add"),
                    format!(
                        "container {:?} adds capabilities {}",
                        c.name,
                        add.join(", ")
                    ),
                );
            }
        }
    });
}

/// RZ026
pub(crate) fn net_raw(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::MainInit) {
            let drop = caps(&c, "drop");
            if !drop
                .iter()
                .any(|d| cap_is(d, "ALL") || cap_is(d, "NET_RAW"))
            {
                out.push(
                    c.field("securityContext.capabilities.drop"),
                    format!("container {:?} does not drop NET_RAW (or ALL)", c.name),
                );
            }
        }
    });
}

/// RZ027
pub(crate) fn drop_all(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::MainInit) {
            if !caps(&c, "drop").iter().any(|d| cap_is(d, "ALL")) {
                out.push(
                    c.field("securityContext.capabilities.drop"),
                    format!("container {:?} does not drop ALL capabilities", c.name),
                );
            }
        }
    });
}

fn host_flag(r: &Resource, out: &mut Out, key: &str, what: &str) {
    with_pod(r, |ps: &PodSpec| {
        if ps.spec.get(key).and_then(Value::as_bool) == Some(true) {
            out.push(
                format!("{}.{key}", ps.path),
                format!("pod shares the host {what} namespace"),
            );
        }
    });
}

/// RZ030
pub(crate) fn host_network(_: &Index, r: &Resource, out: &mut Out) {
    host_flag(r, out, "hostNetwork", "network");
}
/// RZ031
pub(crate) fn host_pid(_: &Index, r: &Resource, out: &mut Out) {
    host_flag(r, out, "hostPID", "process-id");
}
/// RZ032
pub(crate) fn host_ipc(_: &Index, r: &Resource, out: &mut Out) {
    host_flag(r, out, "hostIPC", "IPC");
}

/// RZ033
pub(crate) fn host_port(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::MainInit) {
            let Some(ports) = c.c.get("ports").and_then(Value::as_array) else {
                continue;
            };
            for (i, p) in ports.iter().enumerate() {
                let hp = p.get("hostPort");
                if is_set(hp) && hp.and_then(Value::as_i64) != Some(0) {
                    let hp = hp.map(|v| v.to_string()).unwrap_or_default();
                    out.push(
                        c.field(&format!("ports[{i}].hostPort")),
                        format!("container {:?} binds host port {hp}", c.name),
                    );
                }
            }
        }
    });
}

/// Host paths of container-runtime sockets.
const RUNTIME_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
];

/// RZ034
pub(crate) fn runtime_socket(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        let Some(vols) = ps.spec.get("volumes").and_then(Value::as_array) else {
            return;
        };
        for (i, v) in vols.iter().enumerate() {
            let Some(path) = v
                .get("hostPath")
                .and_then(|h| h.get("path"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let norm = path.trim_end_matches('/');
            if RUNTIME_SOCKETS.contains(&norm) {
                let name = v.get("name").and_then(Value::as_str).unwrap_or("");
                out.push(
                    format!(
                        "{}.volumes{}.hostPath.path",
                        ps.path,
                        selector("name", name, i)
                    ),
                    format!("volume mounts the container runtime socket {path}"),
                );
            }
        }
    });
}

/// RZ035
pub(crate) fn secret_in_env(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            if let Some(env) = c.c.get("env").and_then(Value::as_array) {
                for (i, e) in env.iter().enumerate() {
                    let Some(sk) = e.get("valueFrom").and_then(|v| v.get("secretKeyRef")) else {
                        continue;
                    };
                    let name = e.get("name").and_then(Value::as_str).unwrap_or("");
                    let secret = sk.get("name").and_then(Value::as_str).unwrap_or("");
                    out.push(
                        c.field(&format!("env{}.valueFrom.secretKeyRef", selector("name", name, i))),
                        format!("container {:?} exposes Secret {secret:?} as environment variable {name}", c.name),
                    );
                }
            }
            if let Some(env_from) = c.c.get("envFrom").and_then(Value::as_array) {
                for (i, e) in env_from.iter().enumerate() {
                    let Some(sr) = e.get("secretRef") else {
                        continue;
                    };
                    let secret = sr.get("name").and_then(Value::as_str).unwrap_or("");
                    out.push(
                        c.field(&format!("envFrom[{i}].secretRef")),
                        format!("container {:?} exposes all of Secret {secret:?} as environment variables", c.name),
                    );
                }
            }
        }
    });
}
