//! The `itsm-evidence` command: parses arguments and calls the library.

mod cli;

use clap::Parser;
use cli::{
    AnalyzeArgs, AssessArgs, Cli, Command, DateOrderName, Format, GenerateArgs, GenerateProfile,
    InputArgs, KindName, MappingArgs, MetricsArgs, ParamArgs, RepeatKeyName, SurveyTemplateArgs,
    TemplateFormat, TrendName, WindowArgs,
};
use itsm_evidence::canonical::TableKind;
use itsm_evidence::generate::{self, GenerateOptions, Knobs, Profile, Trend};
use itsm_evidence::ingest::Overrides;
use itsm_evidence::ingest::dates::DateOrder;
use itsm_evidence::maturity::{self, Rubric, survey, template};
use itsm_evidence::metrics::{self, MetricsReport, Parameters, RepeatKey, Sources, WindowOptions};
use itsm_evidence::{Error, inspect, report};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug: report it as one instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "itsm-evidence: internal error: {info} (this is a bug; please report it with the command you ran)"
        );
    }));
    let code = match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("itsm-evidence: error: {e}");
            e.exit_code()
        }
        Err(_) => 1,
    };
    ExitCode::from(code as u8)
}

fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Inspect(args) => {
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
        Command::Metrics(args) => run_metrics(args),
        Command::Assess(args) => run_assess(args),
        Command::Analyze(args) => run_analyze(args),
        Command::Rubric => {
            print(maturity::DEFAULT_RUBRIC);
            Ok(0)
        }
        Command::SurveyTemplate(args) => run_survey_template(args),
        Command::Generate(args) => {
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
    }
}

fn run_metrics(args: MetricsArgs) -> Result<i32, Error> {
    let overrides = overrides(&args.mapping)?;
    let (report, _) = compute_metrics(&args.inputs, &args.window, &args.params, &overrides)?;
    let text = match args.format {
        Format::Table => report::metrics_table::render(&report),
        Format::Json => report::metrics_json::render(&report),
        Format::Csv => report::metrics_csv::render(&report),
    };
    print(&text);
    Ok(0)
}

fn run_assess(args: AssessArgs) -> Result<i32, Error> {
    let overrides = overrides(&args.mapping)?;
    let rubric = match &args.maturity.rubric {
        Some(path) => Rubric::from_file(path)?,
        None => Rubric::default_rubric()?,
    };
    let (metrics, inputs) = compute_metrics(&args.inputs, &args.window, &args.params, &overrides)?;
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

fn run_survey_template(args: SurveyTemplateArgs) -> Result<i32, Error> {
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

/// Loads the exports and computes every metric, for `metrics` and `assess`.
fn compute_metrics(
    inputs: &InputArgs,
    window: &WindowArgs,
    p: &ParamArgs,
    overrides: &Overrides,
) -> Result<(MetricsReport, metrics::Inputs), Error> {
    let sources = sources(inputs)?;
    let window = window_options(window)?;
    let params = parameters(p);
    let loaded = metrics::inputs::load(&sources, overrides)?;
    let report = metrics::compute(&loaded, &params, &window)?;
    Ok((report, loaded))
}

fn run_analyze(args: AnalyzeArgs) -> Result<i32, Error> {
    let options = itsm_evidence::analyze::AnalyzeOptions {
        sources: sources(&args.inputs)?,
        survey: args.maturity.survey,
        survey_mapping: args.maturity.survey_mapping,
        rubric: args.maturity.rubric,
        window: window_options(&args.window)?,
        params: parameters(&args.params),
        overrides: overrides(&args.mapping)?,
        out: args.out,
        force: args.force,
        deterministic: args.deterministic,
        quiet: args.quiet,
    };
    let outcome = itsm_evidence::analyze::run(&options)?;
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

fn sources(inputs: &InputArgs) -> Result<Sources, Error> {
    let sources = Sources {
        incidents: inputs.incidents.clone(),
        changes: inputs.changes.clone(),
        cmdb: inputs.cmdb.clone(),
        data_dir: inputs.data.clone(),
    };
    if sources.incidents.is_empty()
        && sources.changes.is_empty()
        && sources.cmdb.is_empty()
        && sources.data_dir.is_none()
    {
        return Err(Error::Usage(
            "no exports given: use --data DIR, or --incidents / --changes / --cmdb FILE".into(),
        ));
    }
    Ok(sources)
}

fn window_options(window: &WindowArgs) -> Result<WindowOptions, Error> {
    let date = |v: &Option<String>, end: bool, flag: &str| {
        v.as_deref()
            .map(|t| metrics::context::parse_date_option(t, end))
            .transpose()
            .map_err(|e| Error::Usage(format!("{flag}: {e}")))
    };
    Ok(WindowOptions {
        from: date(&window.from, false, "--from")?,
        to: date(&window.to, true, "--to")?,
        as_of: date(&window.as_of, true, "--as-of")?,
    })
}

fn parameters(p: &ParamArgs) -> Parameters {
    Parameters {
        repeat_window_days: p.repeat_window_days,
        repeat_key: match p.repeat_key {
            RepeatKeyName::Ci => RepeatKey::Ci,
            RepeatKeyName::CiCategory => RepeatKey::CiCategory,
        },
        reassignment_threshold: p.reassignment_threshold,
        change_inference_hours: p.change_inference_hours,
        change_inference_priority: p.change_inference_priority,
        cluster_size: p.cluster_size,
        cluster_span_days: p.cluster_span_days,
        stale_days: p.stale_days,
        aged_backlog_days: p.aged_backlog_days,
        min_sample: p.min_sample,
        ..Parameters::default()
    }
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
    })
}

fn overrides(args: &MappingArgs) -> Result<Overrides, Error> {
    let mut o = match &args.mapping {
        Some(path) => Overrides::from_file(path)?,
        None => Overrides::default(),
    };
    o.add_maps(&args.maps)?;
    if let Some(p) = args.profile {
        o.profile = Some(p.name().to_string());
    }
    if let Some(k) = args.kind {
        o.kind = Some(match k {
            KindName::Incidents => TableKind::Incidents,
            KindName::Requests => TableKind::Requests,
            KindName::Changes => TableKind::Changes,
            KindName::Cis => TableKind::Cis,
            KindName::Survey => TableKind::Survey,
            KindName::Interactions => TableKind::Interactions,
        });
    }
    if let Some(d) = args.date_order {
        o.date_order = Some(match d {
            DateOrderName::Dmy => DateOrder::Dmy,
            DateOrderName::Mdy => DateOrder::Mdy,
        });
    }
    Ok(o)
}

/// Writes to stdout, ending quietly when the reader has gone (`| head`).
fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
