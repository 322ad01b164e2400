//! `assess`: maturity per discipline held against the survey.

use super::common::{compute_metrics, print, run_overrides};
use crate::cli::{AssessArgs, Format};
use itsm_evidence::maturity::{self, Rubric, survey};
use itsm_evidence::timings::Timings;
use itsm_evidence::{Error, report};

pub fn run(args: AssessArgs) -> Result<i32, Error> {
    let overrides = run_overrides(&args.run)?;
    let rubric = match &args.maturity.rubric {
        Some(path) => Rubric::from_file(path)?,
        None => Rubric::default_rubric()?,
    };
    let (metrics, inputs) = compute_metrics(&args.run, None, &mut Timings::new())?;
    let answers = survey::read_for_run(
        args.maturity.survey.as_deref(),
        args.maturity.survey_mapping.as_deref(),
        inputs.survey_file(),
        &overrides,
    )?
    .map(|(_, answers)| answers);
    let assessment = maturity::assess(&rubric, &metrics, answers.as_ref())?;
    let text = match args.format {
        Format::Table => report::assess_text::render(&assessment),
        Format::Json => report::assess_json::render(&assessment),
        Format::Csv => report::assess_csv::render(&assessment),
    };
    print(&text);
    Ok(0)
}
