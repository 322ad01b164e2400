//! Profiles: for one source tool, which source columns hold each canonical
//! field (raw names and display labels), and the column names that identify
//! the tool's exports.

mod generic;
mod jira;
mod servicenow;

pub use jira::ISSUE_TYPE as JIRA_ISSUE_TYPE;

use crate::canonical::TableKind;

/// Source column names per canonical field, in order of preference.
pub type AliasTable = &'static [(&'static str, &'static [&'static str])];

/// A named column map for one source tool.
#[derive(Debug)]
pub struct Profile {
    pub name: &'static str,
    /// The tool, as a person names it.
    pub tool: &'static str,
    /// Columns only this tool's exports have (compared case-insensitively).
    pub signature: &'static [&'static str],
    /// Name prefixes typical of the tool (`sys_`, `u_`, `Custom field (`).
    pub signature_prefixes: &'static [&'static str],
    /// Several rows per ticket, one per update: reduce to the last row.
    pub event_log: bool,
    tickets: AliasTable,
    changes: AliasTable,
    cis: AliasTable,
    survey: AliasTable,
    interactions: AliasTable,
}

impl Profile {
    /// Whether this tool's exports can hold a kind of table.
    pub fn can_hold(&self, kind: TableKind) -> bool {
        !self.aliases(kind).is_empty()
    }

    /// The alias table for a kind of export.
    pub fn aliases(&self, kind: TableKind) -> AliasTable {
        match kind {
            TableKind::Incidents | TableKind::Requests => self.tickets,
            TableKind::Changes => self.changes,
            TableKind::Cis => self.cis,
            TableKind::Survey => self.survey,
            TableKind::Interactions => self.interactions,
        }
    }

    /// Source columns that may hold `field` in a `kind` export.
    pub fn columns_for(&self, kind: TableKind, field: &str) -> &'static [&'static str] {
        self.aliases(kind)
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, cols)| *cols)
            .unwrap_or(&[])
    }
}

/// Every profile, in the order ties are broken.
pub const PROFILES: [&Profile; 4] = [
    &generic::GENERIC,
    &servicenow::SERVICENOW,
    &servicenow::SERVICENOW_EVENTLOG,
    &jira::JIRA,
];

/// The profile of that name.
pub fn by_name(name: &str) -> Result<&'static Profile, String> {
    let wanted = name.trim().to_ascii_lowercase();
    PROFILES
        .into_iter()
        .find(|p| p.name == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
            format!(
                "unknown profile `{name}`; expected one of {}",
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::fields_of;

    #[test]
    fn every_alias_names_a_canonical_field() {
        for profile in PROFILES {
            for kind in TableKind::ALL {
                for (field, _) in profile.aliases(kind) {
                    assert!(
                        fields_of(kind).iter().any(|f| f.name == *field),
                        "{}: {kind} has no field {field}",
                        profile.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_profile_maps_the_required_fields_of_tickets() {
        for profile in PROFILES {
            for field in fields_of(TableKind::Incidents)
                .iter()
                .filter(|f| f.required)
            {
                assert!(
                    !profile
                        .columns_for(TableKind::Incidents, field.name)
                        .is_empty(),
                    "{} lacks {}",
                    profile.name,
                    field.name
                );
            }
        }
    }
}
