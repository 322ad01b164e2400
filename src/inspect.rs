//! The `inspect` command: load each export and account for it, file by file,
//! with the metrics its columns allow. A file that cannot be used is
//! reported and the others still are.

use crate::canonical::TableKind;
use crate::error::Error;
use crate::ingest::{self, FileReport, Overrides};
use crate::metrics::requirements::{self, FileMetrics};
use std::path::PathBuf;

/// What `inspect` found for one file.
#[derive(Debug)]
pub enum Inspected {
    Report {
        report: Box<FileReport>,
        metrics: FileMetrics,
    },
    Failed {
        path: PathBuf,
        error: Error,
    },
}

impl Inspected {
    /// Whether this file can be used as it is.
    pub fn is_usable(&self) -> bool {
        matches!(self, Inspected::Report { report, .. } if report.is_usable())
    }
}

/// Inspects every file; the exit code is 0 only when every file is usable.
pub fn inspect(paths: &[PathBuf], overrides: &Overrides) -> Vec<Inspected> {
    paths
        .iter()
        .map(|path| match ingest::load(path, overrides) {
            Ok(loaded) => {
                let metrics = allowed_metrics(loaded.kind, &loaded.report);
                Inspected::Report {
                    report: Box::new(loaded.report),
                    metrics,
                }
            }
            Err(error) => Inspected::Failed {
                path: path.clone(),
                error,
            },
        })
        .collect()
}

/// The metrics a usable file's mapped and derived fields allow.
pub fn allowed_metrics(kind: TableKind, report: &FileReport) -> FileMetrics {
    if !report.is_usable() {
        return FileMetrics::default();
    }
    requirements::for_file(kind, &report.fields())
}

/// The exit code for a set of results: an internal error beats bad input.
pub fn exit_code(results: &[Inspected]) -> i32 {
    let mut code = 0;
    for r in results {
        match r {
            Inspected::Failed { error, .. } if error.exit_code() == 1 => return 1,
            r if !r.is_usable() => code = 2,
            _ => {}
        }
    }
    code
}
