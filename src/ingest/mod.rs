//! Ingest: reading ITSM exports as tools write them and mapping them onto the
//! canonical tables. `load` is the entry point; the submodules are its steps
//! in the order they run: source (bytes to text: encoding, gzip, line ends,
//! spreadsheets), sniff (delimiter, header), detect (profile and kind),
//! columns (which column holds each field), the scan, date_columns and
//! field_parse (typed values), canonicalise (rows kept or rejected) and
//! accounting (the report).

pub mod accounting;
mod canonicalise;
pub mod columns;
mod date_columns;
pub mod dates;
pub mod detect;
pub mod durations;
pub mod encoding;
mod field_parse;
pub mod header;
mod labels;
mod load;
mod mapped;
pub mod months;
pub mod open;
pub mod overrides;
pub mod profiles;
mod sample;
mod scan;
pub mod sniff;
pub mod source;
pub mod spreadsheet;
pub mod suggest;
pub mod synonyms;
mod tallies;
pub mod values;

pub use accounting::{FileReport, MissingField, ValueRead};
pub use field_parse::dtype_of;
pub use load::{LoadedTable, NULL_MARKERS, load, missing_hint, read_text_table};
pub use overrides::Overrides;
