//! What can keep two assessments from being compared.

use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CompareError {
    #[error(
        "{path}: no such file or folder; expected a report folder written by `analyze` or its metrics.json"
    )]
    Missing { path: PathBuf },

    #[error(
        "{path}: no metrics.json in this folder; expected a report folder written by `analyze`"
    )]
    NoMetrics { path: PathBuf },

    #[error("{path}: cannot read: {message}")]
    Unreadable { path: PathBuf, message: String },

    #[error("{path}: not a metrics.json written by itsm-evidence ({why})")]
    NotMetrics { path: PathBuf, why: String },

    #[error("{path}: not a maturity.json written by itsm-evidence ({why})")]
    NotMaturity { path: PathBuf, why: String },

    #[error("--strict: the two runs are not alike: {0}")]
    NotAlike(String),
}
