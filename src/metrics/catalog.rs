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
