//! `generate`: a synthetic organisation's exports and its planted truth.

use super::common::print;
use crate::cli::{GenerateArgs, GenerateProfile, TrendName};
use itsm_evidence::Error;
use itsm_evidence::generate::{self, GenerateOptions, Knobs, Profile, Trend};

pub fn run(args: GenerateArgs) -> Result<i32, Error> {
    let summary = generate::run(&generate_options(args)?)?;
    let mut text = String::new();
    for f in &summary.files {
        text.push_str(&format!("{:>10} rows  {}  ({})\n", f.rows, f.path, f.kind));
    }
    text.push_str(&format!(
        "window {} .. {}, as of {}\ntruth: {}\n",
        summary.window.0,
        summary.window.1,
        summary.as_of,
        summary.truth.display()
    ));
    print(&text);
    Ok(0)
}

fn generate_options(args: GenerateArgs) -> Result<GenerateOptions, Error> {
    let mut knobs = Knobs::default();
    for pair in &args.set {
        knobs.set(pair)?;
    }
    if let Some(n) = args.incidents {
        knobs.incidents = n;
    }
    if args.requests.is_some() {
        knobs.requests = args.requests;
    }
    if let Some(n) = args.changes {
        knobs.changes = n;
    }
    if let Some(n) = args.cis {
        knobs.cis = n;
    }
    if let Some(n) = args.respondents {
        knobs.respondents = n;
    }
    if let Some(n) = args.months {
        knobs.months = n;
    }
    if let Some(t) = args.self_service_trend {
        knobs.self_service_trend = match t {
            TrendName::Improving => Trend::Improving,
            TrendName::Worsening => Trend::Worsening,
            TrendName::Flat => Trend::Flat,
        };
    }
    Ok(GenerateOptions {
        out: args.out,
        seed: args.seed,
        profile: match args.profile {
            GenerateProfile::Servicenow => Profile::ServiceNow,
            GenerateProfile::Jira => Profile::Jira,
            GenerateProfile::Generic => Profile::Generic,
        },
        knobs,
        event_log: args.event_log,
    })
}
