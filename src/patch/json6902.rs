//! JSON 6902 patches (written in YAML or JSON).
