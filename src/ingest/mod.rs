//! Ingest: reading ITSM exports as tools write them and mapping them onto the
//! canonical tables. `load` is the entry point; the submodules are its steps
//! in the order they run.

pub mod accounting;
mod canonicalise;
pub mod columns;
pub mod dates;
pub mod detect;
pub mod header;
mod load;
pub mod overrides;
pub mod profiles;
pub mod sniff;
pub mod source;
pub mod values;

pub use accounting::{FileReport, MissingField};
pub use canonicalise::dtype_of;
pub use load::{LoadedTable, NULL_MARKERS, load, missing_hint};
pub use overrides::Overrides;
