//! `inspect`: how each export is read, file by file.

use super::common::{overrides, print};
use crate::cli::InspectArgs;
use itsm_evidence::{Error, inspect, report};

pub fn run(args: InspectArgs) -> Result<i32, Error> {
    let overrides = overrides(&args.mapping)?;
    let results = inspect::inspect(&args.files, &overrides);
    let text = if args.json {
        report::inspect_json::render(&results)
    } else {
        report::inspect_text::render(&results)
    };
    print(&text);
    if !args.json {
        for r in &results {
            if let inspect::Inspected::Failed { error, .. } = r {
                eprintln!("itsm-evidence: error: {error}");
            }
        }
    }
    Ok(inspect::exit_code(&results))
}
