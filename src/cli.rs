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
