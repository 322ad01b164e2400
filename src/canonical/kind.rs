//! The kinds of export the tool reads.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What one export file holds. Incidents and requests both become rows of the
/// canonical tickets table; they differ in the default `ticket_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Incidents,
    Requests,
    Changes,
    Cis,
    Survey,
    Interactions,
}

impl TableKind {
    pub const ALL: [TableKind; 6] = [
        TableKind::Incidents,
        TableKind::Requests,
        TableKind::Changes,
        TableKind::Cis,
        TableKind::Survey,
        TableKind::Interactions,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TableKind::Incidents => "incidents",
            TableKind::Requests => "requests",
            TableKind::Changes => "changes",
            TableKind::Cis => "cis",
            TableKind::Survey => "survey",
            TableKind::Interactions => "interactions",
        }
    }

    /// Incidents and requests share the tickets table and its field list.
    pub fn is_ticket(self) -> bool {
        matches!(self, TableKind::Incidents | TableKind::Requests)
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TableKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let alias = match wanted.as_str() {
            "incident" | "tickets" | "ticket" => "incidents",
            "request" | "service_requests" => "requests",
            "change" | "change_request" => "changes",
            "ci" | "cmdb" | "cmdb_ci" => "cis",
            "surveys" => "survey",
            "interaction" => "interactions",
            other => other,
        };
        TableKind::ALL
            .into_iter()
            .find(|k| k.name() == alias)
            .ok_or_else(|| {
                format!(
                    "unknown kind `{s}`; expected one of incidents, requests, changes, cis, survey, interactions"
                )
            })
    }
}
