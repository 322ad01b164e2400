//! Small statistics the metrics need: the Wilson score interval, quantiles with
//! linear interpolation, Student's t quantiles, and which way a rate is better.

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

/// Distribution-free 95 % interval of the median of sorted values: the order
/// statistics at ranks n/2 -+ 1.96 sqrt(n)/2 (the normal approximation to
/// the binomial ranks; Conover, Practical Nonparametric Statistics, 3.2).
/// `None` for no values.
pub fn median_interval(sorted: &[f64]) -> Option<(f64, f64)> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let half = Z95 * (n as f64).sqrt() / 2.0;
    let low_rank = ((n as f64 / 2.0 - half).floor() as usize).clamp(1, n);
    let high_rank = ((1.0 + n as f64 / 2.0 + half).ceil() as usize).clamp(1, n);
    Some((sorted[low_rank - 1], sorted[high_rank - 1]))
}

/// Which way a rate is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom.
const T975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (fractional
/// df interpolated; above 30 the Cornish–Fisher expansion, Abramowitz & Stegun 26.7.5).
pub fn t975(df: f64) -> f64 {
    if df < 1.0 {
        return T975[0];
    }
    if df <= 30.0 {
        let lo = df.floor() as usize;
        let hi = df.ceil() as usize;
        let frac = df - lo as f64;
        return T975[lo - 1] + (T975[hi.min(30) - 1] - T975[lo - 1]) * frac;
    }
    let z = Z95;
    let g1 = (z.powi(3) + z) / 4.0;
    let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
    let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
    z + g1 / df + g2 / df.powi(2) + g3 / df.powi(3)
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

    #[test]
    fn median_interval_takes_order_statistics() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        // n = 100: ranks 40 and 61 (Conover's table gives 40 and 61).
        assert_eq!(median_interval(&v), Some((40.0, 61.0)));
        assert_eq!(median_interval(&[3.0]), Some((3.0, 3.0)));
        assert_eq!(median_interval(&[]), None);
    }

    #[test]
    fn t_quantiles() {
        assert!((t975(2.0) - 4.303).abs() < 1e-9);
        assert!((t975(2.5) - 3.7425).abs() < 1e-9);
        assert!((t975(60.0) - 2.0003).abs() < 2e-3, "{}", t975(60.0));
        assert!((t975(1e6) - 1.96).abs() < 1e-3);
    }
}
