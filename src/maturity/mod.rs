//! Maturity: metrics mapped onto levels 1-5 per discipline with an editable
//! rubric, the survey cross-check and the symptom check.

pub mod levels;
pub mod rubric;

pub use rubric::{DEFAULT_RUBRIC, Rubric};
pub mod assess;
pub mod stats;
pub mod survey;
pub mod symptoms;
pub mod template;

pub use assess::{Assessment, assess};
