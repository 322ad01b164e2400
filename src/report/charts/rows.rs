//! What the charts of labelled rows share (the maturity gap, calibration):
//! one row per label, top row first, over a continuous x axis with its grid.

use super::axis::{Ticked, category_label};
use super::canvas::DrawResult;
use super::layout::{self, text};
use super::palette::{GRID, INK, WHITE};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The chart of a row chart: x the value, y the row (row i at `n - 1 - i`).
pub(crate) type RowChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// Builds the chart and draws its mesh: the labels on the left, the x axis
/// with whole-number ticks and `x_desc` below.
pub(crate) fn row_chart<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &'a DrawingArea<DB, Shift>,
    labels: &[String],
    x: Ticked,
    x_desc: &str,
) -> DrawResult<RowChart<'a, DB>, DB> {
    let label_style = text(layout::LABEL_SIZE, INK);
    let mut widest = 0;
    for l in labels {
        widest = widest.max(root.estimate_text_size(l, &label_style)?.0);
    }
    let names: Vec<String> = labels.iter().rev().cloned().collect();
    let mut chart = ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(30)
        .margin_bottom(24)
        .x_label_area_size(54)
        .y_label_area_size(widest + 24)
        .build_cartesian_2d(x, Ticked::categories(labels.len(), 1))?;
    let y_fmt = |y: &f64| category_label(&names, *y);
    let x_fmt = |x: &f64| format!("{x:.0}");
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .light_line_style(WHITE.mix(0.0))
        .axis_style(INK)
        .label_style(label_style)
        .axis_desc_style(text(layout::DESC_SIZE, INK))
        .x_desc(x_desc)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    Ok(chart)
}

/// The y position of row `i` of `n`, the first at the top.
pub(crate) fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}
