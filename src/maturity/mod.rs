//! Maturity: metrics mapped onto levels 1-5 per discipline with an editable
//! rubric, the survey cross-check and the symptom check.

pub mod levels;
pub mod rubric;

pub use rubric::{DEFAULT_RUBRIC, Rubric};
