//! Column names by meaning. Where no profile knows a column's exact name,
//! its name is reduced to the words it is made of (`u_begin_time`,
//! `StartTime`, `Work end`, `sys_created_on` become `begin`, `start`,
//! `work end`, `created`) and compared with the phrases that mean each
//! canonical field. Phrases are listed per kind of export, best first.

use crate::canonical::TableKind;

/// Words that only say "this is a point in time"; they are dropped from the
/// names of date columns before comparing (`opened_at`, `Created on`,
/// `Date Opened`, `StartTime`).
const TIME_WORDS: &[&str] = &[
    "at",
    "on",
    "time",
    "date",
    "datetime",
    "timestamp",
    "dt",
    "ts",
    "stamp",
    "utc",
];

/// The words of a column name: camelCase split, lowercase, punctuation and
/// underscores as spaces, without the custom-field prefix `u_` and the
/// system prefix `sys_`.
pub fn words(name: &str) -> Vec<String> {
    let name = name.trim_start_matches('\u{feff}').trim();
    let mut spaced = String::with_capacity(name.len() + 8);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if let Some(p) = previous
            && c.is_uppercase()
            && (p.is_lowercase() || p.is_ascii_digit())
        {
            spaced.push(' ');
        }
        spaced.push(c);
        previous = Some(c);
    }
    let lower = spaced.to_lowercase();
    let mut words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let prefixed = name.len() > 2 && name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("u_"));
    if prefixed && words.first().is_some_and(|w| w == "u") {
        words.remove(0);
    }
    if words.len() > 1 && words[0] == "sys" {
        words.remove(0);
    }
    words
}

/// The name reduced to its meaning: its words joined by spaces; for a date
/// field also without the words that only say "time".
pub fn key(name: &str, dated: bool) -> String {
    let mut w = words(name);
    if dated {
        let strip = |w: &mut Vec<String>| {
            while w.len() > 1 && w.last().is_some_and(|x| TIME_WORDS.contains(&x.as_str())) {
                w.pop();
            }
            while w.len() > 1 && w.first().is_some_and(|x| TIME_WORDS.contains(&x.as_str())) {
                w.remove(0);
            }
        };
        strip(&mut w);
    }
    w.join(" ")
}

type Phrases = &'static [(&'static str, &'static [&'static str])];

const TICKETS: Phrases = &[
    (
        "id",
        &[
            "number",
            "id",
            "ticket",
            "ticket number",
            "ticket id",
            "incident",
            "incident number",
            "incident id",
            "issue key",
            "key",
            "case",
            "case number",
            "case id",
            "request number",
            "request id",
            "reference",
            "ref",
            "outage id",
            "outage number",
            "event id",
            "record id",
        ],
    ),
    (
        "ticket_type",
        &[
            "ticket type",
            "record type",
            "issue type",
            "task type",
            "class",
            "class name",
        ],
    ),
    (
        "opened_at",
        &[
            "opened",
            "open",
            "created",
            "creation",
            "reported",
            "raised",
            "logged",
            "submitted",
            "registered",
            "start",
            "started",
            "begin",
            "began",
            "beginning",
            "occurred",
            "occurrence",
            "detected",
            "detection",
            "outage start",
            "incident start",
            "event start",
        ],
    ),
    (
        "resolved_at",
        &[
            "resolved",
            "resolution",
            "solved",
            "fixed",
            "cleared",
            "restored",
            "restoration",
            "recovered",
            "recovery",
            "service restored",
            "end",
            "ended",
            "outage end",
            "incident end",
            "event end",
        ],
    ),
    (
        "closed_at",
        &[
            "closed",
            "close",
            "closure",
            "completed",
            "finished",
            "end",
            "ended",
        ],
    ),
    (
        "updated_at",
        &[
            "updated",
            "last updated",
            "modified",
            "last modified",
            "changed",
        ],
    ),
    (
        "state",
        &[
            "state",
            "status",
            "incident state",
            "ticket status",
            "stage",
        ],
    ),
    ("priority", &["priority", "prio", "severity"]),
    ("impact", &["impact"]),
    ("urgency", &["urgency"]),
    ("category", &["category", "request type", "type of issue"]),
    ("subcategory", &["subcategory", "sub category"]),
    (
        "channel",
        &[
            "channel",
            "contact type",
            "contact channel",
            "source",
            "origin",
            "reported via",
            "opened via",
            "request channel type",
            "submission channel",
            "intake channel",
        ],
    ),
    (
        "assignment_group",
        &[
            "assignment group",
            "assigned group",
            "resolver group",
            "support group",
            "resolution group",
            "resolving group",
            "team",
            "group",
            "queue",
        ],
    ),
    (
        "resolver",
        &[
            "resolved by",
            "closed by",
            "fixed by",
            "assigned to",
            "assignee",
            "resolver",
        ],
    ),
    (
        "ci",
        &[
            "configuration item",
            "cmdb ci",
            "ci",
            "ci name",
            "affected ci",
            "affected item",
            "asset",
            "node",
            "host",
            "hostname",
            "device",
        ],
    ),
    (
        "service",
        &[
            "business service",
            "service",
            "affected service",
            "affected services",
            "service offering",
        ],
    ),
    (
        "reassignment_count",
        &["reassignment count", "reassignments", "times reassigned"],
    ),
    (
        "reopen_count",
        &[
            "reopen count",
            "reopens",
            "times reopened",
            "reopen counter",
        ],
    ),
    (
        "sla_met",
        &["made sla", "sla met", "within sla", "sla achieved"],
    ),
    ("problem_id", &["problem", "problem id", "related problem"]),
    (
        "caused_by_change",
        &["caused by change", "caused by", "causing change"],
    ),
    (
        "related_change",
        &["rfc", "change request", "related change"],
    ),
    (
        "knowledge_used",
        &["knowledge", "knowledge used", "kb used"],
    ),
    (
        "duration",
        &[
            "calendar duration",
            "duration",
            "resolve time",
            "calendar stc",
            "time to resolve",
            "resolution duration",
            "outage duration",
            "business duration",
            "business resolve time",
            "business stc",
        ],
    ),
];

const CHANGES: Phrases = &[
    (
        "id",
        &[
            "number",
            "id",
            "change",
            "change number",
            "change id",
            "change request",
            "rfc",
            "issue key",
            "key",
            "reference",
            "record id",
        ],
    ),
    (
        "opened_at",
        &[
            "opened",
            "open",
            "created",
            "creation",
            "requested",
            "raised",
            "submitted",
            "logged",
            "registered",
        ],
    ),
    (
        "planned_start",
        &[
            "planned start",
            "scheduled start",
            "start",
            "planned start date",
            "change start",
        ],
    ),
    (
        "planned_end",
        &["planned end", "scheduled end", "end", "change end"],
    ),
    (
        "actual_start",
        &[
            "actual start",
            "work start",
            "implementation start",
            "implemented start",
            "started",
        ],
    ),
    (
        "actual_end",
        &[
            "actual end",
            "work end",
            "implementation end",
            "implemented",
            "implementation",
            "completed",
            "ended",
            "finished",
        ],
    ),
    ("closed_at", &["closed", "close", "closure"]),
    (
        "type",
        &["type", "change type", "change model", "model", "category"],
    ),
    ("risk", &["risk", "risk level"]),
    (
        "outcome",
        &[
            "close code",
            "completion code",
            "closure code",
            "outcome",
            "result",
            "implementation result",
            "change result",
            "completion status",
            "resolution",
        ],
    ),
    ("state", &["state", "status", "stage", "change state"]),
    ("priority", &["priority", "prio"]),
    (
        "ci",
        &[
            "configuration item",
            "cmdb ci",
            "ci",
            "ci name",
            "affected ci",
            "asset",
        ],
    ),
    (
        "assignment_group",
        &[
            "assignment group",
            "assigned group",
            "implementation group",
            "implementing group",
            "team",
            "group",
        ],
    ),
];

const CIS: Phrases = &[
    (
        "id",
        &[
            "name",
            "ci name",
            "ci",
            "hostname",
            "display name",
            "asset name",
        ],
    ),
    ("sys_id", &["id"]),
    (
        "class",
        &["class", "class name", "ci class", "ci type", "type"],
    ),
    (
        "status",
        &["operational status", "status", "ci status", "state"],
    ),
    ("install_status", &["install status", "lifecycle status"]),
    (
        "owner",
        &["owned by", "owner", "managed by", "assigned to", "ci owner"],
    ),
    (
        "support_group",
        &["support group", "assignment group", "managed by group"],
    ),
    (
        "updated_at",
        &["updated", "last updated", "modified", "last modified"],
    ),
    (
        "discovered_at",
        &[
            "last discovered",
            "most recent discovery",
            "discovered",
            "last seen",
        ],
    ),
    ("criticality", &["business criticality", "criticality"]),
    ("environment", &["environment", "env"]),
];

/// The phrases meaning `field` in a `kind` export, best first.
pub fn phrases(kind: TableKind, field: &str) -> &'static [&'static str] {
    let table = match kind {
        TableKind::Incidents | TableKind::Requests => TICKETS,
        TableKind::Changes => CHANGES,
        TableKind::Cis => CIS,
        TableKind::Survey | TableKind::Interactions => return &[],
    };
    table
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, p)| *p)
        .unwrap_or(&[])
}

/// Words naming the record a column belongs to (`incident_state`,
/// `chg_stage`, `outage_start`): a name that starts with one means what the
/// rest means, though less surely than a name that says it alone.
const RECORD_WORDS: &[&str] = &[
    "incident", "inc", "change", "chg", "ticket", "request", "req", "case", "issue", "outage",
    "event", "task", "record", "ci",
];

/// How well a column name means a field: the rank of the first phrase it
/// matches (0 is best), or `None`.
pub fn rank(kind: TableKind, field: &str, column: &str, dated: bool) -> Option<usize> {
    let key = key(column, dated);
    if key.is_empty() {
        return None;
    }
    let phrases = phrases(kind, field);
    if let Some(r) = phrases.iter().position(|p| *p == key) {
        return Some(r);
    }
    let (first, rest) = key.split_once(' ')?;
    if !RECORD_WORDS.contains(&first) {
        return None;
    }
    phrases
        .iter()
        .position(|p| *p == rest)
        .map(|r| r + phrases.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::fields_of;

    #[test]
    fn names_reduce_to_their_words() {
        assert_eq!(key("u_begin_time", true), "begin");
        assert_eq!(key("StartTime", true), "start");
        assert_eq!(key("EndTime", true), "end");
        assert_eq!(key("sys_created_on", true), "created");
        assert_eq!(key("Work end", true), "work end");
        assert_eq!(key("Date Opened", true), "opened");
        assert_eq!(key("u_cleared", true), "cleared");
        assert_eq!(key("Completion Code", false), "completion code");
        assert_eq!(key("calendar_duration", false), "calendar duration");
        assert_eq!(key("closedBy", false), "closed by");
        // A column that is only a time word keeps it.
        assert_eq!(key("Date", true), "date");
        assert_eq!(key("u_", false), "u");
    }

    #[test]
    fn names_in_any_script_reduce_without_panic() {
        assert_eq!(key("Résumé", false), "résumé");
        assert_eq!(key("Créé le", true), "créé le");
        assert_eq!(key("ÉtatDuTicket", false), "état du ticket");
    }

    proptest::proptest! {
        #[test]
        fn any_name_has_a_key(name in "\\PC{0,40}") {
            let _ = key(&name, true);
            let _ = rank(TableKind::Incidents, "opened_at", &name, true);
        }
    }

    #[test]
    fn outage_columns_find_their_fields() {
        let t = TableKind::Incidents;
        assert!(rank(t, "opened_at", "StartTime", true).is_some());
        assert!(rank(t, "opened_at", "u_begin_time", true).is_some());
        assert!(rank(t, "resolved_at", "Cleared", true).is_some());
        assert!(rank(t, "resolved_at", "EndTime", true).is_some());
        assert!(rank(t, "resolved_at", "Cleared", true) < rank(t, "resolved_at", "EndTime", true));
        assert!(rank(t, "opened_at", "sys_created_on", true).is_some());
        assert!(rank(t, "resolver", "closed_by", false).is_some());
        assert!(rank(TableKind::Changes, "outcome", "Completion Code", false).is_some());
        assert!(rank(TableKind::Changes, "actual_end", "Work end", true).is_some());
        assert!(rank(TableKind::Changes, "state", "u_chg_stage", false).is_some());
        // A phrase that starts with a record word is still the phrase.
        assert_eq!(
            rank(
                TableKind::Incidents,
                "related_change",
                "Change Request",
                false
            ),
            Some(1)
        );
    }

    #[test]
    fn every_phrase_names_a_field_of_its_kind() {
        for (kind, table) in [
            (TableKind::Incidents, TICKETS),
            (TableKind::Changes, CHANGES),
            (TableKind::Cis, CIS),
        ] {
            for (field, phrases) in table {
                assert!(
                    fields_of(kind).iter().any(|f| f.name == *field),
                    "{kind}: {field}"
                );
                for p in *phrases {
                    assert_eq!(key(p, false), *p, "phrase `{p}` is not in key form");
                }
            }
        }
    }
}
