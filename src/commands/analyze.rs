//! `analyze`: the whole pipeline into a report folder.

use super::common::{parameters, run_overrides, sources, window_options};
use crate::cli::AnalyzeArgs;
use itsm_evidence::Error;
use itsm_evidence::analyze::{self, AnalyzeOptions, KeySource, Names};

pub fn run(args: AnalyzeArgs) -> Result<i32, Error> {
    let options = AnalyzeOptions {
        sources: sources(&args.run.inputs)?,
        survey: args.maturity.survey,
        survey_mapping: args.maturity.survey_mapping,
        rubric: args.maturity.rubric,
        window: window_options(&args.run.window)?,
        params: parameters(&args.run.params),
        overrides: run_overrides(&args.run)?,
        out: args.out,
        force: args.force,
        deterministic: args.deterministic,
        quiet: args.quiet,
        timings: args.timings,
        names: if args.names.reveal_names {
            Names::Revealed
        } else {
            Names::Pseudonyms {
                key_file: args.names.pseudonym_key_file,
            }
        },
    };
    let outcome = analyze::run(&options)?;
    if let Some(KeySource::Created(path)) = &outcome.key_source {
        eprintln!(
            "created the pseudonym key file {} (keep it secret, beside no report)",
            path.display()
        );
    }
    if !args.quiet {
        eprintln!(
            "wrote {} ({} files); open {}",
            outcome.folder.display(),
            outcome.files.len(),
            outcome.folder.join("index.html").display()
        );
    }
    Ok(0)
}
