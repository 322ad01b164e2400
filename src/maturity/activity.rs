//! Activity against outcome. Organisations tend to measure activity (ticket
//! volumes, SLA percentages, resolution times, backlog) rather than whether
//! their processes work (incidents that come back, changes that break things,
//! repeat clusters without a problem record, contacts resolved first time,
//! routine demand moved to self-service). The levels of the two kinds of
//! indicator are compared: green SLAs beside returning incidents is the
//! pattern this is looking for.

use super::levels::IndicatorLevel;
use super::wording::{plain_name, value};
use serde::Serialize;

/// Whether a metric measures activity or outcome; most measure neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Activity,
    Outcome,
}

pub fn kind_of(metric: &str) -> Option<Kind> {
    match metric {
        "incident.volume" | "incident.mttr_hours" | "incident.aged_backlog" | "sla.attainment" => {
            Some(Kind::Activity)
        }
        "incident.repeat_rate"
        | "incident.reopen_rate"
        | "change.failure_rate"
        | "problem.repeat_clusters_addressed"
        | "desk.first_contact_resolution"
        | "desk.self_service_share" => Some(Kind::Outcome),
        _ => None,
    }
}

/// Activity counts as ahead of outcomes from this many levels.
pub const AHEAD_BY: f64 = 1.0;

/// One side's counted indicators.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    /// Weighted mean of the indicators' levels, one decimal; null without any.
    pub level: Option<f64>,
    /// Weighted means of the indicators' level-range ends.
    pub range: Option<[f64; 2]>,
    /// `metric` or `metric (variant)`, with its level.
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActivityVsOutcome {
    pub activity_level: Option<f64>,
    pub outcome_level: Option<f64>,
    pub activity: Side,
    pub outcome: Side,
    /// `activity_ahead`, `outcome_ahead` (at least a level apart with ranges
    /// that do not overlap), `aligned` (less than a level apart), `unclear`
    /// (a level or more apart, but the ranges overlap), `not_evaluable`.
    pub verdict: String,
    pub sentence: String,
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn name(i: &IndicatorLevel) -> String {
    match &i.variant {
        Some(v) => format!("{} ({v})", i.metric),
        None => i.metric.clone(),
    }
}

/// A counted indicator as a sentence quotes it: "SLA attainment 97.0 %".
fn quoted(i: &IndicatorLevel) -> Option<String> {
    let v = i.value?;
    Some(format!(
        "{} {}",
        plain_name(&i.metric, i.variant.as_deref()),
        value(&i.metric, v)
    ))
}

fn side<'a>(indicators: impl Iterator<Item = &'a IndicatorLevel>) -> Side {
    let counted: Vec<&IndicatorLevel> = indicators.filter(|i| i.level.is_some()).collect();
    let weight: f64 = counted.iter().map(|i| i.weight).sum();
    let mean = |f: &dyn Fn(&IndicatorLevel) -> Option<u8>| {
        one_decimal(
            counted
                .iter()
                .map(|i| i.weight * f64::from(f(i).unwrap_or(0)))
                .sum::<f64>()
                / weight,
        )
    };
    if counted.is_empty() {
        return Side {
            level: None,
            range: None,
            indicators: Vec::new(),
        };
    }
    Side {
        level: Some(mean(&|i| i.level)),
        range: Some([
            mean(&|i| i.level_range.map(|r| r[0])),
            mean(&|i| i.level_range.map(|r| r[1])),
        ]),
        indicators: counted
            .iter()
            .map(|i| format!("{} level {}", name(i), i.level.unwrap_or(0)))
            .collect(),
    }
}

/// The figures a sentence quotes: each counted indicator's value.
fn figures<'a>(indicators: impl Iterator<Item = &'a IndicatorLevel>) -> String {
    let quoted: Vec<String> = indicators
        .filter(|i| i.level.is_some())
        .filter_map(quoted)
        .collect();
    super::wording::and_list(&quoted)
}

/// Compares the levels of the rubric's activity and outcome indicators.
pub fn compare(indicators: &[IndicatorLevel]) -> ActivityVsOutcome {
    let of = |k: Kind| {
        indicators
            .iter()
            .filter(move |i| kind_of(&i.metric) == Some(k))
    };
    let (activity, outcome) = (side(of(Kind::Activity)), side(of(Kind::Outcome)));
    let (verdict, sentence) = match (activity.level, outcome.level, activity.range, outcome.range) {
        (Some(a), Some(o), Some(ar), Some(or)) => {
            let diff = one_decimal(a - o);
            let verdict = if diff.abs() < AHEAD_BY {
                "aligned"
            } else if diff > 0.0 && ar[0] > or[1] {
                "activity_ahead"
            } else if diff < 0.0 && or[0] > ar[1] {
                "outcome_ahead"
            } else {
                "unclear"
            };
            let (fa, fo) = (figures(of(Kind::Activity)), figures(of(Kind::Outcome)));
            let sentence = match verdict {
                "activity_ahead" => format!(
                    "Activity looks better than outcomes: activity measures ({fa}) sit at level {a:.1}, outcomes ({fo}) at {o:.1}."
                ),
                "outcome_ahead" => format!(
                    "Outcomes ({fo}) at level {o:.1} look better than the activity measures ({fa}) at {a:.1}."
                ),
                "aligned" => format!(
                    "Activity measures ({fa}) at level {a:.1} and outcomes ({fo}) at {o:.1} are less than a level apart."
                ),
                _ => format!(
                    "Activity measures ({fa}) at level {a:.1} and outcomes ({fo}) at {o:.1} differ, but their ranges overlap: the data cannot tell them apart."
                ),
            };
            (verdict, sentence)
        }
        _ => (
            "not_evaluable",
            "Activity and outcome cannot be compared: one side has no indicator with enough data."
                .to_string(),
        ),
    };
    ActivityVsOutcome {
        activity_level: activity.level,
        outcome_level: outcome.level,
        activity,
        outcome,
        verdict: verdict.into(),
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(metric: &str, value: f64, level: u8, range: [u8; 2]) -> IndicatorLevel {
        IndicatorLevel {
            metric: metric.into(),
            variant: None,
            value: Some(value),
            n: Some(1000),
            level: Some(level),
            level_range: Some(range),
            weight: 1.0,
            excluded_reason: None,
        }
    }

    #[test]
    fn green_slas_beside_returning_incidents_is_activity_ahead() {
        let v = compare(&[
            ind("sla.attainment", 0.97, 4, [4, 4]),
            ind("incident.repeat_rate", 0.46, 1, [1, 1]),
            ind("incident.reopen_rate", 0.06, 3, [3, 3]),
            ind("cmdb.completeness", 0.2, 1, [1, 1]),
        ]);
        assert_eq!(v.activity_level, Some(4.0));
        assert_eq!(v.outcome_level, Some(2.0));
        assert_eq!(v.verdict, "activity_ahead");
        assert!(
            v.sentence.contains("SLA attainment 97.0 %"),
            "{}",
            v.sentence
        );
        assert_eq!(v.outcome.indicators.len(), 2);
    }

    #[test]
    fn close_levels_align_and_overlapping_ranges_are_unclear() {
        let v = compare(&[
            ind("sla.attainment", 0.86, 3, [3, 3]),
            ind("incident.reopen_rate", 0.06, 3, [2, 3]),
        ]);
        assert_eq!(v.verdict, "aligned");
        let v = compare(&[
            ind("sla.attainment", 0.97, 4, [2, 5]),
            ind("incident.reopen_rate", 0.15, 2, [1, 3]),
        ]);
        assert_eq!(v.verdict, "unclear");
    }

    #[test]
    fn one_side_missing_is_not_evaluable() {
        let v = compare(&[ind("incident.repeat_rate", 0.46, 1, [1, 1])]);
        assert_eq!(v.verdict, "not_evaluable");
        assert_eq!(v.activity_level, None);
        let mut left_out = ind("sla.attainment", 0.97, 4, [4, 4]);
        left_out.level = None;
        let v = compare(&[left_out, ind("incident.repeat_rate", 0.46, 1, [1, 1])]);
        assert_eq!(v.verdict, "not_evaluable");
    }
}
