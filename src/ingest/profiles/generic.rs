//! The generic profile: the canonical field names themselves, plus the plain
//! English names a hand-made spreadsheet tends to use.

use super::{AliasTable, Profile};

const TICKETS: AliasTable = &[
    ("id", &["id", "ticket_id", "ticket id", "ticket", "number"]),
    ("ticket_type", &["ticket_type", "ticket type"]),
    (
        "opened_at",
        &["opened_at", "opened at", "created_at", "created at"],
    ),
    ("resolved_at", &["resolved_at", "resolved at"]),
    ("closed_at", &["closed_at", "closed at"]),
    ("updated_at", &["updated_at", "updated at"]),
    ("state", &["state", "status"]),
    ("priority", &["priority"]),
    ("impact", &["impact"]),
    ("urgency", &["urgency"]),
    ("category", &["category"]),
    ("subcategory", &["subcategory"]),
    ("channel", &["channel"]),
    (
        "assignment_group",
        &["assignment_group", "assignment group", "team"],
    ),
    ("resolver", &["resolver", "resolved_by"]),
    ("ci", &["ci", "configuration_item", "configuration item"]),
    ("service", &["service"]),
    ("reassignment_count", &["reassignment_count"]),
    ("reopen_count", &["reopen_count"]),
    ("sla_met", &["sla_met"]),
    ("problem_id", &["problem_id"]),
    ("caused_by_change", &["caused_by_change"]),
    ("related_change", &["related_change"]),
    ("knowledge_used", &["knowledge_used"]),
];

const CHANGES: AliasTable = &[
    ("id", &["id", "change_id", "change id", "number"]),
    (
        "opened_at",
        &["opened_at", "opened at", "created_at", "created at"],
    ),
    ("planned_start", &["planned_start"]),
    ("planned_end", &["planned_end"]),
    ("actual_start", &["actual_start"]),
    ("actual_end", &["actual_end"]),
    ("closed_at", &["closed_at"]),
    ("type", &["type", "change_type"]),
    ("risk", &["risk"]),
    ("outcome", &["outcome"]),
    ("state", &["state", "status"]),
    ("priority", &["priority"]),
    ("ci", &["ci", "configuration_item"]),
    ("assignment_group", &["assignment_group", "team"]),
];

const CIS: AliasTable = &[
    ("id", &["id", "ci", "name"]),
    ("sys_id", &["sys_id"]),
    ("class", &["class"]),
    ("status", &["status"]),
    ("install_status", &["install_status"]),
    ("owner", &["owner"]),
    ("support_group", &["support_group"]),
    ("updated_at", &["updated_at"]),
    ("discovered_at", &["discovered_at"]),
    ("criticality", &["criticality"]),
    ("environment", &["environment"]),
];

const SURVEY: AliasTable = &[
    (
        "respondent_id",
        &["respondent_id", "respondent", "respondent id"],
    ),
    ("role", &["role"]),
    ("discipline", &["discipline"]),
    ("score", &["score"]),
    ("question", &["question"]),
    ("submitted_at", &["submitted_at", "timestamp"]),
];

const INTERACTIONS: AliasTable = &[
    ("id", &["id", "interaction_id"]),
    ("opened_at", &["opened_at"]),
    ("channel", &["channel"]),
    ("related_incident", &["related_incident"]),
    ("closed_at", &["closed_at"]),
];

pub const GENERIC: Profile = Profile {
    name: "generic",
    tool: "the canonical layout",
    signature: &[
        "id",
        "opened_at",
        "ticket_type",
        "channel",
        "ci",
        "resolver",
        "sla_met",
        "outcome",
        "respondent_id",
        "discipline",
    ],
    signature_prefixes: &[],
    event_log: false,
    tickets: TICKETS,
    changes: CHANGES,
    cis: CIS,
    survey: SURVEY,
    interactions: INTERACTIONS,
};
