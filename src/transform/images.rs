//! The `images` (and deprecated `imageTags`) fields and `ImageTagTransformer`.
//!
//! An image entry matches container images whose name is `name` (a regular
//! expression, as in Kustomize), optionally followed by `:tag` and/or
//! `@sha256:digest`. It may replace the name (`newName`), the tag (`newTag`),
//! the digest (`digest`), or append to the tag (`tagSuffix`).
//!
//! Like Kustomize, two passes run: first every `containers` and
//! `initContainers` list anywhere in an object, then the `images` field specs
//! (pod specs and pod templates by default). CustomResourceDefinitions are
//! never touched.

use super::fieldspec::{self, FieldSpec};
use super::walk;
use crate::build::{Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::pattern::Pattern;
use crate::resource::{Map, Value};

/// One `images` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Image {
    pub name: String,
    pub new_name: String,
    pub tag_suffix: String,
    pub new_tag: String,
    pub digest: String,
}

impl Image {
    /// Parse an entry; `strict` rejects unknown keys (kustomization files).
    pub(crate) fn from_value(v: &Value, strict: bool) -> std::result::Result<Image, String> {
        let empty = Map::new();
        let m = match v {
            Value::Object(m) => m,
            Value::Null => &empty,
            _ => return Err("invalid Kustomization: images entries must be mappings".into()),
        };
        if strict {
            fieldspec::check_keys(m, &["name", "newName", "tagSuffix", "newTag", "digest"])
                .map_err(|e| format!("invalid Kustomization: {e}"))?;
        }
        let s = |k: &str| {
            if strict {
                fieldspec::get_str(m, k)
            } else {
                fieldspec::plugin_str(m, k)
            }
            .map_err(|e| format!("invalid Kustomization: {e}"))
        };
        Ok(Image {
            name: s("name")?,
            new_name: s("newName")?,
            tag_suffix: s("tagSuffix")?,
            new_tag: s("newTag")?,
            digest: s("digest")?,
        })
    }
}

/// Split an image reference into name, tag and digest, as Kustomize does
/// (a `:` before the first `/` is a registry port, not a tag).
pub(crate) fn split(image: &str) -> (&str, &str, &str) {
    let offset = match image.find('/') {
        Some(i) if i > 0 => i,
        _ => 0,
    };
    let search = &image[offset..];
    let at = search.find('@').map(|i| i + offset);
    let colon = search.find(':').map(|i| i + offset);
    match (colon, at) {
        (None, None) => (image, "", ""),
        (c, Some(d)) if c.is_none_or(|c| d < c) => (&image[..d], "", &image[d + 1..]),
        (Some(c), Some(d)) => (&image[..c], &image[c + 1..d], &image[d + 1..]),
        (Some(c), None) => (&image[..c], &image[c + 1..], ""),
        // Unreachable: the digest arm takes every (None, Some(_)).
        (None, Some(_)) => (image, "", ""),
    }
}

/// An image entry ready to apply.
struct Updater {
    image: Image,
    /// The name pattern; an invalid pattern fails only when an image is checked.
    pattern: std::result::Result<Pattern, String>,
}

impl Updater {
    fn new(image: Image) -> Self {
        let pattern = Pattern::image(&image.name)
            .map_err(|e| format!("invalid image name '{}': {e}", image.name));
        Updater { image, pattern }
    }

    fn update(&self, node: &mut Value) -> std::result::Result<(), String> {
        match node {
            Value::Object(_) | Value::Array(_) => {
                return Err("wrong node kind: expected ScalarNode".into());
            }
            Value::Null => return Ok(()),
            _ => {}
        }
        let value = walk::scalar_text(node);
        let re = self.pattern.as_ref().map_err(Clone::clone)?;
        if !re.is_image_match(&value) {
            return Ok(());
        }
        let (name, tag, digest) = split(&value);
        let img = &self.image;
        let mut name = if img.new_name.is_empty() {
            name.to_string()
        } else {
            img.new_name.clone()
        };
        let (tag, digest) = if !img.new_tag.is_empty() && !img.digest.is_empty() {
            (img.new_tag.clone(), img.digest.clone())
        } else if !img.new_tag.is_empty() {
            (img.new_tag.clone(), String::new())
        } else if !img.digest.is_empty() {
            (String::new(), img.digest.clone())
        } else if !img.tag_suffix.is_empty() {
            (format!("{tag}{}", img.tag_suffix), String::new())
        } else {
            (tag.to_string(), digest.to_string())
        };
        if !tag.is_empty() {
            name.push(':');
            name.push_str(&tag);
        }
        if !digest.is_empty() {
            name.push('@');
            name.push_str(&digest);
        }
        *node = Value::String(name);
        Ok(())
    }

    /// The legacy pass: every `containers`/`initContainers` list, anywhere.
    fn legacy(&self, node: &mut Value) -> std::result::Result<(), String> {
        match node {
            Value::Object(m) => {
                for (k, v) in m.iter_mut() {
                    self.legacy(v)?;
                    if k == "containers" || k == "initContainers" {
                        if let Value::Array(items) = v {
                            for item in items.iter_mut() {
                                match item {
                                    Value::Object(c) => {
                                        if let Some(img) = c.get_mut("image") {
                                            self.update(img)?;
                                        }
                                    }
                                    Value::Null => {}
                                    _ => {
                                        return Err("wrong node kind: expected MappingNode".into());
                                    }
                                }
                            }
                        }
                    }
                }
                Ok(())
            }
            Value::Array(items) => {
                for i in items.iter_mut() {
                    self.legacy(i)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn transform(
        &self,
        acc: &mut Accumulated,
        specs: &[FieldSpec],
        threads: usize,
    ) -> std::result::Result<(), String> {
        let resources = acc.resmap.resources_mut();
        crate::parallel::each_mut(resources, threads, |_, r| {
            if r.kind() == "CustomResourceDefinition" {
                return Ok(());
            }
            let mut obj = Value::Object(std::mem::take(&mut r.obj));
            let res = self.legacy(&mut obj);
            if let Value::Object(m) = obj {
                r.obj = m;
            }
            res
        })?;
        crate::parallel::each_mut(resources, threads, |_, r| {
            if r.kind() == "CustomResourceDefinition" {
                return Ok(());
            }
            for fs in specs {
                walk::apply(&mut r.obj, fs, None, &mut |v| self.update(v)).map_err(|e| {
                    format!("considering field '{}' of object {}: {e}", fs.path, r.id())
                })?;
            }
            Ok(())
        })
    }
}

/// Apply the kustomization's `images` (then `imageTags`).
pub(crate) fn apply(ctx: &mut Ctx, level: &Level, acc: &mut Accumulated) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let mut updaters = Vec::new();
    let images = level.k.images.iter().map(|v| (v, "Image.images"));
    let tags = level.k.image_tags.iter().map(|v| (v, "Image.imageTags"));
    for (v, at) in images.chain(tags) {
        let image = Image::from_value(v, true).map_err(|e| err(fieldspec::in_struct(e, at)))?;
        updaters.push(Updater::new(image));
    }
    let config = acc.config.clone();
    for u in updaters {
        u.transform(acc, &config.images, ctx.threads).map_err(err)?;
    }
    Ok(())
}

/// Apply an `ImageTagTransformer` entry of `transformers:`.
pub(crate) fn plugin(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    cfg: &Value,
) -> Result<()> {
    let err = |e: String| Error::invalid(&level.file, e);
    let empty = Map::new();
    let m = cfg.as_object().unwrap_or(&empty);
    let image = Image::from_value(m.get("imageTag").unwrap_or(&Value::Null), false).map_err(err)?;
    let specs = FieldSpec::list_from_value(m.get("fieldSpecs"), false).map_err(err)?;
    Updater::new(image)
        .transform(acc, &specs, ctx.threads)
        .map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Resource;
    use serde_json::json;

    fn run(image: Value, objs: Vec<Value>) -> std::result::Result<Vec<Value>, String> {
        let mut acc = Accumulated::default();
        for o in objs {
            if let Value::Object(m) = o {
                acc.resmap.push(Resource::new(m, None));
            }
        }
        let specs = fieldspec::TransformerConfig::defaults().images.clone();
        Updater::new(Image::from_value(&image, true)?).transform(&mut acc, &specs, 1)?;
        Ok(acc
            .resmap
            .into_vec()
            .into_iter()
            .map(|r| Value::Object(r.obj))
            .collect())
    }

    fn pod(images: &[&str]) -> Value {
        let cs: Vec<Value> = images
            .iter()
            .map(|i| json!({"name": "c", "image": i}))
            .collect();
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": cs}})
    }

    fn images_of(v: &Value) -> Vec<String> {
        v["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["image"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn split_references() {
        assert_eq!(split("nginx"), ("nginx", "", ""));
        assert_eq!(split("nginx:1.2"), ("nginx", "1.2", ""));
        assert_eq!(
            split("reg:5000/app:v1@sha256:ab"),
            ("reg:5000/app", "v1", "sha256:ab")
        );
        assert_eq!(split("reg:5000/app"), ("reg:5000/app", "", ""));
        assert_eq!(split("app@sha256:ab"), ("app", "", "sha256:ab"));
    }

    #[test]
    fn new_tag_name_digest() {
        let p = pod(&[
            "nginx",
            "nginx:1.0",
            "nginx@sha256:aa",
            "nginxx",
            "my/nginx",
            "nginx:1.0@sha256:bb",
        ]);
        let out = run(json!({"name": "nginx", "newTag": "2.0"}), vec![p.clone()]).unwrap();
        assert_eq!(
            images_of(&out[0]),
            [
                "nginx:2.0",
                "nginx:2.0",
                "nginx:2.0",
                "nginxx",
                "my/nginx",
                "nginx:2.0"
            ]
        );
        let out = run(
            json!({"name": "nginx", "newName": "reg:5000/ng"}),
            vec![p.clone()],
        )
        .unwrap();
        assert_eq!(
            images_of(&out[0]),
            [
                "reg:5000/ng",
                "reg:5000/ng:1.0",
                "reg:5000/ng@sha256:aa",
                "nginxx",
                "my/nginx",
                "reg:5000/ng:1.0@sha256:bb"
            ]
        );
        let out = run(
            json!({"name": "nginx", "digest": "sha256:cc"}),
            vec![p.clone()],
        )
        .unwrap();
        assert_eq!(images_of(&out[0])[1], "nginx@sha256:cc");
        let out = run(
            json!({"name": "nginx", "newTag": "t", "digest": "sha256:cc"}),
            vec![p],
        )
        .unwrap();
        assert_eq!(images_of(&out[0])[0], "nginx:t@sha256:cc");
    }

    #[test]
    fn tag_suffix_applies_in_both_passes() {
        // Kustomize runs the legacy pass and the field-spec pass, so a
        // suffix lands twice on pod spec containers.
        let out = run(
            json!({"name": "nginx", "tagSuffix": "-x"}),
            vec![pod(&["nginx:1"])],
        )
        .unwrap();
        assert_eq!(images_of(&out[0]), ["nginx:1-x-x"]);
    }

    #[test]
    fn containers_anywhere_but_not_in_crds() {
        let custom = json!({"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"},
            "spec": {"deep": {"containers": [{"image": "nginx"}]}}});
        let crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "c"}, "spec": {"containers": [{"image": "nginx"}]}});
        let out = run(json!({"name": "nginx", "newTag": "2"}), vec![custom, crd]).unwrap();
        assert_eq!(out[0]["spec"]["deep"]["containers"][0]["image"], "nginx:2");
        assert_eq!(out[1]["spec"]["containers"][0]["image"], "nginx");
    }

    #[test]
    fn bad_entries() {
        assert!(Image::from_value(&json!({"name": "a", "newTag": 1.2}), true).is_err());
        assert!(Image::from_value(&json!({"name": "a", "tag": "x"}), true).is_err());
        assert!(run(json!({"name": "a(", "newTag": "x"}), vec![pod(&["a"])]).is_err());
    }
}
