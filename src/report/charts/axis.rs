//! Axis helpers: an axis with ticks exactly where a chart wants them, round
//! axis ends, tick labels for percent and hours, month labels thinned so they
//! never touch, and names shortened to fit.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// A continuous axis from `start` to `end` whose ticks (and grid lines) are
/// exactly `ticks`: category positions, or the months that carry a label.
#[derive(Debug, Clone)]
pub(crate) struct Ticked {
    start: f64,
    end: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    pub(crate) fn new(range: Range<f64>, ticks: Vec<f64>) -> Self {
        Ticked {
            start: range.start,
            end: range.end,
            ticks,
        }
    }

    /// Categories `0..n`, each a tick, at least `min` slots wide, so that a
    /// few bars do not turn into slabs.
    pub(crate) fn categories(n: usize, min: usize) -> Self {
        Self::new(slots(n, min), (0..n).map(|i| i as f64).collect())
    }
}

/// The axis range of `n` slots centred on `0..n`, widened to `min` slots.
pub(crate) fn slots(n: usize, min: usize) -> Range<f64> {
    let pad = min.saturating_sub(n) as f64 / 2.0;
    -0.5 - pad..n as f64 - 0.5 + pad
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.end - self.start;
        let t = (value - self.start) / span;
        if !(span != 0.0 && t.is_finite()) {
            return (limit.0 + limit.1) / 2;
        }
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold points: the light grid stays empty.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.start..self.end
    }
}

/// The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten
/// that is at least `x` (1 for anything that is not a positive finite number).
pub(crate) fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let exponent = x.log10().floor() as i32;
    // Dividing by a power of ten keeps 3 * 0.1 from becoming 0.30000000000000004.
    let scale = |step: f64| {
        if exponent >= 0 {
            step * 10f64.powi(exponent)
        } else {
            step / 10f64.powi(-exponent)
        }
    };
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        let candidate = scale(step);
        // A tolerance keeps 0.3 from becoming 0.4 through rounding noise.
        if candidate >= x * (1.0 - 1e-9) {
            return candidate;
        }
    }
    scale(10.0)
}

/// Whole-number ticks from 0 that cover `max`, at most `most` of them after
/// 0: the axis top and the ticks.
pub(crate) fn count_ticks(max: f64, most: usize) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let most = most.max(1) as f64;
    let mut power = 1.0;
    let step = loop {
        if let Some(s) = [1.0, 2.0, 5.0]
            .into_iter()
            .map(|s| s * power)
            .find(|s| (max / s).ceil() <= most)
        {
            break s;
        }
        power *= 10.0;
    };
    let n = (max / step).ceil() as usize;
    let ticks: Vec<f64> = (0..=n).map(|i| i as f64 * step).collect();
    (n as f64 * step, ticks)
}

/// A percent tick label; axes that span a few percent get one decimal.
pub(crate) fn percent_label(value: f64, axis_top: f64) -> String {
    if axis_top <= 5.0 {
        format!("{value:.1} %")
    } else {
        format!("{value:.0} %")
    }
}

/// An hours tick label.
pub(crate) fn hours_label(value: f64, axis_top: f64) -> String {
    if axis_top <= 5.0 {
        format!("{value:.1} h")
    } else {
        format!("{value:.0} h")
    }
}

/// A value in hours, short: "3.5 h", "41 h", "1,204 h".
pub(crate) fn hours_value(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.1} h")
    } else {
        format!("{} h", thousands(value.round() as u64))
    }
}

/// 1234567 as "1,234,567".
pub(crate) use crate::maturity::wording::count as thousands;

/// Every how many months a label fits: 1, 2, 3, 4, 6, then whole years.
pub(crate) fn month_step(months: usize, plot_width: u32, label_width: u32) -> usize {
    let slot = label_width.max(1) + 14;
    let fit = ((plot_width / slot) as usize).max(1);
    let mut steps = vec![1, 2, 3, 4, 6];
    steps.extend(
        (1..)
            .map(|y| 12 * y)
            .take_while(|s| *s < months.max(12) * 2),
    );
    steps
        .into_iter()
        .find(|s| months.div_ceil(*s) <= fit)
        .unwrap_or(months.max(1))
}

/// The positions (month indices) that carry a label.
pub(crate) fn month_ticks(months: usize, step: usize) -> Vec<f64> {
    (0..months).step_by(step.max(1)).map(|i| i as f64).collect()
}

/// The label at a category axis position: the name of the nearest index, or
/// nothing between categories and beyond the ends.
pub(crate) fn category_label(names: &[String], position: f64) -> String {
    let i = position.round();
    if (position - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}

/// Cuts `name` to at most `max` characters with an ellipsis in the middle,
/// keeping its start and its end: CIs that differ only in a trailing number
/// ("Exchange cluster 01", "... 02") stay apart.
pub(crate) fn shorten(name: &str, max: usize) -> String {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= max {
        return name.to_string();
    }
    let keep = max.saturating_sub(1);
    let tail = keep * 2 / 5;
    let head = keep - tail;
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{}…{}", start.trim_end(), end.trim_start())
}

/// Shortens every name to `max` characters (see [`shorten`]); where two
/// different names would come out the same (host names that differ in the
/// middle: "db-eu-west-01.example.com"), each keeps its start and the stretch
/// around the first character that tells it apart.
pub(crate) fn shorten_all(names: &[String], max: usize) -> Vec<String> {
    let first: Vec<String> = names.iter().map(|n| shorten(n, max)).collect();
    let mut out = first.clone();
    let chars: Vec<Vec<char>> = names.iter().map(|n| n.trim().chars().collect()).collect();
    for i in 0..names.len() {
        // The longest start this name shares with another whose label clashes.
        let shared = (0..names.len())
            .filter(|&j| j != i && first[j] == first[i] && chars[j] != chars[i])
            .map(|j| {
                chars[i]
                    .iter()
                    .zip(&chars[j])
                    .take_while(|(a, b)| a == b)
                    .count()
            })
            .max();
        if let Some(d) = shared {
            out[i] = around(&chars[i], d, max);
        }
    }
    out
}

/// `max` characters of `name`: its start, an ellipsis, and the stretch around
/// character `at`, with a closing ellipsis if the name goes on.
fn around(name: &[char], at: usize, max: usize) -> String {
    if name.len() <= max {
        return name.iter().collect();
    }
    let head = max.saturating_sub(2) / 3;
    let window = max.saturating_sub(2) - head;
    let start = at
        .saturating_sub(window / 2)
        .max(head)
        .min(name.len().saturating_sub(window));
    let end = (start + window).min(name.len());
    let mut label: String = name[..head].iter().collect();
    label.push('…');
    label.extend(&name[start..end]);
    if end < name.len() {
        label.push('…');
    }
    label
}

/// "self_service" as "Self-service", "walk_in" as "Walk-in".
pub(crate) fn humanise(name: &str) -> String {
    let spaced = name.replace('_', "-");
    let mut c = spaced.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_axis_maps_linearly() {
        let axis = Ticked::categories(4, 1);
        assert_eq!(axis.range(), -0.5..3.5);
        assert_eq!(slots(1, 3), -1.5..1.5);
        assert_eq!(axis.map(&-0.5, (100, 500)), 100);
        assert_eq!(axis.map(&3.5, (100, 500)), 500);
        assert_eq!(axis.map(&1.5, (100, 500)), 300);
        // Reversed pixel ranges (y axes) work too.
        assert_eq!(axis.map(&-0.5, (500, 100)), 500);
        let flat = Ticked::new(1.0..1.0, vec![]);
        assert_eq!(flat.map(&1.0, (0, 10)), 5);
    }

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(nice_ceiling(0.3), 0.3);
        assert_eq!(nice_ceiling(0.25), 0.25);
        assert_eq!(nice_ceiling(37.0), 40.0);
        assert_eq!(nice_ceiling(55.0), 60.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(101.0), 120.0);
        assert_eq!(nice_ceiling(690.0), 800.0);
    }

    #[test]
    fn count_ticks_are_whole_numbers() {
        assert_eq!(count_ticks(2.24, 8), (3.0, vec![0.0, 1.0, 2.0, 3.0]));
        assert_eq!(count_ticks(0.0, 8), (1.0, vec![0.0, 1.0]));
        let (top, ticks) = count_ticks(224.0, 8);
        assert_eq!(top, 250.0);
        assert_eq!(ticks.len(), 6);
        let (top, ticks) = count_ticks(13.0, 8);
        assert_eq!((top, ticks.len()), (14.0, 8));
    }

    #[test]
    fn month_labels_thin_out_to_fit() {
        // 66 px labels with their gap in 900 px: 11 fit.
        assert_eq!(month_step(6, 900, 66), 1);
        assert_eq!(month_step(13, 900, 66), 2);
        assert_eq!(month_step(24, 900, 66), 3);
        assert_eq!(month_step(60, 900, 66), 6);
        assert_eq!(month_step(200, 900, 66), 24);
        assert_eq!(month_ticks(7, 3), vec![0.0, 3.0, 6.0]);
        // Nothing fits: one label.
        assert_eq!(month_step(5, 10, 66), 6);
    }

    #[test]
    fn labels_and_names() {
        let names = vec!["a".to_string(), "b".to_string()];
        assert_eq!(category_label(&names, 1.0), "b");
        assert_eq!(category_label(&names, 0.5), "");
        assert_eq!(category_label(&names, 2.0), "");
        assert_eq!(category_label(&names, -1.0), "");
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten("Exchange mailbox cluster 01", 16),
            "Exchange…ter 01"
        );
        assert_eq!(shorten("ünïcödé names", 5), "ünï…s");
        assert_eq!(shorten("x", 0), "…");
    }

    #[test]
    fn clashing_short_names_keep_what_tells_them_apart() {
        let names: Vec<String> = (1..=5)
            .map(|i| format!("prod-database-cluster-eu-west-{i:02}.internal.example.com"))
            .chain(["app server 7".to_string()])
            .collect();
        let short = shorten_all(&names, 24);
        assert_eq!(short[5], "app server 7");
        let distinct: std::collections::BTreeSet<&String> = short.iter().collect();
        assert_eq!(distinct.len(), 6, "{short:?}");
        for s in &short[..5] {
            assert!(s.chars().count() <= 24, "{s}");
        }
        assert!(
            short[0].starts_with("prod-da") && short[0].contains("01"),
            "{}",
            short[0]
        );
        // The same name twice is one CI, not a clash.
        let same = vec!["a".repeat(40), "a".repeat(40)];
        assert_eq!(shorten_all(&same, 10), vec![shorten(&same[0], 10); 2]);
        assert_eq!(humanise("self_service"), "Self-service");
        assert_eq!(humanise(""), "");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(hours_value(3.456), "3.5 h");
        assert_eq!(hours_value(1204.4), "1,204 h");
        assert_eq!(percent_label(2.5, 4.0), "2.5 %");
        assert_eq!(percent_label(40.0, 50.0), "40 %");
        assert_eq!(hours_label(40.0, 50.0), "40 h");
    }
}
