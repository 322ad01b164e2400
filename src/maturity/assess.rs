//! The cross-check per discipline: what leadership and practitioners say, what
//! the data says, the gaps between them and the flag (`maturity.json`).

use super::levels::{DisciplineEvidence, IndicatorLevel, evidence};
use super::rubric::Rubric;
use super::stats::{Difference, Summary, summary, welch};
use super::survey::{SurveyAnswers, SurveyReport, scores_by_discipline};
use super::symptoms::{SymptomResult, check_symptoms};
use crate::error::Result;
use crate::metrics::MetricsReport;
use serde::Serialize;
use std::collections::BTreeMap;

/// The self-assessment flags gap more than this beyond the evidence range.
pub const FLAG_MARGIN: f64 = 0.5;

#[derive(Debug, Serialize)]
pub struct RubricRef {
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct SurveyScores {
    pub leadership: Option<Summary>,
    pub practitioner: Option<Summary>,
    pub all: Option<Summary>,
}

#[derive(Debug, Serialize)]
pub struct EvidenceGap {
    pub leadership: Option<f64>,
    pub practitioner: Option<f64>,
    pub all: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct DisciplineAssessment {
    pub discipline: String,
    pub evidence_level: Option<f64>,
    pub evidence_range: Option<[f64; 2]>,
    pub indicators: Vec<IndicatorLevel>,
    pub survey: SurveyScores,
    /// Leadership mean - practitioner mean, with Welch's 95 % interval.
    pub perception_gap: Option<Difference>,
    /// Self-reported mean - evidence level, per role and overall.
    pub evidence_gap: EvidenceGap,
    /// `overrated`, `underrated`, `consistent`, `not_evaluable`, `no_telemetry_evidence`.
    pub flag: String,
    /// One plain sentence of what the data says.
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub rubric: RubricRef,
    pub min_sample: u64,
    pub disciplines: Vec<DisciplineAssessment>,
    pub symptoms: Vec<SymptomResult>,
    pub survey: Option<SurveyReport>,
}

/// Self-score against the evidence range; without both there is nothing to flag.
fn flag(evidence: &DisciplineEvidence, all: Option<&Summary>) -> String {
    let (Some(range), Some(all)) = (evidence.evidence_range, all) else {
        return "not_evaluable".into();
    };
    if all.mean >= range[1] + FLAG_MARGIN {
        "overrated".into()
    } else if all.mean <= range[0] - FLAG_MARGIN {
        "underrated".into()
    } else {
        "consistent".into()
    }
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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Puts evidence, survey and symptoms together.
pub fn assess(
    rubric: &Rubric,
    metrics: &MetricsReport,
    survey: Option<&SurveyAnswers>,
) -> Result<Assessment> {
    let min_sample = rubric.min_sample;
    let evidence = evidence(rubric, &metrics.metrics, min_sample);
    let scores = match survey {
        Some(s) => scores_by_discipline(s)?,
        None => BTreeMap::new(),
    };
    let mut disciplines = Vec::new();
    let mut covered: Vec<String> = Vec::new();
    let empty = BTreeMap::new();
    let mut push = |d: DisciplineEvidence, telemetry: bool| {
        let by_role = scores.get(&d.discipline).unwrap_or(&empty);
        let survey = SurveyScores {
            leadership: by_role.get("leadership").and_then(|s| summary(s)),
            practitioner: by_role.get("practitioner").and_then(|s| summary(s)),
            all: by_role.get("all").and_then(|s| summary(s)),
        };
        let perception_gap = match (&survey.leadership, &survey.practitioner) {
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
            flag(&d, survey.all.as_ref())
        } else {
            "no_telemetry_evidence".into()
        };
        let summary = sentence(&d, &flag, &survey);
        disciplines.push(DisciplineAssessment {
            discipline: d.discipline,
            evidence_level: d.evidence_level,
            evidence_range: d.evidence_range,
            indicators: d.indicators,
            survey,
            perception_gap,
            evidence_gap,
            flag,
            summary,
        });
    };
    for d in evidence {
        covered.push(d.discipline.clone());
        push(d, true);
    }
    for name in scores
        .keys()
        .filter(|k| !covered.contains(k))
        .cloned()
        .collect::<Vec<_>>()
    {
        push(
            DisciplineEvidence {
                discipline: name,
                evidence_level: None,
                evidence_range: None,
                indicators: Vec::new(),
            },
            false,
        );
    }
    Ok(Assessment {
        schema_version: crate::report::SCHEMA_VERSION,
        tool_version: crate::VERSION,
        rubric: RubricRef {
            name: rubric.name.clone(),
            sha256: rubric.sha256.clone(),
        },
        min_sample,
        disciplines,
        symptoms: check_symptoms(rubric, &metrics.metrics, min_sample),
        survey: survey.map(|s| s.report.clone()),
    })
}
