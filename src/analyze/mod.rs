//! `analyze`: the whole pipeline in one command. Reads the exports, computes
//! the metrics and the maturity assessment, and writes a report folder
//! (index.html, report.md, JSON, CSV, charts, enriched tables) atomically.

mod fingerprints;
mod output;
mod progress;
pub mod pseudonym;
pub mod pseudonym_key;
mod written_labels;

pub use output::{StagedFolder, fingerprint};
pub use pseudonym_key::{KeySource, PseudonymKey};

use crate::error::Result;
use crate::ingest::Overrides;
use crate::maturity::survey::{self, SurveyAnswers};
use crate::maturity::{self, Rubric};
use crate::metrics::context::Context;
use crate::metrics::{self, GroupField, Parameters, Sources, WindowOptions};
use crate::report::model::{self, ChartRef, Fingerprint, ModelInput};
use crate::report::{assess_json, charts, html, markdown, metrics_csv, metrics_json};
use crate::timings::Timings;
use progress::Progress;
use std::path::PathBuf;

/// Everything `analyze` needs to know.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub sources: Sources,
    pub survey: Option<PathBuf>,
    pub survey_mapping: Option<PathBuf>,
    pub rubric: Option<PathBuf>,
    pub window: WindowOptions,
    pub params: Parameters,
    pub overrides: Overrides,
    pub out: PathBuf,
    pub force: bool,
    /// Leave out the generation time, so that the same input gives the same bytes.
    pub deterministic: bool,
    pub quiet: bool,
    /// Print the time of each stage on stderr.
    pub timings: bool,
    pub names: Names,
}

/// How the people named in the exports appear in the tables written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// As keyed hashes: under a key drawn for the run, or the key in this file
    /// (created when absent).
    Pseudonyms { key_file: Option<PathBuf> },
    /// As written in the exports (`--reveal-names`).
    Revealed,
}

/// What was written.
#[derive(Debug)]
pub struct AnalyzeOutcome {
    pub folder: PathBuf,
    pub files: Vec<String>,
    /// Where the pseudonym key came from; `None` with names revealed.
    pub key_source: Option<KeySource>,
}

pub fn run(options: &AnalyzeOptions) -> Result<AnalyzeOutcome> {
    let progress = Progress::new(options.quiet);
    let staged = StagedFolder::new(&options.out, options.force)?;
    let key = match &options.names {
        Names::Pseudonyms {
            key_file: Some(path),
        } => Some(PseudonymKey::from_file_or_create(path)?),
        Names::Pseudonyms { key_file: None } => Some(PseudonymKey::random()?),
        Names::Revealed => None,
    };
    let rubric = match &options.rubric {
        Some(path) => Rubric::from_file(path)?,
        None => Rubric::default_rubric()?,
    };

    let hashing = fingerprints::Hashing::start(files_to_fingerprint(options));
    progress.step("reading exports");
    let inputs = metrics::inputs::load(&options.sources, &options.overrides)?;
    progress.details(&inputs.timings);
    let names_people = [&inputs.tickets, &inputs.changes]
        .into_iter()
        .flatten()
        .any(|t| pseudonym::names_people(&t.frame));
    if options.deterministic
        && names_people
        && key.as_ref().is_some_and(|k| k.source == KeySource::Random)
    {
        return Err(crate::Error::Usage(
            "--deterministic: the exports name people, whose pseudonyms come from a key drawn \
             afresh each run; pass --pseudonym-key-file FILE (created when absent) for the same \
             pseudonyms every run"
                .into(),
        ));
    }
    progress.step("computing metrics");
    let mut metric_timings = Timings::new();
    let ctx = metric_timings.time("metrics: window and tables", || {
        Context::new(&inputs, &options.params, &options.window)
    })?;
    let mut metrics_report = metrics::compute_in(&ctx, &mut metric_timings)?;
    metrics::add_groups(
        &ctx,
        GroupField::AssignmentGroup,
        &mut metrics_report,
        &mut metric_timings,
    )?;
    // Teams are named, people never: an e-mail address used as a team name
    // becomes its pseudonym.
    if let (Some(key), Some(groups)) = (&key, metrics_report.groups.as_mut()) {
        for g in groups.iter_mut() {
            g.group = g
                .group
                .as_deref()
                .map(|n| pseudonym::without_emails(key, n));
        }
    }
    progress.details(&metric_timings);

    progress.step("reading the survey");
    let survey = survey::read_for_run(
        options.survey.as_deref(),
        options.survey_mapping.as_deref(),
        inputs.survey_file(),
        &options.overrides,
    )?;
    let survey_path = survey.as_ref().map(|(path, _)| path.clone());
    let answers: Option<SurveyAnswers> = survey.map(|(_, answers)| answers);
    progress.step("assessing maturity");
    let assessment = maturity::assess(&rubric, &metrics_report, answers.as_ref())?;

    progress.step("flagging repeats and failures");
    let enriched = metrics::enriched::enrich_in(&ctx)?;
    // The enriched tables share the canonical tables' columns; what only the
    // metrics used (their helper columns and cached flags) goes now, before
    // the tables are written.
    drop(ctx);
    drop(inputs);
    crate::freed_memory::return_to_system();
    let repeats_by_ci: Vec<(String, u64)> = enriched
        .repeats_by_ci
        .iter()
        .map(|(ci, n)| match &key {
            Some(key) => (pseudonym::without_emails(key, ci), *n),
            None => (ci.clone(), *n),
        })
        .collect();
    progress.step("drawing charts");
    let chart_dir = staged.staging.join("charts");
    std::fs::create_dir_all(&chart_dir).map_err(|e| crate::Error::io(&chart_dir, e))?;
    let drawn = charts::render_all(
        &charts::ChartInput {
            metrics: &metrics_report,
            assessment: &assessment,
            rubric: &rubric,
            repeats_by_ci: &repeats_by_ci,
        },
        &chart_dir,
    )?;
    let mut chart_timings = Timings::new();
    for c in &drawn {
        chart_timings.record(&format!("chart: {} (in parallel)", c.name), c.took);
    }
    progress.details(&chart_timings);
    let charts: Vec<ChartRef> = drawn
        .into_iter()
        .map(|c| ChartRef {
            name: c.name,
            title: c.title,
            svg: c.svg,
        })
        .collect();

    progress.step("writing the report");
    let mut fingerprints = Vec::new();
    let mut inputs_used: Vec<PathBuf> = metrics_report
        .data_quality
        .files
        .iter()
        .map(|f| PathBuf::from(&f.path))
        .collect();
    inputs_used.extend(survey_path.iter().cloned());
    inputs_used.extend(options.survey_mapping.iter().cloned());
    inputs_used.extend(options.rubric.iter().cloned());
    inputs_used.dedup();
    let hashed = hashing.finish(&inputs_used)?;
    for (path, (sha256, bytes)) in inputs_used.iter().zip(hashed) {
        fingerprints.push(Fingerprint {
            path: path.display().to_string(),
            sha256,
            bytes,
        });
    }
    let generated_at = (!options.deterministic).then(now_utc);
    let model = model::build(ModelInput {
        metrics: &metrics_report,
        assessment: &assessment,
        repeats_by_ci: &repeats_by_ci,
        charts: &charts,
        fingerprints,
        generated_at,
        people: people_sentence(key.as_ref(), names_people),
    });
    let mut files: Vec<String> = charts
        .iter()
        .flat_map(|c| {
            [
                format!("charts/{}.svg", c.name),
                format!("charts/{}.png", c.name),
            ]
        })
        .collect();
    let mut write = |name: &str, bytes: &[u8]| -> Result<()> {
        staged.write(name, bytes)?;
        files.push(name.to_string());
        Ok(())
    };
    write(
        "metrics.json",
        metrics_json::render(&metrics_report).as_bytes(),
    )?;
    write("maturity.json", assess_json::render(&assessment).as_bytes())?;
    write(
        "metrics.csv",
        metrics_csv::render(&metrics_report).as_bytes(),
    )?;
    write("index.html", html::render(&model, &charts).as_bytes())?;
    write("report.md", markdown::render(&model, &charts).as_bytes())?;
    progress.step("writing the enriched tables");
    for (name, table) in [
        ("incidents", enriched.incidents),
        ("changes", enriched.changes),
    ] {
        let Some(table) = table else { continue };
        let relative = format!("enriched/{name}.parquet");
        let plan = pseudonym::output_plan(table, name, key.as_ref())
            .map_err(|e| crate::Error::Internal(format!("pseudonymising {name}: {e}")))?;
        staged.sink_parquet(&relative, plan)?;
        files.push(relative);
    }
    progress.step("moving the report into place");
    let folder = staged.commit()?;
    let timings = progress.finish();
    if options.timings {
        eprint!("{}", timings.render());
    }
    Ok(AnalyzeOutcome {
        folder,
        files,
        key_source: key.map(|k| k.source),
    })
}

/// The files a run may read, to be hashed while it reads them.
fn files_to_fingerprint(options: &AnalyzeOptions) -> Vec<PathBuf> {
    let sources = &options.sources;
    let mut paths: Vec<PathBuf> = [&sources.incidents, &sources.changes, &sources.cmdb]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    // A folder that cannot be listed is reported by the reading itself.
    if let Some(dir) = &sources.data_dir {
        paths.extend(metrics::inputs::export_files(dir).unwrap_or_default());
    }
    paths.extend(options.survey.iter().cloned());
    paths.extend(options.survey_mapping.iter().cloned());
    paths.extend(options.rubric.iter().cloned());
    paths
}

/// What the report says about the people in the exports.
fn people_sentence(key: Option<&PseudonymKey>, names_people: bool) -> String {
    let what = if names_people {
        "People (resolvers) and e-mail addresses"
    } else {
        "No export names people in a column the report keeps; e-mail addresses"
    };
    match key.map(|k| &k.source) {
        None => "People are named as the exports name them (--reveal-names): this report \
                 holds personal data."
            .into(),
        Some(KeySource::Random) => format!(
            "{what} appear as pseudonyms, keyed hashes under a key drawn for this run and \
             not kept: no one can link them to names or to another report."
        ),
        Some(KeySource::File(_) | KeySource::Created(_)) => format!(
            "{what} appear as pseudonyms, keyed hashes under the key of a key file: reports \
             made with the same key file give the same pseudonyms; without it no one can link \
             them to names."
        ),
    }
}

fn now_utc() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    crate::metrics::context::from_millis(now * 1000)
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
}
