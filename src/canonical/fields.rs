//! The fields of each canonical table and the type of their values.

use super::TableKind;
use polars::prelude::{Categories, DataType};

/// The polars type of label fields (and of coded columns as the scan reads
/// them): categories in the process-wide mapping, so that the same text has
/// the same number in every table and tables join on labels by number.
pub fn label_dtype() -> DataType {
    DataType::from_categories(Categories::global())
}

/// How a field's source text is turned into a canonical value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Kept as text (identifiers, names, categories).
    Text,
    /// A date and time; the format is detected per column.
    Timestamp,
    /// A non-negative whole number (reassignment count, ...).
    Count,
    /// A length of time: seconds, `h:mm:ss`, `1 Day 2 Hours`, ISO 8601
    /// (`PT2H`); read as whole seconds.
    Duration,
    /// true / false, yes / no, 1 / 0, y / n.
    Bool,
    /// 1 (highest) .. 5.
    Priority,
    /// self_service, chat, phone, email, walk_in, monitoring, other.
    Channel,
    /// successful, successful_with_issues, unsuccessful, backed_out, cancelled, unknown.
    Outcome,
    /// incident, request, change, other.
    TicketType,
    /// standard, normal, emergency.
    ChangeType,
    /// A self-assessment score 1..5, as a number or a Likert label.
    Score,
    /// leadership or practitioner.
    Role,
}

impl ValueKind {
    /// Fields whose values are mapped onto a closed set and whose unknown
    /// values are therefore listed.
    pub fn is_normalised(self) -> bool {
        matches!(
            self,
            ValueKind::Bool
                | ValueKind::Priority
                | ValueKind::Channel
                | ValueKind::Outcome
                | ValueKind::TicketType
                | ValueKind::ChangeType
                | ValueKind::Score
                | ValueKind::Role
        )
    }
}

/// One canonical field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub value: ValueKind,
    pub required: bool,
    pub meaning: &'static str,
    /// A text whose values repeat from row to row (a team, a CI, a state):
    /// the table holds it as polars categories, each distinct value stored
    /// once, so that grouping, joining and mapping by it work on numbers.
    pub label: bool,
}

const fn field(name: &'static str, value: ValueKind, meaning: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        value,
        required: false,
        meaning,
        label: false,
    }
}

const fn required(name: &'static str, value: ValueKind, meaning: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        value,
        required: true,
        meaning,
        label: false,
    }
}

/// A text field held as categories (see `FieldSpec::label`).
const fn label(name: &'static str, meaning: &'static str) -> FieldSpec {
    FieldSpec {
        label: true,
        ..field(name, ValueKind::Text, meaning)
    }
}

use ValueKind::*;

const TICKET_FIELDS: &[FieldSpec] = &[
    required("id", Text, "ticket number"),
    field("ticket_type", TicketType, "incident, request or other"),
    required("opened_at", Timestamp, "opened"),
    field("resolved_at", Timestamp, "resolved"),
    field("closed_at", Timestamp, "closed"),
    field(
        "updated_at",
        Timestamp,
        "last update (event logs: this event)",
    ),
    label("state", "lifecycle state"),
    field("priority", Priority, "1 (highest) .. 5"),
    label("impact", "impact"),
    label("urgency", "urgency"),
    label("category", "category"),
    label("subcategory", "subcategory"),
    field("channel", Channel, "how the ticket was raised"),
    label("assignment_group", "resolving team"),
    label("resolver", "person who resolved"),
    label("ci", "configuration item"),
    label("service", "business service"),
    field("reassignment_count", Count, "times reassigned"),
    field("reopen_count", Count, "times reopened"),
    field("sla_met", Bool, "SLA met"),
    field("problem_id", Text, "linked problem"),
    field("caused_by_change", Text, "change that caused it"),
    field(
        "related_change",
        Text,
        "change linked for another reason (rfc)",
    ),
    field("knowledge_used", Bool, "resolved with a knowledge article"),
    field(
        "duration",
        Duration,
        "time from opened to resolved (gives resolved_at when the export has none)",
    ),
];

const CHANGE_FIELDS: &[FieldSpec] = &[
    required("id", Text, "change number"),
    // Not required: failure rate, emergency share and CI coverage need no
    // opened time; the window falls back to the change's end.
    field("opened_at", Timestamp, "raised"),
    field("planned_start", Timestamp, "planned start"),
    field("planned_end", Timestamp, "planned end"),
    field("actual_start", Timestamp, "implementation start"),
    field("actual_end", Timestamp, "implementation end"),
    field("closed_at", Timestamp, "closed"),
    field("type", ChangeType, "standard, normal or emergency"),
    label("risk", "risk"),
    field(
        "outcome",
        Outcome,
        "close code: successful, unsuccessful, backed out, ...",
    ),
    label("state", "lifecycle state"),
    field("priority", Priority, "1 (highest) .. 5"),
    label("ci", "configuration item"),
    label("assignment_group", "implementing team"),
];

const CI_FIELDS: &[FieldSpec] = &[
    required("id", Text, "CI name (what tickets reference)"),
    field("sys_id", Text, "CI system id"),
    label("class", "CI class"),
    label("status", "operational status"),
    label("install_status", "install status"),
    label("owner", "owner"),
    label("support_group", "support group"),
    field("updated_at", Timestamp, "last update"),
    field("discovered_at", Timestamp, "last discovery"),
    label("criticality", "business criticality"),
    label("environment", "environment"),
];

const SURVEY_FIELDS: &[FieldSpec] = &[
    required("respondent_id", Text, "respondent"),
    required("role", Role, "leadership or practitioner"),
    required("discipline", Text, "discipline the answer is about"),
    required("score", Score, "1 .. 5"),
    field("question", Text, "question"),
    field("submitted_at", Timestamp, "submitted"),
];

const INTERACTION_FIELDS: &[FieldSpec] = &[
    required("id", Text, "interaction number"),
    required("opened_at", Timestamp, "opened"),
    field("channel", Channel, "how the contact came in"),
    field("related_incident", Text, "incident raised from it"),
    field("closed_at", Timestamp, "closed"),
];

/// The fields of the canonical table a kind of export is mapped onto.
pub fn fields_of(kind: TableKind) -> &'static [FieldSpec] {
    match kind {
        TableKind::Incidents | TableKind::Requests => TICKET_FIELDS,
        TableKind::Changes => CHANGE_FIELDS,
        TableKind::Cis => CI_FIELDS,
        TableKind::Survey => SURVEY_FIELDS,
        TableKind::Interactions => INTERACTION_FIELDS,
    }
}
