//! From a chart's drawing code to files: each chart draws once per backend,
//! into an SVG string and into a PNG file, and plotters' errors become the
//! crate's.

use super::font;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// What plotters' drawing calls return on a backend.
pub(crate) type DrawResult<T, DB> =
    std::result::Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart ready to draw: its data is gathered and checked.
pub(crate) trait Plot {
    /// The title drawn on the chart.
    fn title(&self) -> String;
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the whole chart on `root`, which covers the canvas.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB>;
}

fn chart_error(name: &str, what: &str, e: impl std::fmt::Display) -> Error {
    Error::Chart {
        name: name.to_string(),
        message: format!("{what}: {e}"),
    }
}

/// The chart as an SVG document.
pub(crate) fn to_svg<P: Plot>(name: &str, plot: &P) -> Result<String> {
    font::ensure_registered()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, plot.size()).into_drawing_area();
        plot.draw(&root)
            .map_err(|e| chart_error(name, "drawing the SVG", e))?;
        root.present()
            .map_err(|e| chart_error(name, "finishing the SVG", e))?;
    }
    Ok(out)
}

/// Draws the chart into a PNG file at `path`.
pub(crate) fn to_png<P: Plot>(name: &str, plot: &P, path: &Path) -> Result<()> {
    font::ensure_registered()?;
    let root = BitMapBackend::new(path, plot.size()).into_drawing_area();
    plot.draw(&root)
        .map_err(|e| chart_error(name, "drawing the PNG", e))?;
    root.present()
        .map_err(|e| chart_error(name, &format!("writing {}", path.display()), e))
}
