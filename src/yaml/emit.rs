//! [`Value`] → YAML exactly as Kustomize prints it.
//!
//! Kustomize prints every resource by marshalling it to JSON and converting
//! that JSON to YAML with go-yaml v2 (`sigs.k8s.io/yaml.JSONToYAML`). This
//! module reproduces the result of that round trip directly from a [`Value`]:
//!
//! * keys in go-yaml v2's "natural" order (digit runs compare numerically,
//!   see the `sort` submodule);
//! * numbers as Go's `encoding/json` would print them and go-yaml v2 would
//!   read them back (`1.0` → `1`, `1234567.5` → `1.2345675e+06`);
//! * strings quoted exactly when go-yaml v2 would quote them (YAML 1.1
//!   booleans, numbers, timestamps, indicators ...), with libyaml's choice
//!   between plain, single-quoted, double-quoted and literal styles and its
//!   folding at 80 columns (see the `scalar` submodule).
//!
//! The emitter is a port of the subset of libyaml's emitter state machine that
//! such output exercises: block mappings and sequences, `{}`/`[]` for empty
//! collections, scalars.

use super::scalar::{self, Analysis, Style};
use super::sort::sort_entries;
use crate::error::{Error, Result};
use crate::resmap::ResMap;
use crate::resource::{Map, Resource, Value};

/// Preferred line width (libyaml's `best_width`).
const BEST_WIDTH: usize = 80;
/// Indentation step (libyaml's `best_indent`).
const BEST_INDENT: i32 = 2;
/// Longest key (in bytes) written as a simple `key: value` pair.
const MAX_SIMPLE_KEY: usize = 128;

/// Append one document (no `---` separator) to `out`, as go-yaml v2 marshals
/// it (always ends with a newline).
///
/// ```
/// use rustomize::yaml::emit_document;
/// let v = serde_json::json!({"b": [1, "yes"], "a": {"x10": "", "x9": null}});
/// let mut out = String::new();
/// emit_document(&v, &mut out);
/// assert_eq!(out, "a:\n  x9: null\n  x10: \"\"\nb:\n- 1\n- \"yes\"\n");
/// ```
pub fn emit_document(v: &Value, out: &mut String) {
    let mut e = Emitter::new(out);
    e.node(v, false);
    e.document_end();
}

/// Append one mapping as a document (what [`emit_document`] does for a
/// `Value::Object`, without needing one).
pub fn emit_map_document(m: &Map, out: &mut String) {
    let mut e = Emitter::new(out);
    if m.is_empty() {
        e.write_indicator("{", true, true, false);
        e.write_indicator("}", false, false, false);
    } else {
        e.block_mapping(m);
    }
    e.document_end();
}

/// All resources, separated by `---` lines, as `kustomize build` prints them.
///
/// Strings holding characters Kustomize cannot print (see
/// [`try_emit_resmap`]) are emitted anyway.
pub fn emit_resmap(rm: &ResMap) -> String {
    let mut out = String::new();
    for (i, r) in rm.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        emit_map_document(&r.obj, &mut out);
    }
    out
}

/// [`emit_resmap`], failing where Kustomize fails to print: its JSON to YAML
/// conversion re-reads Go's JSON encoding with go-yaml v2, which refuses
///
/// * strings holding U+007F to U+009F (except U+0085), U+FFFE or U+FFFF,
///   which the JSON encoding leaves raw ("control characters are not
///   allowed");
/// * keys holding a NEL (U+0085, left raw, a line break to YAML: a flow key
///   cannot span lines) or longer than 1022 characters once JSON-escaped (a
///   flow key must end within 1024 characters): "did not find expected ','
///   or '}'".
pub fn try_emit_resmap(rm: &ResMap) -> Result<String> {
    let mut out = String::with_capacity(rm.len() * 512);
    for (i, r) in rm.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        emit_resource(r, &mut out)?;
    }
    Ok(out)
}

/// [`try_emit_resmap`] consuming the map, on up to `threads` threads (0:
/// one per core): the text and the error are the same. The calling thread
/// emits the first part and frees each of its resources as soon as it is
/// printed, while it is still in cache; other threads print the rest, which
/// is freed at the end. For callers done with the resources, such as
/// [`Kustomizer::build_to_string`](crate::Kustomizer::build_to_string).
///
/// ```
/// use rustomize::{fs::MemFs, Kustomizer};
/// use rustomize::yaml::{try_emit_resmap, try_emit_resmap_owned};
/// let mut fs = MemFs::new();
/// fs.add("/app/kustomization.yaml", "resources:\n- cm.yaml\n");
/// fs.add("/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
/// let rm = Kustomizer::new(fs).build("/app").unwrap();
/// let text = try_emit_resmap(&rm).unwrap();
/// assert_eq!(try_emit_resmap_owned(rm, 2).unwrap(), text);
/// ```
pub fn try_emit_resmap_owned(rm: ResMap, threads: usize) -> Result<String> {
    let mut docs = rm.into_vec();
    let size = part_size(docs.len(), threads);
    // The other threads' parts, printed from borrowed resources.
    let rest = docs.split_off(size.min(docs.len()));
    let emit_part = |part: &[Resource]| {
        let mut out = String::with_capacity(part.len() * 1024);
        part.iter().try_for_each(|r| {
            out.push_str("---\n");
            emit_resource(r, &mut out)
        })?;
        Ok(out)
    };
    let emit_head = || {
        let mut out = String::with_capacity(docs.len() * 1024);
        for (i, r) in docs.into_iter().enumerate() {
            if i > 0 {
                out.push_str("---\n");
            }
            emit_resource(&r, &mut out)?;
            // Freed now, while in cache.
            drop(r);
        }
        Ok(out)
    };
    let (head, parts) =
        crate::parallel::others_on_threads(rest.chunks(size).collect(), &emit_part, emit_head);
    drop(rest);
    let mut out = head?;
    for part in parts {
        out.push_str(&part?);
    }
    Ok(out)
}

/// Append one resource's document to `out`; an error where Kustomize
/// cannot print it (see [`try_emit_resmap`]).
fn emit_resource(r: &Resource, out: &mut String) -> Result<()> {
    let mut e = Emitter::new(out);
    if r.obj.is_empty() {
        e.write_indicator("{", true, true, false);
        e.write_indicator("}", false, false, false);
    } else {
        e.block_mapping(&r.obj);
    }
    e.document_end();
    match e.problem {
        None => Ok(()),
        Some(problem) => Err(Error::invalid(
            r.source.as_deref().unwrap_or(""),
            format!("{}: yaml: {problem}", r.id()),
        )),
    }
}

/// Succeeds exactly when [`try_emit_resmap`] would, with the same error,
/// without building the text: check, then print with [`write_resmap`], to
/// write nothing when Kustomize would refuse to print and never hold the
/// whole text in memory.
///
/// One pass over the strings finds the few resources that might hold
/// something Kustomize cannot print (characters from U+007F up, or a very
/// long key); only those are printed to decide.
///
/// ```
/// use rustomize::{ResMap, Resource};
/// use rustomize::yaml::{check_resmap, try_emit_resmap};
/// let mut rm = ResMap::new();
/// let v = serde_json::json!({"kind": "ConfigMap", "data": {"ok": "é", "bad": "\u{7f}"}});
/// rm.push(Resource::new(v.as_object().unwrap().clone(), None));
/// let err = check_resmap(&rm).unwrap_err();
/// assert_eq!(err.to_string(), try_emit_resmap(&rm).unwrap_err().to_string());
/// ```
pub fn check_resmap(rm: &ResMap) -> Result<()> {
    check_documents(rm.as_slice())
}

/// [`check_resmap`] on up to `threads` threads (0: one per core) for large
/// maps, with the same result (the error of the first resource in order
/// that Kustomize cannot print).
///
/// ```
/// use rustomize::{ResMap, Resource};
/// use rustomize::yaml::{check_resmap, check_resmap_threads};
/// let mut rm = ResMap::new();
/// for i in 0..600 {
///     let v = serde_json::json!({"kind": "ConfigMap", "metadata": {"name": format!("c{i}")},
///         "data": {"k": if i % 400 == 399 { "\u{7f}" } else { "v" }}});
///     rm.push(Resource::new(v.as_object().unwrap().clone(), None));
/// }
/// let err = check_resmap_threads(&rm, 2).unwrap_err();
/// assert_eq!(err.to_string(), check_resmap(&rm).unwrap_err().to_string());
/// ```
pub fn check_resmap_threads(rm: &ResMap, threads: usize) -> Result<()> {
    let docs = rm.as_slice();
    let size = part_size(docs.len(), threads);
    if size >= docs.len() {
        return check_documents(docs);
    }
    let mut parts = docs.chunks(size);
    let head = parts.next().unwrap_or_default();
    let (first, rest) =
        crate::parallel::others_on_threads(parts.collect(), &check_documents, || {
            check_documents(head)
        });
    rest.into_iter().fold(first, Result::and)
}

/// [`check_resmap`] on consecutive resources.
fn check_documents(docs: &[Resource]) -> Result<()> {
    let mut scratch = String::new();
    for r in docs {
        if map_may_be_refused(&r.obj) {
            scratch.clear();
            emit_resource(r, &mut scratch)?;
        }
    }
    Ok(())
}

/// True when printing `s` might be refused: it holds a byte from 0x7F up
/// (ASCII DEL, or any non-ASCII character). Eight bytes at a time.
#[inline]
fn may_be_refused(s: &str) -> bool {
    // b >= 0x7F  <=>  (b | b + 1) has its high bit set; adding 1 to a byte
    // carries into the next one only from 0xFF, which UTF-8 never holds.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let words = s.as_bytes().chunks_exact(8);
    let tail = words.remainder();
    let mut acc = 0u64;
    for w in words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        acc |= w | w.wrapping_add(ONES);
    }
    for &b in tail {
        acc |= u64::from(b | b.wrapping_add(1));
    }
    acc & HIGH != 0
}

fn map_may_be_refused(m: &Map) -> bool {
    m.iter()
        .any(|(k, v)| may_be_refused(k) || scalar::json_key_too_long(k) || value_may_be_refused(v))
}

fn value_may_be_refused(v: &Value) -> bool {
    match v {
        Value::String(s) => may_be_refused(s),
        Value::Array(items) => items.iter().any(value_may_be_refused),
        Value::Object(m) => map_may_be_refused(m),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Write [`emit_resmap`]'s text to `w` in pieces of about 64 KiB, never
/// holding the whole text (not flushed). Like [`emit_resmap`] it prints
/// what Kustomize would refuse to: call [`check_resmap`] first to fail
/// before writing anything.
///
/// ```
/// use rustomize::{ResMap, Resource};
/// use rustomize::yaml::{check_resmap, emit_resmap, write_resmap};
/// let mut rm = ResMap::new();
/// for name in ["a", "b"] {
///     let v = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}});
///     rm.push(Resource::new(v.as_object().unwrap().clone(), None));
/// }
/// check_resmap(&rm).unwrap();
/// let mut out = Vec::new();
/// write_resmap(&rm, &mut out).unwrap();
/// assert_eq!(out, emit_resmap(&rm).as_bytes());
/// ```
pub fn write_resmap(rm: &ResMap, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_documents(rm.as_slice(), true, w)
}

/// The documents of `docs` in 64 KiB pieces; `first`: the first of them
/// starts the output (no `---` line before it).
fn write_documents(
    docs: &[Resource],
    first: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    const PIECE: usize = 64 * 1024;
    let mut buf = String::with_capacity(PIECE + PIECE / 2);
    for (i, r) in docs.iter().enumerate() {
        if i > 0 || !first {
            buf.push_str("---\n");
        }
        emit_map_document(&r.obj, &mut buf);
        if buf.len() >= PIECE {
            w.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    w.write_all(buf.as_bytes())
}

/// Fewest documents worth emitting on a thread of their own.
const MIN_DOCS_PER_THREAD: usize = 256;

/// Documents per part when `len` documents are emitted on up to `threads`
/// threads (0: one per core): all of them when there are few.
fn part_size(len: usize, threads: usize) -> usize {
    let threads = crate::parallel::thread_count(threads);
    let parts = threads.min(len / MIN_DOCS_PER_THREAD).max(1);
    len.div_ceil(parts).max(1)
}

/// [`write_resmap`] on up to `threads` threads (0: one per core): the
/// output is cut into consecutive parts; the first is written as it is
/// emitted while other threads emit the others, which are then written in
/// order. The text is exactly [`write_resmap`]'s; small outputs use one
/// thread.
///
/// ```
/// use rustomize::{fs::MemFs, Kustomizer};
/// let mut fs = MemFs::new();
/// fs.add("/app/kustomization.yaml", "resources:\n- cm.yaml\n");
/// fs.add("/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
/// let rm = Kustomizer::new(fs).build("/app").unwrap();
/// let mut out = Vec::new();
/// rustomize::yaml::write_resmap_threads(&rm, &mut out, 2).unwrap();
/// assert_eq!(out, b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
/// ```
pub fn write_resmap_threads(
    rm: &ResMap,
    w: &mut dyn std::io::Write,
    threads: usize,
) -> std::io::Result<()> {
    let docs = rm.as_slice();
    let size = part_size(docs.len(), threads);
    if size >= docs.len() {
        return write_documents(docs, true, w);
    }
    let mut chunks = docs.chunks(size);
    let head = chunks.next().unwrap_or_default();
    let emit_rest = |chunk: &[Resource]| {
        let mut out = Pieces::default();
        write_documents(chunk, false, &mut out).map(|()| out.0)
    };
    let (first, rest) = crate::parallel::others_on_threads(chunks.collect(), &emit_rest, || {
        write_documents(head, true, w)
    });
    first?;
    for pieces in rest {
        for piece in pieces? {
            w.write_all(&piece)?;
        }
    }
    Ok(())
}

/// Text kept as the pieces it was written in, each at its exact size: a
/// part emitted on another thread never grows (and copies) one large buffer.
#[derive(Default)]
struct Pieces(Vec<Vec<u8>>);

impl std::io::Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.push(buf.to_vec());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The emitter state libyaml keeps between writes.
struct Emitter<'a, 'v> {
    out: &'a mut String,
    /// Reusable buffers for sorting mapping entries, one per nesting level.
    pool: Vec<Vec<(&'v str, &'v Value)>>,
    /// Current column, in characters.
    column: usize,
    /// Current indentation (-1 before the root node).
    indent: i32,
    /// The last character written was whitespace (or nothing yet on the line).
    whitespace: bool,
    /// Only indentation has been written on the current line.
    indention: bool,
    /// Why go-yaml v2 would refuse to read back the JSON encoding, if it would.
    problem: Option<&'static str>,
}

impl<'a, 'v> Emitter<'a, 'v> {
    fn new(out: &'a mut String) -> Self {
        Emitter {
            out,
            pool: Vec::new(),
            column: 0,
            indent: -1,
            whitespace: true,
            indention: true,
            problem: None,
        }
    }

    fn document_end(&mut self) {
        self.write_indent();
    }

    // ---- low-level writers -------------------------------------------------

    #[inline]
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    #[inline]
    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Copy a line-break character (libyaml `write_break`).
    #[inline]
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.put(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(indicator);
        self.column += indicator.chars().count();
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// libyaml `increase_indent`; returns the previous indentation.
    #[inline]
    fn increase_indent(&mut self, flow: bool, indentless: bool) -> i32 {
        let saved = self.indent;
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
        saved
    }

    // ---- nodes -------------------------------------------------------------

    /// Emit a node that is not a mapping key. `mapping` is libyaml's
    /// `mapping_context` (the node is a mapping value).
    fn node(&mut self, v: &'v Value, mapping: bool) {
        match v {
            Value::Null => self.plain_atom("null"),
            Value::Bool(true) => self.plain_atom("true"),
            Value::Bool(false) => self.plain_atom("false"),
            Value::Number(n) => {
                if !self.whitespace {
                    self.put(' ');
                }
                let start = self.out.len();
                scalar::format_number(n, self.out);
                self.column += self.out.len() - start;
                self.whitespace = false;
                self.indention = false;
            }
            Value::String(s) => self.string(s, false),
            Value::Array(items) => {
                if items.is_empty() {
                    self.write_indicator("[", true, true, false);
                    self.write_indicator("]", false, false, false);
                } else {
                    self.block_sequence(items, mapping);
                }
            }
            Value::Object(m) => {
                if m.is_empty() {
                    self.write_indicator("{", true, true, false);
                    self.write_indicator("}", false, false, false);
                } else {
                    self.block_mapping(m);
                }
            }
        }
    }

    fn block_sequence(&mut self, items: &'v [Value], mapping: bool) {
        let saved = self.increase_indent(false, mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, false);
        }
        self.indent = saved;
    }

    fn block_mapping(&mut self, m: &'v Map) {
        let saved = self.increase_indent(false, false);
        let mut entries = self.pool.pop().unwrap_or_default();
        entries.extend(m.iter().map(|(k, v)| (k.as_str(), v)));
        if entries
            .iter()
            .any(|(k, _)| !k.is_ascii() && k.contains('\u{85}'))
        {
            // Keys holding a NEL change in the JSON round trip (and sort as
            // changed); go-yaml v2 then fails to read the mapping back.
            self.problem = Some("did not find expected ',' or '}'");
            let folded: Vec<String> = m
                .keys()
                .map(|k| scalar::json_roundtrip(k).into_owned())
                .collect();
            let mut refolded: Vec<(&str, &'v Value)> =
                folded.iter().map(String::as_str).zip(m.values()).collect();
            sort_entries(&mut refolded);
            self.mapping_entries(&refolded);
        } else {
            sort_entries(&mut entries);
            self.mapping_entries(&entries);
        }
        entries.clear();
        self.pool.push(entries);
        self.indent = saved;
    }

    fn mapping_entries(&mut self, entries: &[(&str, &'v Value)]) {
        for &(k, v) in entries {
            self.write_indent();
            let (k2, a) = self.prepare(k);
            if a.nel || scalar::json_key_too_long(k) {
                self.problem = Some("did not find expected ',' or '}'");
            }
            let k = k2;
            if k.len() <= MAX_SIMPLE_KEY && !a.multiline {
                self.string_analyzed(&k, &a, true);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.string_analyzed(&k, &a, false);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(v, true);
        }
    }

    /// A plain scalar known to need no analysis (null, booleans, numbers).
    fn plain_atom(&mut self, s: &str) {
        if !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(s);
        self.column += s.len();
        self.whitespace = false;
        self.indention = false;
    }

    /// A string scalar; `simple_key` when it is written as a `key:`.
    fn string(&mut self, s: &str, simple_key: bool) {
        let (s, a) = self.prepare(s);
        self.string_analyzed(&s, &a, simple_key);
    }

    /// The string as go-yaml v2 sees it after the JSON round trip, and its
    /// analysis; notes characters v2 refuses.
    fn prepare<'s>(&mut self, s: &'s str) -> (std::borrow::Cow<'s, str>, Analysis) {
        let a = scalar::analyze(s);
        if a.forbidden {
            self.problem = Some("control characters are not allowed");
        }
        if a.nel {
            let folded = scalar::json_roundtrip(s);
            let a = scalar::analyze(&folded);
            (folded, a)
        } else {
            (std::borrow::Cow::Borrowed(s), a)
        }
    }

    fn string_analyzed(&mut self, s: &str, a: &Analysis, simple_key: bool) {
        let style = scalar::select_style(s, a, simple_key);
        let saved = self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(s, !simple_key),
            Style::SingleQuoted => self.write_single_quoted(s, !simple_key),
            Style::DoubleQuoted => self.write_double_quoted(s, !simple_key),
            Style::Literal => self.write_literal(s),
        }
        self.indent = saved;
    }

    fn write_plain(&mut self, s: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        // Fast path: nothing to fold and no breaks (plain scalars never hold
        // breaks, analysis rejects them).
        let n = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        if !allow_breaks || self.column + n <= BEST_WIDTH + 1 || !s.contains(' ') {
            self.out.push_str(s);
            self.column += n;
        } else if s.is_ascii() {
            self.fold_plain(s, s.bytes().enumerate().map(|(i, c)| (i, c as char)));
        } else {
            self.fold_plain(s, s.char_indices());
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// A plain scalar too long for the line: a space becomes a line break
    /// where the column passed the width and the next character is no space.
    fn fold_plain(&mut self, s: &str, chars: impl Iterator<Item = (usize, char)>) {
        let mut start = 0; // first byte not yet copied
        let mut pending = 0; // characters not yet copied
        let mut spaces = false;
        let mut it = chars.peekable();
        while let Some((i, c)) = it.next() {
            if c == ' ' {
                if !spaces
                    && self.column + pending > BEST_WIDTH
                    && it.peek().is_some_and(|&(_, n)| n != ' ')
                {
                    self.out.push_str(&s[start..i]);
                    self.column += pending;
                    self.indention = false;
                    self.write_indent();
                    start = i + 1;
                    pending = 0;
                } else {
                    pending += 1;
                }
                spaces = true;
            } else {
                pending += 1;
                spaces = false;
            }
        }
        self.out.push_str(&s[start..]);
        self.column += pending;
    }

    fn write_single_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut it = s.chars().peekable();
        let mut first = true;
        while let Some(c) = it.next() {
            let at_start = std::mem::replace(&mut first, false);
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && !at_start
                    && it.peek().is_some_and(|&n| n != ' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if scalar::is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        if s.is_ascii() {
            self.double_quoted_body(
                s,
                s.bytes().enumerate().map(|(i, c)| (i, c as char)),
                allow_breaks,
            );
        } else {
            self.double_quoted_body(s, s.char_indices(), allow_breaks);
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted_body(
        &mut self,
        s: &str,
        chars: impl Iterator<Item = (usize, char)>,
        allow_breaks: bool,
    ) {
        // A leading BOM makes libyaml escape every character.
        let bom = s.starts_with('\u{FEFF}');
        let mut start = 0; // first byte not yet copied
        let mut pending = 0; // characters not yet copied
        let mut spaces = false;
        let mut it = chars.peekable();
        while let Some((i, c)) = it.next() {
            if bom || !scalar::is_printable(c) || scalar::is_break(c) || c == '"' || c == '\\' {
                self.out.push_str(&s[start..i]);
                self.column += pending;
                pending = 0;
                start = i + c.len_utf8();
                self.write_escape(c);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column + pending > BEST_WIDTH
                    && i > 0
                    && it.peek().is_some()
                {
                    self.out.push_str(&s[start..i]);
                    self.column += pending;
                    pending = 0;
                    start = i + 1;
                    self.write_indent();
                    if it.peek().is_some_and(|&(_, n)| n == ' ') {
                        self.put('\\');
                    }
                } else {
                    pending += 1;
                }
                spaces = true;
            } else {
                pending += 1;
                spaces = false;
            }
        }
        self.out.push_str(&s[start..]);
        self.column += pending;
    }

    /// One escape sequence of a double-quoted scalar, as libyaml writes it.
    fn write_escape(&mut self, c: char) {
        self.put('\\');
        match c {
            '\0' => self.put('0'),
            '\u{7}' => self.put('a'),
            '\u{8}' => self.put('b'),
            '\t' => self.put('t'),
            '\n' => self.put('n'),
            '\u{b}' => self.put('v'),
            '\u{c}' => self.put('f'),
            '\r' => self.put('r'),
            '\u{1b}' => self.put('e'),
            '"' => self.put('"'),
            '\\' => self.put('\\'),
            '\u{85}' => self.put('N'),
            '\u{a0}' => self.put('_'),
            '\u{2028}' => self.put('L'),
            '\u{2029}' => self.put('P'),
            _ => {
                let v = c as u32;
                let (letter, width) = if v <= 0xFF {
                    ('x', 2)
                } else if v <= 0xFFFF {
                    ('u', 4)
                } else {
                    ('U', 8)
                };
                self.put(letter);
                for k in (0..width).rev() {
                    let digit = (v >> (k * 4)) & 0xF;
                    let ch = if digit < 10 {
                        (b'0' + digit as u8) as char
                    } else {
                        (b'A' + (digit as u8 - 10)) as char
                    };
                    self.put(ch);
                }
            }
        }
    }

    fn write_literal(&mut self, s: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: indentation indicator, chomping indicator.
        let mut chars = s.chars();
        if let Some(first) = s.chars().next() {
            if first == ' ' || scalar::is_break(first) {
                self.write_indicator("2", false, false, false);
            }
        }
        let last = chars.next_back();
        let chomp = match last {
            None => Some("-"),
            Some(c) if !scalar::is_break(c) => Some("-"),
            Some(_) => match chars.next_back() {
                None => Some("+"),
                Some(p) if scalar::is_break(p) => Some("+"),
                Some(_) => None,
            },
        };
        if let Some(ch) = chomp {
            self.write_indicator(ch, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for line in s.split_inclusive(is_break_char) {
            // `line` is text without breaks, then possibly one break.
            let (text, brk) = match line.chars().next_back() {
                Some(c) if scalar::is_break(c) => (&line[..line.len() - c.len_utf8()], Some(c)),
                _ => (line, None),
            };
            if !text.is_empty() {
                if breaks {
                    self.write_indent();
                }
                self.out.push_str(text);
                self.column += text.chars().count();
                self.indention = false;
                breaks = false;
            }
            if let Some(c) = brk {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            }
        }
    }
}

fn is_break_char(c: char) -> bool {
    scalar::is_break(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn emit(v: Value) -> String {
        let mut out = String::new();
        emit_document(&v, &mut out);
        out
    }

    #[test]
    fn nesting_and_indentation() {
        let v = json!({
            "kind": "X",
            "list": ["a", ["b", "c"], {"k": 1, "j": [2]}, [], {}],
            "map": {"inner": {"deep": true}, "empty": {}, "none": null},
        });
        assert_eq!(
            emit(v),
            "kind: X\nlist:\n- a\n- - b\n  - c\n- j:\n  - 2\n  k: 1\n- []\n- {}\nmap:\n  empty: {}\n  inner:\n    deep: true\n  none: null\n"
        );
    }

    #[test]
    fn root_scalars_and_empties() {
        assert_eq!(emit(json!({})), "{}\n");
        assert_eq!(emit(json!([])), "[]\n");
        assert_eq!(emit(json!(null)), "null\n");
        assert_eq!(emit(json!(["a"])), "- a\n");
    }

    #[test]
    fn literal_blocks() {
        assert_eq!(emit(json!({"a": "x\ny"})), "a: |-\n  x\n  y\n");
        assert_eq!(emit(json!({"a": "x\ny\n"})), "a: |\n  x\n  y\n");
        assert_eq!(emit(json!({"a": "x\n\n"})), "a: |+\n  x\n\n");
        assert_eq!(emit(json!({"a": " x\ny"})), "a: |2-\n   x\n  y\n");
        assert_eq!(emit(json!({"a": ["x\n\ny\n"]})), "a:\n- |\n  x\n\n  y\n");
    }

    #[test]
    fn resmap_separator() {
        let mut rm = ResMap::new();
        for n in ["a", "b"] {
            let obj = json!({"kind": "K", "metadata": {"name": n}});
            let Value::Object(m) = obj else {
                unreachable!()
            };
            rm.push(crate::resource::Resource::new(m, None));
        }
        assert_eq!(
            emit_resmap(&rm),
            "kind: K\nmetadata:\n  name: a\n---\nkind: K\nmetadata:\n  name: b\n"
        );
    }
}
