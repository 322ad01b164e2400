//! `survey-template`: a ready questionnaire and the mapping that reads it back.

use crate::cli::{SurveyTemplateArgs, TemplateFormat};
use itsm_evidence::Error;
use itsm_evidence::maturity::template;

pub fn run(args: SurveyTemplateArgs) -> Result<i32, Error> {
    let io = |e| Error::Usage(format!("{}: cannot write: {e}", args.out.display()));
    std::fs::create_dir_all(&args.out).map_err(io)?;
    let (name, body) = match args.format {
        TemplateFormat::Md => ("questionnaire.md", template::markdown()),
        TemplateFormat::Csv => ("questionnaire.csv", template::csv()),
    };
    std::fs::write(args.out.join(name), body).map_err(io)?;
    std::fs::write(
        args.out.join("survey-mapping.toml"),
        template::mapping_toml(),
    )
    .map_err(io)?;
    eprintln!(
        "wrote {} and {}",
        args.out.join(name).display(),
        args.out.join("survey-mapping.toml").display()
    );
    Ok(0)
}
