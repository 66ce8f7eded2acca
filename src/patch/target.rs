//! Patch target selectors: group, version, kind, name, namespace (anchored
//! regular expressions, as Kustomize's `SelectorRegex`), label and
//! annotation selectors (Kubernetes label-selector syntax).

use crate::pattern::{Pattern, finite_language, literal_prefixes, literal_suffixes};
use crate::resmap::{ResMap, effective_namespace};
use crate::resource::{Map, ResId, Resource, Value};
use serde::Deserialize;
use std::fmt;

/// A `target:` as written in a kustomization.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct Selector {
    /// API group (regex).
    pub group: String,
    /// Version (regex).
    pub version: String,
    /// Kind (regex).
    pub kind: String,
    /// Name (regex).
    pub name: String,
    /// Namespace (regex).
    pub namespace: String,
    /// Label selector, e.g. `app=web,tier in (a,b)`.
    pub label_selector: String,
    /// Annotation selector, same syntax.
    pub annotation_selector: String,
}

impl fmt::Display for Selector {
    /// Kustomize's `Selector.String()`: `Kind.version.group/name.namespace:a=..:l=..`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or = |s: &str, d: &'static str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        write!(
            f,
            "{}.{}.{}/{}.{}:a={}:l={}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]"),
            or(&self.name, "[noName]"),
            or(&self.namespace, "[noNs]"),
            self.annotation_selector,
            self.label_selector
        )
    }
}

/// A compiled [`Selector`].
#[derive(Debug)]
pub struct Matcher {
    group: Option<Pattern>,
    version: Option<Pattern>,
    kind: Option<Pattern>,
    name: Option<Pattern>,
    namespace: Option<Pattern>,
    labels: LabelSelector,
    annotations: LabelSelector,
    /// Every name the name pattern matches, when there are few.
    names: Option<Vec<String>>,
    /// Otherwise, prefixes one of which every matching name starts with,
    name_prefixes: Option<Vec<String>>,
    /// and suffixes one of which it ends with.
    name_suffixes: Option<Vec<String>>,
    /// Every kind the kind pattern matches, when there are few.
    kinds: Option<Vec<String>>,
}

fn anchored(p: &str) -> Result<Option<Pattern>, String> {
    if p.is_empty() {
        return Ok(None);
    }
    Pattern::whole(p)
        .map(Some)
        .map_err(|e| format!("invalid regular expression '{p}': {e}"))
}

fn is_match(re: &Option<Pattern>, s: &str) -> bool {
    re.as_ref().is_none_or(|r| r.is_match(s))
}

impl Matcher {
    /// Compile a selector; a bad regex or label selector is an error.
    pub fn new(s: &Selector) -> Result<Matcher, String> {
        let names = (!s.name.is_empty())
            .then(|| finite_language(&s.name))
            .flatten();
        let pattern_only = !s.name.is_empty() && names.is_none();
        let name_prefixes = pattern_only.then(|| literal_prefixes(&s.name)).flatten();
        let name_suffixes = pattern_only.then(|| literal_suffixes(&s.name)).flatten();
        Ok(Matcher {
            group: anchored(&s.group)?,
            version: anchored(&s.version)?,
            kind: anchored(&s.kind)?,
            name: anchored(&s.name)?,
            namespace: anchored(&s.namespace)?,
            labels: LabelSelector::parse(&s.label_selector)?,
            annotations: LabelSelector::parse(&s.annotation_selector)?,
            names,
            name_prefixes,
            name_suffixes,
            kinds: (!s.kind.is_empty())
                .then(|| finite_language(&s.kind))
                .flatten(),
        })
    }

    /// Positions (ascending, distinct) of the resources worth testing with
    /// [`Matcher::matches`], found through `rm`'s indexes: all those that
    /// match and maybe a few more. `None` when no index narrows the search
    /// (scan everything then).
    ///
    /// The name pattern, when it spells out a few names, is looked up among
    /// current and previous names; otherwise the smallest of: the resources
    /// with a name starting with one of the pattern's literal prefixes, or
    /// ending with one of its literal suffixes, those
    /// of the kinds the kind pattern spells out, and for each `key=value` /
    /// `key in (...)` requirement of the label selector, those carrying one
    /// of these labels.
    pub fn candidates(&self, rm: &ResMap) -> Option<Vec<usize>> {
        if let Some(names) = &self.names {
            return Some(union(
                names.iter().map(|n| rm.positions_by_any_name(n)).collect(),
            ));
        }
        // Each option is a list of position lists; the smallest is used.
        let mut options: Vec<Vec<&[usize]>> = Vec::new();
        if let Some(kinds) = &self.kinds {
            options.push(kinds.iter().map(|k| rm.positions_by_kind(k)).collect());
        }
        for (key, values) in self.labels.equalities() {
            options.push(
                values
                    .iter()
                    .map(|v| rm.positions_by_label(key, v))
                    .collect(),
            );
        }
        if let Some(prefixes) = &self.name_prefixes {
            options.push(
                prefixes
                    .iter()
                    .flat_map(|p| rm.positions_by_name_prefix(p))
                    .collect(),
            );
        }
        if let Some(suffixes) = &self.name_suffixes {
            options.push(
                suffixes
                    .iter()
                    .flat_map(|s| rm.positions_by_name_suffix(s))
                    .collect(),
            );
        }
        options
            .into_iter()
            .min_by_key(|lists| lists.iter().map(|l| l.len()).sum::<usize>())
            .map(union)
    }

    /// Whether `r` is selected: namespace and name match its original or
    /// current id, group/version/kind its current one, the label and
    /// annotation selectors its current metadata.
    pub fn matches(&self, r: &Resource) -> bool {
        // Cheap, allocation-free tests first (the result is the same
        // conjunction): a target scanned against every resource mostly
        // rejects on kind, labels or annotations.
        if !is_match(&self.kind, r.kind()) {
            return false;
        }
        let md = r.obj.get("metadata").and_then(Value::as_object);
        if !self.labels.matches(meta_map(md, "labels"))
            || !self.annotations.matches(meta_map(md, "annotations"))
        {
            return false;
        }
        let org_name = r.history.first().map_or(r.name(), |h| h.name.as_str());
        if !is_match(&self.name, org_name) && !is_match(&self.name, r.name()) {
            return false;
        }
        // Ids are built only for the patterns that need them.
        if self.namespace.is_some() {
            let cur = r.id();
            let org = r.orig_id();
            if !is_match(&self.namespace, effective_namespace(&org))
                && !is_match(&self.namespace, effective_namespace(&cur))
            {
                return false;
            }
        }
        if self.group.is_some() || self.version.is_some() {
            let (group, version) = crate::resource::split_api_version(r.api_version());
            if !is_match(&self.group, group) || !is_match(&self.version, version) {
                return false;
            }
        }
        true
    }
}

/// The union of ascending position lists, ascending and distinct.
fn union(lists: Vec<&[usize]>) -> Vec<usize> {
    match lists.as_slice() {
        [] => Vec::new(),
        [one] => one.to_vec(),
        _ => {
            let mut all: Vec<usize> = lists.concat();
            all.sort_unstable();
            all.dedup();
            all
        }
    }
}

fn meta_map<'a>(md: Option<&'a Map>, field: &str) -> Option<&'a Map> {
    md.and_then(|m| m.get(field)).and_then(Value::as_object)
}

/// Whether `id` is the same object as the patch id `pid` (Kustomize's
/// `ResId.Equals`).
pub fn same_id(id: &ResId, pid: &ResId) -> bool {
    crate::resmap::same_object(id, pid)
}

// ---- label selectors ---------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Exists,
    DoesNotExist,
    In,
    NotIn,
    Gt,
    Lt,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Requirement {
    key: String,
    op: Op,
    values: Vec<String>,
}

/// A parsed Kubernetes label selector (`labels.Parse`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    reqs: Vec<Requirement>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    In,
    NotIn,
    Not,
    Eq,
    DoubleEq,
    NotEq,
    Gt,
    Lt,
    Open,
    Close,
    Comma,
    End,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Tok::Ident(s) => s.as_str(),
            Tok::In => "in",
            Tok::NotIn => "notin",
            Tok::Not => "!",
            Tok::Eq => "=",
            Tok::DoubleEq => "==",
            Tok::NotEq => "!=",
            Tok::Gt => ">",
            Tok::Lt => "<",
            Tok::Open => "(",
            Tok::Close => ")",
            Tok::Comma => ",",
            Tok::End => "end of string",
        };
        f.write_str(s)
    }
}

fn is_special(c: char) -> bool {
    matches!(c, '=' | '!' | '(' | ')' | ',' | '>' | '<')
}

fn lex(s: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_special(c) {
            let next = chars.get(i + 1).copied();
            let (tok, len) = match (c, next) {
                ('!', Some('=')) => (Tok::NotEq, 2),
                ('=', Some('=')) => (Tok::DoubleEq, 2),
                ('!', _) => (Tok::Not, 1),
                ('=', _) => (Tok::Eq, 1),
                ('(', _) => (Tok::Open, 1),
                (')', _) => (Tok::Close, 1),
                (',', _) => (Tok::Comma, 1),
                ('>', _) => (Tok::Gt, 1),
                _ => (Tok::Lt, 1),
            };
            out.push(tok);
            i += len;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let c = chars.get(i).copied().unwrap_or(' ');
            if c.is_whitespace() || is_special(c) {
                break;
            }
            i += 1;
        }
        let word: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
        out.push(match word.as_str() {
            "in" => Tok::In,
            "notin" => Tok::NotIn,
            _ => Tok::Ident(word),
        });
    }
    out.push(Tok::End);
    out
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).unwrap_or(&Tok::End)
    }
    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        self.pos += 1;
        t
    }
}

fn valid_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn valid_dns_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|part| {
            let b = part.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.first()
                    .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && b.last()
                    .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        })
}

fn validate_key(k: &str) -> Result<(), String> {
    let ok = match k.split_once('/') {
        Some((prefix, name)) => valid_dns_subdomain(prefix) && valid_name_part(name),
        None => valid_name_part(k),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("invalid label key \"{k}\""))
    }
}

fn validate_value(v: &str) -> Result<(), String> {
    if v.is_empty() || valid_name_part(v) {
        Ok(())
    } else {
        Err(format!("invalid label value: \"{v}\""))
    }
}

impl LabelSelector {
    /// Parse a selector; the empty string selects everything.
    pub fn parse(s: &str) -> Result<LabelSelector, String> {
        let mut p = Parser {
            toks: lex(s),
            pos: 0,
        };
        let mut reqs = Vec::new();
        loop {
            match p.peek() {
                Tok::End => break,
                Tok::Ident(_) | Tok::Not => {}
                t => {
                    return Err(format!(
                        "found '{t}', expected: !, identifier, or 'end of string'"
                    ));
                }
            }
            reqs.push(parse_requirement(&mut p)?);
            match p.next() {
                Tok::End => break,
                Tok::Comma => match p.peek() {
                    Tok::Ident(_) | Tok::Not => {}
                    t => return Err(format!("found '{t}', expected: identifier after ','")),
                },
                t => return Err(format!("found '{t}', expected: ',' or 'end of string'")),
            }
        }
        Ok(LabelSelector { reqs })
    }

    /// The requirements a selected resource's labels must meet by having
    /// the key with one of the values (`key=value`, `key in (a,b)`).
    pub fn equalities(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.reqs
            .iter()
            .filter(|r| r.op == Op::In)
            .map(|r| (r.key.as_str(), r.values.as_slice()))
    }

    /// Whether a resource's labels (or annotations) satisfy every requirement.
    pub fn matches(&self, m: Option<&Map>) -> bool {
        self.reqs.iter().all(|r| {
            let v = m.and_then(|m| m.get(&r.key)).map(|v| match v {
                Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                other => std::borrow::Cow::Owned(crate::load::scalar_text(Some(other))),
            });
            let listed = |v: &str| r.values.iter().any(|w| w == v);
            match r.op {
                Op::Exists => v.is_some(),
                Op::DoesNotExist => v.is_none(),
                Op::In => v.is_some_and(|v| listed(&v)),
                Op::NotIn => v.is_none_or(|v| !listed(&v)),
                Op::Gt | Op::Lt => {
                    let (Some(have), Some(want)) = (
                        v.and_then(|v| v.parse::<i64>().ok()),
                        r.values.first().and_then(|w| w.parse::<i64>().ok()),
                    ) else {
                        return false;
                    };
                    if r.op == Op::Gt {
                        have > want
                    } else {
                        have < want
                    }
                }
            }
        })
    }
}

fn parse_requirement(p: &mut Parser) -> Result<Requirement, String> {
    let negated = matches!(p.peek(), Tok::Not);
    if negated {
        p.next();
    }
    let key = match p.next() {
        Tok::Ident(k) => k,
        t => return Err(format!("found '{t}', expected: identifier")),
    };
    validate_key(&key)?;
    if negated {
        return Ok(Requirement {
            key,
            op: Op::DoesNotExist,
            values: Vec::new(),
        });
    }
    if matches!(p.peek(), Tok::End | Tok::Comma) {
        return Ok(Requirement {
            key,
            op: Op::Exists,
            values: Vec::new(),
        });
    }
    let (op, set) = match p.next() {
        Tok::In => (Op::In, true),
        Tok::NotIn => (Op::NotIn, true),
        Tok::Eq | Tok::DoubleEq => (Op::In, false),
        Tok::NotEq => (Op::NotIn, false),
        Tok::Gt => (Op::Gt, false),
        Tok::Lt => (Op::Lt, false),
        t => {
            return Err(format!(
                "found '{t}', expected: '=', '!=', '==', 'in', notin'"
            ));
        }
    };
    let values = if set {
        parse_set(p)?
    } else {
        match p.peek().clone() {
            Tok::End | Tok::Comma => vec![String::new()],
            Tok::Ident(v) => {
                p.next();
                vec![v]
            }
            t => return Err(format!("found '{t}', expected: identifier")),
        }
    };
    match op {
        Op::In | Op::NotIn if values.is_empty() => {
            return Err("for 'in', 'notin' operators, values set can't be empty".into());
        }
        Op::Gt | Op::Lt if values.first().is_none_or(|v| v.parse::<i64>().is_err()) => {
            return Err("for 'Gt', 'Lt' operators, the value must be an integer".into());
        }
        _ => {}
    }
    if !matches!(op, Op::Gt | Op::Lt) {
        for v in &values {
            validate_value(v)?;
        }
    }
    Ok(Requirement { key, op, values })
}

fn parse_set(p: &mut Parser) -> Result<Vec<String>, String> {
    match p.next() {
        Tok::Open => {}
        t => return Err(format!("found '{t}', expected: '('")),
    }
    let mut values = Vec::new();
    if matches!(p.peek(), Tok::Close) {
        p.next();
        return Ok(values);
    }
    loop {
        match p.next() {
            Tok::Ident(v) => {
                values.push(v);
                match p.next() {
                    Tok::Comma => continue,
                    Tok::Close => break,
                    t => return Err(format!("found '{t}', expected: ',' or ')'")),
                }
            }
            Tok::Comma => {
                // An empty value between commas.
                values.push(String::new());
                if matches!(p.peek(), Tok::Close) {
                    p.next();
                    values.push(String::new());
                    break;
                }
            }
            Tok::Close => {
                values.push(String::new());
                break;
            }
            t => return Err(format!("found '{t}', expected: ',', or identifier")),
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(v: Value) -> Map {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn label_selector_operators() {
        let l = labels(json!({"app": "web", "tier": "front", "n": "5"}));
        let m = |s: &str| LabelSelector::parse(s).unwrap().matches(Some(&l));
        assert!(m(""));
        assert!(m("app"));
        assert!(m("app=web"));
        assert!(m("app==web"));
        assert!(!m("app!=web"));
        assert!(m("missing!=x"));
        assert!(m("!missing"));
        assert!(!m("!app"));
        assert!(m("tier in (front, back)"));
        assert!(!m("tier notin (front,back)"));
        assert!(m("missing notin (a)"));
        assert!(m("app=web,tier=front"));
        assert!(!m("app=web,tier=back"));
        assert!(m("n>4"));
        assert!(!m("n<4"));
        assert!(!LabelSelector::parse("app=web").unwrap().matches(None));
    }

    #[test]
    fn label_selector_errors() {
        for bad in [
            "app=web,", "in (a)", "a in a", "a in ()", "=x", "a b", "a>x", "a=b=c",
        ] {
            assert!(LabelSelector::parse(bad).is_err(), "{bad}");
        }
        assert!(LabelSelector::parse("a=").is_ok());
    }

    fn res(v: Value) -> Resource {
        Resource::new(v.as_object().cloned().unwrap_or_default(), None)
    }

    #[test]
    fn selector_regexes_are_anchored() {
        let r = res(json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web-1", "namespace": "prod", "labels": {"app": "web"}}}));
        let m = |s: Selector| Matcher::new(&s).unwrap().matches(&r);
        assert!(m(Selector::default()));
        assert!(m(Selector {
            name: "web-.*".into(),
            ..Default::default()
        }));
        assert!(!m(Selector {
            name: "web".into(),
            ..Default::default()
        }));
        assert!(m(Selector {
            group: "apps".into(),
            version: "v1".into(),
            kind: "Deploy.*".into(),
            namespace: "prod|dev".into(),
            label_selector: "app=web".into(),
            ..Default::default()
        }));
        assert!(!m(Selector {
            group: "".into(),
            kind: "Deployment".into(),
            namespace: "default".into(),
            ..Default::default()
        }));
        assert!(
            Matcher::new(&Selector {
                name: "(".into(),
                ..Default::default()
            })
            .is_err()
        );
    }

    #[test]
    fn selector_matches_original_name_and_namespace() {
        let mut r = res(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "cm"}}));
        r.set_name("p-cm");
        r.set_namespace("ns");
        let m = |s: Selector| Matcher::new(&s).unwrap().matches(&r);
        assert!(m(Selector {
            name: "cm".into(),
            namespace: "default".into(),
            ..Default::default()
        }));
        assert!(m(Selector {
            name: "p-cm".into(),
            namespace: "ns".into(),
            ..Default::default()
        }));
    }

    /// What `select` does with an index, against a scan of every resource.
    fn assert_candidates_complete(rm: &ResMap, sels: &[Selector]) {
        for s in sels {
            let m = Matcher::new(s).unwrap();
            let scan: Vec<usize> = (0..rm.len())
                .filter(|&i| m.matches(rm.get_index(i).unwrap()))
                .collect();
            let Some(c) = m.candidates(rm) else {
                continue;
            };
            assert!(c.windows(2).all(|w| w[0] < w[1]), "{s}: {c:?}");
            let via: Vec<usize> = c
                .into_iter()
                .filter(|&i| m.matches(rm.get_index(i).unwrap()))
                .collect();
            assert_eq!(via, scan, "{s}");
        }
    }

    #[test]
    fn indexed_selection_equals_a_scan_through_renames_and_relabels() {
        let kinds = ["Deployment", "Service", "ConfigMap"];
        let mut rm = ResMap::new();
        for i in 0..300 {
            let mut labels = json!({"app": format!("a{}", i % 50), "tier": format!("t{}", i % 4)});
            if i % 7 == 0 {
                labels["n"] = json!(i % 3);
            }
            if i % 11 == 0 {
                labels["flag"] = json!(true);
            }
            rm.push(res(json!({"apiVersion": "apps/v1", "kind": kinds[i % 3],
                "metadata": {"name": format!("r-{i}"), "labels": labels}})));
        }
        let sel = |kind: &str, name: &str, labels: &str| Selector {
            kind: kind.into(),
            name: name.into(),
            label_selector: labels.into(),
            ..Default::default()
        };
        let sels = [
            sel("", "", "app=a7"),
            sel("Deployment", "", "app=a7"),
            sel("Service|ConfigMap", "", "tier in (t1,t2),app"),
            sel("", "", "app in (a1, moved)"),
            sel("", "", "n=1"),
            sel("", "", "n=0,tier!=t0"),
            sel("", "", "flag==true"),
            sel("", "", "app=moved"),
            sel("StatefulSet", "", ""),
            sel("Deployment", "", ""),
            sel("", "r-(1|2|3)", ""),
            sel("", "r-(10|20)", "tier=t2"),
            sel("", "new-.*", ""),
            sel("", "new-(1|5)", ""),
            sel("Dep.oyment", "r-1.", "tier"),
            sel("", "", "!app"),
            sel("", "r-1.*", ""),
            sel("Service", "(r|new)-2[0-9]+", "tier=t1"),
            sel("", ".*-1", ""),
            sel("", ".*-(1|2)0", ""),
            sel("", "(r|new)-.*[05]", ""),
            sel("", ".*-tail", ""),
            sel("", "(?i)NEW-1.*", ""),
        ];
        assert_candidates_complete(&rm, &sels);
        // Changes made through `modify` after the indexes exist.
        for i in (0..300).step_by(5) {
            rm.modify(i, |r| {
                let md = r.metadata_mut();
                md["labels"]["app"] = json!("moved");
                if i % 10 == 0 {
                    md["labels"]["n"] = json!(1);
                }
            });
        }
        for i in (1..300).step_by(9) {
            rm.modify(i, |r| {
                r.remember();
                r.set_name(&format!("new-{i}"));
            });
        }
        for i in (3..300).step_by(31) {
            rm.modify(i, |r| {
                r.remember();
                let n = format!("{}-tail", r.name());
                r.set_name(&n);
            });
        }
        for i in (2..300).step_by(13) {
            rm.modify(i, |r| {
                r.obj.insert("kind".into(), json!("StatefulSet"));
                r.metadata_mut().remove("labels");
            });
        }
        rm.push(res(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "r-2", "labels": {"app": "a7", "tier": "t1"}}})));
        assert_candidates_complete(&rm, &sels);
        // Literal names and label equalities are looked up, not scanned.
        for s in [&sels[0], &sels[10], &sels[13]] {
            assert!(Matcher::new(s).unwrap().candidates(&rm).unwrap().len() < 20);
        }
        // Names with literal prefixes or suffixes are looked up by those.
        for s in [&sels[12], &sels[18], &sels[19], &sels[21], &sels[22]] {
            let n = Matcher::new(s).unwrap().candidates(&rm).unwrap().len();
            assert!(n < 40, "{s}: {n}");
        }
        let any = sel("", ".*", "");
        assert!(Matcher::new(&any).unwrap().candidates(&rm).is_none());
        // Removal shifts positions: the indexes are rebuilt.
        rm.remove(0);
        assert_candidates_complete(&rm, &sels);
    }
}
