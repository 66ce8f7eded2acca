//! `ValueAddTransformer`: write a value (by default the name of the
//! kustomization directory using the transformer) into a field of selected
//! resources, optionally as one part of a slash-separated path
//! (`filePathPosition`). Targeting `metadata/namespace` sets the namespace of
//! namespaced objects as the namespace transformer does.

use super::fieldspec;
use super::namespace::{NamespaceTransformer, SubjectMode};
use super::walk;
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::load;
use crate::patch::target::{Matcher, Selector};
use crate::resource::{Map, Value};

struct Target {
    selector: Option<Map>,
    field_path: String,
    file_path_position: i64,
}

fn parse_targets(v: Option<&Value>) -> std::result::Result<Vec<Target>, String> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("targets must be a list".into()),
    };
    let mut out = Vec::new();
    for item in items {
        let empty = Map::new();
        let m = item.as_object().unwrap_or(&empty);
        let selector = match m.get("selector") {
            None | Some(Value::Null) => None,
            Some(Value::Object(s)) => Some(s.clone()),
            Some(_) => return Err("selector must be a mapping".into()),
        };
        let file_path_position = match m.get("filePathPosition") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) => n.as_i64().ok_or("filePathPosition must be an integer")?,
            Some(_) => return Err("filePathPosition must be an integer".into()),
        };
        out.push(Target {
            selector,
            field_path: fieldspec::plugin_str(m, "fieldPath")?,
            file_path_position,
        });
    }
    Ok(out)
}

/// Apply a `ValueAddTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let mut value = fieldspec::plugin_str(m, "value")
        .map_err(err)?
        .trim()
        .to_string();
    if value.is_empty() {
        value = level
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    let mut targets = parse_targets(m.get("targets")).map_err(err)?;
    let target_file = fieldspec::plugin_str(m, "targetFilePath").map_err(err)?;
    if !target_file.is_empty() {
        let (path, bytes) = load::read_file(ctx, level, &target_file)?;
        let opts = load::parse_options(ctx);
        let docs = crate::yaml::parse_documents(&String::from_utf8_lossy(&bytes), &path, &opts)?;
        let first = docs.into_iter().next().unwrap_or(Value::Null);
        targets.extend(parse_targets(first.get("targets")).map_err(err)?);
    }
    if targets.is_empty() {
        return Err(err("must specify at least one target".into()));
    }
    for t in &targets {
        if t.field_path.is_empty() {
            return Err(err("fieldPath cannot be empty".into()));
        }
        if t.file_path_position < 0 {
            return Err(err(format!(
                "value of FilePathPosition ({}) cannot be negative",
                t.file_path_position
            )));
        }
    }
    for t in &targets {
        let sel = match &t.selector {
            Some(s) => {
                let s: Selector = serde_json::from_value(Value::Object(s.clone()))
                    .map_err(|e| err(format!("invalid selector: {e}")))?;
                Some(Matcher::new(&s).map_err(err)?)
            }
            None => None,
        };
        for r in acc.resmap.iter_mut() {
            if let Some(sel) = &sel {
                if !sel.matches(r) {
                    continue;
                }
            }
            if t.field_path == "metadata/namespace" {
                let ns = NamespaceTransformer {
                    namespace: value.clone(),
                    field_specs: Vec::new(),
                    unset_only: false,
                    subjects: SubjectMode::DefaultOnly,
                };
                ns.filter_object(&mut r.obj).map_err(err)?;
            } else {
                add_value(&mut r.obj, &t.field_path, t.file_path_position, &value).map_err(err)?;
            }
        }
    }
    Ok(())
}

fn add_value(
    obj: &mut Map,
    field_path: &str,
    pos: i64,
    value: &str,
) -> std::result::Result<(), String> {
    let fields = walk::split_path(field_path);
    let mut cur: &mut Map = obj;
    let Some((last, init)) = fields.split_last() else {
        return Ok(());
    };
    for f in init {
        let next = cur
            .entry(f.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if next.is_null() {
            *next = Value::Object(Map::new());
        }
        cur = match next {
            Value::Object(m) => m,
            _ => return Err(format!("field '{f}' of '{field_path}' is not a mapping")),
        };
    }
    let node = cur
        .entry(last.clone())
        .or_insert_with(|| Value::String(String::new()));
    let new = if pos > 0 {
        insert_path_part(&walk::scalar_text(node), (pos - 1) as usize, value)
    } else {
        value.to_string()
    };
    walk::set_string(node, &new)
}

/// Insert `part` at position `pos` of the slash-separated `path` (Kustomize's
/// `InsertPathPart`; a leading `/` stays leading).
fn insert_path_part(path: &str, pos: usize, part: &str) -> String {
    if part.is_empty() {
        return path.to_string();
    }
    let mut parts: Vec<&str> = if path.is_empty() {
        Vec::new()
    } else {
        path.split('/').collect()
    };
    let mut pos = pos.min(parts.len());
    if parts.first() == Some(&"") && pos < parts.len() {
        pos += 1;
    }
    parts.insert(pos, part);
    let absolute = parts.first() == Some(&"");
    let joined: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    if absolute {
        format!("/{}", joined.join("/"))
    } else {
        joined.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_parts() {
        assert_eq!(insert_path_part("", 0, "P"), "P");
        assert_eq!(insert_path_part("pie", 0, "P"), "P/pie");
        assert_eq!(insert_path_part("/pie", 0, "P"), "/P/pie");
        assert_eq!(insert_path_part("raw", 5, "P"), "raw/P");
        assert_eq!(insert_path_part("projects", 1, "dog"), "projects/dog");
        assert_eq!(insert_path_part("a/b/c", 1, "X"), "a/X/b/c");
    }

    #[test]
    fn add_value_creates_fields() {
        let mut obj = json!({"spec": {"ref": {"external": "projects"}}});
        add_value(obj.as_object_mut().unwrap(), "spec/ref/external", 2, "dog").unwrap();
        add_value(obj.as_object_mut().unwrap(), "spec/new/field", 0, "v").unwrap();
        assert_eq!(obj["spec"]["ref"]["external"], "projects/dog");
        assert_eq!(obj["spec"]["new"]["field"], "v");
    }
}
