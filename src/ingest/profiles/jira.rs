//! Jira Cloud, Server and Service Management "CSV (all fields)" exports:
//! fixed system columns, `Custom field (...)` columns, and one repeated column
//! per value of a multi-value field (the first one is used).

use super::{AliasTable, Profile};

const TICKETS: AliasTable = &[
    ("id", &["Issue key"]),
    ("ticket_type", &["Issue Type"]),
    ("opened_at", &["Created"]),
    ("resolved_at", &["Resolved"]),
    ("updated_at", &["Updated"]),
    ("state", &["Status"]),
    ("priority", &["Priority"]),
    (
        "category",
        &["Custom field (Request Type)", "Component/s", "Components"],
    ),
    (
        "channel",
        &[
            "Custom field (Source)",
            "Custom field (Channel)",
            "Custom field (Request channel type)",
        ],
    ),
    ("assignment_group", &["Custom field (Team)", "Team"]),
    ("resolver", &["Assignee"]),
    (
        "ci",
        &[
            "Custom field (Asset)",
            "Custom field (Assets)",
            "Custom field (Configuration item)",
        ],
    ),
    ("service", &["Custom field (Affected services)"]),
    ("reopen_count", &["Custom field (Reopen Counter)"]),
];

const CHANGES: AliasTable = &[
    ("id", &["Issue key"]),
    ("opened_at", &["Created"]),
    (
        "planned_start",
        &[
            "Custom field (Planned start)",
            "Custom field (Change start date)",
        ],
    ),
    (
        "planned_end",
        &[
            "Custom field (Planned end)",
            "Custom field (Change completion date)",
        ],
    ),
    ("actual_start", &["Custom field (Actual start)"]),
    ("actual_end", &["Custom field (Actual end)"]),
    ("closed_at", &["Resolved"]),
    ("type", &["Custom field (Change type)"]),
    ("risk", &["Custom field (Change risk)"]),
    ("outcome", &["Resolution"]),
    ("state", &["Status"]),
    ("priority", &["Priority"]),
    (
        "ci",
        &["Custom field (Asset)", "Custom field (Configuration item)"],
    ),
    ("assignment_group", &["Custom field (Team)", "Team"]),
];

const NONE: AliasTable = &[];

pub const JIRA: Profile = Profile {
    name: "jira",
    tool: "Jira CSV export",
    signature: &[
        "Issue key",
        "Issue id",
        "Issue Type",
        "Project key",
        "Project name",
        "Summary",
        "Reporter",
        "Status Category",
        "Sprint",
        "Watchers",
    ],
    signature_prefixes: &["Custom field (", "Inward issue link", "Outward issue link"],
    event_log: false,
    tickets: TICKETS,
    changes: CHANGES,
    cis: NONE,
    survey: NONE,
    interactions: NONE,
};
