//! Typed errors of the library. Each variant names the file, column or row it is
//! about and what was expected, so the command line can print one clear line.

use std::path::PathBuf;

/// Everything that can stop the library from doing what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path}: no such file")]
    NotFound { path: PathBuf },

    #[error("{path}: is a directory; pass the export files in it (for example {path}/*.csv)")]
    IsDirectory { path: PathBuf },

    #[error("{path}: the file is empty; expected a CSV export with a header row")]
    EmptyFile { path: PathBuf },

    #[error("{path}: the file has a header but no data rows")]
    HeaderOnly { path: PathBuf },

    #[error("{path}: does not look like a CSV export ({why})")]
    NotCsv { path: PathBuf, why: String },

    #[error("{path}: the CSV could not be parsed: {message}")]
    Csv { path: PathBuf, message: String },

    #[error(
        "{path}: the {kind} export has no column for the required field `{field}`. \
         Columns found: {found}. {hint}"
    )]
    MissingRequired {
        path: PathBuf,
        kind: String,
        field: String,
        found: String,
        hint: String,
    },

    #[error("{path}: --map {field}={column}: no column `{column}` in this file. {hint}")]
    MappedColumnMissing {
        path: PathBuf,
        field: String,
        column: String,
        hint: String,
    },

    #[error(
        "{path}: column `{column}` has dates whose day/month order is ambiguous \
         (for example `{first}` and `{second}`); pass --date-order dmy or --date-order mdy"
    )]
    AmbiguousDates {
        path: PathBuf,
        column: String,
        first: String,
        second: String,
    },

    #[error("{path}:{line}: {message}")]
    Config {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("{0}")]
    Usage(String),

    #[error("{path}: cannot write: {message}")]
    Write { path: PathBuf, message: String },

    #[error("{path}: {}", first_line(source))]
    Polars {
        path: PathBuf,
        source: polars::error::PolarsError,
    },

    #[error("chart {name}: {message}")]
    Chart { name: String, message: String },

    #[error(transparent)]
    Compare(#[from] crate::compare::CompareError),

    #[error("internal error: {0} (this is a bug in itsm-evidence; please report it)")]
    Internal(String),
}

impl Error {
    /// The process exit code this error calls for: 2 for bad usage or unusable
    /// input, 1 for a bug.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Internal(_) => 1,
            _ => 2,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn polars(path: impl Into<PathBuf>, source: polars::error::PolarsError) -> Self {
        Error::Polars {
            path: path.into(),
            source,
        }
    }
}

/// The first line of a message from below: the tool says each error in one line.
fn first_line(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    text.lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches(':')
        .to_string()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
