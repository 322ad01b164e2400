//! The mapping file of a wide survey export: which column holds the role and
//! the respondent, how role answers map, which question belongs to which
//! discipline (and whether it is reversed), and which question estimates
//! which metric.

use super::estimates::{QUESTIONS, question_for};
use crate::canonical::ValueKind;
use crate::error::{Error, Result};
use crate::ingest::header::match_key;
use crate::ingest::values::{self, Canonical};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The mapping file of a wide survey export.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyMapping {
    /// The column holding the respondent's role.
    pub role_column: String,
    /// A column identifying respondents (an e-mail); default: the row number.
    pub respondent_column: Option<String>,
    /// Role answers (any case) -> leadership / practitioner; wins over the built-in names.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    #[serde(default, rename = "question", alias = "questions")]
    pub questions: Vec<QuestionMap>,
    /// Calibration questions: which column estimates which metric.
    #[serde(
        default,
        rename = "estimate",
        alias = "estimates",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub estimates: Vec<EstimateMap>,
    /// `wide`, the only layout a mapping file describes; accepted for clarity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// The submission time column (Forms' `Timestamp`); it is not an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_column: Option<String>,
    /// Columns that are not answers (free text); unmapped columns are ignored anyway.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore_columns: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionMap {
    /// The question's column header, as the form exports it.
    pub column: String,
    pub discipline: String,
    /// Agreement means lower maturity: the score is read as 6 - score.
    #[serde(default)]
    pub reversed: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateMap {
    /// The question's column header, as the form exports it.
    pub column: String,
    /// The metric id the answers estimate (docs/maturity.md lists them).
    pub metric: String,
}

impl SurveyMapping {
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::io(path, e),
        })?;
        let line_of = |offset: usize| text[..offset.min(text.len())].lines().count().max(1);
        let mapping: SurveyMapping = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(s.start)).unwrap_or(1),
            message: e.message().to_string(),
        })?;
        for (answer, role) in &mapping.roles {
            values::parse_canonical(ValueKind::Role, role).map_err(|msg| Error::Config {
                path: path.to_path_buf(),
                line: 1,
                message: format!("roles.\"{answer}\": {msg}"),
            })?;
        }
        if let Some(layout) = mapping.layout.as_deref().filter(|l| *l != "wide") {
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "layout `{layout}`: a survey mapping file describes the wide layout"
                ),
            });
        }
        if mapping.questions.is_empty() && mapping.estimates.is_empty() {
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: 1,
                message: "no [[question]] maps a column to a discipline".into(),
            });
        }
        for e in &mapping.estimates {
            if question_for(&e.metric).is_none() {
                let known: Vec<&str> = QUESTIONS.iter().map(|q| q.metric).collect();
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    line: line_of(text.find(&e.metric).unwrap_or(0)),
                    message: format!(
                        "[[estimate]] `{}`: no calibration question for that metric; expected one of {}",
                        e.metric,
                        known.join(", ")
                    ),
                });
            }
        }
        Ok(mapping)
    }
}

/// The role an answer names: the mapping's `[roles]` first, then the built-in names.
pub fn role_of(answer: &str, mapping: &SurveyMapping) -> Option<String> {
    let key = match_key(answer);
    let mapped = mapping
        .roles
        .iter()
        .find(|(a, _)| match_key(a) == key)
        .map(|(_, r)| r.trim().to_lowercase());
    match mapped {
        Some(r) => Some(r),
        None => match values::normalise(ValueKind::Role, answer) {
            Some(Canonical::Text(r)) => Some(r),
            _ => None,
        },
    }
}

/// A 1-5 score in the maturity direction (a reversed statement reads 6 - score).
pub fn score_of(answer: &str, reversed: bool) -> Option<f64> {
    match values::normalise(ValueKind::Score, answer) {
        Some(Canonical::Int(s)) => Some(if reversed { 6 - s } else { s } as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_questions_flip_the_score() {
        assert_eq!(score_of("Strongly agree", true), Some(1.0));
        assert_eq!(score_of("2", true), Some(4.0));
        assert_eq!(score_of("2", false), Some(2.0));
        assert_eq!(score_of("often", false), None);
    }

    #[test]
    fn role_map_wins_over_built_in_names() {
        let mapping = SurveyMapping {
            role_column: "Role".into(),
            respondent_column: None,
            roles: [("Team lead".to_string(), "practitioner".to_string())].into(),
            questions: vec![],
            estimates: vec![],
            layout: None,
            submitted_column: None,
            ignore_columns: vec![],
        };
        assert_eq!(
            role_of("team LEAD", &mapping).as_deref(),
            Some("practitioner")
        );
        assert_eq!(role_of("CIO", &mapping).as_deref(), Some("leadership"));
        assert_eq!(role_of("Intern", &mapping), None);
    }

    #[test]
    fn an_estimate_of_an_unknown_metric_names_the_line() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("map.toml");
        std::fs::write(
            &path,
            "role_column = \"Role\"\n\n[[estimate]]\ncolumn = \"How many?\"\nmetric = \"incident.volume\"\n",
        )
        .expect("write");
        match SurveyMapping::from_file(&path) {
            Err(Error::Config { line, message, .. }) => {
                assert_eq!(line, 5, "{message}");
                assert!(message.contains("incident.volume"), "{message}");
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }
}
