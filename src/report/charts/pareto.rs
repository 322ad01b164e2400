//! Repeat incidents by configuration item as a Pareto chart: bars for the 15
//! CIs with the most repeats, and the cumulative share of all repeats on a
//! secondary percent axis.

use super::ChartInput;
use super::axis::{Ticked, count_ticks, shorten_all, slots, thousands};
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, anchored, frame, text};
use super::palette::{BLUE, GRID, INK, VERMILLION, WHITE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(crate) const NAME: &str = "repeats-by-ci";
/// Bars shown.
pub(crate) const TOP: usize = 15;
/// Longest CI name shown, in characters, ellipsis included.
const NAME_CHARS: usize = 30;

pub(crate) struct Pareto {
    /// (shortened name, repeats), most first.
    bars: Vec<(String, u64)>,
    /// Cumulative share of all repeats up to each bar, in percent.
    cumulative: Vec<f64>,
    total: u64,
    cis: usize,
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 700;

impl Pareto {
    pub(crate) fn from_input(input: &ChartInput<'_>) -> Option<Pareto> {
        let mut all: Vec<&(String, u64)> =
            input.repeats_by_ci.iter().filter(|(_, n)| *n > 0).collect();
        let total = all.iter().fold(0u64, |sum, (_, n)| sum.saturating_add(*n));
        if total == 0 {
            return None;
        }
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let cis = all.len();
        let top: Vec<&(String, u64)> = all.iter().take(TOP).copied().collect();
        let names: Vec<String> = top.iter().map(|(name, _)| name.clone()).collect();
        let bars: Vec<(String, u64)> = shorten_all(&names, NAME_CHARS)
            .into_iter()
            .zip(top.iter().map(|(_, n)| *n))
            .collect();
        let cumulative = bars
            .iter()
            .scan(0u64, |sum, (_, n)| {
                *sum = sum.saturating_add(*n);
                Some(*sum as f64 / total as f64 * 100.0)
            })
            .collect();
        Some(Pareto {
            bars,
            cumulative,
            total,
            cis,
        })
    }

    fn line_label(&self) -> String {
        let repeats = match self.total {
            1 => "the one repeat".to_string(),
            n => format!("all {} repeats", thousands(n)),
        };
        let cis = match self.cis {
            1 => "one CI".to_string(),
            n => format!("{} CIs", thousands(n as u64)),
        };
        format!("Cumulative share of {repeats} on {cis}")
    }

    fn title_text(&self) -> String {
        if self.cis > TOP {
            format!("Repeat incidents by CI: the {TOP} CIs with the most")
        } else {
            "Repeat incidents by CI".to_string()
        }
    }
}

impl Plot for Pareto {
    fn title(&self) -> String {
        self.title_text()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let legend = [
            LegendItem::new(Swatch::Block(BLUE.mix(0.85)), "Repeat incidents on the CI"),
            LegendItem::new(Swatch::LineDot(VERMILLION), self.line_label()),
        ];
        let area = frame(root, &self.title_text(), &legend)?;
        let k = self.bars.len();
        let name_style = text(layout::LABEL_SIZE - 1.0, INK);
        let mut longest = 0;
        for (name, _) in &self.bars {
            longest = longest.max(root.estimate_text_size(name, &name_style)?.0);
        }
        let max = self.bars.first().map(|(_, n)| *n).unwrap_or(1) as f64;
        // Room above the tallest bar for its count.
        let (top, ticks) = count_ticks(max * 1.08, 8);
        let x_range = slots(k, 6);
        let mut chart = ChartBuilder::on(&area)
            .margin_left(16)
            .margin_right(16)
            .margin_top(8)
            .x_label_area_size(longest + 42)
            .y_label_area_size(84)
            .right_y_label_area_size(84)
            .build_cartesian_2d(
                Ticked::new(x_range.clone(), Vec::new()),
                Ticked::new(0.0..top, ticks),
            )?
            .set_secondary_coord(x_range, 0.0..100.0);
        let y_fmt = |y: &f64| thousands(y.round() as u64);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK)
            .label_style(text(layout::LABEL_SIZE, INK))
            .axis_desc_style(text(layout::DESC_SIZE, INK))
            .y_desc("Repeat incidents (count)")
            .x_desc("Configuration item")
            .y_label_formatter(&y_fmt)
            .draw()?;
        let pct_fmt = |y: &f64| format!("{y:.0} %");
        chart
            .configure_secondary_axes()
            .axis_style(INK)
            .label_style(text(layout::LABEL_SIZE, INK))
            .axis_desc_style(text(layout::DESC_SIZE, INK))
            .y_desc("Cumulative share of repeats (%)")
            .y_label_formatter(&pct_fmt)
            .y_labels(6)
            .draw()?;

        chart.draw_series(self.bars.iter().enumerate().map(|(i, (_, n))| {
            let x = i as f64;
            Rectangle::new(
                [(x - 0.36, 0.0), (x + 0.36, *n as f64)],
                BLUE.mix(0.85).filled(),
            )
        }))?;
        let points: Vec<(f64, f64)> = self
            .cumulative
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64, *c))
            .collect();
        chart.draw_secondary_series(LineSeries::new(points.clone(), VERMILLION.stroke_width(2)))?;
        chart.draw_secondary_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, VERMILLION.filled())),
        )?;
        // Counts last, on a white patch, so the line never hides them.
        let count_style = text(layout::NOTE_SIZE, INK);
        let count_anchor = anchored(count_style.clone(), HPos::Center, VPos::Bottom);
        let label_style = anchored(
            name_style.transform(FontTransform::Rotate270),
            HPos::Right,
            VPos::Center,
        );
        for (i, (name, n)) in self.bars.iter().enumerate() {
            let count = thousands(*n);
            let (w, h) = root.estimate_text_size(&count, &count_style)?;
            let (px, py) = chart.backend_coord(&(i as f64, *n as f64));
            let (w, h) = (w as i32, h as i32);
            root.draw(&Rectangle::new(
                [(px - w / 2 - 3, py - h - 6), (px + w / 2 + 3, py - 1)],
                WHITE.filled(),
            ))?;
            root.draw_text(&count, &count_anchor, (px, py - 3))?;
            let (px, base) = chart.backend_coord(&(i as f64, 0.0));
            root.draw_text(name, &label_style, (px, base + 8))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn top_15_descending_with_cumulative_share_of_all() {
        let data = fixtures::full();
        let p = Pareto::from_input(&data.input()).unwrap();
        assert_eq!(p.bars.len(), TOP);
        assert!(p.bars.windows(2).all(|w| w[0].1 >= w[1].1));
        assert!(p.cumulative.windows(2).all(|w| w[0] <= w[1]));
        // The top 15 of 20 CIs hold less than all repeats.
        let last = *p.cumulative.last().unwrap();
        assert!(last < 100.0 && last > 50.0, "{last}");
        assert!(p.bars.iter().all(|(n, _)| n.chars().count() <= NAME_CHARS));
        assert!(p.bars.iter().any(|(n, _)| n.contains('…')));
        // Shortened names keep their distinguishing end.
        let long: Vec<&String> = p
            .bars
            .iter()
            .map(|(n, _)| n)
            .filter(|n| n.contains('…'))
            .collect();
        let distinct: std::collections::BTreeSet<&&String> = long.iter().collect();
        assert_eq!(distinct.len(), long.len());
    }

    #[test]
    fn few_cis_reach_100_percent() {
        let mut data = fixtures::full();
        data.repeats = vec![("b".into(), 3), ("a".into(), 3), ("c".into(), 0)];
        let p = Pareto::from_input(&data.input()).unwrap();
        // Ties by name; CIs without repeats are left out.
        assert_eq!(p.bars, [("a".to_string(), 3), ("b".to_string(), 3)]);
        assert_eq!(p.cumulative, [50.0, 100.0]);
        assert_eq!(p.title_text(), "Repeat incidents by CI");
        assert_eq!(p.line_label(), "Cumulative share of all 6 repeats on 2 CIs");
        data.repeats = vec![("a".into(), 1)];
        let p = Pareto::from_input(&data.input()).unwrap();
        assert_eq!(
            p.line_label(),
            "Cumulative share of the one repeat on one CI"
        );
    }

    #[test]
    fn skipped_without_repeats() {
        let mut data = fixtures::full();
        data.repeats = vec![("a".into(), 0)];
        assert!(Pareto::from_input(&data.input()).is_none());
        data.repeats.clear();
        assert!(Pareto::from_input(&data.input()).is_none());
    }
}
