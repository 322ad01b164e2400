//! How figures read in sentences: percentages, counts with thousands
//! separators, plain names of the metrics a reader meets in the summary.

/// A fraction as a percentage with one decimal: `0.463` -> `46.3 %`.
pub fn percent(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// A count with thousands separators: `12263` -> `12,263`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 level" / "0.6 levels".
pub fn levels(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if (v - 1.0).abs() < 1e-9 {
        "1.0 level".into()
    } else {
        format!("{v:.1} levels")
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A metric as a reader names it.
pub fn plain_name(metric: &str, variant: Option<&str>) -> String {
    let name = match metric {
        "incident.repeat_rate" => "repeat incidents",
        "incident.reopen_rate" => "reopened incidents",
        "incident.reassignment_rate" => "incidents passed on three times or more",
        "incident.mttr_hours" => "time to resolve",
        "problem.repeat_clusters_addressed" => "repeat clusters with a problem record",
        "change.failure_rate" => "failed changes",
        "change.induced_incident_share" => "incidents caused by changes",
        "change.emergency_share" => "emergency changes",
        "desk.self_service_share" => "self-service share",
        "desk.first_contact_resolution" => "first-contact resolution",
        "knowledge.use_rate" => "incidents resolved with a knowledge article",
        "sla.attainment" => "SLA attainment",
        "workforce.resolver_churn" => "resolvers who left",
        "workforce.resolution_concentration" => "resolutions by the top tenth of resolvers",
        "workforce.reactive_share" => "incidents among incidents and changes",
        "cmdb.incident_ci_coverage" => "incidents naming a CI",
        "cmdb.referential_integrity" => "referenced CIs found in the CMDB",
        "cmdb.completeness" => "complete CMDB records",
        "cmdb.stale_share" => "stale CIs",
        other => other,
    };
    match (metric, variant) {
        ("incident.mttr_hours", Some(v)) => format!("{name} ({})", v.replace('/', " ")),
        _ => name.to_string(),
    }
}

/// A value as its unit reads: hours for durations, a percentage otherwise.
pub fn value(metric: &str, v: f64) -> String {
    if metric.ends_with("_hours") {
        format!("{v:.1} h")
    } else {
        percent(v)
    }
}

/// Items joined as English lists them: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_plainly() {
        assert_eq!(percent(0.4631), "46.3 %");
        assert_eq!(count(12263), "12,263");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(levels(1.04), "1.0 level");
        assert_eq!(levels(0.6), "0.6 levels");
        assert_eq!(value("incident.mttr_hours", 7.94), "7.9 h");
        assert_eq!(
            plain_name("incident.mttr_hours", Some("median/P2")),
            "time to resolve (median P2)"
        );
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(capitalise("incident"), "Incident");
    }
}
