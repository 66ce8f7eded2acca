//! Fast path of the composer for the everyday shape of Kubernetes YAML:
//! block mappings and sequences whose keys are single-line scalars, with
//! plain, quoted and block scalar values and single-line flow collections.
//!
//! It reads the structure straight from the text (no token queue, no simple
//! key bookkeeping) but scans every scalar with the scanner's own functions
//! and resolves it with the same resolver, so a value it returns is the one
//! the general path composes. Whenever it meets anything else (anchors,
//! aliases, tags, explicit keys, tabs, multi-line keys or flows, a duplicate
//! or non-string key, an unrepresentable value, anything the general path
//! may reject...) it gives up (`None`) and the caller parses the document
//! again with the general path, which then reports errors and positions.

use super::AnnotationText;
use crate::resource::{Map, Value};
use crate::yaml::resolve::{self, Kind};
use crate::yaml::scanner::{
    BLOCK_PLAIN_STOP, FLOW_PLAIN_STOP, Mark, ScalarStyle, Scanner, Tok, Token, folded_round_trip,
    is_blankz_b as is_blankz, plain_run,
};
use std::borrow::Cow;

/// Deepest nesting the fast path handles (it recurses; deeper documents go
/// to the general path, which has an explicit stack).
const MAX_DEPTH: usize = 48;

/// Longest simple key (the scanner drops a possible simple key 1024 bytes
/// before its `:`; stay well below).
const MAX_KEY: usize = 1000;

/// Compose the only document of `sc`'s text (the scanner is fresh or reset),
/// or `None` when the general path must do it. `max_depth` is
/// [`super::ParseOptions::max_depth`]; `text` how annotation values are
/// read, `typed` gets the top-level annotation keys kept as text although
/// typed (as the general path reports them).
pub(super) fn document(
    sc: &mut Scanner<'_>,
    max_depth: usize,
    text: AnnotationText,
    typed: &mut Vec<String>,
) -> Option<Value> {
    compose(sc, max_depth, text, typed, false)
}

/// As [`document`] with go-yaml v2's YAML 1.1 scalar values (annotations
/// resolved): plain scalars resolve with
/// [`resolve::resolve_plain_yaml11`]; a plain key that is not a string
/// there (`yes`, `1`) is left to the general path, which makes its text
/// as sigs.k8s.io/yaml does.
pub(super) fn document_yaml11(sc: &mut Scanner<'_>, max_depth: usize) -> Option<Value> {
    compose(
        sc,
        max_depth,
        AnnotationText::Resolve,
        &mut Vec::new(),
        true,
    )
}

fn compose(
    sc: &mut Scanner<'_>,
    max_depth: usize,
    text: AnnotationText,
    typed: &mut Vec<String>,
    yaml11: bool,
) -> Option<Value> {
    let mut f = Fast {
        yaml11,
        b: sc.bytes(),
        sc,
        depth: 0,
        max_depth: max_depth.min(MAX_DEPTH),
        entries: Vec::new(),
        items: Vec::new(),
        text,
        place: Place::Other,
        annotation_value: false,
        typed_value: false,
        typed,
    };
    f.document()
}

/// Where the collection about to be read sits, as far as annotations go
/// (tracked only when annotation values are kept as text).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Other,
    /// The document's `metadata`.
    Metadata,
    /// The document's `metadata.annotations`.
    Annotations,
    /// The document's `items`.
    Items,
    /// An item of `items`.
    Item,
    /// `metadata` of an item.
    ItemMetadata,
    /// `metadata.annotations` of an item.
    ItemAnnotations,
}

struct Fast<'s, 'a> {
    sc: &'s mut Scanner<'a>,
    b: &'a [u8],
    depth: usize,
    max_depth: usize,
    /// Entries of the mappings being read, innermost last: each mapping is
    /// built at its end with exactly its size (growing it entry by entry
    /// would leave up to half of it unused, in every resource, for the
    /// whole build).
    entries: Vec<(String, Value)>,
    /// Items of the sequences being read, likewise.
    items: Vec<Value>,
    text: AnnotationText,
    /// What the next collection read is (see [`Place`]).
    place: Place,
    /// The next value read is the value of an annotation.
    annotation_value: bool,
    /// The value just read was kept as text although typed.
    typed_value: bool,
    typed: &'s mut Vec<String>,
    /// Plain scalars resolve with YAML 1.1 rules (see [`document_yaml11`]).
    yaml11: bool,
}

/// The scanner's test for a plain scalar start (`c` then `n`), in block or
/// flow context, minus the `?`/`:` forms (left to the general path).
#[inline]
fn plain_start(c: u8, n: u8) -> bool {
    !(is_blankz(c) || crate::yaml::scanner::is_indicator(c)) || (c == b'-' && !is_blankz(n))
}

impl<'a> Fast<'_, 'a> {
    #[inline]
    fn mark(&self) -> Mark {
        self.sc.mark()
    }

    /// Byte `k` ahead of the cursor, 0 past the end.
    #[inline]
    fn ch(&self, k: usize) -> u8 {
        self.b.get(self.mark().index + k).copied().unwrap_or(0)
    }

    #[inline]
    fn at_end(&self) -> bool {
        self.mark().index >= self.b.len()
    }

    /// Move the cursor (the scanner's) to `m`.
    #[inline]
    fn goto(&mut self, m: Mark) {
        self.sc.seek(m, -1, 0);
    }

    /// Advance over `n` ASCII bytes on the current line.
    #[inline]
    fn skip(&mut self, n: usize) {
        let mut m = self.mark();
        m.index += n;
        m.col += n;
        self.goto(m);
    }

    /// `-` followed by a blank, a break or the end: a block sequence entry.
    #[inline]
    fn at_block_entry(&self) -> bool {
        self.ch(0) == b'-' && is_blankz(self.ch(1))
    }

    /// Skip spaces, comments and line breaks up to the next content.
    /// `Some(true)` when a line break was crossed. Gives up on tabs, carriage
    /// returns, byte order marks and document markers.
    fn skip_to_content(&mut self) -> Option<bool> {
        let b = self.b;
        let mut m = self.mark();
        let mut crossed = false;
        loop {
            match b.get(m.index) {
                Some(b' ') => {
                    m.index += 1;
                    m.col += 1;
                }
                Some(b'#') => {
                    // To the end of the line (the break is taken next turn).
                    let rest = b.get(m.index..).unwrap_or(&[]);
                    match rest.iter().position(|&c| c == b'\n' || c == b'\r') {
                        Some(k) => m.index += k,
                        None => m.index = b.len(),
                    }
                }
                Some(b'\n') => {
                    m.index += 1;
                    m.line += 1;
                    m.col = 0;
                    crossed = true;
                }
                Some(b'\t' | b'\r') => return None,
                _ => break,
            }
        }
        if m.col == 0 && m.index < b.len() {
            let head = b.get(m.index..m.index + 3).unwrap_or(&[]);
            if head == b"---" || head == b"..." || b[m.index] == 0xEF {
                return None;
            }
        }
        self.goto(m);
        Some(crossed)
    }

    fn document(&mut self) -> Option<Value> {
        if self.b.first() == Some(&0xEF) {
            return None;
        }
        // An explicit document start alone on its line.
        if self.b.starts_with(b"---") && is_blankz(self.ch(3)) {
            self.skip(3);
            if !self.skip_to_content()? && !self.at_end() {
                return None;
            }
        } else {
            self.skip_to_content()?;
        }
        if self.at_end() {
            return None;
        }
        let v = self.block_node(-1)?;
        if !self.at_end() {
            return None;
        }
        Some(v)
    }

    /// A block collection starting at the cursor, more indented than
    /// `parent`. Ends at the next content (or the end).
    fn block_node(&mut self, parent: isize) -> Option<Value> {
        let col = self.mark().col;
        if self.at_block_entry() {
            self.block_sequence(col, false)
        } else {
            self.mapping(col, parent, None)
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        if self.depth >= self.max_depth {
            return None;
        }
        Some(())
    }

    /// A block sequence at column `col` (`indentless`: the value of a
    /// mapping key at the same column).
    fn block_sequence(&mut self, col: usize, indentless: bool) -> Option<Value> {
        self.enter()?;
        let items = std::mem::replace(&mut self.place, Place::Other) == Place::Items;
        let base = self.items.len();
        loop {
            // At `-`.
            self.skip(1);
            if items {
                self.place = Place::Item;
            }
            let v = self.value(col as isize, false)?;
            self.place = Place::Other;
            self.items.push(v);
            if self.at_end() {
                break;
            }
            let c = self.mark().col;
            if c == col && self.at_block_entry() {
                continue;
            }
            if indentless && c <= col {
                break;
            }
            if c < col {
                break;
            }
            return None;
        }
        self.depth -= 1;
        Some(Value::Array(self.take_items(base)))
    }

    /// The items pushed since `base`, in a vector of exactly their number.
    fn take_items(&mut self, base: usize) -> Vec<Value> {
        let mut items = Vec::with_capacity(self.items.len().saturating_sub(base));
        items.extend(self.items.drain(base..));
        items
    }

    /// The entries pushed since `base` as a mapping of exactly their number;
    /// `None` on a duplicate key.
    fn take_map(&mut self, base: usize) -> Option<Map> {
        let mut map = Map::with_capacity(self.entries.len().saturating_sub(base));
        for (k, v) in self.entries.drain(base..) {
            match map.entry(k) {
                serde_json::map::Entry::Vacant(e) => {
                    e.insert(v);
                }
                serde_json::map::Entry::Occupied(_) => return None,
            }
        }
        Some(map)
    }

    /// A block mapping whose keys are at column `col`; `first`: its first key,
    /// already read (a compact mapping in a sequence entry).
    fn mapping(&mut self, col: usize, parent: isize, first: Option<String>) -> Option<Value> {
        self.enter()?;
        let here = std::mem::replace(&mut self.place, Place::Other);
        let root = self.depth == 1;
        let base = self.entries.len();
        let mut next = first;
        loop {
            let key = match next.take() {
                Some(k) => k,
                None => self.key(parent)?,
            };
            if self.text != AnnotationText::Resolve {
                self.place = match (here, key.as_str()) {
                    (_, "metadata") if root => Place::Metadata,
                    (_, "items") if root && self.text == AnnotationText::List => Place::Items,
                    (Place::Metadata, "annotations") => Place::Annotations,
                    (Place::Item, "metadata") => Place::ItemMetadata,
                    (Place::ItemMetadata, "annotations") => Place::ItemAnnotations,
                    _ => Place::Other,
                };
                self.annotation_value = matches!(here, Place::Annotations | Place::ItemAnnotations);
            }
            let v = self.value(col as isize, true)?;
            self.place = Place::Other;
            if self.typed_value {
                self.typed_value = false;
                if here == Place::Annotations {
                    self.typed.push(key.clone());
                }
            }
            self.entries.push((key, v));
            if self.at_end() {
                break;
            }
            let c = self.mark().col;
            if c < col {
                break;
            }
            if c > col {
                return None;
            }
        }
        self.depth -= 1;
        Some(Value::Object(self.take_map(base)?))
    }

    /// The text of a quoted or plain scalar key at the cursor (`flow`: in a
    /// flow collection), when it is a plain string key: not `<<`, and a
    /// plain one must resolve to a string.
    fn key_text(&mut self, indent: isize, flow: usize) -> Option<String> {
        let c = self.ch(0);
        match c {
            b'"' | b'\'' => {
                let t = self.scan(indent, flow, |sc| sc.scan_flow_scalar(c == b'\''))?;
                let (text, _) = scalar_text(t)?;
                if text == "<<" {
                    return None;
                }
                Some(text.into_owned())
            }
            _ if plain_start(c, self.ch(1)) => {
                let (text, _) = self.plain(indent, flow)?;
                match self.resolve(&text) {
                    (Kind::Str, Value::String(s)) => Some(s),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A single-line key at the cursor and its `:` (consumed).
    fn key(&mut self, indent: isize) -> Option<String> {
        let start = self.mark();
        let c = self.ch(0);
        let key = self.key_text(indent, 0)?;
        if matches!(c, b'"' | b'\'') {
            // Blanks may separate a quoted key from its `:`.
            while self.ch(0) == b' ' {
                self.skip(1);
            }
        }
        let m = self.mark();
        if m.line != start.line
            || self.ch(0) != b':'
            || !is_blankz(self.ch(1))
            || m.index > start.index + MAX_KEY
        {
            return None;
        }
        self.skip(1);
        Some(key)
    }

    /// A plain scalar at the cursor, inside a block collection indented at
    /// `indent` and `flow` flow collections: its text and the end of its
    /// last run.
    fn plain(&mut self, indent: isize, flow: usize) -> Option<(Cow<'a, str>, Mark)> {
        if let Some(r) = self.plain_line(indent, flow) {
            return Some(r);
        }
        let t = self.scan(indent, flow, |sc| sc.scan_plain_scalar())?;
        let end = t.end;
        let (text, _) = scalar_text(t)?;
        Some((text, end))
    }

    /// [`Fast::plain`] for a scalar that ends on its own line (by far the
    /// usual one), without the scanner's general loop: the same runs and
    /// stops, but `None` (let the scanner decide) as soon as the scalar may
    /// go on to another line or meets anything unusual. Leaves the cursor
    /// where the scalar stopped on its line.
    fn plain_line(&mut self, indent: isize, flow: usize) -> Option<(Cow<'a, str>, Mark)> {
        let b = self.b;
        let start = self.mark();
        if start.col == 0 {
            return None;
        }
        let stops: &[bool; 256] = if flow > 0 {
            &FLOW_PLAIN_STOP
        } else {
            &BLOCK_PLAIN_STOP
        };
        let mut i = start.index;
        let mut col = start.col;
        let mut end = start;
        loop {
            // A run of non-blank characters.
            let run = i;
            let chars;
            (i, chars) = plain_run(b, run, stops);
            if i > run {
                col += chars;
                end = Mark {
                    index: i,
                    line: start.line,
                    col,
                };
            }
            // Blanks on the same line.
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
                col += 1;
            }
            match b.get(i) {
                None | Some(b'#') => break,
                Some(b':') if is_blankz(b.get(i + 1).copied().unwrap_or(0)) => break,
                Some(b',' | b'?' | b'[' | b']' | b'{' | b'}') if flow > 0 => break,
                Some(b'\n') if flow == 0 => {
                    // The scalar goes on when the next non-empty line is
                    // indented deeper than `indent` and is not a comment.
                    let mut j = i + 1;
                    loop {
                        let line_start = j;
                        while b.get(j) == Some(&b' ') {
                            j += 1;
                        }
                        match b.get(j) {
                            None | Some(b'#') => break,
                            Some(b'\n') => j += 1,
                            Some(b'\t' | b'\r') => return None,
                            Some(_) => {
                                if ((j - line_start) as isize) < indent + 1 {
                                    break;
                                }
                                return None;
                            }
                        }
                    }
                    break;
                }
                Some(b'\n' | b'\r') => return None,
                Some(_) => {}
            }
        }
        let text = self.sc.src().get(start.index..end.index)?;
        self.goto(Mark {
            index: i,
            line: start.line,
            col,
        });
        Some((Cow::Borrowed(text), end))
    }

    /// Run one of the scanner's scalar scanners at the cursor, inside a block
    /// collection indented at `indent` and `flow` flow collections.
    fn scan(
        &mut self,
        indent: isize,
        flow: usize,
        f: impl FnOnce(&mut Scanner<'a>) -> Result<Token<'a>, crate::yaml::scanner::ScanError>,
    ) -> Option<Token<'a>> {
        let m = self.mark();
        self.sc.seek(m, indent, flow);
        f(self.sc).ok()
    }

    /// The node after `key:` (`map_value`) or `-`, in a block collection
    /// indented at `indent`; ends at the next content on a later line.
    fn value(&mut self, indent: isize, map_value: bool) -> Option<Value> {
        let annotation = std::mem::take(&mut self.annotation_value);
        let crossed = self.skip_to_content()?;
        if self.at_end() {
            return Some(self.empty_value(annotation));
        }
        if crossed {
            let col = self.mark().col as isize;
            if col > indent {
                return self.block_node(indent);
            }
            if map_value && col == indent && self.at_block_entry() {
                return self.block_sequence(col as usize, true);
            }
            return Some(self.empty_value(annotation));
        }
        let c = self.ch(0);
        let (v, end) = match c {
            b'|' | b'>' => {
                let t = self.scan(indent, 0, |sc| sc.scan_block_scalar(c == b'|'))?;
                let (text, style) = scalar_text(t)?;
                let text = if style == ScalarStyle::Folded {
                    folded_round_trip(&text).unwrap_or_else(|| text.into_owned())
                } else {
                    text.into_owned()
                };
                (Value::String(text), None)
            }
            b'"' | b'\'' => {
                let start = self.mark();
                let t = self.scan(indent, 0, |sc| sc.scan_flow_scalar(c == b'\''))?;
                let end = t.end;
                let (text, _) = scalar_text(t)?;
                if !map_value {
                    // `- "k": v`: a compact mapping in a sequence entry.
                    let m = self.mark();
                    let mut k = 0;
                    while self.ch(k) == b' ' {
                        k += 1;
                    }
                    if self.ch(k) == b':' {
                        if m.line != start.line
                            || !is_blankz(self.ch(k + 1))
                            || m.index + k > start.index + MAX_KEY
                            || text == "<<"
                        {
                            return None;
                        }
                        self.skip(k + 1);
                        return self.mapping(start.col, indent, Some(text.into_owned()));
                    }
                }
                (Value::String(text.into_owned()), Some(end))
            }
            b'[' | b'{' => {
                let v = self.flow(indent)?;
                // Flow collections are read resolved: one that holds
                // annotations (`metadata: {annotations: ...}` and the like)
                // is left to the general path.
                let holds_annotations = match self.place {
                    Place::Other => false,
                    Place::Metadata | Place::ItemMetadata => {
                        v.get("annotations").is_some_and(|a| !is_empty(a))
                    }
                    _ => !is_empty(&v),
                };
                if holds_annotations {
                    return None;
                }
                let end = self.mark();
                (v, Some(end))
            }
            _ if plain_start(c, self.ch(1)) => {
                let start = self.mark();
                let (text, end) = self.plain(indent, 0)?;
                if self.ch(0) == b':' {
                    // `- k: v`: a compact mapping in a sequence entry.
                    let m = self.mark();
                    if map_value
                        || m.line != start.line
                        || !is_blankz(self.ch(1))
                        || m.index > start.index + MAX_KEY
                    {
                        return None;
                    }
                    let key = match self.resolve(&text) {
                        (Kind::Str, Value::String(s)) => s,
                        _ => return None,
                    };
                    self.skip(1);
                    return self.mapping(start.col, indent, Some(key));
                }
                if annotation {
                    (self.annotation_text(text), Some(end))
                } else {
                    (self.plain_value(&text)?, Some(end))
                }
            }
            _ => return None,
        };
        // What follows must start a later line, no deeper than `indent`.
        let crossed = self.skip_to_content()?;
        if let Some(end) = end {
            let between = self.b.get(end.index..self.mark().index).unwrap_or(&[]);
            if !crossed && !between.contains(&b'\n') && !self.at_end() {
                return None;
            }
        }
        if !self.at_end() && self.mark().col as isize > indent {
            return None;
        }
        Some(v)
    }

    /// A missing value (null; an annotation's is "" in a resource).
    fn empty_value(&mut self, annotation: bool) -> Value {
        if annotation && self.text != AnnotationText::Patch {
            self.typed_value = true;
            Value::String(String::new())
        } else {
            Value::Null
        }
    }

    /// Resolve an untagged plain scalar with the rules of this document.
    fn resolve(&self, text: &str) -> (Kind, Value) {
        if self.yaml11 {
            resolve::resolve_plain_yaml11(text)
        } else {
            resolve::resolve_plain(text)
        }
    }

    /// An untagged plain scalar value, as the general path resolves it
    /// (values JSON cannot hold are left to it: it reports them).
    fn plain_value(&self, text: &str) -> Option<Value> {
        match self.resolve(text) {
            (Kind::Unrepresentable(_), _) => None,
            (_, v) => Some(v),
        }
    }

    /// A plain scalar annotation value: a string of its text unless it is
    /// one in YAML (or a null in a patch).
    fn annotation_text(&mut self, text: Cow<'_, str>) -> Value {
        match resolve::resolve_plain(&text) {
            (Kind::Str, v) => v,
            (Kind::Null, v) if self.text == AnnotationText::Patch => v,
            _ => {
                self.typed_value = true;
                Value::String(text.into_owned())
            }
        }
    }

    /// Blanks inside a single-line flow collection.
    #[inline]
    fn flow_blanks(&mut self) {
        while self.ch(0) == b' ' {
            self.skip(1);
        }
    }

    /// A single-line flow collection at the cursor (`[` or `{`), inside a
    /// block collection indented at `indent`.
    fn flow(&mut self, indent: isize) -> Option<Value> {
        self.enter()?;
        let line = self.mark().line;
        let v = if self.ch(0) == b'[' {
            self.skip(1);
            self.flow_blanks();
            let base = self.items.len();
            while self.ch(0) != b']' {
                let v = self.flow_item(indent, line)?;
                self.items.push(v);
                self.flow_blanks();
                match self.ch(0) {
                    b',' => {
                        self.skip(1);
                        self.flow_blanks();
                    }
                    b']' => {}
                    _ => return None,
                }
            }
            self.skip(1);
            Value::Array(self.take_items(base))
        } else {
            self.skip(1);
            self.flow_blanks();
            let base = self.entries.len();
            while self.ch(0) != b'}' {
                let key = self.key_text(indent, 1)?;
                if self.mark().line != line {
                    return None;
                }
                self.flow_blanks();
                if self.ch(0) != b':' {
                    return None;
                }
                self.skip(1);
                self.flow_blanks();
                if matches!(self.ch(0), b',' | b'}') {
                    return None;
                }
                let v = self.flow_item(indent, line)?;
                self.entries.push((key, v));
                self.flow_blanks();
                match self.ch(0) {
                    b',' => {
                        self.skip(1);
                        self.flow_blanks();
                    }
                    b'}' => {}
                    _ => return None,
                }
            }
            self.skip(1);
            Value::Object(self.take_map(base)?)
        };
        self.depth -= 1;
        Some(v)
    }

    /// A node inside a single-line flow collection that started on `line`.
    fn flow_item(&mut self, indent: isize, line: usize) -> Option<Value> {
        let c = self.ch(0);
        let v = match c {
            b'[' | b'{' => return self.flow(indent),
            b'"' | b'\'' => {
                let t = self.scan(indent, 1, |sc| sc.scan_flow_scalar(c == b'\''))?;
                let (text, _) = scalar_text(t)?;
                Value::String(text.into_owned())
            }
            _ if plain_start(c, self.ch(1)) => {
                let (text, _) = self.plain(indent, 1)?;
                self.plain_value(&text)?
            }
            _ => return None,
        };
        if self.mark().line != line {
            return None;
        }
        // `[a: b]` (a single-pair mapping) is left to the general path.
        self.flow_blanks();
        if self.ch(0) == b':' {
            return None;
        }
        Some(v)
    }
}

/// An empty mapping or sequence.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The text and style of a scalar token.
fn scalar_text(t: Token<'_>) -> Option<(Cow<'_, str>, ScalarStyle)> {
    match t.tok {
        Tok::Scalar(text, style) => Some((text, style)),
        _ => None,
    }
}
