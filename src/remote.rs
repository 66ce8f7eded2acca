//! Remote git bases and components: `resources:` and `components:` entries
//! that name a directory in a git repository
//! (`https://github.com/org/repo//deploy/base?ref=v1.2.0`,
//! `github.com/org/repo/deploy?ref=v1`, `git@host:org/repo.git//x`,
//! `ssh://...`, `file:///abs/repo//dir?ref=tag`).
//!
//! An entry is recognised as Kustomize recognises it ([`RepoSpec::parse`]),
//! fetched as Kustomize fetches it (the `git` program: `init`, `remote add`,
//! a `--depth=1` fetch of the ref, `checkout FETCH_HEAD`, submodules) into a
//! temporary directory removed when the build ends, once per repository and
//! ref in a build, then accumulated as a kustomization directory read from the
//! real disk whatever the build's [`FileSystem`](crate::fs::FileSystem). Files
//! of a remote kustomization must lie in or below its directory, and its bases
//! inside the clone, whatever the build's load restriction (as in Kustomize).
//!
//! Files named by `http(s)://` URLs (in `resources` and in every field that
//! names a file) are fetched over HTTP as Kustomize fetches them
//! ([`http_get`], the `curl` program); a `resources` entry (or transformer
//! or generator entry) that fails to fetch or to parse, and that is a git
//! URL, is then cloned as a remote base, as in Kustomize.

use crate::build::{BuildOptions, Ctx, Level};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A parsed git URL: the repository to clone, the ref, and the directory of
/// the kustomization inside it (Kustomize's `RepoSpec`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RepoSpec {
    /// Scheme, user and host, e.g. `https://github.com/`, `git@gitlab.com:`,
    /// `file://`.
    pub host: String,
    /// The repository on the host, e.g. `org/repo`, `org/repo.git`, or an
    /// absolute path for `file://`.
    pub repo_path: String,
    /// Directory of the kustomization inside the repository ("" for its root).
    pub path: String,
    /// Branch, tag or commit ("" for the remote's HEAD).
    pub git_ref: String,
    /// Whether to fetch submodules (default true).
    pub submodules: bool,
    /// Limit on each git command (default 27 s).
    pub timeout: Duration,
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(27);
const FILE_SCHEME: &str = "file://";
const SSH_SCHEME: &str = "ssh://";
const HTTPS_SCHEME: &str = "https://";
const HTTP_SCHEME: &str = "http://";

impl RepoSpec {
    /// The URL given to `git fetch`.
    pub fn clone_spec(&self) -> String {
        format!("{}{}", self.host, self.repo_path)
    }

    /// Parse `s` as Kustomize does; `None` when it is not a git URL (a
    /// local path, or a URL Kustomize would not clone).
    pub fn parse(s: &str) -> Option<RepoSpec> {
        if s.starts_with('/') {
            return None;
        }
        let (rest, query) = s.split_once('?').unwrap_or((s, ""));
        let (git_ref, timeout, submodules) = parse_query(query);
        let (host, rest) = split_host(rest)?;
        let all = host.starts_with(FILE_SCHEME);
        let (repo_path, path) = split_path(&rest, all)?;
        Some(RepoSpec {
            host,
            repo_path,
            path,
            git_ref,
            submodules,
            timeout,
        })
    }
}

/// `s` without `prefix` (ASCII case ignored).
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Scheme + user + host, and the rest (the path part).
fn split_host(s: &str) -> Option<(String, String)> {
    // go-getter's forced-protocol prefix is dropped.
    let s = strip_prefix_ci(s, "git::").unwrap_or(s);
    let (scheme, s) = [SSH_SCHEME, HTTPS_SCHEME, HTTP_SCHEME, FILE_SCHEME]
        .iter()
        .find_map(|p| strip_prefix_ci(s, p).map(|rest| (*p, rest)))
        .unwrap_or(("", s));
    // A user name: a letter, then letters, digits and dashes, then '@'.
    let user_len = {
        let b = s.as_bytes();
        let n = b
            .iter()
            .skip(1)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(n + 1) == Some(&b'@') {
            n + 2
        } else {
            0
        }
    };
    let (user, s) = s.split_at(user_len);
    let lower = s.to_ascii_lowercase();
    let github = lower.starts_with("github.com/") || lower.starts_with("github.com:");
    let scp = scheme.is_empty() && (!user.is_empty() || github);
    if scheme.is_empty() && !scp {
        return None;
    }
    if scheme == FILE_SCHEME {
        // Everything after the scheme (a "user" included) is the repository's path.
        return Some((scheme.to_string(), format!("{user}{s}")));
    }
    let mut sep = s.find('/');
    if scp {
        if let Some(colon) = s.find(':') {
            if sep.is_none_or(|slash| colon > 0 && colon < slash) {
                sep = Some(colon);
            }
        }
    }
    let (mut host, rest) = match sep {
        Some(i) => (&s[..=i], &s[i + 1..]),
        None => (s, ""),
    };
    let (mut scheme, mut user) = (scheme, user);
    if github {
        if scheme.starts_with(SSH_SCHEME) || !user.is_empty() {
            scheme = "";
            host = "github.com:";
        } else {
            scheme = HTTPS_SCHEME;
            user = "";
            host = "github.com/";
        }
    }
    if host.is_empty() {
        return None;
    }
    Some((format!("{scheme}{user}{host}"), rest.to_string()))
}

/// Split the path part into the repository and the directory inside it:
/// at `_git/<repo>`, at `//`, after `.git`, or else after two segments
/// (`org/repo`; the whole path for `file://`).
fn split_path(s: &str, all: bool) -> Option<(String, String)> {
    let (repo, path) = if let Some(i) = s.find("_git/") {
        let after = &s[i + "_git/".len()..];
        let (first, rest) = after.split_once('/').unwrap_or((after, ""));
        (
            format!("{}{first}", &s[..i + "_git/".len()]),
            rest.to_string(),
        )
    } else if let Some(i) = s.find("//") {
        (s[..i].to_string(), s[i + 2..].to_string())
    } else if let Some(i) = s.find(".git") {
        let end = i + ".git".len();
        (s[..end].to_string(), s[end..].to_string())
    } else if all {
        (s.to_string(), String::new())
    } else {
        let segments: Vec<&str> = s.split('/').collect();
        if segments.len() < 2 {
            return None;
        }
        (segments[..2].join("/"), segments[2..].join("/"))
    };
    if repo.is_empty() || exits_repo(&path) {
        return None;
    }
    let path = path.strip_prefix('/').unwrap_or(&path).to_string();
    Some((repo, path))
}

/// True when the cleaned path starts with `..`.
fn exits_repo(path: &str) -> bool {
    let mut depth: Vec<&str> = Vec::new();
    for c in path.trim_start_matches('/').split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if depth.pop().is_none() {
                    return true;
                }
            }
            c => depth.push(c),
        }
    }
    false
}

/// `ref` (or `version`), `timeout` and `submodules` from the query; the
/// defaults for all three when the query is malformed (as Go's
/// `url.ParseQuery` reports it).
fn parse_query(query: &str) -> (String, Duration, bool) {
    let defaults = (String::new(), DEFAULT_TIMEOUT, true);
    let mut values: Vec<(String, String)> = Vec::new();
    for pair in query.split('&') {
        if pair.contains(';') {
            return defaults;
        }
        if pair.is_empty() {
            continue;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(k), Some(v)) = (unescape(k), unescape(v)) else {
            return defaults;
        };
        values.push((k, v));
    }
    let get = |key: &str| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let git_ref = match get("ref") {
        "" => get("version"),
        r => r,
    }
    .to_string();
    let t = get("timeout");
    let timeout = match t.parse::<i64>() {
        Ok(secs) if secs > 0 => Duration::from_secs(secs.unsigned_abs()),
        _ => go_duration(t).unwrap_or(DEFAULT_TIMEOUT),
    };
    let submodules = match get("submodules") {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => true,
        "0" | "f" | "F" | "FALSE" | "false" | "False" => false,
        _ => true,
    };
    (git_ref, timeout, submodules)
}

/// Query unescaping: `+` is a space, `%XX` a byte; `None` on a bad escape.
fn unescape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// A positive Go duration (`90s`, `1m30s`, `1.5h`, `500ms`).
fn go_duration(s: &str) -> Option<Duration> {
    let mut rest = s.strip_prefix('+').unwrap_or(s);
    if rest.is_empty() {
        return None;
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = match &rest[..u] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        rest = &rest[u..];
        total += value * unit;
    }
    (total > 0.0 && total.is_finite() && total < 1e9).then(|| Duration::from_secs_f64(total))
}

/// Limit on one HTTP(S) fetch (Go's client, which Kustomize uses, has none).
#[cfg(feature = "git")]
pub(crate) const HTTP_TIMEOUT: Duration = Duration::from_secs(60);

/// True for an entry Kustomize fetches over HTTP: a URL whose scheme is
/// `http` or `https` (any case).
pub(crate) fn is_http_url(s: &str) -> bool {
    strip_prefix_ci(s, HTTP_SCHEME).is_some() || strip_prefix_ci(s, HTTPS_SCHEME).is_some()
}

/// The body of `url`, fetched as Kustomize fetches a file named by an
/// `http(s)://` URL: a GET that follows redirects (at most 10, to `http` or
/// `https` only); any final status outside 200–299 is an error
/// (`HTTP Error: status code 404 (Not Found)`), as is a body larger than
/// `max_bytes`. Runs the `curl` program (no progress output, stdin closed,
/// `~/.curlrc` ignored, no URL globbing, the URL after `--`), killed after
/// [`HTTP_TIMEOUT`].
/// The error is the message alone; callers wrap it with the kustomization
/// and the URL.
pub(crate) fn http_get(url: &str, max_bytes: usize) -> std::result::Result<Vec<u8>, String> {
    if url.starts_with('-') || !is_http_url(url) {
        return Err("not an http(s) URL".into());
    }
    let (body, code) = run_curl(url, max_bytes)?;
    if (200..=299).contains(&code) {
        Ok(body)
    } else {
        let text = status_text(code);
        Err(if text.is_empty() {
            format!("HTTP Error: status code {code}")
        } else {
            format!("HTTP Error: status code {code} ({text})")
        })
    }
}

#[cfg(not(feature = "git"))]
fn run_curl(_: &str, _: usize) -> std::result::Result<(Vec<u8>, u16), String> {
    Err("remote files need the `git` feature".into())
}

/// Run curl on `url`: the body and the final HTTP status.
#[cfg(feature = "git")]
fn run_curl(url: &str, max_bytes: usize) -> std::result::Result<(Vec<u8>, u16), String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let max = max_bytes.to_string();
    let secs = HTTP_TIMEOUT.as_secs().to_string();
    let mut child = Command::new("curl")
        .args([
            "-q", // must come first: no ~/.curlrc
            "--silent",
            "--show-error",
            // `{a,b}` and `[1-3]` are characters of the URL, not a glob
            // fetching several.
            "--globoff",
            "--location",
            "--max-redirs",
            "10",
            "--proto",
            "=http,https",
            "--proto-redir",
            "=http,https",
            "--max-time",
            &secs,
            "--max-filesize",
            &max,
            "--write-out",
            "%{http_code}",
            "--",
            url,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "no 'curl' program on path".to_string()
            } else {
                format!("failed to run curl: {e}")
            }
        })?;
    let err_reader = read_stderr(&mut child);
    let stdout = child.stdout.take();
    // The body, then the three digits of the status; one byte more than
    // allowed tells that the body is too large.
    let limit = max_bytes.saturating_add(4) as u64;
    let out_reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(limit).read_to_end(&mut out);
        }
        out
    });
    // curl's own --max-time, plus a margin to start and stop.
    let status = match wait_at_most(&mut child, HTTP_TIMEOUT + Duration::from_secs(5)) {
        Ok(Some(status)) => status,
        Ok(None) => return Err(format!("timed out after {HTTP_TIMEOUT:?}")),
        Err(e) => return Err(format!("failed to run curl: {e}")),
    };
    let mut out = out_reader.join().unwrap_or_default();
    let text = err_reader.join().unwrap_or_default();
    if out.len() > max_bytes.saturating_add(3) {
        return Err(format!("file is larger than {max_bytes} bytes"));
    }
    if !status.success() {
        let text = text.trim_end();
        let text = text.strip_prefix("curl: ").unwrap_or(text);
        return Err(match status.code() {
            Some(63) => format!("file is larger than {max_bytes} bytes"),
            _ if text.is_empty() => format!("curl failed ({status})"),
            _ => text.to_string(),
        });
    }
    let code_at = out.len().saturating_sub(3);
    let code = std::str::from_utf8(out.get(code_at..).unwrap_or_default())
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or_else(|| "curl reported no HTTP status".to_string())?;
    out.truncate(code_at);
    Ok((out, code))
}

/// Go's `http.StatusText` for the codes a server answers with ("" for others).
fn status_text(code: u16) -> &'static str {
    match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

/// A checkout of one repository at one ref, removed from disk when dropped.
#[derive(Debug)]
pub(crate) struct Checkout {
    /// Its directory (canonical).
    dir: PathBuf,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The checkout a level lies in.
#[derive(Debug)]
pub(crate) struct Scope {
    /// Its directory (canonical).
    pub dir: PathBuf,
    /// The repository's URL, as given to git (origin annotations).
    pub url: String,
    /// The ref asked for ("" for none).
    pub git_ref: String,
    /// The entry, as written (cycle detection).
    pub raw: String,
    /// The checkout of the remote base that listed this one, if any.
    pub parent: Option<Arc<Scope>>,
    /// Whether origin annotations name the repository (false when the
    /// build itself was asked for a URL: Kustomize then writes paths
    /// relative to the build root, as for a local build).
    pub annotate: bool,
}

/// The checkouts of one build, by URL, ref and submodules: each is fetched
/// once, and removed when the build (every context sharing it) ends.
#[derive(Debug, Default)]
pub(crate) struct Clones {
    map: Mutex<HashMap<(String, String, bool), Arc<Slot>>>,
}

/// The checkouts of one repository and ref: usually one; another when a
/// remote base lists a base of the same repository and ref that contains it
/// (Kustomize fetches every entry into a directory of its own, so that is
/// no cycle).
type Slot = Mutex<Vec<Arc<Checkout>>>;

/// Whether this build fetches remote bases.
pub(crate) fn enabled(ctx: &Ctx) -> bool {
    cfg!(feature = "git") && ctx.opts.fetch_remote
}

/// Refuse `url`, a `what` (`remote base`, `remote file`, ...) named in
/// `level`'s kustomization, unless this build fetches remote content.
pub(crate) fn require_enabled(ctx: &Ctx, level: &Level, what: &str, url: &str) -> Result<()> {
    if enabled(ctx) {
        Ok(())
    } else {
        Err(crate::error::Error::Unsupported {
            path: level.file.clone(),
            feature: format!("{what} '{url}'"),
        })
    }
}

/// When `level` lies in a checkout, `dir` (a base or component it lists,
/// canonical) must lie in the same checkout.
pub(crate) fn check_contained(ctx: &Ctx, level: &Level, rel: &str, dir: &Path) -> Result<()> {
    match &ctx.repo {
        Some(repo) if !dir.starts_with(&repo.dir) => Err(Error::invalid(
            &level.file,
            format!(
                "security; bases in kustomizations found in cloned git repos must be within the repo, but '{rel}' ({}) is outside '{}'",
                dir.display(),
                repo.dir.display()
            ),
        )),
        _ => Ok(()),
    }
}

/// Fetch `spec` (once per build), then run `f` on the kustomization
/// directory it names, with the context reading the real disk, restricted
/// to that directory, inside the checkout.
pub(crate) fn in_checkout<T>(
    ctx: &mut Ctx,
    level: &Level,
    url: &str,
    spec: &RepoSpec,
    f: impl FnOnce(&mut Ctx, PathBuf) -> Result<T>,
) -> Result<T> {
    let err = |message: String| Error::Remote {
        path: level.file.clone(),
        url: url.to_string(),
        message,
    };
    // As in Kustomize: an entry that an enclosing remote entry starts with
    // is a cycle.
    let mut scope = ctx.repo.as_ref();
    while let Some(s) = scope {
        if s.raw.starts_with(url) {
            return Err(err(format!(
                "cycle detected: URI '{url}' referenced by previous URI '{}'",
                s.raw
            )));
        }
        scope = s.parent.as_ref();
    }
    let checkout = fetch(&ctx.clones, &ctx.stack, spec).map_err(err)?;
    let dir = checkout_dir(&checkout, spec).map_err(err)?;
    let fs = std::mem::replace(&mut ctx.fs, &DISK);
    let repo = ctx.repo.replace(Arc::new(Scope {
        dir: checkout.dir.clone(),
        url: spec.clone_spec(),
        git_ref: spec.git_ref.clone(),
        raw: url.to_string(),
        parent: ctx.repo.clone(),
        annotate: true,
    }));
    let result = f(ctx, dir).map_err(|source| Error::InRemote {
        path: level.file.clone(),
        url: url.to_string(),
        source: Box::new(source),
    });
    ctx.fs = fs;
    ctx.repo = repo;
    result
}

/// Remote kustomizations are read from the real disk.
static DISK: crate::fs::DiskFs = crate::fs::DiskFs;

/// The kustomization directory `spec` names in `checkout` (canonical).
fn checkout_dir(checkout: &Checkout, spec: &RepoSpec) -> std::result::Result<PathBuf, String> {
    let dir = std::fs::canonicalize(checkout.dir.join(&spec.path))
        .map_err(|e| format!("directory '{}' not found in the repository: {e}", spec.path))?;
    if !dir.starts_with(&checkout.dir) {
        return Err(format!(
            "'{}' refers to a directory outside of the repository",
            spec.path
        ));
    }
    if !dir.is_dir() {
        return Err(format!(
            "'{}' refers to a file; expecting a directory",
            spec.path
        ));
    }
    Ok(dir)
}

/// When `dir`, the directory a build was asked for, is a git URL (and the
/// options allow fetching), the context of a build of that remote
/// kustomization, as `kubectl kustomize URL` builds it: fetched, read from
/// disk, restricted to its directory. `None` for a local directory.
pub(crate) fn top_level<'a>(opts: &'a BuildOptions, dir: &Path) -> Option<Result<Ctx<'a>>> {
    let url = dir.to_str()?;
    let spec = RepoSpec::parse(url).filter(|_| cfg!(feature = "git") && opts.fetch_remote)?;
    let err = |message: String| Error::Remote {
        path: PathBuf::from(url),
        url: url.to_string(),
        message,
    };
    let build = || {
        let clones = Arc::new(Clones::default());
        let checkout = fetch(&clones, &[], &spec).map_err(err)?;
        let dir = checkout_dir(&checkout, &spec).map_err(err)?;
        let mut ctx = Ctx::new(&DISK, opts, &dir)?;
        ctx.repo = Some(Arc::new(Scope {
            dir: checkout.dir.clone(),
            url: spec.clone_spec(),
            git_ref: spec.git_ref.clone(),
            raw: url.to_string(),
            parent: None,
            annotate: false,
        }));
        ctx.clones = clones;
        Ok(ctx)
    };
    Some(build())
}

/// The checkout of `spec`, fetched unless this build already has one that
/// no kustomization on `stack` lies in.
fn fetch(
    clones: &Clones,
    stack: &[PathBuf],
    spec: &RepoSpec,
) -> std::result::Result<Arc<Checkout>, String> {
    let key = (spec.clone_spec(), spec.git_ref.clone(), spec.submodules);
    let slot = {
        let mut map = clones.map.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key).or_default().clone()
    };
    // Held while fetching: a second entry naming the same repository and
    // ref waits for the first fetch instead of starting its own (other
    // repositories are fetched meanwhile).
    let mut checkouts = slot.lock().unwrap_or_else(|e| e.into_inner());
    let free = checkouts
        .iter()
        .find(|c| !stack.iter().any(|d| d.starts_with(&c.dir)));
    if let Some(c) = free {
        return Ok(c.clone());
    }
    let checkout = Arc::new(clone_repo(spec)?);
    checkouts.push(checkout.clone());
    Ok(checkout)
}

#[cfg(not(feature = "git"))]
fn clone_repo(_: &RepoSpec) -> std::result::Result<Checkout, String> {
    Err("remote bases need the `git` feature".into())
}

/// What Kustomize runs: `git init`, `git remote add origin URL`,
/// `git fetch --depth=1 URL REF` (REF: HEAD when none is given),
/// `git checkout FETCH_HEAD`, then `git submodule update --init --recursive`
/// unless `submodules=false`.
///
/// Unlike Kustomize, a URL or ref that git would read as an option is
/// refused, and the URL and ref follow `--end-of-options`: Kustomize passes
/// `?ref=--upload-pack=CMD` to `git fetch`, which runs CMD.
#[cfg(feature = "git")]
fn clone_repo(spec: &RepoSpec) -> std::result::Result<Checkout, String> {
    let url = spec.clone_spec();
    let git_ref = if spec.git_ref.is_empty() {
        "HEAD"
    } else {
        &spec.git_ref
    };
    if url.starts_with('-') || git_ref.starts_with('-') {
        return Err(format!(
            "invalid repository or ref '{git_ref}': it must not start with '-'"
        ));
    }
    let checkout = Checkout { dir: temp_dir()? };
    let run = |args: &[&str]| run_git(&checkout.dir, spec.timeout, args);
    run(&["init"])?;
    run(&["remote", "add", "--", "origin", &url])?;
    run(&["fetch", "--depth=1", "--end-of-options", &url, git_ref])?;
    run(&["checkout", "FETCH_HEAD"])?;
    if spec.submodules {
        run(&["submodule", "update", "--init", "--recursive"])?;
    }
    Ok(checkout)
}

/// A new, empty, canonical directory under the system's temporary directory.
#[cfg(feature = "git")]
fn temp_dir() -> std::result::Result<PathBuf, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let base = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!(
            "rustomize-git-{}-{nanos:08x}-{n}",
            std::process::id()
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => {
                return std::fs::canonicalize(&dir).map_err(|e| {
                    let _ = std::fs::remove_dir(&dir);
                    format!("{}: {e}", dir.display())
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{}: {e}", dir.display())),
        }
    }
    Err(format!("cannot create a directory in {}", base.display()))
}

/// Run `git ARGS` in `dir`, killed after `timeout`; its error output in the
/// message when it fails.
#[cfg(feature = "git")]
fn run_git(dir: &Path, timeout: Duration, args: &[&str]) -> std::result::Result<(), String> {
    use std::process::{Command, Stdio};
    let shown = format!("git {}", args.join(" "));
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        // A repository named by the caller's environment (a git hook sets
        // these) must not be the one git works on.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
        .env_remove("GIT_COMMON_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "no 'git' program on path".to_string()
            } else {
                format!("failed to run '{shown}': {e}")
            }
        })?;
    let reader = read_stderr(&mut child);
    let status = match wait_at_most(&mut child, timeout) {
        Ok(Some(status)) => status,
        Ok(None) => return Err(format!("'{shown}' timed out after {timeout:?}")),
        Err(e) => return Err(format!("failed to run '{shown}': {e}")),
    };
    let text = reader.join().unwrap_or_default();
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed to run '{shown}': {}", text.trim_end()))
    }
}

/// `child`'s error output, read on a thread of its own (so that a child
/// filling the pipe never blocks), as text when joined.
#[cfg(feature = "git")]
fn read_stderr(child: &mut std::process::Child) -> std::thread::JoinHandle<String> {
    use std::io::Read;
    let stderr = child.stderr.take();
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = s.read_to_string(&mut text);
        }
        text
    })
}

/// Wait for `child` to exit, at most `limit`: its status, or `None` after
/// killing it when the time is up.
#[cfg(feature = "git")]
fn wait_at_most(
    child: &mut std::process::Child,
    limit: Duration,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    let start = std::time::Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (host, repo path, path inside, ref) of `url`.
    fn split(url: &str) -> Option<(String, String, String, String)> {
        RepoSpec::parse(url).map(|s| (s.host, s.repo_path, s.path, s.git_ref))
    }

    fn ok(url: &str, host: &str, repo: &str, path: &str, git_ref: &str) {
        assert_eq!(
            split(url),
            Some((host.into(), repo.into(), path.into(), git_ref.into())),
            "{url}"
        );
    }

    #[test]
    fn github_forms() {
        ok(
            "github.com/acme/infra",
            "https://github.com/",
            "acme/infra",
            "",
            "",
        );
        ok(
            "github.com/acme/infra/deploy/base?ref=v1.2.0",
            "https://github.com/",
            "acme/infra",
            "deploy/base",
            "v1.2.0",
        );
        ok(
            "https://github.com/argoproj/argo-cd//manifests/cluster-install?ref=v2.9.0",
            "https://github.com/",
            "argoproj/argo-cd",
            "manifests/cluster-install",
            "v2.9.0",
        );
        // http and ssh are normalised; a user name keeps the SCP form.
        ok(
            "http://GitHub.com/a/b/c",
            "https://github.com/",
            "a/b",
            "c",
            "",
        );
        ok(
            "ssh://github.com/a/b.git/c",
            "github.com:",
            "a/b.git",
            "c",
            "",
        );
        ok(
            "ssh://git@github.com/a/b//c",
            "git@github.com:",
            "a/b",
            "c",
            "",
        );
        ok(
            "github.com:a/b.git",
            "https://github.com/",
            "a/b.git",
            "",
            "",
        );
        ok(
            "git@github.com:a/b/x/y",
            "git@github.com:",
            "a/b",
            "x/y",
            "",
        );
        ok(
            "git::https://github.com/a/b?version=v3",
            "https://github.com/",
            "a/b",
            "",
            "v3",
        );
    }

    #[test]
    fn other_hosts() {
        ok(
            "https://git.example.org/team/app/k8s?ref=main",
            "https://git.example.org/",
            "team/app",
            "k8s",
            "main",
        );
        ok(
            "https://git.example.org/group/sub/app.git/k8s/prod",
            "https://git.example.org/",
            "group/sub/app.git",
            "k8s/prod",
            "",
        );
        ok(
            "https://git.example.org/group/sub/app//k8s",
            "https://git.example.org/",
            "group/sub/app",
            "k8s",
            "",
        );
        ok(
            "deploy@git.example.org:ops/cfg.git//env/prod?ref=r1",
            "deploy@git.example.org:",
            "ops/cfg.git",
            "env/prod",
            "r1",
        );
        ok(
            "ssh://deploy@git.example.org:2222/ops/cfg//x",
            "ssh://deploy@git.example.org:2222/",
            "ops/cfg",
            "x",
            "",
        );
        ok(
            "ssh://git.example.org/ops/cfg.git",
            "ssh://git.example.org/",
            "ops/cfg.git",
            "",
            "",
        );
        ok(
            "https://me@dev.example.com/org/proj/_git/repo/a/b?ref=x",
            "https://me@dev.example.com/",
            "org/proj/_git/repo",
            "a/b",
            "x",
        );
        ok(
            "HTTPS://host.example/a/b",
            "https://host.example/",
            "a/b",
            "",
            "",
        );
    }

    #[test]
    fn file_urls() {
        ok("file:///srv/git/cfg", "file://", "/srv/git/cfg", "", "");
        ok(
            "file:///srv/git/cfg//env/dev?ref=v1",
            "file://",
            "/srv/git/cfg",
            "env/dev",
            "v1",
        );
        ok(
            "file:///srv/git/cfg.git/env?ref=t",
            "file://",
            "/srv/git/cfg.git",
            "env",
            "t",
        );
        // Three slashes at most: an empty repository path is refused.
        assert_eq!(split("file:////srv//x"), None);
        assert_eq!(
            RepoSpec::parse("file:///srv/git/cfg//env").map(|s| s.clone_spec()),
            Some("file:///srv/git/cfg".to_string())
        );
    }

    #[test]
    fn not_git_urls() {
        for s in [
            "/abs/dir",
            "base",
            "../base",
            "overlays/prod/deploy.yaml",
            "src/github.com/a/b/c",
            "1user@host/a/b",
            "ftp://host/a/b",
            "ssh://host.example",
            "ssh://git@host/repo",
            "https://host.example?ref=a/b/c",
            "https://github.com/only-one.yaml",
            "https://github.com/a/b//x/../../..",
            "gh:a/b",
            "github.com!a/b",
            "git@scp://host/a/b.git//p",
        ] {
            assert_eq!(split(s), None, "{s}");
        }
    }

    #[test]
    fn query() {
        let s = |u: &str| RepoSpec::parse(u).unwrap_or_else(|| panic!("{u}"));
        assert_eq!(s("github.com/a/b?ref=x&version=y").git_ref, "x");
        assert_eq!(s("github.com/a/b?version=y").git_ref, "y");
        assert_eq!(s("github.com/a/b?ref=&version=y").git_ref, "y");
        assert_eq!(s("github.com/a/b?ref=a%2Fb").git_ref, "a/b");
        assert_eq!(s("github.com/a/b").timeout, Duration::from_secs(27));
        assert_eq!(
            s("github.com/a/b?timeout=61").timeout,
            Duration::from_secs(61)
        );
        assert_eq!(
            s("github.com/a/b?timeout=1m30s").timeout,
            Duration::from_secs(90)
        );
        assert_eq!(
            s("github.com/a/b?timeout=-3").timeout,
            Duration::from_secs(27)
        );
        assert_eq!(
            s("github.com/a/b?timeout=soon").timeout,
            Duration::from_secs(27)
        );
        assert!(s("github.com/a/b").submodules);
        assert!(!s("github.com/a/b?submodules=false").submodules);
        assert!(!s("github.com/a/b?submodules=0").submodules);
        assert!(s("github.com/a/b?submodules=nope").submodules);
        // A malformed query gives the defaults for everything.
        let bad = s("github.com/a/b?ref=v1&submodules=false&x=%zz");
        assert_eq!((bad.git_ref.as_str(), bad.submodules), ("", true));
        assert_eq!(s("github.com/a/b?ref=v1;x=y").git_ref, "");
    }

    #[test]
    fn http_urls() {
        assert!(is_http_url("https://raw.githubusercontent.com/a/b/x.yaml"));
        assert!(is_http_url("HTTP://host/x"));
        assert!(!is_http_url("git@github.com:a/b"));
        assert!(!is_http_url("httpx://host/x"));
        assert!(http_get("-https://x", 10).is_err());
        assert_eq!(status_text(404), "Not Found");
        assert_eq!(status_text(418), "I'm a teapot");
        assert_eq!(status_text(299), "");
    }
}
