//! Self-assessment results: the long form (one row per answer, read through
//! ingest like any export) and the wide form that Microsoft Forms, Google Forms
//! and SurveyMonkey export (one row per respondent, one column per question),
//! read with a mapping file. Both become answers: respondent, role,
//! discipline, score 1-5.

use crate::canonical::personal::mask_emails;
use crate::canonical::{TableKind, ValueKind};
use crate::error::{Error, Result};
use crate::ingest::header::match_key;
use crate::ingest::values::{self, Canonical};
use crate::ingest::{self, FileReport, Overrides};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The answers of a survey, one row each: `respondent_id`, `role`
/// (leadership / practitioner), `discipline`, `score` (1..5, as f64).
#[derive(Debug, Clone)]
pub struct SurveyAnswers {
    pub frame: DataFrame,
    pub report: SurveyReport,
}

/// Where every answer went.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SurveyReport {
    pub path: String,
    /// `long` or `wide`.
    pub form: String,
    pub respondents: u64,
    pub answers_kept: u64,
    /// Role values no rule or map knows, with the number of respondents (wide)
    /// or rows (long) that gave them: their answers are not counted.
    pub unknown_roles: BTreeMap<String, u64>,
    /// Score values that are neither 1-5 nor a known label, with counts.
    pub unreadable_scores: BTreeMap<String, u64>,
    pub blank_answers: u64,
    /// Columns of a wide export that no question maps (free text, e-mail, ...).
    pub ignored_columns: Vec<String>,
    /// The long form's ingest account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingest: Option<FileReport>,
}

/// Discipline names as people write them, mapped onto the rubric's.
pub fn normalise_discipline(name: &str) -> String {
    let key = match_key(name).replace(['_', '-'], " ");
    match key.as_str() {
        "incident" | "incidents" => "incident management".into(),
        "problem" | "problems" => "problem management".into(),
        "change" | "change management" | "changes" => "change enablement".into(),
        "service desk management" | "desk" => "service desk".into(),
        "knowledge" => "knowledge management".into(),
        "configuration" | "cmdb" | "service configuration management" => {
            "configuration management".into()
        }
        "service level" | "sla" | "slm" => "service level management".into(),
        "people" | "workforce management" => "workforce".into(),
        _ => key,
    }
}

/// Reads the long form through ingest (profile and columns detected, or mapped).
pub fn read_long(path: &Path, overrides: &Overrides) -> Result<SurveyAnswers> {
    let forced = Overrides {
        kind: Some(TableKind::Survey),
        ..overrides.clone()
    };
    let (frame, report) = ingest::load(path, &forced)?.require()?;
    let frame = frame
        .lazy()
        .select([
            col("respondent_id"),
            col("role"),
            col("discipline"),
            col("score").cast(DataType::Float64),
        ])
        .collect()
        .map_err(|e| Error::polars(path, e))?;
    let disciplines = normalise_column(&frame, "discipline").map_err(|e| Error::polars(path, e))?;
    let frame = frame
        .lazy()
        .with_column(disciplines)
        .collect()
        .map_err(|e| Error::polars(path, e))?;
    let respondents = frame
        .column("respondent_id")
        .and_then(|c| c.n_unique())
        .map_err(|e| Error::polars(path, e))? as u64;
    let unknown_roles = report
        .unknown_values
        .get("role")
        .cloned()
        .unwrap_or_default();
    let unreadable_scores = report
        .unknown_values
        .get("score")
        .cloned()
        .unwrap_or_default();
    Ok(SurveyAnswers {
        report: SurveyReport {
            path: path.display().to_string(),
            form: "long".into(),
            respondents,
            answers_kept: frame.height() as u64,
            unknown_roles,
            unreadable_scores,
            blank_answers: report
                .rejected_by_reason
                .get("missing score")
                .copied()
                .unwrap_or(0),
            ignored_columns: report.unmapped_columns.clone(),
            ingest: Some(report),
        },
        frame,
    })
}

fn normalise_column(frame: &DataFrame, name: &str) -> PolarsResult<Expr> {
    let distinct = frame
        .column(name)?
        .as_materialized_series()
        .unique()?
        .drop_nulls();
    let old: Vec<String> = distinct
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    let new: Vec<String> = old.iter().map(|d| normalise_discipline(d)).collect();
    Ok(col(name).replace_strict(
        lit(Series::new("old".into(), old)),
        lit(Series::new("new".into(), new)),
        Some(lit(NULL).cast(DataType::String)),
        Some(DataType::String),
    ))
}

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
        if mapping.questions.is_empty() {
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: 1,
                message: "no [[question]] maps a column to a discipline".into(),
            });
        }
        Ok(mapping)
    }
}

fn role_of(answer: &str, mapping: &SurveyMapping) -> Option<String> {
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

fn score_of(answer: &str, reversed: bool) -> Option<f64> {
    match values::normalise(ValueKind::Score, answer) {
        Some(Canonical::Int(s)) => Some(if reversed { 6 - s } else { s } as f64),
        _ => None,
    }
}

/// Reads a wide export (one row per respondent) with its mapping file.
pub fn read_wide(path: &Path, mapping: &SurveyMapping) -> Result<SurveyAnswers> {
    let (header, frame) = ingest::read_text_table(path, &ingest::Overrides::default())?;
    let missing_column = |column: &str| Error::MappedColumnMissing {
        path: path.to_path_buf(),
        field: "survey mapping".into(),
        column: column.to_string(),
        hint: {
            let closest = header.closest(column);
            if closest.is_empty() {
                format!("Columns found: {}", header.summary(12))
            } else {
                format!("Closest columns: {}", closest.join(", "))
            }
        },
    };
    let role_col = header
        .find(&mapping.role_column)
        .ok_or_else(|| missing_column(&mapping.role_column))?;
    let respondent_col = match &mapping.respondent_column {
        Some(c) => Some(header.find(c).ok_or_else(|| missing_column(c))?),
        None => None,
    };
    let mut question_cols = Vec::new();
    for q in &mapping.questions {
        let index = header
            .find(&q.column)
            .ok_or_else(|| missing_column(&q.column))?;
        question_cols.push((index, q));
    }
    let text_of = |index: usize| -> Result<Vec<Option<String>>> {
        let column = frame
            .column(header.unique[index].as_str())
            .map_err(|e| Error::polars(path, e))?;
        Ok(column
            .str()
            .map_err(|e| Error::polars(path, e))?
            .iter()
            .map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
            .collect())
    };
    let roles_raw = text_of(role_col)?;
    let respondents_raw = match respondent_col {
        Some(i) => text_of(i)?,
        None => (1..=frame.height())
            .map(|i| Some(format!("respondent {i}")))
            .collect(),
    };
    let mut report = SurveyReport {
        path: path.display().to_string(),
        form: "wide".into(),
        respondents: frame.height() as u64,
        ..Default::default()
    };
    let used: Vec<usize> = question_cols
        .iter()
        .map(|(i, _)| *i)
        .chain([role_col])
        .chain(respondent_col)
        .collect();
    report.ignored_columns = header
        .named()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, n)| n.to_string())
        .collect();
    let roles: Vec<Option<String>> = roles_raw
        .iter()
        .map(|r| match r {
            Some(answer) => {
                let role = role_of(answer, mapping);
                if role.is_none() {
                    *report
                        .unknown_roles
                        .entry(mask_emails(answer).into_owned())
                        .or_default() += 1;
                }
                role
            }
            None => {
                *report.unknown_roles.entry("(blank)".into()).or_default() += 1;
                None
            }
        })
        .collect();
    let (mut ids, mut role_out, mut disciplines, mut scores) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (index, q) in &question_cols {
        let discipline = normalise_discipline(&q.discipline);
        for (row, answer) in text_of(*index)?.into_iter().enumerate() {
            let Some(answer) = answer else {
                report.blank_answers += 1;
                continue;
            };
            let Some(score) = score_of(&answer, q.reversed) else {
                *report
                    .unreadable_scores
                    .entry(mask_emails(&answer).into_owned())
                    .or_default() += 1;
                continue;
            };
            let Some(role) = roles[row].clone() else {
                continue;
            };
            ids.push(
                respondents_raw[row]
                    .clone()
                    .unwrap_or_else(|| format!("respondent {}", row + 1)),
            );
            role_out.push(role);
            disciplines.push(discipline.clone());
            scores.push(score);
        }
    }
    report.answers_kept = scores.len() as u64;
    let frame = DataFrame::new_infer_height(vec![
        Series::new("respondent_id".into(), ids).into(),
        Series::new("role".into(), role_out).into(),
        Series::new("discipline".into(), disciplines).into(),
        Series::new("score".into(), scores).into(),
    ])
    .map_err(|e| Error::polars(path, e))?;
    Ok(SurveyAnswers { frame, report })
}

/// Per discipline and role (`leadership`, `practitioner`, `all`): the scores.
pub fn scores_by_discipline(
    answers: &SurveyAnswers,
) -> Result<BTreeMap<String, BTreeMap<String, Vec<f64>>>> {
    let frame = &answers.frame;
    let err = |e: PolarsError| Error::Internal(format!("survey table: {e}"));
    let disciplines = frame
        .column("discipline")
        .map_err(err)?
        .str()
        .map_err(err)?
        .clone();
    let roles = frame
        .column("role")
        .map_err(err)?
        .str()
        .map_err(err)?
        .clone();
    let scores = frame
        .column("score")
        .map_err(err)?
        .f64()
        .map_err(err)?
        .clone();
    let mut out: BTreeMap<String, BTreeMap<String, Vec<f64>>> = BTreeMap::new();
    for ((d, r), s) in disciplines.iter().zip(roles.iter()).zip(scores.iter()) {
        let (Some(d), Some(r), Some(s)) = (d, r, s) else {
            continue;
        };
        let entry = out.entry(d.to_string()).or_default();
        entry.entry(r.to_string()).or_default().push(s);
        entry.entry("all".into()).or_default().push(s);
    }
    Ok(out)
}

/// The survey of a run: the named file (wide with a mapping file, else long),
/// or else a survey export found among the `--data` files. Returns the path
/// read, for fingerprints.
pub fn read_for_run(
    named: Option<&Path>,
    mapping: Option<&Path>,
    found: Option<&Path>,
    overrides: &Overrides,
) -> Result<Option<(std::path::PathBuf, SurveyAnswers)>> {
    let path = named.or(found);
    let answers = match (path, mapping) {
        (Some(path), Some(mapping)) => read_wide(path, &SurveyMapping::from_file(mapping)?)?,
        (Some(path), None) => read_long(path, overrides)?,
        (None, Some(_)) => {
            return Err(Error::Usage("--survey-mapping needs --survey FILE".into()));
        }
        (None, None) => return Ok(None),
    };
    Ok(path.map(|p| (p.to_path_buf(), answers)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disciplines_are_normalised() {
        assert_eq!(
            normalise_discipline(" Change Management "),
            "change enablement"
        );
        assert_eq!(normalise_discipline("CMDB"), "configuration management");
        assert_eq!(normalise_discipline("Vision"), "vision");
    }

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
}
