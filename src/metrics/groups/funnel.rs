//! Funnel-plot control limits: how far a team's rate may lie from the
//! organisation's rate, for the team's n, before the difference is beyond
//! chance. The limits are exact binomial ones at 99.8 % (0.1 % in each
//! tail, about three standard errors): a team of n with k events is `high`
//! when, at the organisation's rate p, k or more events would happen less
//! than once in a thousand, and `low` likewise for k or fewer.

use serde::Serialize;

/// The share of each tail outside the limits (99.8 % two-sided).
pub const TAIL: f64 = 0.001;

/// Where a team lies against the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outlier {
    High,
    Low,
}

/// The log of the binomial probability of exactly `k` events in `n` at `p` (0 < p < 1).
fn ln_pmf(n: u64, k: u64, p: f64) -> f64 {
    let (n_f, k_f) = (n as f64, k as f64);
    libm::lgamma(n_f + 1.0) - libm::lgamma(k_f + 1.0) - libm::lgamma(n_f - k_f + 1.0)
        + k_f * p.ln()
        + (n_f - k_f) * (1.0 - p).ln()
}

/// Sums the probabilities of `from`, `from + 1`, ... n (`upward`) or of
/// `from`, `from - 1`, ... 0, moving away from the mode, and stops once the
/// terms no longer matter. Each term comes from the one before by the
/// ratio of neighbouring binomial probabilities, so only the first needs
/// the log-gamma function.
fn tail_sum(n: u64, p: f64, from: u64, upward: bool) -> f64 {
    let odds = p / (1.0 - p);
    let mut term = ln_pmf(n, from, p).exp();
    let mut sum = term;
    let mut k = from;
    loop {
        // Away from the mode the terms only shrink: once one is negligible
        // (or underflows to zero, deep in a tail) the rest add nothing.
        if term <= sum * 1e-16 {
            break;
        }
        let (kf, nf) = (k as f64, n as f64);
        if upward {
            if k == n {
                break;
            }
            term *= (nf - kf) / (kf + 1.0) * odds;
            k += 1;
        } else {
            if k == 0 {
                break;
            }
            term *= kf / (nf - kf + 1.0) / odds;
            k -= 1;
        }
        sum += term;
    }
    sum.min(1.0)
}

/// P(X >= k) for X ~ Binomial(n, p).
pub fn upper_tail(n: u64, k: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    if k as f64 > n as f64 * p {
        tail_sum(n, p, k, true)
    } else {
        1.0 - lower_tail(n, k - 1, p)
    }
}

/// P(X <= k) for X ~ Binomial(n, p).
pub fn lower_tail(n: u64, k: u64, p: f64) -> f64 {
    if k >= n || p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    if (k as f64) < n as f64 * p {
        tail_sum(n, p, k, false)
    } else {
        1.0 - upper_tail(n, k + 1, p)
    }
}

/// `high`, `low` or none for `k` events in `n` against the rate `p`.
pub fn outlier(k: u64, n: u64, p: f64) -> Option<Outlier> {
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    if upper_tail(n, k, p) < TAIL {
        Some(Outlier::High)
    } else if lower_tail(n, k, p) < TAIL {
        Some(Outlier::Low)
    } else {
        None
    }
}

/// The limits at `n` as rates: the lowest rate a team of n is `high` at and
/// the highest it is `low` at (none where no count of n would be). The tails
/// move one way with k, so each limit is found by bisection: a handful of
/// tail sums even for an organisation of millions.
pub fn limits(n: u64, p: f64) -> (Option<f64>, Option<f64>) {
    if n == 0 {
        return (None, None);
    }
    let mean = ((n as f64 * p).round() as u64).min(n);
    let high = first_true(mean, n, |k| upper_tail(n, k, p) < TAIL);
    let low = match first_true(0, mean, |k| lower_tail(n, k, p) >= TAIL) {
        Some(0) => None,
        Some(k) => Some(k - 1),
        None => Some(mean),
    };
    let rate = |k: u64| k as f64 / n as f64;
    (low.map(rate), high.map(rate))
}

/// The smallest k in `lo..=hi` where `holds` is true, for a `holds` that is
/// false and then true as k grows.
fn first_true(mut lo: u64, mut hi: u64, holds: impl Fn(u64) -> bool) -> Option<u64> {
    if lo > hi || !holds(hi) {
        return None;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_match_known_binomial_values() {
        // Binomial(10, 0.5): P(X >= 8) = 56 / 1024, P(X <= 2) the same.
        assert!((upper_tail(10, 8, 0.5) - 56.0 / 1024.0).abs() < 1e-12);
        assert!((lower_tail(10, 2, 0.5) - 56.0 / 1024.0).abs() < 1e-12);
        // Binomial(30, 0.05): P(X >= 6) = 0.003 282 (the sum of exact terms).
        assert!((upper_tail(30, 6, 0.05) - 0.003_282_5).abs() < 1e-6);
        assert_eq!(upper_tail(10, 0, 0.3), 1.0);
        assert_eq!(lower_tail(10, 10, 0.3), 1.0);
    }

    #[test]
    fn tails_by_recurrence_match_the_sums_of_exact_terms() {
        let exact = |n: u64, p: f64, ks: &mut dyn Iterator<Item = u64>| -> f64 {
            ks.map(|k| ln_pmf(n, k, p).exp()).sum::<f64>().min(1.0)
        };
        for (n, p, k) in [
            (40, 0.3, 20),
            (5_000, 0.06, 360),
            (5_000, 0.06, 240),
            (120_000, 0.4, 48_500),
            (120_000, 0.4, 47_500),
            (2_000, 0.999, 1_990),
        ] {
            let mean = n as f64 * p;
            let (ours, theirs) = if k as f64 > mean {
                (upper_tail(n, k, p), exact(n, p, &mut (k..=n)))
            } else {
                (lower_tail(n, k, p), exact(n, p, &mut (0..=k)))
            };
            assert!(
                (ours - theirs).abs() <= 1e-9 * theirs.max(1e-300),
                "n {n}, p {p}, k {k}: {ours} against {theirs}"
            );
        }
    }

    #[test]
    fn a_team_is_named_only_beyond_chance() {
        // 6 % overall: 9 of 150 is ordinary, 30 of 150 is not, nor is 0 of 400.
        assert_eq!(outlier(9, 150, 0.06), None);
        assert_eq!(outlier(30, 150, 0.06), Some(Outlier::High));
        assert_eq!(outlier(0, 400, 0.06), Some(Outlier::Low));
        assert_eq!(outlier(0, 20, 0.06), None);
    }

    #[test]
    fn bisection_finds_the_limits_a_linear_search_finds() {
        for (n, p) in [
            (1, 0.5),
            (7, 0.02),
            (50, 0.3),
            (400, 0.1),
            (999, 0.97),
            (3000, 0.001),
        ] {
            let mean = ((n as f64 * p).round() as u64).min(n);
            let high = (mean..=n).find(|&k| upper_tail(n, k, p) < TAIL);
            let low = (0..=mean).rev().find(|&k| lower_tail(n, k, p) < TAIL);
            let rate = |k: u64| k as f64 / n as f64;
            assert_eq!(
                limits(n, p),
                (low.map(rate), high.map(rate)),
                "n {n}, p {p}"
            );
        }
    }

    #[test]
    fn limits_narrow_as_n_grows_and_agree_with_the_verdict() {
        let (lo_small, hi_small) = limits(100, 0.1);
        let (lo_big, hi_big) = limits(10_000, 0.1);
        let (lo_small, hi_small) = (lo_small.expect("low"), hi_small.expect("high"));
        let (lo_big, hi_big) = (lo_big.expect("low"), hi_big.expect("high"));
        assert!(lo_small < lo_big && lo_big < 0.1 && 0.1 < hi_big && hi_big < hi_small);
        // Close to three standard errors at large n.
        let se = (0.1f64 * 0.9 / 10_000.0).sqrt();
        assert!(((hi_big - 0.1) / se - 3.09).abs() < 0.15, "{hi_big}");
        let k = (hi_small * 100.0).round() as u64;
        assert_eq!(outlier(k, 100, 0.1), Some(Outlier::High));
        assert_eq!(outlier(k - 1, 100, 0.1), None);
    }
}
