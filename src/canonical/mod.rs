//! The canonical tables every export is mapped onto (`shared/spec/schema.md`):
//! which kinds of table exist, which fields each has, how each field's
//! values are typed and normalised, and which of them are personal data.

pub mod added;
mod fields;
mod kind;
pub mod personal;

pub use fields::{FieldSpec, ValueKind, fields_of, label_dtype};
pub use kind::TableKind;
