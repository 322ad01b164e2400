//! Output profiles: for each source tool, the files' column names, value
//! spellings and date format, as the ingest profiles of the same name read them.
//! A profile writes only what its tool's export can express.

mod generic;
mod jira;
mod servicenow;

use super::calendar::DateStyle;
use super::organisation::Org;
use super::rows::{ChangeRow, CiRow, IncidentRow, IncidentState, RequestRow};
use super::writer::Sink;
use crate::error::Result;
use serde::Serialize;

/// The tool whose exports are imitated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    ServiceNow,
    Jira,
    Generic,
}

/// Names and number widths the layouts need.
pub struct Ctx<'a> {
    pub org: &'a Org,
    pub incident_width: usize,
    pub request_width: usize,
    pub change_width: usize,
}

/// The columns and spellings of one tool.
pub trait Layout {
    fn incident_header(&self) -> &'static [&'static str];
    fn incident(&self, row: &IncidentRow, ctx: &Ctx, out: &mut Sink) -> Result<()>;
    fn request_header(&self) -> &'static [&'static str];
    fn request(&self, row: &RequestRow, ctx: &Ctx, out: &mut Sink) -> Result<()>;
    fn change_header(&self) -> &'static [&'static str];
    fn change(&self, row: &ChangeRow, ctx: &Ctx, out: &mut Sink) -> Result<()>;
    /// `None` when the tool has no CMDB export the ingest reads.
    fn ci_header(&self) -> Option<&'static [&'static str]>;
    fn ci(&self, row: &CiRow, ctx: &Ctx, out: &mut Sink) -> Result<()>;
}

impl Profile {
    pub fn parse(text: &str) -> Option<Profile> {
        match text.trim().to_ascii_lowercase().as_str() {
            "servicenow" => Some(Profile::ServiceNow),
            "jira" => Some(Profile::Jira),
            "generic" => Some(Profile::Generic),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::ServiceNow => "servicenow",
            Profile::Jira => "jira",
            Profile::Generic => "generic",
        }
    }

    pub fn date_style(self) -> DateStyle {
        match self {
            Profile::ServiceNow => DateStyle::Space,
            Profile::Jira => DateStyle::Jira,
            Profile::Generic => DateStyle::T,
        }
    }

    pub fn layout(self) -> &'static dyn Layout {
        match self {
            Profile::ServiceNow => &servicenow::ServiceNow,
            Profile::Jira => &jira::Jira,
            Profile::Generic => &generic::Generic,
        }
    }

    pub fn has_cmdb(self) -> bool {
        self.layout().ci_header().is_some()
    }

    /// Whether incidents carry the columns behind these metrics.
    pub fn carries_incident_flags(self) -> bool {
        self != Profile::Jira
    }

    /// Empties what the tool cannot express. Jira has no closed time, no
    /// reassignment, SLA, knowledge, problem or cause columns, and sets
    /// `Resolved` on a cancelled issue (its resolution is "Won't Do").
    pub fn restrict(self, row: &mut IncidentRow) {
        if self != Profile::Jira {
            return;
        }
        if row.state == IncidentState::Cancelled {
            row.resolved = row.closed;
        }
        row.closed = None;
        row.reassignment = None;
        row.sla_met = None;
        row.knowledge = None;
        row.problem = None;
        row.caused_by = None;
    }
}

/// Short descriptions by category (Jira summaries), chosen by ticket number.
pub fn summary(category: &str, seq: u64) -> &'static str {
    let options: &[&str] = match category {
        "Hardware" => &[
            "Laptop does not start",
            "Disk failure reported",
            "Docking station not detected",
            "Server fan alarm",
        ],
        "Software" => &[
            "Application crashes on start",
            "Error after update",
            "Cannot open attachment",
            "Licence expired message",
        ],
        "Network" => &[
            "No network connection",
            "VPN keeps disconnecting",
            "Wi-Fi slow on floor 3",
            "Packet loss between sites",
        ],
        "Database" => &[
            "Database connection pool exhausted",
            "Replication lag",
            "Backup job failed",
        ],
        "Performance" => &[
            "Application slow",
            "High CPU on server",
            "Response times degraded",
        ],
        "Inquiry / Help" => &["How do I reset my password?", "Question about access"],
        _ => &["Something is not working"],
    };
    options[(seq % options.len() as u64) as usize]
}
