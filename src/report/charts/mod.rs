//! Evidence charts: the maturity gap, calibration, monthly trends against the rubric's
//! level bands, repeat incidents by CI, the channel mix and resolution time by
//! priority, and funnel plots of rates per team. Each chart is drawn with plotters into an SVG string and a PNG
//! file, with the embedded DejaVu Sans font, in the colour-blind-safe
//! Okabe–Ito palette. A chart whose data is missing is left out, never drawn
//! empty.

mod axis;
mod calibration;
mod canvas;
mod channel_mix;
mod dumbbell;
mod font;
mod funnel;
mod layout;
mod palette;
mod pareto;
mod resolution;
mod rows;
mod slope;
mod trend;

#[cfg(test)]
mod fixtures;

use crate::error::{Error, Result};
use crate::maturity::rubric::Indicator;
use crate::maturity::{Assessment, Rubric};
use crate::metrics::{MetricResult, MetricsReport};
use canvas::{DrawResult, Plot};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use rayon::prelude::*;
use std::path::Path;

/// What the charts are drawn from.
pub struct ChartInput<'a> {
    pub metrics: &'a MetricsReport,
    pub assessment: &'a Assessment,
    pub rubric: &'a Rubric,
    /// (CI name, repeat incidents on it), any order; the chart takes the top 15.
    pub repeats_by_ci: &'a [(String, u64)],
}

/// One rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem, e.g. "maturity-gap".
    pub name: String,
    pub title: String,
    pub svg: String,
    /// The time drawing it took (SVG and PNG), for `--timings`.
    pub took: std::time::Duration,
}

/// Renders every chart the data allows, writing DIR/NAME.svg and DIR/NAME.png
/// for each; returns them in report order. A chart whose data is missing (e.g.
/// no monthly series) is skipped, never drawn empty.
pub fn render_all(input: &ChartInput<'_>, dir: &Path) -> Result<Vec<Chart>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Charts are drawn in parallel; the order of the list is kept.
    plots(input)
        .into_par_iter()
        .map(|(name, plot)| {
            let start = std::time::Instant::now();
            let svg = canvas::to_svg(&name, &plot)?;
            let svg_path = dir.join(format!("{name}.svg"));
            std::fs::write(&svg_path, &svg).map_err(|e| Error::io(&svg_path, e))?;
            canvas::to_png(&name, &plot, &dir.join(format!("{name}.png")))?;
            Ok(Chart {
                name,
                title: plot.title(),
                svg,
                took: start.elapsed(),
            })
        })
        .collect()
}

/// The slope chart of `compare` (discipline, level before, level after),
/// written as DIR/compare-slope.svg and .png; none when no discipline has
/// both levels.
pub fn render_slope(
    levels: &[(String, Option<f64>, Option<f64>)],
    dir: &Path,
) -> Result<Option<Chart>> {
    let start = std::time::Instant::now();
    let Some(plot) = slope::Slope::new(levels) else {
        return Ok(None);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let svg = canvas::to_svg(slope::NAME, &plot)?;
    let svg_path = dir.join(format!("{}.svg", slope::NAME));
    std::fs::write(&svg_path, &svg).map_err(|e| Error::io(&svg_path, e))?;
    canvas::to_png(
        slope::NAME,
        &plot,
        &dir.join(format!("{}.png", slope::NAME)),
    )?;
    Ok(Some(Chart {
        name: slope::NAME.to_string(),
        title: plot.title(),
        svg,
        took: start.elapsed(),
    }))
}

/// Every chart the data allows, in report order, with its file stem.
fn plots(input: &ChartInput<'_>) -> Vec<(String, AnyPlot)> {
    let mut out = Vec::new();
    if let Some(p) = dumbbell::MaturityGap::from_input(input) {
        out.push((dumbbell::NAME.to_string(), AnyPlot::Gap(p)));
    }
    if let Some(p) = calibration::Calibration::from_input(input) {
        out.push((calibration::NAME.to_string(), AnyPlot::Calibration(p)));
    }
    for spec in &trend::SPECS {
        if let Some(p) = trend::Trend::from_input(input, spec) {
            out.push((spec.name.to_string(), AnyPlot::Trend(p)));
        }
    }
    if let Some(p) = pareto::Pareto::from_input(input) {
        out.push((pareto::NAME.to_string(), AnyPlot::Pareto(p)));
    }
    if let Some(p) = channel_mix::ChannelMix::from_input(input) {
        out.push((channel_mix::NAME.to_string(), AnyPlot::Mix(p)));
    }
    if let Some(p) = resolution::ByPriority::from_input(input) {
        out.push((resolution::NAME.to_string(), AnyPlot::Resolution(p)));
    }
    for spec in &funnel::SPECS {
        if let Some(p) = funnel::Funnel::from_input(input, spec) {
            out.push((spec.name.to_string(), AnyPlot::Funnel(p)));
        }
    }
    out
}

/// The charts as one type, so that one loop renders them all.
enum AnyPlot {
    Gap(dumbbell::MaturityGap),
    Calibration(calibration::Calibration),
    Trend(trend::Trend),
    Pareto(pareto::Pareto),
    Mix(channel_mix::ChannelMix),
    Resolution(resolution::ByPriority),
    Funnel(funnel::Funnel),
}

impl Plot for AnyPlot {
    fn title(&self) -> String {
        match self {
            AnyPlot::Gap(p) => p.title(),
            AnyPlot::Calibration(p) => p.title(),
            AnyPlot::Trend(p) => p.title(),
            AnyPlot::Pareto(p) => p.title(),
            AnyPlot::Mix(p) => p.title(),
            AnyPlot::Resolution(p) => p.title(),
            AnyPlot::Funnel(p) => p.title(),
        }
    }

    fn size(&self) -> (u32, u32) {
        match self {
            AnyPlot::Gap(p) => p.size(),
            AnyPlot::Calibration(p) => p.size(),
            AnyPlot::Trend(p) => p.size(),
            AnyPlot::Pareto(p) => p.size(),
            AnyPlot::Mix(p) => p.size(),
            AnyPlot::Resolution(p) => p.size(),
            AnyPlot::Funnel(p) => p.size(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        match self {
            AnyPlot::Gap(p) => p.draw(root),
            AnyPlot::Calibration(p) => p.draw(root),
            AnyPlot::Trend(p) => p.draw(root),
            AnyPlot::Pareto(p) => p.draw(root),
            AnyPlot::Mix(p) => p.draw(root),
            AnyPlot::Resolution(p) => p.draw(root),
            AnyPlot::Funnel(p) => p.draw(root),
        }
    }
}

/// The evaluable result of metric `id` with `variant`.
fn metric<'a>(
    report: &'a MetricsReport,
    id: &str,
    variant: Option<&str>,
) -> Option<&'a MetricResult> {
    report
        .metrics
        .iter()
        .find(|m| m.id == id && m.variant.as_deref() == variant && m.is_ok())
}

/// The rubric's indicator for a metric and variant, if it levels that metric.
fn indicator<'a>(rubric: &'a Rubric, id: &str, variant: Option<&str>) -> Option<&'a Indicator> {
    rubric
        .indicators
        .iter()
        .find(|i| i.metric == id && i.variant.as_deref() == variant)
}

/// A finite number, or nothing.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::fixtures;
    use super::*;

    fn check_svg(chart: &Chart) {
        let svg = chart.svg.trim();
        assert!(svg.starts_with("<svg"), "{}: {}", chart.name, &svg[..40]);
        assert!(svg.ends_with("</svg>"), "{}", chart.name);
        assert!(
            chart.svg.contains(&chart.title),
            "{}: title `{}` missing",
            chart.name,
            chart.title
        );
        assert!(chart.svg.len() > 2000, "{} is nearly empty", chart.name);
    }

    fn check_png(path: &Path) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{}",
            path.display()
        );
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder
            .read_info()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader
            .next_frame(&mut buf)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            info.width >= 600 && info.height >= 300,
            "{}",
            path.display()
        );
        // Not a blank canvas: some pixels are neither white nor one colour.
        let distinct: std::collections::BTreeSet<&[u8]> = buf.chunks(3).collect();
        assert!(distinct.len() > 20, "{} looks blank", path.display());
    }

    #[test]
    fn every_chart_renders_svg_and_png() {
        let data = fixtures::full();
        let dir = tempfile::tempdir().unwrap();
        let charts = render_all(&data.input(), dir.path()).unwrap();
        let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "maturity-gap",
                "calibration",
                "trend-change-failure",
                "trend-repeat-rate",
                "trend-self-service",
                "trend-resolution-time",
                "repeats-by-ci",
                "channel-mix",
                "resolution-by-priority",
            ]
        );
        for chart in &charts {
            check_svg(chart);
            let on_disk =
                std::fs::read_to_string(dir.path().join(format!("{}.svg", chart.name))).unwrap();
            assert_eq!(on_disk, chart.svg);
            check_png(&dir.path().join(format!("{}.png", chart.name)));
        }
    }

    #[test]
    fn same_input_same_svg() {
        let data = fixtures::full();
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let first = render_all(&data.input(), a.path()).unwrap();
        let second = render_all(&data.input(), b.path()).unwrap();
        // The drawing time differs from run to run; everything drawn may not.
        let drawn = |charts: &[Chart]| -> Vec<(String, String, String)> {
            charts
                .iter()
                .map(|c| (c.name.clone(), c.title.clone(), c.svg.clone()))
                .collect()
        };
        assert_eq!(drawn(&first), drawn(&second));
    }

    #[test]
    fn nothing_to_draw_gives_no_charts_and_no_files() {
        let data = fixtures::empty();
        let dir = tempfile::tempdir().unwrap();
        let charts = render_all(&data.input(), dir.path()).unwrap();
        assert!(charts.is_empty(), "{:?}", charts.iter().map(|c| &c.name));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// Writes the full fixture's charts to `$ITSM_CHARTS_REVIEW` for a look:
    /// `ITSM_CHARTS_REVIEW=/tmp/charts cargo test --lib charts -- --ignored`.
    #[test]
    #[ignore = "writes charts for review when ITSM_CHARTS_REVIEW is set"]
    fn write_fixture_charts_for_review() {
        if let Some(dir) = std::env::var_os("ITSM_CHARTS_REVIEW") {
            render_all(&fixtures::full().input(), Path::new(&dir)).unwrap();
        }
    }

    #[test]
    fn an_unwritable_folder_is_an_error_not_a_panic() {
        let data = fixtures::full();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        assert!(render_all(&data.input(), &file).is_err());
    }
}
