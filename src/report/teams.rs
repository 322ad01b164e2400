//! The report's "Teams" section: which teams lie beyond the funnel limits
//! around the organisation's figure, each with its n and interval, and which
//! teams are too small to judge. Teams are named; people never are.

use super::story::percent;
use crate::metrics::groups::GroupMetric;
use crate::metrics::groups::funnel::Outlier;
use crate::metrics::{MetricsReport, Unit};

/// The header of the table of teams outside the limits.
pub const HEADER: [&str; 7] = [
    "Team",
    "Figure",
    "Team's value",
    "95 % interval",
    "n",
    "Organisation",
    "Beyond the limits",
];

/// The section as text.
#[derive(Debug, Clone)]
pub struct Teams {
    /// What the figures are split by and how a team is judged.
    pub intro: String,
    /// One row per team and figure outside the limits (`HEADER`).
    pub outside: Vec<[String; 7]>,
    /// Teams whose every figure is below the minimum sample, with their n.
    pub too_small: String,
    /// The funnel charts shown.
    pub charts: Vec<String>,
}

fn figure_name(m: &GroupMetric) -> String {
    match &m.variant {
        Some(v) => format!("{} ({v})", m.id),
        None => m.id.clone(),
    }
}

fn value_text(m: &GroupMetric, v: f64) -> String {
    if m.id == "incident.mttr_hours" {
        format!("{v:.1} h")
    } else {
        percent(v)
    }
}

/// The section, when the report has figures per team.
pub fn build(metrics: &MetricsReport, charts: &[String]) -> Option<Teams> {
    let groups = metrics.groups.as_ref()?;
    let by = metrics.group_by.unwrap_or("assignment_group");
    let overall = |m: &GroupMetric| {
        metrics
            .metrics
            .iter()
            .find(|o| o.id == m.id && o.variant == m.variant)
            .and_then(|o| o.value.map(|v| (v, o.unit)))
    };
    let mut outside = Vec::new();
    let mut too_small = Vec::new();
    for g in groups {
        let team = g.group.clone().unwrap_or_else(|| format!("(no {by})"));
        if g.metrics.iter().all(|m| m.below_min_sample) {
            let n = g.metrics.iter().map(|m| m.denominator).max().unwrap_or(0);
            too_small.push(format!("{team} (n = {n})"));
        }
        for m in &g.metrics {
            let (Some(outlier), Some(value)) = (m.outlier, m.value) else {
                continue;
            };
            let organisation = match overall(m) {
                Some((v, Unit::Hours)) => format!("{v:.1} h"),
                Some((v, _)) => percent(v),
                None => String::new(),
            };
            let interval = match (m.ci_low, m.ci_high) {
                (Some(lo), Some(hi)) => format!("{}–{}", value_text(m, lo), value_text(m, hi)),
                _ => String::new(),
            };
            outside.push([
                team.clone(),
                figure_name(m),
                value_text(m, value),
                interval,
                m.denominator.to_string(),
                organisation,
                match outlier {
                    Outlier::High => "above".into(),
                    Outlier::Low => "below".into(),
                },
            ]);
        }
    }
    let intro = format!(
        "Figures per {by} ({} groups), each against the organisation's: a team is \
         named only where its figure lies beyond the 99.8 % funnel limits for its n \
         (exact binomial; for the median resolution time, the share of its incidents \
         resolved slower than the organisation's median). About one team-figure in \
         500 lies beyond them by chance alone. The JSON (metrics.json) lists every team's figures.",
        groups.len()
    );
    Some(Teams {
        intro,
        outside,
        too_small: if too_small.is_empty() {
            String::new()
        } else {
            format!(
                "Below the minimum sample on every figure, listed and not judged: {}.",
                too_small.join(", ")
            )
        },
        charts: charts.to_vec(),
    })
}
