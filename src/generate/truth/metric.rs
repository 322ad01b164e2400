//! One figure of `truth.json`, in the `metrics` shape of `docs/output.md`, and
//! the arithmetic behind it (linear-interpolation quantiles, Wilson intervals).

use serde::Serialize;

/// Wilson score interval at 95 %.
const Z: f64 = 1.959_963_984_540_054;

#[derive(Debug, Clone, Serialize)]
pub struct MonthValue {
    pub month: String,
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub id: &'static str,
    pub variant: Option<String>,
    pub status: &'static str,
    pub reason: Option<String>,
    pub value: Option<f64>,
    pub unit: &'static str,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_month: Option<Vec<MonthValue>>,
}

fn blank(id: &'static str, variant: Option<String>, unit: &'static str) -> Metric {
    Metric {
        id,
        variant,
        status: "ok",
        reason: None,
        value: None,
        unit,
        numerator: None,
        denominator: None,
        ci_low: None,
        ci_high: None,
        by_month: None,
    }
}

fn not_evaluable(mut m: Metric, reason: &str) -> Metric {
    m.status = "not_evaluable";
    m.reason = Some(reason.to_string());
    m
}

/// `numerator / denominator` with its Wilson interval; not evaluable on an empty denominator.
pub fn rate(id: &'static str, variant: Option<&str>, numerator: u64, denominator: u64) -> Metric {
    let mut m = blank(id, variant.map(str::to_string), "ratio");
    m.numerator = Some(numerator);
    m.denominator = Some(denominator);
    if denominator == 0 {
        return not_evaluable(m, "the denominator is empty");
    }
    let p = numerator as f64 / denominator as f64;
    let (low, high) = wilson(numerator, denominator);
    m.value = Some(p);
    m.ci_low = Some(low);
    m.ci_high = Some(high);
    m
}

/// A count (incident volume, aged backlog).
pub fn count(id: &'static str, variant: Option<&str>, n: u64) -> Metric {
    let mut m = blank(id, variant.map(str::to_string), "count");
    m.value = Some(n as f64);
    m
}

/// A quantile of durations given in seconds, reported in hours.
pub fn hours_quantile(id: &'static str, variant: String, sorted_secs: &[u32], q: f64) -> Metric {
    let mut m = blank(id, Some(variant), "hours");
    m.denominator = Some(sorted_secs.len() as u64);
    match quantile(sorted_secs, q) {
        Some(v) => m.value = Some(v / 3600.0),
        None => return not_evaluable(m, "no values"),
    }
    m
}

/// Linear interpolation between the two nearest ranks (numpy's default).
pub fn quantile(sorted: &[u32], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = libm::floor(pos) as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = pos - lo as f64;
    let (a, b) = (sorted[lo] as f64, sorted[hi] as f64);
    Some(a + (b - a) * frac)
}

pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = Z * Z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        // numpy.quantile([1, 2, 3, 4], [0.5, 0.9]) == [2.5, 3.7]
        let xs = [1, 2, 3, 4];
        assert_eq!(quantile(&xs, 0.5), Some(2.5));
        assert!((quantile(&xs, 0.9).unwrap_or(0.0) - 3.7).abs() < 1e-12);
        assert_eq!(quantile(&[7], 0.9), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[1, 3, 10], 0.5), Some(3.0));
    }

    #[test]
    fn wilson_matches_a_known_interval() {
        // 10 of 100: [0.0552, 0.1744]
        let (lo, hi) = wilson(10, 100);
        assert!((lo - 0.0552).abs() < 1e-4, "{lo}");
        assert!((hi - 0.1744).abs() < 1e-4, "{hi}");
        let (lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
        assert!(hi > 0.2 && hi < 0.35);
    }

    #[test]
    fn empty_rates_are_not_evaluable() {
        let m = rate("x", None, 0, 0);
        assert_eq!(m.status, "not_evaluable");
        assert!(m.value.is_none());
        let m = rate("x", None, 1, 4);
        assert_eq!(m.value, Some(0.25));
    }
}
