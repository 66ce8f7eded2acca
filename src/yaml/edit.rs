//! Byte-preserving edits of block-style YAML text.
//!
//! Kustomize's own `edit` commands re-serialise the whole file and lose
//! comments, key order and quoting. The editors built on this module change
//! only the bytes of the values they mean to change: they locate keys and
//! sequence items by indentation in block-style YAML, splice new text in, and
//! the callers re-parse the result to check that exactly the intended change
//! was made before anything is written.
//!
//! Flow collections (`{...}`, `[...]` other than an empty `[]`), block scalars
//! and multi-line plain scalars are reported as [`Located::Unsupported`] rather
//! than guessed at.

use std::ops::Range;

/// One line of a block, as seen from the block: `indent` is the column of its
/// first content character (for the first line of a sequence item, the column
/// after `- `).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VLine {
    /// Byte offset where the line's content starts.
    pub content: usize,
    /// Byte offset of the end of the line (before `\n`).
    pub end: usize,
    /// Byte offset of the start of the physical line.
    pub line_start: usize,
    /// Column of the content.
    pub indent: usize,
}

/// A block of lines at one nesting level (a mapping or a sequence).
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// The block's content lines; blank and comment-only lines are left out.
    pub lines: Vec<VLine>,
}

/// What a key's value looks like in the text.
#[derive(Clone, Debug)]
pub enum Located {
    /// A single-line scalar (plain, single- or double-quoted) at this byte range.
    Scalar(Range<usize>),
    /// A nested block mapping or sequence.
    Block(Block),
    /// Nothing after the colon and no nested block (a null value).
    Empty,
    /// An empty flow sequence `[]` at this byte range.
    EmptyFlowSeq(Range<usize>),
    /// Anything this module does not edit (flow collections, block scalars,
    /// multi-line scalars, anchors, tags).
    Unsupported,
}

/// A key found in a block mapping.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Index (in the block's `lines`) of the line holding the key.
    pub line: usize,
    /// The key's line.
    pub key_line: VLine,
    /// Byte range of the key text (without quotes' surroundings trimmed).
    pub key: Range<usize>,
    /// The value.
    pub value: Located,
}

/// Byte ranges of the documents of a stream (split at `---` lines and `...`).
pub fn document_ranges(src: &str) -> Vec<Range<usize>> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let is_sep = trimmed == "---"
            || trimmed.starts_with("--- ")
            || trimmed.starts_with("---\t")
            || trimmed == "...";
        if is_sep {
            if pos > start || !docs.is_empty() {
                docs.push(start..pos);
            }
            start = pos + line.len();
        }
        pos += line.len();
    }
    if pos > start || docs.is_empty() {
        docs.push(start..pos);
    }
    docs
}

/// The top-level block of a document range.
pub fn document_block(src: &str, range: Range<usize>) -> Block {
    let mut lines = Vec::new();
    let mut pos = range.start;
    let text = &src[range.clone()];
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        if rest.trim().is_empty() || rest.starts_with('#') {
            continue;
        }
        lines.push(VLine {
            content: line_start + indent,
            end: line_start + body.len(),
            line_start,
            indent,
        });
    }
    Block { lines }
}

impl Block {
    /// Indentation of the block (that of its first line).
    pub fn indent(&self) -> Option<usize> {
        self.lines.first().map(|l| l.indent)
    }

    /// True when the block is a sequence (its first line starts with `- `).
    pub fn is_sequence(&self, src: &str) -> bool {
        self.lines
            .first()
            .is_some_and(|l| is_dash(&src[l.content..l.end]))
    }

    /// The items of a block sequence, each as a block whose first line starts
    /// after the `- `.
    pub fn items(&self, src: &str) -> Vec<Block> {
        let Some(indent) = self.indent() else {
            return Vec::new();
        };
        let mut items: Vec<Block> = Vec::new();
        for l in &self.lines {
            let text = &src[l.content..l.end];
            if l.indent == indent && is_dash(text) {
                let after = &text[1..];
                let spaces = after.len() - after.trim_start_matches(' ').len();
                let first = VLine {
                    content: l.content + 1 + spaces,
                    end: l.end,
                    line_start: l.line_start,
                    indent: l.indent + 1 + spaces,
                };
                let mut b = Block::default();
                if first.content < first.end {
                    b.lines.push(first);
                }
                items.push(b);
            } else if let Some(item) = items.last_mut() {
                item.lines.push(*l);
            }
        }
        items
    }

    /// Find `key` among the block's mapping keys (at the block's indentation).
    pub fn get(&self, src: &str, key: &str) -> Option<Entry> {
        let indent = self.indent()?;
        for (i, l) in self.lines.iter().enumerate() {
            if l.indent != indent {
                continue;
            }
            let Some((k, after_colon)) = split_key(src, l.content, l.end) else {
                continue;
            };
            if unquote(&src[k.clone()]) != key {
                continue;
            }
            let value = self.value_after(src, i, after_colon);
            return Some(Entry {
                line: i,
                key_line: *l,
                key: k,
                value,
            });
        }
        None
    }

    fn value_after(&self, src: &str, i: usize, after_colon: usize) -> Located {
        let l = self.lines[i];
        let raw = &src[after_colon..l.end];
        let lead = raw.len() - raw.trim_start().len();
        let start = after_colon + lead;
        let value_text = strip_comment(&src[start..l.end]);
        let end = start + value_text.len();
        // Lines belonging to the value: deeper lines, or a sequence at the same indent.
        let mut nested = Block::default();
        for next in &self.lines[i + 1..] {
            let t = &src[next.content..next.end];
            if next.indent > l.indent || (next.indent == l.indent && is_dash(t)) {
                nested.lines.push(*next);
            } else {
                break;
            }
        }
        if value_text.is_empty() {
            return if nested.lines.is_empty() {
                Located::Empty
            } else {
                Located::Block(nested)
            };
        }
        if !nested.lines.is_empty() {
            return Located::Unsupported; // multi-line scalar
        }
        if value_text == "[]" {
            return Located::EmptyFlowSeq(start..end);
        }
        match value_text.as_bytes()[0] {
            b'[' | b'{' | b'|' | b'>' | b'&' | b'*' | b'!' => Located::Unsupported,
            b'"' | b'\'' if !quoted_complete(value_text) => Located::Unsupported,
            _ => Located::Scalar(start..end),
        }
    }
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Split `key: value` on a line: the key's byte range and the offset after the colon.
fn split_key(src: &str, start: usize, end: usize) -> Option<(Range<usize>, usize)> {
    let text = &src[start..end];
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if first == b'"' || first == b'\'' {
        let close = closing_quote(text)?;
        let rest = &text[close + 1..];
        let colon = rest.find(':')?;
        if !rest[..colon].trim().is_empty() {
            return None;
        }
        let after = start + close + 1 + colon + 1;
        if after < end && !src.as_bytes()[after].is_ascii_whitespace() {
            return None;
        }
        return Some((start..start + close + 1, after));
    }
    if first == b'-' && is_dash(text) || first == b'#' {
        return None;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':'
            && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
        {
            let k = text[..i].trim_end();
            return Some((start..start + k.len(), start + i + 1));
        }
        if bytes[i] == b' ' && bytes.get(i + 1) == Some(&b'#') {
            return None;
        }
        i += 1;
    }
    None
}

/// Index of the quote closing the quoted scalar that starts `text`.
fn closing_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let q = bytes[0];
    let mut i = 1;
    while i < bytes.len() {
        if q == b'"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == q {
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

fn quoted_complete(text: &str) -> bool {
    closing_quote(text) == Some(text.len() - 1)
}

/// Remove a trailing ` # comment` (outside quotes) and trailing spaces.
fn strip_comment(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = text.len();
    if let Some(&q) = bytes.first()
        && (q == b'"' || q == b'\'')
    {
        if let Some(close) = closing_quote(text) {
            return &text[..close + 1];
        }
        return text.trim_end();
    }
    for i in 0..bytes.len() {
        if bytes[i] == b'#' && i > 0 && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            end = i;
            break;
        }
    }
    text[..end].trim_end()
}

/// The string a scalar's text denotes, for plain and simply quoted scalars
/// (used to compare keys and names; the callers verify edits by re-parsing).
pub fn unquote(text: &str) -> String {
    if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        return text[1..text.len() - 1].replace("''", "'");
    }
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        if let Ok(serde_json::Value::String(s)) = serde_json::from_str(text) {
            return s;
        }
        return text[1..text.len() - 1].to_string();
    }
    text.to_string()
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'...'`.
    Single,
    /// `"..."`.
    Double,
}

/// The style of a scalar's text.
pub fn style_of(text: &str) -> Style {
    match text.as_bytes().first() {
        Some(b'\'') => Style::Single,
        Some(b'"') => Style::Double,
        _ => Style::Plain,
    }
}

/// Write `value` as a scalar in `style`, falling back to double quotes when
/// the plain form would not read back as the same string.
pub fn format_scalar(value: &str, style: Style) -> String {
    match style {
        Style::Plain if plain_is_safe(value) => value.to_string(),
        Style::Single if !value.contains('\n') => format!("'{}'", value.replace('\'', "''")),
        _ => serde_json::Value::String(value.to_string()).to_string(),
    }
}

/// True when `value` written plain reads back as the same string.
pub fn plain_is_safe(value: &str) -> bool {
    if value.is_empty() || value.contains(['\n', '#', '\t']) || value.trim() != value {
        return false;
    }
    let doc = format!("k: {value}\n");
    match super::parse_documents(
        &doc,
        std::path::Path::new("<scalar>"),
        &super::ParseOptions::default(),
    ) {
        Ok(docs) => {
            docs.len() == 1
                && docs[0].get("k").and_then(|v| v.as_str()) == Some(value)
                && docs[0].as_object().is_some_and(|m| m.len() == 1)
        }
        Err(_) => false,
    }
}

/// A set of replacements to apply to a text.
#[derive(Clone, Debug, Default)]
pub struct Splices {
    edits: Vec<(Range<usize>, String)>,
}

impl Splices {
    /// Replace `range` with `text` (ranges must not overlap).
    pub fn replace(&mut self, range: Range<usize>, text: impl Into<String>) {
        self.edits.push((range, text.into()));
    }

    /// Insert `text` at `at`.
    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.edits.push((at..at, text.into()));
    }

    /// True when nothing is to change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Apply to `src`.
    pub fn apply(mut self, src: &str) -> String {
        self.edits.sort_by_key(|e| (e.0.start, e.0.end));
        let mut out = String::with_capacity(src.len() + 64);
        let mut pos = 0;
        for (range, text) in self.edits {
            let start = range.start.max(pos);
            out.push_str(&src[pos..start]);
            out.push_str(&text);
            pos = range.end.max(start);
        }
        out.push_str(&src[pos..]);
        out
    }
}

/// Byte offset just after the newline ending the line that contains `offset`
/// (or the end of `src`).
pub fn line_end_after(src: &str, offset: usize) -> usize {
    match src[offset..].find('\n') {
        Some(i) => offset + i + 1,
        None => src.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: &str = "# top comment\nresources:\n- a.yaml   # the app\nimages:\n  - name: web # web\n    newTag: \"1.0\"\n\n  - newName: x\n    name: 'db'\nnamespace: prod\n";

    #[test]
    fn finds_keys_items_and_scalars() {
        let top = document_block(K, 0..K.len());
        let images = top.get(K, "images").unwrap();
        let Located::Block(b) = images.value else {
            panic!("block expected")
        };
        assert!(b.is_sequence(K));
        let items = b.items(K);
        assert_eq!(items.len(), 2);
        let Located::Scalar(r) = items[0].get(K, "name").unwrap().value else {
            panic!()
        };
        assert_eq!(&K[r], "web");
        let Located::Scalar(r) = items[0].get(K, "newTag").unwrap().value else {
            panic!()
        };
        assert_eq!(&K[r.clone()], "\"1.0\"");
        assert_eq!(unquote(&K[r]), "1.0");
        let Located::Scalar(r) = items[1].get(K, "name").unwrap().value else {
            panic!()
        };
        assert_eq!(unquote(&K[r]), "db");
        let Located::Scalar(r) = top.get(K, "namespace").unwrap().value else {
            panic!()
        };
        assert_eq!(&K[r], "prod");
        assert!(top.get(K, "missing").is_none());
    }

    #[test]
    fn flow_and_block_scalars_are_not_edited() {
        let src = "a: [x, y]\nb: |\n  text\nc: []\nd:\n";
        let top = document_block(src, 0..src.len());
        assert!(matches!(
            top.get(src, "a").unwrap().value,
            Located::Unsupported
        ));
        assert!(matches!(
            top.get(src, "b").unwrap().value,
            Located::Unsupported
        ));
        assert!(matches!(
            top.get(src, "c").unwrap().value,
            Located::EmptyFlowSeq(_)
        ));
        assert!(matches!(top.get(src, "d").unwrap().value, Located::Empty));
    }

    #[test]
    fn splits_documents() {
        let src = "a: 1\n---\nb: 2\n--- # c\nc: 3\n";
        let docs = document_ranges(src);
        assert_eq!(docs.len(), 3);
        assert_eq!(&src[docs[1].clone()], "b: 2\n");
        assert_eq!(document_ranges("---\na: 1\n").len(), 1);
    }

    #[test]
    fn splices_apply_in_order() {
        let mut s = Splices::default();
        s.replace(3..4, "2");
        s.insert(0, "# x\n");
        assert_eq!(s.apply("a: 1\n"), "# x\na: 2\n");
    }

    #[test]
    fn quoting_styles() {
        assert_eq!(format_scalar("v1", Style::Double), "\"v1\"");
        assert_eq!(format_scalar("it's", Style::Single), "'it''s'");
    }
}
