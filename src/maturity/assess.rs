//! The cross-check per discipline: what leadership and practitioners say, what
//! the data says, the gaps between them and the flags; then the perception
//! gap ranking, calibration, activity against outcome, the symptoms and the
//! executive summary (`maturity.json`).

use super::activity::{self, ActivityVsOutcome};
use super::calibration::{CalibrationRow, calibrate};
use super::executive::{SummaryInput, SummarySentence, summarise};
use super::flags::{self, FlagByRole};
use super::gaps::{self, GapRow};
use super::levels::{DisciplineEvidence, IndicatorLevel, evidence};
use super::rubric::Rubric;
use super::scores::{RoleAnswers, by_discipline};
use super::stats::{Difference, Summary, welch};
use super::survey::{SurveyAnswers, SurveyReport};
use super::symptoms::{SymptomResult, check_symptoms};
use super::wording::capitalise;
use crate::error::Result;
use crate::metrics::MetricsReport;
use serde::Serialize;
use std::collections::BTreeMap;

pub use super::flags::FLAG_MARGIN;

#[derive(Debug, Serialize)]
pub struct RubricRef {
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyScores {
    pub leadership: Option<Summary>,
    pub practitioner: Option<Summary>,
    pub all: Option<Summary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceGap {
    pub leadership: Option<f64>,
    pub practitioner: Option<f64>,
    pub all: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisciplineAssessment {
    pub discipline: String,
    pub evidence_level: Option<f64>,
    pub evidence_range: Option<[f64; 2]>,
    pub indicators: Vec<IndicatorLevel>,
    pub survey: SurveyScores,
    /// Leadership mean - practitioner mean over respondents, with Welch's 95 % interval.
    pub perception_gap: Option<Difference>,
    /// Self-reported mean - evidence level, per role and overall.
    pub evidence_gap: EvidenceGap,
    /// `overrated`, `underrated`, `consistent`, `not_evaluable`,
    /// `no_telemetry_evidence`, by the mean of every respondent.
    pub flag: String,
    /// The same rule on each role's own mean.
    pub flag_by_role: FlagByRole,
    /// One plain sentence of what the data says.
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub rubric: RubricRef,
    pub min_sample: u64,
    /// The executive summary, in reading order.
    pub summary: Vec<SummarySentence>,
    pub disciplines: Vec<DisciplineAssessment>,
    /// Every discipline, widest perception gap first.
    pub perception_gaps: Vec<GapRow>,
    pub symptoms: Vec<SymptomResult>,
    pub activity_vs_outcome: ActivityVsOutcome,
    /// What each role believes a figure is, against the measured value.
    pub calibration: Vec<CalibrationRow>,
    pub survey: Option<SurveyReport>,
}

fn sentence(d: &DisciplineEvidence, flag: &str, survey: &SurveyScores) -> String {
    let level = match (d.evidence_level, d.evidence_range) {
        (Some(l), Some(r)) => format!(
            "the data puts it at level {l:.1} (range {:.1} to {:.1})",
            r[0], r[1]
        ),
        _ if flag == "no_telemetry_evidence" => "operational data does not speak to it".to_string(),
        _ => "the data cannot place it: no indicator has enough evaluable data".to_string(),
    };
    let said = match &survey.all {
        Some(s) => format!("respondents rate it {:.1} on average", s.mean),
        None => "no survey answers".to_string(),
    };
    let verdict = match flag {
        "overrated" => "rated higher than the evidence supports",
        "underrated" => "rated lower than the evidence shows",
        "consistent" if survey.all.is_some() => "self-rating and evidence agree",
        "no_telemetry_evidence" => "only the survey speaks to it",
        _ => "",
    };
    let mut s = format!("{}: {level}; {said}", capitalise(&d.discipline));
    if !verdict.is_empty() {
        s.push_str(&format!(" ({verdict})"));
    }
    s.push('.');
    s
}

/// One discipline's cross-check, and its row of the perception gap ranking.
fn cross_check(
    d: DisciplineEvidence,
    telemetry: bool,
    by_role: Option<&BTreeMap<String, RoleAnswers>>,
) -> (DisciplineAssessment, GapRow) {
    let role = |r: &str| by_role.and_then(|m| m.get(r));
    let answers = |r: &str| role(r).and_then(RoleAnswers::answer_summary);
    let people = |r: &str| role(r).and_then(RoleAnswers::respondent_summary);
    let survey = SurveyScores {
        leadership: answers("leadership"),
        practitioner: answers("practitioner"),
        all: answers("all"),
    };
    let (lead, prac) = (people("leadership"), people("practitioner"));
    let perception_gap = match (&lead, &prac) {
        (Some(l), Some(p)) => Some(welch(l, p)),
        _ => None,
    };
    let gap = |s: &Option<Summary>| match (s, d.evidence_level) {
        (Some(s), Some(level)) => Some(((s.mean - level) * 100.0).round() / 100.0),
        _ => None,
    };
    let evidence_gap = EvidenceGap {
        leadership: gap(&survey.leadership),
        practitioner: gap(&survey.practitioner),
        all: gap(&survey.all),
    };
    let flag = if telemetry {
        flags::flag(d.evidence_range, survey.all.as_ref())
    } else {
        "no_telemetry_evidence".into()
    };
    let flag_by_role = flags::by_role(
        d.evidence_range,
        survey.leadership.as_ref(),
        survey.practitioner.as_ref(),
        survey.all.as_ref(),
    );
    let gap_row = gaps::row(
        &d.discipline,
        lead.as_ref(),
        prac.as_ref(),
        d.evidence_level,
    );
    let summary = sentence(&d, &flag, &survey);
    let assessed = DisciplineAssessment {
        discipline: d.discipline,
        evidence_level: d.evidence_level,
        evidence_range: d.evidence_range,
        indicators: d.indicators,
        survey,
        perception_gap,
        evidence_gap,
        flag,
        flag_by_role,
        summary,
    };
    (assessed, gap_row)
}

/// Puts evidence, survey, calibration and symptoms together.
pub fn assess(
    rubric: &Rubric,
    metrics: &MetricsReport,
    survey: Option<&SurveyAnswers>,
) -> Result<Assessment> {
    let min_sample = rubric.min_sample;
    let scores = survey
        .map(|s| by_discipline(&s.answers))
        .unwrap_or_default();
    let mut disciplines = Vec::new();
    let mut gap_rows = Vec::new();
    let mut covered: Vec<String> = Vec::new();
    for d in evidence(rubric, &metrics.metrics, min_sample) {
        covered.push(d.discipline.clone());
        let by_role = scores.get(&d.discipline);
        let (assessed, row) = cross_check(d, true, by_role);
        disciplines.push(assessed);
        gap_rows.push(row);
    }
    for (name, by_role) in scores.iter().filter(|(k, _)| !covered.contains(k)) {
        let d = DisciplineEvidence {
            discipline: name.clone(),
            evidence_level: None,
            evidence_range: None,
            indicators: Vec::new(),
        };
        let (assessed, row) = cross_check(d, false, Some(by_role));
        disciplines.push(assessed);
        gap_rows.push(row);
    }
    let perception_gaps = gaps::rank(gap_rows);
    let indicators: Vec<IndicatorLevel> = disciplines
        .iter()
        .flat_map(|d| d.indicators.iter().cloned())
        .collect();
    let activity_vs_outcome = activity::compare(&indicators);
    let calibration = survey
        .map(|s| calibrate(&s.estimates, &metrics.metrics))
        .unwrap_or_default();
    let symptoms = check_symptoms(rubric, &metrics.metrics, min_sample);
    let summary = summarise(&SummaryInput {
        disciplines: &disciplines,
        gaps: &perception_gaps,
        symptoms: &symptoms,
        activity: &activity_vs_outcome,
        calibration: &calibration,
    });
    Ok(Assessment {
        schema_version: crate::report::SCHEMA_VERSION,
        tool_version: crate::VERSION,
        rubric: RubricRef {
            name: rubric.name.clone(),
            sha256: rubric.sha256.clone(),
        },
        min_sample,
        summary,
        disciplines,
        perception_gaps,
        symptoms,
        activity_vs_outcome,
        calibration,
        survey: survey.map(|s| s.report.clone()),
    })
}
