//! The canonical tables every export is mapped onto (`shared/spec/schema.md`):
//! which kinds of table exist, which fields each has, and how each field's
//! values are typed and normalised.

mod fields;
mod kind;

pub use fields::{FieldSpec, ValueKind, fields_of};
pub use kind::TableKind;
