//! Calibration: per calibration question, what leadership and practitioners
//! believe the figure is (mean estimate with its 95 % interval) against the
//! measured value (a diamond, its interval as a grey bar), out of 100.

use super::axis::Ticked;
use super::canvas::{DrawResult, Plot};
use super::layout::{LegendItem, Swatch, diamond_points, frame};
use super::palette::{BLACK, BLUE, GREY, ORANGE, WHITE};
use super::rows::{row_chart, row_y};
use super::{ChartInput, finite};
use crate::maturity::calibration::RoleEstimate;
use crate::maturity::wording::{capitalise, plain_name};
use plotters::coord::Shift;
use plotters::prelude::*;

pub(crate) const NAME: &str = "calibration";
const TITLE: &str = "What people believe the numbers are, against the data";

/// (mean, low, high) as percentages.
type Interval = (f64, Option<(f64, f64)>);

struct Row {
    label: String,
    measured: Option<Interval>,
    leadership: Option<Interval>,
    practitioner: Option<Interval>,
}

pub(crate) struct Calibration {
    rows: Vec<Row>,
}

const WIDTH: u32 = 1000;
const ROW_HEIGHT: u32 = 52;
const CHROME: u32 = 170;
const MIN_HEIGHT: u32 = 320;

fn pct(v: Option<f64>) -> Option<f64> {
    finite(v).map(|v| (v * 100.0).clamp(0.0, 100.0))
}

fn estimate(e: &RoleEstimate) -> Option<Interval> {
    let mean = pct(e.mean)?;
    Some((mean, pct(e.ci_low).zip(pct(e.ci_high))))
}

impl Calibration {
    pub(crate) fn from_input(input: &ChartInput<'_>) -> Option<Calibration> {
        let rows: Vec<Row> = input
            .assessment
            .calibration
            .iter()
            .map(|c| Row {
                label: capitalise(&plain_name(&c.metric, None)),
                measured: pct(c.measured)
                    .map(|m| (m, pct(c.measured_ci_low).zip(pct(c.measured_ci_high)))),
                leadership: estimate(&c.by_role.leadership),
                practitioner: estimate(&c.by_role.practitioner),
            })
            .filter(|r| r.leadership.is_some() || r.practitioner.is_some())
            .collect();
        (!rows.is_empty()).then_some(Calibration { rows })
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items = Vec::new();
        if self.rows.iter().any(|r| r.leadership.is_some()) {
            items.push(LegendItem::new(
                Swatch::LineDot(ORANGE),
                "Leadership's estimate (95 % interval)",
            ));
        }
        if self.rows.iter().any(|r| r.practitioner.is_some()) {
            items.push(LegendItem::new(
                Swatch::LineDot(BLUE),
                "Practitioners' estimate (95 % interval)",
            ));
        }
        if self.rows.iter().any(|r| r.measured.is_some()) {
            items.push(LegendItem::new(Swatch::Diamond(BLACK), "Measured"));
            items.push(LegendItem::new(
                Swatch::Range(GREY.mix(0.45)),
                "Measured 95 % interval",
            ));
        }
        items
    }
}

impl Plot for Calibration {
    fn title(&self) -> String {
        TITLE.to_string()
    }

    fn size(&self) -> (u32, u32) {
        (
            WIDTH,
            (CHROME + ROW_HEIGHT * self.rows.len() as u32).max(MIN_HEIGHT),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let area = frame(root, TITLE, &self.legend())?;
        let n = self.rows.len();
        let labels: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        let ticks: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
        let mut chart = row_chart(
            root,
            &area,
            &labels,
            Ticked::new(-2.0..102.0, ticks),
            "Out of 100",
        )?;
        for (i, r) in self.rows.iter().enumerate() {
            let y = row_y(i, n);
            if let Some((m, ci)) = r.measured {
                if let Some((lo, hi)) = ci {
                    let (lo, hi) = if hi - lo < 0.6 {
                        (lo - 0.3, hi + 0.3)
                    } else {
                        (lo, hi)
                    };
                    chart.draw_series([Rectangle::new(
                        [(lo, y - 0.12), (hi, y + 0.12)],
                        GREY.mix(0.45).filled(),
                    )])?;
                }
                chart.draw_series([
                    EmptyElement::at((m, y)) + Polygon::new(diamond_points(9), BLACK.filled())
                ])?;
            }
            for (e, colour, dy) in [(r.leadership, ORANGE, 0.26), (r.practitioner, BLUE, -0.26)] {
                let Some((mean, ci)) = e else { continue };
                if let Some((lo, hi)) = ci {
                    chart.draw_series([PathElement::new(
                        vec![(lo, y + dy), (hi, y + dy)],
                        colour.stroke_width(3),
                    )])?;
                }
                chart.draw_series([Circle::new((mean, y + dy), 6, colour.filled())])?;
                chart.draw_series([Circle::new((mean, y + dy), 6, WHITE.stroke_width(1))])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn one_row_per_question_with_estimates() {
        let data = fixtures::full();
        let c = Calibration::from_input(&data.input()).unwrap();
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[0].label, "Failed changes");
        let (lead, ci) = c.rows[0].leadership.unwrap();
        assert!((lead - 5.8).abs() < 1e-9);
        assert!(ci.is_some());
        assert!(c.rows[0].measured.is_some());
        assert_eq!(c.legend().len(), 4);
    }

    #[test]
    fn skipped_without_estimates() {
        assert!(Calibration::from_input(&fixtures::empty().input()).is_none());
    }
}
