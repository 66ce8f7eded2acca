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
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_depth: 256,
            max_alias_expansion: 1_000_000,
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
    let norm: Cow<str> = if src.contains("\r\n") {
        Cow::Owned(src.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(src)
    };
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
    for (line_offset, piece) in split_documents(s, path)? {
        let mut c = Composer::new(piece, path, opts, line_offset);
        // A piece without any document (only comments) yields nothing.
        if let Some(v) = c.first_document()? {
            out.push(v);
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

/// Parse a kustomization file as Kustomize does (sigs.k8s.io/yaml): only the
/// first document of the stream counts (`Value::Null` when there is none),
/// and a repeated mapping key replaces the earlier value instead of being an
/// error. Scalars resolve as in [`parse_documents`].
///
/// ```
/// use rustomize::yaml::{parse_kustomization, ParseOptions};
/// let v = parse_kustomization("namePrefix: a-\nnamePrefix: b-\n---\nx: 1\n",
///     "kustomization.yaml".as_ref(), &ParseOptions::default()).unwrap();
/// assert_eq!(v, serde_json::json!({"namePrefix": "b-"}));
/// ```
pub fn parse_kustomization(src: &str, path: &Path, opts: &ParseOptions) -> Result<Value> {
    let norm = src.replace("\r\n", "\n");
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
fn split_documents<'s>(s: &'s str, path: &Path) -> Result<Vec<(usize, &'s str)>> {
    let mut out = Vec::new();
    if s.is_empty() {
        return Ok(out);
    }
    let b = s.as_bytes();
    let mut prev = 0;
    let mut prev_line = 0;
    let mut line = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\n' {
            i += 1;
            continue;
        }
        // b[i] is a newline that ends line `line`.
        if b.get(i + 1..i + 4) == Some(b"---") {
            // Find the end of the separator line.
            let sep_start = i + 4;
            if let Some(rel) = b[sep_start..].iter().position(|&c| c == b'\n') {
                let sep_end = sep_start + rel;
                let rest = s[sep_start..sep_end].trim();
                if !rest.is_empty() && !rest.starts_with('#') {
                    return Err(Error::Yaml {
                        path: path.to_path_buf(),
                        line: line + 2,
                        column: 1,
                        message: format!(
                            "invalid document separator: {}",
                            s[i + 1..sep_end].trim()
                        ),
                    });
                }
                out.push((prev_line, &s[prev..=i]));
                prev = sep_end + 1;
                line += 2;
                prev_line = line;
                i = sep_end + 1;
                continue;
            }
        }
        line += 1;
        i += 1;
    }
    out.push((prev_line, &s[prev..]));
    Ok(out)
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
    depth: usize,
    /// Number of flow collections around the current node.
    flow: usize,
    tag_directives: Vec<(String, String)>,
    /// A repeated mapping key replaces the earlier value instead of being an
    /// error (kustomization files: sigs.k8s.io/yaml, go-yaml v2 semantics).
    duplicates_last_wins: bool,
}

type Attrs<'a> = (Option<(&'a str, Mark)>, Option<(String, Mark)>);

impl<'a, 'p> Composer<'a, 'p> {
    fn new(src: &'a str, path: &'p Path, opts: &'p ParseOptions, line_offset: usize) -> Self {
        Composer {
            sc: Scanner::new(src),
            duplicates_last_wins: false,
            path,
            opts,
            line_offset,
            anchors: HashMap::new(),
            expanded: 0,
            depth: 0,
            flow: 0,
            tag_directives: Vec::new(),
        }
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
                let n = self.node(true, false, false, true)?;
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

    /// Parse one node. `block`: block collections allowed; `indentless`: a
    /// `- ` sequence at the parent's indentation allowed (mapping values);
    /// `key`: the node is a mapping key (keep its source text); `root`: the
    /// document's top node.
    fn node(&mut self, block: bool, indentless: bool, key: bool, root: bool) -> Result<Node> {
        let start = self.peek_mark()?;
        if let Tok::Alias(_) = self.peek()? {
            let t = self.next()?;
            let Tok::Alias(name) = t.tok else {
                return Err(self.error_at(t.start, "internal error: alias expected"));
            };
            return self.alias(name, t.start);
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
        let tag = attrs.1.as_ref().map(|(t, _)| t.as_str());
        let n = match self.peek()? {
            Tok::BlockEntry if indentless => {
                self.with_depth(start, |c| c.indentless_sequence(root))?
            }
            Tok::Scalar(..) => {
                let t = self.next()?;
                let Tok::Scalar(v, style) = t.tok else {
                    return Err(self.error_at(t.start, "internal error: scalar expected"));
                };
                self.scalar(v, style, tag, key || attrs.0.is_some(), t.start)?
            }
            Tok::FlowSequenceStart => {
                self.flow += 1;
                let r = self.with_depth(start, |c| c.flow_sequence(root));
                self.flow -= 1;
                r?
            }
            Tok::FlowMappingStart => {
                self.flow += 1;
                let r = self.with_depth(start, |c| c.flow_mapping(root));
                self.flow -= 1;
                r?
            }
            Tok::BlockSequenceStart if block => {
                self.with_depth(start, |c| c.block_sequence(root))?
            }
            Tok::BlockMappingStart if block => self.with_depth(start, |c| c.block_mapping(root))?,
            _ if attrs.0.is_some() || attrs.1.is_some() => {
                self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, tag, true, start)?
            }
            _ => {
                let m = self.peek_mark()?;
                let ctx = if block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                return Err(self.error_at(m, format!("{ctx}: did not find expected node content")));
            }
        };
        let n = self.apply_collection_tag(n, tag, start)?;
        if let Some((name, _)) = attrs.0 {
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

    fn with_depth(
        &mut self,
        mark: Mark,
        f: impl FnOnce(&mut Self) -> Result<Node>,
    ) -> Result<Node> {
        if self.depth >= self.opts.max_depth {
            return Err(Error::Limit {
                path: self.path.to_path_buf(),
                message: format!(
                    "YAML nesting deeper than {} levels (line {})",
                    self.opts.max_depth,
                    mark.line + 1 + self.line_offset
                ),
            });
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
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
        keep_raw: bool,
        mark: Mark,
    ) -> Result<Node> {
        let tag = tag.filter(|t| *t != "!");
        if tag.is_none() && v.is_empty() && style == ScalarStyle::Plain && self.flow > 0 {
            return Ok(Self::flow_empty());
        }
        let raw = if keep_raw { Some(v.to_string()) } else { None };
        let (kind, value, class) = match tag {
            None if style == ScalarStyle::Plain => {
                let (kind, value) = resolve::resolve_plain(&v);
                let class = match kind {
                    Kind::Str => KeyClass::Str,
                    Kind::Merge => KeyClass::Merge,
                    Kind::Null => KeyClass::Null,
                    _ => KeyClass::Other,
                };
                (kind, value, class)
            }
            None => {
                let text = if style == ScalarStyle::Folded && !keep_raw {
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
                        match resolve::resolve_tagged(&short, &v) {
                            Ok((kind, value)) => {
                                let class = if kind == Kind::Null {
                                    KeyClass::Null
                                } else {
                                    KeyClass::Other
                                };
                                (kind, value, class)
                            }
                            Err(e) => return Err(self.error_at(mark, e)),
                        }
                    }
                    _ => (Kind::Str, Value::String(v.into_owned()), KeyClass::Other),
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

    fn block_sequence(&mut self, _root: bool) -> Result<Node> {
        let start = self.next()?.start; // BlockSequenceStart
        let mut items = Vec::new();
        let mut size = 1;
        loop {
            match self.peek()? {
                Tok::BlockEntry => {
                    let t = self.next()?;
                    let n = match self.peek()? {
                        Tok::BlockEntry | Tok::BlockEnd => Self::empty(),
                        _ => {
                            let m = self.peek_mark()?;
                            let n = self.node(true, false, false, false)?;
                            self.check_value(&n, m)?;
                            n
                        }
                    };
                    let _ = t;
                    size += n.size;
                    items.push(n.value);
                }
                Tok::BlockEnd => {
                    self.next()?;
                    break;
                }
                _ => {
                    let m = self.peek_mark()?;
                    let _ = start;
                    return Err(self.error_at(
                        m,
                        "while parsing a block collection: did not find expected '-' indicator",
                    ));
                }
            }
        }
        Ok(Self::collection(Value::Array(items), size))
    }

    fn indentless_sequence(&mut self, _root: bool) -> Result<Node> {
        let mut items = Vec::new();
        let mut size = 1;
        while let Tok::BlockEntry = self.peek()? {
            self.next()?;
            let n = match self.peek()? {
                Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd => Self::empty(),
                _ => {
                    let m = self.peek_mark()?;
                    let n = self.node(true, false, false, false)?;
                    self.check_value(&n, m)?;
                    n
                }
            };
            size += n.size;
            items.push(n.value);
        }
        Ok(Self::collection(Value::Array(items), size))
    }

    fn block_mapping(&mut self, root: bool) -> Result<Node> {
        let start = self.next()?.start; // BlockMappingStart
        let mut b = MapBuilder::new(root);
        loop {
            match self.peek()? {
                Tok::Key => {
                    let kt = self.next()?;
                    let key = match self.peek()? {
                        Tok::Key | Tok::Value | Tok::BlockEnd => Self::empty(),
                        _ => self.node(true, true, true, false)?,
                    };
                    let key_mark = kt.start;
                    let (value, vmark) = match self.peek()? {
                        Tok::Value => {
                            let vt = self.next()?;
                            match self.peek()? {
                                Tok::Key | Tok::Value | Tok::BlockEnd => (Self::empty(), vt.start),
                                _ => {
                                    let m = self.peek_mark()?;
                                    (self.node(true, true, false, false)?, m)
                                }
                            }
                        }
                        _ => (Self::empty(), key_mark),
                    };
                    self.check_value(&value, vmark)?;
                    b.add(self, key, key_mark, value)?;
                }
                Tok::BlockEnd => {
                    self.next()?;
                    break;
                }
                _ => {
                    let m = self.peek_mark()?;
                    let _ = start;
                    return Err(self.error_at(
                        m,
                        "while parsing a block mapping: did not find expected key",
                    ));
                }
            }
        }
        b.finish(self, start)
    }

    fn flow_sequence(&mut self, _root: bool) -> Result<Node> {
        let start = self.next()?.start; // FlowSequenceStart
        let mut items = Vec::new();
        let mut size = 1;
        let mut first = true;
        loop {
            if !matches!(self.peek()?, Tok::FlowSequenceEnd) {
                if !first {
                    if matches!(self.peek()?, Tok::FlowEntry) {
                        self.next()?;
                    } else {
                        let m = self.peek_mark()?;
                        return Err(self.error_at(
                            m,
                            "while parsing a flow sequence: did not find expected ',' or ']'",
                        ));
                    }
                }
                first = false;
                match self.peek()? {
                    Tok::FlowSequenceEnd => {}
                    Tok::Key => {
                        // A single-pair mapping: `[a: b]`.
                        let kt = self.next()?;
                        let n = self.with_depth(kt.start, |c| c.flow_pair(kt.start))?;
                        size += n.size;
                        items.push(n.value);
                        continue;
                    }
                    _ => {
                        let m = self.peek_mark()?;
                        let n = self.node(false, false, false, false)?;
                        self.check_value(&n, m)?;
                        size += n.size;
                        items.push(n.value);
                        continue;
                    }
                }
            }
            self.next()?; // FlowSequenceEnd
            break;
        }
        let _ = start;
        Ok(Self::collection(Value::Array(items), size))
    }

    /// The mapping of a `key: value` pair inside a flow sequence (after its Key token).
    fn flow_pair(&mut self, mark: Mark) -> Result<Node> {
        let key = match self.peek()? {
            Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd => Self::flow_empty(),
            _ => self.node(false, false, true, false)?,
        };
        let (value, vmark) = match self.peek()? {
            Tok::Value => {
                let vt = self.next()?;
                match self.peek()? {
                    Tok::FlowEntry | Tok::FlowSequenceEnd => (Self::flow_empty(), vt.start),
                    _ => {
                        let m = self.peek_mark()?;
                        (self.node(false, false, false, false)?, m)
                    }
                }
            }
            _ => (Self::flow_empty(), mark),
        };
        self.check_value(&value, vmark)?;
        let mut b = MapBuilder::new(false);
        b.add(self, key, mark, value)?;
        b.finish(self, mark)
    }

    fn flow_mapping(&mut self, root: bool) -> Result<Node> {
        let start = self.next()?.start; // FlowMappingStart
        let mut b = MapBuilder::new(root);
        let mut first = true;
        loop {
            if !matches!(self.peek()?, Tok::FlowMappingEnd) {
                if !first {
                    if matches!(self.peek()?, Tok::FlowEntry) {
                        self.next()?;
                    } else {
                        let m = self.peek_mark()?;
                        return Err(self.error_at(
                            m,
                            "while parsing a flow mapping: did not find expected ',' or '}'",
                        ));
                    }
                }
                first = false;
                match self.peek()? {
                    Tok::FlowMappingEnd => {}
                    Tok::Key => {
                        let kt = self.next()?;
                        let key = match self.peek()? {
                            Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd => Self::flow_empty(),
                            _ => self.node(false, false, true, false)?,
                        };
                        let (value, vmark) = match self.peek()? {
                            Tok::Value => {
                                let vt = self.next()?;
                                match self.peek()? {
                                    Tok::FlowEntry | Tok::FlowMappingEnd => {
                                        (Self::flow_empty(), vt.start)
                                    }
                                    _ => {
                                        let m = self.peek_mark()?;
                                        (self.node(false, false, false, false)?, m)
                                    }
                                }
                            }
                            _ => (Self::flow_empty(), kt.start),
                        };
                        self.check_value(&value, vmark)?;
                        b.add(self, key, kt.start, value)?;
                        continue;
                    }
                    _ => {
                        // A key without value: `{a, b}`.
                        let m = self.peek_mark()?;
                        let key = self.node(false, false, true, false)?;
                        b.add(self, key, m, Self::flow_empty())?;
                        continue;
                    }
                }
            }
            self.next()?; // FlowMappingEnd
            break;
        }
        b.finish(self, start)
    }
}

/// Builds a mapping: duplicate keys, non-string keys and merge keys handled as
/// Kustomize does (kyaml de-anchoring, then go-yaml decoding into
/// `map[string]interface{}` for the top node and `interface{}` below).
struct MapBuilder {
    root: bool,
    map: Map,
    /// Line of each key, in insertion order (for duplicate-key messages).
    lines: Vec<usize>,
    merges: Option<(Value, Mark)>,
    non_string: Option<Mark>,
    size: usize,
}

impl MapBuilder {
    fn new(root: bool) -> Self {
        MapBuilder {
            root,
            map: Map::new(),
            lines: Vec::new(),
            merges: None,
            non_string: None,
            size: 1,
        }
    }

    fn add(&mut self, c: &Composer, key: Node, mark: Mark, value: Node) -> Result<()> {
        self.size = self
            .size
            .saturating_add(key.size)
            .saturating_add(value.size);
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
        let line = mark.line + 1 + c.line_offset;
        if self.map.contains_key(&kstr) {
            if c.duplicates_last_wins {
                self.map.insert(kstr, value.value);
                return Ok(());
            }
            let idx = self.map.keys().position(|k| *k == kstr).unwrap_or(0);
            let first = self.lines.get(idx).copied().unwrap_or(line);
            return Err(c.error_at(
                mark,
                format!("mapping key {kstr:?} already defined at line {first}"),
            ));
        }
        self.map.insert(kstr, value.value);
        self.lines.push(line);
        Ok(())
    }

    fn finish(mut self, c: &Composer, start: Mark) -> Result<Node> {
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
                    if !self.map.contains_key(&k) {
                        self.map.insert(k, v);
                    }
                }
            }
        }
        let _ = start;
        Ok(Composer::collection(Value::Object(self.map), self.size))
    }
}

#[cfg(test)]
mod tests;
