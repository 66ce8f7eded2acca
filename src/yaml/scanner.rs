//! YAML tokenizer: turns text into a stream of tokens (indentation becomes
//! explicit `BlockMappingStart` / `BlockEnd` tokens, implicit keys become
//! `Key` tokens). The token model is the classic one of libyaml, which go-yaml
//! v3 (Kustomize's parser) follows, so the set of accepted documents and the
//! errors reported match it closely.

use std::borrow::Cow;
use std::collections::VecDeque;

/// A position in the source (all 0-based; `col` counts characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset.
    pub index: usize,
    /// Line, 0-based.
    pub line: usize,
    /// Column in characters, 0-based.
    pub col: usize,
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'...'`
    SingleQuoted,
    /// `"..."`
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok<'a> {
    StreamStart,
    StreamEnd,
    VersionDirective(u32, u32),
    TagDirective(String, String),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(&'a str),
    Anchor(&'a str),
    /// Handle (`!`, `!!`, `!e!`, or empty for verbatim tags) and suffix.
    Tag(Cow<'a, str>, Cow<'a, str>),
    Scalar(Cow<'a, str>, ScalarStyle),
}

/// A token with its extent in the source.
#[derive(Clone, Debug)]
#[allow(dead_code)] // `end` is kept for byte spans (future in-place edits).
pub struct Token<'a> {
    pub tok: Tok<'a>,
    pub start: Mark,
    pub end: Mark,
}

/// A syntax error found while scanning.
#[derive(Clone, Debug)]
pub struct ScanError {
    pub mark: Mark,
    pub message: String,
}

impl ScanError {
    fn new(mark: Mark, message: impl Into<String>) -> Self {
        ScanError {
            mark,
            message: message.into(),
        }
    }
}

type SResult<T> = Result<T, ScanError>;

#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// The tokenizer.
pub struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    mark: Mark,
    tokens: VecDeque<Token<'a>>,
    tokens_parsed: usize,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    flow_level: usize,
    error: Option<ScanError>,
    /// The front token is known to be final (no pending simple key may
    /// still insert a token before it).
    ready: bool,
    /// Use the straightforward reference loops instead of the fast ones
    /// (tests compare both).
    #[cfg(test)]
    pub(crate) reference: bool,
}

/// A YAML indicator character: one that cannot start a plain scalar
/// (except `-`, `?` and `:` followed by a non-blank).
#[inline]
pub(crate) fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

#[inline]
fn is_blank_b(c: u8) -> bool {
    c == b' ' || c == b'\t'
}
#[inline]
fn is_break_b(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}
/// Blank, break or end of input (0 stands for the end: NUL is rejected up front).
#[inline]
pub(crate) fn is_blankz_b(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' || c == 0
}
#[inline]
fn is_alpha_b(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The run of a plain scalar's non-blank characters starting at `start`:
/// where it ends (at a byte of `stops`, a `:` only when a blank follows) and
/// how many characters it holds.
#[inline]
pub(crate) fn plain_run(b: &[u8], start: usize, stops: &[bool; 256]) -> (usize, usize) {
    let mut i = start;
    let mut high = 0u8;
    while let Some(&c) = b.get(i) {
        if stops[usize::from(c)] && (c != b':' || is_blankz_b(b.get(i + 1).copied().unwrap_or(0))) {
            break;
        }
        high |= c;
        i += 1;
    }
    let chars = if high < 0x80 {
        i - start
    } else {
        b.get(start..i)
            .unwrap_or_default()
            .iter()
            .filter(|&&c| (c & 0xC0) != 0x80)
            .count()
    };
    (i, chars)
}

/// Bytes that end a run of a plain scalar in block context (`:` only when
/// followed by a blank).
pub(crate) static BLOCK_PLAIN_STOP: [bool; 256] = plain_stops(false);
/// The same inside flow collections.
pub(crate) static FLOW_PLAIN_STOP: [bool; 256] = plain_stops(true);

const fn plain_stops(flow: bool) -> [bool; 256] {
    let mut t = [false; 256];
    t[0] = true;
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b':' as usize] = true;
    if flow {
        t[b',' as usize] = true;
        t[b'?' as usize] = true;
        t[b'[' as usize] = true;
        t[b']' as usize] = true;
        t[b'{' as usize] = true;
        t[b'}' as usize] = true;
    }
    t
}

/// Whether every byte of `chunk` is a tab, a line feed or printable ASCII
/// (written so that it compiles to vector compares).
#[inline]
fn plain_ascii(chunk: &[u8]) -> bool {
    let mut bad = 0u8;
    for &c in chunk {
        bad |= u8::from(!((0x20..0x7f).contains(&c) || c == b'\n' || c == b'\t'));
    }
    bad == 0
}

/// Check that `src` holds only characters YAML allows; returns the offending
/// position otherwise.
pub fn check_chars(src: &str) -> Option<(usize, char)> {
    const CHUNK: usize = 32;
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Whole chunks of plain ASCII (by far the common case) at once.
        if let Some(chunk) = b.get(i..i + CHUNK) {
            if plain_ascii(chunk) {
                i += CHUNK;
                continue;
            }
        }
        // Otherwise character by character to the end of this chunk (or
        // of the character that straddles it).
        let stop = (i + CHUNK).min(b.len());
        while i < stop {
            let c = b[i];
            if c < 0x80 {
                if (c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r') || c == 0x7f {
                    return Some((i, c as char));
                }
                i += 1;
            } else {
                let ch = src
                    .get(i..)
                    .and_then(|t| t.chars().next())
                    .unwrap_or('\u{fffd}');
                let cp = ch as u32;
                let ok = cp == 0x85
                    || (0xA0..=0xD7FF).contains(&cp)
                    || (0xE000..=0xFFFD).contains(&cp)
                    || (0x10000..=0x10FFFF).contains(&cp);
                if !ok {
                    return Some((i, ch));
                }
                i += ch.len_utf8();
            }
        }
    }
    None
}

impl<'a> Scanner<'a> {
    /// A scanner over `src` (which must have passed [`check_chars`]).
    pub fn new(src: &'a str) -> Self {
        Scanner {
            src,
            b: src.as_bytes(),
            mark: Mark::default(),
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            flow_level: 0,
            error: None,
            ready: false,
            #[cfg(test)]
            reference: false,
        }
    }

    /// Start over on `src`, keeping allocated buffers.
    pub fn reset(&mut self, src: &'a str) {
        self.src = src;
        self.b = src.as_bytes();
        self.mark = Mark::default();
        self.tokens.clear();
        self.tokens_parsed = 0;
        self.stream_start_produced = false;
        self.stream_end_produced = false;
        self.indent = -1;
        self.indents.clear();
        self.simple_key_allowed = false;
        self.simple_keys.clear();
        self.flow_level = 0;
        self.error = None;
        self.ready = false;
    }

    /// Current position.
    pub fn mark(&self) -> Mark {
        self.mark
    }

    /// The source bytes.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.b
    }

    /// The source text.
    pub(crate) fn src(&self) -> &'a str {
        self.src
    }

    /// Place the cursor at `mark`, inside a block collection indented at
    /// `indent` and `flow_level` flow collections: the state the scalar
    /// scanners ([`Scanner::scan_plain_scalar`] ...) read. Used by the
    /// composer's fast path, which reads the structure itself.
    pub(crate) fn seek(&mut self, mark: Mark, indent: isize, flow_level: usize) {
        self.mark = mark;
        self.indent = indent;
        self.flow_level = flow_level;
    }

    /// Byte at offset `k` from the current position, 0 past the end.
    #[inline]
    fn ch(&self, k: usize) -> u8 {
        match self.b.get(self.mark.index + k) {
            Some(&c) => c,
            None => 0,
        }
    }

    #[inline]
    fn at_end(&self) -> bool {
        self.mark.index >= self.b.len()
    }

    /// Advance over one character that is not a line break.
    #[inline]
    fn skip(&mut self) {
        let c = self.ch(0);
        let len = if c < 0x80 {
            1
        } else if c >= 0xF0 {
            4
        } else if c >= 0xE0 {
            3
        } else {
            2
        };
        self.mark.index = (self.mark.index + len).min(self.b.len());
        self.mark.col += 1;
    }

    /// Advance over n ASCII non-break bytes.
    #[inline]
    fn skip_n(&mut self, n: usize) {
        self.mark.index = (self.mark.index + n).min(self.b.len());
        self.mark.col += n;
    }

    /// Advance over a line break (`\r\n`, `\r` or `\n`).
    #[inline]
    fn skip_line(&mut self) {
        if self.ch(0) == b'\r' && self.ch(1) == b'\n' {
            self.mark.index += 2;
            self.mark.col = 0;
            self.mark.line += 1;
        } else if is_break_b(self.ch(0)) {
            self.mark.index += 1;
            self.mark.col = 0;
            self.mark.line += 1;
        }
    }

    /// Read a line break into `s` as `\n`.
    #[inline]
    fn read_line(&mut self, s: &mut String) {
        if is_break_b(self.ch(0)) {
            s.push('\n');
            self.skip_line();
        }
    }

    /// Copy one non-break character into `s`.
    #[inline]
    fn read(&mut self, s: &mut String) {
        let start = self.mark.index;
        self.skip();
        if let Some(t) = self.src.get(start..self.mark.index) {
            s.push_str(t);
        }
    }

    fn err<T>(&mut self, mark: Mark, msg: impl Into<String>) -> SResult<T> {
        let e = ScanError::new(mark, msg);
        self.error = Some(e.clone());
        Err(e)
    }

    /// Take the next token.
    pub fn next_token(&mut self) -> SResult<Token<'a>> {
        self.fill()?;
        self.ready = false;
        match self.tokens.pop_front() {
            Some(t) => {
                self.tokens_parsed += 1;
                if t.tok == Tok::StreamEnd {
                    self.stream_end_produced = true;
                }
                Ok(t)
            }
            None => Err(ScanError::new(self.mark, "unexpected end of token stream")),
        }
    }

    /// The next token, if [`Scanner::fill`] produced it.
    pub fn front(&self) -> Option<&Token<'a>> {
        self.tokens.front()
    }

    /// Make sure the next token is available.
    #[inline]
    pub fn fill(&mut self) -> SResult<()> {
        if self.ready {
            return Ok(());
        }
        self.fill_slow()?;
        self.ready = true;
        Ok(())
    }

    fn fill_slow(&mut self) -> SResult<()> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if !self.tokens.is_empty() && !self.need_more_tokens()? {
            return Ok(());
        }
        if self.stream_end_produced && self.tokens.is_empty() {
            return Err(ScanError::new(self.mark, "read past end of stream"));
        }
        loop {
            if !self.tokens.is_empty() && !self.need_more_tokens()? {
                return Ok(());
            }
            if self.tokens.back().is_some_and(|t| t.tok == Tok::StreamEnd) {
                return Ok(());
            }
            self.fetch_next_token()?;
        }
    }

    fn need_more_tokens(&mut self) -> SResult<bool> {
        let parsed = self.tokens_parsed;
        for i in 0..self.simple_keys.len() {
            let sk = self.simple_keys[i];
            if sk.possible && sk.token_number == parsed && self.simple_key_valid(i)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether simple key `i` can still be a key; drops it when it cannot.
    fn simple_key_valid(&mut self, i: usize) -> SResult<bool> {
        let sk = self.simple_keys[i];
        if !sk.possible {
            return Ok(false);
        }
        if sk.mark.line < self.mark.line || sk.mark.index + 1024 < self.mark.index {
            if sk.required {
                return self.err(sk.mark, "could not find expected ':'");
            }
            self.simple_keys[i].possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn stale_simple_keys(&mut self) -> SResult<()> {
        for i in 0..self.simple_keys.len() {
            self.simple_key_valid(i)?;
        }
        Ok(())
    }

    fn push(&mut self, tok: Tok<'a>, start: Mark) {
        let end = self.mark;
        self.tokens.push_back(Token { tok, start, end });
    }

    fn fetch_next_token(&mut self) -> SResult<()> {
        if !self.stream_start_produced {
            self.stream_start_produced = true;
            self.indent = -1;
            self.simple_key_allowed = true;
            self.simple_keys.push(SimpleKey::default());
            // Byte order mark.
            if self.src.starts_with('\u{feff}') {
                self.mark.index = 3;
            }
            let m = self.mark;
            self.push(Tok::StreamStart, m);
            return Ok(());
        }
        self.scan_to_next_token()?;
        self.stale_simple_keys()?;
        self.unroll_indent(self.mark.col as isize);

        if self.at_end() {
            return self.fetch_stream_end();
        }
        let c = self.ch(0);
        let col0 = self.mark.col == 0;
        if col0 && c == b'%' {
            return self.fetch_directive();
        }
        if col0 && c == b'-' && self.ch(1) == b'-' && self.ch(2) == b'-' && is_blankz_b(self.ch(3))
        {
            return self.fetch_document_indicator(Tok::DocumentStart);
        }
        if col0 && c == b'.' && self.ch(1) == b'.' && self.ch(2) == b'.' && is_blankz_b(self.ch(3))
        {
            return self.fetch_document_indicator(Tok::DocumentEnd);
        }
        let n = self.ch(1);
        match c {
            b'[' => return self.fetch_flow_collection_start(Tok::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(Tok::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(Tok::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(Tok::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            b'-' if is_blankz_b(n) => return self.fetch_block_entry(),
            b'?' if self.flow_level > 0 || is_blankz_b(n) => return self.fetch_key(),
            b':' if self.flow_level > 0 || is_blankz_b(n) => return self.fetch_value(),
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            b'>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        if !(is_blankz_b(c) || is_indicator(c))
            || (c == b'-' && !is_blank_b(n))
            || (self.flow_level == 0 && (c == b'?' || c == b':') && !is_blankz_b(n))
        {
            return self.fetch_plain_scalar();
        }
        let m = self.mark;
        self.err(m, "found character that cannot start any token")
    }

    fn scan_to_next_token(&mut self) -> SResult<()> {
        loop {
            // Skip a BOM at the start of a line.
            if self.mark.col == 0 && self.ch(0) == 0xEF && self.ch(1) == 0xBB && self.ch(2) == 0xBF
            {
                self.mark.index += 3;
            }
            loop {
                let c = self.ch(0);
                if c == b' ' || (c == b'\t' && (self.flow_level > 0 || !self.simple_key_allowed)) {
                    self.skip_n(1);
                } else {
                    break;
                }
            }
            if self.ch(0) == b'#' {
                while !is_break_b(self.ch(0)) && !self.at_end() {
                    self.skip();
                }
            }
            if is_break_b(self.ch(0)) {
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return Ok(());
            }
        }
    }

    fn unroll_indent(&mut self, col: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > col {
            let m = self.mark;
            self.push(Tok::BlockEnd, m);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn roll_indent(&mut self, col: usize, number: Option<usize>, tok: Tok<'a>, mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        let col = col as isize;
        if self.indent < col {
            self.indents.push(self.indent);
            self.indent = col;
            let t = Token {
                tok,
                start: mark,
                end: mark,
            };
            match number {
                Some(n) => {
                    let pos = n.saturating_sub(self.tokens_parsed).min(self.tokens.len());
                    self.tokens.insert(pos, t);
                }
                None => self.tokens.push_back(t),
            }
        }
    }

    fn save_simple_key(&mut self) -> SResult<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.col as isize;
        if self.simple_key_allowed {
            let sk = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            if let Some(last) = self.simple_keys.last_mut() {
                *last = sk;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> SResult<()> {
        if let Some(last) = self.simple_keys.last().copied() {
            if last.possible && last.required {
                return self.err(last.mark, "could not find expected ':'");
            }
            if let Some(l) = self.simple_keys.last_mut() {
                l.possible = false;
            }
        }
        Ok(())
    }

    fn fetch_stream_end(&mut self) -> SResult<()> {
        if self.mark.col != 0 {
            self.mark.col = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let m = self.mark;
        self.push(Tok::StreamEnd, m);
        Ok(())
    }

    fn fetch_directive(&mut self) -> SResult<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip_n(1);
        let name_start = self.mark.index;
        while is_alpha_b(self.ch(0)) {
            self.skip_n(1);
        }
        let name = &self.src[name_start..self.mark.index];
        if name.is_empty() {
            return self.err(start, "could not find expected directive name");
        }
        if !is_blankz_b(self.ch(0)) {
            return self.err(start, "found unexpected non-alphabetical character");
        }
        let tok = match name {
            "YAML" => {
                self.skip_blanks();
                let major = self.scan_version_number(start)?;
                if self.ch(0) != b'.' {
                    return self.err(start, "did not find expected digit or '.' character");
                }
                self.skip_n(1);
                let minor = self.scan_version_number(start)?;
                Tok::VersionDirective(major, minor)
            }
            "TAG" => {
                self.skip_blanks();
                let handle = self.scan_tag_handle(true, start)?;
                if !is_blank_b(self.ch(0)) {
                    return self.err(start, "did not find expected whitespace");
                }
                self.skip_blanks();
                let prefix = self.scan_tag_uri(true, "", start)?;
                if !is_blankz_b(self.ch(0)) {
                    return self.err(start, "did not find expected whitespace or line break");
                }
                Tok::TagDirective(handle, prefix)
            }
            _ => return self.err(start, "found unknown directive name"),
        };
        self.skip_blanks();
        if self.ch(0) == b'#' {
            while !self.at_end() && !is_break_b(self.ch(0)) {
                self.skip();
            }
        }
        if !self.at_end() && !is_break_b(self.ch(0)) {
            return self.err(start, "did not find expected comment or line break");
        }
        self.skip_line();
        self.push(tok, start);
        Ok(())
    }

    fn skip_blanks(&mut self) {
        while is_blank_b(self.ch(0)) {
            self.skip_n(1);
        }
    }

    fn scan_version_number(&mut self, start: Mark) -> SResult<u32> {
        let mut v: u32 = 0;
        let mut len = 0;
        while self.ch(0).is_ascii_digit() {
            len += 1;
            if len > 9 {
                return self.err(start, "found extremely long version number");
            }
            v = v * 10 + u32::from(self.ch(0) - b'0');
            self.skip_n(1);
        }
        if len == 0 {
            return self.err(start, "did not find expected version number");
        }
        Ok(v)
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> SResult<String> {
        if self.ch(0) != b'!' {
            return self.err(start, "did not find expected '!'");
        }
        let mut s = String::from("!");
        self.skip_n(1);
        while is_alpha_b(self.ch(0)) {
            s.push(self.ch(0) as char);
            self.skip_n(1);
        }
        if self.ch(0) == b'!' {
            s.push('!');
            self.skip_n(1);
        } else if directive && s != "!" {
            return self.err(start, "did not find expected '!'");
        }
        Ok(s)
    }

    fn scan_tag_uri(&mut self, directive: bool, head: &str, start: Mark) -> SResult<String> {
        let mut s = String::new();
        let mut has_tag = !head.is_empty();
        // The head (without its leading '!') is part of the URI.
        if let Some(rest) = head.get(1..) {
            s.push_str(rest);
        }
        loop {
            let c = self.ch(0);
            let ok = is_alpha_b(c)
                || matches!(
                    c,
                    b';' | b'/'
                        | b'?'
                        | b':'
                        | b'@'
                        | b'&'
                        | b'='
                        | b'+'
                        | b'$'
                        | b','
                        | b'.'
                        | b'!'
                        | b'~'
                        | b'*'
                        | b'\''
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'%'
                );
            if !ok {
                break;
            }
            if c == b'%' {
                let mut bytes = Vec::new();
                while self.ch(0) == b'%' {
                    let h = (self.ch(1) as char).to_digit(16);
                    let l = (self.ch(2) as char).to_digit(16);
                    let (Some(h), Some(l)) = (h, l) else {
                        return self.err(start, "did not find URI escaped octet");
                    };
                    bytes.push((h * 16 + l) as u8);
                    self.skip_n(3);
                }
                match String::from_utf8(bytes) {
                    Ok(t) => s.push_str(&t),
                    Err(_) => return self.err(start, "found an incorrect leading UTF-8 octet"),
                }
            } else {
                s.push(c as char);
                self.skip_n(1);
            }
            has_tag = true;
        }
        if !has_tag {
            let msg = if directive {
                "while parsing a %TAG directive: did not find expected tag URI"
            } else {
                "while parsing a tag: did not find expected tag URI"
            };
            return self.err(start, msg);
        }
        Ok(s)
    }

    fn fetch_document_indicator(&mut self, tok: Tok<'a>) -> SResult<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip_n(3);
        self.push(tok, start);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, tok: Tok<'a>) -> SResult<()> {
        self.save_simple_key()?;
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip_n(1);
        self.push(tok, start);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, tok: Tok<'a>) -> SResult<()> {
        self.remove_simple_key()?;
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip_n(1);
        self.push(tok, start);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> SResult<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip_n(1);
        self.push(Tok::FlowEntry, start);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> SResult<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                let m = self.mark;
                return self.err(m, "block sequence entries are not allowed in this context");
            }
            let m = self.mark;
            self.roll_indent(m.col, None, Tok::BlockSequenceStart, m);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip_n(1);
        self.push(Tok::BlockEntry, start);
        Ok(())
    }

    fn fetch_key(&mut self) -> SResult<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                let m = self.mark;
                return self.err(m, "mapping keys are not allowed in this context");
            }
            let m = self.mark;
            self.roll_indent(m.col, None, Tok::BlockMappingStart, m);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip_n(1);
        self.push(Tok::Key, start);
        Ok(())
    }

    fn fetch_value(&mut self) -> SResult<()> {
        let last = self.simple_keys.len().saturating_sub(1);
        let valid = !self.simple_keys.is_empty() && self.simple_key_valid(last)?;
        if valid {
            let sk = self.simple_keys[last];
            let pos = sk
                .token_number
                .saturating_sub(self.tokens_parsed)
                .min(self.tokens.len());
            self.tokens.insert(
                pos,
                Token {
                    tok: Tok::Key,
                    start: sk.mark,
                    end: sk.mark,
                },
            );
            self.roll_indent(
                sk.mark.col,
                Some(sk.token_number),
                Tok::BlockMappingStart,
                sk.mark,
            );
            self.simple_keys[last].possible = false;
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    let m = self.mark;
                    return self.err(m, "mapping values are not allowed in this context");
                }
                let m = self.mark;
                self.roll_indent(m.col, None, Tok::BlockMappingStart, m);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip_n(1);
        self.push(Tok::Value, start);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> SResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip_n(1);
        let s = self.mark.index;
        while is_alpha_b(self.ch(0)) {
            self.skip_n(1);
        }
        let name = &self.src[s..self.mark.index];
        let c = self.ch(0);
        if name.is_empty()
            || !(is_blankz_b(c)
                || matches!(c, b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'))
        {
            return self.err(
                start,
                if alias {
                    "while scanning an alias: did not find expected alphabetic or numeric character"
                } else {
                    "while scanning an anchor: did not find expected alphabetic or numeric character"
                },
            );
        }
        let tok = if alias {
            Tok::Alias(name)
        } else {
            Tok::Anchor(name)
        };
        self.push(tok, start);
        Ok(())
    }

    fn fetch_tag(&mut self) -> SResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let (handle, suffix): (Cow<'a, str>, Cow<'a, str>);
        if self.ch(1) == b'<' {
            // Verbatim tag.
            self.skip_n(2);
            let uri = self.scan_tag_uri(false, "", start)?;
            if self.ch(0) != b'>' {
                return self.err(start, "while scanning a tag: did not find the expected '>'");
            }
            self.skip_n(1);
            handle = Cow::Borrowed("");
            suffix = Cow::Owned(uri);
        } else {
            let h = self.scan_tag_handle(false, start)?;
            if h.len() > 1 && h.ends_with('!') {
                handle = Cow::Owned(h);
                suffix = Cow::Owned(self.scan_tag_uri(false, "", start)?);
            } else {
                let sfx = self.scan_tag_uri(false, &h, start)?;
                if sfx.is_empty() {
                    handle = Cow::Borrowed("");
                    suffix = Cow::Borrowed("!");
                } else {
                    handle = Cow::Borrowed("!");
                    suffix = Cow::Owned(sfx);
                }
            }
        }
        if !is_blankz_b(self.ch(0)) {
            return self.err(
                start,
                "while scanning a tag: did not find expected whitespace or line break",
            );
        }
        self.push(Tok::Tag(handle, suffix), start);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> SResult<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let t = self.scan_block_scalar(literal)?;
        self.tokens.push_back(t);
        Ok(())
    }

    pub(crate) fn scan_block_scalar(&mut self, literal: bool) -> SResult<Token<'a>> {
        let start = self.mark;
        self.skip_n(1);
        let mut chomping: i8 = 0;
        let mut increment: usize = 0;
        let c = self.ch(0);
        if c == b'+' || c == b'-' {
            chomping = if c == b'+' { 1 } else { -1 };
            self.skip_n(1);
            let d = self.ch(0);
            if d.is_ascii_digit() {
                if d == b'0' {
                    return self.err(
                        start,
                        "while scanning a block scalar: found an indentation indicator equal to 0",
                    );
                }
                increment = usize::from(d - b'0');
                self.skip_n(1);
            }
        } else if c.is_ascii_digit() {
            if c == b'0' {
                return self.err(
                    start,
                    "while scanning a block scalar: found an indentation indicator equal to 0",
                );
            }
            increment = usize::from(c - b'0');
            self.skip_n(1);
            let d = self.ch(0);
            if d == b'+' || d == b'-' {
                chomping = if d == b'+' { 1 } else { -1 };
                self.skip_n(1);
            }
        }
        self.skip_blanks();
        if self.ch(0) == b'#' {
            while !self.at_end() && !is_break_b(self.ch(0)) {
                self.skip();
            }
        }
        if !self.at_end() && !is_break_b(self.ch(0)) {
            return self.err(
                start,
                "while scanning a block scalar: did not find expected comment or line break",
            );
        }
        self.skip_line();
        let mut end = self.mark;
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }
        let mut s = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.mark.col == indent && !self.at_end() {
            let trailing_blank = is_blank_b(self.ch(0));
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    s.push(' ');
                }
                leading_break.clear();
            } else {
                s.push_str(&leading_break);
                leading_break.clear();
            }
            s.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = is_blank_b(self.ch(0));
            let from = self.mark.index;
            while !self.at_end() && !is_break_b(self.ch(0)) {
                self.skip();
            }
            s.push_str(&self.src[from..self.mark.index]);
            if self.at_end() {
                break;
            }
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            s.push_str(&leading_break);
        }
        if chomping == 1 {
            s.push_str(&trailing_breaks);
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(Token {
            tok: Tok::Scalar(Cow::Owned(s), style),
            start,
            end,
        })
    }

    fn block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut String,
        start: Mark,
        end: &mut Mark,
    ) -> SResult<()> {
        let mut max_indent = 0;
        *end = self.mark;
        loop {
            while (*indent == 0 || self.mark.col < *indent) && self.ch(0) == b' ' {
                self.skip_n(1);
            }
            if self.mark.col > max_indent {
                max_indent = self.mark.col;
            }
            if (*indent == 0 || self.mark.col < *indent) && self.ch(0) == b'\t' {
                return self.err(
                    start,
                    "while scanning a block scalar: found a tab character where an indentation space is expected",
                );
            }
            if !is_break_b(self.ch(0)) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            *indent = max_indent;
            let min = (self.indent + 1).max(1) as usize;
            if *indent < min {
                *indent = min;
            }
        }
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> SResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_flow_scalar(single)?;
        self.tokens.push_back(t);
        Ok(())
    }

    pub(crate) fn scan_flow_scalar(&mut self, single: bool) -> SResult<Token<'a>> {
        let start = self.mark;
        let quote = if single { b'\'' } else { b'"' };
        self.skip_n(1);
        // Fast path: a single-line scalar without escapes.
        {
            let from = self.mark.index;
            let mut i = from;
            let b = self.b;
            while i < b.len() {
                let c = b[i];
                if c == quote || c == b'\\' || c == b'\n' || c == b'\r' {
                    break;
                }
                i += 1;
            }
            if i < b.len() && b[i] == quote && !(single && b.get(i + 1) == Some(&b'\'')) {
                let text = &self.src[from..i];
                let nchars = text.chars().count();
                self.mark.index = i + 1;
                self.mark.col += nchars + 1;
                let style = if single {
                    ScalarStyle::SingleQuoted
                } else {
                    ScalarStyle::DoubleQuoted
                };
                return Ok(Token {
                    tok: Tok::Scalar(Cow::Borrowed(text), style),
                    start,
                    end: self.mark,
                });
            }
        }
        let mut s = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        loop {
            if self.mark.col == 0
                && ((self.ch(0) == b'-' && self.ch(1) == b'-' && self.ch(2) == b'-')
                    || (self.ch(0) == b'.' && self.ch(1) == b'.' && self.ch(2) == b'.'))
                && is_blankz_b(self.ch(3))
            {
                return self.err(
                    start,
                    "while scanning a quoted scalar: found unexpected document indicator",
                );
            }
            if self.at_end() {
                return self.err(
                    start,
                    "while scanning a quoted scalar: found unexpected end of stream",
                );
            }
            let mut leading_blanks = false;
            while !self.at_end() && !is_blankz_b(self.ch(0)) {
                let c = self.ch(0);
                if single && c == b'\'' && self.ch(1) == b'\'' {
                    s.push('\'');
                    self.skip_n(2);
                } else if c == quote {
                    break;
                } else if !single && c == b'\\' && is_break_b(self.ch(1)) {
                    self.skip_n(1);
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    let mut code_len = 0;
                    match self.ch(1) {
                        b'0' => s.push('\0'),
                        b'a' => s.push('\x07'),
                        b'b' => s.push('\x08'),
                        b't' | b'\t' => s.push('\t'),
                        b'n' => s.push('\n'),
                        b'v' => s.push('\x0b'),
                        b'f' => s.push('\x0c'),
                        b'r' => s.push('\r'),
                        b'e' => s.push('\x1b'),
                        b' ' => s.push(' '),
                        b'"' => s.push('"'),
                        b'\'' => s.push('\''),
                        b'\\' => s.push('\\'),
                        b'N' => s.push('\u{85}'),
                        b'_' => s.push('\u{a0}'),
                        b'L' => s.push('\u{2028}'),
                        b'P' => s.push('\u{2029}'),
                        b'x' => code_len = 2,
                        b'u' => code_len = 4,
                        b'U' => code_len = 8,
                        _ => {
                            return self.err(
                                start,
                                "while parsing a quoted scalar: found unknown escape character",
                            );
                        }
                    }
                    self.skip_n(2);
                    if code_len > 0 {
                        let mut v: u32 = 0;
                        for k in 0..code_len {
                            match (self.ch(k) as char).to_digit(16) {
                                Some(d) => v = (v << 4) | d,
                                None => {
                                    return self.err(
                                        start,
                                        "while parsing a quoted scalar: did not find expected hexdecimal number",
                                    );
                                }
                            }
                        }
                        match char::from_u32(v) {
                            Some(ch) => s.push(ch),
                            None => {
                                return self.err(
                                    start,
                                    "while parsing a quoted scalar: found invalid Unicode character escape code",
                                );
                            }
                        }
                        self.skip_n(code_len);
                    }
                } else {
                    self.read(&mut s);
                }
            }
            if self.ch(0) == quote {
                break;
            }
            // Blanks and breaks.
            while is_blank_b(self.ch(0)) || is_break_b(self.ch(0)) {
                if is_blank_b(self.ch(0)) {
                    if !leading_blanks {
                        whitespaces.push(self.ch(0) as char);
                    }
                    self.skip_n(1);
                } else if !leading_blanks {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                } else {
                    self.read_line(&mut trailing_breaks);
                }
            }
            if leading_blanks {
                if leading_break.starts_with('\n') {
                    if trailing_breaks.is_empty() {
                        s.push(' ');
                    } else {
                        s.push_str(&trailing_breaks);
                    }
                } else {
                    s.push_str(&leading_break);
                    s.push_str(&trailing_breaks);
                }
                leading_break.clear();
                trailing_breaks.clear();
            } else {
                s.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        self.skip_n(1);
        let style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Ok(Token {
            tok: Tok::Scalar(Cow::Owned(s), style),
            start,
            end: self.mark,
        })
    }

    fn fetch_plain_scalar(&mut self) -> SResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_plain_scalar()?;
        self.tokens.push_back(t);
        Ok(())
    }

    pub(crate) fn scan_plain_scalar(&mut self) -> SResult<Token<'a>> {
        #[cfg(test)]
        if self.reference {
            return self.scan_plain_scalar_reference();
        }
        let start = self.mark;
        let mut end = self.mark;
        let indent = self.indent + 1;
        let flow = self.flow_level > 0;
        let stops: &[bool; 256] = if flow {
            &FLOW_PLAIN_STOP
        } else {
            &BLOCK_PLAIN_STOP
        };
        let b = self.b;
        // The scalar is accumulated lazily: while it is a single run of the
        // source, it is borrowed.
        let mut owned: Option<String> = None;
        let mut borrowed: (usize, usize) = (self.mark.index, self.mark.index);
        // Line breaks read after the last run: the first one (`leading_blanks`)
        // folds into a space, the further ones (`trailing_breaks`) are kept.
        let mut leading_blanks = false;
        let mut trailing_breaks: usize = 0;
        let mut ws_start: usize = 0;
        let mut ws_end: usize = 0;
        let mut first = true;
        loop {
            if self.mark.col == 0
                && ((self.ch(0) == b'-' && self.ch(1) == b'-' && self.ch(2) == b'-')
                    || (self.ch(0) == b'.' && self.ch(1) == b'.' && self.ch(2) == b'.'))
                && is_blankz_b(self.ch(3))
            {
                break;
            }
            if self.ch(0) == b'#' {
                break;
            }
            // One run of non-blank characters, up to `: ` (or a flow
            // indicator inside flow collections).
            let run_start = self.mark.index;
            let (i, chars) = plain_run(b, run_start, stops);
            if i > run_start {
                if !first {
                    // Join with what came before.
                    let s =
                        owned.get_or_insert_with(|| self.src[borrowed.0..borrowed.1].to_string());
                    if leading_blanks {
                        if trailing_breaks == 0 {
                            s.push(' ');
                        } else {
                            s.extend(std::iter::repeat_n('\n', trailing_breaks));
                        }
                        trailing_breaks = 0;
                        leading_blanks = false;
                    } else {
                        s.push_str(&self.src[ws_start..ws_end]);
                    }
                }
                self.mark.index = i;
                self.mark.col += chars;
                match owned.as_mut() {
                    Some(s) => s.push_str(&self.src[run_start..i]),
                    None => borrowed = (run_start, i),
                }
                first = false;
                end = self.mark;
            }
            let c = self.ch(0);
            if !(is_blank_b(c) || is_break_b(c)) {
                break;
            }
            ws_start = self.mark.index;
            ws_end = ws_start;
            loop {
                let c = self.ch(0);
                if is_blank_b(c) {
                    if leading_blanks && (self.mark.col as isize) < indent && c == b'\t' {
                        return self.err(
                            start,
                            "while scanning a plain scalar: found a tab character that violates indentation",
                        );
                    }
                    self.skip_n(1);
                    if !leading_blanks {
                        ws_end = self.mark.index;
                    }
                } else if is_break_b(c) {
                    if leading_blanks {
                        trailing_breaks += 1;
                    }
                    leading_blanks = true;
                    self.skip_line();
                } else {
                    break;
                }
            }
            if !flow && (self.mark.col as isize) < indent {
                break;
            }
        }
        let value = match owned {
            Some(s) => Cow::Owned(s),
            None => Cow::Borrowed(&self.src[borrowed.0..borrowed.1]),
        };
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            tok: Tok::Scalar(value, ScalarStyle::Plain),
            start,
            end,
        })
    }

    /// The straightforward version of [`Scanner::scan_plain_scalar`], kept
    /// as the reference its fast loops are tested against.
    #[cfg(test)]
    fn scan_plain_scalar_reference(&mut self) -> SResult<Token<'a>> {
        let start = self.mark;
        let mut end = self.mark;
        let indent = self.indent + 1;
        let flow = self.flow_level > 0;
        // The scalar is accumulated lazily: while it is a single run of the
        // source, it is borrowed.
        let mut owned: Option<String> = None;
        let mut borrowed: (usize, usize) = (self.mark.index, self.mark.index);
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut ws_start: usize = 0;
        let mut ws_end: usize = 0;
        let mut leading_blanks = false;
        let mut first = true;
        loop {
            if self.mark.col == 0
                && ((self.ch(0) == b'-' && self.ch(1) == b'-' && self.ch(2) == b'-')
                    || (self.ch(0) == b'.' && self.ch(1) == b'.' && self.ch(2) == b'.'))
                && is_blankz_b(self.ch(3))
            {
                break;
            }
            if self.ch(0) == b'#' {
                break;
            }
            let mut chunk_start = self.mark.index;
            let mut chunk_started = false;
            while !is_blankz_b(self.ch(0)) {
                let c = self.ch(0);
                if (c == b':' && is_blankz_b(self.ch(1)))
                    || (flow && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
                if !chunk_started {
                    chunk_started = true;
                    chunk_start = self.mark.index;
                    if !first {
                        // Join with what came before.
                        let s = owned
                            .get_or_insert_with(|| self.src[borrowed.0..borrowed.1].to_string());
                        if leading_blanks {
                            if leading_break.starts_with('\n') {
                                if trailing_breaks.is_empty() {
                                    s.push(' ');
                                } else {
                                    s.push_str(&trailing_breaks);
                                }
                            } else {
                                s.push_str(&leading_break);
                                s.push_str(&trailing_breaks);
                            }
                            leading_break.clear();
                            trailing_breaks.clear();
                            leading_blanks = false;
                        } else {
                            s.push_str(&self.src[ws_start..ws_end]);
                        }
                    }
                }
                if c < 0x80 {
                    self.mark.index += 1;
                    self.mark.col += 1;
                } else {
                    self.skip();
                }
            }
            if chunk_started {
                let text = &self.src[chunk_start..self.mark.index];
                match owned.as_mut() {
                    Some(s) => s.push_str(text),
                    None => borrowed = (chunk_start, self.mark.index),
                }
                first = false;
                end = self.mark;
            }
            let c = self.ch(0);
            if !(is_blank_b(c) || is_break_b(c)) {
                break;
            }
            ws_start = self.mark.index;
            ws_end = ws_start;
            while is_blank_b(self.ch(0)) || is_break_b(self.ch(0)) {
                if is_blank_b(self.ch(0)) {
                    if leading_blanks && (self.mark.col as isize) < indent && self.ch(0) == b'\t' {
                        return self.err(
                            start,
                            "while scanning a plain scalar: found a tab character that violates indentation",
                        );
                    }
                    self.skip_n(1);
                    if !leading_blanks {
                        ws_end = self.mark.index;
                    }
                } else if !leading_blanks {
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                } else {
                    self.read_line(&mut trailing_breaks);
                }
            }
            if !flow && (self.mark.col as isize) < indent {
                break;
            }
        }
        let value = match owned {
            Some(s) => Cow::Owned(s),
            None => Cow::Borrowed(&self.src[borrowed.0..borrowed.1]),
        };
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            tok: Tok::Scalar(value, ScalarStyle::Plain),
            start,
            end,
        })
    }
}

/// Whether go-yaml v3's emitter keeps a block style for `value` (its
/// `block_allowed` analysis).
fn block_allowed(value: &str) -> bool {
    if value.is_empty() || value.ends_with(' ') || value.contains(" \n") {
        return false;
    }
    !value.chars().any(|c| {
        let cp = c as u32;
        !(c == '\n'
            || c == '\t'
            || (0x20..=0x7E).contains(&cp)
            || ((0xA0..=0xFFFD).contains(&cp) && !(0xD800..=0xDFFF).contains(&cp) && cp != 0xFEFF))
    })
}

/// Kustomize re-encodes every node with go-yaml v3 before converting it to
/// JSON, and that emitter writes folded (`>`) scalars with a known flaw: it
/// decides whether a line break needs an extra blank line by looking at the
/// first character of the whole value instead of the next line. Reading the
/// text back therefore changes some values (e.g. a more-indented line gains a
/// preceding empty line). This reproduces that round trip.
pub fn folded_round_trip(value: &str) -> Option<String> {
    if !block_allowed(value) {
        return None;
    }
    let b = value.as_bytes();
    // The value's first non-break character decides every fold (the flaw).
    let first_non_break = b.iter().position(|&c| c != b'\n');
    let extra_break = match first_non_break {
        Some(k) => !(b[k] == b' ' || b[k] == b'\t'),
        None => false,
    };
    let mut text = String::with_capacity(value.len() * 2 + 16);
    text.push_str("k: >");
    if b[0] == b' ' || b[0] == b'\n' {
        text.push('2');
    }
    let last = b[b.len() - 1];
    if last != b'\n' {
        text.push('-');
    } else if b.len() == 1 || b[b.len() - 2] == b'\n' {
        text.push('+');
    }
    text.push('\n');
    let mut breaks = true;
    let mut leading_spaces = true;
    let mut line_start = 0;
    for (i, ch) in value.char_indices() {
        if ch == '\n' {
            if !breaks && !leading_spaces && extra_break {
                text.push('\n');
            }
            text.push('\n');
            breaks = true;
            line_start = i + 1;
        } else {
            if breaks {
                text.push_str("  ");
                leading_spaces = ch == ' ' || ch == '\t';
            }
            text.push(ch);
            breaks = false;
        }
    }
    let _ = line_start;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut sc = Scanner::new(&text);
    loop {
        match sc.next_token() {
            Ok(Token {
                tok: Tok::Scalar(v, ScalarStyle::Folded),
                ..
            }) => return Some(v.into_owned()),
            Ok(Token {
                tok: Tok::StreamEnd,
                ..
            })
            | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod fast_loop_tests {
    use super::*;

    fn tokens(s: &str, reference: bool) -> String {
        let mut sc = Scanner::new(s);
        sc.reference = reference;
        let mut out = String::new();
        for _ in 0..10_000 {
            match sc.next_token() {
                Ok(t) => {
                    out.push_str(&format!("{t:?}\n"));
                    if t.tok == Tok::StreamEnd {
                        break;
                    }
                }
                Err(e) => {
                    out.push_str(&format!("error {e:?}\n"));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn plain_scalar_loop_matches_reference() {
        let pieces = [
            "a", "b c", "é", "日本", ":", ": ", "#", " #", "-", "- ", "?", ",", "[", "]", "{", "}",
            "\n", "\n\n", "  ", "\t", "\r\n", "\r", "x:y", "'q'", "\"d\"", "---", "...", "~",
            "1.5", "&a", "*a", "!t", "|", ">", "%",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..4000 {
            let mut s = String::new();
            for _ in 0..rnd(24) {
                s.push_str(pieces[rnd(pieces.len())]);
            }
            if check_chars(&s).is_some() {
                continue;
            }
            assert_eq!(tokens(&s, false), tokens(&s, true), "input {s:?}");
        }
    }

    #[test]
    fn check_chars_finds_the_first_bad_character() {
        let long = "a".repeat(70);
        for (s, want) in [
            (format!("{long}\u{1}"), Some((70, '\u{1}'))),
            (format!("{long}é\u{7f}"), Some((72, '\u{7f}'))),
            (format!("é{long}\u{fffe}x"), Some((72, '\u{fffe}'))),
            (format!("{long}\t\r\n\u{85}日本"), None),
        ] {
            assert_eq!(check_chars(&s), want, "{s:?}");
        }
    }
}
