//! Small statistics the metrics need: the Wilson score interval, quantiles with
//! linear interpolation, and the trend test for monthly proportions.

use serde::Serialize;

/// The 97.5 % quantile of the standard normal distribution.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score 95 % interval of `successes / n`; `None` when `n` is 0.
pub fn wilson(successes: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = p + z2 / (2.0 * n_f);
    let half = Z95 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    let low = ((centre - half) / denom).clamp(0.0, 1.0);
    let high = ((centre + half) / denom).clamp(0.0, 1.0);
    // Guard the bounds against rounding so that low <= p <= high always holds.
    Some((low.min(p), high.max(p)))
}

/// The `q` quantile (0..1) of sorted values, interpolating linearly between
/// the two nearest ranks (numpy's and pandas' default).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lower = pos.floor() as usize;
    let upper = pos.ceil() as usize;
    let frac = pos - lower as f64;
    Some(sorted[lower] + (sorted[upper] - sorted[lower]) * frac)
}

/// Which way a rate is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// The verdict on a monthly series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trend {
    /// `improving`, `worsening`, `no clear trend`, or `not enough data`.
    pub verdict: String,
    /// Change of the proportion per month (weighted least squares), if computed.
    pub slope_per_month: Option<f64>,
    pub slope_ci_low: Option<f64>,
    pub slope_ci_high: Option<f64>,
    /// Months with at least one ticket in the denominator.
    pub months_used: usize,
    /// Months whose denominator is below the minimum sample: used, with their small weight.
    pub thin_months: Vec<String>,
}

/// A month's proportion: label, numerator, denominator.
#[derive(Debug, Clone)]
pub struct MonthCount {
    pub month: String,
    pub numerator: u64,
    pub denominator: u64,
}

/// Months needed before a trend is judged.
pub const MIN_TREND_MONTHS: usize = 3;

/// Weighted least-squares slope of monthly proportions on the month index,
/// each month weighted by its denominator, with the binomial variance of the
/// pooled proportion: the Cochran–Armitage test for trend, stated as a slope.
/// Months are placed by their position in the calendar (`index`), so a gap
/// counts as time passing.
pub fn trend(months: &[(i64, MonthCount)], better: Option<Better>, min_sample: u64) -> Trend {
    let used: Vec<&(i64, MonthCount)> = months.iter().filter(|(_, m)| m.denominator > 0).collect();
    let thin_months = used
        .iter()
        .filter(|(_, m)| m.denominator < min_sample)
        .map(|(_, m)| m.month.clone())
        .collect();
    let none = |verdict: &str| Trend {
        verdict: verdict.to_string(),
        slope_per_month: None,
        slope_ci_low: None,
        slope_ci_high: None,
        months_used: used.len(),
        thin_months: Vec::new(),
    };
    if used.len() < MIN_TREND_MONTHS {
        return none("not enough data");
    }
    let total_n: f64 = used.iter().map(|(_, m)| m.denominator as f64).sum();
    let total_k: f64 = used.iter().map(|(_, m)| m.numerator as f64).sum();
    let pooled = total_k / total_n;
    let t_mean: f64 = used
        .iter()
        .map(|(t, m)| *t as f64 * m.denominator as f64)
        .sum::<f64>()
        / total_n;
    let sxx: f64 = used
        .iter()
        .map(|(t, m)| m.denominator as f64 * (*t as f64 - t_mean).powi(2))
        .sum();
    if sxx == 0.0 {
        return none("not enough data");
    }
    let sxy: f64 = used
        .iter()
        .map(|(t, m)| {
            let p = m.numerator as f64 / m.denominator as f64;
            m.denominator as f64 * (*t as f64 - t_mean) * (p - pooled)
        })
        .sum();
    let slope = sxy / sxx;
    let se = (pooled * (1.0 - pooled) / sxx).sqrt();
    let (low, high) = (slope - Z95 * se, slope + Z95 * se);
    let verdict = if se == 0.0 || (low <= 0.0 && high >= 0.0) {
        "no clear trend"
    } else {
        match (better, slope > 0.0) {
            (Some(Better::Higher), true) | (Some(Better::Lower), false) => "improving",
            (Some(_), _) => "worsening",
            (None, true) => "rising",
            (None, false) => "falling",
        }
    };
    Trend {
        verdict: verdict.to_string(),
        slope_per_month: Some(slope),
        slope_ci_low: Some(low),
        slope_ci_high: Some(high),
        months_used: used.len(),
        thin_months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // 1234 / 16880: 0.0731 with [0.0693, 0.0771] (output.md's example).
        let (lo, hi) = wilson(1234, 16880).expect("n > 0");
        assert!(
            (lo - 0.0693).abs() < 5e-4 && (hi - 0.0771).abs() < 5e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 10).expect("n > 0");
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 1e-3, "{hi}");
        let (lo, hi) = wilson(10, 10).expect("n > 0");
        assert!((lo - 0.7225).abs() < 1e-3 && hi == 1.0);
        assert!(wilson(0, 0).is_none());
    }

    #[test]
    fn quantiles_interpolate_linearly() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.5), Some(2.5));
        let p90 = quantile_sorted(&v, 0.9).expect("values");
        assert!((p90 - 3.7).abs() < 1e-12, "{p90}");
        assert_eq!(quantile_sorted(&[5.0], 0.9), Some(5.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }

    fn months(points: &[(u64, u64)]) -> Vec<(i64, MonthCount)> {
        points
            .iter()
            .enumerate()
            .map(|(i, (k, n))| {
                (
                    i as i64,
                    MonthCount {
                        month: format!("2024-{:02}", i + 1),
                        numerator: *k,
                        denominator: *n,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn clear_rise_in_a_good_rate_is_improving() {
        let t = trend(
            &months(&[(100, 1000), (150, 1000), (200, 1000), (250, 1000)]),
            Some(Better::Higher),
            30,
        );
        assert_eq!(t.verdict, "improving");
        let slope = t.slope_per_month.expect("slope");
        assert!((slope - 0.05).abs() < 1e-9, "{slope}");
        let t = trend(
            &months(&[(100, 1000), (150, 1000), (200, 1000), (250, 1000)]),
            Some(Better::Lower),
            30,
        );
        assert_eq!(t.verdict, "worsening");
    }

    #[test]
    fn noise_on_small_months_is_no_clear_trend() {
        let t = trend(
            &months(&[(1, 10), (3, 12), (2, 9), (4, 11)]),
            Some(Better::Higher),
            30,
        );
        assert_eq!(t.verdict, "no clear trend");
        assert_eq!(t.thin_months.len(), 4);
    }

    #[test]
    fn too_few_months_are_said() {
        let t = trend(&months(&[(1, 100), (50, 100)]), Some(Better::Higher), 30);
        assert_eq!(t.verdict, "not enough data");
        assert!(t.slope_per_month.is_none());
    }
}
