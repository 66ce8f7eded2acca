//! The `buildMetadata` field: origin and transformer annotations, managed-by label.
