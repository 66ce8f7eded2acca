//! Stage 6 — order: Kustomize's legacy kind order, or `sortOptions`
//! (`order: legacy` with optional `legacySortOptions`, or `order: fifo`).

use crate::build::Accumulated;
use crate::error::{Error, Result};
use crate::resource::{Resource, Value};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

/// Kinds printed first, in this order, by the legacy sort (Kustomize's
/// `defaultOrderFirst`).
pub const DEFAULT_ORDER_FIRST: [&str; 22] = [
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// Kinds printed last, in this order, by the legacy sort.
pub const DEFAULT_ORDER_LAST: [&str; 2] = [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// How to order the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortOrder {
    /// Keep accumulation order.
    Fifo,
    /// Kind order lists, then group/version/kind, then namespace and name.
    Legacy {
        /// Kinds first, in order.
        order_first: Vec<String>,
        /// Kinds last, in order.
        order_last: Vec<String>,
    },
}

impl Default for SortOrder {
    fn default() -> Self {
        SortOrder::Legacy {
            order_first: DEFAULT_ORDER_FIRST.iter().map(|s| s.to_string()).collect(),
            order_last: DEFAULT_ORDER_LAST.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Look up a field the way Go's JSON decoder does (exact, then case-insensitive);
/// any other field is an error.
fn fields<'a>(
    v: &'a Value,
    known: &[&'static str],
    what: &str,
    path: &Path,
) -> Result<HashMap<&'static str, &'a Value>> {
    let mut out = HashMap::new();
    let Value::Object(m) = v else {
        if v.is_null() {
            return Ok(out);
        }
        return Err(Error::invalid(path, format!("{what} must be a mapping")));
    };
    for (k, val) in m {
        let f = known
            .iter()
            .find(|f| **f == k)
            .or_else(|| known.iter().find(|f| f.eq_ignore_ascii_case(k)))
            .ok_or_else(|| Error::invalid(path, format!("{what}: unknown field \"{k}\"")))?;
        if !val.is_null() {
            out.insert(*f, val);
        }
    }
    Ok(out)
}

fn string_list(v: Option<&&Value>, what: &str, path: &Path) -> Result<Vec<String>> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|s| match s {
                Value::String(s) => Ok(s.clone()),
                _ => Err(Error::invalid(
                    path,
                    format!("{what} must be a list of strings"),
                )),
            })
            .collect(),
        Some(_) => Err(Error::invalid(
            path,
            format!("{what} must be a list of strings"),
        )),
    }
}

impl SortOrder {
    /// Interpret a kustomization's `sortOptions` (absent: the default legacy order).
    pub fn from_sort_options(v: Option<&Value>, path: &Path) -> Result<Self> {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return Ok(SortOrder::default());
        };
        let f = fields(v, &["order", "legacySortOptions"], "sortOptions", path)?;
        let order = match f.get("order") {
            None => "",
            Some(Value::String(s)) => s.as_str(),
            Some(_) => return Err(Error::invalid(path, "sortOptions.order must be a string")),
        };
        match order {
            "fifo" => {
                if f.contains_key("legacySortOptions") {
                    return Err(Error::invalid(
                        path,
                        "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
                    ));
                }
                Ok(SortOrder::Fifo)
            }
            "legacy" => match f.get("legacySortOptions") {
                None => Ok(SortOrder::default()),
                Some(l) => {
                    let lf = fields(
                        l,
                        &["orderFirst", "orderLast"],
                        "sortOptions.legacySortOptions",
                        path,
                    )?;
                    Ok(SortOrder::Legacy {
                        order_first: string_list(lf.get("orderFirst"), "orderFirst", path)?,
                        order_last: string_list(lf.get("orderLast"), "orderLast", path)?,
                    })
                }
            },
            _ => Err(Error::invalid(
                path,
                "the field 'sortOptions.order' must be one of [fifo, legacy]",
            )),
        }
    }

    /// Reorder `resources` (stable; Kustomize's order has no ties between distinct ids).
    pub fn sort(&self, resources: &mut [Resource]) {
        let SortOrder::Legacy {
            order_first,
            order_last,
        } = self
        else {
            return;
        };
        let mut type_orders: HashMap<&str, i64> = HashMap::new();
        let n_first = order_first.len() as i64;
        for (i, k) in order_first.iter().enumerate() {
            type_orders.insert(k, i as i64 - n_first);
        }
        for (i, k) in order_last.iter().enumerate() {
            type_orders.insert(k, 1 + i as i64);
        }
        let keys: Vec<SortKey> = resources
            .iter()
            .map(|r| SortKey::new(r, &type_orders))
            .collect();
        let mut perm: Vec<usize> = (0..resources.len()).collect();
        perm.sort_by(|&a, &b| keys[a].cmp_legacy(&keys[b]));
        permute(resources, &perm);
    }
}

/// Reorder `items` in place so that item `i` is the one that was at
/// `perm[i]` (`perm` a permutation of the positions), following each cycle
/// with swaps: no second vector of resources at the peak of the build.
fn permute<T>(items: &mut [T], perm: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        // The item first at `start` moves along the cycle until the
        // position that wants it.
        let mut i = start;
        loop {
            placed[i] = true;
            let Some(&j) = perm.get(i) else { break };
            if j == start || placed.get(j) != Some(&false) {
                break;
            }
            items.swap(i, j);
            i = j;
        }
    }
}

/// What the legacy comparison looks at, computed once per resource.
struct SortKey {
    type_order: i64,
    group: String,
    version: String,
    kind: String,
    /// `group_version_kind` with `~G`/`~V`/`~K` for empty parts.
    gvk: String,
    /// `namespace|name` with `~X`/`~N` for empty parts.
    ns_name: String,
}

impl SortKey {
    fn new(r: &Resource, type_orders: &HashMap<&str, i64>) -> Self {
        let id = r.id();
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        SortKey {
            type_order: type_orders.get(id.kind.as_str()).copied().unwrap_or(0),
            gvk: format!(
                "{}_{}_{}",
                or(&id.group, "~G"),
                or(&id.version, "~V"),
                or(&id.kind, "~K")
            ),
            ns_name: format!("{}|{}", or(&id.namespace, "~X"), or(&id.name, "~N")),
            group: id.group,
            version: id.version,
            kind: id.kind,
        }
    }

    fn cmp_legacy(&self, o: &SortKey) -> Ordering {
        let same_gvk = self.group == o.group && self.version == o.version && self.kind == o.kind;
        if same_gvk {
            return self.ns_name.cmp(&o.ns_name);
        }
        if self.type_order != o.type_order {
            return self.type_order.cmp(&o.type_order);
        }
        if self.kind == "Namespace"
            && o.kind == "Namespace"
            && (self.group.is_empty() || o.group.is_empty())
        {
            // Kustomize puts core Namespaces before those of other groups.
            return o.gvk.cmp(&self.gvk);
        }
        self.gvk.cmp(&o.gvk)
    }
}

/// Sort the resources for output, per the top kustomization's `sortOptions`
/// (`path` names it in errors).
pub(crate) fn sort(acc: &mut Accumulated, path: &Path) -> Result<()> {
    let order = SortOrder::from_sort_options(acc.sort_options.as_ref(), path)?;
    if order != SortOrder::Fifo {
        order.sort(acc.resmap.resources_mut());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_places_each_item_where_the_permutation_says() {
        // All permutations of 5 items, and a longer pseudo-random one.
        fn check(perm: &[usize]) {
            let mut items: Vec<String> = (0..perm.len()).map(|i| format!("r{i}")).collect();
            let expected: Vec<String> = perm.iter().map(|&p| items[p].clone()).collect();
            super::permute(&mut items, perm);
            assert_eq!(items, expected, "{perm:?}");
        }
        fn all(prefix: &mut Vec<usize>, n: usize) {
            if prefix.len() == n {
                return check(prefix);
            }
            for i in 0..n {
                if !prefix.contains(&i) {
                    prefix.push(i);
                    all(prefix, n);
                    prefix.pop();
                }
            }
        }
        all(&mut Vec::new(), 5);
        let mut perm: Vec<usize> = (0..1000).collect();
        let mut x = 12345u64;
        for i in (1..perm.len()).rev() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            perm.swap(i, (x >> 33) as usize % (i + 1));
        }
        check(&perm);
        check(&[]);
    }

    use super::*;
    use serde_json::json;

    fn r(api: &str, kind: &str, ns: &str, name: &str) -> Resource {
        let mut md = json!({"name": name});
        if !ns.is_empty() {
            md["namespace"] = json!(ns);
        }
        let v = json!({"apiVersion": api, "kind": kind, "metadata": md});
        Resource::new(v.as_object().cloned().unwrap_or_default(), None)
    }

    fn names(rs: &[Resource]) -> Vec<String> {
        rs.iter()
            .map(|r| format!("{}/{}", r.kind(), r.name()))
            .collect()
    }

    #[test]
    fn legacy_default_order() {
        let mut rs = vec![
            r("v1", "Service", "", "papaya"),
            r("rbac.authorization.k8s.io/v1", "Role", "", "banana"),
            r(
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
                "",
                "pome",
            ),
            r("apps/v1", "Deployment", "", "pear"),
            r("v1", "Namespace", "", "apple"),
            r("example.com/v1", "Zebra", "", "z"),
            r("example.com/v1", "Alpha", "", "a"),
            r("v1", "ConfigMap", "b-ns", "cm"),
            r("v1", "ConfigMap", "", "cm"),
            r("v1", "ConfigMap", "a-ns", "cm"),
        ];
        SortOrder::default().sort(&mut rs);
        assert_eq!(
            names(&rs),
            [
                "Namespace/apple",
                "Role/banana",
                "ConfigMap/cm",
                "ConfigMap/cm",
                "ConfigMap/cm",
                "Service/papaya",
                "Deployment/pear",
                "Alpha/a",
                "Zebra/z",
                "ValidatingWebhookConfiguration/pome"
            ]
        );
        // Within a kind: namespaced before no-namespace ("~X" sorts last).
        let ns: Vec<&str> = rs[2..5].iter().map(|r| r.namespace()).collect();
        assert_eq!(ns, ["a-ns", "b-ns", ""]);
    }

    #[test]
    fn group_version_order_and_separator_bytes() {
        let mut rs = vec![
            r("v1", "Foo", "", "x"),
            r("b.io/v1", "Foo", "", "x"),
            r("a.io/v2", "Foo", "", "x"),
            r("a.io/v1", "Foo", "", "x"),
            r("a.io/v1", "Foo", "a-b", "y"),
            r("a.io/v1", "Foo", "a", "z"),
        ];
        SortOrder::default().sort(&mut rs);
        let got: Vec<String> = rs
            .iter()
            .map(|r| format!("{}|{}|{}", r.api_version(), r.namespace(), r.name()))
            .collect();
        // "a-b|y" < "a|z" because '-' < '|'; core group ("~G") sorts last.
        assert_eq!(
            got,
            [
                "a.io/v1|a-b|y",
                "a.io/v1|a|z",
                "a.io/v1||x",
                "a.io/v2||x",
                "b.io/v1||x",
                "v1||x"
            ]
        );
    }

    #[test]
    fn core_namespaces_first() {
        let mut rs = vec![
            r("b.io/v1", "Namespace", "", "x"),
            r("v1", "Namespace", "", "y"),
            r("a.io/v1", "Namespace", "", "z"),
        ];
        SortOrder::default().sort(&mut rs);
        assert_eq!(
            rs.iter().map(|r| r.api_version()).collect::<Vec<_>>(),
            ["v1", "a.io/v1", "b.io/v1"]
        );
    }

    #[test]
    fn sort_options() {
        let p = Path::new("k.yaml");
        let parse = |v: Value| SortOrder::from_sort_options(Some(&v), p);
        assert_eq!(parse(json!({"order": "fifo"})).unwrap(), SortOrder::Fifo);
        assert_eq!(
            parse(json!({"order": "legacy"})).unwrap(),
            SortOrder::default()
        );
        assert!(parse(json!({})).is_err());
        assert!(parse(json!({"order": "alpha"})).is_err());
        assert!(parse(json!({"order": "fifo", "legacySortOptions": {}})).is_err());
        assert!(parse(json!({"order": "legacy", "bogus": 1})).is_err());
        let custom = parse(json!({"order": "legacy", "legacySortOptions": {
            "orderFirst": ["Service"], "orderLast": ["Namespace"]}}))
        .unwrap();
        let mut rs = vec![
            r("v1", "Namespace", "", "ns"),
            r("apps/v1", "Deployment", "", "d"),
            r("v1", "Service", "", "s"),
        ];
        custom.sort(&mut rs);
        assert_eq!(names(&rs), ["Service/s", "Deployment/d", "Namespace/ns"]);
        let mut rs2 = rs.clone();
        rs2.reverse();
        SortOrder::Fifo.sort(&mut rs2);
        assert_eq!(names(&rs2), ["Namespace/ns", "Deployment/d", "Service/s"]);
    }
}
