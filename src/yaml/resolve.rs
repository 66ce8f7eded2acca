//! Scalar resolution as go-yaml v3 does it when decoding into `interface{}`,
//! followed by Go's JSON marshalling (how Kustomize turns a node into JSON).

use crate::resource::Value;
use serde_json::Number;

/// The core type a scalar resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
    Str,
    Merge,
    /// A float or timestamp Go cannot marshal to JSON (NaN, ±Inf, zone offset
    /// of 24 hours or more); the value is a string holding Go's error message.
    Unrepresentable(BadKind),
}

/// What kind of value an [`Kind::Unrepresentable`] stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadKind {
    Float,
    Timestamp,
}

fn unsupported(what: &str) -> (Kind, Value) {
    (
        Kind::Unrepresentable(BadKind::Float),
        Value::String(format!("json: unsupported value: {what}")),
    )
}

/// Short form of a tag (`tag:yaml.org,2002:str` → `!!str`).
pub fn short_tag(tag: &str) -> std::borrow::Cow<'_, str> {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => std::borrow::Cow::Owned(format!("!!{rest}")),
        None => std::borrow::Cow::Borrowed(tag),
    }
}

/// Resolve an untagged plain scalar as go-yaml v2 does when decoding into
/// `interface{}` (sigs.k8s.io/yaml's `YAMLToJSON`, which Kustomize applies
/// to JSON 6902 patch text): YAML 1.1 booleans (`y`, `yes`, `on`, `n`,
/// `no`, `off` in three cases) and timestamps kept as their text; the rest
/// as [`resolve_plain`].
pub fn resolve_plain_yaml11(s: &str) -> (Kind, Value) {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => (Kind::Bool, Value::Bool(true)),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => (Kind::Bool, Value::Bool(false)),
        _ => match resolve_plain(s) {
            (Kind::Timestamp | Kind::Unrepresentable(BadKind::Timestamp), _) => {
                (Kind::Str, Value::String(s.to_string()))
            }
            other => other,
        },
    }
}

/// The string sigs.k8s.io/yaml's `YAMLToJSON` makes of a resolved plain
/// mapping key: strings as they are, booleans `true`/`false`, integers in
/// decimal, floats as Go's `FormatFloat(f, 'g', -1, 32)`. Null and integers
/// beyond int64 are errors, as there.
pub fn yaml11_key_text(kind: Kind, value: &Value, text: &str) -> Result<String, String> {
    let unsupported = |what: &str| Err(format!("Unsupported map key of type: {what}, key: {text}"));
    match (kind, value) {
        (_, Value::String(s)) if matches!(kind, Kind::Str | Kind::Merge) => Ok(s.clone()),
        (_, Value::Bool(b)) => Ok(b.to_string()),
        (_, Value::Number(n)) if n.is_i64() => Ok(n.to_string()),
        (_, Value::Number(n)) if n.is_u64() => unsupported("uint64"),
        (_, Value::Number(n)) => Ok(n.as_f64().map(go_float32_g).unwrap_or_default()),
        (Kind::Unrepresentable(_), _) => Ok(match text.trim_start_matches('+') {
            ".nan" | ".NaN" | ".NAN" => ".nan".to_string(),
            t if t.starts_with('-') => "-.inf".to_string(),
            _ => ".inf".to_string(),
        }),
        _ => unsupported("<nil>"),
    }
}

/// Go `strconv.FormatFloat(f, 'g', -1, 32)` for finite `f`: the shortest
/// digits that identify the float32, in exponent form below 1e-4 or from
/// 1e6 up (`1.2345679e+08`).
fn go_float32_g(f: f64) -> String {
    let x = f as f32;
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `-1.5e-7`.
    let e_form = format!("{x:e}");
    let (mantissa, exp) = e_form.split_once('e').unwrap_or((&e_form, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let dot = if rest.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}{rest}e{esign}{:02}", exp.abs());
    }
    let point = exp + 1; // digits before the decimal point
    if point <= 0 {
        format!(
            "{sign}0.{}{digits}",
            "0".repeat(point.unsigned_abs() as usize)
        )
    } else if (point as usize) >= digits.len() {
        format!(
            "{sign}{digits}{}",
            "0".repeat(point as usize - digits.len())
        )
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{sign}{int}.{frac}")
    }
}

/// Resolve an untagged plain scalar.
pub fn resolve_plain(s: &str) -> (Kind, Value) {
    let Some(&first) = s.as_bytes().first() else {
        return (Kind::Null, Value::Null);
    };
    match first {
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => match s {
            "true" | "True" | "TRUE" => (Kind::Bool, Value::Bool(true)),
            "false" | "False" | "FALSE" => (Kind::Bool, Value::Bool(false)),
            "~" | "null" | "Null" | "NULL" => (Kind::Null, Value::Null),
            _ => (Kind::Str, Value::String(s.to_string())),
        },
        b'.' => match s {
            ".nan" | ".NaN" | ".NAN" => unsupported("NaN"),
            ".inf" | ".Inf" | ".INF" => unsupported("+Inf"),
            _ => match parse_go_float(s) {
                Some(f) => (Kind::Float, float_value(f, s)),
                None => (Kind::Str, Value::String(s.to_string())),
            },
        },
        b'+' | b'-' | b'0'..=b'9' => {
            match s {
                "+.inf" | "+.Inf" | "+.INF" => return unsupported("+Inf"),
                "-.inf" | "-.Inf" | "-.INF" => return unsupported("-Inf"),
                _ => {}
            }
            if let Some(ts) = parse_timestamp(s) {
                return match ts {
                    Ok(ts) => (Kind::Timestamp, Value::String(ts)),
                    Err(msg) => (
                        Kind::Unrepresentable(BadKind::Timestamp),
                        Value::String(msg),
                    ),
                };
            }
            match resolve_number(s) {
                Some(r) => r,
                None => (Kind::Str, Value::String(s.to_string())),
            }
        }
        b'<' if s == "<<" => (Kind::Merge, Value::String(s.to_string())),
        _ => (Kind::Str, Value::String(s.to_string())),
    }
}

fn float_value(f: f64, original: &str) -> Value {
    match Number::from_f64(f) {
        Some(n) => Value::Number(n),
        None => Value::String(original.to_string()),
    }
}

fn resolve_number(s: &str) -> Option<(Kind, Value)> {
    let plain: std::borrow::Cow<str> = if s.contains('_') {
        std::borrow::Cow::Owned(s.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    let p: &str = &plain;
    if let Some(v) = go_parse_int(p) {
        return Some((Kind::Int, Value::Number(v.into())));
    }
    if let Some(v) = go_parse_uint(p) {
        return Some((Kind::Int, Value::Number(v.into())));
    }
    if yaml_style_float(p) {
        if let Some(f) = parse_go_float(p) {
            return Some((Kind::Float, float_value(f, s)));
        }
    }
    if let Some(rest) = p.strip_prefix("0b") {
        if let Some(v) = parse_radix_i64(rest, 2, false) {
            return Some((Kind::Int, Value::Number(v.into())));
        }
        if let Some(v) = parse_radix_u64(rest, 2) {
            return Some((Kind::Int, Value::Number(v.into())));
        }
    } else if let Some(rest) = p.strip_prefix("-0b") {
        if let Some(v) = parse_radix_i64(rest, 2, true) {
            return Some((Kind::Int, Value::Number(v.into())));
        }
    }
    if let Some(rest) = p.strip_prefix("0o") {
        if let Some(v) = parse_radix_i64(rest, 8, false) {
            return Some((Kind::Int, Value::Number(v.into())));
        }
        if let Some(v) = parse_radix_u64(rest, 8) {
            return Some((Kind::Int, Value::Number(v.into())));
        }
    } else if let Some(rest) = p.strip_prefix("-0o") {
        if let Some(v) = parse_radix_i64(rest, 8, true) {
            return Some((Kind::Int, Value::Number(v.into())));
        }
    }
    None
}

/// Digits of `s` in `radix` (no sign, no underscores), as u64.
fn parse_radix_u64(s: &str, radix: u32) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|c| (c as char).is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(s, radix).ok()
}

fn parse_radix_i64(s: &str, radix: u32, neg: bool) -> Option<i64> {
    let u = parse_radix_u64(s, radix)?;
    if neg {
        if u <= i64::MAX as u64 + 1 {
            Some((u as i64).wrapping_neg())
        } else {
            None
        }
    } else if u <= i64::MAX as u64 {
        Some(u as i64)
    } else {
        None
    }
}

/// Go `strconv.ParseUint(s, 0, 64)` (underscores already removed).
fn go_parse_uint(s: &str) -> Option<u64> {
    let (digits, radix) = split_base(s)?;
    parse_radix_u64(digits, radix)
}

/// Go `strconv.ParseInt(s, 0, 64)` (underscores already removed).
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (digits, radix) = split_base(rest)?;
    parse_radix_i64(digits, radix, neg)
}

fn split_base(s: &str) -> Option<(&str, u32)> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b[0] == b'0' && b.len() > 1 {
        match b[1] {
            b'x' | b'X' => return Some((&s[2..], 16)),
            b'o' | b'O' => return Some((&s[2..], 8)),
            b'b' | b'B' => return Some((&s[2..], 2)),
            _ => return Some((&s[1..], 8)),
        }
    }
    Some((s, 10))
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go `strconv.ParseFloat(s, 64)` for decimal syntax; `None` on syntax error
/// or overflow (Go reports a range error there).
pub fn parse_go_float(s: &str) -> Option<f64> {
    // Accept only plain decimal syntax: sign, digits, '.', exponent.
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let lower = s[i..].to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        // Go accepts these; Kustomize then fails to marshal them to JSON.
        return Some(if lower == "nan" {
            f64::NAN
        } else if b.first() == Some(&b'-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower.starts_with("0x") {
        return None;
    }
    let mut mant = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        mant += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            mant += 1;
        }
    }
    if mant == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_infinite() {
        return None;
    }
    Some(f)
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// Go's `getnum(s, false)`: one or two digits.
fn getnum(b: &[u8], i: &mut usize) -> Option<u32> {
    let d0 = *b.get(*i)?;
    if !d0.is_ascii_digit() {
        return None;
    }
    *i += 1;
    match b.get(*i) {
        Some(d1) if d1.is_ascii_digit() => {
            *i += 1;
            Some(u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'))
        }
        _ => Some(u32::from(d0 - b'0')),
    }
}

/// Parse a YAML timestamp as go-yaml v3 does (Go `time.Parse` with its four
/// layouts) and format it as Go marshals a `time.Time` to JSON (RFC 3339 with
/// nanoseconds, trailing zeros trimmed).
///
/// `Some(Err(message))`: a valid timestamp that Go cannot marshal.
pub fn parse_timestamp(s: &str) -> Option<Result<String, String>> {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let year: i64 = s[..4].parse().ok()?;
    let mut i = 5;
    let month = getnum(b, &mut i)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    if b.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let day = getnum(b, &mut i)?;
    if day < 1 || day > days_in(month, year) {
        return None;
    }
    let mut out = format!("{year:04}-{month:02}-{day:02}T");
    if i == b.len() {
        out.push_str("00:00:00Z");
        return Some(Ok(out));
    }
    let sep = b[i];
    if sep != b'T' && sep != b't' && sep != b' ' {
        return None;
    }
    i += 1;
    let hour = getnum(b, &mut i)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let min = getnum(b, &mut i)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let sec = getnum(b, &mut i)?;
    if hour >= 24 || min >= 60 || sec >= 60 {
        return None;
    }
    let mut nanos: u32 = 0;
    if i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
        i += 1;
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &s[st..i];
        let digits = &digits[..digits.len().min(9)];
        let mut v: u32 = digits.parse().ok()?;
        for _ in digits.len()..9 {
            v *= 10;
        }
        nanos = v;
    }
    out.push_str(&format!("{hour:02}:{min:02}:{sec:02}"));
    if nanos > 0 {
        let f = format!("{nanos:09}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if sep == b' ' {
        // Layout without zone: UTC.
        if i != b.len() {
            return None;
        }
        out.push('Z');
        return Some(Ok(out));
    }
    // Zone: `Z` or `±hh:mm`.
    let rest = &b[i..];
    if rest == b"Z" {
        out.push('Z');
        return Some(Ok(out));
    }
    if rest.len() != 6 || rest[3] != b':' || !(rest[0] == b'+' || rest[0] == b'-') {
        return None;
    }
    let two = |x: &[u8]| -> Option<u32> {
        if x.len() == 2 && x.iter().all(u8::is_ascii_digit) {
            Some(u32::from(x[0] - b'0') * 10 + u32::from(x[1] - b'0'))
        } else {
            None
        }
    };
    let hh = two(&rest[1..3])?;
    let mm = two(&rest[4..6])?;
    if hh > 24 || mm > 60 {
        return None;
    }
    let off = hh * 60 + mm;
    if off / 60 >= 24 {
        return Some(Err(
            "json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: timezone hour outside of range [0,23]".to_string(),
        ));
    }
    if off == 0 {
        out.push('Z');
    } else {
        out.push_str(&format!(
            "{}{:02}:{:02}",
            rest[0] as char,
            off / 60,
            off % 60
        ));
    }
    Some(Ok(out))
}

/// Resolve a scalar that carries an explicit core tag (short form), as
/// go-yaml v3's `resolve(tag, value)` does. Returns an error message when
/// the value does not fit the tag.
pub fn resolve_tagged(tag: &str, s: &str) -> Result<(Kind, Value), String> {
    resolve_tagged_by(tag, s, resolve_plain)
}

/// [`resolve_tagged`] as go-yaml v2 does it when decoding into
/// `interface{}`: the text resolves with YAML 1.1 rules (`!!bool on` is
/// true), and a `!!timestamp` keeps its text.
pub fn resolve_tagged_yaml11(tag: &str, s: &str) -> Result<(Kind, Value), String> {
    if tag == "!!timestamp" {
        if let (Kind::Timestamp | Kind::Unrepresentable(BadKind::Timestamp), _) = resolve_plain(s) {
            return Ok((Kind::Str, Value::String(s.to_string())));
        }
    }
    resolve_tagged_by(tag, s, resolve_plain_yaml11)
}

/// [`resolve_tagged`] with `base` resolving the text.
fn resolve_tagged_by(
    tag: &str,
    s: &str,
    base: fn(&str) -> (Kind, Value),
) -> Result<(Kind, Value), String> {
    let want = match tag {
        "!!null" => Kind::Null,
        "!!bool" => Kind::Bool,
        "!!int" => Kind::Int,
        "!!float" => Kind::Float,
        "!!timestamp" => Kind::Timestamp,
        "!!str" => return Ok((Kind::Str, Value::String(s.to_string()))),
        _ => return Ok((Kind::Str, Value::String(s.to_string()))),
    };
    let (kind, v) = base(s);
    let (kind, v) = if kind == Kind::Merge {
        (Kind::Str, v)
    } else {
        (kind, v)
    };
    if let Kind::Unrepresentable(bad) = kind {
        if (bad == BadKind::Float && want == Kind::Float)
            || (bad == BadKind::Timestamp && want == Kind::Timestamp)
        {
            return Ok((kind, v));
        }
    }
    if kind == want {
        return Ok((kind, v));
    }
    if want == Kind::Float && kind == Kind::Int {
        if let Some(f) = v.as_f64() {
            if let Some(n) = Number::from_f64(f) {
                return Ok((Kind::Float, Value::Number(n)));
            }
        }
    }
    // A timestamp-tagged value that does not parse stays a string in Go's
    // resolver, which then fails the tag check like any other mismatch.
    let have = match kind {
        Kind::Null => "!!null",
        Kind::Bool => "!!bool",
        Kind::Int => "!!int",
        Kind::Float => "!!float",
        Kind::Timestamp => "!!timestamp",
        Kind::Str | Kind::Merge => "!!str",
        Kind::Unrepresentable(BadKind::Float) => "!!float",
        Kind::Unrepresentable(BadKind::Timestamp) => "!!timestamp",
    };
    Err(format!("cannot decode {have} `{s}` as a {tag}"))
}

/// Decode `!!binary` content (standard base64, line breaks ignored) into a
/// string, replacing invalid UTF-8 as Go's JSON encoder does.
pub fn decode_binary(s: &str) -> Result<String, String> {
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut pad = 0;
    let mut count = 0;
    for c in s.bytes() {
        if c == b'\n' || c == b'\r' {
            continue;
        }
        count += 1;
        if c == b'=' {
            pad += 1;
            continue;
        }
        if pad > 0 {
            return Err("!!binary value contains invalid base64 data".into());
        }
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err("!!binary value contains invalid base64 data".into()),
        };
        bits = (bits << 6) | u32::from(v);
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    if count % 4 != 0 || pad > 2 {
        return Err("!!binary value contains invalid base64 data".into());
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn r(s: &str) -> Value {
        resolve_plain(s).1
    }

    #[test]
    fn nulls_and_bools() {
        for s in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(r(s), Value::Null, "{s}");
        }
        for s in ["true", "True", "TRUE"] {
            assert_eq!(r(s), json!(true));
        }
        for s in ["false", "False", "FALSE"] {
            assert_eq!(r(s), json!(false));
        }
        for s in ["yes", "no", "on", "off", "y", "n", "tRUE", "nULL"] {
            assert_eq!(r(s), json!(s));
        }
    }

    #[test]
    fn ints() {
        assert_eq!(r("0755"), json!(493));
        assert_eq!(r("0x1F"), json!(31));
        assert_eq!(r("0o17"), json!(15));
        assert_eq!(r("0b101"), json!(5));
        assert_eq!(r("-0b11"), json!(-3));
        assert_eq!(r("-0o17"), json!(-15));
        assert_eq!(r("1_000"), json!(1000));
        assert_eq!(r("+12"), json!(12));
        assert_eq!(r("-12"), json!(-12));
        assert_eq!(r("0"), json!(0));
        assert_eq!(r("-9223372036854775808"), json!(i64::MIN));
        assert_eq!(r("18446744073709551615"), json!(u64::MAX));
        assert_eq!(r("99999999999999999999"), json!(1e20));
        assert!(r("99999999999999999999").as_f64().is_some());
        assert_eq!(r("08"), json!(8.0));
        assert!(r("08").is_f64());
        assert_eq!(r("0x"), json!("0x"));
        assert_eq!(r("1_"), json!(1));
        assert_eq!(r("0xG"), json!("0xG"));
    }

    #[test]
    fn floats() {
        assert!(r("1.0").is_f64());
        assert_eq!(r("1e3"), json!(1000.0));
        assert_eq!(r(".5"), json!(0.5));
        assert_eq!(r("-.5"), json!(-0.5));
        assert_eq!(r("1."), json!(1.0));
        assert_eq!(r("1e400"), json!("1e400"));
        assert_eq!(r("1.5e"), json!("1.5e"));
        assert_eq!(r("."), json!("."));
        assert_eq!(r("1.2.3"), json!("1.2.3"));
        assert_eq!(
            resolve_plain(".nan"),
            (
                Kind::Unrepresentable(BadKind::Float),
                json!("json: unsupported value: NaN")
            )
        );
        assert_eq!(r("-.Inf"), json!("json: unsupported value: -Inf"));
        assert_eq!(r("+.inf"), json!("json: unsupported value: +Inf"));
        assert_eq!(r(".iNf"), json!(".iNf"));
    }

    #[test]
    fn timestamps() {
        assert_eq!(r("2001-12-14"), json!("2001-12-14T00:00:00Z"));
        assert_eq!(
            r("2001-12-14T21:59:43.10-05:00"),
            json!("2001-12-14T21:59:43.1-05:00")
        );
        assert_eq!(r("2001-12-14 21:59:43.10"), json!("2001-12-14T21:59:43.1Z"));
        assert_eq!(
            r("2001-12-14t21:59:43.10Z"),
            json!("2001-12-14T21:59:43.1Z")
        );
        assert_eq!(r("2001-1-4"), json!("2001-01-04T00:00:00Z"));
        assert_eq!(
            r("2001-12-14T21:59:43+00:00"),
            json!("2001-12-14T21:59:43Z")
        );
        assert_eq!(
            r("2001-12-14 21:59:43.10 -5"),
            json!("2001-12-14 21:59:43.10 -5")
        );
        assert_eq!(r("2001-02-30"), json!("2001-02-30"));
        assert_eq!(r("2000-02-29"), json!("2000-02-29T00:00:00Z"));
        assert_eq!(r("2001-13-01"), json!("2001-13-01"));
        assert_eq!(r("2001-12-14T1:2:3Z"), json!("2001-12-14T01:02:03Z"));
        assert_eq!(
            r("2001-12-14T21:59:43.1234567891Z"),
            json!("2001-12-14T21:59:43.123456789Z")
        );
        assert_eq!(r("2001-12-14T21:59:43"), json!("2001-12-14T21:59:43"));
        assert_eq!(r("2001-12-14x"), json!("2001-12-14x"));
        assert_eq!(
            resolve_plain("2001-12-14T21:59:43+24:00").0,
            Kind::Unrepresentable(BadKind::Timestamp)
        );
        assert_eq!(
            r("2001-12-14T21:59:43+23:59"),
            json!("2001-12-14T21:59:43+23:59")
        );
    }

    #[test]
    fn tagged() {
        assert_eq!(resolve_tagged("!!str", "12").unwrap().1, json!("12"));
        assert_eq!(resolve_tagged("!!int", "12").unwrap().1, json!(12));
        assert!(resolve_tagged("!!float", "12").unwrap().1.is_f64());
        assert!(resolve_tagged("!!int", "abc").is_err());
        assert!(resolve_tagged("!!null", "foo").is_err());
        assert_eq!(resolve_tagged("!!null", "").unwrap().1, Value::Null);
        assert_eq!(resolve_tagged("!!bool", "true").unwrap().1, json!(true));
        // go-yaml v2: YAML 1.1 booleans, timestamps keep their text.
        assert_eq!(
            resolve_tagged_yaml11("!!bool", "on").unwrap().1,
            json!(true)
        );
        assert_eq!(
            resolve_tagged_yaml11("!!bool", "No").unwrap().1,
            json!(false)
        );
        assert!(resolve_tagged("!!bool", "on").is_err());
        let ts = resolve_tagged_yaml11("!!timestamp", "2001-12-14").unwrap();
        assert_eq!(ts.1, json!("2001-12-14"));
        assert!(resolve_tagged_yaml11("!!timestamp", "yes").is_err());
        assert!(resolve_tagged_yaml11("!!int", "2001-12-14").is_err());
        assert!(resolve_tagged_yaml11("!!float", "3").unwrap().1.is_f64());
    }

    #[test]
    fn binary() {
        assert_eq!(decode_binary("aGVsbG8=").unwrap(), "hello");
        assert_eq!(decode_binary("aGVs\nbG8=").unwrap(), "hello");
        assert!(decode_binary("aGVsbG8").is_err());
        assert!(decode_binary("a$==").is_err());
    }

    /// go-yaml v2 / sigs.k8s.io/yaml, as kubectl applies a YAML JSON patch.
    #[test]
    fn yaml11_values_and_keys() {
        let v = |s: &str| resolve_plain_yaml11(s).1;
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True",
        ] {
            assert_eq!(v(t), json!(true), "{t}");
        }
        for f in ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false"] {
            assert_eq!(v(f), json!(false), "{f}");
        }
        assert_eq!(v("yES"), json!("yES"));
        assert_eq!(v("2001-12-14"), json!("2001-12-14"));
        assert_eq!(
            v("2001-12-14T21:59:43.10-05:00"),
            json!("2001-12-14T21:59:43.10-05:00")
        );
        assert_eq!(v("0x1F"), json!(31));
        assert_eq!(v("1_000"), json!(1000));
        assert_eq!(v("~"), Value::Null);
        let key = |s: &str| {
            let (kind, value) = resolve_plain_yaml11(s);
            yaml11_key_text(kind, &value, s)
        };
        let cases = [
            ("n", "false"),
            ("on", "true"),
            ("2", "2"),
            ("0x1F", "31"),
            ("1e3", "1000"),
            ("1.5", "1.5"),
            ("3.14159265358979", "3.1415927"),
            ("1e21", "1e+21"),
            ("0.00001", "1e-05"),
            ("0.0001", "0.0001"),
            ("-2.5e-7", "-2.5e-07"),
            ("123456789.0", "1.2345679e+08"),
            ("123456.0", "123456"),
            ("1000000.0", "1e+06"),
            ("100.5", "100.5"),
            ("-0.0", "-0"),
            (".inf", ".inf"),
            ("-.Inf", "-.inf"),
            (".NaN", ".nan"),
            ("2001-12-14", "2001-12-14"),
            ("abc", "abc"),
        ];
        for (text, want) in cases {
            assert_eq!(key(text).as_deref(), Ok(want), "{text}");
        }
        assert!(key("~").is_err());
        assert!(key("18446744073709551615").is_err());
    }
}
