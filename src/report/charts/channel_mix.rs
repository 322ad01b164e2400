//! The channel mix by month: one stacked bar per month of the share of
//! tickets each channel brought in, largest channel at the bottom.

use super::axis::{self, Ticked, humanise, month_step, month_ticks};
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, frame, text};
use super::palette::{self, GREY, GRID, INK, WHITE};
use super::{ChartInput, finite};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const NAME: &str = "channel-mix";
const TITLE: &str = "Channel mix by month";
const METRIC: &str = "desk.channel_mix";
/// Channels drawn on their own; the rest are summed as "Other channels".
const MAX_CHANNELS: usize = 7;

pub(crate) struct ChannelMix {
    /// Channel names, bottom of the stack first.
    channels: Vec<String>,
    months: Vec<String>,
    /// `shares[c][m]`: percent of month m's tickets through channel c.
    shares: Vec<Vec<Option<f64>>>,
    thin: Vec<bool>,
    min_sample: u64,
}

/// One channel's monthly shares as the metrics give them.
struct Series<'a> {
    name: &'a str,
    overall: f64,
    /// Month -> (share, thin).
    by_month: BTreeMap<&'a str, (Option<f64>, bool)>,
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 580;
const Y_LABEL_AREA: u32 = 90;

impl ChannelMix {
    pub(crate) fn from_input(input: &ChartInput<'_>) -> Option<ChannelMix> {
        let mut series: Vec<Series<'_>> = input
            .metrics
            .metrics
            .iter()
            .filter(|m| m.id == METRIC && m.is_ok() && !m.by_month.is_empty())
            .filter_map(|m| {
                Some(Series {
                    name: m.variant.as_deref()?,
                    overall: finite(m.value).unwrap_or(0.0),
                    by_month: m
                        .by_month
                        .iter()
                        .map(|p| (p.month.as_str(), (finite(p.value), p.thin)))
                        .collect(),
                })
            })
            .collect();
        series.sort_by(|a, b| {
            b.overall
                .total_cmp(&a.overall)
                .then_with(|| a.name.cmp(b.name))
        });
        let months: Vec<String> = series
            .iter()
            .flat_map(|s| s.by_month.keys().map(|m| m.to_string()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut channels = Vec::new();
        let mut shares: Vec<Vec<Option<f64>>> = Vec::new();
        for (i, s) in series.iter().enumerate() {
            let row: Vec<Option<f64>> = months
                .iter()
                .map(|m| {
                    s.by_month
                        .get(m.as_str())
                        .and_then(|(v, _)| v.map(|v| v * 100.0))
                })
                .collect();
            if i < MAX_CHANNELS || series.len() == MAX_CHANNELS + 1 {
                channels.push(humanise(s.name));
                shares.push(row);
            } else if i == MAX_CHANNELS {
                channels.push("Other channels".to_string());
                shares.push(row);
            } else if let Some(other) = shares.last_mut() {
                for (o, v) in other.iter_mut().zip(row) {
                    *o = match (*o, v) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                }
            }
        }
        let has_value = shares.iter().flatten().any(|v| v.is_some_and(|v| v > 0.0));
        if !has_value {
            return None;
        }
        let thin = months
            .iter()
            .map(|m| {
                series
                    .iter()
                    .any(|s| s.by_month.get(m.as_str()).is_some_and(|(_, thin)| *thin))
            })
            .collect();
        Some(ChannelMix {
            channels,
            months,
            shares,
            thin,
            min_sample: input.metrics.parameters.min_sample,
        })
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = self
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| LegendItem::new(Swatch::Block(palette::series(i).to_rgba()), c))
            .collect();
        if self.thin.iter().any(|t| *t) {
            items.push(LegendItem::new(
                Swatch::Block(GREY.mix(0.4)),
                format!(
                    "Paler bar: thin month (fewer than {} tickets)",
                    self.min_sample
                ),
            ));
        }
        items
    }
}

impl Plot for ChannelMix {
    fn title(&self) -> String {
        TITLE.to_string()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let area = frame(root, TITLE, &self.legend())?;
        let n = self.months.len();
        let label_style = text(layout::LABEL_SIZE, INK);
        let (label_width, _) = root.estimate_text_size("2024-00", &label_style)?;
        let step = month_step(n, WIDTH - Y_LABEL_AREA - 60, label_width);
        let x_range = Ticked::new(axis::slots(n, 6), month_ticks(n, step));
        let mut chart = ChartBuilder::on(&area)
            .margin_left(20)
            .margin_right(30)
            .margin_top(6)
            .margin_bottom(12)
            .x_label_area_size(56)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(x_range, 0.0..100.0)?;
        let x_fmt = |x: &f64| axis::category_label(&self.months, *x);
        let y_fmt = |y: &f64| format!("{y:.0} %");
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK)
            .label_style(label_style)
            .axis_desc_style(text(layout::DESC_SIZE, INK))
            .x_desc("Month opened")
            .y_desc("Share of tickets with a known channel (%)")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .y_labels(6)
            .draw()?;
        let half = if n > 30 { 0.45 } else { 0.38 };
        for (m, thin) in self.thin.iter().enumerate() {
            let x = m as f64;
            let alpha = if *thin { 0.4 } else { 1.0 };
            let mut base = 0.0;
            for (c, row) in self.shares.iter().enumerate() {
                let Some(v) = row.get(m).copied().flatten().filter(|v| *v > 0.0) else {
                    continue;
                };
                let top = (base + v).min(100.0);
                let corners = [(x - half, base), (x + half, top)];
                chart.draw_series([
                    Rectangle::new(corners, palette::series(c).mix(alpha).filled()),
                    Rectangle::new(corners, WHITE.stroke_width(1)),
                ])?;
                base = top;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;
    use crate::metrics::MetricResult;

    #[test]
    fn channels_ordered_by_share_with_monthly_stacks() {
        let data = fixtures::full();
        let mix = ChannelMix::from_input(&data.input()).unwrap();
        assert_eq!(mix.channels, ["Phone", "Self-service", "Email", "Walk-in"]);
        assert_eq!(mix.months.len(), 14);
        assert!(mix.thin[0] && !mix.thin[1]);
        for m in 0..mix.months.len() {
            let sum: f64 = mix.shares.iter().filter_map(|row| row[m]).sum();
            assert!(sum <= 100.0 + 1e-9, "{sum}");
        }
        assert!(
            mix.legend()
                .iter()
                .any(|l| l.label.starts_with("Paler bar"))
        );
    }

    #[test]
    fn many_channels_fold_into_other() {
        let mut data = fixtures::full();
        for i in 0..6 {
            let mut r = MetricResult::rate(METRIC, Some(&format!("extra_{i}")), 1, 100, "x");
            r.by_month = data
                .metrics
                .metrics
                .iter()
                .find(|m| m.id == METRIC && !m.by_month.is_empty())
                .unwrap()
                .by_month
                .clone();
            data.metrics.metrics.push(r);
        }
        let mix = ChannelMix::from_input(&data.input()).unwrap();
        assert_eq!(mix.channels.len(), MAX_CHANNELS + 1);
        assert_eq!(mix.channels.last().unwrap(), "Other channels");
    }

    #[test]
    fn skipped_without_monthly_channels() {
        let mut data = fixtures::full();
        for m in &mut data.metrics.metrics {
            if m.id == METRIC {
                m.by_month.clear();
            }
        }
        assert!(ChannelMix::from_input(&data.input()).is_none());
        assert!(ChannelMix::from_input(&fixtures::empty().input()).is_none());
    }
}
