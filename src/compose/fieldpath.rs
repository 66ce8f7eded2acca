//! Kustomize's dotted field paths (`spec.template.spec.containers.[name=app].image`,
//! `metadata.annotations.[a.b/c]`, `spec.ports.0.port`, `*`), as used by
//! `replacements` (sources and targets) and `vars` (`fieldref.fieldPath`).
//!
//! Two walkers exist, as in kyaml:
//! - [`lookup`] (kyaml `PathGetter`): one node; `[k=v]` matches exactly;
//!   numeric and `-` (last) indexes; no wildcards.
//! - [`find_targets`] (kyaml `PathMatcher`): every matching node; `[k=v]` is an
//!   unanchored regular expression; `*` visits every element; missing parts can
//!   be created.

use crate::resource::{Map, Value};

/// Why a path could not be walked.
pub(crate) type PathError = String;

/// Split a path on `.` the way kyaml's `SmarterPathSplitter` does: a leading
/// delimiter is ignored, `\.` escapes a dot, `[...]` groups are kept whole;
/// a bracketed group without `=` loses its brackets (it is a map key).
pub(crate) fn split(path: &str) -> Vec<String> {
    // PathSplitter: split, allowing escaped delimiters.
    let mut ps: Vec<&str> = path.split('.').collect();
    if ps.len() > 1 && ps[0].is_empty() {
        ps.remove(0);
    }
    let mut raw: Vec<String> = Vec::new();
    for p in ps {
        match raw.last_mut() {
            Some(last) if last.ends_with('\\') => {
                last.pop();
                last.push('.');
                last.push_str(p);
            }
            _ => raw.push(p.to_string()),
        }
    }
    // Re-join bracketed elements.
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let elem = &raw[i];
        if elem.starts_with('[') && !elem.ends_with(']') {
            let mut bracketed = vec![elem.clone()];
            while i < raw.len() - 1 {
                i += 1;
                bracketed.push(raw[i].clone());
                if raw[i].ends_with(']') {
                    break;
                }
            }
            let joined = bracketed.join(".");
            if joined.contains('=') {
                out.push(joined);
            } else {
                out.push(joined.trim_matches(|c| c == '[' || c == ']').to_string());
            }
        } else {
            out.push(elem.clone());
        }
        i += 1;
    }
    out
}

/// Like [`split`], then turn `ports[0]` into `ports`, `0` (kyaml's
/// `convertSliceIndex`, used by vars' field paths).
pub(crate) fn split_with_slice_index(path: &str) -> Vec<String> {
    let mut res = Vec::new();
    for s in split(path) {
        if let Some(open) = s.rfind('[').filter(|_| s.ends_with(']')) {
            let digits = &s[open + 1..s.len() - 1];
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                if open > 0 {
                    res.push(s[..open].to_string());
                }
                res.push(digits.to_string());
                continue;
            }
        }
        res.push(s);
    }
    res
}

fn is_list_index(p: &str) -> bool {
    p.starts_with('[') && p.ends_with(']')
}

/// Go's `strconv.Atoi` (optional sign, decimal digits).
fn atoi(p: &str) -> Option<i64> {
    let digits = p.strip_prefix(['+', '-']).unwrap_or(p);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse::<i64>().ok()
}

fn is_idx_number(p: &str) -> bool {
    atoi(p).is_some_and(|i| i >= 0)
}

/// Split `[name=value]` into (`name`, `value`).
fn split_index_name_value(p: &str) -> Result<(String, String), PathError> {
    let elem = p.strip_suffix(']').unwrap_or(p);
    let elem = elem.strip_prefix('[').unwrap_or(elem);
    match elem.split_once('=') {
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => {
            Err("list path element must contain fieldName=fieldValue for element to match".into())
        }
    }
}

/// The text of a scalar as a YAML node holds it ("" for collections).
pub(crate) fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        _ => String::new(),
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "MappingNode",
        Value::Array(_) => "SequenceNode",
        _ => "ScalarNode",
    }
}

fn wrong_kind(v: &Value, expected: &str) -> PathError {
    format!(
        "wrong node kind: expected {expected} but got {}",
        kind_name(v)
    )
}

/// Follow `path` (already split) from `v` without creating anything (kyaml's
/// `PathGetter`). `Ok(None)` when a part is missing.
pub(crate) fn lookup<'a>(v: &'a Value, path: &[String]) -> Result<Option<&'a Value>, PathError> {
    let mut cur = v;
    for part in path.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let next = if let Some(idx) = atoi(part) {
            if idx < 0 {
                return Err(format!("array index {idx} cannot be negative"));
            }
            match cur {
                Value::Null => None,
                Value::Array(a) => usize::try_from(idx).ok().and_then(|i| a.get(i)),
                other => return Err(wrong_kind(other, "SequenceNode")),
            }
        } else if part == "-" {
            match cur {
                Value::Null => None,
                Value::Array(a) => a.last(),
                other => return Err(wrong_kind(other, "SequenceNode")),
            }
        } else if part == "*" {
            return Err("wildcard is not supported in PathGetter".into());
        } else if is_list_index(part) {
            let (name, value) = split_index_name_value(part)?;
            match cur {
                Value::Null => None,
                Value::Array(a) => {
                    if name.is_empty() {
                        a.iter()
                            .find(|e| !e.is_object() && !e.is_array() && scalar_text(e) == value)
                    } else {
                        a.iter().find(|e| {
                            e.as_object()
                                .and_then(|m| m.get(&name))
                                .is_some_and(|f| scalar_text(f) == value)
                        })
                    }
                }
                other => return Err(wrong_kind(other, "SequenceNode")),
            }
        } else {
            match cur {
                Value::Null => None,
                Value::Object(m) => m.get(part),
                other => return Err(wrong_kind(other, "MappingNode")),
            }
        };
        match next {
            Some(n) => cur = n,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// One step of a location inside a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Idx(usize),
}

/// A node found by [`find_targets`]: where it is, and whether the walk
/// created it (created scalars are untagged: their text is resolved as
/// plain YAML when a value is written into them).
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub at: Vec<Seg>,
    pub created: bool,
}

/// What kind of node to create at the end of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Create {
    Scalar,
    Mapping,
    Sequence,
}

fn part_kind(next: Option<&str>, default: Create) -> Create {
    match next {
        Some(n) if is_list_index(n) || is_idx_number(n) => Create::Sequence,
        None | Some("") => default,
        Some(_) => Create::Mapping,
    }
}

fn new_node(kind: Create) -> Value {
    match kind {
        Create::Scalar => Value::Null,
        Create::Mapping => Value::Object(Map::new()),
        Create::Sequence => Value::Array(Vec::new()),
    }
}

/// A regular expression as Go's `regexp` would compile it.
fn compile(re: &str) -> Result<regex::Regex, PathError> {
    regex::Regex::new(re).map_err(|e| e.to_string())
}

/// Every node matching `path` under `v` (kyaml's `PathMatcher`), creating
/// missing parts when `create` is set.
pub(crate) fn find_targets(
    v: &mut Value,
    path: &[String],
    create: Option<Create>,
) -> Result<Vec<Found>, PathError> {
    let mut out = Vec::new();
    let mut at = Vec::new();
    matcher(v, path, create, &mut at, false, &mut out)?;
    Ok(out)
}

fn matcher(
    v: &mut Value,
    path: &[String],
    create: Option<Create>,
    at: &mut Vec<Seg>,
    created: bool,
    out: &mut Vec<Found>,
) -> Result<(), PathError> {
    let Some(first) = path.first() else {
        out.push(Found {
            at: at.clone(),
            created,
        });
        return Ok(());
    };
    let rest = &path[1..];
    let next = rest.first().map(String::as_str);
    if is_idx_number(first) {
        let idx = atoi(first)
            .and_then(|i| usize::try_from(i).ok())
            .unwrap_or(0);
        if v.is_null() && create.is_some() {
            *v = Value::Array(Vec::new());
        }
        let elems = match v {
            Value::Null => return Err(format!("index {idx} specified but only 0 elements found")),
            Value::Array(a) => a,
            other => return Err(wrong_kind(other, "SequenceNode")),
        };
        let mut made = false;
        if let Some(c) = create {
            if elems.len() == idx {
                elems.push(new_node(part_kind(next, c)));
                made = true;
            }
        }
        let n = elems.len();
        let Some(elem) = elems.get_mut(idx) else {
            return Err(format!("index {idx} specified but only {n} elements found"));
        };
        at.push(Seg::Idx(idx));
        let r = matcher(elem, rest, create, at, made, out);
        at.pop();
        return r;
    }
    if is_list_index(first) {
        let (name, value) = split_index_name_value(first)?;
        let re = compile(&value)?;
        let before = out.len();
        if !v.is_null() && !v.is_array() {
            return Err(wrong_kind(v, "SequenceNode"));
        }
        if let Value::Array(elems) = v {
            for (i, elem) in elems.iter_mut().enumerate() {
                let hit = if name.is_empty() {
                    !elem.is_object() && !elem.is_array() && re.is_match(scalar_text(elem).trim())
                } else {
                    elem.as_object()
                        .and_then(|m| m.get(&name))
                        .filter(|f| !f.is_null())
                        .is_some_and(|f| re.is_match(scalar_text(f).trim()))
                };
                if hit {
                    at.push(Seg::Idx(i));
                    let r = matcher(elem, rest, create, at, created, out);
                    at.pop();
                    r?;
                }
            }
        }
        if out.len() > before || create.is_none() {
            return Ok(());
        }
        // Create the element, then search again.
        let scalar = resolve_plain(&value);
        let elem = if name.is_empty() {
            scalar
        } else {
            let mut m = Map::new();
            m.insert(name.clone(), scalar);
            Value::Object(m)
        };
        if v.is_null() {
            *v = Value::Array(Vec::new());
        }
        if let Value::Array(elems) = v {
            elems.push(elem);
            let i = elems.len() - 1;
            if let Some(e) = elems.get_mut(i) {
                at.push(Seg::Idx(i));
                let r = matcher(e, rest, create, at, true, out);
                at.pop();
                r?;
            }
        }
        return Ok(());
    }
    if first == "*" {
        match v {
            Value::Null => {}
            Value::Array(elems) => {
                for (i, elem) in elems.iter_mut().enumerate() {
                    at.push(Seg::Idx(i));
                    let r = matcher(elem, rest, create, at, created, out);
                    at.pop();
                    r?;
                }
            }
            other => return Err(wrong_kind(other, "SequenceNode")),
        }
        return Ok(());
    }
    // A field.
    if v.is_null() {
        match create {
            Some(_) => *v = Value::Object(Map::new()),
            None => return Ok(()),
        }
    }
    let Value::Object(m) = v else {
        return Err(wrong_kind(v, "MappingNode"));
    };
    let mut made = false;
    if !m.contains_key(first.as_str()) {
        match create {
            Some(c) => {
                m.insert(first.clone(), new_node(part_kind(next, c)));
                made = true;
            }
            None => return Ok(()),
        }
    }
    let Some(field) = m.get_mut(first.as_str()) else {
        return Ok(());
    };
    at.push(Seg::Key(first.clone()));
    let r = matcher(field, rest, create, at, made, out);
    at.pop();
    r
}

/// The node at `at`, if it is still there.
pub(crate) fn get_mut<'a>(v: &'a mut Value, at: &[Seg]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in at {
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get_mut(k.as_str())?,
            (Seg::Idx(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Resolve the text of an untagged plain scalar as go-yaml v3 does (YAML 1.2
/// core schema, plus the forms go-yaml accepts).
pub(crate) fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = parse_int(s) {
        return n;
    }
    if let Some(f) = parse_float(s) {
        return f;
    }
    Value::String(s.to_string())
}

fn parse_int(s: &str) -> Option<Value> {
    let plain = s.replace('_', "");
    let (neg, body) = match plain.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, plain.strip_prefix('+').unwrap_or(&plain)),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if s.contains('_') {
        // go-yaml v3 only accepts underscores in the YAML 1.1 fallback.
        return None;
    }
    let mag = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        let i = i64::try_from(mag)
            .ok()
            .map(|m| -m)
            .or_else(|| (mag == 1u64 << 63).then_some(i64::MIN))?;
        Some(Value::from(i))
    } else if let Ok(i) = i64::try_from(mag) {
        Some(Value::from(i))
    } else {
        Some(Value::from(mag))
    }
}

fn parse_float(s: &str) -> Option<Value> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Some(Value::String(s.to_string())),
        _ => {}
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut seen_digit = false;
    let mut chars = body.chars().peekable();
    while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
        chars.next();
        seen_digit = true;
    }
    if chars.peek() == Some(&'.') {
        chars.next();
        while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            chars.next();
            seen_digit = true;
        }
    }
    if !seen_digit {
        return None;
    }
    if matches!(chars.peek(), Some('e') | Some('E')) {
        chars.next();
        if matches!(chars.peek(), Some('+') | Some('-')) {
            chars.next();
        }
        let mut exp = false;
        while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            chars.next();
            exp = true;
        }
        if !exp {
            return None;
        }
    }
    if chars.next().is_some() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    serde_json::Number::from_f64(f).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sp(p: &str) -> Vec<String> {
        split(p)
    }

    #[test]
    fn splits_like_kyaml() {
        assert_eq!(
            sp("spec.template.spec.containers.[name=com.foo.app].image"),
            vec![
                "spec",
                "template",
                "spec",
                "containers",
                "[name=com.foo.app]",
                "image"
            ]
        );
        assert_eq!(
            sp("metadata.annotations.[a.b/c]"),
            vec!["metadata", "annotations", "a.b/c"]
        );
        assert_eq!(sp(".a.b"), vec!["a", "b"]);
        assert_eq!(sp(r"a\.b.c"), vec!["a.b", "c"]);
        assert_eq!(
            split_with_slice_index("spec.ports[0].port"),
            vec!["spec", "ports", "0", "port"]
        );
    }

    #[test]
    fn lookup_exact() {
        let v = json!({"spec": {"containers": [
            {"name": "app", "image": "a"}, {"name": "ap", "image": "b"}],
            "args": ["x", "-jar", 5]}});
        let img = lookup(&v, &sp("spec.containers.[name=ap].image")).unwrap();
        assert_eq!(img, Some(&json!("b")));
        assert_eq!(
            lookup(&v, &sp("spec.containers.1.image")).unwrap(),
            Some(&json!("b"))
        );
        assert_eq!(
            lookup(&v, &sp("spec.containers.-.name")).unwrap(),
            Some(&json!("ap"))
        );
        assert_eq!(lookup(&v, &sp("spec.args.[=5]")).unwrap(), Some(&json!(5)));
        assert_eq!(lookup(&v, &sp("spec.nope.x")).unwrap(), None);
        assert!(lookup(&v, &sp("spec.containers.*")).is_err());
        assert!(lookup(&v, &sp("spec.containers.name")).is_err());
    }

    #[test]
    fn matcher_regex_and_wildcard() {
        let mut v =
            json!({"c": [{"name": "app", "i": 1}, {"name": "x", "i": 2}, {"name": "ap", "i": 3}]});
        let f = find_targets(&mut v, &sp("c.[name=ap].i"), None).unwrap();
        assert_eq!(f.len(), 2);
        let f = find_targets(&mut v, &sp("c.*.i"), None).unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(
            f[2].at,
            vec![Seg::Key("c".into()), Seg::Idx(2), Seg::Key("i".into())]
        );
        let f = find_targets(&mut v, &sp("c.[name=zz].i"), None).unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn matcher_creates() {
        let mut v = json!({"data": {}});
        let f = find_targets(&mut v, &sp("data.list.[name=x].val"), Some(Create::Scalar)).unwrap();
        assert_eq!(f.len(), 1);
        assert!(f[0].created);
        assert_eq!(v, json!({"data": {"list": [{"name": "x", "val": null}]}}));
        let mut v = json!({});
        let f = find_targets(&mut v, &sp("a.0.b"), Some(Create::Scalar)).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(v, json!({"a": [{"b": null}]}));
        let mut v = json!({"a": []});
        assert!(find_targets(&mut v, &sp("a.3"), Some(Create::Scalar)).is_err());
    }

    #[test]
    fn plain_scalars() {
        assert_eq!(resolve_plain("42"), json!(42));
        assert_eq!(resolve_plain("0x1F"), json!(31));
        assert_eq!(resolve_plain("4.5"), json!(4.5));
        assert_eq!(resolve_plain("true"), json!(true));
        assert_eq!(resolve_plain("yes"), json!("yes"));
        assert_eq!(resolve_plain("~"), json!(null));
        assert_eq!(resolve_plain("1_000"), json!("1_000"));
        assert_eq!(resolve_plain("a.b"), json!("a.b"));
    }
}
