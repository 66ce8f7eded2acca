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
//!
//! ## Embedding
//!
//! * **Any filesystem.** [`Kustomizer::on_disk`] reads the real filesystem;
//!   [`Kustomizer::new`] takes any [`fs::FileSystem`] ([`fs::MemFs`] for trees
//!   held in memory, a git revision, an archive ...).
//! * **Options.** [`BuildOptions`]: the [`LoadRestrictor`] (files must lie
//!   under the kustomization's directory unless lifted) and the [`Limits`]
//!   that bound hostile input (file size, YAML depth, alias expansion,
//!   kustomization depth and count). Every limit has a generous default.
//! * **Remote bases.** `resources:` and `components:` entries that are git
//!   URLs (`https://github.com/org/repo//deploy?ref=v1`) are fetched with the
//!   `git` program, as `kubectl kustomize` does (feature `git`);
//!   [`BuildOptions::fetch_remote`] turns that off.
//! * **Results.** [`Kustomizer::build`] gives a [`ResMap`] (resources in
//!   output order, looked up by [`ResId`] with [`ResMap::get`]);
//!   [`Kustomizer::build_to_string`] and [`Kustomizer::build_to_writer`] give
//!   the text `kubectl kustomize` prints.
//! * **Errors.** Typed ([`Error`]), each naming the file at fault. The library
//!   never panics on input, never prints and never exits.
//! * **Threads.** [`Kustomizer`], [`ResMap`] and [`Error`] are `Send + Sync`
//!   and there is no global mutable state: one renderer may serve many
//!   threads at once.
//!
//! ```
//! use rustomize::{fs::MemFs, Kustomizer, ResId};
//! let mut fs = MemFs::new();
//! fs.add("/app/kustomization.yaml", "namespace: prod\nresources:\n- cm.yaml\n");
//! fs.add("/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
//! let k = Kustomizer::new(fs);
//! let resources = std::thread::scope(|s| s.spawn(|| k.build("/app")).join().unwrap()).unwrap();
//! let cm = resources.get(&ResId::new("v1", "ConfigMap", "prod", "c")).unwrap();
//! assert_eq!(cm.obj["metadata"]["namespace"], "prod");
//! ```

#![deny(missing_docs)]

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
mod parallel;
pub mod patch;
mod pattern;
mod remote;
pub mod resmap;
pub mod resource;
pub mod schema;
pub mod transform;
pub mod yaml;

/// Single pipeline stages, for benchmarks (not a stable API).
#[doc(hidden)]
pub mod stages {
    pub use crate::nameref::fix_references as name_references;
}

pub use build::{BuildOptions, Kustomizer, Limits, LoadRestrictor};
pub use error::{Error, Result};
pub use resmap::ResMap;
pub use resource::{ResId, Resource, Value};
