//! Patch target selectors: group, version, kind, name, namespace (regular
//! expressions), label and annotation selectors.
