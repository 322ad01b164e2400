//! From metric values to maturity levels: one level per indicator (and a
//! range from its 95 % interval), one evidence level per discipline.

use super::rubric::{Direction, Indicator, Rubric};
use crate::metrics::MetricResult;
use serde::Serialize;

/// The level of a value: 1, plus one for each threshold it meets.
pub fn level_of(value: f64, indicator: &Indicator) -> u8 {
    let met = indicator
        .thresholds
        .iter()
        .filter(|t| match indicator.direction {
            Direction::Higher => value >= **t,
            Direction::Lower => value <= **t,
        })
        .count();
    1 + met as u8
}

/// One indicator's contribution to its discipline.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLevel {
    pub metric: String,
    pub variant: Option<String>,
    pub value: Option<f64>,
    pub n: Option<u64>,
    pub level: Option<u8>,
    pub level_range: Option<[u8; 2]>,
    pub weight: f64,
    /// Why the indicator does not count (not evaluable, too small a sample).
    pub excluded_reason: Option<String>,
}

/// A discipline's level from the data.
#[derive(Debug, Clone, Serialize)]
pub struct DisciplineEvidence {
    pub discipline: String,
    /// Weighted mean of the counted indicators' levels, one decimal; null when none counts.
    pub evidence_level: Option<f64>,
    /// Weighted means of the indicators' range ends.
    pub evidence_range: Option<[f64; 2]>,
    pub indicators: Vec<IndicatorLevel>,
}

fn find<'a>(metrics: &'a [MetricResult], indicator: &Indicator) -> Option<&'a MetricResult> {
    metrics
        .iter()
        .find(|m| m.id == indicator.metric && m.variant.as_deref() == indicator.variant.as_deref())
}

/// Levels one indicator from the metrics of a run.
pub fn indicator_level(
    metrics: &[MetricResult],
    indicator: &Indicator,
    min_sample: u64,
) -> IndicatorLevel {
    let mut out = IndicatorLevel {
        metric: indicator.metric.clone(),
        variant: indicator.variant.clone(),
        value: None,
        n: None,
        level: None,
        level_range: None,
        weight: indicator.weight,
        excluded_reason: None,
    };
    let Some(m) = find(metrics, indicator) else {
        out.excluded_reason = Some("the metric was not computed".into());
        return out;
    };
    out.value = m.value;
    out.n = m.denominator;
    let Some(value) = m.value.filter(|_| m.is_ok()) else {
        out.excluded_reason = Some(format!(
            "not evaluable: {}",
            m.reason.clone().unwrap_or_else(|| "no value".into())
        ));
        return out;
    };
    let n = m.denominator.unwrap_or(0);
    if n < min_sample {
        out.excluded_reason = Some(format!(
            "n = {n} is below the minimum sample of {min_sample}"
        ));
        return out;
    }
    let level = level_of(value, indicator);
    let (a, b) = match (m.ci_low, m.ci_high) {
        (Some(lo), Some(hi)) => (level_of(lo, indicator), level_of(hi, indicator)),
        _ => (level, level),
    };
    out.level = Some(level);
    out.level_range = Some([a.min(b), a.max(b)]);
    out
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Every discipline named by the rubric, in the rubric's order.
pub fn evidence(
    rubric: &Rubric,
    metrics: &[MetricResult],
    min_sample: u64,
) -> Vec<DisciplineEvidence> {
    let mut order: Vec<&str> = Vec::new();
    for i in &rubric.indicators {
        if !order.contains(&i.discipline.as_str()) {
            order.push(&i.discipline);
        }
    }
    order
        .into_iter()
        .map(|discipline| {
            let indicators: Vec<IndicatorLevel> = rubric
                .indicators
                .iter()
                .filter(|i| i.discipline == discipline)
                .map(|i| indicator_level(metrics, i, min_sample))
                .collect();
            let counted: Vec<&IndicatorLevel> =
                indicators.iter().filter(|i| i.level.is_some()).collect();
            let weight: f64 = counted.iter().map(|i| i.weight).sum();
            let mean = |f: &dyn Fn(&IndicatorLevel) -> f64| {
                one_decimal(counted.iter().map(|i| i.weight * f(i)).sum::<f64>() / weight)
            };
            let (evidence_level, evidence_range) = if counted.is_empty() {
                (None, None)
            } else {
                let level = mean(&|i| i.level.map(f64::from).unwrap_or(0.0));
                let low = mean(&|i| i.level_range.map(|r| f64::from(r[0])).unwrap_or(0.0));
                let high = mean(&|i| i.level_range.map(|r| f64::from(r[1])).unwrap_or(0.0));
                (Some(level), Some([low, high]))
            };
            DisciplineEvidence {
                discipline: discipline.to_string(),
                evidence_level,
                evidence_range,
                indicators,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::MetricResult;

    fn indicator(direction: Direction, thresholds: [f64; 4], weight: f64) -> Indicator {
        Indicator {
            discipline: "incident management".into(),
            metric: "incident.repeat_rate".into(),
            variant: None,
            direction,
            thresholds,
            weight,
            source: None,
        }
    }

    #[test]
    fn levels_at_and_around_every_threshold_lower_is_better() {
        let i = indicator(Direction::Lower, [0.35, 0.20, 0.10, 0.05], 1.0);
        for (value, want) in [
            (0.50, 1),
            (0.3501, 1),
            (0.35, 2),
            (0.2001, 2),
            (0.20, 3),
            (0.10, 4),
            (0.0999, 4),
            (0.05, 5),
            (0.0, 5),
        ] {
            assert_eq!(level_of(value, &i), want, "{value}");
        }
    }

    #[test]
    fn levels_at_and_around_every_threshold_higher_is_better() {
        let i = indicator(Direction::Higher, [0.15, 0.36, 0.55, 0.71], 1.0);
        for (value, want) in [
            (0.0, 1),
            (0.1499, 1),
            (0.15, 2),
            (0.36, 3),
            (0.5499, 3),
            (0.55, 4),
            (0.71, 5),
            (0.9, 5),
        ] {
            assert_eq!(level_of(value, &i), want, "{value}");
        }
    }

    #[test]
    fn range_comes_from_the_interval_ends() {
        let i = indicator(Direction::Lower, [0.35, 0.20, 0.10, 0.05], 1.0);
        // 13 / 54: value 0.241 (level 2), interval about [0.146, 0.370] -> levels 1..3.
        let m = MetricResult::rate("incident.repeat_rate", None, 13, 54, "");
        let l = indicator_level(&[m], &i, 30);
        assert_eq!(l.level, Some(2));
        assert_eq!(l.level_range, Some([1, 3]));
    }

    #[test]
    fn small_samples_and_unevaluable_metrics_are_left_out() {
        let i = indicator(Direction::Lower, [0.35, 0.20, 0.10, 0.05], 1.0);
        let small = MetricResult::rate("incident.repeat_rate", None, 1, 20, "");
        let l = indicator_level(&[small], &i, 30);
        assert!(l.level.is_none());
        assert!(l.excluded_reason.expect("reason").contains("n = 20"));
        let ne = MetricResult::not_evaluable(
            "incident.repeat_rate",
            None,
            crate::metrics::Unit::Ratio,
            "no CI column",
        );
        let l = indicator_level(&[ne], &i, 30);
        assert!(l.excluded_reason.expect("reason").contains("no CI column"));
    }

    #[test]
    fn discipline_level_is_the_weighted_mean() {
        let mut rubric = Rubric::default_rubric().expect("rubric");
        rubric.indicators = vec![
            Indicator {
                metric: "incident.repeat_rate".into(),
                ..indicator(Direction::Lower, [0.35, 0.20, 0.10, 0.05], 3.0)
            },
            Indicator {
                metric: "incident.reopen_rate".into(),
                ..indicator(Direction::Lower, [0.20, 0.10, 0.05, 0.02], 1.0)
            },
        ];
        let metrics = vec![
            MetricResult::rate("incident.repeat_rate", None, 500, 1000, ""), // 0.50 -> level 1
            MetricResult::rate("incident.reopen_rate", None, 10, 1000, ""),  // 0.01 -> level 5
        ];
        let d = evidence(&rubric, &metrics, 30);
        assert_eq!(d.len(), 1);
        // (3 * 1 + 1 * 5) / 4 = 2.0
        assert_eq!(d[0].evidence_level, Some(2.0));
        let none = evidence(&rubric, &[], 30);
        assert_eq!(none[0].evidence_level, None);
    }
}
