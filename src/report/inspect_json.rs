//! `inspect --json`: one entry per file (`docs/output.md`).

use crate::inspect::Inspected;
use serde::Serialize;

use super::SCHEMA_VERSION;

#[derive(Serialize)]
struct Output<'a> {
    schema_version: u32,
    tool_version: &'static str,
    files: Vec<Entry<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Report {
        #[serde(flatten)]
        report: &'a crate::ingest::FileReport,
        metrics: &'a crate::metrics::requirements::FileMetrics,
    },
    Failed {
        path: String,
        error: String,
    },
}

/// The JSON document for a set of inspected files, pretty-printed.
pub fn render(results: &[Inspected]) -> String {
    let files = results
        .iter()
        .map(|r| match r {
            Inspected::Report { report, metrics } => Entry::Report { report, metrics },
            Inspected::Failed { path, error } => Entry::Failed {
                path: path.display().to_string(),
                error: error.to_string(),
            },
        })
        .collect();
    let output = Output {
        schema_version: SCHEMA_VERSION,
        tool_version: crate::VERSION,
        files,
    };
    serde_json::to_string_pretty(&output).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
