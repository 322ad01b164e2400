//! ServiceNow list exports (incident, sc_req_item, change_request, cmdb_ci),
//! by raw field name and by display label, and ServiceNow audit event logs
//! (one row per update of a ticket, like the public UCI incident log).

use super::{AliasTable, Profile};

const TICKETS: AliasTable = &[
    ("id", &["number"]),
    ("ticket_type", &["sys_class_name", "Task type", "Class"]),
    ("opened_at", &["opened_at", "Opened"]),
    ("resolved_at", &["resolved_at", "Resolved"]),
    ("closed_at", &["closed_at", "Closed"]),
    (
        "updated_at",
        &["sys_updated_at", "sys_updated_on", "Updated"],
    ),
    (
        "state",
        &["incident_state", "state", "Incident state", "State"],
    ),
    ("priority", &["priority", "Priority"]),
    ("impact", &["impact", "Impact"]),
    ("urgency", &["urgency", "Urgency"]),
    ("category", &["category", "Category"]),
    ("subcategory", &["subcategory", "Subcategory"]),
    ("channel", &["contact_type", "Contact type", "Channel"]),
    (
        "assignment_group",
        &["assignment_group", "Assignment group"],
    ),
    (
        "resolver",
        &[
            "resolved_by",
            "Resolved by",
            "closed_by",
            "Closed by",
            "assigned_to",
            "Assigned to",
        ],
    ),
    ("ci", &["cmdb_ci", "Configuration item"]),
    (
        "service",
        &["business_service", "Service", "Business service"],
    ),
    (
        "reassignment_count",
        &["reassignment_count", "Reassignment count"],
    ),
    ("reopen_count", &["reopen_count", "Reopen count"]),
    ("sla_met", &["made_sla", "Made SLA"]),
    ("problem_id", &["problem_id", "Problem"]),
    ("caused_by_change", &["caused_by", "Caused by Change"]),
    ("related_change", &["rfc", "Change Request"]),
    ("knowledge_used", &["knowledge", "Knowledge"]),
    (
        "duration",
        &[
            "calendar_duration",
            "Duration",
            "calendar_stc",
            "Resolve time",
            "business_duration",
            "Business duration",
            "business_stc",
            "Business resolve time",
        ],
    ),
];

const CHANGES: AliasTable = &[
    ("id", &["number"]),
    ("opened_at", &["opened_at", "Opened"]),
    ("planned_start", &["start_date", "Planned start date"]),
    ("planned_end", &["end_date", "Planned end date"]),
    (
        "actual_start",
        &["work_start", "Actual start", "Work start"],
    ),
    ("actual_end", &["work_end", "Actual end", "Work end"]),
    ("closed_at", &["closed_at", "Closed"]),
    ("type", &["type", "Type"]),
    ("risk", &["risk", "Risk"]),
    ("outcome", &["close_code", "Close code", "Completion code"]),
    ("state", &["state", "State"]),
    ("priority", &["priority", "Priority"]),
    ("ci", &["cmdb_ci", "Configuration item"]),
    (
        "assignment_group",
        &["assignment_group", "Assignment group"],
    ),
];

const CIS: AliasTable = &[
    ("id", &["name", "Name"]),
    ("sys_id", &["sys_id"]),
    ("class", &["sys_class_name", "class", "Class"]),
    ("status", &["operational_status", "Operational status"]),
    (
        "install_status",
        &["install_status", "Status", "Install status"],
    ),
    (
        "owner",
        &[
            "owned_by",
            "Owned by",
            "managed_by",
            "Managed by",
            "assigned_to",
            "Assigned to",
        ],
    ),
    (
        "support_group",
        &[
            "support_group",
            "Support group",
            "assignment_group",
            "Assignment group",
        ],
    ),
    ("updated_at", &["sys_updated_on", "Updated"]),
    (
        "discovered_at",
        &["last_discovered", "Most recent discovery"],
    ),
    (
        "criticality",
        &["business_criticality", "Business criticality"],
    ),
    ("environment", &["environment", "Environment"]),
];

const NONE: AliasTable = &[];

const SIGNATURE: &[&str] = &[
    "number",
    "sys_id",
    "sys_updated_on",
    "sys_updated_by",
    "sys_created_on",
    "sys_created_by",
    "sys_class_name",
    "sys_mod_count",
    "contact_type",
    "incident_state",
    "cmdb_ci",
    "made_sla",
    "assignment_group",
    "caller_id",
    "opened_at",
    "close_code",
    "install_status",
    "operational_status",
];

pub const SERVICENOW: Profile = Profile {
    name: "servicenow",
    tool: "ServiceNow list export",
    signature: SIGNATURE,
    signature_prefixes: &["sys_", "u_"],
    event_log: false,
    tickets: TICKETS,
    changes: CHANGES,
    cis: CIS,
    survey: NONE,
    interactions: NONE,
};

pub const SERVICENOW_EVENTLOG: Profile = Profile {
    name: "servicenow-eventlog",
    tool: "ServiceNow event log (one row per update)",
    event_log: true,
    ..SERVICENOW
};
