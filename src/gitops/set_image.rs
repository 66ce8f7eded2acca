//! `edit set image`: pin an image in a kustomization's `images:` without
//! touching anything else in the file.
//!
//! Argument syntax and semantics follow `kustomize edit set image`: an entry
//! with the same `name` is replaced by the argument's fields (a `*` keeps the
//! existing value of that field), a new name is added. Unlike Kustomize, the
//! file is edited in place: comments, key order, quoting, blank lines and
//! indentation stay byte for byte, and the write is atomic.

use crate::error::{Error, Result};
use crate::resource::{Map, Value};
use crate::yaml::edit::{
    Block, Located, Splices, Style, document_block, format_scalar, line_end_after, style_of,
    unquote,
};
use crate::yaml::{ParseOptions, parse_documents};
use std::path::{Path, PathBuf};

/// One image setting, as parsed from `NAME=NEWNAME:TAG@DIGEST` and friends.
/// An empty field means "absent"; `*` means "keep what the file has".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageSetting {
    /// The image name to match (`images[].name`).
    pub name: String,
    /// New image name.
    pub new_name: String,
    /// New tag.
    pub new_tag: String,
    /// Digest (`sha256:...`).
    pub digest: String,
}

const PRESERVE: &str = "*";

impl ImageSetting {
    /// Parse one argument of `edit set image`.
    ///
    /// ```
    /// use rustomize::gitops::set_image::ImageSetting;
    /// let s = ImageSetting::parse("web=registry.example.com/web:1.4.2").unwrap();
    /// assert_eq!((s.name.as_str(), s.new_name.as_str(), s.new_tag.as_str()),
    ///            ("web", "registry.example.com/web", "1.4.2"));
    /// let s = ImageSetting::parse("nginx@sha256:abc").unwrap();
    /// assert_eq!(s.digest, "sha256:abc");
    /// assert!(ImageSetting::parse("nginx").is_err());
    /// ```
    pub fn parse(arg: &str) -> Result<Self> {
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) => (Some(k), v),
            None => (None, arg),
        };
        let (name, tag, digest) = split_image(value);
        if name == arg || name.is_empty() || key == Some("") {
            return Err(Error::invalid(
                "<arguments>",
                format!(
                    "invalid image '{arg}': use one of <image>=<newimage>:<newtag>, \
                     <image>=<newimage>@<digest>, <image>=<newimage>:<newtag>@<digest>, \
                     <image>=<newimage>, <image>:<newtag>, <image>:<newtag>@<digest>, <image>@<digest>"
                ),
            ));
        }
        if !tag.is_empty()
            && tag != PRESERVE
            && !tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            return Err(Error::invalid(
                "<arguments>",
                format!("invalid tag '{tag}' in '{arg}': only alphanumerics, '.', '_' and '-'"),
            ));
        }
        Ok(match key {
            Some(k) => ImageSetting {
                name: k.to_string(),
                new_name: name.to_string(),
                new_tag: tag.to_string(),
                digest: digest.to_string(),
            },
            None => ImageSetting {
                name: name.to_string(),
                new_name: String::new(),
                new_tag: tag.to_string(),
                digest: digest.to_string(),
            },
        })
    }
}

/// Split `[host[:port]/]path[:tag][@digest]` into (name, tag, digest).
pub fn split_image(image: &str) -> (&str, &str, &str) {
    let slash = image.find('/').filter(|&i| i > 0).unwrap_or(0);
    let search = &image[slash..];
    let at = search.find('@').map(|i| i + slash);
    let colon = search.find(':').map(|i| i + slash);
    match (colon, at) {
        (None, None) => (image, "", ""),
        (c, Some(a)) if c.is_none_or(|c| a < c) => (&image[..a], "", &image[a + 1..]),
        (Some(c), Some(a)) => (&image[..c], &image[c + 1..a], &image[a + 1..]),
        (Some(c), None) => (&image[..c], &image[c + 1..], ""),
        (None, Some(_)) => unreachable!("covered by the guard above"),
    }
}

/// The fields of an `images:` entry this command manages, in Kustomize's key order.
const FIELDS: [&str; 3] = ["digest", "newName", "newTag"];

fn field_value<'a>(s: &'a ImageSetting, field: &str) -> &'a str {
    match field {
        "digest" => &s.digest,
        "newName" => &s.new_name,
        _ => &s.new_tag,
    }
}

/// Apply settings to the text of a kustomization file; returns the new text.
/// Nothing but the `images:` entries named by `settings` changes.
///
/// ```
/// use rustomize::gitops::set_image::{set_images_in_text, ImageSetting};
/// let src = "resources:\n- ../../base # shared\nimages:\n- name: web\n  newTag: \"1.0\"\n";
/// let out = set_images_in_text(src, &[ImageSetting::parse("web:1.1").unwrap()], "k.yaml").unwrap();
/// assert_eq!(out, "resources:\n- ../../base # shared\nimages:\n- name: web\n  newTag: \"1.1\"\n");
/// ```
pub fn set_images_in_text(src: &str, settings: &[ImageSetting], path: &str) -> Result<String> {
    let bad = |m: String| Error::invalid(path, m);
    let opts = ParseOptions::default();
    let docs = parse_documents(src, Path::new(path), &opts)?;
    let original = match docs.as_slice() {
        [] => Value::Object(Map::new()),
        [Value::Null] => Value::Object(Map::new()),
        [v @ Value::Object(_)] => v.clone(),
        _ => return Err(bad("a kustomization file must hold one mapping".into())),
    };
    if src.trim_start().starts_with("---") || src.contains("\n---") {
        return Err(bad(
            "document markers in a kustomization are not edited".into()
        ));
    }
    // Later arguments for the same name win, as in Kustomize.
    let mut wanted: Vec<ImageSetting> = Vec::new();
    for s in settings {
        wanted.retain(|w| w.name != s.name);
        wanted.push(s.clone());
    }

    let top = document_block(src, 0..src.len());
    let mut splices = Splices::default();
    let mut expected_images: Vec<Value> = match original.get("images") {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let mut appended: Vec<ImageSetting> = Vec::new();

    let entry = top.get(src, "images");
    let items: Vec<Block> = match &entry {
        None
        | Some(crate::yaml::edit::Entry {
            value: Located::Empty | Located::EmptyFlowSeq(_),
            ..
        }) => Vec::new(),
        Some(crate::yaml::edit::Entry {
            value: Located::Block(b),
            ..
        }) if b.is_sequence(src) => b.items(src),
        Some(_) => {
            return Err(bad(
                "'images' is not a block sequence; edit it by hand or rewrite it in block style"
                    .into(),
            ));
        }
    };

    for s in &wanted {
        let found = items.iter().enumerate().find(|(_, item)| {
            matches!(item.get(src, "name"), Some(e) if matches!(&e.value, Located::Scalar(r) if unquote(&src[r.clone()]) == s.name))
        });
        match found {
            Some((idx, item)) => {
                let existing = expected_images.get(idx).cloned().unwrap_or(Value::Null);
                let resolved = resolve_preserve(s, &existing);
                edit_item(src, item, &resolved, &mut splices).map_err(bad)?;
                expected_images[idx] = image_value(&resolved);
            }
            None => {
                let resolved = resolve_preserve(s, &Value::Null);
                expected_images.push(image_value(&resolved));
                appended.push(resolved);
            }
        }
    }

    if !appended.is_empty() {
        append_items(src, &top, entry.as_ref(), &items, &appended, &mut splices).map_err(bad)?;
    }
    let out = splices.apply(src);

    // Verify: the result must parse to the original with only `images` changed.
    let mut expected = original;
    if let Value::Object(m) = &mut expected {
        if !expected_images.is_empty() || m.contains_key("images") {
            m.insert("images".into(), Value::Array(expected_images));
        }
    }
    let got = parse_documents(&out, Path::new(path), &opts)?;
    if got.len() != 1 || got[0] != expected {
        return Err(bad(
            "the edit could not be made without changing other content; file left untouched".into(),
        ));
    }
    Ok(out)
}

fn resolve_preserve(s: &ImageSetting, existing: &Value) -> ImageSetting {
    let old = |k: &str| {
        existing
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let keep = |new: &str, k: &str| {
        if new == PRESERVE {
            old(k)
        } else {
            new.to_string()
        }
    };
    ImageSetting {
        name: s.name.clone(),
        new_name: keep(&s.new_name, "newName"),
        new_tag: keep(&s.new_tag, "newTag"),
        digest: keep(&s.digest, "digest"),
    }
}

fn image_value(s: &ImageSetting) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), Value::String(s.name.clone()));
    for f in FIELDS {
        let v = field_value(s, f);
        if !v.is_empty() {
            m.insert(f.into(), Value::String(v.to_string()));
        }
    }
    Value::Object(m)
}

/// Rewrite one existing item so its managed fields equal `s`'s.
fn edit_item(
    src: &str,
    item: &Block,
    s: &ImageSetting,
    splices: &mut Splices,
) -> std::result::Result<(), String> {
    let indent = item.indent().ok_or("empty images entry")?;
    let mut insert_at = item
        .lines
        .last()
        .map(|l| line_end_after(src, l.end))
        .ok_or("empty images entry")?;
    let mut inserts = String::new();
    for f in FIELDS {
        let want = field_value(s, f);
        match item.get(src, f) {
            Some(e) => match e.value {
                Located::Scalar(r) => {
                    if want.is_empty() {
                        remove_line(src, item, e.line, splices)?;
                    } else if unquote(&src[r.clone()]) != want {
                        let style = style_of(&src[r.clone()]);
                        splices.replace(r, format_scalar(want, style));
                    }
                }
                _ => return Err(format!("images entry field '{f}' is not a simple value")),
            },
            None if !want.is_empty() => {
                inserts.push_str(&" ".repeat(indent));
                inserts.push_str(f);
                inserts.push_str(": ");
                inserts.push_str(&format_scalar(want, Style::Plain));
                inserts.push('\n');
            }
            None => {}
        }
    }
    if !inserts.is_empty() {
        if insert_at == src.len() && !src.ends_with('\n') {
            inserts.insert(0, '\n');
            insert_at = src.len();
        }
        splices.insert(insert_at, inserts);
    }
    Ok(())
}

/// Remove the line of a key of an item (pulling the next key up when the key
/// sits on the item's `- ` line).
fn remove_line(
    src: &str,
    item: &Block,
    idx: usize,
    splices: &mut Splices,
) -> std::result::Result<(), String> {
    let line = item.lines[idx];
    let on_dash_line = idx == 0
        && src[line.line_start..line.content]
            .trim_start()
            .starts_with('-');
    if on_dash_line {
        let next = item
            .lines
            .get(1)
            .filter(|n| n.indent == line.indent)
            .ok_or("cannot remove the only key of an images entry")?;
        splices.replace(line.content..next.content, "");
    } else {
        splices.replace(line.line_start..line_end_after(src, line.end), "");
    }
    Ok(())
}

/// Add new items at the end of `images:` (creating the field when absent).
fn append_items(
    src: &str,
    top: &Block,
    entry: Option<&crate::yaml::edit::Entry>,
    items: &[Block],
    new: &[ImageSetting],
    splices: &mut Splices,
) -> std::result::Result<(), String> {
    // Sequence indentation: that of the existing items, else the file's style.
    let dash_indent = match items.first() {
        Some(item) => item
            .lines
            .first()
            .map(|l| l.indent.saturating_sub(2))
            .unwrap_or(0),
        None => sequence_style(src, top),
    };
    let mut text = String::new();
    for s in new {
        let pad = " ".repeat(dash_indent);
        text.push_str(&format!(
            "{pad}- name: {}\n",
            format_scalar(&s.name, Style::Plain)
        ));
        for f in FIELDS {
            let v = field_value(s, f);
            if !v.is_empty() {
                text.push_str(&format!("{pad}  {f}: {}\n", format_scalar(v, Style::Plain)));
            }
        }
    }
    match entry {
        Some(e) => match &e.value {
            Located::Block(b) => {
                let last = b.lines.last().ok_or("empty images block")?;
                let at = line_end_after(src, last.end);
                if at == src.len() && !src.ends_with('\n') {
                    text.insert(0, '\n');
                }
                splices.insert(at, text);
            }
            Located::EmptyFlowSeq(r) => {
                // `images: []` → `images:` followed by the block.
                let start = src[..r.start].trim_end_matches(' ').len();
                splices.replace(start..r.end, "");
                let at = line_end_after(src, r.end);
                if at == src.len() && !src.ends_with('\n') {
                    text.insert(0, '\n');
                }
                splices.insert(at, text);
            }
            Located::Empty => {
                let at = line_end_after(src, e.key_line.end);
                if at == src.len() && !src.ends_with('\n') {
                    text.insert(0, '\n');
                }
                splices.insert(at, text);
            }
            _ => return Err("'images' is not a block sequence".into()),
        },
        None => {
            let mut block = String::new();
            if !src.is_empty() && !src.ends_with('\n') {
                block.push('\n');
            }
            block.push_str("images:\n");
            block.push_str(&text);
            splices.insert(src.len(), block);
        }
    }
    Ok(())
}

/// Indentation of `- ` under a key in this file: that of the first block
/// sequence found at the top level (0 when none: Kustomize's own style).
fn sequence_style(src: &str, top: &Block) -> usize {
    let Some(indent) = top.indent() else { return 0 };
    for l in &top.lines {
        if l.indent == indent {
            continue;
        }
        let t = &src[l.content..l.end];
        if t == "-" || t.starts_with("- ") {
            return l.indent - indent;
        }
    }
    0
}

/// Find the kustomization file in `dir` (the loader's rule: exactly one of
/// the three names).
pub fn kustomization_file(dir: &Path) -> Result<PathBuf> {
    crate::load::find_kustomization_file(&crate::fs::DiskFs, dir)
}

/// `rustomize edit set image ...` in `dir`: edit its kustomization file in
/// place, atomically. On any error the file is untouched.
pub fn set_images(dir: &Path, settings: &[ImageSetting]) -> Result<PathBuf> {
    let path = kustomization_file(dir)?;
    let bytes = std::fs::read(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let src = String::from_utf8(bytes)
        .map_err(|_| Error::invalid(&path, "kustomization file is not valid UTF-8"))?;
    let out = set_images_in_text(&src, settings, &path.display().to_string())?;
    if out != src {
        super::write_atomic(&path, out.as_bytes())?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(src: &str, args: &[&str]) -> Result<String> {
        let s: Vec<ImageSetting> = args
            .iter()
            .map(|a| ImageSetting::parse(a).unwrap())
            .collect();
        set_images_in_text(src, &s, "kustomization.yaml")
    }

    #[test]
    fn parses_every_argument_form() {
        let p = |a: &str| ImageSetting::parse(a).unwrap();
        assert_eq!(p("a=b:1").new_name, "b");
        assert_eq!(p("a=b:1").new_tag, "1");
        assert_eq!(p("a=b@sha256:x").digest, "sha256:x");
        assert_eq!(p("a=b:1@sha256:x").new_tag, "1");
        assert_eq!(p("a=b").new_name, "b");
        assert_eq!(p("a:1@sha256:x").digest, "sha256:x");
        assert_eq!(p("reg:5000/team/app:2.0").name, "reg:5000/team/app");
        assert_eq!(p("reg:5000/team/app:2.0").new_tag, "2.0");
        assert_eq!(p("a=b:*").new_tag, "*");
        assert!(ImageSetting::parse("a").is_err());
        assert!(ImageSetting::parse("a:bad/tag").is_err());
        assert!(ImageSetting::parse("=b:1").is_err());
    }

    #[test]
    fn updates_existing_entry_in_place() {
        let src = "# pinned by CI\nimages:\n  - name: web   # the frontend\n    newName: reg/web\n    newTag: '1.0'\n  - name: db\n    newTag: \"5\"\nresources: [a.yaml]\n";
        let out = set(src, &["web=reg/web:1.1"]).unwrap();
        assert_eq!(out, src.replace("'1.0'", "'1.1'"));
    }

    #[test]
    fn replaces_fields_like_kustomize() {
        // Setting a tag drops the digest and the newName the argument does not give.
        let src = "images:\n- digest: sha256:aaa\n  name: web\n  newName: reg/web\n";
        let out = set(src, &["web:2.0"]).unwrap();
        assert_eq!(out, "images:\n- name: web\n  newTag: \"2.0\"\n");
        // `*` keeps a field.
        let src = "images:\n- name: web\n  newName: reg/web\n  newTag: v1\n";
        assert_eq!(
            set(src, &["web=*:v2"]).unwrap(),
            "images:\n- name: web\n  newName: reg/web\n  newTag: v2\n"
        );
    }

    #[test]
    fn adds_entries_and_the_field() {
        let src = "resources:\n  - base\n";
        let out = set(src, &["nginx:1.25"]).unwrap();
        assert_eq!(
            out,
            "resources:\n  - base\nimages:\n  - name: nginx\n    newTag: \"1.25\"\n"
        );
        let src = "images:\n- name: a\n  newTag: x\nnamespace: n # keep\n";
        let out = set(src, &["b=c"]).unwrap();
        assert_eq!(
            out,
            "images:\n- name: a\n  newTag: x\n- name: b\n  newName: c\nnamespace: n # keep\n"
        );
        let out = set("images: []\n", &["b:v1"]).unwrap();
        assert_eq!(out, "images:\n- name: b\n  newTag: v1\n");
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        assert!(set("images: [{name: a, newTag: x}]\n", &["a:y"]).is_err());
        assert!(set("images:\n- name: a\n  newTag: |\n    x\n", &["a:y"]).is_err());
        assert!(set("a: [\n", &["a:y"]).is_err());
    }
}
