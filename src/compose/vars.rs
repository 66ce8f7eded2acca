//! The deprecated `vars` field: `$(VAR)` expansion.
//!
//! As in Kustomize, each level's vars are attached, after that level's
//! transformers ran, to the one resource their `objref` names (matching any
//! of its current or previous ids), so the reference survives later renames.
//! Once the whole tree is built and name references are fixed, every var takes
//! the value of its field in that resource, and `$(NAME)` is expanded in the
//! `varReference` field specs.

use super::fieldpath;
use super::select;
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::resource::{ResId, Resource, Value};
use crate::transform::fieldspec::FieldSpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};

/// `objref` of a var.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct ObjRef {
    #[serde(rename = "apiVersion", alias = "apiversion", alias = "APIVersion")]
    pub api_version: String,
    #[serde(alias = "Group")]
    pub group: String,
    #[serde(alias = "Version")]
    pub version: String,
    #[serde(alias = "Kind")]
    pub kind: String,
    #[serde(alias = "Name")]
    pub name: String,
    #[serde(alias = "Namespace")]
    pub namespace: String,
}

impl ObjRef {
    /// Group and version, `apiVersion` taking precedence (Kustomize's `Target.GVK`).
    fn gv(&self) -> (String, String) {
        if self.api_version.is_empty() {
            return (self.group.clone(), self.version.clone());
        }
        let parts: Vec<&str> = self.api_version.split('/').collect();
        match parts.as_slice() {
            [g, v] => (g.to_string(), v.to_string()),
            [v] => (self.group.clone(), v.to_string()),
            _ => (self.group.clone(), self.version.clone()),
        }
    }

    fn gvk_string(&self) -> String {
        let (g, v) = self.gv();
        let or = |s: String, d: &str| if s.is_empty() { d.to_string() } else { s };
        format!(
            "{}.{}.{}",
            or(self.kind.clone(), "[noKind]"),
            or(v, "[noVer]"),
            or(g, "[noGrp]")
        )
    }
}

/// `fieldref` of a var.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct FieldRef {
    #[serde(rename = "fieldPath", alias = "fieldpath", alias = "FieldPath")]
    pub field_path: String,
}

/// One var.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct Var {
    #[serde(alias = "Name")]
    pub name: String,
    #[serde(alias = "objRef", alias = "ObjRef")]
    pub objref: ObjRef,
    #[serde(alias = "fieldRef", alias = "FieldRef")]
    pub fieldref: FieldRef,
}

impl Var {
    fn defaulted(mut self) -> Self {
        if self.fieldref.field_path.is_empty() {
            self.fieldref.field_path = "metadata.name".into();
        }
        self
    }

    /// Go's `%v` of the var, as Kustomize's messages print it.
    fn display(&self) -> String {
        format!(
            "{{{} {} {{{}}}}}",
            self.name,
            self.objref.gvk_string(),
            self.fieldref.field_path
        )
    }

    /// The same, before `apiVersion` is folded into group and version (how
    /// Kustomize prints the incoming list).
    fn display_raw(&self) -> String {
        let raw = ObjRef {
            api_version: String::new(),
            ..self.objref.clone()
        };
        format!(
            "{{{} {} {{{}}}}}",
            self.name,
            raw.gvk_string(),
            self.fieldref.field_path
        )
    }
}

/// Vars declared by the kustomizations accumulated so far, by name.
#[derive(Clone, Debug, Default)]
pub(crate) struct VarSet {
    vars: BTreeMap<String, Var>,
}

impl VarSet {
    /// Add one var; a name already present is an error.
    fn merge(&mut self, v: Var) -> std::result::Result<(), String> {
        if self.vars.contains_key(&v.name) {
            return Err(format!("var '{}' already encountered", v.name));
        }
        let v = v.defaulted();
        self.vars.insert(v.name.clone(), v);
        Ok(())
    }

    /// Absorb the vars of a child kustomization (Kustomize's
    /// `MergeAccumulator`); a name present in both is an error. The loader
    /// calls this when it folds a child kustomization into its parent.
    pub fn merge_set(&mut self, other: VarSet) -> std::result::Result<(), String> {
        for (_, v) in other.vars {
            self.merge(v)?;
        }
        Ok(())
    }

    /// True when no var is declared.
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

/// Parse a `vars` list.
fn parse_vars(level: &Level) -> Result<Vec<Var>> {
    level
        .k
        .vars
        .iter()
        .map(|v| {
            Var::deserialize(v)
                .map_err(|e| Error::invalid(&level.file, format!("invalid var: {e}")))
        })
        .collect()
}

fn gvkn_equals(a: &ResId, b: &ResId) -> bool {
    a.name == b.name && a.group == b.group && a.version == b.version && a.kind == b.kind
}

fn ns_equals(a: &ResId, b: &ResId) -> bool {
    select::effective_namespace(&a.group, &a.version, &a.kind, &a.namespace)
        == select::effective_namespace(&b.group, &b.version, &b.kind, &b.namespace)
}

/// Add the level's `vars` to `acc.vars`, attaching each to the resource its
/// `objref` names.
pub(crate) fn merge(_ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    if level.k.vars.is_empty() {
        return Ok(());
    }
    let incoming = parse_vars(level)?;
    let all = format!(
        "[{}]",
        incoming
            .iter()
            .map(Var::display_raw)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for v in &incoming {
        let (group, version) = v.objref.gv();
        let target = ResId {
            group,
            version,
            kind: v.objref.kind.clone(),
            namespace: v.objref.namespace.clone(),
            name: v.objref.name.clone(),
        };
        let strict = !target.namespace.is_empty()
            || select::is_cluster_scoped(&target.group, &target.version, &target.kind);
        let matches = |id: &ResId| gvkn_equals(&target, id) && (!strict || ns_equals(&target, id));
        // Candidates: the resources that have (or had) the var's object name.
        let hits: Vec<usize> = acc
            .resmap
            .positions_by_any_name(&target.name)
            .iter()
            .copied()
            .filter(|&i| {
                acc.resmap
                    .get_index(i)
                    .is_some_and(|r| select::all_ids(r).iter().any(matches))
            })
            .collect();
        if hits.len() > 1 {
            let shown = Var {
                objref: ObjRef {
                    api_version: String::new(),
                    group: target.group.clone(),
                    version: target.version.clone(),
                    ..v.objref.clone()
                },
                ..v.clone()
            }
            .defaulted();
            return Err(Error::invalid(
                &level.file,
                format!(
                    "merging vars {}: found {} resId matches for var {} (unable to disambiguate)",
                    all,
                    hits.len(),
                    shown.display()
                ),
            ));
        }
        if let Some(&i) = hits.first() {
            acc.resmap.modify(i, |r| r.ref_vars.push(v.name.clone()));
        }
    }
    for v in incoming {
        acc.vars
            .merge(v)
            .map_err(|e| Error::invalid(&level.file, format!("merging vars {all}: {e}")))?;
    }
    Ok(())
}

/// A var's value, as Kustomize's `GetFieldValue` returns it.
#[derive(Clone, Debug, PartialEq)]
enum VarValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A mapping or a sequence: never substituted.
    Complex,
}

impl VarValue {
    /// Go's `fmt.Sprintf("%v", v)`.
    fn to_text(&self) -> Option<String> {
        match self {
            VarValue::Str(s) => Some(s.clone()),
            VarValue::Int(i) => Some(i.to_string()),
            VarValue::Float(f) => Some(format_float(*f)),
            VarValue::Bool(b) => Some(b.to_string()),
            VarValue::Complex => None,
        }
    }

    /// The value a field holding exactly `$(VAR)` takes.
    fn to_value(&self) -> Option<Value> {
        match self {
            VarValue::Str(s) => Some(Value::String(s.clone())),
            VarValue::Int(i) => Some(Value::from(*i)),
            VarValue::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number),
            VarValue::Bool(b) => Some(Value::Bool(*b)),
            VarValue::Complex => None,
        }
    }
}

/// Go's `%v` for a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`).
fn format_float(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if f != 0.0 && !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        format!("{f}")
    }
}

fn field_value(r: &Resource, path: &str) -> std::result::Result<VarValue, String> {
    // Vars read the resource through JSON: typed annotations resolved.
    let obj = if r.typed_annotations.is_empty() {
        Value::Object(r.obj.clone())
    } else {
        let mut r = r.clone();
        r.resolve_typed_annotations()?;
        Value::Object(r.obj)
    };
    let node = fieldpath::lookup(&obj, &fieldpath::split_with_slice_index(path))?;
    let Some(node) = node else {
        return Err(format!("no field named '{path}'"));
    };
    Ok(match node {
        Value::Object(_) | Value::Array(_) => VarValue::Complex,
        Value::String(s) => VarValue::Str(s.clone()),
        Value::Bool(b) => VarValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => VarValue::Int(i),
            None => VarValue::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::Null => VarValue::Str("null".into()),
    })
}

/// Expand `$(VAR)` references (run once, at the top, after name references).
/// `top` is the top kustomization file (named in errors). Vars never used
/// are reported in `ctx.warnings`, as Kustomize logs them.
pub(crate) fn resolve(ctx: &Ctx, top: &std::path::Path, acc: &mut Accumulated) -> Result<()> {
    if acc.vars.is_empty() {
        return Ok(());
    }
    let mut values: HashMap<String, VarValue> = HashMap::new();
    for (name, v) in &acc.vars.vars {
        let holder = acc
            .resmap
            .iter()
            .find(|r| r.ref_vars.iter().any(|n| n == name));
        let Some(r) = holder else {
            return Err(Error::invalid(
                top,
                format!(
                    "var '{}' cannot be mapped to a field in the set of known resources",
                    v.display()
                ),
            ));
        };
        let val = field_value(r, &v.fieldref.field_path).map_err(|_| {
            Error::invalid(
                top,
                format!(
                    "field specified in var '{}' not found in corresponding resource",
                    v.display()
                ),
            )
        })?;
        values.insert(name.clone(), val);
    }
    // `acc.config` holds Kustomize's default `varReference` field specs plus
    // those of `configurations:` files.
    let specs = acc.config.var_reference.clone();
    let mut used: HashSet<String> = HashSet::new();
    for r in acc.resmap.iter_mut() {
        for fs in &specs {
            if !spec_matches(fs, r) {
                continue;
            }
            let id = r.id();
            let path = split_slash(&fs.path);
            let mut obj = Value::Object(std::mem::take(&mut r.obj));
            let res = walk(&mut obj, &path, &values, &mut used);
            if let Value::Object(m) = obj {
                r.obj = m;
            }
            res.map_err(|e| {
                Error::invalid(
                    top,
                    format!("considering field '{}' of object {id}: {e}", fs.path),
                )
            })?;
        }
    }
    let mut unused: Vec<&String> = values.keys().filter(|k| !used.contains(*k)).collect();
    if !unused.is_empty() {
        unused.sort();
        let names: Vec<&str> = unused.iter().map(|s| s.as_str()).collect();
        ctx.warnings.borrow_mut().push(format!(
            "well-defined vars that were never replaced: {}",
            names.join(",")
        ));
    }
    Ok(())
}

fn spec_matches(fs: &FieldSpec, r: &Resource) -> bool {
    let (g, v) = crate::resource::split_api_version(r.api_version());
    (fs.kind.is_empty() || fs.kind == r.kind())
        && (fs.group.is_empty() || fs.group == g)
        && (fs.version.is_empty() || fs.version == v)
}

/// Split a field-spec path on `/`, honouring `\/` escapes.
fn split_slash(path: &str) -> Vec<String> {
    let mut ps: Vec<&str> = path.split('/').collect();
    if ps.len() > 1 && ps[0].is_empty() {
        ps.remove(0);
    }
    let mut out: Vec<String> = Vec::new();
    for p in ps {
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

/// Follow a field-spec path (sequences are traversed implicitly) and expand
/// vars in what is found.
fn walk(
    v: &mut Value,
    path: &[String],
    values: &HashMap<String, VarValue>,
    used: &mut HashSet<String>,
) -> std::result::Result<(), String> {
    let Some(first) = path.first() else {
        return expand_node(v, values, used);
    };
    match v {
        Value::Null => Ok(()),
        Value::Array(items) => {
            for it in items.iter_mut() {
                walk(it, path, values, used)?;
            }
            Ok(())
        }
        Value::Object(m) => {
            let name = first.strip_suffix("[]").unwrap_or(first);
            if name.is_empty() {
                return Err("cannot set or create an empty field name".into());
            }
            match m.get_mut(name) {
                Some(field) => walk(field, &path[1..], values, used),
                None => Ok(()),
            }
        }
        _ => Err("expected sequence or mapping node".into()),
    }
}

fn expand_node(
    v: &mut Value,
    values: &HashMap<String, VarValue>,
    used: &mut HashSet<String>,
) -> std::result::Result<(), String> {
    match v {
        Value::Null => Ok(()),
        Value::String(_) => {
            expand_scalar(v, values, used);
            Ok(())
        }
        Value::Object(m) => {
            for (_, val) in m.iter_mut() {
                if val.is_string() {
                    expand_scalar(val, values, used);
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for it in items.iter_mut() {
                if !it.is_string() {
                    return Err("invalid value type expect a string".into());
                }
                expand_scalar(it, values, used);
            }
            Ok(())
        }
        // Numbers and booleans are left alone.
        _ => Ok(()),
    }
}

fn expand_scalar(v: &mut Value, values: &HashMap<String, VarValue>, used: &mut HashSet<String>) {
    if let Value::String(s) = v {
        if let Some(new) = do_replacements(s, values, used) {
            *v = new;
        }
    }
}

/// Expand `$(NAME)` in `input`; `$$` is an escaped `$`. A string that is
/// exactly one reference takes the var's type. `None` when nothing changed.
fn do_replacements(
    input: &str,
    values: &HashMap<String, VarValue>,
    used: &mut HashSet<String>,
) -> Option<Value> {
    if !input.contains('$') {
        return None;
    }
    let mut lookup = |name: &str| {
        let v = values.get(name).filter(|v| **v != VarValue::Complex);
        if v.is_some() {
            used.insert(name.to_string());
        }
        v
    };
    let bytes = input.as_bytes();
    let mut buf = String::new();
    let mut checkpoint = 0;
    let mut cursor = 0;
    while cursor < bytes.len() {
        if bytes[cursor] == b'$' && cursor + 1 < bytes.len() {
            buf.push_str(&input[checkpoint..cursor]);
            let rest = &input[cursor + 1..];
            let advance;
            match rest.as_bytes()[0] {
                b'$' => {
                    buf.push('$');
                    advance = 1;
                }
                b'(' => match rest[1..].find(')') {
                    Some(close) => {
                        let name = &rest[1..1 + close];
                        let whole = input.len() == name.len() + 3;
                        match lookup(name) {
                            Some(val) if whole => return val.to_value(),
                            Some(val) => buf.push_str(&val.to_text().unwrap_or_default()),
                            None => {
                                buf.push_str("$(");
                                buf.push_str(name);
                                buf.push(')');
                            }
                        }
                        advance = close + 2;
                    }
                    None => {
                        buf.push_str("$(");
                        advance = 1;
                    }
                },
                _ => {
                    // `$` followed by anything else is kept, with that byte.
                    let ch_len = rest.chars().next().map_or(1, char::len_utf8);
                    buf.push('$');
                    buf.push_str(&rest[..ch_len]);
                    advance = ch_len;
                }
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        cursor += 1;
    }
    if checkpoint < input.len() {
        buf.push_str(&input[checkpoint..]);
    }
    if buf == input {
        None
    } else {
        Some(Value::String(buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vals() -> HashMap<String, VarValue> {
        let mut m = HashMap::new();
        m.insert("SVC".into(), VarValue::Str("my-svc".into()));
        m.insert("PORT".into(), VarValue::Int(8080));
        m.insert("ON".into(), VarValue::Bool(true));
        m.insert("MAP".into(), VarValue::Complex);
        m
    }

    #[test]
    fn expansion() {
        let v = vals();
        let mut used = HashSet::new();
        let mut r = |s: &str| do_replacements(s, &v, &mut used);
        assert_eq!(r("$(SVC).ns.svc"), Some(json!("my-svc.ns.svc")));
        assert_eq!(r("$(PORT)"), Some(json!(8080)));
        assert_eq!(r("$(ON)"), Some(json!(true)));
        assert_eq!(r("x$(PORT)"), Some(json!("x8080")));
        assert_eq!(r("$(NOPE)"), None);
        assert_eq!(r("$(MAP)"), None);
        assert_eq!(r("$$(SVC)"), Some(json!("$(SVC)")));
        assert_eq!(r("a$b$(SVC"), None);
        assert_eq!(r("cost: 5$"), None);
        assert_eq!(r("é$(SVC)é"), Some(json!("émy-svcé")));
        assert_eq!(format_float(1e6), "1e+06");
        assert_eq!(format_float(123456.0), "123456");
        assert_eq!(format_float(1.5), "1.5");
        assert_eq!(format_float(0.00001), "1e-05");
    }

    #[test]
    fn walks_field_specs() {
        let v = vals();
        let mut obj = json!({"spec": {"containers": [
            {"args": ["--svc=$(SVC)", "$(PORT)"], "env": [{"name": "a", "value": "$(ON)"}]},
            {"command": ["x"]}]}});
        let mut used = HashSet::new();
        walk(
            &mut obj,
            &split_slash("spec/containers/args"),
            &v,
            &mut used,
        )
        .unwrap();
        walk(
            &mut obj,
            &split_slash("spec/containers/env/value"),
            &v,
            &mut used,
        )
        .unwrap();
        assert_eq!(used.len(), 3);
        assert_eq!(
            obj,
            json!({"spec": {"containers": [
                {"args": ["--svc=my-svc", 8080], "env": [{"name": "a", "value": true}]},
                {"command": ["x"]}]}})
        );
        let mut bad = json!({"spec": {"containers": [{"args": [1, "$(SVC)"]}]}});
        assert!(
            walk(
                &mut bad,
                &split_slash("spec/containers/args"),
                &v,
                &mut used
            )
            .is_err()
        );
    }

    #[test]
    fn field_values() {
        let r = Resource::new(
            json!({"metadata": {"name": "n"}, "spec": {"ports": [{"port": 80, "protocol": "TCP"}]}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            None,
        );
        assert_eq!(field_value(&r, "spec.ports[0].port"), Ok(VarValue::Int(80)));
        assert_eq!(
            field_value(&r, "spec.ports[0].protocol"),
            Ok(VarValue::Str("TCP".into()))
        );
        assert_eq!(field_value(&r, "spec.ports"), Ok(VarValue::Complex));
        assert!(field_value(&r, "spec.nope").is_err());
    }

    #[test]
    fn var_display_and_defaults() {
        let v: Var = serde_json::from_value(json!({"name": "X",
            "objref": {"kind": "Service", "name": "s", "apiVersion": "v1"},
            "fieldref": {"fieldpath": "spec.ports[0].protocol"}}))
        .unwrap();
        assert_eq!(
            v.display(),
            "{X Service.v1.[noGrp] {spec.ports[0].protocol}}"
        );
        let v: Var = serde_json::from_value(
            json!({"name": "Y", "objref": {"kind": "Service", "name": "s"}}),
        )
        .unwrap();
        assert_eq!(v.defaulted().fieldref.field_path, "metadata.name");
        let mut set = VarSet::default();
        set.merge(Var {
            name: "A".into(),
            ..Default::default()
        })
        .unwrap();
        assert!(
            set.merge(Var {
                name: "A".into(),
                ..Default::default()
            })
            .is_err()
        );
    }
}
