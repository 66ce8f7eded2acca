//! The only place YAML is touched: parsing in ([`parse`]), emitting out ([`emit`]).

pub mod edit;
pub mod emit;
pub mod parse;

pub use emit::{emit_document, emit_resmap};
pub use parse::{ParseOptions, parse_documents};
