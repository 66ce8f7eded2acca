//! Image rules: RZ001 tag, RZ002 digest, RZ003 pull policy.

use super::{Index, Out, with_pod};
use crate::lint::pod::{Lists, containers};
use crate::resource::Resource;

/// An image reference split into name, tag and digest.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    pub name: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// Split `registry:5000/repo:tag@sha256:...`.
pub(crate) fn parse_image(image: &str) -> ImageRef<'_> {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[last_slash..].rfind(':') {
        Some(i) => ImageRef {
            name: &rest[..last_slash + i],
            tag: Some(&rest[last_slash + i + 1..]),
            digest,
        },
        None => ImageRef {
            name: rest,
            tag: None,
            digest,
        },
    }
}

/// RZ001
pub(crate) fn tag(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            let Some(image) = c.str("image").filter(|s| !s.trim().is_empty()) else {
                out.push(
                    c.field("image"),
                    format!("container {:?} has no image", c.name),
                );
                continue;
            };
            let img = parse_image(image);
            if img.digest.is_some() {
                continue;
            }
            match img.tag {
                None | Some("") => out.push(
                    c.field("image"),
                    format!("image {image:?} has no tag (it pulls whatever :latest is)"),
                ),
                Some("latest") => out.push(
                    c.field("image"),
                    format!("image {image:?} uses the mutable :latest tag"),
                ),
                Some(_) => {}
            }
        }
    });
}

/// RZ002
pub(crate) fn digest(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            let image = c.str("image").unwrap_or("");
            if image.is_empty() || parse_image(image).digest.is_none() {
                out.push(
                    c.field("image"),
                    format!("image {image:?} is not pinned by digest"),
                );
            }
        }
    });
}

/// RZ003
pub(crate) fn pull_policy(_: &Index, r: &Resource, out: &mut Out) {
    with_pod(r, |ps| {
        for c in containers(ps, Lists::All) {
            let image = c.str("image").unwrap_or("");
            if parse_image(image).digest.is_some() {
                continue;
            }
            match c.str("imagePullPolicy") {
                Some("Always") => {}
                Some(p) => out.push(
                    c.field("imagePullPolicy"),
                    format!(
                        "imagePullPolicy is {p}, so a re-pushed tag of {image:?} may not be pulled"
                    ),
                ),
                None => out.push(
                    c.field("imagePullPolicy"),
                    format!("imagePullPolicy is not set to Always for {image:?}"),
                ),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse() {
        let p = parse_image;
        assert_eq!(
            p("nginx"),
            ImageRef {
                name: "nginx",
                tag: None,
                digest: None
            }
        );
        assert_eq!(p("nginx:1.2").tag, Some("1.2"));
        assert_eq!(
            p("reg:5000/a/b"),
            ImageRef {
                name: "reg:5000/a/b",
                tag: None,
                digest: None
            }
        );
        assert_eq!(
            p("reg:5000/a/b:v1"),
            ImageRef {
                name: "reg:5000/a/b",
                tag: Some("v1"),
                digest: None
            }
        );
        let d = p("b:v1@sha256:abc");
        assert_eq!(
            (d.name, d.tag, d.digest),
            ("b", Some("v1"), Some("sha256:abc"))
        );
        assert_eq!(p("b@sha256:abc").tag, None);
    }
}
