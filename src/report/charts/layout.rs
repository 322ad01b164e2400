//! What every chart shares: text sizes, the white canvas with the title on
//! top, and a legend row under the title, outside the plot so it never covers
//! data.

use super::canvas::DrawResult;
use super::font::FAMILY;
use super::palette::{INK, MUTED, WHITE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(crate) const TITLE_SIZE: f64 = 22.0;
pub(crate) const LABEL_SIZE: f64 = 15.0;
pub(crate) const DESC_SIZE: f64 = 16.0;
pub(crate) const LEGEND_SIZE: f64 = 14.0;
pub(crate) const NOTE_SIZE: f64 = 13.0;

/// Plain text in the chart font.
pub(crate) fn text(size: f64, color: RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((FAMILY, size).into_font());
    style.color = color.to_backend_color();
    style
}

/// Bold text in the chart font.
pub(crate) fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((FAMILY, size, FontStyle::Bold).into_font());
    style.color = color.to_backend_color();
    style
}

/// Text anchored at `h`, `v` of its box.
pub(crate) fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled dot.
    Dot(RGBColor),
    /// A white dot with a coloured ring.
    Ring(RGBColor),
    /// A filled diamond.
    Diamond(RGBColor),
    /// A filled square (bars).
    Block(RGBAColor),
    /// A short line with a dot on it.
    LineDot(RGBColor),
    /// A wide horizontal bar (a range).
    Range(RGBAColor),
}

#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendItem {
    pub(crate) fn new(swatch: Swatch, label: impl Into<String>) -> Self {
        LegendItem {
            swatch,
            label: label.into(),
        }
    }
}

const SWATCH_WIDTH: i32 = 24;
const SWATCH_GAP: i32 = 6;
const ITEM_GAP: i32 = 26;
const ROW_HEIGHT: i32 = 24;
const TITLE_TOP: i32 = 14;

/// The filled diamond marker, centred on the element's anchor.
pub(crate) fn diamond_points(r: i32) -> Vec<(i32, i32)> {
    vec![(0, -r), (r, 0), (0, r), (-r, 0)]
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    (x, y): (i32, i32),
) -> DrawResult<(), DB> {
    let mid = x + SWATCH_WIDTH / 2;
    match swatch {
        Swatch::Dot(c) => area.draw(&Circle::new((mid, y), 5, c.filled())),
        Swatch::Ring(c) => {
            area.draw(&Circle::new((mid, y), 5, WHITE.filled()))?;
            area.draw(&Circle::new((mid, y), 5, c.stroke_width(2)))
        }
        Swatch::Diamond(c) => area.draw(&Polygon::new(
            diamond_points(6)
                .into_iter()
                .map(|(dx, dy)| (mid + dx, y + dy))
                .collect::<Vec<_>>(),
            c.filled(),
        )),
        Swatch::Block(c) => area.draw(&Rectangle::new(
            [(x + 4, y - 8), (x + SWATCH_WIDTH - 4, y + 8)],
            c.filled(),
        )),
        Swatch::LineDot(c) => {
            area.draw(&PathElement::new(
                vec![(x, y), (x + SWATCH_WIDTH, y)],
                c.stroke_width(2),
            ))?;
            area.draw(&Circle::new((mid, y), 4, c.filled()))
        }
        Swatch::Range(c) => area.draw(&Rectangle::new(
            [(x, y - 5), (x + SWATCH_WIDTH, y + 5)],
            c.filled(),
        )),
    }
}

/// Lays the legend out in centred rows under the title; returns its height.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    top: i32,
) -> DrawResult<i32, DB> {
    let (width, _) = area.dim_in_pixel();
    let usable = width as i32 - 40;
    let style = text(LEGEND_SIZE, INK);
    let mut rows: Vec<Vec<(&LegendItem, i32)>> = vec![Vec::new()];
    let mut row_width = 0;
    for item in items {
        let (tw, _) = area.estimate_text_size(&item.label, &style)?;
        let w = SWATCH_WIDTH + SWATCH_GAP + tw as i32;
        let extra = if row_width == 0 { w } else { ITEM_GAP + w };
        if row_width > 0 && row_width + extra > usable {
            rows.push(Vec::new());
            row_width = w;
        } else {
            row_width += extra;
        }
        if let Some(row) = rows.last_mut() {
            row.push((item, w));
        }
    }
    let label_style = anchored(style, HPos::Left, VPos::Center);
    for (r, row) in rows.iter().enumerate() {
        let total: i32 =
            row.iter().map(|(_, w)| w).sum::<i32>() + ITEM_GAP * (row.len() as i32 - 1).max(0);
        let mut x = (width as i32 - total) / 2;
        let y = top + ROW_HEIGHT * r as i32 + ROW_HEIGHT / 2;
        for (item, w) in row {
            draw_swatch(area, item.swatch, (x, y))?;
            area.draw_text(
                &item.label,
                &label_style,
                (x + SWATCH_WIDTH + SWATCH_GAP, y),
            )?;
            x += w + ITEM_GAP;
        }
    }
    Ok(ROW_HEIGHT * rows.len() as i32)
}

/// Paints the canvas white, draws the title and the legend; returns the area
/// left for the plot.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[LegendItem],
) -> DrawResult<DrawingArea<DB, Shift>, DB> {
    root.fill(&WHITE)?;
    let (width, _) = root.dim_in_pixel();
    let title_style = anchored(bold(TITLE_SIZE, INK), HPos::Center, VPos::Top);
    root.draw_text(title, &title_style, (width as i32 / 2, TITLE_TOP))?;
    let mut top = TITLE_TOP + TITLE_SIZE as i32 + 12;
    if !legend.is_empty() {
        top += draw_legend(root, legend, top)? + 4;
    }
    let (_, rest) = root.split_vertically(top);
    Ok(rest)
}

/// A note in small grey type at the bottom left of the canvas.
pub(crate) fn footnote<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    note: &str,
) -> DrawResult<(), DB> {
    let (_, height) = root.dim_in_pixel();
    let style = anchored(text(NOTE_SIZE, MUTED), HPos::Left, VPos::Bottom);
    root.draw_text(note, &style, (12, height as i32 - 8))
}
