//! Maturity: metrics mapped onto levels 1-5 per discipline with an editable
//! rubric, the survey cross-check by role, calibration of what people believe
//! the numbers are, activity against outcome, the symptom check and the
//! executive summary.

pub mod activity;
pub mod assess;
pub mod calibration;
pub mod estimates;
pub mod executive;
pub mod flags;
pub mod gaps;
pub mod levels;
pub mod mapping;
pub mod rubric;
pub mod scores;
pub mod stats;
pub mod survey;
pub mod symptoms;
pub mod template;
pub mod wording;

pub use assess::{Assessment, assess};
pub use rubric::{DEFAULT_RUBRIC, Rubric};
