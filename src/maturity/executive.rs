//! The executive summary: four to six plain sentences a busy reader takes
//! away, each built from figures of the assessment: the overall level beside
//! each role's self-rating, the widest perception gap and which side the
//! evidence supports, the level-2 symptoms present, activity against outcome,
//! what leaders believe a number is, and the first thing to do. A sentence
//! whose figures are missing is left out, never filled in.

use super::activity::ActivityVsOutcome;
use super::assess::DisciplineAssessment;
use super::calibration::CalibrationRow;
use super::estimates::question_for;
use super::gaps::GapRow;
use super::symptoms::SymptomResult;
use super::wording::{and_list, capitalise, count, levels, plain_name, value};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummarySentence {
    /// `overall`, `perception_gap`, `symptoms`, `activity_outcome`,
    /// `calibration` or `first_step`.
    pub topic: &'static str,
    pub text: String,
}

/// What the summary is built from.
pub struct SummaryInput<'a> {
    pub disciplines: &'a [DisciplineAssessment],
    pub gaps: &'a [GapRow],
    pub symptoms: &'a [SymptomResult],
    pub activity: &'a ActivityVsOutcome,
    pub calibration: &'a [CalibrationRow],
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn overall(gaps: &[GapRow]) -> Option<String> {
    let placed: Vec<&GapRow> = gaps.iter().filter(|g| g.evidence_level.is_some()).collect();
    let paired: Vec<&GapRow> = placed
        .iter()
        .copied()
        .filter(|g| g.leadership.mean.is_some() && g.practitioner.mean.is_some())
        .collect();
    if paired.is_empty() {
        let e = mean(placed.iter().filter_map(|g| g.evidence_level))?;
        return Some(format!(
            "The data places service management at level {e:.1} of 5 on average over {} disciplines.",
            placed.len()
        ));
    }
    let of = |f: fn(&GapRow) -> Option<f64>| mean(paired.iter().filter_map(|g| f(g)));
    let e = of(|g| g.evidence_level)?;
    let l = of(|g| g.leadership.mean)?;
    let p = of(|g| g.practitioner.mean)?;
    let most = |f: fn(&GapRow) -> u64| paired.iter().map(|g| f(g)).max().unwrap_or(0);
    Some(format!(
        "The data places service management at level {e:.1} of 5 on average over the {} disciplines both the data and the survey cover; leadership ({} respondents) rates them {l:.1} and practitioners ({}) {p:.1}.",
        paired.len(),
        most(|g| g.leadership.respondents),
        most(|g| g.practitioner.respondents)
    ))
}

fn where_evidence_sits(g: &GapRow) -> String {
    let (Some(e), Some(l), Some(p)) = (g.evidence_level, g.leadership.mean, g.practitioner.mean)
    else {
        return "the data cannot place it".into();
    };
    match g.evidence_position.as_deref() {
        Some("near_leadership") => format!("the evidence (level {e:.1}) sides with leadership"),
        Some("near_practitioners") => {
            format!("the evidence (level {e:.1}) sides with the practitioners")
        }
        Some("beyond_both") if e > l.max(p) => {
            format!("the evidence (level {e:.1}) is above both")
        }
        Some("beyond_both") => format!("the evidence (level {e:.1}) is below both"),
        _ => format!("the evidence (level {e:.1}) falls between the two"),
    }
}

fn perception_gap(gaps: &[GapRow]) -> Option<String> {
    let g = gaps.iter().find(|g| g.rank == Some(1))?;
    let (gap, lo, hi) = (g.gap?, g.ci_low?, g.ci_high?);
    if !g.shown {
        return Some(format!(
            "No discipline shows a gap between leadership and practitioners that this sample can confirm; the widest, {}, is {gap:+.1} (95 % interval {lo:+.1} to {hi:+.1}).",
            g.discipline
        ));
    }
    let (above, below) = if gap >= 0.0 {
        ("leadership rates", "the practitioners")
    } else {
        ("practitioners rate", "leadership")
    };
    Some(format!(
        "The perception gap is widest in {}: {above} it {} above {below} (95 % interval {:.1} to {:.1}; {} leadership and {} practitioner respondents), and {}.",
        g.discipline,
        levels(gap.abs()),
        lo.abs().min(hi.abs()),
        lo.abs().max(hi.abs()),
        g.leadership.respondents,
        g.practitioner.respondents,
        where_evidence_sits(g)
    ))
}

fn symptoms(symptoms: &[SymptomResult]) -> Option<String> {
    let judged = symptoms
        .iter()
        .filter(|s| s.verdict != "not evaluable")
        .count();
    if judged == 0 {
        return None;
    }
    let present: Vec<String> = symptoms
        .iter()
        .filter(|s| s.verdict == "present")
        .map(|s| {
            let figures: Vec<String> = s
                .checks
                .iter()
                .filter(|c| c.met == Some(true))
                .filter_map(|c| {
                    Some(format!(
                        "{} {}, n = {}",
                        plain_name(&c.metric, c.variant.as_deref()),
                        value(&c.metric, c.value?),
                        count(c.n?)
                    ))
                })
                .collect();
            format!("{} ({})", s.symptom, figures.join("; "))
        })
        .collect();
    Some(match present.len() {
        0 => format!("None of the {judged} level-2 symptoms the data could judge is present."),
        1 => format!(
            "One of the {judged} level-2 symptoms the data could judge is present: {}.",
            present[0]
        ),
        n => format!(
            "{} of the {judged} level-2 symptoms the data could judge are present: {}.",
            capitalise(&words(n)),
            and_list(&present)
        ),
    })
}

fn words(n: usize) -> String {
    match n {
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        5 => "five".into(),
        n => n.to_string(),
    }
}

fn calibration(rows: &[CalibrationRow]) -> Option<String> {
    let (row, lead, measured) = rows
        .iter()
        .filter_map(|r| {
            let lead = r.by_role.leadership.mean?;
            let off = r.by_role.leadership.belief.as_deref()? != "consistent";
            off.then_some((r, lead, r.measured?))
        })
        .max_by(|a, b| (a.1 - a.2).abs().total_cmp(&(b.1 - b.2).abs()))?;
    let phrase = question_for(&row.metric)?.phrase;
    let practitioners = row
        .by_role
        .practitioner
        .mean
        .map(|p| {
            format!(
                "practitioners say {:.0} (n = {}) and ",
                p * 100.0,
                row.by_role.practitioner.n
            )
        })
        .unwrap_or_default();
    Some(format!(
        "Leadership believes {:.0} in 100 {phrase} (n = {}); {practitioners}the data shows {:.0} in 100{}.",
        lead * 100.0,
        row.by_role.leadership.n,
        measured * 100.0,
        row.measured_n
            .map(|n| format!(" (n = {})", count(n)))
            .unwrap_or_default()
    ))
}

/// The discipline leadership overrates the most against the evidence.
pub fn widest_overrating(disciplines: &[DisciplineAssessment]) -> Option<&DisciplineAssessment> {
    disciplines
        .iter()
        .filter(|d| d.flag_by_role.leadership == "overrated")
        .max_by(|a, b| {
            let by = |d: &DisciplineAssessment| above_evidence(d, Role::Leadership).unwrap_or(0.0);
            by(a).total_cmp(&by(b))
        })
}

/// "Leadership overrates incident management by 1.0 level; practitioners
/// agree with the data." for a discipline leadership overrates.
pub fn overrating(d: &DisciplineAssessment) -> Option<String> {
    if d.flag_by_role.leadership != "overrated" {
        return None;
    }
    let by = above_evidence(d, Role::Leadership)?;
    let practitioners = match (
        d.flag_by_role.practitioner.as_str(),
        above_evidence(d, Role::Practitioner),
    ) {
        ("consistent", _) => "; practitioners agree with the data".to_string(),
        ("overrated", Some(p)) => format!("; practitioners overrate it too, by {}", levels(p)),
        ("underrated", _) => "; practitioners rate it below the data".to_string(),
        _ => String::new(),
    };
    Some(format!(
        "Leadership overrates {} by {}{practitioners}.",
        d.discipline,
        levels(by)
    ))
}

enum Role {
    Leadership,
    Practitioner,
}

/// How far a role's mean sits above the evidence level, unrounded (the
/// `evidence_gap` of the JSON is rounded to two decimals; rounding twice
/// would turn 1.046 into 1.1).
fn above_evidence(d: &DisciplineAssessment, role: Role) -> Option<f64> {
    let s = match role {
        Role::Leadership => d.survey.leadership.as_ref(),
        Role::Practitioner => d.survey.practitioner.as_ref(),
    }?;
    Some(s.mean - d.evidence_level?)
}

/// The disciplines a symptom speaks to, the one to act on first.
fn disciplines_of_symptom(symptom: &str) -> &'static [&'static str] {
    match symptom {
        "repeat firefighting" => &["problem management", "incident management"],
        "change-induced disruption" => &["change enablement"],
        "staff turnover" => &["workforce"],
        "low self-service" => &["service desk"],
        _ => &["incident management"],
    }
}

/// What to do first in a discipline, in a few plain words.
pub fn action(discipline: &str) -> &'static str {
    match discipline {
        "incident management" => {
            "raise problem records for the configuration items with the most repeat incidents"
        }
        "problem management" => {
            "give every repeat cluster a problem record with an owner, noisiest configuration items first"
        }
        "change enablement" => {
            "review the failed and emergency changes of the last quarter with the incidents they caused"
        }
        "service desk" => "move the most frequent simple requests to the portal",
        "knowledge management" => {
            "write knowledge articles for the most frequent incidents and link them when resolving"
        }
        "configuration management" => {
            "make every ticket and change name its configuration item, and give every CI an owner"
        }
        "service level management" => "report SLA results beside reopens and repeats, never alone",
        "workforce" => "spread knowledge beyond the few resolvers who do most of the work",
        _ => "agree with the teams what good looks like, then measure it",
    }
}

fn first_step(disciplines: &[DisciplineAssessment], symptoms: &[SymptomResult]) -> Option<String> {
    let present: Vec<&str> = symptoms
        .iter()
        .filter(|s| s.verdict == "present")
        .map(|s| s.symptom.as_str())
        .collect();
    if let Some(d) = widest_overrating(disciplines) {
        let symptom = present
            .iter()
            .find(|s| disciplines_of_symptom(s).contains(&d.discipline.as_str()))
            .map(|s| format!(" and {s} is present"))
            .unwrap_or_default();
        return Some(format!(
            "First step: {} — leadership overrates {} by {}{symptom}.",
            action(&d.discipline),
            d.discipline,
            levels(above_evidence(d, Role::Leadership).unwrap_or(0.0))
        ));
    }
    if let Some(s) = present.first() {
        return Some(format!(
            "First step: {} — {s} is present.",
            action(disciplines_of_symptom(s)[0])
        ));
    }
    let lowest = disciplines
        .iter()
        .filter_map(|d| d.evidence_level.map(|l| (d, l)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(format!(
        "First step: {} — {} is the lowest level the data shows ({:.1}).",
        action(&lowest.0.discipline),
        lowest.0.discipline,
        lowest.1
    ))
}

pub fn summarise(input: &SummaryInput<'_>) -> Vec<SummarySentence> {
    let activity = (input.activity.verdict == "activity_ahead").then(|| {
        format!(
            "{} The dashboards can be green while the same incidents keep coming back.",
            input.activity.sentence
        )
    });
    [
        ("overall", overall(input.gaps)),
        ("perception_gap", perception_gap(input.gaps)),
        ("symptoms", symptoms(input.symptoms)),
        ("activity_outcome", activity),
        ("calibration", calibration(input.calibration)),
        ("first_step", first_step(input.disciplines, input.symptoms)),
    ]
    .into_iter()
    .filter_map(|(topic, text)| text.map(|text| SummarySentence { topic, text }))
    .collect()
}

#[cfg(test)]
#[path = "executive_tests.rs"]
mod tests;
