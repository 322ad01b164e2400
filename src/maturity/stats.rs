//! Survey statistics: mean, standard deviation, and Welch's interval for the
//! difference of two means.

use serde::Serialize;

/// Mean, sample standard deviation and count of a role's scores.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub sd: Option<f64>,
    pub n: u64,
}

pub fn summary(scores: &[f64]) -> Option<Summary> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let mean = scores.iter().sum::<f64>() / n;
    let sd = (scores.len() > 1)
        .then(|| (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt());
    Some(Summary {
        mean,
        sd,
        n: scores.len() as u64,
    })
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
    let z: f64 = 1.959_963_984_540_054;
    let g1 = (z.powi(3) + z) / 4.0;
    let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
    let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
    z + g1 / df + g2 / df.powi(2) + g3 / df.powi(3)
}

/// Difference of means `a - b` with Welch's 95 % interval; the interval needs
/// at least two scores on each side.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Difference {
    pub value: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

pub fn welch(a: &Summary, b: &Summary) -> Difference {
    let value = a.mean - b.mean;
    let interval = match (a.sd, b.sd) {
        (Some(sa), Some(sb)) => {
            let va = sa * sa / a.n as f64;
            let vb = sb * sb / b.n as f64;
            let se = (va + vb).sqrt();
            if se == 0.0 {
                Some((value, value))
            } else {
                let df = (va + vb).powi(2)
                    / (va * va / (a.n as f64 - 1.0) + vb * vb / (b.n as f64 - 1.0));
                let t = t975(df);
                Some((value - t * se, value + t * se))
            }
        }
        _ => None,
    };
    Difference {
        value,
        ci_low: interval.map(|i| i.0),
        ci_high: interval.map(|i| i.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_uses_the_sample_standard_deviation() {
        let s = summary(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).expect("scores");
        assert_eq!(s.mean, 5.0);
        assert!((s.sd.expect("sd") - 2.138_089_935).abs() < 1e-6);
        assert_eq!(summary(&[3.0]).expect("one").sd, None);
        assert!(summary(&[]).is_none());
    }

    #[test]
    fn t_quantiles() {
        assert!((t975(2.0) - 4.303).abs() < 1e-9);
        assert!((t975(2.5) - 3.7425).abs() < 1e-9);
        assert!((t975(60.0) - 2.0003).abs() < 2e-3, "{}", t975(60.0));
        assert!((t975(1e6) - 1.96).abs() < 1e-3);
    }

    #[test]
    fn welch_interval_matches_a_hand_computation() {
        // a: 4, 5, 4, 5 (mean 4.5, var 1/3); b: 2, 3, 2, 3 (mean 2.5, var 1/3).
        // se = sqrt(1/12 + 1/12) = 0.408248; df = 6; t = 2.447.
        let a = summary(&[4.0, 5.0, 4.0, 5.0]).expect("a");
        let b = summary(&[2.0, 3.0, 2.0, 3.0]).expect("b");
        let d = welch(&a, &b);
        assert!((d.value - 2.0).abs() < 1e-12);
        let half = 2.447 * (1.0f64 / 6.0).sqrt();
        assert!((d.ci_low.expect("low") - (2.0 - half)).abs() < 1e-6);
        assert!((d.ci_high.expect("high") - (2.0 + half)).abs() < 1e-6);
    }
}
