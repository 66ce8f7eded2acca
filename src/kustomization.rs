//! The `kustomization.yaml` file, as data.
//!
//! Simple fields are typed here; fields whose structure belongs to one stage
//! (patches, generators, replacements, ...) are kept as raw [`Value`]s and
//! interpreted by that stage's module, so each stage owns its own parsing.

use crate::resource::Value;
use indexmap::IndexMap;
use serde::Deserialize;

/// The file names a kustomization may have, in the order Kustomize tries them.
pub const KUSTOMIZATION_FILE_NAMES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// A parsed kustomization (`kind: Kustomization` or `kind: Component`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Kustomization {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub metadata: Option<Value>,
    pub openapi: Option<Value>,
    pub name_prefix: Option<String>,
    pub name_suffix: Option<String>,
    pub namespace: Option<String>,
    pub common_labels: Option<IndexMap<String, String>>,
    pub labels: Vec<Value>,
    pub common_annotations: Option<IndexMap<String, String>>,
    pub patches_strategic_merge: Vec<Value>,
    #[serde(rename = "patchesJson6902")]
    pub patches_json6902: Vec<Value>,
    pub patches: Vec<Value>,
    pub images: Vec<Value>,
    pub image_tags: Vec<Value>,
    pub replacements: Vec<Value>,
    pub replicas: Vec<Value>,
    pub vars: Vec<Value>,
    pub sort_options: Option<Value>,
    pub resources: Vec<String>,
    pub components: Vec<String>,
    pub crds: Vec<String>,
    pub bases: Vec<String>,
    pub config_map_generator: Vec<Value>,
    pub secret_generator: Vec<Value>,
    pub helm_globals: Option<Value>,
    pub helm_charts: Vec<Value>,
    pub helm_chart_inflation_generator: Vec<Value>,
    pub generator_options: Option<Value>,
    pub configurations: Vec<String>,
    pub generators: Vec<String>,
    pub transformers: Vec<String>,
    pub validators: Vec<String>,
    pub build_metadata: Vec<String>,
}

impl Kustomization {
    /// True for `kind: Component`.
    pub fn is_component(&self) -> bool {
        self.kind.as_deref() == Some("Component")
    }
}
