//! Stage 5 — resolve names: after prefixes, suffixes, namespaces and hashes
//! changed names, update every reference to them (Kustomize's
//! `FixBackReferences` / name reference transformer).
//!
//! For each resource whose original kind appears as a referrer in the
//! `nameReference` field specs, every name found at a referrer path is looked
//! up among the resources that were once called that (any previous name) and
//! are of the referenced kind. Candidates are narrowed as Kustomize does:
//! only resources the referrer can see (same namespace, cluster-scoped, or a
//! namespace named by a RoleBinding's ServiceAccount subjects), the RoleBinding's
//! `roleRef` kind, the referrer's namespace (ServiceAccounts excepted), then
//! the same name prefixes/suffixes. One survivor gives the new name; several
//! with the same name are fine; otherwise the reference is ambiguous (error).
//! Mapping references (`{name, namespace}` as in RoleBinding subjects or
//! webhook services) also select by namespace and get the referral's
//! namespace written back.
//!
//! Candidates are indexed by previous name, so the work is proportional to
//! the number of references, not to the square of the number of resources.

use crate::build::Accumulated;
use crate::error::{Error, Result};
use crate::resmap::ResMap;
use crate::resource::{ResId, Resource, Value};
use crate::schema::scope::is_cluster_scoped_gv;
use crate::transform::fieldspec::{FieldSpec, Gvk, NameBackRef, TransformerConfig};
use crate::transform::walk;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

pub(crate) use crate::resmap::{NOT_NAMESPACEABLE, effective_namespace};

/// True when the id's kind is cluster scoped.
pub(crate) fn id_is_cluster_scoped(id: &ResId) -> bool {
    is_cluster_scoped_gv(&id.group, &id.version, &id.kind)
}

/// What name references need to know about a resource (names do not change
/// while references are fixed, so this snapshot stays valid).
struct Cand {
    name: String,
    namespace: String,
    kind: String,
    /// The current id's group and version, for error messages.
    group: String,
    version: String,
    cur_cluster: bool,
    cur_eff_ns: String,
    orig_eff_ns: String,
    history: Vec<ResId>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

impl Cand {
    /// The snapshot of `r`, taking (not copying) its history and affixes,
    /// which fixing references does not read from the resource; [`Index::give_back`]
    /// returns them.
    fn take(r: &mut Resource) -> Cand {
        let cur = r.id();
        let orig = r.orig_id();
        Cand {
            cur_cluster: id_is_cluster_scoped(&cur),
            cur_eff_ns: effective_namespace(&cur).to_string(),
            orig_eff_ns: effective_namespace(&orig).to_string(),
            name: cur.name,
            namespace: cur.namespace,
            kind: cur.kind,
            group: cur.group,
            version: cur.version,
            history: std::mem::take(&mut r.history),
            prefixes: std::mem::take(&mut r.prefixes),
            suffixes: std::mem::take(&mut r.suffixes),
        }
    }

    fn prev_selected_by(&self, gvk: &Gvk) -> bool {
        self.history
            .iter()
            .any(|id| gvk.selects(&id.group, &id.version, &id.kind))
    }
}

/// Kustomize's `SameEndingSubSlice`: one list ends with the other (two empty
/// lists are equal; an empty and a non-empty one are not).
fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.is_empty();
    }
    long.ends_with(short)
}

fn affixes_equal(c: &Cand, referrer: &Cand, allow_empty: bool) -> bool {
    let pre = (allow_empty && (c.prefixes.is_empty() || referrer.prefixes.is_empty()))
        || same_ending(&c.prefixes, &referrer.prefixes);
    let suf = (allow_empty && (c.suffixes.is_empty() || referrer.suffixes.is_empty()))
        || same_ending(&c.suffixes, &referrer.suffixes);
    pre && suf
}

/// All resources, indexed for reference look-ups.
struct Index {
    cands: Vec<Cand>,
    /// Previous name → resources that had it (in resource order).
    by_prev_name: HashMap<String, Vec<usize>>,
    /// (original effective namespace, current effective namespace) pairs present.
    orig_cur: HashSet<(String, String)>,
    /// (original effective namespace, raw current namespace) pairs present.
    orig_raw: HashSet<(String, String)>,
    /// Original effective namespaces present.
    origs: HashSet<String>,
}

impl Index {
    /// Index `resources`, taking their histories and affixes until
    /// [`Index::give_back`].
    fn new(resources: &mut [Resource]) -> Index {
        let cands: Vec<Cand> = resources.iter_mut().map(Cand::take).collect();
        let mut by_prev_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut orig_cur = HashSet::new();
        let mut orig_raw = HashSet::new();
        let mut origs = HashSet::new();
        for (i, c) in cands.iter().enumerate() {
            let mut seen = HashSet::new();
            for id in &c.history {
                if seen.insert(id.name.as_str()) {
                    by_prev_name.entry(id.name.clone()).or_default().push(i);
                }
            }
            if c.orig_eff_ns != NOT_NAMESPACEABLE {
                origs.insert(c.orig_eff_ns.clone());
                if c.cur_cluster {
                    // Visible to everyone; recorded under a marker.
                    orig_cur.insert((c.orig_eff_ns.clone(), NOT_NAMESPACEABLE.to_string()));
                }
                orig_cur.insert((c.orig_eff_ns.clone(), c.cur_eff_ns.clone()));
                orig_raw.insert((c.orig_eff_ns.clone(), c.namespace.clone()));
            }
        }
        Index {
            cands,
            by_prev_name,
            orig_cur,
            orig_raw,
            origs,
        }
    }

    /// Return to `resources` the histories and affixes [`Index::new`] took.
    fn give_back(self, resources: &mut [Resource]) {
        for (c, r) in self.cands.into_iter().zip(resources) {
            r.history = c.history;
            r.prefixes = c.prefixes;
            r.suffixes = c.suffixes;
        }
    }
}

/// What a referrer can see (Kustomize's `SubsetThatCouldBeReferencedByResource`).
struct Visibility {
    cluster: bool,
    eff_ns: String,
    /// Namespaces of ServiceAccount subjects of a RoleBinding.
    rb_namespaces: HashSet<String>,
}

impl Visibility {
    fn of(r: &Resource, c: &Cand) -> std::result::Result<Visibility, String> {
        let mut rb_namespaces = HashSet::new();
        if r.kind() == "RoleBinding" {
            if let Some(Value::Array(subjects)) = r.obj.get("subjects") {
                for s in subjects {
                    let Some(m) = s.as_object() else { continue };
                    let (Some(ns), Some(kind)) = (m.get("namespace"), m.get("kind")) else {
                        continue;
                    };
                    if kind.as_str() != Some("ServiceAccount") {
                        continue;
                    }
                    match ns.as_str() {
                        Some(ns) => {
                            rb_namespaces.insert(ns.to_string());
                        }
                        None => {
                            return Err(format!(
                                "Invalid Input: namespace is blank for resource \"{}\"",
                                r.id()
                            ));
                        }
                    }
                }
            }
        }
        Ok(Visibility {
            cluster: c.cur_cluster,
            eff_ns: c.cur_eff_ns.clone(),
            rb_namespaces,
        })
    }

    fn sees(&self, t: &Cand) -> bool {
        self.cluster
            || t.cur_cluster
            || t.cur_eff_ns == self.eff_ns
            || self.rb_namespaces.contains(&t.namespace)
    }

    /// Whether some visible resource was originally in namespace `ns`.
    fn sees_original_namespace(&self, idx: &Index, ns: &str) -> bool {
        if self.cluster {
            return idx.origs.contains(ns);
        }
        let key = |b: &str| (ns.to_string(), b.to_string());
        idx.orig_cur.contains(&key(NOT_NAMESPACEABLE))
            || idx.orig_cur.contains(&key(&self.eff_ns))
            || self
                .rb_namespaces
                .iter()
                .any(|rb| idx.orig_raw.contains(&key(rb)))
    }
}

/// One referrer field to fix: the spec and the referenced kind.
struct Job<'a> {
    spec: &'a FieldSpec,
    target: &'a Gvk,
    /// The `roleRef` kind filter, for `roleRef/name` paths.
    role_ref: Option<Gvk>,
}

struct Ctx<'a> {
    idx: &'a Index,
    me: usize,
    vis: &'a Visibility,
}

impl Ctx<'_> {
    fn referrer(&self) -> &Cand {
        &self.idx.cands[self.me]
    }

    /// Kustomize's `selectReferral`. `ns` restricts candidates for mapping
    /// references that carry a namespace.
    fn select(
        &self,
        job: &Job,
        old_name: &str,
        ns: Option<&str>,
        same_namespace_required: bool,
    ) -> std::result::Result<Option<usize>, String> {
        let idx = self.idx;
        let Some(list) = idx.by_prev_name.get(old_name) else {
            return Ok(None);
        };
        let ns_filter: Option<(bool, &str)> = ns.map(|ns| {
            if ns == NOT_NAMESPACEABLE {
                (false, ns)
            } else {
                (self.vis.sees_original_namespace(idx, ns), ns)
            }
        });
        let me = self.referrer();
        let mut c: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| {
                let t = &idx.cands[i];
                if !self.vis.sees(t) {
                    return false;
                }
                match ns_filter {
                    None => true,
                    Some((_, NOT_NAMESPACEABLE)) => false,
                    Some((true, ns)) => t.orig_eff_ns == ns,
                    Some((false, ns)) => !t.cur_cluster && t.cur_eff_ns == ns,
                }
            })
            .filter(|&i| idx.cands[i].prev_selected_by(job.target))
            .filter(|&i| {
                job.role_ref
                    .as_ref()
                    .is_none_or(|g| idx.cands[i].prev_selected_by(g))
            })
            .filter(|&i| {
                let t = &idx.cands[i];
                me.cur_cluster
                    || t.cur_cluster
                    || t.kind == "ServiceAccount"
                    || t.cur_eff_ns == me.cur_eff_ns
            })
            .collect();
        if c.len() == 1 {
            return Ok(c.first().copied());
        }
        c.retain(|&i| affixes_equal(&idx.cands[i], me, true));
        if c.len() > 1 {
            c.retain(|&i| affixes_equal(&idx.cands[i], me, false));
        }
        match c.len() {
            0 => Ok(None),
            1 => Ok(c.first().copied()),
            _ => {
                let first = &idx.cands[c[0]];
                let identical = c.iter().all(|&i| {
                    let t = &idx.cands[i];
                    t.name == first.name
                        && (!same_namespace_required || t.namespace == first.namespace)
                });
                if identical {
                    Ok(Some(c[0]))
                } else {
                    let ids: Vec<String> = c
                        .iter()
                        .map(|&i| {
                            let t = &idx.cands[i];
                            ResId {
                                group: t.group.clone(),
                                version: t.version.clone(),
                                kind: t.kind.clone(),
                                namespace: t.namespace.clone(),
                                name: t.name.clone(),
                            }
                            .to_string()
                        })
                        .collect();
                    Err(format!(
                        "found multiple possible referrals: {}",
                        ids.join(", ")
                    ))
                }
            }
        }
    }

    fn set_scalar(&self, job: &Job, node: &mut Value) -> std::result::Result<(), String> {
        let old = walk::scalar_text(node);
        let Some(i) = self.select(job, &old, None, false)? else {
            return Ok(());
        };
        let new = &self.idx.cands[i].name;
        if *new != old {
            *node = Value::String(new.clone());
        }
        Ok(())
    }

    fn set_mapping(&self, job: &Job, node: &mut Value) -> std::result::Result<(), String> {
        let Value::Object(m) = node else {
            return Err("expect a mapping node".into());
        };
        let Some(name_node) = m.get("name").filter(|v| !v.is_null()) else {
            return Err("path config error; no 'name' field in node".into());
        };
        let old = walk::scalar_text(name_node);
        let ns = m
            .get("namespace")
            .filter(|v| !v.is_null())
            .map(walk::scalar_text);
        let Some(i) = self.select(job, &old, ns.as_deref(), true)? else {
            return Ok(());
        };
        let t = &self.idx.cands[i];
        if t.name == old && t.namespace.is_empty() {
            return Ok(());
        }
        m.insert("name".into(), Value::String(t.name.clone()));
        if !t.namespace.is_empty() {
            m.insert("namespace".into(), Value::String(t.namespace.clone()));
        }
        Ok(())
    }

    fn set(&self, job: &Job, node: &mut Value) -> std::result::Result<(), String> {
        match node {
            Value::Null => Ok(()),
            Value::Object(_) => self.set_mapping(job, node),
            Value::Array(items) => {
                for item in items.iter_mut() {
                    match item {
                        Value::Null => {}
                        Value::Object(_) => self.set_mapping(job, item)?,
                        Value::Array(_) => {
                            return Err(
                                "is expected to be either a string or a map of string".into()
                            );
                        }
                        _ => self.set_scalar(job, item)?,
                    }
                }
                Ok(())
            }
            _ => self.set_scalar(job, node),
        }
    }
}

/// The `roleRef` kind of a binding, as a filter (group and kind).
fn role_ref_gvk(r: &Resource) -> Option<Gvk> {
    let rr = r.obj.get("roleRef")?.as_object()?;
    let group = rr.get("apiGroup")?;
    let kind = rr.get("kind")?;
    Some(Gvk {
        group: walk::scalar_text(group),
        version: String::new(),
        kind: walk::scalar_text(kind),
    })
}

/// Update references to renamed resources.
pub(crate) fn fix(acc: &mut Accumulated) -> Result<()> {
    fix_references(&mut acc.resmap, &acc.config)
}

/// Update, in `resmap`, the references to renamed resources that `config`'s
/// `nameReference` specs locate (the build's name-reference stage, exposed
/// for benchmarks as `rustomize::stages::name_references`).
pub fn fix_references(resmap: &mut ResMap, config: &TransformerConfig) -> Result<()> {
    let backrefs = &config.name_reference;
    if backrefs.is_empty() || resmap.is_empty() {
        return Ok(());
    }
    // The index holds the resources' histories and affixes meanwhile
    // (copying them would double their memory at the peak of the build).
    let idx = Index::new(resmap.resources_mut());
    let fixed = fix_with(&idx, backrefs, resmap.resources_mut());
    idx.give_back(resmap.resources_mut());
    fixed
}

fn fix_with(idx: &Index, backrefs: &[NameBackRef], resources: &mut [Resource]) -> Result<()> {
    // The referrer specs selecting each original type, found once per type.
    let mut by_type = HashMap::new();
    for (me, r) in resources.iter_mut().enumerate() {
        let Some(cand) = idx.cands.get(me) else {
            continue;
        };
        // `r.orig_id()`, from the history the index holds.
        let org = match cand.history.first() {
            Some(id) => (id.group.clone(), id.version.clone(), id.kind.clone()),
            None => {
                let id = r.id();
                (id.group, id.version, id.kind)
            }
        };
        let specs = by_type.entry(org).or_insert_with_key(|(g, v, k)| {
            let mut specs = Vec::new();
            for br in backrefs {
                for spec in &br.referrers {
                    if spec.selects_gvk(g, v, k) {
                        specs.push((&br.gvk, spec));
                    }
                }
            }
            specs
        });
        let mut jobs = Vec::with_capacity(specs.len());
        for &(target, spec) in specs.iter() {
            let role_ref = if spec.path.ends_with("roleRef/name") {
                role_ref_gvk(r)
            } else {
                None
            };
            jobs.push(Job {
                spec,
                target,
                role_ref,
            });
        }
        if jobs.is_empty() {
            continue;
        }
        let vis = Visibility::of(r, cand).map_err(|e| Error::invalid(PathBuf::new(), e))?;
        let ctx = Ctx { idx, me, vis: &vis };
        for job in &jobs {
            walk::apply_unfiltered(&mut r.obj, job.spec, None, &mut |node| ctx.set(job, node))
                .map_err(|e| {
                    Error::invalid(
                        PathBuf::from(r.source.as_deref().unwrap_or("")),
                        format!(
                            "updating name reference in '{}' field of '{}': {e}",
                            job.spec.path,
                            r.id()
                        ),
                    )
                })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn acc_of(objs: Vec<Value>) -> Accumulated {
        let mut acc = Accumulated::default();
        for o in objs {
            if let Value::Object(m) = o {
                acc.resmap.push(Resource::new(m, None));
            }
        }
        acc.config = TransformerConfig::defaults().clone().into();
        acc
    }

    fn prefix_all(acc: &mut Accumulated, p: &str) {
        for r in acc.resmap.iter_mut() {
            let n = format!("{p}{}", r.name());
            r.prefixes.push(p.into());
            r.set_name(&n);
        }
    }

    fn deploy_using(cm: &str, secret: &str, sa: &str) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"template": {"spec": {
                "serviceAccountName": sa,
                "containers": [{"name": "c", "envFrom": [{"configMapRef": {"name": cm}}, {"secretRef": {"name": secret}}]}],
                "volumes": [{"name": "v", "configMap": {"name": cm}}, {"name": "w", "secret": {"secretName": secret}}]}}}})
    }

    #[test]
    fn renamed_targets_are_followed() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}),
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}}),
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa"}}),
            deploy_using("cm", "s", "sa"),
        ]);
        prefix_all(&mut acc, "p-");
        fix(&mut acc).unwrap();
        let d = &acc.resmap.as_slice()[3].obj["spec"]["template"]["spec"];
        assert_eq!(d["serviceAccountName"], "p-sa");
        assert_eq!(
            d["containers"][0]["envFrom"][0]["configMapRef"]["name"],
            "p-cm"
        );
        assert_eq!(d["containers"][0]["envFrom"][1]["secretRef"]["name"], "p-s");
        assert_eq!(d["volumes"][0]["configMap"]["name"], "p-cm");
        assert_eq!(d["volumes"][1]["secret"]["secretName"], "p-s");
    }

    #[test]
    fn resources_keep_their_history_and_affixes() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}),
            deploy_using("cm", "s", "sa"),
        ]);
        prefix_all(&mut acc, "p-");
        for r in acc.resmap.iter_mut() {
            r.suffixes.push("-x".into());
        }
        let before: Vec<_> = acc
            .resmap
            .iter()
            .map(|r| (r.history.clone(), r.prefixes.clone(), r.suffixes.clone()))
            .collect();
        assert!(before.iter().all(|(h, _, _)| !h.is_empty()));
        fix(&mut acc).unwrap();
        let after: Vec<_> = acc
            .resmap
            .iter()
            .map(|r| (r.history.clone(), r.prefixes.clone(), r.suffixes.clone()))
            .collect();
        assert_eq!(before, after);
        // Also when fixing fails half way.
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}),
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                "spec": {"volumes": [{"configMap": {"name": [[1]]}}]}}),
        ]);
        prefix_all(&mut acc, "p-");
        let before: Vec<_> = acc.resmap.iter().map(|r| r.history.clone()).collect();
        assert!(fix(&mut acc).is_err());
        let after: Vec<_> = acc.resmap.iter().map(|r| r.history.clone()).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn unknown_and_unrenamed_names_are_left_alone() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}),
            deploy_using("other", "s", "sa"),
        ]);
        fix(&mut acc).unwrap();
        let d = &acc.resmap.as_slice()[1].obj["spec"]["template"]["spec"];
        assert_eq!(d["volumes"][0]["configMap"]["name"], "other");
    }

    #[test]
    fn namespaces_separate_candidates() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "a"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "b"}}),
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "b"},
                "spec": {"volumes": [{"configMap": {"name": "cm"}}]}}),
        ]);
        acc.resmap.resources_mut()[0].set_name("cm-a");
        acc.resmap.resources_mut()[1].set_name("cm-b");
        fix(&mut acc).unwrap();
        assert_eq!(
            acc.resmap.resources_mut()[2].obj["spec"]["volumes"][0]["configMap"]["name"],
            "cm-b"
        );
    }

    #[test]
    fn ambiguity_is_an_error_unless_names_agree() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm2"}}),
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                "spec": {"volumes": [{"configMap": {"name": "cm"}}]}}),
        ]);
        acc.resmap.resources_mut()[0].set_name("x");
        // Both were once called "cm".
        acc.resmap.resources_mut()[1].set_name("cm");
        acc.resmap.resources_mut()[1].set_name("y");
        assert!(
            fix(&mut acc)
                .unwrap_err()
                .to_string()
                .contains("multiple possible referrals")
        );
    }

    #[test]
    fn prefixes_disambiguate() {
        let mut acc = acc_of(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "x"}}),
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                "spec": {"volumes": [{"configMap": {"name": "cm"}}]}}),
        ]);
        {
            let r = acc.resmap.resources_mut();
            r[0].prefixes.push("a-".into());
            r[0].set_name("a-cm");
            r[1].prefixes.push("b-".into());
            r[1].set_name("b-cm");
            r[1].set_namespace("default");
            r[2].prefixes.push("b-".into());
            r[2].set_name("b-p");
        }
        fix(&mut acc).unwrap();
        assert_eq!(
            acc.resmap.resources_mut()[2].obj["spec"]["volumes"][0]["configMap"]["name"],
            "b-cm"
        );
    }

    #[test]
    fn role_binding_subjects_and_role_ref() {
        let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "ns1"}});
        let rb = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "rb", "namespace": "ns2"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "r"},
            "subjects": [{"kind": "ServiceAccount", "name": "sa", "namespace": "ns1"}, {"kind": "User", "name": "u"}]});
        let mut acc = acc_of(vec![
            sa.clone(),
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "ns2"}}),
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}}),
            rb.clone(),
        ]);
        {
            let r = acc.resmap.resources_mut();
            r[0].set_name("sa-x");
            r[1].set_name("role-x");
            r[2].set_name("cr-x");
        }
        fix(&mut acc).unwrap();
        let out = &acc.resmap.as_slice()[3].obj;
        assert_eq!(out["roleRef"]["name"], "cr-x");
        // The subject's namespace is visible to the binding through the subject itself.
        assert_eq!(
            out["subjects"][0],
            json!({"kind": "ServiceAccount", "name": "sa-x", "namespace": "ns1"})
        );
        assert_eq!(out["subjects"][1], json!({"kind": "User", "name": "u"}));

        // Both moved to another namespace: the subject follows by its original namespace.
        let mut acc = acc_of(vec![sa, rb]);
        for r in acc.resmap.iter_mut() {
            r.set_namespace("prod");
        }
        acc.resmap.resources_mut()[0].set_name("sa-y");
        fix(&mut acc).unwrap();
        let out = &acc.resmap.as_slice()[1].obj;
        assert_eq!(
            out["subjects"][0],
            json!({"kind": "ServiceAccount", "name": "sa-y", "namespace": "prod"})
        );
    }

    #[test]
    fn same_ending() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(super::same_ending(&s(&[]), &s(&[])));
        assert!(!super::same_ending(&s(&[]), &s(&["a"])));
        assert!(super::same_ending(&s(&["b"]), &s(&["a", "b"])));
        assert!(!super::same_ending(&s(&["a"]), &s(&["a", "b"])));
    }
}
