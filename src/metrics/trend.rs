//! The trend of a monthly rate: improving, worsening, no clear trend, a step
//! change, or not enough data to say.
//!
//! Months are weighted by their denominator in a least-squares line of the
//! monthly proportion on the month's place in the calendar (the
//! Cochran–Armitage test for trend, stated as a slope). Real months vary more
//! than sampling alone explains (staffing, releases, a re-coded field), so the
//! slope's standard error is scaled by the quasi-binomial overdispersion the
//! line leaves, estimated from its Pearson chi-square and never below 1, and
//! the interval uses Student's t on the months' degrees of freedom. Months
//! below the minimum sample are left out: a few tickets cannot make a month.
//! A series that jumps once and stays is a step, not a slope: when two flat
//! segments fit far better than the line, the verdict says so.

use super::stats::{Better, t975};
use serde::Serialize;

/// Months with at least the minimum sample needed before any verdict.
pub const MIN_TREND_MONTHS: usize = 6;

/// A step is considered when its two segments leave at most this share of
/// the line's weighted residual ...
const STEP_RATIO: f64 = 0.5;
/// ... and the line fits so badly that its overdispersion reaches this.
const STEP_MISFIT: f64 = 2.0;
/// Months each side of a step needs.
const STEP_SIDE: usize = 2;

/// A month's proportion: label, numerator, denominator.
#[derive(Debug, Clone)]
pub struct MonthCount {
    pub month: String,
    pub numerator: u64,
    pub denominator: u64,
}

/// A change of level between two runs of months.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Step {
    /// The first month of the new level.
    pub month: String,
    /// The pooled proportion before and from that month, and their n.
    pub before: f64,
    pub after: f64,
    pub n_before: u64,
    pub n_after: u64,
    /// 95 % interval of `after - before`, widened by the overdispersion.
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The verdict on a monthly series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trend {
    /// `improving`, `worsening` (or `rising` / `falling` for a rate with no
    /// better direction), `no clear trend`, `step change`, `not enough data`.
    pub verdict: String,
    /// Change of the proportion per month (weighted least squares), if fitted.
    pub slope_per_month: Option<f64>,
    pub slope_ci_low: Option<f64>,
    pub slope_ci_high: Option<f64>,
    /// Months in the fit: those with at least the minimum sample.
    pub months_used: usize,
    /// Months with tickets but below the minimum sample: left out of the fit.
    pub thin_months: Vec<String>,
    /// The quasi-binomial scale applied to the slope's variance (at least 1).
    pub overdispersion: Option<f64>,
    /// Which way the rate is better (`higher`, `lower`), null when neither.
    pub better: Option<Better>,
    /// The step, when the series moved in one jump rather than along a line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
}

/// A weighted fit's inputs: month position, numerator, denominator.
struct Point<'a> {
    x: f64,
    n: f64,
    p: f64,
    month: &'a str,
}

/// Weighted residual sum of squares of the proportions around `fitted`.
fn rss<'a>(points: &[Point<'a>], fitted: impl Fn(&Point<'a>) -> f64) -> f64 {
    points.iter().map(|q| q.n * (q.p - fitted(q)).powi(2)).sum()
}

fn pooled(points: &[Point<'_>]) -> (f64, f64) {
    let n: f64 = points.iter().map(|q| q.n).sum();
    let k: f64 = points.iter().map(|q| q.n * q.p).sum();
    (k / n, n)
}

/// The two-segment fit with the smallest residual, each side at least
/// `STEP_SIDE` months: (first month of the second segment, residual).
fn best_split(points: &[Point<'_>]) -> Option<(usize, f64)> {
    (STEP_SIDE..=points.len().saturating_sub(STEP_SIDE))
        .map(|k| {
            let (a, _) = pooled(&points[..k]);
            let (b, _) = pooled(&points[k..]);
            let r = rss(&points[..k], |_| a) + rss(&points[k..], |_| b);
            (k, r)
        })
        .min_by(|x, y| x.1.total_cmp(&y.1))
}

/// The step of the series, when it fits far better than the line and the
/// jump is larger than the months' noise.
fn step(points: &[Point<'_>], rss_line: f64, variance: f64) -> Option<Step> {
    let m = points.len() as f64;
    let (k, rss_step) = best_split(points)?;
    let misfit = rss_line / (variance * (m - 2.0));
    if rss_step > STEP_RATIO * rss_line || misfit < STEP_MISFIT {
        return None;
    }
    let (before, n1) = pooled(&points[..k]);
    let (after, n2) = pooled(&points[k..]);
    // Two levels and the chosen split: m - 3 degrees of freedom.
    let scale = (rss_step / (variance * (m - 3.0))).max(1.0);
    let se = (scale * variance * (1.0 / n1 + 1.0 / n2)).sqrt();
    let t = t975(m - 3.0);
    let (low, high) = (after - before - t * se, after - before + t * se);
    (low > 0.0 || high < 0.0).then(|| Step {
        month: points[k].month.to_string(),
        before,
        after,
        n_before: n1 as u64,
        n_after: n2 as u64,
        ci_low: low,
        ci_high: high,
    })
}

/// The verdict on a monthly rate. `months` are (calendar position, counts);
/// a gap in the calendar counts as time passing.
pub fn trend(months: &[(i64, MonthCount)], better: Option<Better>, min_sample: u64) -> Trend {
    let with_tickets = months.iter().filter(|(_, m)| m.denominator > 0);
    let thin_months: Vec<String> = with_tickets
        .clone()
        .filter(|(_, m)| m.denominator < min_sample)
        .map(|(_, m)| m.month.clone())
        .collect();
    let points: Vec<Point<'_>> = with_tickets
        .filter(|(_, m)| m.denominator >= min_sample)
        .map(|(t, m)| Point {
            x: *t as f64,
            n: m.denominator as f64,
            p: m.numerator as f64 / m.denominator as f64,
            month: &m.month,
        })
        .collect();
    let mut out = Trend {
        verdict: "not enough data".into(),
        slope_per_month: None,
        slope_ci_low: None,
        slope_ci_high: None,
        months_used: points.len(),
        thin_months,
        overdispersion: None,
        better,
        step: None,
    };
    if points.len() < MIN_TREND_MONTHS {
        return out;
    }
    let (p_bar, total) = pooled(&points);
    let x_bar = points.iter().map(|q| q.n * q.x).sum::<f64>() / total;
    let sxx: f64 = points.iter().map(|q| q.n * (q.x - x_bar).powi(2)).sum();
    if sxx == 0.0 {
        return out;
    }
    let sxy: f64 = points
        .iter()
        .map(|q| q.n * (q.x - x_bar) * (q.p - p_bar))
        .sum();
    let slope = sxy / sxx;
    let m = points.len() as f64;
    let variance = p_bar * (1.0 - p_bar);
    out.slope_per_month = Some(slope);
    if variance == 0.0 {
        // Every month at 0 % or every month at 100 %: nothing moves.
        out.slope_ci_low = Some(slope);
        out.slope_ci_high = Some(slope);
        out.overdispersion = Some(1.0);
        out.verdict = "no clear trend".into();
        return out;
    }
    let rss_line = rss(&points, |q| p_bar + slope * (q.x - x_bar));
    let scale = (rss_line / (variance * (m - 2.0))).max(1.0);
    let se = (scale * variance / sxx).sqrt();
    let t = t975(m - 2.0);
    let (low, high) = (slope - t * se, slope + t * se);
    out.slope_ci_low = Some(low);
    out.slope_ci_high = Some(high);
    out.overdispersion = Some(scale);
    out.step = step(&points, rss_line, variance);
    out.verdict = if out.step.is_some() {
        "step change"
    } else if low <= 0.0 && high >= 0.0 {
        "no clear trend"
    } else {
        match (better, slope > 0.0) {
            (Some(Better::Higher), true) | (Some(Better::Lower), false) => "improving",
            (Some(_), _) => "worsening",
            (None, true) => "rising",
            (None, false) => "falling",
        }
    }
    .into();
    out
}

/// Whether a verdict says the metric got worse, by its better direction.
pub fn is_worsening(t: &Trend) -> bool {
    match (&t.step, t.better) {
        (Some(s), Some(Better::Higher)) => s.after < s.before,
        (Some(s), Some(Better::Lower)) => s.after > s.before,
        (Some(_), None) => false,
        (None, _) => t.verdict == "worsening",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(points: &[(u64, u64)]) -> Vec<(i64, MonthCount)> {
        points
            .iter()
            .enumerate()
            .map(|(i, (k, n))| {
                (
                    i as i64,
                    MonthCount {
                        month: format!("{}-{:02}", 2024 + i / 12, i % 12 + 1),
                        numerator: *k,
                        denominator: *n,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_clear_line_is_improving_or_worsening_by_direction() {
        let series: Vec<(u64, u64)> = (0..8).map(|i| (100 + 50 * i, 1000)).collect();
        let t = trend(&months(&series), Some(Better::Higher), 30);
        assert_eq!(t.verdict, "improving");
        let slope = t.slope_per_month.expect("slope");
        assert!((slope - 0.05).abs() < 1e-12, "{slope}");
        // The months sit on the line: no overdispersion beyond the floor.
        assert_eq!(t.overdispersion, Some(1.0));
        assert!(t.step.is_none());
        let t = trend(&months(&series), Some(Better::Lower), 30);
        assert_eq!(t.verdict, "worsening");
    }

    #[test]
    fn thin_months_are_left_out_and_too_few_months_are_said() {
        // Five months of 1000 and three thin ones: five months are not enough.
        let series = [
            (100, 1000),
            (120, 1000),
            (140, 1000),
            (160, 1000),
            (180, 1000),
            (5, 5),
            (9, 10),
            (12, 12),
        ];
        let t = trend(&months(&series), Some(Better::Higher), 30);
        assert_eq!(t.verdict, "not enough data");
        assert_eq!(t.months_used, 5);
        assert_eq!(t.thin_months, ["2024-06", "2024-07", "2024-08"]);
        assert!(t.slope_per_month.is_none());
    }

    #[test]
    fn month_to_month_swings_widen_the_interval() {
        // A small drift under swings far larger than 20 000 tickets a month
        // allow: binomial noise alone would call the drift a trend.
        let series: Vec<(u64, u64)> = (0..12u64)
            .map(|i| {
                let swing = if i % 2 == 0 { 1000 } else { 0 };
                (5000 + 20 * i + swing, 20_000)
            })
            .collect();
        let t = trend(&months(&series), Some(Better::Higher), 30);
        let scale = t.overdispersion.expect("scale");
        assert!(scale > 50.0, "{scale}");
        assert_eq!(t.verdict, "no clear trend", "{t:?}");
        let (lo, hi) = (t.slope_ci_low.expect("lo"), t.slope_ci_high.expect("hi"));
        assert!(lo < 0.0 && hi > 0.0);
    }

    #[test]
    fn one_jump_is_a_step_not_a_slope() {
        let series: Vec<(u64, u64)> = (0..12)
            .map(|i| (if i < 7 { 100 } else { 400 }, 1000))
            .collect();
        let t = trend(&months(&series), Some(Better::Higher), 30);
        assert_eq!(t.verdict, "step change");
        let s = t.step.expect("step");
        assert_eq!(s.month, "2024-08");
        assert!((s.before - 0.1).abs() < 1e-12 && (s.after - 0.4).abs() < 1e-12);
        assert!(s.ci_low > 0.0);
        assert!(!is_worsening(&trend(
            &months(&series),
            Some(Better::Higher),
            30
        )));
        assert!(is_worsening(&trend(
            &months(&series),
            Some(Better::Lower),
            30
        )));
    }

    #[test]
    fn the_uci_self_service_series_earns_no_slope() {
        // The public UCI ServiceNow log's self-service share by month: four
        // large months at 0 %, a half-year of a few tickets, then a tail.
        let series = [
            (0, 207),
            (0, 8995),
            (0, 7934),
            (0, 7508),
            (0, 5),
            (0, 14),
            (2, 15),
            (12, 12),
            (16, 16),
            (26, 26),
            (37, 37),
            (59, 94),
            (6, 55),
        ];
        let t = trend(&months(&series), Some(Better::Higher), 30);
        assert!(
            t.verdict != "improving" && t.verdict != "worsening",
            "{t:?}"
        );
        assert_eq!(t.months_used, 7);
        assert_eq!(t.thin_months.len(), 6);
    }

    #[test]
    fn all_zero_months_are_flat() {
        let series = vec![(0, 500); 8];
        let t = trend(&months(&series), Some(Better::Lower), 30);
        assert_eq!(t.verdict, "no clear trend");
        assert_eq!(t.slope_per_month, Some(0.0));
    }

    #[test]
    fn a_calendar_gap_counts_as_time() {
        let mut m = months(&[(100, 1000); 3]);
        m.extend(
            months(&[(400, 1000); 3])
                .into_iter()
                .map(|(i, c)| (i + 9, c)),
        );
        let t = trend(&m, None, 30);
        // Three months at 10 %, a nine-month gap, three at 40 %: a step.
        assert_eq!(t.verdict, "step change", "{t:?}");
    }
}
