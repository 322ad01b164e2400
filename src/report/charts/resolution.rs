//! Resolution time by priority: for each priority P1..P5 that has resolved
//! incidents, the median and the 90th percentile of hours to resolve, side by
//! side.

use super::axis::{Ticked, hours_label, hours_value, nice_ceiling, thousands};
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, anchored, frame, text};
use super::palette::{BLUE, GRID, INK, ORANGE, WHITE};
use super::{ChartInput, finite, metric};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(crate) const NAME: &str = "resolution-by-priority";
const TITLE: &str = "Incident resolution time by priority";
const METRIC: &str = "incident.mttr_hours";
const PRIORITIES: [&str; 5] = ["P1", "P2", "P3", "P4", "P5"];

struct Group {
    priority: &'static str,
    median: Option<f64>,
    p90: Option<f64>,
    /// Resolved incidents the figures are over.
    n: Option<u64>,
}

pub(crate) struct ByPriority {
    groups: Vec<Group>,
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 560;
const BAR: f64 = 0.34;

impl ByPriority {
    pub(crate) fn from_input(input: &ChartInput<'_>) -> Option<ByPriority> {
        let groups: Vec<Group> = PRIORITIES
            .iter()
            .filter_map(|p| {
                let median = metric(input.metrics, METRIC, Some(&format!("median/{p}")));
                let p90 = metric(input.metrics, METRIC, Some(&format!("p90/{p}")));
                let group = Group {
                    priority: p,
                    median: median.and_then(|m| finite(m.value)),
                    p90: p90.and_then(|m| finite(m.value)),
                    n: median.or(p90).and_then(|m| m.denominator),
                };
                (group.median.is_some() || group.p90.is_some()).then_some(group)
            })
            .collect();
        (!groups.is_empty()).then_some(ByPriority { groups })
    }

    fn names(&self) -> Vec<String> {
        self.groups
            .iter()
            .map(|g| match g.n {
                Some(n) => format!("{} (n = {})", g.priority, thousands(n)),
                None => g.priority.to_string(),
            })
            .collect()
    }
}

impl Plot for ByPriority {
    fn title(&self) -> String {
        TITLE.to_string()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let legend = [
            LegendItem::new(Swatch::Block(BLUE.to_rgba()), "Median"),
            LegendItem::new(Swatch::Block(ORANGE.to_rgba()), "90th percentile"),
        ];
        let area = frame(root, TITLE, &legend)?;
        let k = self.groups.len();
        let max = self
            .groups
            .iter()
            .flat_map(|g| [g.median, g.p90])
            .flatten()
            .fold(0.0, f64::max);
        let top = nice_ceiling(max * 1.12);
        let names = self.names();
        let x_range = Ticked::categories(k, 4);
        let mut chart = ChartBuilder::on(&area)
            .margin_left(20)
            .margin_right(30)
            .margin_top(6)
            .margin_bottom(12)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(x_range, 0.0..top)?;
        let x_fmt = |x: &f64| super::axis::category_label(&names, *x);
        let y_fmt = |y: &f64| hours_label(*y, top);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK)
            .label_style(text(layout::LABEL_SIZE, INK))
            .axis_desc_style(text(layout::DESC_SIZE, INK))
            .x_desc("Priority (n = resolved incidents)")
            .y_desc("Time to resolve (hours)")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .y_labels(8)
            .draw()?;
        let value_style = anchored(text(layout::NOTE_SIZE, INK), HPos::Center, VPos::Bottom);
        for (i, g) in self.groups.iter().enumerate() {
            let x = i as f64;
            for (value, left, colour) in [(g.median, x - BAR, BLUE), (g.p90, x, ORANGE)] {
                let Some(v) = value else { continue };
                chart.draw_series([Rectangle::new(
                    [(left + 0.02, 0.0), (left + BAR - 0.02, v)],
                    colour.filled(),
                )])?;
                let (px, py) = chart.backend_coord(&(left + BAR / 2.0, v));
                root.draw_text(&hours_value(v), &value_style, (px, py - 3))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;
    use crate::metrics::{MetricResult, Unit};

    #[test]
    fn priorities_without_figures_are_left_out() {
        let data = fixtures::full();
        let r = ByPriority::from_input(&data.input()).unwrap();
        let got: Vec<&str> = r.groups.iter().map(|g| g.priority).collect();
        // P5 is not evaluable in the fixture.
        assert_eq!(got, ["P1", "P2", "P3", "P4"]);
        assert_eq!(r.groups[0].median, Some(3.5));
        assert_eq!(r.groups[0].p90, Some(9.0));
        assert_eq!(r.names()[0], "P1 (n = 50)");
    }

    #[test]
    fn skipped_when_no_priority_is_evaluable() {
        let mut data = fixtures::full();
        data.metrics
            .metrics
            .retain(|m| !(m.id == METRIC && m.variant.as_deref().is_some_and(|v| v.contains('/'))));
        data.metrics.metrics.push(MetricResult::not_evaluable(
            METRIC,
            Some("median/P1"),
            Unit::Hours,
            "no priority column",
        ));
        assert!(ByPriority::from_input(&data.input()).is_none());
    }
}
