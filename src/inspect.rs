//! The `inspect` command: load each export and account for it, file by file.
//! A file that cannot be used is reported and the others still are.

use crate::error::Error;
use crate::ingest::{self, FileReport, Overrides};
use std::path::PathBuf;

/// What `inspect` found for one file.
#[derive(Debug)]
pub enum Inspected {
    Report(Box<FileReport>),
    Failed { path: PathBuf, error: Error },
}

impl Inspected {
    /// Whether this file can be used as it is.
    pub fn is_usable(&self) -> bool {
        matches!(self, Inspected::Report(r) if r.is_usable())
    }
}

/// Inspects every file; the exit code is 0 only when every file is usable.
pub fn inspect(paths: &[PathBuf], overrides: &Overrides) -> Vec<Inspected> {
    paths
        .iter()
        .map(|path| match ingest::load(path, overrides) {
            Ok(loaded) => Inspected::Report(Box::new(loaded.report)),
            Err(error) => Inspected::Failed {
                path: path.clone(),
                error,
            },
        })
        .collect()
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
