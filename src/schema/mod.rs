//! Kubernetes v1.21.2 schema facts, as compact tables derived from
//! `../shared/k8s/schema-v1.21.2.json`: strategic-merge keys ([`merge_keys`],
//! by `scripts/gen_merge_keys.py`) and namespace scope ([`scope`]).
pub mod merge_keys;
pub mod scope;
