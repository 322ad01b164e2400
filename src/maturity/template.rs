//! A ready self-assessment questionnaire: plain-language statements per
//! discipline, each answered 1 (strongly disagree) to 5 (strongly agree),
//! calibration questions that ask what people believe a figure is (a number
//! out of 100 or a band), a role question, and the mapping file that reads
//! the form's export back.

use super::estimates::QUESTIONS;
use super::mapping::{EstimateMap, QuestionMap, SurveyMapping};
use crate::safe_csv;
use std::collections::BTreeMap;

pub const ROLE_QUESTION: &str = "Which best describes your role?";
pub const ROLE_CHOICES: &[(&str, &str)] = &[
    (
        "IT leadership (CIO, head of IT, director, manager)",
        "leadership",
    ),
    (
        "Practitioner (service desk, engineer, analyst, administrator)",
        "practitioner",
    ),
];
pub const COMMENT_QUESTION: &str = "Anything else you want to tell us? (optional)";

/// (discipline, statement, reversed): agreement with a reversed statement means lower maturity.
pub const STATEMENTS: &[(&str, &str, bool)] = &[
    (
        "incident management",
        "When a service breaks, it is restored quickly and stays restored.",
        false,
    ),
    (
        "incident management",
        "We fight the same incidents again and again.",
        true,
    ),
    (
        "problem management",
        "Recurring incidents lead to a problem record and a lasting fix.",
        false,
    ),
    (
        "problem management",
        "Root causes are found and removed, not just worked around.",
        false,
    ),
    (
        "change enablement",
        "Changes rarely cause incidents or outages.",
        false,
    ),
    (
        "change enablement",
        "We often have to make emergency changes.",
        true,
    ),
    (
        "service desk",
        "Users can solve routine requests themselves through a portal or self-service.",
        false,
    ),
    (
        "service desk",
        "The service desk resolves most contacts at the first attempt.",
        false,
    ),
    (
        "knowledge management",
        "Knowledge articles are written, kept current and used to resolve tickets.",
        false,
    ),
    (
        "configuration management",
        "Our CMDB is accurate enough to trust during an incident.",
        false,
    ),
    (
        "configuration management",
        "Tickets and changes name the configuration item they affect.",
        false,
    ),
    (
        "service level management",
        "We meet the service levels we agreed with the business.",
        false,
    ),
    (
        "workforce",
        "Key knowledge is spread across the team, not held by one or two people.",
        false,
    ),
    (
        "workforce",
        "People leave the support teams faster than we can replace them.",
        true,
    ),
    (
        "vision",
        "IT has a clear, shared vision of the services it will offer in three years.",
        false,
    ),
    (
        "sourcing",
        "We decide deliberately what to run ourselves and what to buy as a service.",
        false,
    ),
];

/// The mapping file that reads a Forms / Google Forms export of the questionnaire.
pub fn mapping() -> SurveyMapping {
    SurveyMapping {
        role_column: ROLE_QUESTION.into(),
        respondent_column: None,
        roles: ROLE_CHOICES
            .iter()
            .map(|(answer, role)| (answer.to_string(), role.to_string()))
            .collect::<BTreeMap<_, _>>(),
        questions: STATEMENTS
            .iter()
            .map(|(discipline, statement, reversed)| QuestionMap {
                column: statement.to_string(),
                discipline: discipline.to_string(),
                reversed: *reversed,
            })
            .collect(),
        estimates: QUESTIONS
            .iter()
            .map(|q| EstimateMap {
                column: q.question.to_string(),
                metric: q.metric.to_string(),
            })
            .collect(),
        layout: Some("wide".into()),
        submitted_column: Some("Timestamp".into()),
        ignore_columns: vec![COMMENT_QUESTION.into()],
    }
}

pub fn mapping_toml() -> String {
    let body = toml::to_string_pretty(&mapping()).unwrap_or_default();
    format!(
        "# Reads the export of the itsm-evidence questionnaire (Microsoft Forms, Google\n\
         # Forms, SurveyMonkey: one row per respondent, one column per question).\n\
         # Use: itsm-evidence assess --survey export.csv --survey-mapping survey-mapping.toml\n\n{body}"
    )
}

/// The questionnaire as Markdown, for people building the form.
pub fn markdown() -> String {
    let mut out = String::from(
        "# IT service management self-assessment\n\n\
         Answer each statement from 1 (strongly disagree) to 5 (strongly agree).\n\
         Answers are anonymous; only averages per role are reported.\n\n",
    );
    out.push_str(&format!("**{ROLE_QUESTION}** (choose one)\n\n"));
    for (answer, _) in ROLE_CHOICES {
        out.push_str(&format!("- {answer}\n"));
    }
    out.push('\n');
    for (i, (_, statement, _)) in STATEMENTS.iter().enumerate() {
        out.push_str(&format!(
            "{}. {statement}  \n   1 Strongly disagree · 2 Disagree · 3 Neutral · 4 Agree · 5 Strongly agree\n",
            i + 1
        ));
    }
    out.push_str(
        "\nWhat do you believe the figures are? Give a number out of 100, or pick the band \
         closest to it. A guess is fine: the point is to compare beliefs with the data.\n\n",
    );
    for (i, q) in QUESTIONS.iter().enumerate() {
        out.push_str(&format!(
            "{}. {}  \n   {}\n",
            STATEMENTS.len() + i + 1,
            q.question,
            q.band_labels().join(" · ")
        ));
    }
    out.push_str(&format!("\n**{COMMENT_QUESTION}**\n"));
    out
}

/// The questionnaire as CSV: one row per question, for importing into a form tool.
pub fn csv() -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = safe_csv::record(
        &mut w,
        [
            "number",
            "question",
            "type",
            "choices",
            "discipline",
            "reversed",
        ],
    );
    let roles: Vec<&str> = ROLE_CHOICES.iter().map(|(a, _)| *a).collect();
    let _ = safe_csv::record(
        &mut w,
        ["0", ROLE_QUESTION, "choice", &roles.join(" | "), "", ""],
    );
    for (i, (discipline, statement, reversed)) in STATEMENTS.iter().enumerate() {
        let number = (i + 1).to_string();
        let _ = safe_csv::record(
            &mut w,
            [
                number.as_str(),
                *statement,
                "scale 1-5",
                "1 Strongly disagree | 2 Disagree | 3 Neutral | 4 Agree | 5 Strongly agree",
                *discipline,
                if *reversed { "true" } else { "false" },
            ],
        );
    }
    for (i, q) in QUESTIONS.iter().enumerate() {
        let number = (STATEMENTS.len() + i + 1).to_string();
        let _ = safe_csv::record(
            &mut w,
            [
                number.as_str(),
                q.question,
                "choice or number 0-100",
                &q.band_labels().join(" | "),
                q.discipline,
                "false",
            ],
        );
    }
    let last = (STATEMENTS.len() + QUESTIONS.len() + 1).to_string();
    let _ = safe_csv::record(
        &mut w,
        [last.as_str(), COMMENT_QUESTION, "text", "", "", ""],
    );
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
