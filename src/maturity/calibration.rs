//! Calibration: what each role believes a figure is, held against what the
//! data measures. Per metric with estimates: each role's mean estimate with
//! its n and a 95 % interval (Student's t over respondents), beside the
//! measured value from the metrics run.

use super::estimates::QUESTIONS;
use super::flags::MIN_RESPONDENTS;
use super::stats::t975;
use super::survey::Estimate;
use crate::metrics::MetricResult;
use crate::metrics::stats::Better;
use serde::Serialize;

/// One role's estimates of one metric, as fractions 0..1.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoleEstimate {
    /// Withheld (null) below the minimum number of respondents.
    pub mean: Option<f64>,
    pub n: u64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Against the measured value: `better_than_measured`,
    /// `worse_than_measured` (the interval misses it on that side) or
    /// `consistent`; null without a mean, an interval or a measured value.
    pub belief: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ByRole {
    pub leadership: RoleEstimate,
    pub practitioner: RoleEstimate,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CalibrationRow {
    pub metric: String,
    pub variant: Option<String>,
    pub question: String,
    /// The metric's value in `metrics.json`; null when it is not evaluable.
    pub measured: Option<f64>,
    pub measured_n: Option<u64>,
    pub measured_ci_low: Option<f64>,
    pub measured_ci_high: Option<f64>,
    pub by_role: ByRole,
}

fn role_estimate(percents: &[f64], measured: Option<f64>, better: Better) -> RoleEstimate {
    let n = percents.len() as u64;
    let mut out = RoleEstimate {
        mean: None,
        n,
        ci_low: None,
        ci_high: None,
        belief: None,
    };
    if n < MIN_RESPONDENTS {
        return out;
    }
    // Sum out of 100 and divide last, so the mean does not depend on the
    // order answers come in.
    let mean = percents.iter().sum::<f64>() / n as f64 / 100.0;
    let var = percents
        .iter()
        .map(|p| (p / 100.0 - mean).powi(2))
        .sum::<f64>()
        / (n - 1) as f64;
    let half = t975((n - 1) as f64) * (var / n as f64).sqrt();
    let (lo, hi) = ((mean - half).max(0.0), (mean + half).min(1.0));
    out.mean = Some(mean);
    out.ci_low = Some(lo);
    out.ci_high = Some(hi);
    out.belief = measured.map(|m| {
        let believed_higher = m < lo;
        let believed_lower = m > hi;
        match (believed_higher, believed_lower, better) {
            (true, _, Better::Higher) | (_, true, Better::Lower) => "better_than_measured",
            (true, _, Better::Lower) | (_, true, Better::Higher) => "worse_than_measured",
            _ => "consistent",
        }
        .to_string()
    });
    out
}

/// One row per calibration question that has any estimate, in question order.
pub fn calibrate(estimates: &[Estimate], metrics: &[MetricResult]) -> Vec<CalibrationRow> {
    QUESTIONS
        .iter()
        .filter_map(|q| {
            let of = |role: &str| -> Vec<f64> {
                estimates
                    .iter()
                    .filter(|e| e.metric == q.metric && e.role == role)
                    .map(|e| e.percent)
                    .collect()
            };
            let (lead, prac) = (of("leadership"), of("practitioner"));
            if lead.is_empty() && prac.is_empty() {
                return None;
            }
            let m = metrics
                .iter()
                .find(|m| m.id == q.metric && m.variant.as_deref() == q.variant)
                .filter(|m| m.is_ok());
            let measured = m.and_then(|m| m.value);
            Some(CalibrationRow {
                metric: q.metric.to_string(),
                variant: q.variant.map(str::to_string),
                question: q.question.to_string(),
                measured,
                measured_n: m.and_then(|m| m.denominator),
                measured_ci_low: m.and_then(|m| m.ci_low),
                measured_ci_high: m.and_then(|m| m.ci_high),
                by_role: ByRole {
                    leadership: role_estimate(&lead, measured, q.better),
                    practitioner: role_estimate(&prac, measured, q.better),
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimates(metric: &'static str, role: &str, percents: &[f64]) -> Vec<Estimate> {
        percents
            .iter()
            .enumerate()
            .map(|(i, p)| Estimate {
                respondent: format!("{role}-{i}"),
                role: role.into(),
                metric,
                percent: *p,
            })
            .collect()
    }

    #[test]
    fn leaders_who_believe_fewer_changes_fail_are_better_than_measured() {
        let mut all = estimates(
            "change.failure_rate",
            "leadership",
            &[2.5, 8.0, 2.5, 8.0, 8.0],
        );
        all.extend(estimates(
            "change.failure_rate",
            "practitioner",
            &[8.0, 15.5, 15.5, 8.0, 15.5, 15.5],
        ));
        let measured = MetricResult::rate("change.failure_rate", Some("explicit"), 120, 1000, "");
        let rows = calibrate(&all, &[measured]);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.measured, Some(0.12));
        assert_eq!(r.measured_n, Some(1000));
        let lead = &r.by_role.leadership;
        assert_eq!(lead.n, 5);
        assert!((lead.mean.expect("mean") - 0.058).abs() < 1e-12);
        assert_eq!(lead.belief.as_deref(), Some("better_than_measured"));
        let prac = &r.by_role.practitioner;
        assert!((prac.mean.expect("mean") - 0.13).abs() < 1e-12);
        assert_eq!(prac.belief.as_deref(), Some("consistent"));
    }

    #[test]
    fn few_respondents_and_unmeasured_metrics_withhold_what_they_cannot_show() {
        let mut all = estimates("sla.attainment", "leadership", &[95.0, 99.0]);
        all.extend(estimates("sla.attainment", "practitioner", &[89.0; 6]));
        let rows = calibrate(
            &all,
            &[MetricResult::not_evaluable(
                "sla.attainment",
                None,
                crate::metrics::Unit::Ratio,
                "no SLA column",
            )],
        );
        let r = &rows[0];
        assert_eq!(r.measured, None);
        assert_eq!(r.by_role.leadership.mean, None);
        assert_eq!(r.by_role.leadership.n, 2);
        assert_eq!(r.by_role.practitioner.mean, Some(0.89));
        assert_eq!(r.by_role.practitioner.belief, None);
        assert!(calibrate(&[], &[]).is_empty());
    }
}
