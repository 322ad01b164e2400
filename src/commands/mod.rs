//! The glue of each command: turns parsed arguments into library calls and
//! prints what they return. One file per command; `common` holds what several
//! commands share (exports, window, parameters, mapping overrides).

mod analyze;
mod assess;
mod common;
mod compare;
mod generate;
mod inspect;
mod metrics;
mod survey_template;

use crate::cli::Command;
use itsm_evidence::{Error, maturity};

/// Runs one command; the result is the process exit code.
pub fn run(command: Command) -> Result<i32, Error> {
    match command {
        Command::Inspect(args) => inspect::run(args),
        Command::Metrics(args) => metrics::run(args),
        Command::Assess(args) => assess::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Rubric => {
            common::print(maturity::DEFAULT_RUBRIC);
            Ok(0)
        }
        Command::SurveyTemplate(args) => survey_template::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Compare(args) => compare::run(args),
    }
}
