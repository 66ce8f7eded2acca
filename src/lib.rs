//! # rustomize
//!
//! Renders Kustomize trees with output byte-identical to `kubectl kustomize`
//! (Kustomize v5.5.0).
//!
//! The pipeline, one module per stage: [`load`](crate::Kustomizer) →
//! accumulate resources → generate → transform → resolve names → order → emit
//! ([`yaml`]).
//!
//! ```
//! use rustomize::{fs::MemFs, Kustomizer};
//! let mut fs = MemFs::new();
//! fs.add("/app/kustomization.yaml", "resources:\n- cm.yaml\n");
//! fs.add("/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
//! let out = Kustomizer::new(fs).build_to_string("/app").unwrap();
//! assert!(out.contains("name: c"));
//! ```

mod build;
mod compose;
pub mod error;
pub mod fs;
mod generate;
pub mod gitops;
pub mod kustomization;
pub mod lint;
mod load;
mod nameref;
mod order;
pub mod patch;
pub mod resmap;
pub mod resource;
pub mod schema;
pub mod transform;
pub mod yaml;

pub use build::{BuildOptions, Kustomizer, Limits, LoadRestrictor};
pub use error::{Error, Result};
pub use resmap::ResMap;
pub use resource::{ResId, Resource, Value};
