//! Kubernetes v1.21.2 schema facts (merge keys, namespace scope), as a compact
//! table derived from `../shared/k8s/schema-v1.21.2.json` by `scripts/gen_schema.py`.
pub mod scope;
