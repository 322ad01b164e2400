//! Calibration questions: what people believe the numbers are. Each asks for
//! one metric in plain words ("Out of 100 changes, how many fail or cause an
//! incident?") and is answered with a number of 100 or one of five bands. The
//! answers are held against the measured figure (`calibration`).

use crate::metrics::stats::Better;

/// A calibration question and the metric it estimates.
#[derive(Debug, Clone, Copy)]
pub struct EstimateQuestion {
    pub metric: &'static str,
    /// The metric's variant that the estimate is held against.
    pub variant: Option<&'static str>,
    pub discipline: &'static str,
    pub question: &'static str,
    /// What "N in 100" counts, for sentences: "changes fail or cause an incident".
    pub phrase: &'static str,
    pub better: Better,
    /// Five answer bands, out of 100, both ends included; in the long form an
    /// answer is the band's number (1 = the first).
    pub bands: [(u8, u8); 5],
}

/// The questions, in the order the questionnaire asks them.
pub const QUESTIONS: &[EstimateQuestion] = &[
    EstimateQuestion {
        metric: "change.failure_rate",
        variant: Some("explicit"),
        discipline: "change enablement",
        question: "Out of 100 changes, how many fail or cause an incident?",
        phrase: "changes fail or cause an incident",
        better: Better::Lower,
        bands: [(0, 5), (6, 10), (11, 20), (21, 35), (36, 60)],
    },
    EstimateQuestion {
        metric: "incident.repeat_rate",
        variant: None,
        discipline: "incident management",
        question: "Out of 100 incidents, how many hit a system that already had an incident in the 30 days before?",
        phrase: "incidents hit a system that had another in the 30 days before",
        better: Better::Lower,
        bands: [(0, 10), (11, 20), (21, 35), (36, 50), (51, 70)],
    },
    EstimateQuestion {
        metric: "incident.reopen_rate",
        variant: None,
        discipline: "incident management",
        question: "Out of 100 resolved incidents, how many are reopened?",
        phrase: "resolved incidents are reopened",
        better: Better::Lower,
        bands: [(0, 2), (3, 5), (6, 10), (11, 20), (21, 40)],
    },
    EstimateQuestion {
        metric: "desk.first_contact_resolution",
        variant: None,
        discipline: "service desk",
        question: "Out of 100 resolved incidents, how many are solved by the first team, never passed on or reopened?",
        phrase: "resolved incidents are solved by the first team",
        better: Better::Higher,
        bands: [(30, 45), (46, 60), (61, 70), (71, 80), (81, 95)],
    },
    EstimateQuestion {
        metric: "desk.self_service_share",
        variant: None,
        discipline: "service desk",
        question: "Out of 100 tickets people raise, how many come in through the portal, self-service or a virtual agent?",
        phrase: "tickets come in through self-service",
        better: Better::Higher,
        bands: [(0, 15), (16, 30), (31, 45), (46, 60), (61, 85)],
    },
    EstimateQuestion {
        metric: "sla.attainment",
        variant: None,
        discipline: "service level management",
        question: "Out of 100 incidents, how many are resolved within their SLA?",
        phrase: "incidents are resolved within their SLA",
        better: Better::Higher,
        bands: [(60, 75), (76, 85), (86, 92), (93, 97), (98, 100)],
    },
    EstimateQuestion {
        metric: "knowledge.use_rate",
        variant: None,
        discipline: "knowledge management",
        question: "Out of 100 resolved incidents, how many are resolved with a knowledge article?",
        phrase: "resolved incidents are resolved with a knowledge article",
        better: Better::Higher,
        bands: [(0, 5), (6, 15), (16, 25), (26, 40), (41, 60)],
    },
];

/// The question estimating a metric, by its id (any case, spaces trimmed).
pub fn question_for(metric: &str) -> Option<&'static EstimateQuestion> {
    let key = metric.trim().to_ascii_lowercase();
    QUESTIONS.iter().find(|q| q.metric == key)
}

impl EstimateQuestion {
    /// The band labels as a form offers them: "0-5", "6-10", ...
    pub fn band_labels(&self) -> Vec<String> {
        self.bands
            .iter()
            .map(|(lo, hi)| format!("{lo}-{hi}"))
            .collect()
    }

    /// The value (out of 100) a band number 1-5 stands for: its midpoint.
    pub fn band_value(&self, number: u8) -> Option<f64> {
        let (lo, hi) = *self.bands.get(usize::from(number).checked_sub(1)?)?;
        Some(midpoint(lo.into(), hi.into()))
    }

    /// The band number (1-5) holding `percent`; values beyond the bands fall in
    /// the first or last.
    pub fn band_of(&self, percent: f64) -> u8 {
        let index = self
            .bands
            .iter()
            .position(|(_, hi)| percent <= f64::from(*hi) + 0.5)
            .unwrap_or(self.bands.len() - 1);
        index as u8 + 1
    }
}

/// The midpoint of a band. Bands have whole ends, so midpoints are whole or
/// halves: exact in binary, and their sums are the same in any order.
fn midpoint(lo: f64, hi: f64) -> f64 {
    (lo + hi) / 2.0
}

/// Reads a free answer: a number of 100 ("12", "12 %", "12.5") or a band
/// ("6-10", "6 to 10", "6–10"), read as its midpoint. Returns a value out of 100.
pub fn parse_answer(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    if t.is_empty() {
        return None;
    }
    let number = |s: &str| -> Option<f64> {
        let v: f64 = s.trim().parse().ok()?;
        (v.is_finite() && (0.0..=100.0).contains(&v)).then_some(v)
    };
    if let Some(v) = number(&t) {
        return Some(v);
    }
    let lower = t.to_lowercase();
    for sep in ["-", "–", "—", " to "] {
        if let Some((a, b)) = lower.split_once(sep) {
            let (a, b) = (number(a)?, number(b.trim_end_matches('%'))?);
            return (a <= b).then(|| midpoint(a, b));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_six_metrics_are_asked_and_bands_rise() {
        assert!(QUESTIONS.len() >= 6);
        for q in QUESTIONS {
            assert!(
                crate::metrics::catalog::is_metric_id(q.metric),
                "{}",
                q.metric
            );
            assert!(q.question.starts_with("Out of 100"), "{}", q.metric);
            for w in q.bands.windows(2) {
                assert!(w[0].1 < w[1].0, "{}: bands overlap", q.metric);
            }
            assert!(q.bands.iter().all(|(lo, hi)| lo <= hi && *hi <= 100));
        }
    }

    #[test]
    fn answers_are_numbers_or_bands() {
        assert_eq!(parse_answer("12"), Some(12.0));
        assert_eq!(parse_answer(" 12 % "), Some(12.0));
        assert_eq!(parse_answer("12,5"), Some(12.5));
        assert_eq!(parse_answer("6-10"), Some(8.0));
        assert_eq!(parse_answer("6 to 10"), Some(8.0));
        assert_eq!(parse_answer("86–92 %"), Some(89.0));
        for bad in ["", "many", "120", "-3", "10-5", "a-b"] {
            assert_eq!(parse_answer(bad), None, "{bad}");
        }
    }

    #[test]
    fn band_numbers_read_as_midpoints_and_values_find_their_band() {
        let q = question_for("Change.Failure_Rate").expect("question");
        assert_eq!(q.band_value(1), Some(2.5));
        assert_eq!(q.band_value(3), Some(15.5));
        assert_eq!(q.band_value(0), None);
        assert_eq!(q.band_value(6), None);
        assert_eq!(q.band_of(12.0), 3);
        assert_eq!(q.band_of(5.4), 1);
        assert_eq!(q.band_of(99.0), 5);
        assert_eq!(q.band_labels()[1], "6-10");
        assert!(question_for("incident.volume").is_none());
    }
}
