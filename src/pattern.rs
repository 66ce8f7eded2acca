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
}
