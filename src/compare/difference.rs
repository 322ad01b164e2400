//! Differences (after - before) with 95 % intervals, and their verdicts.
//!
//! - Rates: Newcombe's hybrid score interval for the difference of two
//!   independent proportions (Newcombe 1998, method 10), from the Wilson
//!   intervals of each run's numerator and denominator.
//! - Medians (hours): the same construction (MOVER, Zou & Donner 2008) from
//!   each run's median and its distribution-free interval, which the report
//!   folders hold; a bootstrap would need the tickets, which they do not.
//! - Counts: the plain difference, with no interval and no verdict.

use super::read::{Assessment, Figure};
use super::{MetricChange, Verdict};
use crate::metrics::stats::{Better, wilson};

/// The MOVER interval of `after - before` from each estimate and its interval.
pub fn mover(before: (f64, f64, f64), after: (f64, f64, f64)) -> (f64, f64) {
    let (p1, l1, u1) = before;
    let (p2, l2, u2) = after;
    let d = p2 - p1;
    let low = d - ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt();
    let high = d + ((u2 - p2).powi(2) + (p1 - l1).powi(2)).sqrt();
    (low, high)
}

/// Newcombe's hybrid score interval of `k2/n2 - k1/n1`.
pub fn newcombe(k1: u64, n1: u64, k2: u64, n2: u64) -> Option<(f64, f64)> {
    let (l1, u1) = wilson(k1, n1)?;
    let (l2, u2) = wilson(k2, n2)?;
    let p1 = k1 as f64 / n1 as f64;
    let p2 = k2 as f64 / n2 as f64;
    Some(mover((p1, l1, u1), (p2, l2, u2)))
}

/// Which way the figure is better: its trend's direction in either run,
/// else lower for durations.
fn better(before: &Figure, after: &Figure) -> Option<Better> {
    match before.better.as_deref().or(after.better.as_deref()) {
        Some("higher") => Some(Better::Higher),
        Some("lower") => Some(Better::Lower),
        _ if before.unit == "hours" => Some(Better::Lower),
        _ => None,
    }
}

/// The verdict of an interval of `after - before`.
pub fn verdict(low: f64, high: f64, better: Option<Better>) -> Verdict {
    let rose = low > 0.0;
    let fell = high < 0.0;
    match (rose, fell, better) {
        (false, false, _) => Verdict::NoClearChange,
        (_, _, None) => Verdict::Changed,
        (true, _, Some(Better::Higher)) | (_, true, Some(Better::Lower)) => Verdict::Improved,
        _ => Verdict::Worsened,
    }
}

fn change(before: &Figure, after: &Figure) -> MetricChange {
    let mut c = MetricChange {
        id: before.id.clone(),
        variant: before.variant.clone(),
        unit: before.unit.clone(),
        before: before.value,
        after: after.value,
        n_before: before.denominator,
        n_after: after.denominator,
        difference: None,
        ci_low: None,
        ci_high: None,
        method: None,
        better: better(before, after),
        verdict: None,
        note: None,
    };
    let (Some(b), Some(a)) = (before.value, after.value) else {
        c.note = Some("not evaluable in one of the runs".into());
        return c;
    };
    c.difference = Some(a - b);
    let interval = match before.unit.as_str() {
        "ratio" => match (
            before.numerator,
            before.denominator,
            after.numerator,
            after.denominator,
            before.ci_low,
        ) {
            // A share with no interval (not a sample proportion) is not tested.
            (_, _, _, _, None) => None,
            (Some(k1), Some(n1), Some(k2), Some(n2), _) => {
                newcombe(k1, n1, k2, n2).map(|i| (i, "newcombe"))
            }
            _ => None,
        },
        "hours" => match (before.ci_low, before.ci_high, after.ci_low, after.ci_high) {
            (Some(l1), Some(u1), Some(l2), Some(u2)) => {
                Some((mover((b, l1, u1), (a, l2, u2)), "mover"))
            }
            _ => None,
        },
        _ => None,
    };
    match interval {
        Some(((low, high), method)) => {
            c.ci_low = Some(low);
            c.ci_high = Some(high);
            c.method = Some(method);
            c.verdict = Some(verdict(low, high, c.better));
        }
        None => {
            c.note = Some(match before.unit.as_str() {
                "count" => "a count: the plain difference, with no interval".into(),
                _ => "no interval in the report folders".into(),
            })
        }
    }
    c
}

/// Every metric and variant of either run, in the before run's order.
pub fn metrics(before: &Assessment, after: &Assessment) -> Vec<MetricChange> {
    let find = |list: &[Figure], f: &Figure| {
        list.iter()
            .find(|g| g.id == f.id && g.variant == f.variant)
            .cloned()
    };
    let missing = |f: &Figure| Figure {
        value: None,
        numerator: None,
        denominator: None,
        ci_low: None,
        ci_high: None,
        ..f.clone()
    };
    let mut out: Vec<MetricChange> = before
        .metrics
        .iter()
        .map(|b| {
            let a = find(&after.metrics, b).unwrap_or_else(|| missing(b));
            change(b, &a)
        })
        .collect();
    for a in &after.metrics {
        if find(&before.metrics, a).is_none() {
            out.push(change(&missing(a), a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newcombe_matches_the_published_example() {
        // Newcombe (1998), table II, example (a): 56/70 - 48/80 = 0.2,
        // hybrid score interval 0.0524 to 0.3339. Here after - before.
        let (lo, hi) = newcombe(48, 80, 56, 70).expect("interval");
        assert!(
            (lo - 0.0524).abs() < 5e-4 && (hi - 0.3339).abs() < 5e-4,
            "{lo} {hi}"
        );
    }

    #[test]
    fn verdicts_follow_the_interval_and_the_better_direction() {
        assert_eq!(verdict(-0.1, -0.02, Some(Better::Lower)), Verdict::Improved);
        assert_eq!(
            verdict(-0.1, -0.02, Some(Better::Higher)),
            Verdict::Worsened
        );
        assert_eq!(verdict(0.01, 0.05, Some(Better::Higher)), Verdict::Improved);
        assert_eq!(
            verdict(-0.01, 0.05, Some(Better::Higher)),
            Verdict::NoClearChange
        );
        assert_eq!(verdict(0.01, 0.05, None), Verdict::Changed);
    }
}
