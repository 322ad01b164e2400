//! Rendering: what the tool found, for people (text) and for programs (JSON).

pub mod inspect_json;
pub mod inspect_text;
