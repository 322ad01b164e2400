//! `generate`: a synthetic organisation with planted truth. It writes ticket,
//! change, CMDB and survey exports in a chosen tool's layout, streaming rows to
//! disk, and `truth.json` with the realised value of every metric the files
//! determine. One seed and one set of knobs give the same bytes on any machine.

mod calendar;
mod changes;
mod cmdb;
mod event_log;
pub mod knobs;
mod names;
mod organisation;
pub mod profile;
mod rng;
mod rows;
mod simulate;
mod survey;
mod tickets;
pub mod truth;
mod world;
mod writer;

pub use knobs::{Knobs, Trend};
pub use profile::Profile;
pub use writer::Written;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What to generate and where.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub out: PathBuf,
    pub seed: u64,
    pub profile: Profile,
    pub knobs: Knobs,
    /// Incidents written as an event log, one row per update (ServiceNow only).
    pub event_log: bool,
}

/// What was written.
#[derive(Debug)]
pub struct Summary {
    pub files: Vec<Written>,
    pub truth: PathBuf,
    pub as_of: String,
    pub window: (String, String),
}

/// File name of the truth document in the output folder.
pub const TRUTH_FILE: &str = "truth.json";

/// Generates the organisation into `options.out`.
pub fn run(options: &GenerateOptions) -> Result<Summary> {
    options.knobs.validate()?;
    if options.event_log && options.profile != Profile::ServiceNow {
        return Err(Error::Usage(format!(
            "--event-log: only the servicenow profile writes an event log, not {}",
            options.profile.name()
        )));
    }
    prepare(&options.out)?;
    let (files, doc) = simulate::simulate(options)?;
    let path = options.out.join(TRUTH_FILE);
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Internal(format!("truth.json: {e}")))?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| Error::Write {
        path: path.clone(),
        message: e.to_string(),
    })?;
    Ok(Summary {
        files,
        truth: path,
        as_of: doc.as_of,
        window: (doc.window.from, doc.window.to),
    })
}

/// Every file a run may write. All are removed first, so that a folder never
/// mixes two runs (a Jira run writes no CMDB, a run without changes no changes.csv).
pub const FILES: &[&str] = &[
    "incidents.csv",
    "requests.csv",
    "changes.csv",
    "cmdb_ci.csv",
    "survey.csv",
    survey::WIDE_FILE,
    survey::MAPPING_FILE,
    TRUTH_FILE,
];

fn prepare(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!(
            "--out {}: exists and is not a folder",
            out.display()
        )));
    }
    let failed = |path: &Path, e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(out).map_err(|e| failed(out, e))?;
    for name in FILES {
        let path = out.join(name);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| failed(&path, e))?;
        }
    }
    Ok(())
}
