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
pub use parse::{ParseOptions, parse_documents, parse_kustomization, parse_stream, parse_yaml11};
pub(crate) use scalar::format_number;
