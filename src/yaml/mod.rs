//! The only place YAML is touched: parsing in ([`parse`]), emitting out ([`emit`]).

pub mod edit;
pub mod emit;
pub mod parse;
mod resolve;
mod scalar;
mod scanner;
mod sort;

pub use emit::{
    check_resmap, check_resmap_threads, emit_document, emit_map_document, emit_resmap,
    try_emit_resmap, try_emit_resmap_owned, write_resmap, write_resmap_threads,
};
pub use parse::{
    AnnotationText, ParseOptions, parse_documents, parse_kustomization, parse_stream, parse_yaml11,
};
pub(crate) use scalar::format_number;

/// The value go-yaml v3 gives the untagged plain scalar `text` (what
/// Kustomize sees when it reads a typed annotation through JSON), or the
/// error for a value JSON cannot hold (`.inf`, `.nan`).
pub(crate) fn resolve_plain_value(text: &str) -> Result<crate::Value, String> {
    match resolve::resolve_plain(text) {
        (resolve::Kind::Unrepresentable(_), v) => {
            Err(v.as_str().unwrap_or("unsupported value").to_string())
        }
        (_, v) => Ok(v),
    }
}
