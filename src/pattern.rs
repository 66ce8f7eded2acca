//! Name patterns: the regular expressions Kustomize uses to select patch
//! targets and image names, with a fast path for the common case.
//!
//! Nearly every pattern in a real kustomization is a plain name
//! (`Deployment`, `svc-0042`, `ghcr.io/acme/api`), where the only regex
//! metacharacter is `.`. Compiling such a pattern with the `regex` crate
//! costs far more than matching it (Unicode `.` builds a large automaton),
//! and a tree has one per image entry and patch target. A plain pattern is
//! therefore matched directly, with `.` matching any character but a newline
//! exactly as the regex would; anything else is compiled.

use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A compiled pattern, matched against the whole of a string.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// Literal characters, where `.` matches any character but `\n`.
    Plain(Box<str>),
    /// Anything else, compiled as `^(?:pattern)$`.
    Regex(Regex),
}

/// True when `p` uses no regex syntax besides `.`.
fn is_plain(p: &str) -> bool {
    !p.chars().any(|c| {
        matches!(
            c,
            '\\' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$'
        )
    })
}

/// Length in bytes of the prefix of `s` that `plain` matches, if it does.
fn plain_prefix(plain: &str, s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for p in plain.chars() {
        let (_, c) = chars.next()?;
        let ok = if p == '.' { c != '\n' } else { p == c };
        if !ok {
            return None;
        }
    }
    Some(chars.next().map_or(s.len(), |(i, _)| i))
}

impl Pattern {
    /// A pattern that must match a whole string (`^(?:p)$`).
    pub(crate) fn whole(p: &str) -> Result<Pattern, regex::Error> {
        if is_plain(p) {
            Ok(Pattern::Plain(p.into()))
        } else {
            Regex::new(&format!("^(?:{p})$")).map(Pattern::Regex)
        }
    }

    /// An image-name pattern: `name`, optionally followed by `:tag` and
    /// `@sha256:digest` (Kustomize's
    /// `^name(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`).
    pub(crate) fn image(name: &str) -> Result<Pattern, regex::Error> {
        if is_plain(name) {
            Ok(Pattern::Plain(name.into()))
        } else {
            Regex::new(&format!("^{name}{IMAGE_TAIL}$")).map(Pattern::Regex)
        }
    }

    /// Does the pattern match the whole of `s`?
    pub(crate) fn is_match(&self, s: &str) -> bool {
        match self {
            Pattern::Plain(p) => plain_prefix(p, s) == Some(s.len()),
            Pattern::Regex(re) => re.is_match(s),
        }
    }

    /// Does the image pattern match `s` (see [`Pattern::image`])?
    pub(crate) fn is_image_match(&self, s: &str) -> bool {
        match self {
            Pattern::Plain(p) => plain_prefix(p, s).is_some_and(|n| is_image_tail(&s[n..])),
            Pattern::Regex(re) => re.is_match(s),
        }
    }
}

/// At most this many strings in a language [`finite_language`] spells out.
const MAX_WORDS: usize = 64;

/// Every string that the whole-string pattern `p` ([`Pattern::whole`])
/// matches, when there are at most a few dozen (`svc-(12|13)` matches
/// `svc-12` and `svc-13`), so that a lookup by name can replace a scan.
/// `None` when the set is large or infinite (`svc-.*`), the pattern uses
/// assertions inside, or it does not compile.
pub(crate) fn finite_language(p: &str) -> Option<Vec<String>> {
    if is_plain(p) {
        return (!p.contains('.')).then(|| vec![p.to_string()]);
    }
    let mut out = language(&Hir::concat(anchored_body(p)?))?
        .into_iter()
        .map(|w| String::from_utf8(w).ok())
        .collect::<Option<Vec<String>>>()?;
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Non-empty strings one of which starts every string that the whole-string
/// pattern `p` matches (`svc-1.*`: `svc-1`), so that a lookup by name prefix
/// can replace a scan. `None` when some match may start with anything.
pub(crate) fn literal_prefixes(p: &str) -> Option<Vec<String>> {
    literal_ends(p, ExtractKind::Prefix)
}

/// [`literal_prefixes`] for the ends of matches (`.*-api`: `-api`).
pub(crate) fn literal_suffixes(p: &str) -> Option<Vec<String>> {
    literal_ends(p, ExtractKind::Suffix)
}

fn literal_ends(p: &str, kind: ExtractKind) -> Option<Vec<String>> {
    let prefix = matches!(kind, ExtractKind::Prefix);
    if is_plain(p) {
        let end = if prefix {
            p.split('.').next()
        } else {
            p.rsplit('.').next()
        };
        return end.filter(|e| !e.is_empty()).map(|e| vec![e.to_string()]);
    }
    let middle = anchored_body(p)?;
    let seq = Extractor::new().kind(kind).extract(&Hir::concat(middle));
    seq.literals()?
        .iter()
        .map(|l| {
            // A literal cut short may be cut inside a character (at its end
            // for a prefix, at its start for a suffix): keep whole ones.
            let b = l.as_bytes();
            let s = if prefix {
                match std::str::from_utf8(b) {
                    Ok(s) => s,
                    Err(e) => std::str::from_utf8(&b[..e.valid_up_to()]).ok()?,
                }
            } else {
                let start = b.iter().take_while(|&&c| c & 0xC0 == 0x80).count();
                std::str::from_utf8(&b[start..]).ok()?
            };
            (!s.is_empty()).then(|| s.to_string())
        })
        .collect()
}

/// The parts of `^(?:p)$` between its anchors, as Pattern::whole compiles it
/// (same defaults as Regex::new), when the anchors bound the whole pattern
/// (not so for `a)|(b`).
fn anchored_body(p: &str) -> Option<Vec<Hir>> {
    let hir = regex_syntax::Parser::new()
        .parse(&format!("^(?:{p})$"))
        .ok()?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let (first, rest) = parts.split_first()?;
    let (last, middle) = rest.split_last()?;
    if !matches!(first.kind(), HirKind::Look(Look::Start))
        || !matches!(last.kind(), HirKind::Look(Look::End))
    {
        return None;
    }
    Some(middle.to_vec())
}

/// Every string `h` matches, if there are at most [`MAX_WORDS`] (with
/// repeats) and `h` has no assertions.
fn language(h: &Hir) -> Option<Vec<Vec<u8>>> {
    match h.kind() {
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Class(Class::Unicode(c)) => few(c
            .ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .map(|ch| ch.to_string().into_bytes())),
        HirKind::Class(Class::Bytes(c)) => few(c
            .ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .map(|b| vec![b])),
        HirKind::Look(_) => None,
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            if max as usize > MAX_WORDS {
                return None;
            }
            let sub = language(&rep.sub)?;
            let mut out = Vec::new();
            let mut cur = vec![Vec::new()];
            for k in 0..=max {
                if k >= rep.min {
                    out.extend(cur.iter().cloned());
                    if out.len() > MAX_WORDS {
                        return None;
                    }
                }
                if k < max {
                    cur = cross(&cur, &sub)?;
                }
            }
            Some(out)
        }
        HirKind::Capture(c) => language(&c.sub),
        HirKind::Concat(hs) => {
            let mut words = vec![Vec::new()];
            for h in hs {
                words = cross(&words, &language(h)?)?;
            }
            Some(words)
        }
        HirKind::Alternation(hs) => {
            let mut out = Vec::new();
            for h in hs {
                out.extend(language(h)?);
                if out.len() > MAX_WORDS {
                    return None;
                }
            }
            Some(out)
        }
    }
}

/// The words, if there are at most [`MAX_WORDS`].
fn few(words: impl Iterator<Item = Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    let out: Vec<_> = words.take(MAX_WORDS + 1).collect();
    (out.len() <= MAX_WORDS).then_some(out)
}

/// Every `a` followed by every `b`, if that makes at most [`MAX_WORDS`].
fn cross(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len().saturating_mul(b.len()) > MAX_WORDS {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

/// The optional tag and digest after an image name, as a regex.
const IMAGE_TAIL: &str = "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?";

/// `(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?` matched by hand: the
/// character class holds neither `:` nor `@`, so the greedy reading is the
/// only one.
fn is_image_tail(s: &str) -> bool {
    let class = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'{' | b'}' | b'-');
    let skip_class = |s: &str| -> usize { s.bytes().take_while(|&c| class(c)).count() };
    let mut rest = s;
    if let Some(r) = rest.strip_prefix(':') {
        rest = &r[skip_class(r)..];
    }
    if let Some(r) = rest.strip_prefix("@sha256:") {
        rest = &r[skip_class(r)..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex each fast path stands for.
    fn whole_regex(p: &str) -> Regex {
        Regex::new(&format!("^(?:{p})$")).unwrap()
    }
    fn image_regex(p: &str) -> Regex {
        Regex::new(&format!("^{p}{IMAGE_TAIL}$")).unwrap()
    }

    const PATTERNS: &[&str] = &[
        "",
        "Deployment",
        "svc-0042",
        "ghcr.io/acme/api",
        "a.c",
        "é.ü",
        "nginx",
        "my app",
        "registry:5000/app",
        ".",
    ];
    const SUBJECTS: &[&str] = &[
        "",
        "Deployment",
        "deployment",
        "Deployments",
        "svc-0042",
        "svc-00420",
        "ghcr.io/acme/api",
        "ghcrxio/acme/api",
        "ghcr.io/acme/api:1.2.3",
        "ghcr.io/acme/api@sha256:abc",
        "ghcr.io/acme/api:v1@sha256:abc",
        "ghcr.io/acme/api:v1@sha256:abc:x",
        "ghcr.io/acme/api:v1:v2",
        "ghcr.io/acme/api@sha256",
        "ghcr.io/acme/api:{{.Tag}}",
        "ghcr.io/acme/api:",
        "ghcr.io/acme/api/extra",
        "abc",
        "a\nc",
        "aéc",
        "éxü",
        "é\nü",
        "nginx",
        "nginx:latest",
        "nginx@sha256:",
        "my app:1",
        "registry:5000/app:2",
        "x",
        "\n",
        "é",
    ];

    #[test]
    fn plain_patterns_agree_with_the_regex_they_stand_for() {
        for p in PATTERNS {
            assert!(
                matches!(Pattern::whole(p).unwrap(), Pattern::Plain(_)),
                "{p}"
            );
            let whole = Pattern::whole(p).unwrap();
            let image = Pattern::image(p).unwrap();
            let (wr, ir) = (whole_regex(p), image_regex(p));
            for s in SUBJECTS {
                assert_eq!(whole.is_match(s), wr.is_match(s), "whole {p:?} on {s:?}");
                assert_eq!(
                    image.is_image_match(s),
                    ir.is_match(s),
                    "image {p:?} on {s:?}"
                );
            }
        }
    }

    #[test]
    fn other_patterns_are_compiled() {
        for p in [
            "svc-.*", "a|b", "^x$", r"a\.b", "[ab]", "x+", "x?", "(x)", "x{2}",
        ] {
            assert!(
                matches!(Pattern::whole(p).unwrap(), Pattern::Regex(_)),
                "{p}"
            );
        }
        assert!(Pattern::whole("svc-.*").unwrap().is_match("svc-1"));
        assert!(!Pattern::whole("a|b").unwrap().is_match("ab"));
        assert!(Pattern::image("ng.*x").unwrap().is_image_match("nginx:1"));
        assert!(Pattern::whole("(").is_err());
    }

    #[test]
    fn finite_languages_are_exactly_what_the_pattern_matches() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("svc-1", Some(&["svc-1"])),
            ("svc-(1|2)", Some(&["svc-1", "svc-2"])),
            ("svc-(12|1)", Some(&["svc-1", "svc-12"])),
            ("(a|b)(c|d)", Some(&["ac", "ad", "bc", "bd"])),
            ("x[0-2]", Some(&["x0", "x1", "x2"])),
            ("ab?", Some(&["a", "ab"])),
            ("a{2,3}", Some(&["aa", "aaa"])),
            ("(?i)ab", Some(&["AB", "Ab", "aB", "ab"])),
            ("a|b|a", Some(&["a", "b"])),
            (r"a\.b", Some(&["a.b"])),
            ("é(x|ü)", Some(&["éx", "éü"])),
            ("[]a]", Some(&["]", "a"])),
            ("svc-.*", None),
            ("a.c", None),
            ("x+", None),
            ("[a-z][a-z]", None),
            ("(a|b){0,10}", None),
            (r"\bx", None),
            ("a)|(b", None),
            ("(", None),
        ];
        for (p, want) in cases {
            let got = finite_language(p);
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{p}");
            // Every word matches, and nothing else among these subjects.
            if let (Some(words), Ok(pat)) = (&got, Pattern::whole(p)) {
                for w in words {
                    assert!(pat.is_match(w), "{p} on {w}");
                }
                for s in SUBJECTS
                    .iter()
                    .chain(["svc-12", "aa", "aab", "b", "ab", "AB"].iter())
                {
                    assert_eq!(
                        pat.is_match(s),
                        words.iter().any(|w| w == s),
                        "{p} on {s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn literal_prefixes_start_every_match() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("svc-.*", Some(&["svc-"])),
            ("ghcr.io/.*", Some(&["ghcr"])),
            ("a.c", Some(&["a"])),
            (".*-api", None),
            (".*", None),
            ("(api|web)-.+", Some(&["api-", "web-"])),
            (
                "x[0-9]+y",
                Some(&["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"]),
            ),
            ("é+", Some(&["é"])),
            ("a)|(b", None),
            ("(", None),
        ];
        for (p, want) in cases {
            let got = literal_prefixes(p);
            if let Some(w) = want {
                let got = got.clone().unwrap_or_default();
                assert!(w.iter().all(|x| got.iter().any(|g| g == x)), "{p}: {got:?}");
            } else {
                assert!(got.is_none(), "{p}: {got:?}");
            }
            if let (Some(ps), Ok(pat)) = (&got, Pattern::whole(p)) {
                assert!(ps.iter().all(|x| !x.is_empty()), "{p}");
                for s in SUBJECTS
                    .iter()
                    .chain(["svc-1", "api-x", "web-", "x12y", "éé", "ac"].iter())
                {
                    if pat.is_match(s) {
                        assert!(ps.iter().any(|x| s.starts_with(x.as_str())), "{p} on {s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn literal_suffixes_end_every_match() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            (".*-api", Some(&["-api"])),
            ("a.c", Some(&["c"])),
            ("svc-.*", None),
            (".*", None),
            (".+-(api|web)", Some(&["-api", "-web"])),
            (".*é", Some(&["é"])),
            ("a)|(b", None),
        ];
        for (p, want) in cases {
            let got = literal_suffixes(p);
            if let Some(w) = want {
                let got = got.clone().unwrap_or_default();
                assert!(w.iter().all(|x| got.iter().any(|g| g == x)), "{p}: {got:?}");
            } else {
                assert!(got.is_none(), "{p}: {got:?}");
            }
            if let (Some(ss), Ok(pat)) = (&got, Pattern::whole(p)) {
                assert!(ss.iter().all(|x| !x.is_empty()), "{p}");
                for s in SUBJECTS.iter().chain(["x-api", "-web", "aéé", "ac"].iter()) {
                    if pat.is_match(s) {
                        assert!(ss.iter().any(|x| s.ends_with(x.as_str())), "{p} on {s:?}");
                    }
                }
            }
        }
    }
}
