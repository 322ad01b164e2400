//! Rendering: what the tool found, for people (text) and for programs (JSON).

pub mod assess_csv;
pub mod assess_json;
pub mod assess_text;
pub mod charts;
pub mod html;
mod html_front;
pub mod inspect_json;
pub mod inspect_text;
pub mod mapping_toml;
pub mod markdown;
pub mod metrics_csv;
pub mod metrics_json;
pub mod metrics_table;
pub mod model;
pub mod story;
pub mod teams;

/// Version of the JSON shapes; bumped when a field is renamed or removed.
pub const SCHEMA_VERSION: u32 = 1;
