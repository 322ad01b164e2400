//! Funnel plots of a rate per team: each team a point at its n and rate,
//! the organisation's rate as a line, and the 99.8 % limits as curves that
//! narrow as n grows. A team outside them is named on the chart; teams
//! below the minimum sample are drawn hollow and never judged.

use super::axis::{nice_ceiling, percent_label, shorten, thousands};
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, anchored, footnote, frame, text};
use super::palette::{BLUE, GREY, GRID, INK, MUTED, VERMILLION, WHITE};
use super::{ChartInput, finite, metric};
use crate::metrics::groups::funnel::{Outlier, limits};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One funnel chart: its file stem, the rate and its title.
pub(crate) struct Spec {
    pub name: &'static str,
    pub id: &'static str,
    pub variant: Option<&'static str>,
    pub title: &'static str,
}

pub(crate) const SPECS: [Spec; 4] = [
    Spec {
        name: "funnel-reopen",
        id: "incident.reopen_rate",
        variant: None,
        title: "Reopen rate per team",
    },
    Spec {
        name: "funnel-reassignment",
        id: "incident.reassignment_rate",
        variant: None,
        title: "Reassignment (ping-pong) rate per team",
    },
    Spec {
        name: "funnel-sla",
        id: "sla.attainment",
        variant: None,
        title: "SLA attainment per team",
    },
    Spec {
        name: "funnel-change-failure",
        id: "change.failure_rate",
        variant: Some("explicit"),
        title: "Change failure rate (explicit) per change team",
    },
];

struct Point {
    team: String,
    n: u64,
    rate: f64,
    outlier: Option<Outlier>,
    thin: bool,
}

pub(crate) struct Funnel {
    title: &'static str,
    overall: f64,
    points: Vec<Point>,
}

/// (n, rate in percent) along a limit.
type Curve = Vec<(f64, f64)>;

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 600;
/// Points on each limit curve.
const STEPS: u64 = 160;

impl Funnel {
    pub(crate) fn from_input(input: &ChartInput<'_>, spec: &Spec) -> Option<Funnel> {
        let overall = finite(metric(input.metrics, spec.id, spec.variant)?.value)?;
        let points: Vec<Point> = input
            .metrics
            .groups
            .as_deref()?
            .iter()
            .filter_map(|g| {
                let m = g
                    .metrics
                    .iter()
                    .find(|m| m.id == spec.id && m.variant.as_deref() == spec.variant)?;
                Some(Point {
                    team: g.group.clone().unwrap_or_else(|| "(no team)".into()),
                    n: m.denominator,
                    rate: finite(m.value)?,
                    outlier: m.outlier,
                    thin: m.below_min_sample,
                })
            })
            .collect();
        // A funnel needs teams to compare.
        (points.len() >= 2).then_some(Funnel {
            title: spec.title,
            overall,
            points,
        })
    }

    /// The limits as curves: (n, low rate) and (n, high rate), where defined.
    fn curves(&self, max_n: u64) -> (Curve, Curve) {
        let mut low = Vec::new();
        let mut high = Vec::new();
        let first = 5u64.min(max_n);
        for i in 0..=STEPS {
            // Denser at small n, where the limits move fastest.
            let t = i as f64 / STEPS as f64;
            let n = (first as f64 * (max_n as f64 / first as f64).powf(t)).round() as u64;
            let (lo, hi) = limits(n.max(1), self.overall);
            if let Some(lo) = lo {
                low.push((n as f64, lo * 100.0));
            }
            if let Some(hi) = hi {
                high.push((n as f64, hi * 100.0));
            }
        }
        (low, high)
    }
}

impl Plot for Funnel {
    fn title(&self) -> String {
        self.title.to_string()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let legend = [
            LegendItem::new(Swatch::Dot(GREY), "Team within the limits"),
            LegendItem::new(Swatch::Dot(VERMILLION), "Above the limits"),
            LegendItem::new(Swatch::Dot(BLUE), "Below the limits"),
            LegendItem::new(Swatch::Ring(GREY), "Below the minimum sample"),
            LegendItem::new(Swatch::LineDot(INK), "Organisation"),
        ];
        let area = frame(root, self.title, &legend)?;
        let max_n = self.points.iter().map(|p| p.n).max().unwrap_or(1).max(10);
        // The limits of the smallest team bound the axis, not those of n = 5.
        let smallest = self.points.iter().map(|p| p.n).min().unwrap_or(1);
        let x_top = nice_ceiling(max_n as f64 * 1.05);
        let (low, high) = self.curves(x_top as u64);
        let y_max = self
            .points
            .iter()
            .map(|p| p.rate * 100.0)
            .chain(
                high.iter()
                    .filter(|(n, _)| *n >= smallest as f64)
                    .map(|(_, r)| *r),
            )
            .fold(self.overall * 100.0, f64::max)
            .min(100.0);
        let y_top = nice_ceiling(y_max * 1.08).min(100.0);
        let mut chart = ChartBuilder::on(&area)
            .margin_left(20)
            .margin_right(30)
            .margin_top(6)
            .margin_bottom(30)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..x_top, 0.0..y_top)?;
        let y_fmt = |y: &f64| percent_label(*y, y_top);
        let x_fmt = |x: &f64| thousands(x.round() as u64);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK)
            .label_style(text(layout::LABEL_SIZE, INK))
            .axis_desc_style(text(layout::DESC_SIZE, INK))
            .x_desc("Team size: n in the rate's denominator")
            .y_desc("Rate")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        let clip = |v: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
            v.into_iter().map(|(n, r)| (n, r.min(y_top))).collect()
        };
        let limit_style = ShapeStyle::from(MUTED).stroke_width(2);
        chart.draw_series(LineSeries::new(clip(high), limit_style))?;
        chart.draw_series(LineSeries::new(clip(low), limit_style))?;
        chart.draw_series(LineSeries::new(
            [(0.0, self.overall * 100.0), (x_top, self.overall * 100.0)],
            ShapeStyle::from(INK).stroke_width(2),
        ))?;
        let label_style = anchored(text(layout::NOTE_SIZE, INK), HPos::Left, VPos::Center);
        for p in &self.points {
            let at = (p.n as f64, (p.rate * 100.0).min(y_top));
            let colour = match p.outlier {
                Some(Outlier::High) => VERMILLION,
                Some(Outlier::Low) => BLUE,
                None => GREY,
            };
            if p.thin {
                chart.draw_series([Circle::new(at, 5, colour.stroke_width(2))])?;
            } else {
                chart.draw_series([Circle::new(at, 6, colour.filled())])?;
            }
            if p.outlier.is_some() {
                let (px, py) = chart.backend_coord(&at);
                root.draw_text(&shorten(&p.team, 28), &label_style, (px + 9, py))?;
            }
        }
        footnote(
            root,
            &format!(
                "Curves: 99.8 % limits (exact binomial) around the organisation's {:.1} %; {} teams.",
                self.overall * 100.0,
                self.points.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_bracket_the_organisation_and_narrow() {
        let f = Funnel {
            title: "t",
            overall: 0.1,
            points: Vec::new(),
        };
        let (low, high) = f.curves(5000);
        assert!(!low.is_empty() && !high.is_empty());
        assert!(high.iter().all(|(_, r)| *r > 10.0));
        assert!(low.iter().all(|(_, r)| *r < 10.0));
        let (first, last) = (high[0].1, high[high.len() - 1].1);
        assert!(first > last, "{first} {last}");
    }
}
