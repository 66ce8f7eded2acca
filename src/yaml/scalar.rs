//! Scalar decisions of the emitter: how go-yaml v2 would resolve a plain
//! string (YAML 1.1 rules), libyaml's scalar analysis and style selection, and
//! the text of numbers after Kustomize's JSON round trip.

use std::fmt::Write as _;

/// Scalar styles the emitter produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What libyaml's `yaml_emitter_analyze_scalar` finds out about a string
/// (the block-context subset).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Analysis {
    pub multiline: bool,
    pub block_plain_allowed: bool,
    pub single_quoted_allowed: bool,
    pub block_allowed: bool,
    /// Holds a character go-yaml v2's reader refuses when Go's JSON encoding
    /// leaves it raw ("control characters are not allowed"): U+007F to
    /// U+009F except U+0085, U+FFFE, U+FFFF.
    pub forbidden: bool,
    /// Holds a NEL, which the JSON round trip changes (see [`json_roundtrip`]).
    pub nel: bool,
}

/// libyaml `is_break`.
#[inline]
pub(crate) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml `is_printable` (on a whole character).
#[inline]
pub(crate) fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0A
        || (0x20..=0x7E).contains(&v)
        || (0xA0..=0xD7FF).contains(&v)
        || ((0xE000..=0xFFFD).contains(&v) && v != 0xFEFF)
}

#[inline]
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml `is_blankz` (blank, break or NUL).
#[inline]
fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

/// Byte classes for the ASCII fast path of [`analyze`].
const SAFE: u8 = 1; // printable, never an indicator inside a plain scalar
const SAFE_FIRST: u8 = 2; // also fine as the first character

static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0x21;
    while c < 0x7F {
        t[c] = SAFE | SAFE_FIRST;
        c += 1;
    }
    // Never safe: ':' and '#' can end or start a plain scalar's meaning.
    t[b':' as usize] = 0;
    t[b'#' as usize] = 0;
    // Indicators that matter at the start only ('-' and '.' for `---`/`...`).
    let first = b",[]{}&*!|>'\"%@`?-.";
    let mut i = 0;
    while i < first.len() {
        t[first[i] as usize] = SAFE;
        i += 1;
    }
    t
};

/// libyaml's scalar analysis (emitter with unicode output enabled).
pub(crate) fn analyze(s: &str) -> Analysis {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
            forbidden: false,
            nel: false,
        };
    };
    // Fast path: printable ASCII without spaces, colons, hashes or a leading
    // indicator can be anything.
    if first < 0x80
        && ASCII_CLASS[first as usize] & SAFE_FIRST != 0
        && b.iter()
            .all(|&c| c < 0x80 && ASCII_CLASS[c as usize] & SAFE != 0)
    {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
            forbidden: false,
            nel: false,
        };
    }
    analyze_slow(s)
}

fn analyze_slow(s: &str) -> Analysis {
    let b = s.as_bytes();
    if s.is_ascii() {
        analyze_ascii(b)
    } else {
        analyze_chars(b, s.char_indices())
    }
}

/// [`analyze_chars`] for ASCII text, one pass over the bytes.
fn analyze_ascii(b: &[u8]) -> Analysis {
    let n = b.len();
    let blank = |c: u8| c == b' ' || c == b'\t';
    let brk = |c: u8| c == b'\n' || c == b'\r';
    let (first, last) = (b[0], b[n - 1]);
    let second = b.get(1).copied();
    let followed_by_ws = |i: usize| b.get(i + 1).is_none_or(|&c| blank(c));
    let mut block_indicators = b.starts_with(b"---") || b.starts_with(b"...");
    match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => block_indicators = true,
        b'?' | b':' | b'-' if second.is_none_or(blank) => block_indicators = true,
        _ => {}
    }
    let mut line_breaks = false;
    let mut special = false;
    let mut forbidden = false;
    let mut break_space = false;
    let mut space_break = false;
    for i in 0..n {
        let c = b[i];
        if c > b' ' && c != b':' && c != b'#' && c != 0x7F {
            continue;
        }
        match c {
            b' ' => {
                if i > 0 && brk(b[i - 1]) {
                    break_space = true;
                }
            }
            b'\n' | b'\r' => {
                line_breaks = true;
                if c == b'\r' {
                    special = true;
                }
                if i > 0 && b[i - 1] == b' ' {
                    space_break = true;
                }
            }
            b':' => {
                if i > 0 && followed_by_ws(i) {
                    block_indicators = true;
                }
            }
            b'#' => {
                // Preceded by a blank, a break or NUL.
                if i > 0 && (blank(b[i - 1]) || brk(b[i - 1]) || b[i - 1] == 0) {
                    block_indicators = true;
                }
            }
            0x7F => {
                special = true;
                forbidden = true;
            }
            _ => special = true, // other control characters, tab included
        }
    }
    let leading = first == b' ' || brk(first);
    let trailing_space = last == b' ';
    let trailing = trailing_space || brk(last);
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
        forbidden,
        nel: false,
    };
    if leading || trailing {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The analysis proper, over the characters of `b` with their byte offsets.
fn analyze_chars(b: &[u8], chars: impl Iterator<Item = (usize, char)>) -> Analysis {
    let mut block_indicators = false;
    let mut forbidden = false;
    let mut nel = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if b.starts_with(b"---") || b.starts_with(b"...") {
        block_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut it = chars.peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let followed_by_whitespace = next.is_none_or(is_blank);
        let is_last = next.is_none();
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
            let v = c as u32;
            if v == 0x85 {
                nel = true;
            } else if (0x7F..=0x9F).contains(&v) || v == 0xFFFE || v == 0xFFFF {
                forbidden = true;
            }
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if is_last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if is_last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(c);
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
        forbidden,
        nel,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The style go-yaml v2 ends up with for a string: the encoder asks for
/// literal (text with `\n`), plain (when the plain text reads back as the same
/// string) or double-quoted; libyaml then downgrades as its analysis demands.
pub(crate) fn select_style(s: &str, a: &Analysis, simple_key: bool) -> Style {
    let mut style = if s.contains('\n') {
        Style::Literal
    } else if plain_is_str(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    if simple_key && a.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain {
        if !a.block_plain_allowed {
            style = Style::SingleQuoted;
        }
        if s.is_empty() && simple_key {
            style = Style::SingleQuoted;
        }
    }
    if style == Style::SingleQuoted && !a.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!a.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

// ---- go-yaml v2 plain scalar resolution --------------------------------------

/// True when go-yaml v2 would read `s`, written plain, back as the string `s`
/// (and it is not a YAML 1.1 base-60 float, which v2 quotes too).
pub(crate) fn plain_is_str(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&c0) = b.first() else {
        return false; // "" is null
    };
    let hint = match c0 {
        b'+' | b'-' => b'S',
        b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return true,
    };
    if in_resolve_map(s) {
        return false;
    }
    match hint {
        b'M' => true,
        b'.' => !go_parse_float_ok(s),
        _ => {
            if is_timestamp(b) {
                return false;
            }
            let owned;
            let plain: &str = if s.contains('_') {
                owned = s.replace('_', "");
                &owned
            } else {
                s
            };
            if go_parse_int_ok(plain) {
                return false;
            }
            if yaml_style_float(plain.as_bytes()) && go_parse_float_ok(plain) {
                return false;
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if parse_radix_signed(rest, 2) {
                    return false;
                }
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                if parse_radix_magnitude(rest.as_bytes(), 2).is_some_and(|m| m <= 1u128 << 63)
                    && !rest.starts_with(['+', '-'])
                {
                    return false;
                }
            }
            !is_base60_float(b)
        }
    }
}

fn in_resolve_map(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "true"
            | "True"
            | "TRUE"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "false"
            | "False"
            | "FALSE"
            | "off"
            | "Off"
            | "OFF"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | ".nan"
            | ".NaN"
            | ".NAN"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
            | "<<"
    )
}

/// Digits of `s` in `radix` as a magnitude (no sign, at least one digit);
/// `None` when malformed. Saturates far above u64 so overflow stays visible.
fn parse_radix_magnitude(s: &[u8], radix: u32) -> Option<u128> {
    if s.is_empty() {
        return None;
    }
    let mut n: u128 = 0;
    for &c in s {
        let d = (c as char).to_digit(radix)?;
        n = n.saturating_mul(radix as u128).saturating_add(d as u128);
    }
    Some(n)
}

/// Go `strconv.ParseInt(s, radix, 64)` succeeds.
fn parse_radix_signed(s: &str, radix: u32) -> bool {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s.as_bytes()[1..]),
        Some(b'+') => (false, &s.as_bytes()[1..]),
        _ => (false, s.as_bytes()),
    };
    match parse_radix_magnitude(digits, radix) {
        Some(m) => {
            if neg {
                m <= 1u128 << 63
            } else {
                m < 1u128 << 63
            }
        }
        None => false,
    }
}

/// Go `strconv.ParseUint(s, 0, 64)` magnitude (base prefixes, old octal).
fn parse_base0_magnitude(s: &[u8]) -> Option<u128> {
    if s.is_empty() {
        return None;
    }
    let (radix, digits): (u32, &[u8]) = if s[0] == b'0' {
        if s.len() >= 3 {
            match s[1].to_ascii_lowercase() {
                b'b' => (2, &s[2..]),
                b'o' => (8, &s[2..]),
                b'x' => (16, &s[2..]),
                _ => (8, &s[1..]),
            }
        } else {
            (8, &s[1..])
        }
    } else {
        (10, s)
    };
    if digits.is_empty() {
        // "0" alone parses as 0 (prefix "0" then no digits).
        return if s.len() == 1 { Some(0) } else { None };
    }
    parse_radix_magnitude(digits, radix)
}

/// Go `strconv.ParseInt(s, 0, 64)` or `strconv.ParseUint(s, 0, 64)` succeeds.
fn go_parse_int_ok(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(b'-') => parse_base0_magnitude(&b[1..]).is_some_and(|m| m <= 1u128 << 63),
        Some(b'+') => parse_base0_magnitude(&b[1..]).is_some_and(|m| m < 1u128 << 63),
        _ => parse_base0_magnitude(b).is_some_and(|m| m <= u64::MAX as u128),
    }
}

/// The regular expression go-yaml v2 requires of floats:
/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &[u8]) -> bool {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < s.len() && s[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if s.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == s.len()
}

/// Go `strconv.ParseFloat(s, 64)` succeeds, for the decimal forms v2 tries
/// (a leading `.` or [`yaml_style_float`] text): well formed and not
/// overflowing.
fn go_parse_float_ok(s: &str) -> bool {
    if !yaml_style_float(s.as_bytes()) {
        return false;
    }
    s.parse::<f64>().is_ok_and(|f| f.is_finite())
}

/// go-yaml v2's base-60 float pattern:
/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &[u8]) -> bool {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !s.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while s.get(i) == Some(&b':') {
        i += 1;
        let Some(&d1) = s.get(i) else { return false };
        if !d1.is_ascii_digit() {
            return false;
        }
        i += 1;
        if s.get(i).is_some_and(u8::is_ascii_digit) {
            if d1 > b'5' {
                return false;
            }
            i += 1;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            i += 1;
        }
    }
    i == s.len()
}

// ---- timestamps (go-yaml v2 parseTimestamp, Go time.Parse) -------------------

/// Go `getnum(s, false)`: one or two digits.
fn getnum(s: &[u8], i: &mut usize) -> Option<u32> {
    let d1 = *s.get(*i)?;
    if !d1.is_ascii_digit() {
        return None;
    }
    *i += 1;
    let mut n = (d1 - b'0') as u32;
    if let Some(&d2) = s.get(*i) {
        if d2.is_ascii_digit() {
            *i += 1;
            n = n * 10 + (d2 - b'0') as u32;
        }
    }
    Some(n)
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 => {
            if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True when go-yaml v2 resolves the plain text as a `!!timestamp`: one of
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`),
/// `2006-1-2 15:4:5.999999999`, `2006-1-2`, as Go's `time.Parse` reads them.
pub(crate) fn is_timestamp(s: &[u8]) -> bool {
    if s.len() < 5 || !s[..4].iter().all(u8::is_ascii_digit) || s[4] != b'-' {
        return false;
    }
    let year = s[..4].iter().fold(0u32, |n, d| n * 10 + (d - b'0') as u32);
    let mut i = 5;
    let Some(month) = getnum(s, &mut i) else {
        return false;
    };
    if !(1..=12).contains(&month) || s.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = getnum(s, &mut i) else {
        return false;
    };
    if day < 1 || day > days_in(month, year) {
        return false;
    }
    if i == s.len() {
        return true;
    }
    let zone = match s[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    let Some(h) = getnum(s, &mut i) else {
        return false;
    };
    if h >= 24 || s.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    let Some(m) = getnum(s, &mut i) else {
        return false;
    };
    if m >= 60 || s.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    let Some(sec) = getnum(s, &mut i) else {
        return false;
    };
    if sec >= 60 {
        return false;
    }
    // Optional fraction: any number of digits after '.' or ','.
    if matches!(s.get(i), Some(b'.' | b',')) && s.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if !zone {
        return i == s.len();
    }
    let rest = &s[i..];
    if rest.first() == Some(&b'Z') {
        return rest.len() == 1;
    }
    if rest.len() != 6 || rest[3] != b':' || !matches!(rest[0], b'+' | b'-') {
        return false;
    }
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| (a - b'0') as u32 * 10 + (b - b'0') as u32)
    };
    match (two(rest[1], rest[2]), two(rest[4], rest[5])) {
        (Some(hh), Some(mm)) => hh <= 24 && mm <= 60,
        _ => false,
    }
}

// ---- numbers -------------------------------------------------------------------

/// The text Kustomize prints for a number: Go `encoding/json` formats it,
/// go-yaml v2 reads that back (integers when they fit int64/uint64, else
/// floats) and prints floats with `strconv.FormatFloat(f, 'g', -1, 64)`.
pub(crate) fn format_number(n: &serde_json::Number, out: &mut String) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else if let Some(f) = n.as_f64() {
        format_float(f, out);
    }
}

/// See [`format_number`].
pub(crate) fn format_float(f: f64, out: &mut String) {
    let abs = f.abs();
    if !f.is_finite() {
        out.push_str(if f.is_nan() {
            ".nan"
        } else if f > 0.0 {
            ".inf"
        } else {
            "-.inf"
        });
        return;
    }
    let exp_form = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    if !exp_form && f.fract() == 0.0 {
        // JSON prints an integer literal; v2 reads it as an int if it fits.
        let t = format!("{f}");
        if let Ok(i) = t.parse::<i64>() {
            let _ = write!(out, "{i}");
            return;
        }
        if let Ok(u) = t.parse::<u64>() {
            let _ = write!(out, "{u}");
            return;
        }
    }
    format_go_g(f, out);
}

/// Significant digits and exponent of `{:e}`-style text (`1.25e-3` →
/// (`125`, -3)).
fn split_exp(e: &str) -> (String, i32) {
    let (mant, exp) = e.split_once('e').unwrap_or((e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp)
}

/// The shortest digits that read back as `f` (non-negative, finite) and
/// their decimal exponent, as Go's `strconv` picks them: when the value lies
/// exactly halfway between two shortest candidates, Go takes the even one
/// (Rust's formatting may take the other).
fn shortest_digits(f: f64) -> (String, i32) {
    let (mut digits, mut exp) = split_exp(&format!("{f:e}"));
    if digits.is_empty() {
        digits.push('0');
    }
    // Ties need an exact expansion one digit longer than the shortest, and
    // shortest forms that drop digits only exist near 15-17 digits.
    if digits.len() >= 15 {
        let n = digits.len();
        let (full, fexp) = split_exp(&format!("{f:.40e}"));
        let fb = full.as_bytes();
        if fexp == exp
            && fb.get(n) == Some(&b'5')
            && fb
                .get(n + 1..)
                .is_some_and(|t| t.iter().all(|&c| c == b'0'))
        {
            let mut low: Vec<u8> = fb[..n].to_vec();
            if low[n - 1] % 2 == 1 {
                // Round up to the even neighbour.
                let mut i = n;
                loop {
                    if i == 0 {
                        low.insert(0, b'1');
                        exp += 1;
                        break;
                    }
                    i -= 1;
                    if low[i] == b'9' {
                        low[i] = b'0';
                    } else {
                        low[i] += 1;
                        break;
                    }
                }
            }
            while low.len() > 1 && low.last() == Some(&b'0') {
                low.pop();
            }
            digits = String::from_utf8(low).unwrap_or(digits);
        }
    }
    (digits, exp)
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)` for finite `f`.
fn format_go_g(f: f64, out: &mut String) {
    let (digits, exp) = shortest_digits(f.abs());
    if f.is_sign_negative() {
        out.push('-');
    }
    if f == 0.0 {
        out.push('0');
        return;
    }
    let nd = digits.len() as i32;
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        let _ = write!(out, "{a}");
    } else {
        let dp = exp + 1; // digits before the decimal point
        if dp > 0 {
            for k in 0..dp {
                out.push(
                    digits
                        .as_bytes()
                        .get(k as usize)
                        .map_or('0', |&b| b as char),
                );
            }
        } else {
            out.push('0');
        }
        if nd > dp {
            out.push('.');
            for k in dp..nd {
                out.push(if k < 0 {
                    '0'
                } else {
                    digits.as_bytes()[k as usize] as char
                });
            }
        }
    }
}

// ---- the JSON round trip ---------------------------------------------------------

/// True when Go's JSON encoding of the key (quotes included) is longer than
/// 1024 characters: go-yaml v2 then no longer takes it for a flow mapping key.
pub(crate) fn json_key_too_long(k: &str) -> bool {
    // An input byte becomes at most six characters.
    if k.len() <= 170 {
        return false;
    }
    let mut n = 2usize;
    for c in k.chars() {
        n += match c {
            '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            c if (c as u32) < 0x20 => 6,
            _ => 1,
        };
    }
    n > 1024
}

/// The string go-yaml v2 reads back from Go's JSON encoding of `s`.
///
/// `encoding/json` escapes every break except NEL (U+0085), which it writes
/// raw; go-yaml's double-quoted scalar scanner then folds it like a line
/// break (a lone NEL and the spaces around it become one space, further NELs
/// newlines). Everything else survives unchanged.
pub(crate) fn json_roundtrip(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() || !s.contains('\u{85}') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    let mut whitespaces = String::new();
    let mut trailing_breaks = String::new();
    while it.peek().is_some() {
        // Non-blank characters.
        while let Some(&c) = it.peek() {
            if c == ' ' || c == '\u{85}' {
                break;
            }
            out.push(c);
            it.next();
        }
        // Blanks and breaks.
        let mut leading_blanks = false;
        while let Some(&c) = it.peek() {
            if c == ' ' {
                if !leading_blanks {
                    whitespaces.push(' ');
                }
            } else if c == '\u{85}' {
                if !leading_blanks {
                    whitespaces.clear();
                    leading_blanks = true;
                } else {
                    trailing_breaks.push('\n');
                }
            } else {
                break;
            }
            it.next();
        }
        if leading_blanks {
            if trailing_breaks.is_empty() {
                out.push(' ');
            } else {
                out.push_str(&trailing_breaks);
            }
            trailing_breaks.clear();
        } else {
            out.push_str(&whitespaces);
            whitespaces.clear();
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(f: f64) -> String {
        let mut s = String::new();
        format_float(f, &mut s);
        s
    }

    #[test]
    fn floats_as_kustomize_prints_them() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1e3), "1000");
        assert_eq!(num(1e21), "1e+21");
        assert_eq!(num(1e20), "1e+20");
        assert_eq!(num(1e19), "10000000000000000000");
        assert_eq!(num(1e-7), "1e-07");
        assert_eq!(num(1e-6), "1e-06");
        assert_eq!(num(0.0001), "0.0001");
        assert_eq!(num(0.00001234), "1.234e-05");
        assert_eq!(num(1234567.5), "1.2345675e+06");
        assert_eq!(num(123456.5), "123456.5");
        assert_eq!(num(-2.5e-300), "-2.5e-300");
        assert_eq!(num(3.0e10), "30000000000");
        // Exactly halfway between two shortest forms: Go takes the even one.
        assert_eq!(num(751_839_681_382_799.3), "7.518396813827992e+14");
        assert_eq!(num(-137_997_724_683_298.62), "-1.3799772468329862e+14");
    }

    #[test]
    fn plain_resolution() {
        for s in [
            "",
            "y",
            "Yes",
            "NO",
            "on",
            "~",
            "null",
            "1",
            "-1",
            "+1",
            "0x1F",
            "0o17",
            "0123",
            "0128",
            "1_000",
            "1_",
            "1.5",
            ".5",
            "-.5",
            "1e3",
            "1.",
            ".inf",
            "-.Inf",
            "12:30",
            "1:2:3",
            "2001-12-14",
            "2001-12-14T21:59:43.10Z",
            "2001-12-14 21:59:43.10",
            "2001-2-3t1:2:3+05:00",
            "0b101",
            "-0b101",
            "99999999999999999999",
        ] {
            assert!(!plain_is_str(s), "{s:?} should not be plain");
        }
        for s in [
            "a",
            "yess",
            "tRUE",
            "<<",
            "1e999",
            ".1e999",
            "12:60",
            "2001-13-01",
            "2001-02-30",
            "0x",
            "0xFFFFFFFFFFFFFFFFFF",
            "-",
            "+",
            "_1",
            "1.2.3",
            "v1",
            "2001-12-14T",
            "nan",
            "inf",
            "2001-12-14 21:59",
        ] {
            assert!(plain_is_str(s), "{s:?} should be plain");
        }
    }

    #[test]
    fn ascii_analysis_matches_general() {
        let samples = [
            "a", " a", "a ", "a\n", "\na", "a \nb", "a\n b", "a:b", "a: b", "a:", ":a", ": a",
            "-a", "- a", "-", "?", "? a", "#a", "a#b", "a #b", "a\n#b", "a\t#b", "---", "...x",
            "a\tb", "a\rb", "a\u{7f}", "x\u{0}#", "a,b", "[a", "a]", "'a", "\"", "%", "@x", "`",
            "a  b", "\n", " ", "a\n\n b", "x:\ty",
        ];
        for s in samples {
            let a = analyze_ascii(s.as_bytes());
            let g = analyze_chars(s.as_bytes(), s.char_indices());
            assert_eq!(
                (
                    a.multiline,
                    a.block_plain_allowed,
                    a.single_quoted_allowed,
                    a.block_allowed,
                    a.forbidden
                ),
                (
                    g.multiline,
                    g.block_plain_allowed,
                    g.single_quoted_allowed,
                    g.block_allowed,
                    g.forbidden
                ),
                "{s:?}"
            );
        }
    }

    #[test]
    fn long_keys() {
        assert!(!json_key_too_long(&"a".repeat(1022)));
        assert!(json_key_too_long(&"a".repeat(1023)));
        assert!(!json_key_too_long(&"<".repeat(170)));
        assert!(json_key_too_long(&"<".repeat(171)));
        assert!(json_key_too_long(&"\"".repeat(512)));
        assert!(!json_key_too_long(&"\"".repeat(511)));
    }

    #[test]
    fn timestamps() {
        assert!(is_timestamp(b"2024-02-29"));
        assert!(!is_timestamp(b"2023-02-29"));
        assert!(is_timestamp(b"2001-12-14T21:59:43.123456789-05:00"));
        assert!(is_timestamp(b"2001-12-14T21:59:43.1234567891Z"));
        assert!(!is_timestamp(b"2001-12-14T24:00:00Z"));
    }
}
