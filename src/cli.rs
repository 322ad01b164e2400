//! Command-line arguments (clap derive). Parsing only: every command calls the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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

    /// Write a synthetic organisation's exports (incidents, requests, changes,
    /// CMDB, survey) with planted truth in truth.json (docs/generate.md).
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write into (created if missing). The files of an earlier run there are replaced.
    #[arg(long, value_name = "DIR")]
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
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print JSON (docs/output.md) instead of text.
    #[arg(long)]
    pub json: bool,

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
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// Day/month order for numeric dates the values cannot settle.
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrderName>,
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
