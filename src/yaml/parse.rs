//! YAML → [`Value`], resolving scalars as go-yaml v3 (Kustomize's parser) does.
//!
//! Kustomize reads resource files with kyaml's `ByteReader`: the text is split
//! into documents at lines starting with `---`, the first YAML document of each
//! piece is parsed with go-yaml v3, aliases and merge keys (`<<`) are expanded,
//! and the node is converted to JSON through Go's `interface{}` decoding.
//! [`parse_documents`] reproduces that whole chain; [`parse_stream`] parses a
//! plain YAML stream without kyaml's splitting.

use super::resolve::{self, Kind};
use super::scanner::{Mark, ScalarStyle, ScanError, Scanner, Tok, check_chars};
use crate::error::{Error, Result};
use crate::resource::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// Parser limits.
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Most nodes alias expansion may produce in one document.
    pub max_alias_expansion: usize,
    /// How the values of a document's `metadata.annotations` are read
    /// (resolved, like any other value, by default).
    pub annotation_text: AnnotationText,
}

/// How [`parse_documents`] reads the scalar values of a document's top-level
/// `metadata.annotations` mapping (and, with `List`, of its
/// `items[*].metadata.annotations`).
///
/// Kustomize keeps annotation values as the text written: an unquoted
/// `1.50`, `0x1F`, `True`, `~` or `2001-12-14` there prints as that text
/// (quoted), while the same scalar anywhere else is resolved (`1.5`, `31`,
/// `true`, null, a timestamp).
///
/// ```
/// use rustomize::yaml::{parse_documents, AnnotationText, ParseOptions};
/// let opts = ParseOptions { annotation_text: AnnotationText::Resource, ..Default::default() };
/// let doc = "metadata:\n  annotations:\n    a: 1.50\n    b:\n  labels:\n    l: 1.50\n";
/// let v = &parse_documents(doc, "r.yaml".as_ref(), &opts).unwrap()[0];
/// assert_eq!(v["metadata"]["annotations"]["a"], "1.50");
/// assert_eq!(v["metadata"]["annotations"]["b"], "");
/// assert_eq!(v["metadata"]["labels"]["l"], 1.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AnnotationText {
    /// Resolved like any other scalar.
    #[default]
    Resolve,
    /// As a resource file: every scalar value is a string of its source
    /// text (null and an empty value included: `"null"`, `"~"`, `""`).
    Resource,
    /// As `Resource`, and the same for the annotations of the items of a
    /// top-level `items` list (a file holding one `kind: List`, whose items
    /// Kustomize takes as they are; the items of other `*List` kinds go
    /// through JSON and come out resolved).
    List,
    /// As a strategic-merge patch file: the same, except that null values
    /// (`null`, `~`, empty) stay null, since they delete the annotation.
    Patch,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_depth: 256,
            max_alias_expansion: 1_000_000,
            annotation_text: AnnotationText::Resolve,
        }
    }
}

/// Parse every document of a YAML stream as Kustomize reads a resource file.
/// Empty documents come back as `Value::Null`. `path` is only used in error
/// messages.
///
/// ```
/// use rustomize::yaml::{parse_documents, ParseOptions};
/// use std::path::Path;
/// let docs = parse_documents("a: 1\n---\nb: [x, 2001-12-14]\n", Path::new("f.yaml"),
///     &ParseOptions::default()).unwrap();
/// assert_eq!(docs[0]["a"], 1);
/// assert_eq!(docs[1]["b"][1], "2001-12-14T00:00:00Z");
/// ```
pub fn parse_documents(src: &str, path: &Path, opts: &ParseOptions) -> Result<Vec<Value>> {
    documents(src, path, opts, true)
}

/// `src` with CRLF line ends turned into LF (as kyaml reads files), copied
/// only when it holds one.
pub(crate) fn crlf_to_lf(src: &str) -> Cow<'_, str> {
    if src.contains("\r\n") {
        Cow::Owned(src.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(src)
    }
}

/// [`parse_documents`]; `fast`: try the fast path on each document first.
fn documents(src: &str, path: &Path, opts: &ParseOptions, fast: bool) -> Result<Vec<Value>> {
    Ok(documents_typed(src, path, opts, fast)?
        .into_iter()
        .map(|(v, _)| v)
        .collect())
}

/// [`parse_documents`], each document with the keys of its top-level
/// `metadata.annotations` whose values were kept as text although they are
/// not strings in YAML (see [`AnnotationText`]; always empty with
/// [`AnnotationText::Resolve`]). Kustomize still holds such a value as a
/// typed node: what reads the resource through JSON (a JSON 6902 patch,
/// `vars`) sees it resolved.
pub(crate) fn parse_documents_typed(
    src: &str,
    path: &Path,
    opts: &ParseOptions,
) -> Result<Vec<(Value, Vec<String>)>> {
    documents_typed(src, path, opts, true)
}

fn documents_typed(
    src: &str,
    path: &Path,
    opts: &ParseOptions,
    fast: bool,
) -> Result<Vec<(Value, Vec<String>)>> {
    let norm = crlf_to_lf(src);
    let s: &str = &norm;
    if let Some((pos, ch)) = check_chars(s) {
        let (line, column) = line_col(s, pos);
        return Err(Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("control characters are not allowed (found {:?})", ch),
        });
    }
    let mut out = Vec::new();
    let mut c = Composer::new("", path, opts, 0);
    for (line_offset, piece) in split_documents(s, path)? {
        c.reset(piece, line_offset);
        if fast {
            let mut typed = Vec::new();
            if let Some(v) =
                fast::document(&mut c.sc, opts.max_depth, c.annotation_text, &mut typed)
            {
                out.push((v, typed));
                continue;
            }
            c.reset(piece, line_offset);
        }
        // A piece without any document (only comments) yields nothing.
        if let Some(v) = c.first_document()? {
            out.push((v, std::mem::take(&mut c.typed)));
        }
    }
    Ok(out)
}

/// Parse every document of a YAML stream (standard YAML document boundaries,
/// no kyaml splitting). Values are resolved as in [`parse_documents`].
pub fn parse_stream(src: &str, path: &Path, opts: &ParseOptions) -> Result<Vec<Value>> {
    if let Some((pos, ch)) = check_chars(src) {
        let (line, column) = line_col(src, pos);
        return Err(Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("control characters are not allowed (found {:?})", ch),
        });
    }
    let mut c = Composer::new(src, path, opts, 0);
    c.all_documents()
}

/// Parse a kustomization file as Kustomize does (sigs.k8s.io/yaml's
/// `YAMLToJSON`, go-yaml v2): only the first document of the stream counts
/// (`Value::Null` when there is none), a repeated mapping key replaces the
/// earlier value instead of being an error, and plain scalars resolve with
/// YAML 1.1 rules: unquoted `yes`/`no`/`on`/`off`/`y`/`n` (in three cases)
/// are booleans, timestamps stay text, and mapping keys become strings
/// (`true`, `1`, `1.5`) as sigs.k8s.io/yaml makes them.
///
/// ```
/// use rustomize::yaml::{parse_kustomization, ParseOptions};
/// let v = parse_kustomization("namePrefix: a-\nnamePrefix: b-\nnamespace: no\n---\nx: 1\n",
///     "kustomization.yaml".as_ref(), &ParseOptions::default()).unwrap();
/// assert_eq!(v, serde_json::json!({"namePrefix": "b-", "namespace": false}));
/// ```
pub fn parse_kustomization(src: &str, path: &Path, opts: &ParseOptions) -> Result<Value> {
    kustomization(src, path, opts, Resolve::Fast)
}

/// Parse text as sigs.k8s.io/yaml's `YAMLToJSON` reads it (go-yaml v2, how
/// Kustomize reads JSON 6902 patches written in YAML): as
/// [`parse_kustomization`] (first document, a repeated key replaces the
/// earlier value, YAML 1.1 scalar values).
///
/// ```
/// use rustomize::yaml::{parse_yaml11, ParseOptions};
/// let v = parse_yaml11("a: yes\nb: 2001-12-14\nc: \"no\"\n", "p.yaml".as_ref(),
///     &ParseOptions::default()).unwrap();
/// assert_eq!(v, serde_json::json!({"a": true, "b": "2001-12-14", "c": "no"}));
/// ```
pub fn parse_yaml11(src: &str, path: &Path, opts: &ParseOptions) -> Result<Value> {
    kustomization(src, path, opts, Resolve::Fast)
}

/// How [`kustomization`] reads its text (always with go-yaml v2's YAML 1.1
/// scalar values).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resolve {
    /// Through the fast path where it applies.
    Fast,
    /// General composer only.
    #[cfg(test)]
    Slow,
}

/// [`parse_kustomization`] and [`parse_yaml11`].
fn kustomization(src: &str, path: &Path, opts: &ParseOptions, how: Resolve) -> Result<Value> {
    let norm = crlf_to_lf(src);
    if let Some((pos, ch)) = check_chars(&norm) {
        let (line, column) = line_col(&norm, pos);
        return Err(Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("control characters are not allowed (found {:?})", ch),
        });
    }
    let mut c = Composer::new(&norm, path, opts, 0);
    c.duplicates_last_wins = true;
    c.yaml11 = true;
    c.annotation_text = AnnotationText::Resolve;
    if how == Resolve::Fast {
        if let Some(v) = fast::document_yaml11(&mut c.sc, opts.max_depth) {
            return Ok(v);
        }
        c.reset(&norm, 0);
    }
    Ok(c.first_document()?.unwrap_or(Value::Null))
}

/// 1-based line and column (in characters) of byte offset `pos`.
fn line_col(s: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(s.len());
    let before = s.get(..pos).unwrap_or("");
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = s
        .get(line_start..pos)
        .map(|t| t.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// kyaml's `splitDocuments`: split at every `\n---<anything>\n`; the text
/// after `---` may only be blanks or a comment. Each piece keeps the newline
/// that ended its last line. Returns the 0-based line where each piece starts.
pub(crate) fn split_documents<'s>(s: &'s str, path: &Path) -> Result<Vec<(usize, &'s str)>> {
    let mut out = Vec::new();
    if s.is_empty() {
        return Ok(out);
    }
    let b = s.as_bytes();
    let mut prev = 0;
    let mut prev_line = 0;
    // Newlines in b[..counted] (counted only when a separator is found).
    let mut line = 0;
    let mut counted = 0;
    let mut from = 0;
    while let Some(nl) = find_separator(b, from) {
        // Find the end of the separator line; a last line without a
        // newline is not a separator.
        let sep_start = nl + 4;
        let Some(sep_end) = s
            .get(sep_start..)
            .and_then(|t| t.find('\n'))
            .map(|k| sep_start + k)
        else {
            break;
        };
        // b[nl] ends line `line` (0-based).
        line += count_newlines(b.get(counted..nl).unwrap_or(&[]));
        let rest = s[sep_start..sep_end].trim();
        if !rest.is_empty() && !rest.starts_with('#') {
            return Err(Error::Yaml {
                path: path.to_path_buf(),
                line: line + 2,
                column: 1,
                message: format!("invalid document separator: {}", s[nl + 1..sep_end].trim()),
            });
        }
        out.push((prev_line, &s[prev..=nl]));
        prev = sep_end + 1;
        line += 2;
        counted = sep_end + 1;
        prev_line = line;
        from = sep_end + 1;
    }
    out.push((prev_line, &s[prev..]));
    Ok(out)
}

/// Number of line feeds in `b` (written so that it compiles to vector
/// compares).
fn count_newlines(b: &[u8]) -> usize {
    let mut chunks = b.chunks_exact(32);
    let mut n = 0;
    for c in &mut chunks {
        let mut k = 0u8;
        for &x in c {
            k += u8::from(x == b'\n');
        }
        n += usize::from(k);
    }
    n + chunks.remainder().iter().filter(|&&x| x == b'\n').count()
}

/// Offset of the first `\n---` in `b` at or after `from`, eight bytes at a
/// time (a line feed followed by `-` is rare: only then are bytes compared).
fn find_separator(b: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // 0x80 in exactly the bytes of `x` that are zero.
    let zero_bytes = |x: u64| !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
    let word = |i: usize| -> Option<u64> {
        let s = b.get(i..i + 8)?;
        <[u8; 8]>::try_from(s).ok().map(u64::from_le_bytes)
    };
    let is_sep = |i: usize| b.get(i..i + 4) == Some(b"\n---");
    let mut i = from;
    while let (Some(w), Some(w1)) = (word(i), word(i + 1)) {
        // Bytes k where b[i + k] == '\n' and b[i + k + 1] == '-'.
        let m = zero_bytes(w ^ (LO * u64::from(b'\n'))) & zero_bytes(w1 ^ (LO * u64::from(b'-')));
        if m == 0 {
            i += 8;
            continue;
        }
        let k = (m.trailing_zeros() / 8) as usize;
        if is_sep(i + k) {
            return Some(i + k);
        }
        i += k + 1;
    }
    (i..b.len()).find(|&j| is_sep(j))
}

/// What kind of node a composed value came from, as far as mapping keys
/// and merges care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyClass {
    /// A string (go-yaml `!!str`).
    Str,
    /// The merge key `<<`.
    Merge,
    /// A null scalar.
    Null,
    /// Any other scalar (int, bool, float, timestamp, custom tag ...).
    Other,
    /// `!!binary`: decoded text.
    Binary,
    /// A sequence or mapping.
    Collection,
}

/// A composed node.
#[derive(Clone, Debug)]
struct Node {
    value: Value,
    class: KeyClass,
    /// Source text of a scalar (only kept where it may serve as a key).
    raw: Option<String>,
    /// Number of nodes in the tree (for alias expansion accounting).
    size: usize,
    /// A value JSON cannot hold (NaN, ±Inf, some timestamps): `value` is
    /// then the error message.
    invalid: bool,
}

struct Composer<'a, 'p> {
    sc: Scanner<'a>,
    path: &'p Path,
    opts: &'p ParseOptions,
    line_offset: usize,
    anchors: HashMap<&'a str, Node>,
    expanded: usize,
    /// Positions of the keys of the mappings being built (see `MapBuilder`).
    key_marks: Vec<Mark>,
    /// Entries of the mappings being built, innermost last.
    entries: Vec<(String, Value)>,
    /// Items of the sequences being built, innermost last.
    items: Vec<Value>,
    /// Open collections (kept between nodes to reuse the allocation).
    stack: Vec<Frame<'a>>,
    /// Number of flow collections around the current node.
    flow: usize,
    tag_directives: Vec<(String, String)>,
    /// A repeated mapping key replaces the earlier value instead of being an
    /// error (kustomization files: sigs.k8s.io/yaml, go-yaml v2 semantics).
    duplicates_last_wins: bool,
    /// Plain scalars resolve with go-yaml v2's YAML 1.1 rules
    /// ([`resolve::resolve_plain_yaml11`]), keys then become strings as
    /// sigs.k8s.io/yaml makes them ([`resolve::yaml11_key_text`]).
    yaml11: bool,
    /// How annotation values are read (from the options; kustomization
    /// files always resolve them).
    annotation_text: AnnotationText,
    /// Keys of the top-level annotations kept as text although typed (see
    /// [`parse_documents_typed`]), for the current document.
    typed: Vec<String>,
}

/// [`Frame::annotations`]: the mapping is a document's top-level
/// `metadata.annotations`.
const TOP_ANNOTATIONS: u8 = 1;
/// [`Frame::annotations`]: the mapping is `items[i].metadata.annotations`.
const ITEM_ANNOTATIONS: u8 = 2;

type Attrs<'a> = (Option<(&'a str, Mark)>, Option<(String, Mark)>);

/// What kind of node is wanted next, and where.
#[derive(Clone, Copy, Debug)]
struct Req {
    /// Block collections allowed.
    block: bool,
    /// A `- ` sequence at the parent's indentation allowed (mapping values).
    indentless: bool,
    /// The node is a mapping key (keep its source text).
    key: bool,
    /// The document's top node.
    root: bool,
}

/// Which part of an entry a collection frame is reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Key,
    Value,
    Done,
}

/// Sequences hold the index where their items start in `Composer::items`.
enum FrameKind {
    BlockSeq(usize),
    Indentless(usize),
    FlowSeq(usize),
    BlockMap(MapBuilder),
    FlowMap(MapBuilder),
    /// `[a: b]`: a single-pair mapping inside a flow sequence.
    FlowPair(MapBuilder),
}

/// An open collection.
struct Frame<'a> {
    kind: FrameKind,
    phase: Phase,
    /// A key whose value is being read.
    key: Option<(Node, Mark)>,
    key_mark: Mark,
    value_mark: Mark,
    /// A flow-mapping key without `:` (`{a, b}`).
    lone_key: bool,
    /// No entry read yet (flow collections: no ',' expected).
    first: bool,
    size: usize,
    start: Mark,
    anchor: Option<&'a str>,
    tag: Option<(String, Mark)>,
    flow: bool,
    /// 0, or which annotations mapping this is (only with
    /// [`AnnotationText`] other than `Resolve`).
    annotations: u8,
}

enum Begin<'a> {
    Done(Node),
    Open(Box<Frame<'a>>),
}

enum Step<'a> {
    Child(Req),
    Open(Box<Frame<'a>>),
    Finished,
}

impl<'a, 'p> Composer<'a, 'p> {
    fn new(src: &'a str, path: &'p Path, opts: &'p ParseOptions, line_offset: usize) -> Self {
        Composer {
            sc: Scanner::new(src),
            duplicates_last_wins: false,
            yaml11: false,
            annotation_text: opts.annotation_text,
            typed: Vec::new(),
            path,
            opts,
            line_offset,
            anchors: HashMap::new(),
            expanded: 0,
            key_marks: Vec::new(),
            entries: Vec::new(),
            items: Vec::new(),
            stack: Vec::new(),
            flow: 0,
            tag_directives: Vec::new(),
        }
    }

    /// Start over on another piece of the same text, keeping buffers.
    fn reset(&mut self, src: &'a str, line_offset: usize) {
        self.sc.reset(src);
        self.line_offset = line_offset;
        self.anchors.clear();
        self.expanded = 0;
        self.key_marks.clear();
        self.entries.clear();
        self.items.clear();
        self.flow = 0;
        self.tag_directives.clear();
        self.stack.clear();
        self.typed.clear();
    }

    fn error_at(&self, mark: Mark, message: impl Into<String>) -> Error {
        Error::Yaml {
            path: self.path.to_path_buf(),
            line: mark.line + 1 + self.line_offset,
            column: mark.col + 1,
            message: message.into(),
        }
    }

    fn scan_err(&self, e: ScanError) -> Error {
        self.error_at(e.mark, e.message)
    }

    fn peek(&mut self) -> Result<&Tok<'a>> {
        if let Err(e) = self.sc.fill() {
            return Err(self.scan_err(e));
        }
        match self.sc.front() {
            Some(t) => Ok(&t.tok),
            None => Err(self.error_at(self.sc.mark(), "unexpected end of token stream")),
        }
    }

    /// Between the entries of a flow collection (`what`: "sequence" or
    /// "mapping", closed by `close`): a `,` is required after the first.
    fn flow_separator(&mut self, f: &mut Frame, what: &str, close: char) -> Result<()> {
        if !f.first {
            if matches!(self.peek()?, Tok::FlowEntry) {
                self.next()?;
            } else {
                let m = self.peek_mark()?;
                return Err(self.error_at(
                    m,
                    format!("while parsing a flow {what}: did not find expected ',' or '{close}'"),
                ));
            }
        }
        f.first = false;
        Ok(())
    }

    fn peek_mark(&mut self) -> Result<Mark> {
        if let Err(e) = self.sc.fill() {
            return Err(self.scan_err(e));
        }
        match self.sc.front() {
            Some(t) => Ok(t.start),
            None => Err(self.error_at(self.sc.mark(), "unexpected end of token stream")),
        }
    }

    fn next(&mut self) -> Result<super::scanner::Token<'a>> {
        self.sc.next_token().map_err(|e| self.scan_err(e))
    }

    /// Parse the stream start and document prologue; `Ok(false)` at the end of
    /// the stream.
    fn document_start(&mut self, implicit_ok: bool) -> Result<bool> {
        if !implicit_ok {
            while matches!(self.peek()?, Tok::DocumentEnd) {
                self.next()?;
            }
        }
        match self.peek()? {
            Tok::StreamEnd => Ok(false),
            Tok::VersionDirective(..) | Tok::TagDirective(..) | Tok::DocumentStart => {
                self.tag_directives.clear();
                let mut seen_version = false;
                loop {
                    let t = self.next()?;
                    match t.tok {
                        Tok::VersionDirective(major, minor) => {
                            if seen_version {
                                return Err(
                                    self.error_at(t.start, "found duplicate %YAML directive")
                                );
                            }
                            seen_version = true;
                            if (major, minor) != (1, 1) {
                                return Err(
                                    self.error_at(t.start, "found incompatible YAML document")
                                );
                            }
                        }
                        Tok::TagDirective(h, p) => {
                            if self.tag_directives.iter().any(|(x, _)| *x == h) {
                                return Err(
                                    self.error_at(t.start, "found duplicate %TAG directive")
                                );
                            }
                            self.tag_directives.push((h, p));
                        }
                        Tok::DocumentStart => return Ok(true),
                        _ => {
                            return Err(
                                self.error_at(t.start, "did not find expected <document start>")
                            );
                        }
                    }
                }
            }
            _ if implicit_ok => Ok(true),
            _ => {
                let m = self.peek_mark()?;
                Err(self.error_at(m, "did not find expected <document start>"))
            }
        }
    }

    /// The document body after its start; consumes an explicit `...`.
    fn document_body(&mut self) -> Result<Value> {
        let v = match self.peek()? {
            Tok::VersionDirective(..)
            | Tok::TagDirective(..)
            | Tok::DocumentStart
            | Tok::DocumentEnd
            | Tok::StreamEnd => Value::Null,
            _ => {
                let m = self.peek_mark()?;
                let n = self.node(Req {
                    block: true,
                    indentless: false,
                    key: false,
                    root: true,
                })?;
                if n.invalid {
                    return Err(self.invalid_error(m, &n));
                }
                n.value
            }
        };
        if matches!(self.peek()?, Tok::DocumentEnd) {
            self.next()?;
        }
        Ok(v)
    }

    fn stream_start(&mut self) -> Result<()> {
        let t = self.next()?;
        if t.tok != Tok::StreamStart {
            return Err(self.error_at(t.start, "did not find expected <stream-start>"));
        }
        Ok(())
    }

    /// The first document of the stream, `None` if there is none.
    fn first_document(&mut self) -> Result<Option<Value>> {
        self.stream_start()?;
        if !self.document_start(true)? {
            return Ok(None);
        }
        Ok(Some(self.document_body()?))
    }

    fn all_documents(&mut self) -> Result<Vec<Value>> {
        self.stream_start()?;
        let mut out = Vec::new();
        let mut implicit = true;
        while self.document_start(implicit)? {
            implicit = false;
            self.anchors.clear();
            self.expanded = 0;
            out.push(self.document_body()?);
        }
        Ok(out)
    }

    fn invalid_error(&self, mark: Mark, n: &Node) -> Error {
        self.error_at(mark, n.value.as_str().unwrap_or("unsupported value"))
    }

    /// Resolve a tag token to its full form.
    fn full_tag(&self, handle: &str, suffix: &str, mark: Mark) -> Result<String> {
        if handle.is_empty() {
            return Ok(suffix.to_string());
        }
        if let Some((_, prefix)) = self.tag_directives.iter().find(|(h, _)| h == handle) {
            return Ok(format!("{prefix}{suffix}"));
        }
        match handle {
            "!" => Ok(format!("!{suffix}")),
            "!!" => Ok(format!("tag:yaml.org,2002:{suffix}")),
            _ => Err(self.error_at(mark, "found undefined tag handle")),
        }
    }

    /// Parse one node (and everything below it) without recursion: open
    /// collections live on an explicit stack, so hostile nesting can only hit
    /// [`ParseOptions::max_depth`], never the thread's stack.
    fn node(&mut self, first: Req) -> Result<Node> {
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        let r = self.node_with(first, &mut stack);
        stack.clear();
        self.stack = stack;
        r
    }

    fn node_with(&mut self, first: Req, stack: &mut Vec<Frame<'a>>) -> Result<Node> {
        let mut req = Some(first);
        loop {
            let mut done = None;
            if let Some(r) = req.take() {
                let anno = match stack.last() {
                    Some(f) if f.annotations != 0 && f.phase == Phase::Value => f.annotations,
                    _ => 0,
                };
                match self.begin(r, anno != 0)? {
                    Begin::Done(mut n) => {
                        if anno != 0 {
                            self.annotation_value(&mut n, anno, stack.last());
                        }
                        done = Some(n)
                    }
                    Begin::Open(f) => self.push_frame(stack, f)?,
                }
            }
            if let Some(n) = done {
                match stack.last_mut() {
                    None => return Ok(n),
                    Some(top) => self.deliver(top, n)?,
                }
            }
            let Some(top) = stack.last_mut() else {
                return Err(self.error_at(self.sc.mark(), "internal error: empty parser stack"));
            };
            match self.step(top)? {
                Step::Child(r) => req = Some(r),
                Step::Open(f) => self.push_frame(stack, f)?,
                Step::Finished => {
                    let Some(f) = stack.pop() else {
                        return Err(
                            self.error_at(self.sc.mark(), "internal error: empty parser stack")
                        );
                    };
                    if f.flow {
                        self.flow -= 1;
                    }
                    let n = self.close(f)?;
                    match stack.last_mut() {
                        None => return Ok(n),
                        Some(top) => self.deliver(top, n)?,
                    }
                }
            }
        }
    }

    /// A scalar value `n` of an annotations mapping (`anno`; `f` is its
    /// frame): a non-string scalar becomes the string of its source text
    /// (nulls stay null for patches), remembered as typed at the top level.
    fn annotation_value(&mut self, n: &mut Node, anno: u8, f: Option<&Frame<'a>>) {
        if !matches!(n.class, KeyClass::Null | KeyClass::Other) {
            return;
        }
        if n.class == KeyClass::Null && self.annotation_text == AnnotationText::Patch {
            return;
        }
        let Some(raw) = &n.raw else { return };
        n.value = Value::String(raw.clone());
        n.invalid = false;
        if anno == TOP_ANNOTATIONS {
            if let Some((k, _)) = f.and_then(|f| f.key.as_ref()) {
                let key = match &k.value {
                    Value::String(s) => s.clone(),
                    _ => k.raw.clone().unwrap_or_default(),
                };
                self.typed.push(key);
            }
        }
    }

    /// Which annotations mapping (if any) a frame about to be pushed on
    /// `stack` is: `metadata.annotations` of the document or of an item of
    /// its top-level `items`.
    fn annotations_frame(&self, stack: &[Frame<'a>], f: &Frame<'a>) -> u8 {
        if self.annotation_text == AnnotationText::Resolve
            || !matches!(f.kind, FrameKind::BlockMap(_) | FrameKind::FlowMap(_))
        {
            return 0;
        }
        let key_is = |f: &Frame<'a>, name: &str| {
            matches!(f.kind, FrameKind::BlockMap(_) | FrameKind::FlowMap(_))
                && f.phase == Phase::Value
                && matches!(&f.key, Some((k, _)) if k.class == KeyClass::Str && k.value.as_str() == Some(name))
        };
        match stack {
            [root, md] if key_is(root, "metadata") && key_is(md, "annotations") => TOP_ANNOTATIONS,
            [root, seq, item, md]
                if self.annotation_text == AnnotationText::List
                    && key_is(root, "items")
                    && matches!(
                        seq.kind,
                        FrameKind::BlockSeq(_) | FrameKind::Indentless(_) | FrameKind::FlowSeq(_)
                    )
                    && key_is(item, "metadata")
                    && key_is(md, "annotations") =>
            {
                ITEM_ANNOTATIONS
            }
            _ => 0,
        }
    }

    fn push_frame(&mut self, stack: &mut Vec<Frame<'a>>, mut f: Box<Frame<'a>>) -> Result<()> {
        f.annotations = self.annotations_frame(stack, &f);
        if stack.len() >= self.opts.max_depth {
            return Err(Error::Limit {
                path: self.path.to_path_buf(),
                message: format!(
                    "YAML nesting deeper than {} levels (line {})",
                    self.opts.max_depth,
                    f.start.line + 1 + self.line_offset
                ),
            });
        }
        if f.flow {
            self.flow += 1;
        }
        stack.push(*f);
        Ok(())
    }

    fn frame(&self, kind: FrameKind, start: Mark, attrs: Attrs<'a>, flow: bool) -> Frame<'a> {
        Frame {
            kind,
            phase: Phase::Key,
            key: None,
            key_mark: start,
            value_mark: start,
            lone_key: false,
            first: true,
            size: 1,
            start,
            anchor: attrs.0.map(|a| a.0),
            tag: attrs.1,
            flow,
            annotations: 0,
        }
    }

    fn map_builder(&self, root: bool) -> MapBuilder {
        MapBuilder {
            root,
            base: self.entries.len(),
            merges: None,
            non_string: None,
        }
    }

    /// Start a node: an alias or scalar is complete at once, a collection
    /// opens a frame.
    /// `anno`: the node is a value of an annotations mapping (keep the
    /// source text of a scalar).
    fn begin(&mut self, r: Req, anno: bool) -> Result<Begin<'a>> {
        let start = self.peek_mark()?;
        if let Tok::Alias(_) = self.peek()? {
            let t = self.next()?;
            let Tok::Alias(name) = t.tok else {
                return Err(self.error_at(t.start, "internal error: alias expected"));
            };
            return Ok(Begin::Done(self.alias(name, t.start)?));
        }
        let mut attrs: Attrs<'a> = (None, None);
        loop {
            match self.peek()? {
                Tok::Anchor(_) if attrs.0.is_none() => {
                    let t = self.next()?;
                    if let Tok::Anchor(name) = t.tok {
                        attrs.0 = Some((name, t.start));
                    }
                }
                Tok::Tag(..) if attrs.1.is_none() => {
                    let t = self.next()?;
                    if let Tok::Tag(h, s) = t.tok {
                        let full = self.full_tag(&h, &s, t.start)?;
                        attrs.1 = Some((full, t.start));
                    }
                }
                _ => break,
            }
        }
        let scalar = match self.peek()? {
            Tok::BlockEntry if r.indentless => {
                let f = self.frame(FrameKind::Indentless(self.items.len()), start, attrs, false);
                return Ok(Begin::Open(Box::new(f)));
            }
            Tok::Scalar(..) => {
                let t = self.next()?;
                let Tok::Scalar(v, style) = t.tok else {
                    return Err(self.error_at(t.start, "internal error: scalar expected"));
                };
                let tag = attrs.1.as_ref().map(|(t, _)| t.as_str());
                let keep_raw = r.key || anno || attrs.0.is_some();
                self.scalar(v, style, tag, r.key, keep_raw, t.start)?
            }
            Tok::FlowSequenceStart => {
                self.next()?;
                let kind = FrameKind::FlowSeq(self.items.len());
                return Ok(Begin::Open(Box::new(self.frame(kind, start, attrs, true))));
            }
            Tok::FlowMappingStart => {
                self.next()?;
                let kind = FrameKind::FlowMap(self.map_builder(r.root));
                return Ok(Begin::Open(Box::new(self.frame(kind, start, attrs, true))));
            }
            Tok::BlockSequenceStart if r.block => {
                self.next()?;
                let kind = FrameKind::BlockSeq(self.items.len());
                return Ok(Begin::Open(Box::new(self.frame(kind, start, attrs, false))));
            }
            Tok::BlockMappingStart if r.block => {
                self.next()?;
                let kind = FrameKind::BlockMap(self.map_builder(r.root));
                return Ok(Begin::Open(Box::new(self.frame(kind, start, attrs, false))));
            }
            _ if attrs.0.is_some() || attrs.1.is_some() => {
                let tag = attrs.1.as_ref().map(|(t, _)| t.as_str());
                self.scalar(
                    Cow::Borrowed(""),
                    ScalarStyle::Plain,
                    tag,
                    r.key,
                    true,
                    start,
                )?
            }
            _ => {
                let m = self.peek_mark()?;
                let ctx = if r.block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                return Err(self.error_at(m, format!("{ctx}: did not find expected node content")));
            }
        };
        if let Some((name, _)) = attrs.0 {
            self.anchors.insert(name, scalar.clone());
        }
        Ok(Begin::Done(scalar))
    }

    /// Hand a finished child node to the frame that asked for it.
    fn deliver(&mut self, f: &mut Frame<'a>, n: Node) -> Result<()> {
        match f.phase {
            Phase::Key => {
                f.key = Some((n, f.key_mark));
                f.phase = Phase::Value;
                Ok(())
            }
            Phase::Value => {
                self.check_value(&n, f.value_mark)?;
                f.size = f.size.saturating_add(n.size);
                match &mut f.kind {
                    FrameKind::BlockSeq(_) | FrameKind::Indentless(_) | FrameKind::FlowSeq(_) => {
                        self.items.push(n.value);
                        Ok(())
                    }
                    FrameKind::BlockMap(b) | FrameKind::FlowMap(b) | FrameKind::FlowPair(b) => {
                        let Some((k, km)) = f.key.take() else {
                            return Err(self.error_at(f.value_mark, "internal error: key expected"));
                        };
                        f.size = f.size.saturating_add(k.size);
                        b.add(self, k, km, n)?;
                        f.phase = if matches!(f.kind, FrameKind::FlowPair(_)) {
                            Phase::Done
                        } else {
                            Phase::Key
                        };
                        Ok(())
                    }
                }
            }
            Phase::Done => Err(self.error_at(f.start, "internal error: frame already complete")),
        }
    }

    /// Add a key with an empty value to the map of frame `f`.
    fn add_empty(&mut self, f: &mut Frame<'a>, key: Node, km: Mark, flow: bool) -> Result<()> {
        let mut v = if flow {
            Self::flow_empty()
        } else {
            Self::empty()
        };
        if f.annotations != 0 && self.annotation_text == AnnotationText::Patch {
            // A null: the patch deletes the annotation.
            v = Self::empty();
        } else if f.annotations != 0 {
            v.value = Value::String(String::new());
            if f.annotations == TOP_ANNOTATIONS {
                self.typed.push(match &key.value {
                    Value::String(s) => s.clone(),
                    _ => key.raw.clone().unwrap_or_default(),
                });
            }
        }
        f.size = f.size.saturating_add(key.size).saturating_add(1);
        match &mut f.kind {
            FrameKind::BlockMap(b) | FrameKind::FlowMap(b) | FrameKind::FlowPair(b) => {
                b.add(self, key, km, v)
            }
            _ => Err(self.error_at(km, "internal error: mapping expected")),
        }
    }

    fn push_item(&mut self, f: &mut Frame<'a>, n: Node) {
        f.size = f.size.saturating_add(n.size);
        self.items.push(n.value);
    }

    fn child(f: &mut Frame<'a>, phase: Phase, mark: Mark, r: Req) -> Step<'a> {
        f.phase = phase;
        if phase == Phase::Value {
            f.value_mark = mark;
        }
        Step::Child(r)
    }

    /// Advance frame `f` until it needs a child node or is complete.
    fn step(&mut self, f: &mut Frame<'a>) -> Result<Step<'a>> {
        const BLOCK_VALUE: Req = Req {
            block: true,
            indentless: false,
            key: false,
            root: false,
        };
        const MAP_KEY: Req = Req {
            block: true,
            indentless: true,
            key: true,
            root: false,
        };
        const MAP_VALUE: Req = Req {
            block: true,
            indentless: true,
            key: false,
            root: false,
        };
        const FLOW_KEY: Req = Req {
            block: false,
            indentless: false,
            key: true,
            root: false,
        };
        const FLOW_VALUE: Req = Req {
            block: false,
            indentless: false,
            key: false,
            root: false,
        };
        match f.kind {
            FrameKind::BlockSeq(_) => loop {
                match self.peek()? {
                    Tok::BlockEntry => {
                        self.next()?;
                        match self.peek()? {
                            Tok::BlockEntry | Tok::BlockEnd => self.push_item(f, Self::empty()),
                            _ => {
                                let m = self.peek_mark()?;
                                return Ok(Self::child(f, Phase::Value, m, BLOCK_VALUE));
                            }
                        }
                    }
                    Tok::BlockEnd => {
                        self.next()?;
                        return Ok(Step::Finished);
                    }
                    _ => {
                        let m = self.peek_mark()?;
                        return Err(self.error_at(
                            m,
                            "while parsing a block collection: did not find expected '-' indicator",
                        ));
                    }
                }
            },
            FrameKind::Indentless(_) => loop {
                match self.peek()? {
                    Tok::BlockEntry => {
                        self.next()?;
                        match self.peek()? {
                            Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd => {
                                self.push_item(f, Self::empty())
                            }
                            _ => {
                                let m = self.peek_mark()?;
                                return Ok(Self::child(f, Phase::Value, m, BLOCK_VALUE));
                            }
                        }
                    }
                    _ => return Ok(Step::Finished),
                }
            },
            FrameKind::BlockMap(_) => loop {
                if let Some((key, km)) = f.key.take() {
                    // Value of `key`.
                    if matches!(self.peek()?, Tok::Value) {
                        self.next()?;
                        if !matches!(self.peek()?, Tok::Key | Tok::Value | Tok::BlockEnd) {
                            f.key = Some((key, km));
                            let m = self.peek_mark()?;
                            return Ok(Self::child(f, Phase::Value, m, MAP_VALUE));
                        }
                    }
                    self.add_empty(f, key, km, false)?;
                    f.phase = Phase::Key;
                    continue;
                }
                match self.peek()? {
                    Tok::Key => {
                        let km = self.next()?.start;
                        if matches!(self.peek()?, Tok::Key | Tok::Value | Tok::BlockEnd) {
                            f.key = Some((Self::empty(), km));
                            f.phase = Phase::Value;
                        } else {
                            f.key_mark = km;
                            return Ok(Self::child(f, Phase::Key, km, MAP_KEY));
                        }
                    }
                    Tok::BlockEnd => {
                        self.next()?;
                        return Ok(Step::Finished);
                    }
                    _ => {
                        let m = self.peek_mark()?;
                        return Err(self.error_at(
                            m,
                            "while parsing a block mapping: did not find expected key",
                        ));
                    }
                }
            },
            FrameKind::FlowSeq(_) => {
                if !matches!(self.peek()?, Tok::FlowSequenceEnd) {
                    self.flow_separator(f, "sequence", ']')?;
                    match self.peek()? {
                        Tok::FlowSequenceEnd => {}
                        Tok::Key => {
                            // A single-pair mapping: `[a: b]`.
                            let km = self.next()?.start;
                            f.phase = Phase::Value;
                            f.value_mark = km;
                            let b = self.map_builder(false);
                            let pair = self.frame(FrameKind::FlowPair(b), km, (None, None), true);
                            return Ok(Step::Open(Box::new(pair)));
                        }
                        _ => {
                            let m = self.peek_mark()?;
                            return Ok(Self::child(f, Phase::Value, m, FLOW_VALUE));
                        }
                    }
                }
                self.next()?;
                Ok(Step::Finished)
            }
            FrameKind::FlowPair(_) => loop {
                match f.phase {
                    Phase::Key => {
                        if matches!(
                            self.peek()?,
                            Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd
                        ) {
                            f.key = Some((Self::flow_empty(), f.start));
                            f.phase = Phase::Value;
                        } else {
                            f.key_mark = f.start;
                            return Ok(Self::child(f, Phase::Key, f.start, FLOW_KEY));
                        }
                    }
                    Phase::Value => {
                        let Some((key, km)) = f.key.take() else {
                            return Err(self.error_at(f.start, "internal error: key expected"));
                        };
                        if matches!(self.peek()?, Tok::Value) {
                            self.next()?;
                            if !matches!(self.peek()?, Tok::FlowEntry | Tok::FlowSequenceEnd) {
                                f.key = Some((key, km));
                                let m = self.peek_mark()?;
                                return Ok(Self::child(f, Phase::Value, m, FLOW_VALUE));
                            }
                        }
                        self.add_empty(f, key, km, true)?;
                        f.phase = Phase::Done;
                    }
                    Phase::Done => return Ok(Step::Finished),
                }
            },
            FrameKind::FlowMap(_) => loop {
                if let Some((key, km)) = f.key.take() {
                    if f.lone_key {
                        // `{a, b}`: keys without values.
                        f.lone_key = false;
                        self.add_empty(f, key, km, true)?;
                        f.phase = Phase::Key;
                        continue;
                    }
                    if matches!(self.peek()?, Tok::Value) {
                        self.next()?;
                        if !matches!(self.peek()?, Tok::FlowEntry | Tok::FlowMappingEnd) {
                            f.key = Some((key, km));
                            let m = self.peek_mark()?;
                            return Ok(Self::child(f, Phase::Value, m, FLOW_VALUE));
                        }
                    }
                    self.add_empty(f, key, km, true)?;
                    f.phase = Phase::Key;
                    continue;
                }
                if !matches!(self.peek()?, Tok::FlowMappingEnd) {
                    self.flow_separator(f, "mapping", '}')?;
                    match self.peek()? {
                        Tok::FlowMappingEnd => {}
                        Tok::Key => {
                            let km = self.next()?.start;
                            if matches!(
                                self.peek()?,
                                Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd
                            ) {
                                f.key = Some((Self::flow_empty(), km));
                                f.phase = Phase::Value;
                                continue;
                            }
                            f.key_mark = km;
                            return Ok(Self::child(f, Phase::Key, km, FLOW_KEY));
                        }
                        _ => {
                            let km = self.peek_mark()?;
                            f.key_mark = km;
                            f.lone_key = true;
                            return Ok(Self::child(f, Phase::Key, km, FLOW_KEY));
                        }
                    }
                }
                self.next()?;
                return Ok(Step::Finished);
            },
        }
    }

    /// Turn a complete frame into its node; apply its tag and anchor.
    fn close(&mut self, f: Frame<'a>) -> Result<Node> {
        let n = match f.kind {
            FrameKind::BlockSeq(base) | FrameKind::Indentless(base) | FrameKind::FlowSeq(base) => {
                let items: Vec<Value> = self.items.drain(base.min(self.items.len())..).collect();
                Self::collection(Value::Array(items), f.size)
            }
            FrameKind::BlockMap(b) | FrameKind::FlowMap(b) | FrameKind::FlowPair(b) => {
                let mut n = b.finish(self)?;
                n.size = f.size;
                n
            }
        };
        let n = match &f.tag {
            Some((t, m)) => self.apply_collection_tag(n, Some(t), *m)?,
            None => n,
        };
        if let Some(name) = f.anchor {
            self.anchors.insert(name, n.clone());
        }
        Ok(n)
    }

    /// Explicit tags on collections: `!!map`/`!!seq` must match, `!!str` etc.
    /// on a collection is an error in go-yaml, custom tags are ignored.
    fn apply_collection_tag(&self, n: Node, tag: Option<&str>, mark: Mark) -> Result<Node> {
        if n.class != KeyClass::Collection {
            return Ok(n);
        }
        let Some(tag) = tag else { return Ok(n) };
        let short = resolve::short_tag(tag);
        let is_map = n.value.is_object();
        match short.as_ref() {
            "!!map" if !is_map => Err(self.error_at(mark, "cannot decode !!seq as a !!map")),
            "!!seq" if is_map => Err(self.error_at(mark, "cannot decode !!map as a !!seq")),
            "!!str" | "!!int" | "!!float" | "!!bool" | "!!null" | "!!timestamp" | "!!binary" => {
                let kind = if is_map { "!!map" } else { "!!seq" };
                Err(self.error_at(mark, format!("cannot unmarshal {kind} as {short}")))
            }
            _ => Ok(n),
        }
    }

    fn alias(&mut self, name: &'a str, mark: Mark) -> Result<Node> {
        let Some(n) = self.anchors.get(name) else {
            return Err(self.error_at(mark, format!("unknown anchor '{name}' referenced")));
        };
        self.expanded = self.expanded.saturating_add(n.size);
        if self.expanded > self.opts.max_alias_expansion {
            return Err(Error::Limit {
                path: self.path.to_path_buf(),
                message: format!(
                    "YAML aliases expand to more than {} nodes (line {})",
                    self.opts.max_alias_expansion,
                    mark.line + 1 + self.line_offset
                ),
            });
        }
        Ok(n.clone())
    }

    fn scalar(
        &mut self,
        v: Cow<'a, str>,
        style: ScalarStyle,
        tag: Option<&str>,
        is_key: bool,
        keep_raw: bool,
        mark: Mark,
    ) -> Result<Node> {
        let tag = tag.filter(|t| *t != "!");
        if tag.is_none() && v.is_empty() && style == ScalarStyle::Plain && self.flow > 0 {
            return Ok(Self::flow_empty());
        }
        // Source text of non-string scalars, kept only where a key or an
        // anchor may need it.
        let mut raw = None;
        let (kind, value, class) = match tag {
            None if style == ScalarStyle::Plain => {
                let (kind, value) = if self.yaml11 {
                    resolve::resolve_plain_yaml11(&v)
                } else {
                    resolve::resolve_plain(&v)
                };
                if self.yaml11 && is_key && kind != Kind::Merge {
                    let text = resolve::yaml11_key_text(kind, &value, &v)
                        .map_err(|e| self.error_at(mark, e))?;
                    return Ok(Node {
                        value: Value::String(text),
                        class: KeyClass::Str,
                        raw: None,
                        size: 1,
                        invalid: false,
                    });
                }
                let class = match kind {
                    Kind::Str => KeyClass::Str,
                    Kind::Merge => KeyClass::Merge,
                    Kind::Null => KeyClass::Null,
                    _ => KeyClass::Other,
                };
                if keep_raw && class != KeyClass::Str {
                    raw = Some(v.into_owned());
                }
                (kind, value, class)
            }
            None => {
                let text = if style == ScalarStyle::Folded && !is_key {
                    match super::scanner::folded_round_trip(&v) {
                        Some(t) => t,
                        None => v.into_owned(),
                    }
                } else {
                    v.into_owned()
                };
                (Kind::Str, Value::String(text), KeyClass::Str)
            }
            Some(t) => {
                let short = resolve::short_tag(t);
                match short.as_ref() {
                    "!!str" => (Kind::Str, Value::String(v.into_owned()), KeyClass::Str),
                    "!!merge" => (Kind::Str, Value::String(v.into_owned()), KeyClass::Merge),
                    "!!binary" => match resolve::decode_binary(&v) {
                        Ok(s) => (Kind::Str, Value::String(s), KeyClass::Binary),
                        Err(e) => return Err(self.error_at(mark, e)),
                    },
                    "!!null" | "!!bool" | "!!int" | "!!float" | "!!timestamp" => {
                        let resolved = if self.yaml11 {
                            resolve::resolve_tagged_yaml11(&short, &v)
                        } else {
                            resolve::resolve_tagged(&short, &v)
                        };
                        match resolved {
                            Ok((kind, value)) => {
                                let class = if kind == Kind::Null {
                                    KeyClass::Null
                                } else {
                                    KeyClass::Other
                                };
                                if keep_raw {
                                    raw = Some(v.into_owned());
                                }
                                (kind, value, class)
                            }
                            Err(e) => return Err(self.error_at(mark, e)),
                        }
                    }
                    _ => {
                        if keep_raw {
                            raw = Some(v.to_string());
                        }
                        (Kind::Str, Value::String(v.into_owned()), KeyClass::Other)
                    }
                }
            }
        };
        let invalid = matches!(kind, Kind::Unrepresentable(_));
        Ok(Node {
            value,
            class,
            raw,
            size: 1,
            invalid,
        })
    }

    fn collection(value: Value, size: usize) -> Node {
        Node {
            value,
            class: KeyClass::Collection,
            raw: None,
            size,
            invalid: false,
        }
    }

    /// A value node (sequence item or mapping value): NaN/Inf are errors.
    fn check_value(&self, n: &Node, mark: Mark) -> Result<()> {
        if n.invalid {
            return Err(self.invalid_error(mark, n));
        }
        Ok(())
    }

    /// An empty node inside a flow collection: Kustomize re-encodes it as
    /// `''`, so it comes back as an empty string.
    fn flow_empty() -> Node {
        Node {
            value: Value::String(String::new()),
            class: KeyClass::Str,
            raw: Some(String::new()),
            size: 1,
            invalid: false,
        }
    }

    fn empty() -> Node {
        Node {
            value: Value::Null,
            class: KeyClass::Null,
            raw: Some(String::new()),
            size: 1,
            invalid: false,
        }
    }
}

/// Builds a mapping: duplicate keys, non-string keys and merge keys handled as
/// Kustomize does (kyaml de-anchoring, then go-yaml decoding into
/// `map[string]interface{}` for the top node and `interface{}` below).
struct MapBuilder {
    root: bool,
    /// Where this map's entries start in `Composer::entries` (and the marks
    /// of their keys in `Composer::key_marks`); nested maps push and drain
    /// above this index.
    base: usize,
    merges: Option<(Value, Mark)>,
    non_string: Option<Mark>,
}

impl MapBuilder {
    fn add(&mut self, c: &mut Composer, key: Node, mark: Mark, value: Node) -> Result<()> {
        let kstr: String = match key.class {
            KeyClass::Merge => {
                if self.merges.is_some() {
                    return Err(c.error_at(mark, "duplicate merge key"));
                }
                self.merges = Some((value.value, mark));
                return Ok(());
            }
            KeyClass::Str => match key.value {
                Value::String(s) => s,
                other => other.to_string(),
            },
            KeyClass::Binary => {
                if self.non_string.is_none() {
                    self.non_string = Some(mark);
                }
                match key.value {
                    Value::String(s) => s,
                    other => other.to_string(),
                }
            }
            KeyClass::Null => {
                let raw = key.raw.unwrap_or_default();
                return Err(c.error_at(
                    mark,
                    format!(
                        "mapping key {:?} already defined (null keys are not supported)",
                        raw
                    ),
                ));
            }
            KeyClass::Other => {
                if self.non_string.is_none() {
                    self.non_string = Some(mark);
                }
                key.raw.unwrap_or_default()
            }
            KeyClass::Collection => {
                let kind = if key.value.is_object() {
                    "!!map"
                } else {
                    "!!seq"
                };
                return Err(c.error_at(mark, format!("cannot unmarshal {kind} into string")));
            }
        };
        if kstr == "<<" && !c.yaml11 {
            // A quoted or `!!str` `<<` key: Kustomize's re-encoding turns it
            // into a merge key that go-yaml then drops (kubectl: no key, no merge).
            // go-yaml v2 reading text (YAML 1.1 mode) keeps it as a key.
            return Ok(());
        }
        c.entries.push((kstr, value.value));
        c.key_marks.push(mark);
        Ok(())
    }

    fn finish(mut self, c: &mut Composer) -> Result<Node> {
        let base = self.base.min(c.entries.len());
        let mut map = Map::with_capacity(c.entries.len() - base);
        let mut dup = None;
        for (i, (k, v)) in c.entries.drain(base..).enumerate() {
            match map.entry(k) {
                serde_json::map::Entry::Vacant(e) => {
                    e.insert(v);
                }
                serde_json::map::Entry::Occupied(mut e) => {
                    if c.duplicates_last_wins {
                        e.insert(v);
                    } else if dup.is_none() {
                        dup = Some((e.key().clone(), i));
                    }
                }
            }
        }
        let dup = dup.map(|(k, i)| {
            let first = map_position(&map, &k);
            (k, first, i)
        });
        let marks_base = base.min(c.key_marks.len());
        if let Some((key, first, second)) = dup {
            let m1 = c
                .key_marks
                .get(marks_base + first)
                .copied()
                .unwrap_or_default();
            let m2 = c
                .key_marks
                .get(marks_base + second)
                .copied()
                .unwrap_or_default();
            return Err(c.error_at(
                m2,
                format!(
                    "mapping key {key:?} already defined at line {}",
                    m1.line + 1 + c.line_offset
                ),
            ));
        }
        c.key_marks.truncate(marks_base);
        if let Some(m) = self.non_string {
            if !self.root {
                return Err(c.error_at(
                    m,
                    "mapping with a non-string key (json: unsupported type: map[interface {}]interface {})",
                ));
            }
        }
        if let Some((v, m)) = self.merges.take() {
            let sources: Vec<Map> = match v {
                Value::Object(o) => vec![o],
                Value::Array(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for it in items {
                        match it {
                            Value::Object(o) => out.push(o),
                            Value::Array(_) => {
                                return Err(
                                    c.error_at(m, "invalid map merge: received a nested sequence")
                                );
                            }
                            _ => {
                                return Err(c.error_at(
                                    m,
                                    "map merge requires map or sequence of maps as the value",
                                ));
                            }
                        }
                    }
                    out
                }
                _ => {
                    return Err(
                        c.error_at(m, "map merge requires map or sequence of maps as the value")
                    );
                }
            };
            for src in sources {
                for (k, v) in src {
                    if let serde_json::map::Entry::Vacant(e) = map.entry(k) {
                        e.insert(v);
                    }
                }
            }
        }
        Ok(Composer::collection(Value::Object(map), 1))
    }
}

/// Index of `key` in `map` (insertion order).
fn map_position(map: &Map, key: &str) -> usize {
    map.keys().position(|k| k == key).unwrap_or(0)
}

mod fast;
#[cfg(test)]
mod tests;
