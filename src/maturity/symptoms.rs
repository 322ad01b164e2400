//! The symptom check: the signs of the level-2 sticking point that operational
//! data can show (shared/spec/background.md), each present, not present or
//! not evaluable, with the figures and thresholds behind the verdict.

use super::rubric::{Check, Rubric};
use crate::metrics::MetricResult;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub metric: String,
    pub variant: Option<String>,
    /// `above` or `below`.
    pub condition: String,
    pub threshold: f64,
    pub value: Option<f64>,
    pub n: Option<u64>,
    /// Null when the metric could not be used.
    pub met: Option<bool>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SymptomResult {
    pub symptom: String,
    /// `present`, `not present` or `not evaluable`.
    pub verdict: String,
    pub checks: Vec<CheckResult>,
}

fn evaluate(check: &Check, metrics: &[MetricResult], min_sample: u64) -> CheckResult {
    let (condition, threshold) = match (check.above, check.below) {
        (Some(t), _) => ("above", t),
        (None, Some(t)) => ("below", t),
        (None, None) => ("above", f64::NAN),
    };
    let found = metrics
        .iter()
        .find(|m| m.id == check.metric && m.variant.as_deref() == check.variant.as_deref());
    let mut out = CheckResult {
        metric: check.metric.clone(),
        variant: check.variant.clone(),
        condition: condition.into(),
        threshold,
        value: found.and_then(|m| m.value),
        n: found.and_then(|m| m.denominator),
        met: None,
        note: None,
    };
    match found {
        None => out.note = Some("not computed".into()),
        Some(m) if !m.is_ok() => out.note = m.reason.clone(),
        Some(m) if m.denominator.unwrap_or(0) < min_sample => {
            out.note = Some(format!(
                "n = {} is below the minimum sample of {min_sample}",
                m.denominator.unwrap_or(0)
            ));
        }
        Some(m) => {
            out.met = m.value.map(|v| {
                if condition == "above" {
                    v > threshold
                } else {
                    v < threshold
                }
            });
        }
    }
    out
}

pub fn check_symptoms(
    rubric: &Rubric,
    metrics: &[MetricResult],
    min_sample: u64,
) -> Vec<SymptomResult> {
    rubric
        .symptoms
        .iter()
        .map(|s| {
            let checks: Vec<CheckResult> = s
                .checks
                .iter()
                .map(|c| evaluate(c, metrics, min_sample))
                .collect();
            let verdict = if checks.iter().any(|c| c.met == Some(true)) {
                "present"
            } else if checks.iter().any(|c| c.met == Some(false)) {
                "not present"
            } else {
                "not evaluable"
            };
            SymptomResult {
                symptom: s.name.clone(),
                verdict: verdict.into(),
                checks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maturity::Rubric;
    use crate::metrics::{MetricResult, Unit};

    #[test]
    fn verdicts_follow_the_checks() {
        let rubric = Rubric::default_rubric().expect("rubric");
        let metrics = vec![
            MetricResult::rate("incident.repeat_rate", None, 300, 1000, ""),
            MetricResult::rate("desk.self_service_share", None, 500, 1000, ""),
            MetricResult::not_evaluable(
                "workforce.reactive_share",
                None,
                Unit::Ratio,
                "no changes export",
            ),
        ];
        let r = check_symptoms(&rubric, &metrics, 30);
        let verdict = |name: &str| {
            r.iter()
                .find(|s| s.symptom == name)
                .map(|s| s.verdict.clone())
        };
        assert_eq!(verdict("repeat firefighting").as_deref(), Some("present"));
        assert_eq!(verdict("low self-service").as_deref(), Some("not present"));
        assert_eq!(
            verdict("reactive work overshadowing planned work").as_deref(),
            Some("not evaluable")
        );
        let reactive = r
            .iter()
            .find(|s| s.symptom.starts_with("reactive"))
            .expect("symptom");
        assert_eq!(
            reactive.checks[0].note.as_deref(),
            Some("no changes export")
        );
    }
}
