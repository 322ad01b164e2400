//! Detection: which tool wrote an export (its profile) and what the export
//! holds (its kind), each with the evidence in words.

use super::header::{Header, match_key};
use super::profiles::{JIRA_ISSUE_TYPE, PROFILES, Profile};
use crate::canonical::TableKind;
use std::collections::{BTreeMap, HashSet};

/// The chosen profile and the evidence for it.
#[derive(Debug, Clone)]
pub struct ProfileChoice {
    pub profile: &'static Profile,
    pub score: u32,
    pub reason: String,
}

/// The chosen kind and the evidence for it.
#[derive(Debug, Clone)]
pub struct KindChoice {
    pub kind: TableKind,
    pub reason: String,
}

/// Column names that only one kind of export tends to have.
const KIND_COLUMNS: &[(TableKind, &[&str])] = &[
    (
        TableKind::Incidents,
        &[
            "contact_type",
            "caller_id",
            "incident_state",
            "made_sla",
            "reopen_count",
            "reassignment_count",
            "u_symptom",
            "caused_by",
            "problem_id",
            "Caller",
            "Incident state",
            "Made SLA",
            "Incident ID",
            "Reopen count",
            "knowledge",
        ],
    ),
    (
        TableKind::Requests,
        &[
            "cat_item",
            "requested_for",
            "request",
            "Requested for",
            "Item",
            "stage",
        ],
    ),
    (
        TableKind::Changes,
        &[
            "work_start",
            "work_end",
            "start_date",
            "end_date",
            "backout_plan",
            "risk",
            "implementation_plan",
            "cab_required",
            "u_chg_stage",
            "Change ID",
            "Planned Start",
            "Planned start date",
            "Actual start",
            "Change type",
            "change_type",
            "outcome",
            "Custom field (Change type)",
            "Custom field (Change risk)",
        ],
    ),
    (
        TableKind::Cis,
        &[
            "install_status",
            "operational_status",
            "serial_number",
            "manufacturer",
            "model_id",
            "first_discovered",
            "last_discovered",
            "ip_address",
            "asset_tag",
            "support_group",
            "discovery_source",
            "Install status",
            "Operational status",
            "Serial number",
            "criticality",
            "environment",
        ],
    ),
    (
        TableKind::Survey,
        &[
            "respondent_id",
            "respondent",
            "role",
            "discipline",
            "score",
            "question",
            "Timestamp",
        ],
    ),
    (
        TableKind::Interactions,
        &[
            "Interaction ID",
            "interaction_id",
            "related_incident",
            "Related Incident",
        ],
    ),
];

/// Columns whose values name the record type of each row, besides Jira's
/// `Issue Type` in its languages.
const TYPE_COLUMNS: &[&str] = &["sys_class_name", "Task type", "ticket_type"];

/// The column naming each row's record type (Jira's `Issue Type`,
/// ServiceNow's `sys_class_name`), when the export has one.
pub fn record_type_column(header: &Header) -> Option<usize> {
    JIRA_ISSUE_TYPE
        .iter()
        .chain(TYPE_COLUMNS)
        .find_map(|c| header.find(c))
}

/// The kind a record-type value stands for. A Jira Software `Bug` is an
/// incident (a fault someone reported); other work items (task, story,
/// epic) are no kind of their own: they stay tickets of type other. The
/// Spanish, German, French and Portuguese names are Jira's defaults.
pub fn kind_of_type(value: &str) -> Option<TableKind> {
    let v = value.trim().to_lowercase().replace(['_', '-'], " ");
    match v.as_str() {
        "incident" | "incidents" | "bug" | "defect" | "incidente" | "vorfall" => {
            Some(TableKind::Incidents)
        }
        "change request"
        | "change"
        | "normal change"
        | "standard change"
        | "emergency change"
        | "cambio"
        | "solicitud de cambio"
        | "änderung"
        | "changement"
        | "mudança" => Some(TableKind::Changes),
        "service request"
        | "sc req item"
        | "sc request"
        | "request"
        | "requested item"
        | "service request with approvals"
        | "[system] service request"
        | "[system] service request with approvals"
        | "solicitud de servicio"
        | "serviceanfrage"
        | "demande de service"
        | "solicitação de serviço" => Some(TableKind::Requests),
        "[system] incident" => Some(TableKind::Incidents),
        "[system] change" => Some(TableKind::Changes),
        "cmdb ci" | "configuration item" => Some(TableKind::Cis),
        _ => None,
    }
}

fn kind_of_id(id: &str) -> Option<TableKind> {
    let prefix: String = id
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = &id.trim()[prefix.len()..];
    if rest.is_empty() || !rest.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    match prefix.to_ascii_uppercase().as_str() {
        "INC" | "IM" => Some(TableKind::Incidents),
        "CHG" | "C" => Some(TableKind::Changes),
        "RITM" | "REQ" | "SCTASK" => Some(TableKind::Requests),
        "SD" | "IMS" => Some(TableKind::Interactions),
        _ => None,
    }
}

/// Scores every profile against the header; the highest wins, ties go to the
/// earlier profile in `PROFILES`. Event logs are told from list exports by the
/// sample: ids that repeat, with an update timestamp to order them.
pub fn detect_profile(header: &Header, sample: &[Vec<String>]) -> ProfileChoice {
    let mut best: Option<ProfileChoice> = None;
    for profile in PROFILES.into_iter().filter(|p| !p.event_log) {
        let (score, reason) = score_profile(profile, header);
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(ProfileChoice {
                profile,
                score,
                reason,
            });
        }
    }
    let mut choice = best.unwrap_or_else(|| ProfileChoice {
        profile: PROFILES[0],
        score: 0,
        reason: "no profile matched; using the canonical names".into(),
    });
    if choice.profile.name == "servicenow"
        && let Some(why) = event_log_evidence(choice.profile, header, sample)
    {
        choice.profile = PROFILES
            .into_iter()
            .find(|p| p.event_log)
            .unwrap_or(choice.profile);
        choice.reason = format!("{}; {why}", choice.reason);
    }
    choice
}

fn score_profile(profile: &Profile, header: &Header) -> (u32, String) {
    let signature: Vec<&str> = profile
        .signature
        .iter()
        .copied()
        .filter(|s| header.find(s).is_some())
        .collect();
    let prefixed = header
        .named()
        .filter(|(_, n)| {
            profile
                .signature_prefixes
                .iter()
                .any(|p| match_key(n).starts_with(&match_key(p)))
        })
        .count();
    let mut fields = HashSet::new();
    for kind in TableKind::ALL {
        for (field, cols) in profile.aliases(kind) {
            if cols.iter().any(|c| header.find(c).is_some()) {
                fields.insert(*field);
            }
        }
    }
    let score = 2 * signature.len() as u32 + prefixed.min(5) as u32 + fields.len() as u32;
    let mut reason = format!(
        "{} of its identifying columns ({})",
        signature.len(),
        shorten(&signature, 5)
    );
    if prefixed > 0 {
        reason.push_str(&format!(
            ", {prefixed} columns named like {}",
            profile
                .signature_prefixes
                .iter()
                .map(|p| format!("`{p}...`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    reason.push_str(&format!(", {} canonical fields found", fields.len()));
    (score, format!("{}: {reason}", profile.tool))
}

fn event_log_evidence(
    profile: &Profile,
    header: &Header,
    sample: &[Vec<String>],
) -> Option<String> {
    let kind = TableKind::Incidents;
    let id_col = profile
        .columns_for(kind, "id")
        .iter()
        .find_map(|c| header.find(c))?;
    let updated = profile
        .columns_for(kind, "updated_at")
        .iter()
        .find_map(|c| header.find(c))?;
    let ids: Vec<&str> = sample
        .iter()
        .map(|r| r[id_col].as_str())
        .filter(|v| !v.is_empty())
        .collect();
    let distinct: HashSet<&str> = ids.iter().copied().collect();
    (ids.len() >= 2 && distinct.len() < ids.len()).then(|| {
        format!(
            "ids repeat ({} rows for {} tickets in the first rows), one row per update ordered by `{}`",
            ids.len(),
            distinct.len(),
            header.unique[updated]
        )
    })
}

/// Weighs column names, id prefixes and record-type values.
pub fn detect_kind(profile: &Profile, header: &Header, sample: &[Vec<String>]) -> KindChoice {
    let mut scores: BTreeMap<TableKind, f64> = BTreeMap::new();
    let mut evidence: BTreeMap<TableKind, Vec<String>> = BTreeMap::new();

    for (kind, columns) in KIND_COLUMNS {
        let found: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| header.find_by_words(c).is_some())
            .collect();
        if !found.is_empty() {
            *scores.entry(*kind).or_default() += found.len() as f64;
            evidence
                .entry(*kind)
                .or_default()
                .push(format!("columns {}", shorten(&found, 4)));
        }
    }

    let mut id_columns: Vec<usize> = Vec::new();
    for kind in [TableKind::Incidents, TableKind::Changes] {
        for c in profile.columns_for(kind, "id") {
            if let Some(i) = header.find(c)
                && !id_columns.contains(&i)
            {
                id_columns.push(i);
            }
        }
    }
    if let Some(&id_col) = id_columns.first() {
        vote(
            &mut scores,
            &mut evidence,
            sample,
            id_col,
            kind_of_id,
            "ids like",
            4.0,
        );
    }
    if let Some(type_col) = record_type_column(header) {
        vote(
            &mut scores,
            &mut evidence,
            sample,
            type_col,
            kind_of_type,
            "types",
            4.0,
        );
    }
    // A CMDB export has a `name` and no ticket number.
    if header.find("name").is_some() && header.find("number").is_none() {
        *scores.entry(TableKind::Cis).or_default() += 1.0;
    }

    // A tool that never writes a kind of table (Jira has no CMDB) cannot
    // have written this one.
    let best = scores
        .iter()
        .filter(|(k, _)| profile.can_hold(**k))
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| *k);
    match best {
        Some(kind) => KindChoice {
            kind,
            reason: evidence.remove(&kind).unwrap_or_default().join("; "),
        },
        None => KindChoice {
            kind: TableKind::Incidents,
            reason: "nothing pointed to a kind; assumed incidents (use --kind to say)".into(),
        },
    }
}

fn vote(
    scores: &mut BTreeMap<TableKind, f64>,
    evidence: &mut BTreeMap<TableKind, Vec<String>>,
    sample: &[Vec<String>],
    column: usize,
    classify: fn(&str) -> Option<TableKind>,
    what: &str,
    weight: f64,
) {
    let mut counts: BTreeMap<TableKind, usize> = BTreeMap::new();
    let mut examples: BTreeMap<TableKind, String> = BTreeMap::new();
    let mut total = 0usize;
    for value in sample
        .iter()
        .map(|r| r[column].as_str())
        .filter(|v| !v.trim().is_empty())
    {
        total += 1;
        if let Some(kind) = classify(value) {
            *counts.entry(kind).or_default() += 1;
            examples
                .entry(kind)
                .or_insert_with(|| value.trim().to_string());
        }
    }
    for (kind, n) in counts {
        *scores.entry(kind).or_default() += weight * n as f64 / total as f64;
        evidence.entry(kind).or_default().push(format!(
            "{what} `{}` in {n} of {total} sampled rows",
            examples[&kind]
        ));
    }
}

fn shorten(names: &[&str], limit: usize) -> String {
    let mut out = names
        .iter()
        .take(limit)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > limit {
        out.push_str(&format!(", +{} more", names.len() - limit));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Header {
        Header::new(names.iter().map(|s| s.to_string()).collect())
    }

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn servicenow_incident_list_is_recognised() {
        let h = header(&[
            "number",
            "opened_at",
            "priority",
            "state",
            "assignment_group",
            "contact_type",
        ]);
        let sample = rows(&[
            &["INC001", "", "", "", "", ""],
            &["INC002", "", "", "", "", ""],
        ]);
        let p = detect_profile(&h, &sample);
        assert_eq!(p.profile.name, "servicenow");
        let k = detect_kind(p.profile, &h, &sample);
        assert_eq!(k.kind, TableKind::Incidents);
        assert!(k.reason.contains("INC001"), "{}", k.reason);
    }

    #[test]
    fn repeated_ids_with_update_time_make_an_event_log() {
        let h = header(&["number", "incident_state", "sys_updated_at", "opened_at"]);
        let sample = rows(&[
            &["INC1", "New", "", ""],
            &["INC1", "Closed", "", ""],
            &["INC2", "New", "", ""],
        ]);
        assert_eq!(
            detect_profile(&h, &sample).profile.name,
            "servicenow-eventlog"
        );
        let unique = rows(&[&["INC1", "New", "", ""], &["INC2", "New", "", ""]]);
        assert_eq!(detect_profile(&h, &unique).profile.name, "servicenow");
    }

    #[test]
    fn jira_export_with_mostly_change_requests_is_changes() {
        let h = header(&[
            "Summary",
            "Issue key",
            "Issue id",
            "Issue Type",
            "Status",
            "Created",
            "Custom field (Change type)",
        ]);
        let sample = rows(&[
            &["a", "IT-1", "1", "Change Request", "Done", "", ""],
            &["b", "IT-2", "2", "Change Request", "Open", "", ""],
            &["c", "IT-3", "3", "Epic", "Open", "", ""],
        ]);
        let p = detect_profile(&h, &sample);
        assert_eq!(p.profile.name, "jira");
        assert_eq!(detect_kind(p.profile, &h, &sample).kind, TableKind::Changes);
    }

    #[test]
    fn jira_software_export_is_tickets_not_cis() {
        let h = header(&[
            "Summary",
            "Issue key",
            "Issue Type",
            "Status",
            "Created",
            "Environment",
            "Sprint",
        ]);
        let sample = rows(&[
            &["a", "SW-1", "Task", "Done", "", "", ""],
            &["b", "SW-2", "Story", "Open", "", "", ""],
            &["c", "SW-3", "Bug", "Open", "", "", ""],
        ]);
        let p = detect_profile(&h, &sample);
        assert_eq!(p.profile.name, "jira");
        assert_eq!(
            detect_kind(p.profile, &h, &sample).kind,
            TableKind::Incidents
        );
    }

    #[test]
    fn spanish_jira_export_is_jira() {
        let h = header(&[
            "Resumen",
            "Clave de incidencia",
            "ID de la incidencia",
            "Tipo de Incidencia",
            "Estado",
            "Creada",
            "Campo personalizado (Request Type)",
        ]);
        let sample = rows(&[&["a", "SD-1", "1", "Incidente", "Abierto", "", ""]]);
        let p = detect_profile(&h, &sample);
        assert_eq!(p.profile.name, "jira");
        assert_eq!(
            detect_kind(p.profile, &h, &sample).kind,
            TableKind::Incidents
        );
    }

    #[test]
    fn canonical_names_pick_generic() {
        let h = header(&["id", "opened_at", "channel", "priority", "ci"]);
        assert_eq!(detect_profile(&h, &[]).profile.name, "generic");
    }

    #[test]
    fn cmdb_export_is_cis() {
        let h = header(&[
            "name",
            "class",
            "install_status",
            "operational_status",
            "sys_updated_on",
        ]);
        let p = detect_profile(&h, &[]);
        assert_eq!(detect_kind(p.profile, &h, &[]).kind, TableKind::Cis);
    }

    #[test]
    fn survey_long_form_is_survey() {
        let h = header(&["respondent_id", "role", "discipline", "score"]);
        let p = detect_profile(&h, &[]);
        assert_eq!(p.profile.name, "generic");
        assert_eq!(detect_kind(p.profile, &h, &[]).kind, TableKind::Survey);
    }
}
