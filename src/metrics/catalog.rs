//! The metric ids of the contract, in the order they are reported.

pub const METRIC_IDS: &[&str] = &[
    "incident.volume",
    "incident.mttr_hours",
    "incident.reopen_rate",
    "incident.reassignment_rate",
    "incident.repeat_rate",
    "incident.major_share",
    "incident.aged_backlog",
    "problem.repeat_clusters_addressed",
    "problem.incident_link_rate",
    "change.failure_rate",
    "change.emergency_share",
    "change.induced_incident_share",
    "change.lead_time_hours",
    "desk.self_service_share",
    "desk.channel_mix",
    "desk.first_contact_resolution",
    "knowledge.use_rate",
    "cmdb.incident_ci_coverage",
    "cmdb.change_ci_coverage",
    "cmdb.referential_integrity",
    "cmdb.completeness",
    "cmdb.stale_share",
    "sla.attainment",
    "workforce.resolver_churn",
    "workforce.resolution_concentration",
    "workforce.reactive_share",
];

pub fn is_metric_id(id: &str) -> bool {
    METRIC_IDS.contains(&id)
}

/// The discipline a metric belongs to, by its id's prefix.
pub fn discipline_of(id: &str) -> &'static str {
    match id.split('.').next().unwrap_or("") {
        "incident" => "incident management",
        "problem" => "problem management",
        "change" => "change enablement",
        "desk" => "service desk",
        "knowledge" => "knowledge management",
        "cmdb" => "configuration management",
        "sla" => "service level management",
        "workforce" => "workforce",
        _ => "other",
    }
}

/// One line saying what a metric counts (docs/metrics.md has the full definitions).
pub fn definition(id: &str) -> &'static str {
    match id {
        "incident.volume" => "Incidents opened in the window.",
        "incident.mttr_hours" => {
            "Hours from opened to resolved over resolved incidents (median and p90)."
        }
        "incident.reopen_rate" => "Share of resolved incidents that were reopened.",
        "incident.reassignment_rate" => {
            "Share of incidents reassigned at least k times (ping-pong)."
        }
        "incident.repeat_rate" => {
            "Share of incidents naming a CI that had another incident on the same CI in the W days before."
        }
        "incident.major_share" => "Share of incidents with priority 1.",
        "incident.aged_backlog" => "Incidents still open at the as-of date and older than A days.",
        "problem.repeat_clusters_addressed" => {
            "Share of repeat clusters (m incidents on one CI within W2 days) linked to a problem record."
        }
        "problem.incident_link_rate" => "Share of incidents linked to a problem record.",
        "change.failure_rate" => {
            "Share of completed changes that failed (explicit: outcome or named cause; inferred: also an urgent incident on the CI within H hours)."
        }
        "change.emergency_share" => "Share of changes that were emergency changes.",
        "change.induced_incident_share" => "Share of incidents caused by a change (explicit link).",
        "change.lead_time_hours" => {
            "Hours from a change being raised to its implementation end (median and p90)."
        }
        "desk.self_service_share" => {
            "Share of tickets raised by people that came through self-service."
        }
        "desk.channel_mix" => "Share of tickets per channel.",
        "desk.first_contact_resolution" => {
            "Share of resolved incidents never reassigned or reopened (a proxy)."
        }
        "knowledge.use_rate" => "Share of resolved incidents resolved with a knowledge article.",
        "cmdb.incident_ci_coverage" => "Share of incidents that name a CI.",
        "cmdb.change_ci_coverage" => "Share of changes that name a CI.",
        "cmdb.referential_integrity" => {
            "Share of CIs named by tickets and changes that exist in the CMDB."
        }
        "cmdb.completeness" => "Share of CIs with class, status, owner and support group.",
        "cmdb.stale_share" => "Share of operational CIs not updated or discovered within S days.",
        "sla.attainment" => "Share of incidents that met their SLA.",
        "workforce.resolver_churn" => {
            "Share of resolvers active in the first quarter of the window and gone in the last (a turnover proxy)."
        }
        "workforce.resolution_concentration" => {
            "Share of resolutions done by the top tenth of resolvers."
        }
        "workforce.reactive_share" => {
            "Incidents as a share of incidents plus changes: firefighting against planned work."
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_has_a_definition_and_a_discipline() {
        for id in METRIC_IDS {
            assert!(!definition(id).is_empty(), "{id}");
            assert_ne!(discipline_of(id), "other", "{id}");
        }
    }
}
