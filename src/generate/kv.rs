//! Key/value sources of generators: `literals` (`KEY=VALUE`), `files`
//! (`[KEY=]PATH`) and env files (`envs` / `env`), with Kustomize's rules.

/// One key and its raw value (file contents may be any bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pair {
    pub key: String,
    pub value: Vec<u8>,
}

/// Parse a literal source `KEY=VALUE`. Surrounding matching quotes (`"` or
/// `'`) are removed from the value.
pub(crate) fn parse_literal(source: &str) -> Result<Pair, String> {
    match source.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok(Pair {
            key: key.to_string(),
            value: remove_quotes(value).as_bytes().to_vec(),
        }),
        _ => Err(format!(
            "invalid literal source {source}, expected key=value"
        )),
    }
}

fn remove_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Split a file source into its key and path: `PATH` gives the file's base
/// name as key, `KEY=PATH` an explicit key.
pub(crate) fn parse_file_source(source: &str) -> Result<(String, String), String> {
    match source.matches('=').count() {
        0 => Ok((path_base(source), source.to_string())),
        1 => {
            let (key, path) = source.split_once('=').unwrap_or_default();
            if key.is_empty() {
                Err(format!(
                    "missing key name for file path {path:?} in source {source:?}"
                ))
            } else if path.is_empty() {
                Err(format!(
                    "missing file path for key name {key:?} in source {source:?}"
                ))
            } else {
                Ok((key.to_string(), path.to_string()))
            }
        }
        _ => Err(format!(
            "source {source:?} key name or file path contains '='"
        )),
    }
}

/// Go's `path.Base`: the last slash-separated element, ignoring trailing
/// slashes; "." for an empty path and "/" for a path of slashes.
fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    match trimmed.rsplit_once('/') {
        Some((_, base)) => base.to_string(),
        None => trimmed.to_string(),
    }
}

/// The longest line Go's `bufio.Scanner` accepts with its default buffer;
/// Kustomize stops reading (silently) at a longer one.
const MAX_LINE: usize = 64 * 1024 - 1;

/// Parse an env file: one `KEY=VALUE` per line; blank lines and lines whose
/// first non-blank character is `#` are skipped; leading white space is
/// dropped; a line without `=` is a key with an empty value; the value is
/// kept verbatim (quotes included); a UTF-8 byte order mark on the first line
/// is ignored; lines end at `\n` with one trailing `\r` removed.
pub(crate) fn parse_env_file(content: &[u8]) -> Result<Vec<Pair>, String> {
    let mut pairs = Vec::new();
    if content.is_empty() {
        return Ok(pairs);
    }
    let body = content.strip_suffix(b"\n").unwrap_or(content);
    for (n, raw) in body.split(|&b| b == b'\n').enumerate() {
        if raw.len() > MAX_LINE {
            break;
        }
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = std::str::from_utf8(raw)
            .map_err(|_| format!("line {} has invalid utf8 bytes", n + 1))?;
        let line = if n == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        if key.is_empty() {
            continue;
        }
        pairs.push(Pair {
            key: key.to_string(),
            value: value.as_bytes().to_vec(),
        });
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(pairs: &[Pair]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|p| {
                (
                    p.key.clone(),
                    String::from_utf8_lossy(&p.value).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn literals() {
        let p = parse_literal("a=\"x y\"").unwrap();
        assert_eq!((p.key.as_str(), p.value.as_slice()), ("a", &b"x y"[..]));
        assert_eq!(parse_literal("b='true'").unwrap().value, b"true");
        assert_eq!(
            parse_literal("e=\"unbalanced").unwrap().value,
            b"\"unbalanced"
        );
        assert_eq!(parse_literal("f=a=b").unwrap().value, b"a=b");
        assert_eq!(parse_literal("g=").unwrap().value, b"");
        assert_eq!(parse_literal("h=\"").unwrap().value, b"\"");
        assert_eq!(parse_literal("i=''").unwrap().value, b"");
        assert!(parse_literal("=x").is_err());
        assert!(parse_literal("novalue").is_err());
    }

    #[test]
    fn file_sources() {
        assert_eq!(
            parse_file_source("./path/myfile").unwrap(),
            ("myfile".into(), "./path/myfile".into())
        );
        assert_eq!(
            parse_file_source("newName.ini=oldName").unwrap(),
            ("newName.ini".into(), "oldName".into())
        );
        assert_eq!(
            parse_file_source("dir/").unwrap(),
            ("dir".into(), "dir/".into())
        );
        assert!(parse_file_source("a==b").is_err());
        assert!(parse_file_source("=b").is_err());
        assert!(parse_file_source("a=").is_err());
    }

    #[test]
    fn env_files() {
        let content = b"\xef\xbb\xbf# comment\n\n  FOO=bar\nBARE\nQ=\"quoted value\"\nS=  spaced  \nKEY WITH SPACE=x\nCR=y\r\nEMPTY=\n=novalue\n\t# indented comment\nLAST=1";
        assert_eq!(
            kv(&parse_env_file(content).unwrap()),
            vec![
                ("FOO".into(), "bar".into()),
                ("BARE".into(), "".into()),
                ("Q".into(), "\"quoted value\"".into()),
                ("S".into(), "  spaced  ".into()),
                ("KEY WITH SPACE".into(), "x".into()),
                ("CR".into(), "y".into()),
                ("EMPTY".into(), "".into()),
                ("LAST".into(), "1".into()),
            ]
        );
        assert!(parse_env_file(b"A=\xff\n").is_err());
        assert!(parse_env_file(b"").unwrap().is_empty());
        assert!(parse_env_file(b"\n\n").unwrap().is_empty());
    }

    #[test]
    fn env_file_stops_at_overlong_line() {
        let mut content = b"A=1\nB=".to_vec();
        content.extend(std::iter::repeat_n(b'x', 70_000));
        content.extend_from_slice(b"\nC=3\n");
        assert_eq!(
            kv(&parse_env_file(&content).unwrap()),
            vec![("A".into(), "1".into())]
        );
    }
}
