//! Command-line arguments (clap derive). Parsing only: every command calls the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Every path argument: a URL is refused, since the tool opens no network connection.
fn local_path(text: &str) -> Result<PathBuf, String> {
    match itsm_evidence::local_path::refuse_url(text) {
        Some(why) => Err(why),
        None => Ok(PathBuf::from(text)),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "itsm-evidence",
    version,
    about = "Turns ITSM tool exports into evidence of process maturity",
    long_about = "Turns the exports of IT service management tools (ServiceNow, Jira, \
                  other tools or a generic layout) into evidence of process maturity."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how each export is read: kind, profile, column map, date formats,
    /// and where every row went.
    Inspect(InspectArgs),
    /// Compute every process metric with its n, 95 % interval, monthly series
    /// and trend (docs/metrics.md).
    Metrics(MetricsArgs),
    /// Maturity per discipline from the evidence, held against the
    /// self-assessment survey by role (perception gap ranked, a flag per
    /// role), what people believe the figures are, activity against outcome,
    /// the symptom check and an executive summary (docs/maturity.md).
    Assess(AssessArgs),
    /// The whole pipeline: metrics, maturity, charts and a report folder
    /// (index.html, report.md, JSON, CSV, Parquet).
    Analyze(AnalyzeArgs),
    /// Print the built-in maturity rubric (TOML) to copy and edit.
    Rubric,
    /// Write a ready self-assessment questionnaire (statements per discipline
    /// and what people believe the figures are) and the mapping file that
    /// reads its export back.
    SurveyTemplate(SurveyTemplateArgs),
    /// Write a synthetic organisation's exports (incidents, requests, changes,
    /// CMDB, survey) with planted truth in truth.json (docs/generate.md).
    Generate(GenerateArgs),
    /// Compare two assessments (report folders written by `analyze`): what
    /// moved beyond the noise, per metric and per discipline (docs/compare.md).
    Compare(CompareArgs),
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier report folder (or its metrics.json).
    #[arg(value_name = "BEFORE", value_parser = local_path)]
    pub before: PathBuf,

    /// The later report folder (or its metrics.json).
    #[arg(value_name = "AFTER", value_parser = local_path)]
    pub after: PathBuf,

    /// The folder to write compare.json, index.html and report.md into (written atomically).
    #[arg(long, value_name = "DIR", value_parser = local_path)]
    pub out: PathBuf,

    /// Replace the folder if it exists.
    #[arg(long)]
    pub force: bool,

    /// Refuse runs that used different rubrics or parameters instead of warning.
    #[arg(long)]
    pub strict: bool,

    /// What to print.
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CompareFormat {
    Table,
    Json,
}

/// What every command that reads a set of exports takes: the exports, the
/// window, the metric parameters and the mapping overrides.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    #[command(flatten)]
    pub inputs: InputArgs,

    #[command(flatten)]
    pub window: WindowArgs,

    #[command(flatten)]
    pub params: ParamArgs,

    #[command(flatten)]
    pub mapping: MappingArgs,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub run: RunArgs,

    #[command(flatten)]
    pub maturity: MaturityArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The survey and the rubric of a maturity assessment.
#[derive(Debug, Args, Clone)]
pub struct MaturityArgs {
    /// Survey results: the long form, or a Forms export with --survey-mapping.
    /// Default: a survey export found in the --data folder.
    #[arg(long, value_name = "FILE", value_parser = local_path)]
    pub survey: Option<PathBuf>,

    /// Maps a wide survey export (one column per question) onto disciplines
    /// and, for calibration questions, onto the metrics they estimate.
    #[arg(long, value_name = "FILE", value_parser = local_path)]
    pub survey_mapping: Option<PathBuf>,

    /// A rubric file replacing the built-in one (see `itsm-evidence rubric`).
    #[arg(long, value_name = "FILE", value_parser = local_path)]
    pub rubric: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub run: RunArgs,

    #[command(flatten)]
    pub maturity: MaturityArgs,

    /// The report folder to write (written atomically).
    #[arg(long, value_name = "DIR", value_parser = local_path)]
    pub out: PathBuf,

    /// Replace the report folder if it exists.
    #[arg(long)]
    pub force: bool,

    /// Leave out the generation time: the same input gives the same bytes.
    #[arg(long)]
    pub deterministic: bool,

    /// No progress display.
    #[arg(long, short)]
    pub quiet: bool,

    /// Print the time each stage took (reading, each discipline's metrics,
    /// maturity, charts, report, Parquet) on stderr.
    #[arg(long)]
    pub timings: bool,

    #[command(flatten)]
    pub names: NameArgs,
}

/// How the people named in the exports appear in what is written.
#[derive(Debug, Args, Clone)]
pub struct NameArgs {
    /// Pseudonymise people under the secret key in FILE (created, readable by
    /// its owner only, when absent), so that pseudonyms stay the same across
    /// runs. Default: a key drawn for the run and forgotten.
    #[arg(long, value_name = "FILE", conflicts_with = "reveal_names", value_parser = local_path)]
    pub pseudonym_key_file: Option<PathBuf>,

    /// Write people's names as the exports give them, not pseudonyms. The
    /// report says so: handle it as personal data.
    #[arg(long)]
    pub reveal_names: bool,
}

#[derive(Debug, Args)]
pub struct SurveyTemplateArgs {
    /// Folder to write the questionnaire and survey-mapping.toml into.
    #[arg(long, value_name = "DIR", default_value = "survey-template", value_parser = local_path)]
    pub out: PathBuf,

    /// Questionnaire format.
    #[arg(long, value_enum, default_value_t = TemplateFormat::Md)]
    pub format: TemplateFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TemplateFormat {
    Csv,
    Md,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub run: RunArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Print the time each stage took (reading, each discipline) on stderr.
    #[arg(long)]
    pub timings: bool,

    /// Also give the figures per team (or service, category, CI) with the
    /// funnel limits that tell which lie beyond chance (docs/metrics.md).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub by: Option<GroupByName>,
}

/// The column figures are split by.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GroupByName {
    #[value(name = "assignment_group")]
    AssignmentGroup,
    Service,
    Category,
    Ci,
}

/// Which exports to read.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Incident (and service request) exports.
    #[arg(long, value_name = "FILE", num_args = 1.., value_parser = local_path)]
    pub incidents: Vec<PathBuf>,
    /// Change exports.
    #[arg(long, value_name = "FILE", num_args = 1.., value_parser = local_path)]
    pub changes: Vec<PathBuf>,
    /// CMDB (configuration item) exports.
    #[arg(long, value_name = "FILE", num_args = 1.., value_parser = local_path)]
    pub cmdb: Vec<PathBuf>,
    /// A folder of exports; each file's kind is detected.
    #[arg(long, value_name = "DIR", value_parser = local_path)]
    pub data: Option<PathBuf>,
}

/// The analysis window.
#[derive(Debug, Args, Clone)]
pub struct WindowArgs {
    /// Start of the window (YYYY-MM-DD[ HH:MM:SS]); default: the first incident opened.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// End of the window, inclusive; default: the last incident opened.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The export date ages are measured against; default: the latest timestamp in any export.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// The parameters of the metric definitions (docs/metrics.md).
#[derive(Debug, Args, Clone)]
pub struct ParamArgs {
    /// W: days within which an incident on the same CI makes a repeat.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub repeat_window_days: u32,
    /// What repeats are keyed on.
    #[arg(long, value_enum, default_value_t = RepeatKeyName::Ci)]
    pub repeat_key: RepeatKeyName,
    /// k: reassignments that make an incident ping-pong.
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub reassignment_threshold: u32,
    /// H: hours after a change's end in which an incident on its CI marks it failed (inferred).
    #[arg(long, value_name = "HOURS", default_value_t = 48)]
    pub change_inference_hours: u32,
    /// p: the priority (or more urgent) of such incidents.
    #[arg(long, value_name = "P", default_value_t = 2)]
    pub change_inference_priority: u32,
    /// m: incidents on one CI that make a repeat cluster.
    #[arg(long, value_name = "M", default_value_t = 3)]
    pub cluster_size: u32,
    /// W2: the span in days a cluster's incidents fall in.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub cluster_span_days: u32,
    /// S: days without update or discovery after which an operational CI is stale.
    #[arg(long, value_name = "DAYS", default_value_t = 60)]
    pub stale_days: u32,
    /// A: days after which an open incident is aged backlog.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub aged_backlog_days: u32,
    /// Denominators below this are flagged as thin.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub min_sample: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RepeatKeyName {
    Ci,
    #[value(name = "ci+category")]
    CiCategory,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write into (created if missing). The files of an earlier run there are replaced.
    #[arg(long, value_name = "DIR", value_parser = local_path)]
    pub out: PathBuf,

    /// Seed of the organisation: the same seed and knobs give the same bytes.
    #[arg(long, value_name = "S")]
    pub seed: u64,

    /// Incidents over the window [default: 20000].
    #[arg(long, value_name = "N")]
    pub incidents: Option<u64>,

    /// Service requests over the window [default: 40 % of the incidents].
    #[arg(long, value_name = "N")]
    pub requests: Option<u64>,

    /// Change requests over the window [default: 2000].
    #[arg(long, value_name = "M")]
    pub changes: Option<u64>,

    /// Configuration items in the CMDB [default: 3000].
    #[arg(long, value_name = "K")]
    pub cis: Option<u64>,

    /// Survey respondents [default: 40].
    #[arg(long, value_name = "R")]
    pub respondents: Option<u64>,

    /// Months in the window, from 2025-01-01 unless --set start=YYYY-MM-DD [default: 12].
    #[arg(long, value_name = "T")]
    pub months: Option<u32>,

    /// Which way the self-service share drifts month to month [default: improving].
    #[arg(long, value_enum)]
    pub self_service_trend: Option<TrendName>,

    /// The tool whose export layout (columns, values, dates) is written.
    #[arg(long, value_enum, default_value = "servicenow")]
    pub profile: GenerateProfile,

    /// Write incidents as an event log, one row per update (servicenow profile only):
    /// each incident's earlier states, then its final row, about 5 rows per incident.
    #[arg(long)]
    pub event_log: bool,

    /// Set any knob, e.g. --set change_failure_rate=0.2 (repeatable; docs/generate.md lists
    /// them). The options above win over --set.
    #[arg(long = "set", value_name = "KNOB=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TrendName {
    Improving,
    Worsening,
    Flat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GenerateProfile {
    Servicenow,
    Jira,
    Generic,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Export files (CSV, optionally .csv.gz).
    #[arg(required = true, value_name = "FILE", value_parser = local_path)]
    pub files: Vec<PathBuf>,

    /// Print JSON (docs/output.md) instead of text.
    #[arg(long)]
    pub json: bool,

    /// Print a mapping file for the export (one file) to edit and pass back
    /// with --mapping: every field found, candidates for the others, unknown values.
    #[arg(long, conflicts_with = "json")]
    pub suggest_mapping: bool,

    #[command(flatten)]
    pub mapping: MappingArgs,
}

/// How exports are mapped when detection is not enough.
#[derive(Debug, Args, Clone)]
pub struct MappingArgs {
    /// Use this profile instead of detecting one.
    #[arg(long, value_enum)]
    pub profile: Option<ProfileName>,

    /// Treat the files as this kind of export instead of detecting it.
    #[arg(long, value_enum)]
    pub kind: Option<KindName>,

    /// Read a canonical field from a named column, e.g. --map opened_at=sys_created_on.
    /// Repeatable; wins over the profile and the mapping file.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<String>,

    /// A TOML file with column maps, value maps and date formats (docs/ingest.md).
    #[arg(long, value_name = "FILE", value_parser = local_path)]
    pub mapping: Option<PathBuf>,

    /// Day/month order for numeric dates the values cannot settle.
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrderName>,

    /// Text encoding of the exports, when detection gets it wrong
    /// (utf-8, utf-16le, utf-16be, windows-1252 / latin-1, mac-roman).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// The sheet of a workbook (xlsx, xls, xlsb, ods) to read; default: the first with data.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileName {
    Generic,
    Servicenow,
    ServicenowEventlog,
    Jira,
}

impl ProfileName {
    pub fn name(self) -> &'static str {
        match self {
            ProfileName::Generic => "generic",
            ProfileName::Servicenow => "servicenow",
            ProfileName::ServicenowEventlog => "servicenow-eventlog",
            ProfileName::Jira => "jira",
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindName {
    Incidents,
    Requests,
    Changes,
    Cis,
    Survey,
    Interactions,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateOrderName {
    Dmy,
    Mdy,
}
