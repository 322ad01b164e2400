//! The maturity gap: per discipline, what leadership and practitioners say
//! (survey means over respondents, joined by a line) against what the data
//! says (the evidence level as a diamond, its range as a grey bar), on the 1-5
//! scale, in the order of the perception gap ranking (widest first). A role
//! with fewer than five respondents shows no dot.

use super::axis::{Ticked, humanise};
use super::canvas::{DrawResult, Plot};
use super::layout::{self, LegendItem, Swatch, anchored, diamond_points, footnote, frame, text};
use super::palette::{BLACK, BLUE, GREY, MUTED, ORANGE, WHITE};
use super::rows::{row_chart, row_y};
use super::{ChartInput, finite};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(crate) const NAME: &str = "maturity-gap";
const TITLE: &str = "Perception gap: self-assessment by role against the evidence";

struct Row {
    discipline: String,
    leadership: Option<f64>,
    practitioner: Option<f64>,
    evidence: Option<f64>,
    range: Option<(f64, f64)>,
}

impl Row {
    fn is_empty(&self) -> bool {
        self.leadership.is_none()
            && self.practitioner.is_none()
            && self.evidence.is_none()
            && self.range.is_none()
    }
}

pub(crate) struct MaturityGap {
    rows: Vec<Row>,
}

const WIDTH: u32 = 1000;
const ROW_HEIGHT: u32 = 38;
/// Title, legend, x axis and footnote.
const CHROME: u32 = 190;
const X_MIN: f64 = 0.75;
const X_MAX: f64 = 5.25;

/// A level on the scale, or nothing.
fn level(v: Option<f64>) -> Option<f64> {
    finite(v).map(|v| v.clamp(1.0, 5.0))
}

impl MaturityGap {
    pub(crate) fn from_input(input: &ChartInput<'_>) -> Option<MaturityGap> {
        let a = input.assessment;
        let rows: Vec<Row> = a
            .perception_gaps
            .iter()
            .map(|g| {
                let range = a
                    .disciplines
                    .iter()
                    .find(|d| d.discipline == g.discipline)
                    .and_then(|d| d.evidence_range);
                Row {
                    discipline: humanise(&g.discipline),
                    leadership: level(g.leadership.mean),
                    practitioner: level(g.practitioner.mean),
                    evidence: level(g.evidence_level),
                    range: range.and_then(|[lo, hi]| Some((level(Some(lo))?, level(Some(hi))?))),
                }
            })
            .collect();
        rows.iter()
            .any(|r| !r.is_empty())
            .then_some(MaturityGap { rows })
    }

    fn has_survey(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.leadership.is_some() || r.practitioner.is_some())
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items = Vec::new();
        if self.rows.iter().any(|r| r.leadership.is_some()) {
            items.push(LegendItem::new(Swatch::Dot(ORANGE), "Leadership"));
        }
        if self.rows.iter().any(|r| r.practitioner.is_some()) {
            items.push(LegendItem::new(Swatch::Dot(BLUE), "Practitioners"));
        }
        if self.rows.iter().any(|r| r.evidence.is_some()) {
            items.push(LegendItem::new(Swatch::Diamond(BLACK), "Evidence level"));
        }
        if self.rows.iter().any(|r| r.range.is_some()) {
            items.push(LegendItem::new(
                Swatch::Range(GREY.mix(0.45)),
                "Evidence range (metrics' 95 % intervals)",
            ));
        }
        items
    }
}

impl Plot for MaturityGap {
    fn title(&self) -> String {
        TITLE.to_string()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, CHROME + ROW_HEIGHT * self.rows.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let area = frame(root, TITLE, &self.legend())?;
        let n = self.rows.len();
        let labels: Vec<String> = self.rows.iter().map(|r| r.discipline.clone()).collect();
        let x_range = Ticked::new(X_MIN..X_MAX, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        let mut chart = row_chart(
            root,
            &area,
            &labels,
            x_range,
            "Maturity level (1 = initial, 5 = optimising)",
        )?;

        let no_data = anchored(text(layout::NOTE_SIZE, MUTED), HPos::Left, VPos::Center);
        for (i, r) in self.rows.iter().enumerate() {
            let y = row_y(i, n);
            if r.is_empty() {
                let (px, py) = chart.backend_coord(&(1.0, y));
                root.draw_text("no evidence and no survey answers", &no_data, (px, py))?;
                continue;
            }
            if let Some((lo, hi)) = r.range {
                // A point range still shows as a short bar.
                let (lo, hi) = if hi - lo < 0.06 {
                    (lo - 0.03, hi + 0.03)
                } else {
                    (lo, hi)
                };
                chart.draw_series([Rectangle::new(
                    [(lo, y - 0.17), (hi, y + 0.17)],
                    GREY.mix(0.45).filled(),
                )])?;
            }
            if let (Some(l), Some(p)) = (r.leadership, r.practitioner) {
                chart
                    .draw_series([PathElement::new(vec![(l, y), (p, y)], GREY.stroke_width(3))])?;
            }
            if let Some(e) = r.evidence {
                chart.draw_series([
                    EmptyElement::at((e, y)) + Polygon::new(diamond_points(9), BLACK.filled())
                ])?;
            }
            for (v, colour) in [(r.leadership, ORANGE), (r.practitioner, BLUE)] {
                if let Some(v) = v {
                    chart.draw_series([Circle::new((v, y), 7, colour.filled())])?;
                    chart.draw_series([Circle::new((v, y), 7, WHITE.stroke_width(1))])?;
                }
            }
        }
        let has_evidence = self.rows.iter().any(|r| r.evidence.is_some());
        let note = match (self.has_survey(), has_evidence) {
            (false, _) => Some(
                "No survey answers: only the evidence is shown. Run assess with --survey to add the self-assessment.",
            ),
            (true, false) => Some(
                "No evidence level: no indicator had enough evaluable data. Only the survey is shown.",
            ),
            (true, true) => None,
        };
        if let Some(note) = note {
            footnote(root, note)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn one_row_per_discipline_with_survey_and_evidence() {
        let data = fixtures::full();
        let gap = MaturityGap::from_input(&data.input()).unwrap();
        assert_eq!(gap.rows.len(), data.assessment.disciplines.len());
        // Widest gap first: change enablement, 4.5 against 2.5.
        assert_eq!(gap.rows[0].discipline, "Change enablement");
        assert_eq!(gap.rows[0].leadership, Some(4.5));
        assert_eq!(gap.rows[1].discipline, "Problem management");
        assert!(gap.rows.iter().any(|r| r.evidence.is_some()));
        assert_eq!(gap.legend().len(), 4);
    }

    #[test]
    fn without_a_survey_only_the_evidence_is_in_the_legend() {
        let mut data = fixtures::full();
        for g in &mut data.assessment.perception_gaps {
            g.leadership.mean = None;
            g.practitioner.mean = None;
        }
        let gap = MaturityGap::from_input(&data.input()).unwrap();
        assert!(!gap.has_survey());
        let labels: Vec<String> = gap.legend().into_iter().map(|l| l.label).collect();
        assert!(
            labels.iter().all(|l| l.starts_with("Evidence")),
            "{labels:?}"
        );
    }

    #[test]
    fn skipped_when_no_discipline_has_anything() {
        let data = fixtures::empty();
        assert!(MaturityGap::from_input(&data.input()).is_none());
    }

    #[test]
    fn levels_stay_on_the_scale() {
        assert_eq!(level(Some(7.0)), Some(5.0));
        assert_eq!(level(Some(f64::NAN)), None);
        assert_eq!(level(None), None);
    }
}
