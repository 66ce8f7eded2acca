//! Patch target selectors: group, version, kind, name, namespace (anchored
//! regular expressions, as Kustomize's `SelectorRegex`), label and
//! annotation selectors (Kubernetes label-selector syntax).

use crate::pattern::Pattern;
use crate::resmap::effective_namespace;
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

impl Selector {
    /// The name pattern when it is a plain name (no regular-expression
    /// syntax), so a lookup by name can replace a scan.
    pub fn literal_name(&self) -> Option<&str> {
        let n = self.name.as_str();
        (!n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':'))
        .then_some(n)
    }
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
        Ok(Matcher {
            group: anchored(&s.group)?,
            version: anchored(&s.version)?,
            kind: anchored(&s.kind)?,
            name: anchored(&s.name)?,
            namespace: anchored(&s.namespace)?,
            labels: LabelSelector::parse(&s.label_selector)?,
            annotations: LabelSelector::parse(&s.annotation_selector)?,
        })
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
        let cur = r.id();
        let org = r.orig_id();
        if !is_match(&self.namespace, effective_namespace(&org))
            && !is_match(&self.namespace, effective_namespace(&cur))
        {
            return false;
        }
        if !is_match(&self.group, &cur.group) || !is_match(&self.version, &cur.version) {
            return false;
        }
        true
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

    /// Whether a resource's labels (or annotations) satisfy every requirement.
    pub fn matches(&self, m: Option<&Map>) -> bool {
        self.reqs.iter().all(|r| {
            let v = m
                .and_then(|m| m.get(&r.key))
                .map(|v| crate::load::scalar_text(Some(v)));
            match r.op {
                Op::Exists => v.is_some(),
                Op::DoesNotExist => v.is_none(),
                Op::In => v.is_some_and(|v| r.values.contains(&v)),
                Op::NotIn => v.is_none_or(|v| !r.values.contains(&v)),
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
}
