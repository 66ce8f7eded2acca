//! The strategic-merge-patch engine, with Kustomize's semantics.
