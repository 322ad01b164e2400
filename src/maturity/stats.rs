//! Survey statistics: mean, standard deviation, and Welch's interval for the
//! difference of two means.

pub use crate::metrics::stats::t975;
use serde::Serialize;

/// Mean, sample standard deviation and count of a role's scores, and how
/// many people gave them.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub sd: Option<f64>,
    pub n: u64,
    pub respondents: u64,
}

/// The summary of values that each come from a different respondent (the
/// caller overrides `respondents` when several values share one).
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
        respondents: scores.len() as u64,
    })
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
