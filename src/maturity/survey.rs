//! Self-assessment results: the long form (one row per answer, read through
//! ingest like any export) and the wide form that Microsoft Forms, Google Forms
//! and SurveyMonkey export (one row per respondent, one column per question),
//! read with a mapping file. Both become scored answers (respondent, role,
//! discipline, score 1-5) and estimates (respondent, role, metric, value).

use super::estimates::{EstimateQuestion, parse_answer, question_for};
use super::mapping::{SurveyMapping, role_of, score_of};
use crate::canonical::TableKind;
use crate::canonical::personal::mask_emails;
use crate::error::{Error, Result};
use crate::ingest::header::match_key;
use crate::ingest::{self, FileReport, Overrides};
use polars::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One scored answer, in the maturity direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub respondent: String,
    /// `leadership` or `practitioner`.
    pub role: String,
    pub discipline: String,
    pub score: f64,
}

/// One respondent's estimate of a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub respondent: String,
    pub role: String,
    pub metric: &'static str,
    /// Out of 100, as asked.
    pub percent: f64,
}

/// The answers of a survey.
#[derive(Debug, Clone)]
pub struct SurveyAnswers {
    pub answers: Vec<Answer>,
    pub estimates: Vec<Estimate>,
    pub report: SurveyReport,
}

/// Where every answer went.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SurveyReport {
    pub path: String,
    /// `long` or `wide`.
    pub form: String,
    pub respondents: u64,
    /// Scored answers counted (estimates not included).
    pub answers_kept: u64,
    /// Calibration estimates counted.
    pub estimates_kept: u64,
    /// Role values no rule or map knows, with the number of respondents (wide)
    /// or rows (long) that gave them: their answers are not counted.
    pub unknown_roles: BTreeMap<String, u64>,
    /// Score values that are neither 1-5 nor a known label, with counts.
    pub unreadable_scores: BTreeMap<String, u64>,
    /// Estimates that are neither a number of 100 nor a band, with counts.
    pub unreadable_estimates: BTreeMap<String, u64>,
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

/// The text values of a column of a frame (missing and blank as `None`).
fn texts(frame: &DataFrame, name: &str, path: &Path) -> Result<Vec<Option<String>>> {
    let column = frame.column(name).map_err(|e| Error::polars(path, e))?;
    let column = column
        .cast(&DataType::String)
        .map_err(|e| Error::polars(path, e))?;
    Ok(column
        .str()
        .map_err(|e| Error::polars(path, e))?
        .iter()
        .map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
        .collect())
}

/// Reads the long form through ingest (profile and columns detected, or
/// mapped). A row whose discipline is a metric id with a calibration
/// question is an estimate: its score (1-5) is the number of the band chosen.
pub fn read_long(path: &Path, overrides: &Overrides) -> Result<SurveyAnswers> {
    let forced = Overrides {
        kind: Some(TableKind::Survey),
        ..overrides.clone()
    };
    let (frame, report) = ingest::load(path, &forced)?.require()?;
    let ids = texts(&frame, "respondent_id", path)?;
    let roles = texts(&frame, "role", path)?;
    let disciplines = texts(&frame, "discipline", path)?;
    let scores: Vec<Option<f64>> = frame
        .column("score")
        .and_then(|c| c.cast(&DataType::Float64))
        .map_err(|e| Error::polars(path, e))?
        .f64()
        .map_err(|e| Error::polars(path, e))?
        .iter()
        .collect();
    let mut answers = Vec::new();
    let mut estimates = Vec::new();
    let mut respondents = std::collections::BTreeSet::new();
    let rows = ids.into_iter().zip(roles).zip(disciplines).zip(scores);
    for (((id, role), discipline), score) in rows {
        let (Some(id), Some(role), Some(discipline), Some(score)) = (id, role, discipline, score)
        else {
            continue;
        };
        respondents.insert(id.clone());
        match question_for(&discipline) {
            Some(q) => {
                if let Some(percent) = q.band_value(score as u8) {
                    estimates.push(Estimate {
                        respondent: id,
                        role,
                        metric: q.metric,
                        percent,
                    });
                }
            }
            None => answers.push(Answer {
                respondent: id,
                role,
                discipline: normalise_discipline(&discipline),
                score,
            }),
        }
    }
    let field_values = |field: &str| {
        report
            .unknown_values
            .get(field)
            .cloned()
            .unwrap_or_default()
    };
    Ok(SurveyAnswers {
        report: SurveyReport {
            path: path.display().to_string(),
            form: "long".into(),
            respondents: respondents.len() as u64,
            answers_kept: answers.len() as u64,
            estimates_kept: estimates.len() as u64,
            unknown_roles: field_values("role"),
            unreadable_scores: field_values("score"),
            unreadable_estimates: BTreeMap::new(),
            blank_answers: report
                .rejected_by_reason
                .get("missing score")
                .copied()
                .unwrap_or(0),
            ignored_columns: report.unmapped_columns.clone(),
            ingest: Some(report),
        },
        answers,
        estimates,
    })
}

/// What a wide export's column holds.
enum Column<'a> {
    Score { discipline: String, reversed: bool },
    Estimate(&'a EstimateQuestion),
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
    let find = |column: &str| header.find(column).ok_or_else(|| missing_column(column));
    let role_col = find(&mapping.role_column)?;
    let respondent_col = match &mapping.respondent_column {
        Some(c) => Some(find(c)?),
        None => None,
    };
    let mut columns = Vec::new();
    for q in &mapping.questions {
        let kind = Column::Score {
            discipline: normalise_discipline(&q.discipline),
            reversed: q.reversed,
        };
        columns.push((find(&q.column)?, kind));
    }
    for e in &mapping.estimates {
        // The mapping file was checked when read: every metric has a question.
        if let Some(q) = question_for(&e.metric) {
            columns.push((find(&e.column)?, Column::Estimate(q)));
        }
    }
    let text_of = |index: usize| texts(&frame, header.unique[index].as_str(), path);
    let roles_raw = text_of(role_col)?;
    let respondents_raw = match respondent_col {
        Some(i) => text_of(i)?,
        None => vec![None; frame.height()],
    };
    let respondent = |row: usize| {
        respondents_raw[row]
            .clone()
            .unwrap_or_else(|| format!("respondent {}", row + 1))
    };
    let mut report = SurveyReport {
        path: path.display().to_string(),
        form: "wide".into(),
        respondents: frame.height() as u64,
        ..Default::default()
    };
    let used: Vec<usize> = columns
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
        .map(|r| {
            let role = r.as_deref().and_then(|answer| role_of(answer, mapping));
            if role.is_none() {
                let answer = match r {
                    Some(answer) => mask_emails(answer).into_owned(),
                    None => "(blank)".into(),
                };
                *report.unknown_roles.entry(answer).or_default() += 1;
            }
            role
        })
        .collect();
    let mut answers = Vec::new();
    let mut estimates = Vec::new();
    for (index, column) in &columns {
        for (row, answer) in text_of(*index)?.into_iter().enumerate() {
            let Some(answer) = answer else {
                report.blank_answers += 1;
                continue;
            };
            let unreadable = match column {
                Column::Score { .. } => &mut report.unreadable_scores,
                Column::Estimate(_) => &mut report.unreadable_estimates,
            };
            let value = match column {
                Column::Score { reversed, .. } => score_of(&answer, *reversed),
                Column::Estimate(_) => parse_answer(&answer),
            };
            let Some(value) = value else {
                *unreadable
                    .entry(mask_emails(&answer).into_owned())
                    .or_default() += 1;
                continue;
            };
            let Some(role) = roles[row].clone() else {
                continue;
            };
            match column {
                Column::Score { discipline, .. } => answers.push(Answer {
                    respondent: respondent(row),
                    role,
                    discipline: discipline.clone(),
                    score: value,
                }),
                Column::Estimate(q) => estimates.push(Estimate {
                    respondent: respondent(row),
                    role,
                    metric: q.metric,
                    percent: value,
                }),
            }
        }
    }
    report.answers_kept = answers.len() as u64;
    report.estimates_kept = estimates.len() as u64;
    Ok(SurveyAnswers {
        answers,
        estimates,
        report,
    })
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

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn the_long_form_splits_scores_from_estimates() {
        let dir = tempfile::tempdir().expect("dir");
        let p = write(
            dir.path(),
            "survey.csv",
            "respondent_id,role,discipline,score\n\
             a,CIO,incident management,4\n\
             a,CIO,change.failure_rate,2\n\
             b,Engineer,change.failure_rate,3\n\
             b,Engineer,incident management,2\n",
        );
        let s = read_long(&p, &Overrides::default()).expect("read");
        assert_eq!(s.answers.len(), 2);
        assert_eq!(s.report.answers_kept, 2);
        assert_eq!(s.report.estimates_kept, 2);
        assert_eq!(s.report.respondents, 2);
        assert_eq!(s.estimates[0].metric, "change.failure_rate");
        assert_eq!(s.estimates[0].role, "leadership");
        assert_eq!(s.estimates[0].percent, 8.0);
        assert_eq!(s.estimates[1].percent, 15.5);
    }

    #[test]
    fn the_wide_form_reads_numbers_and_bands_and_lists_what_it_cannot() {
        let dir = tempfile::tempdir().expect("dir");
        let p = write(
            dir.path(),
            "forms.csv",
            "Role,Changes rarely fail.,How many fail?\n\
             CIO,Agree,5\n\
             Engineer,Disagree,11-20\n\
             Engineer,Agree,lots\n\
             Engineer,,\n",
        );
        let m = write(
            dir.path(),
            "map.toml",
            "role_column = \"Role\"\n[[question]]\ncolumn = \"Changes rarely fail.\"\n\
             discipline = \"change enablement\"\n[[estimate]]\ncolumn = \"How many fail?\"\n\
             metric = \"change.failure_rate\"\n",
        );
        let s = read_wide(&p, &SurveyMapping::from_file(&m).expect("mapping")).expect("read");
        assert_eq!(s.report.answers_kept, 3);
        assert_eq!(s.report.estimates_kept, 2);
        assert_eq!(s.estimates[0].percent, 5.0);
        assert_eq!(s.estimates[1].percent, 15.5);
        assert_eq!(s.report.unreadable_estimates.get("lots"), Some(&1));
        assert_eq!(s.report.blank_answers, 2);
    }
}
