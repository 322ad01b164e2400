//! `inspect`: how each export is read, file by file, or a mapping file to
//! edit for one export.

use super::common::{overrides, print};
use crate::cli::InspectArgs;
use itsm_evidence::ingest::suggest;
use itsm_evidence::{Error, inspect, report};

pub fn run(args: InspectArgs) -> Result<i32, Error> {
    let overrides = overrides(&args.mapping)?;
    if args.suggest_mapping {
        let [file] = args.files.as_slice() else {
            return Err(Error::Usage(
                "--suggest-mapping writes the mapping of one export: give one file".into(),
            ));
        };
        let suggestion = suggest::suggest(file, &overrides)?;
        print(&report::mapping_toml::render(&suggestion));
        return Ok(0);
    }
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
