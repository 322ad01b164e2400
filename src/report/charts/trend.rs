//! Monthly trend of one metric: a line with a point per month (thin months
//! hollow), over the rubric's level bands for that metric shaded lightly
//! behind it.

use super::axis::{
    self, Ticked, hours_label, month_step, month_ticks, nice_ceiling, percent_label,
};
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, anchored, frame, text};
use super::palette::{BLUE, BLUISH_GREEN, GRID, INK, MUTED, WHITE};
use super::{ChartInput, finite, indicator, metric};
use crate::maturity::rubric::{Direction, Indicator};
use crate::metrics::{MetricResult, Unit};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Which metric a trend chart shows.
pub(crate) struct TrendSpec {
    /// File stem.
    pub name: &'static str,
    pub metric: &'static str,
    /// `None` takes the first evaluable variant (the repeat rate's variant
    /// depends on `--repeat-key`).
    pub variant: Option<&'static str>,
    pub title: &'static str,
    /// The value axis, without its unit.
    pub axis: &'static str,
    /// What the monthly denominator counts, for the thin-month legend.
    pub counted: &'static str,
}

pub(crate) const SPECS: [TrendSpec; 4] = [
    TrendSpec {
        name: "trend-change-failure",
        metric: "change.failure_rate",
        variant: Some("explicit"),
        title: "Change failure rate by month",
        axis: "Failed changes of completed changes",
        counted: "completed changes",
    },
    TrendSpec {
        name: "trend-repeat-rate",
        metric: "incident.repeat_rate",
        variant: None,
        title: "Repeat incident rate by month",
        axis: "Incidents repeating on their CI",
        counted: "incidents naming a CI",
    },
    TrendSpec {
        name: "trend-self-service",
        metric: "desk.self_service_share",
        variant: None,
        title: "Self-service share by month",
        axis: "Tickets raised through self-service",
        counted: "tickets",
    },
    TrendSpec {
        name: "trend-resolution-time",
        metric: "incident.mttr_hours",
        variant: Some("median"),
        title: "Median incident resolution time by month",
        axis: "Median time to resolve",
        counted: "resolved incidents",
    },
];

/// One month on the chart, in display units (percent or hours).
struct Month {
    label: String,
    value: Option<f64>,
    thin: bool,
}

/// A rubric level's stretch of the value axis, in display units.
struct Band {
    level: u8,
    low: f64,
    high: f64,
}

pub(crate) struct Trend {
    title: String,
    axis: String,
    percent: bool,
    months: Vec<Month>,
    bands: Vec<Band>,
    top: f64,
    min_sample: u64,
    counted: &'static str,
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 560;
/// Left of the plot: tick labels and the axis name.
const Y_LABEL_AREA: u32 = 90;
/// Right of the plot: the level band labels.
const RIGHT_MARGIN: u32 = 44;

impl Trend {
    pub(crate) fn from_input(input: &ChartInput<'_>, spec: &TrendSpec) -> Option<Trend> {
        let m: &MetricResult = match spec.variant {
            Some(v) => metric(input.metrics, spec.metric, Some(v))?,
            None => input
                .metrics
                .metrics
                .iter()
                .find(|m| m.id == spec.metric && m.is_ok())?,
        };
        let percent = match m.unit {
            Unit::Ratio => true,
            Unit::Hours => false,
            Unit::Count => return None,
        };
        let scale = if percent { 100.0 } else { 1.0 };
        let months: Vec<Month> = m
            .by_month
            .iter()
            .map(|p| Month {
                label: p.month.clone(),
                value: finite(p.value).map(|v| v * scale),
                thin: p.thin,
            })
            .collect();
        let max = months.iter().filter_map(|p| p.value).reduce(f64::max)?;
        let ind = indicator(input.rubric, &m.id, m.variant.as_deref());
        let thresholds: Vec<f64> = ind
            .map(|i| i.thresholds.iter().map(|t| t * scale).collect())
            .unwrap_or_default();
        // Show the band the data sits in and the boundary above it.
        let next_above = thresholds
            .iter()
            .copied()
            .filter(|t| *t > max)
            .reduce(f64::min);
        let wanted = (max * 1.1).max(next_above.map(|t| t * 1.05).unwrap_or(0.0));
        let mut top = nice_ceiling(wanted);
        if percent {
            top = top.min(100.0);
        }
        let bands = ind.map(|i| bands(i, scale, top)).unwrap_or_default();
        let variant = match (spec.variant, &m.variant) {
            (None, Some(v)) => format!(" ({v})"),
            _ => String::new(),
        };
        Some(Trend {
            title: format!("{}{variant}", spec.title),
            axis: format!("{} ({})", spec.axis, if percent { "%" } else { "hours" }),
            percent,
            months,
            bands,
            top,
            min_sample: input.metrics.parameters.min_sample,
            counted: spec.counted,
        })
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items = vec![LegendItem::new(Swatch::LineDot(BLUE), "Monthly value")];
        if self.months.iter().any(|m| m.thin && m.value.is_some()) {
            items.push(LegendItem::new(
                Swatch::Ring(BLUE),
                format!(
                    "Thin month (fewer than {} {})",
                    self.min_sample, self.counted
                ),
            ));
        }
        if !self.bands.is_empty() {
            items.push(LegendItem::new(
                Swatch::Block(BLUISH_GREEN.mix(0.25)),
                "Rubric maturity level (L1 to L5)",
            ));
        }
        items
    }

    fn tick(&self, v: f64) -> String {
        if self.percent {
            percent_label(v, self.top)
        } else {
            hours_label(v, self.top)
        }
    }
}

/// The stretch of each level, clipped to `0..top`; empty stretches are left out.
fn bands(ind: &Indicator, scale: f64, top: f64) -> Vec<Band> {
    let t: Vec<f64> = ind.thresholds.iter().map(|t| t * scale).collect();
    // Edges from the bottom of the axis up, and the level of each stretch.
    let (edges, levels): (Vec<f64>, Vec<u8>) = match ind.direction {
        Direction::Higher => (
            vec![0.0, t[0], t[1], t[2], t[3], f64::INFINITY],
            vec![1, 2, 3, 4, 5],
        ),
        Direction::Lower => (
            vec![0.0, t[3], t[2], t[1], t[0], f64::INFINITY],
            vec![5, 4, 3, 2, 1],
        ),
    };
    edges
        .windows(2)
        .zip(levels)
        .filter_map(|(w, level)| {
            let (low, high) = (w[0].max(0.0), w[1].min(top));
            (high > low).then_some(Band { level, low, high })
        })
        .collect()
}

/// Deeper green for higher levels.
fn band_colour(level: u8) -> RGBAColor {
    BLUISH_GREEN.mix(0.05 + 0.07 * f64::from(level.saturating_sub(1)))
}

impl Plot for Trend {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let area = frame(root, &self.title, &self.legend())?;
        let n = self.months.len();
        let label_style = text(layout::LABEL_SIZE, INK);
        let (label_width, _) = root.estimate_text_size("2024-00", &label_style)?;
        let plot_width = WIDTH - Y_LABEL_AREA - RIGHT_MARGIN - 20;
        let step = month_step(n, plot_width, label_width);
        let x_range = Ticked::new(-0.5..n as f64 - 0.5, month_ticks(n, step));
        let mut chart = ChartBuilder::on(&area)
            .margin_left(20)
            .margin_right(RIGHT_MARGIN)
            .margin_top(6)
            .margin_bottom(12)
            .x_label_area_size(56)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(x_range, 0.0..self.top)?;
        let names: Vec<String> = self.months.iter().map(|m| m.label.clone()).collect();
        let x_fmt = |x: &f64| axis::category_label(&names, *x);
        let y_fmt = |y: &f64| self.tick(*y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK)
            .label_style(label_style.clone())
            .axis_desc_style(text(layout::DESC_SIZE, INK))
            .x_desc("Month opened")
            .y_desc(self.axis.as_str())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .y_labels(8)
            .draw()?;

        let (x0, x1) = (-0.5, n as f64 - 0.5);
        chart.draw_series(
            self.bands.iter().map(|b| {
                Rectangle::new([(x0, b.low), (x1, b.high)], band_colour(b.level).filled())
            }),
        )?;
        // The thresholds themselves, where two bands meet.
        chart.draw_series(
            self.bands
                .iter()
                .skip(1)
                .map(|b| PathElement::new(vec![(x0, b.low), (x1, b.low)], BLUISH_GREEN.mix(0.6))),
        )?;
        // Level labels in the right margin, where the band is tall enough.
        let band_label = anchored(text(layout::NOTE_SIZE, MUTED), HPos::Left, VPos::Center);
        for b in &self.bands {
            let (px, low) = chart.backend_coord(&(x1, b.low));
            let (_, high) = chart.backend_coord(&(x1, b.high));
            if (low - high).abs() >= 16 {
                root.draw_text(
                    &format!("L{}", b.level),
                    &band_label,
                    (px + 8, (low + high) / 2),
                )?;
            }
        }

        // The line breaks where a month has no value, and is paler where
        // it reaches a thin month.
        for (i, pair) in self.months.windows(2).enumerate() {
            let (Some(a), Some(b)) = (pair[0].value, pair[1].value) else {
                continue;
            };
            let colour = if pair[0].thin || pair[1].thin {
                BLUE.mix(0.35)
            } else {
                BLUE.to_rgba()
            };
            chart.draw_series([PathElement::new(
                vec![(i as f64, a), (i as f64 + 1.0, b)],
                colour.stroke_width(2),
            )])?;
        }
        // Smaller points when months crowd.
        let r = match n {
            0..=24 => 5,
            25..=48 => 4,
            _ => 3,
        };
        for (i, m) in self.months.iter().enumerate() {
            let Some(v) = m.value else { continue };
            let at = (i as f64, v);
            if m.thin {
                chart.draw_series([Circle::new(at, r, WHITE.filled())])?;
                chart.draw_series([Circle::new(at, r, BLUE.stroke_width(2))])?;
            } else {
                chart.draw_series([Circle::new(at, r, BLUE.filled())])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;
    use crate::maturity::Rubric;

    fn trend(data: &fixtures::Data, name: &str) -> Option<Trend> {
        let spec = SPECS.iter().find(|s| s.name == name).unwrap();
        Trend::from_input(&data.input(), spec)
    }

    #[test]
    fn lower_is_better_bands_run_from_level_5_at_the_bottom() {
        let rubric = Rubric::default_rubric().unwrap();
        let ind = rubric
            .indicators
            .iter()
            .find(|i| i.metric == "change.failure_rate")
            .unwrap();
        let b = bands(ind, 100.0, 40.0);
        let got: Vec<(u8, f64, f64)> = b.iter().map(|b| (b.level, b.low, b.high)).collect();
        assert_eq!(
            got,
            [
                (5, 0.0, 5.0),
                (4, 5.0, 15.0),
                (3, 15.0, 30.0),
                (2, 30.0, 40.0)
            ]
        );
    }

    #[test]
    fn higher_is_better_bands_run_from_level_1_at_the_bottom() {
        let rubric = Rubric::default_rubric().unwrap();
        let ind = rubric
            .indicators
            .iter()
            .find(|i| i.metric == "desk.self_service_share")
            .unwrap();
        let b = bands(ind, 100.0, 100.0);
        let levels: Vec<u8> = b.iter().map(|b| b.level).collect();
        assert_eq!(levels, [1, 2, 3, 4, 5]);
        assert_eq!(b[4].high, 100.0);
    }

    #[test]
    fn axis_reaches_the_next_level_boundary_above_the_data() {
        let data = fixtures::full();
        let t = trend(&data, "trend-self-service").unwrap();
        assert!(t.percent);
        let max = t
            .months
            .iter()
            .filter_map(|m| m.value)
            .reduce(f64::max)
            .unwrap();
        assert!(t.top > max);
        assert!(t.top <= 100.0);
        assert!(!t.bands.is_empty());
    }

    #[test]
    fn resolution_time_is_in_hours_without_bands_when_the_rubric_has_none() {
        let data = fixtures::full();
        let t = trend(&data, "trend-resolution-time").unwrap();
        assert!(!t.percent);
        // The default rubric levels median/P2, not the overall median.
        assert!(t.bands.is_empty());
        assert!(t.axis.contains("hours"));
    }

    #[test]
    fn skipped_without_a_monthly_series() {
        let mut data = fixtures::full();
        for m in &mut data.metrics.metrics {
            if m.id == "incident.mttr_hours" || m.id == "change.failure_rate" {
                m.by_month.clear();
            }
            if m.id == "incident.repeat_rate" {
                for p in &mut m.by_month {
                    p.value = None;
                }
            }
        }
        assert!(trend(&data, "trend-resolution-time").is_none());
        assert!(trend(&data, "trend-change-failure").is_none());
        assert!(trend(&data, "trend-repeat-rate").is_none());
        assert!(trend(&data, "trend-self-service").is_some());
    }

    #[test]
    fn skipped_when_the_metric_is_not_evaluable() {
        let data = fixtures::empty();
        for spec in &SPECS {
            assert!(
                Trend::from_input(&data.input(), spec).is_none(),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn thin_months_get_a_legend_entry() {
        let data = fixtures::full();
        let t = trend(&data, "trend-change-failure").unwrap();
        let legend: Vec<String> = t.legend().into_iter().map(|l| l.label).collect();
        assert!(
            legend.iter().any(|l| l.starts_with("Thin month")),
            "{legend:?}"
        );
    }
}
