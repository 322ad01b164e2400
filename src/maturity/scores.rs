//! Scored answers grouped by discipline and role, kept per respondent: the
//! answers of one person are not independent of each other, so intervals on
//! the difference between roles take the respondent as their unit.

use super::stats::{Summary, summary};
use super::survey::Answer;
use std::collections::BTreeMap;

/// The roles a survey distinguishes, plus `all`.
pub const ROLES: [&str; 3] = ["leadership", "practitioner", "all"];

/// One role's answers in one discipline, per respondent.
#[derive(Debug, Clone, Default)]
pub struct RoleAnswers {
    by_respondent: BTreeMap<String, Vec<f64>>,
}

impl RoleAnswers {
    pub fn push(&mut self, respondent: &str, score: f64) {
        self.by_respondent
            .entry(respondent.to_string())
            .or_default()
            .push(score);
    }

    pub fn respondents(&self) -> u64 {
        self.by_respondent.len() as u64
    }

    /// Mean, sd and n over the answers, with the number of respondents.
    pub fn answer_summary(&self) -> Option<Summary> {
        let scores: Vec<f64> = self.by_respondent.values().flatten().copied().collect();
        summary(&scores).map(|s| Summary {
            respondents: self.respondents(),
            ..s
        })
    }

    /// Mean, sd and n over the respondents' own means: the unit of the
    /// perception gap.
    pub fn respondent_summary(&self) -> Option<Summary> {
        let means: Vec<f64> = self
            .by_respondent
            .values()
            .map(|v| v.iter().sum::<f64>() / v.len() as f64)
            .collect();
        summary(&means)
    }
}

/// Discipline -> role (`leadership`, `practitioner`, `all`) -> answers.
pub type Scores = BTreeMap<String, BTreeMap<String, RoleAnswers>>;

pub fn by_discipline(answers: &[Answer]) -> Scores {
    let mut out = Scores::new();
    for a in answers {
        let entry = out.entry(a.discipline.clone()).or_default();
        entry
            .entry(a.role.clone())
            .or_default()
            .push(&a.respondent, a.score);
        entry
            .entry("all".into())
            .or_default()
            .push(&a.respondent, a.score);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(who: &str, role: &str, score: f64) -> Answer {
        Answer {
            respondent: who.into(),
            role: role.into(),
            discipline: "incident management".into(),
            score,
        }
    }

    #[test]
    fn answers_and_respondents_are_both_counted() {
        let s = by_discipline(&[
            answer("a", "leadership", 4.0),
            answer("a", "leadership", 2.0),
            answer("b", "leadership", 5.0),
            answer("c", "practitioner", 1.0),
        ]);
        let lead = &s["incident management"]["leadership"];
        let by_answer = lead.answer_summary().expect("summary");
        assert_eq!((by_answer.n, by_answer.respondents), (3, 2));
        assert!((by_answer.mean - 11.0 / 3.0).abs() < 1e-12);
        let by_person = lead.respondent_summary().expect("summary");
        assert_eq!((by_person.n, by_person.respondents), (2, 2));
        assert_eq!(by_person.mean, 4.0);
        assert_eq!(s["incident management"]["all"].respondents(), 3);
    }
}
