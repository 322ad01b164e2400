//! Slope chart of two assessments: each discipline's evidence level before
//! (left) and after (right), joined by a line, on the 1-5 scale.

use super::axis::shorten;
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, anchored, frame, text};
use super::palette::{BLUE, GRID, INK, WHITE, series};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(crate) const NAME: &str = "compare-slope";
const TITLE: &str = "Evidence level per discipline, before and after";
const WIDTH: u32 = 900;
const HEIGHT: u32 = 620;

/// (discipline, level before, level after); a discipline needs both.
pub(crate) struct Slope {
    lines: Vec<(String, f64, f64)>,
}

impl Slope {
    pub(crate) fn new(levels: &[(String, Option<f64>, Option<f64>)]) -> Option<Slope> {
        let lines: Vec<(String, f64, f64)> = levels
            .iter()
            .filter_map(|(d, b, a)| Some((d.clone(), (*b)?, (*a)?)))
            .filter(|(_, b, a)| b.is_finite() && a.is_finite())
            .collect();
        (!lines.is_empty()).then_some(Slope { lines })
    }
}

impl Plot for Slope {
    fn title(&self) -> String {
        TITLE.to_string()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let legend = [LegendItem::new(
            Swatch::LineDot(BLUE),
            "Evidence level (1-5)",
        )];
        let area = frame(root, TITLE, &legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin_left(260)
            .margin_right(230)
            .margin_top(10)
            .margin_bottom(10)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(-0.05..1.05, 1.0..5.0)?;
        let x_fmt = |x: &f64| {
            if *x < 0.5 {
                "Before".to_string()
            } else {
                "After".to_string()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK)
            .label_style(text(layout::LABEL_SIZE, INK))
            .x_labels(2)
            .x_label_formatter(&x_fmt)
            .y_labels(5)
            .draw()?;
        let left = anchored(text(layout::NOTE_SIZE, INK), HPos::Right, VPos::Center);
        let right = anchored(text(layout::NOTE_SIZE, INK), HPos::Left, VPos::Center);
        let mut left_labels = Vec::new();
        let mut right_labels = Vec::new();
        for (i, (name, before, after)) in self.lines.iter().enumerate() {
            let colour = series(i);
            chart.draw_series(LineSeries::new(
                [(0.0, *before), (1.0, *after)],
                colour.stroke_width(3),
            ))?;
            chart.draw_series(
                [(0.0, *before), (1.0, *after)].map(|p| Circle::new(p, 5, colour.filled())),
            )?;
            let (lx, ly) = chart.backend_coord(&(0.0, *before));
            left_labels.push((ly, lx, format!("{} {before:.1}", shorten(name, 26))));
            let (rx, ry) = chart.backend_coord(&(1.0, *after));
            right_labels.push((ry, rx, format!("{after:.1} {}", shorten(name, 26))));
        }
        // Past the axis's tick labels on the left; labels at one level stack.
        for (y, x, label) in dodge(left_labels) {
            root.draw_text(&label, &left, (x - 48, y))?;
        }
        for (y, x, label) in dodge(right_labels) {
            root.draw_text(&label, &right, (x + 10, y))?;
        }
        Ok(())
    }
}

/// Labels (y, x, text) moved down where needed so that none sits closer
/// than a line to the one above it.
fn dodge(mut labels: Vec<(i32, i32, String)>) -> Vec<(i32, i32, String)> {
    const LINE: i32 = 15;
    labels.sort_by_key(|l| l.0);
    let mut last: Option<i32> = None;
    for label in &mut labels {
        if let Some(above) = last {
            label.0 = label.0.max(above + LINE);
        }
        last = Some(label.0);
    }
    labels
}
