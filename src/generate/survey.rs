//! The self-assessment survey: respondents by role answer questions mapped to
//! disciplines; leadership answers higher than practitioners by a planted gap.
//! They also estimate figures (the calibration questions): each scatters
//! around the realised value, leaders moved toward the ideal by a planted
//! optimism, and answers with a band. Written twice: the long form the tool
//! reads (`survey.csv`, an estimate as its band's number), and the wide layout
//! a Microsoft Forms / Google Forms export has (an estimate as the band's
//! label), with the mapping file that turns it into the long form (`forms/`).

use super::calendar::{DAY, DateStyle, HOUR, Ts};
use super::knobs::Knobs;
use super::names::{NamePool, email};
use super::rng::Draw;
use super::writer::{Sink, Written};
use crate::error::{Error, Result};
use crate::maturity::estimates::{EstimateQuestion, QUESTIONS};
use crate::metrics::stats::Better;
use std::collections::BTreeMap;
use std::path::Path;

/// A discipline of the survey: the rubric's names, plus two the data cannot speak to.
pub struct Discipline {
    pub name: &'static str,
    /// Whether operational data can speak to it.
    pub telemetry: bool,
    /// Practitioners' mean self-assessment (1-5) before noise.
    base: f64,
    /// Questions and whether each is reversed (agreeing means less mature).
    questions: &'static [(&'static str, bool)],
}

pub const DISCIPLINES: &[Discipline] = &[
    Discipline {
        name: "incident management",
        telemetry: true,
        base: 2.9,
        questions: &[
            (
                "Incidents are restored quickly and rarely come back.",
                false,
            ),
            ("We often fight the same incidents again and again.", true),
        ],
    },
    Discipline {
        name: "problem management",
        telemetry: true,
        base: 2.1,
        questions: &[
            (
                "Recurring incidents lead to a problem record and a root-cause fix.",
                false,
            ),
            ("We know the root causes of our biggest outages.", false),
        ],
    },
    Discipline {
        name: "change enablement",
        telemetry: true,
        base: 2.6,
        questions: &[
            ("Changes rarely cause incidents.", false),
            ("Emergency changes are the exception, not the rule.", false),
            ("Failed changes are often not recorded as failed.", true),
        ],
    },
    Discipline {
        name: "service desk",
        telemetry: true,
        base: 2.8,
        questions: &[
            (
                "Most users help themselves through the portal or the virtual agent.",
                false,
            ),
            (
                "The service desk resolves most contacts at the first attempt.",
                false,
            ),
        ],
    },
    Discipline {
        name: "knowledge management",
        telemetry: true,
        base: 2.3,
        questions: &[(
            "Agents find a usable knowledge article for most issues.",
            false,
        )],
    },
    Discipline {
        name: "configuration management",
        telemetry: true,
        base: 2.2,
        questions: &[
            (
                "The CMDB is accurate enough to trust during an outage.",
                false,
            ),
            ("Many CIs in the CMDB are out of date.", true),
        ],
    },
    Discipline {
        name: "service level management",
        telemetry: true,
        base: 3.1,
        questions: &[(
            "We meet the service levels we agreed with the business.",
            false,
        )],
    },
    Discipline {
        name: "workforce",
        telemetry: true,
        base: 2.5,
        questions: &[
            (
                "Knowledge is spread across the team, not held by a few people.",
                false,
            ),
            (
                "People leave the support teams faster than we can train new ones.",
                true,
            ),
        ],
    },
    Discipline {
        name: "vision",
        telemetry: false,
        base: 2.7,
        questions: &[(
            "Everyone in IT understands where service management is heading.",
            false,
        )],
    },
    Discipline {
        name: "sourcing",
        telemetry: false,
        base: 2.9,
        questions: &[(
            "Suppliers and outsourcing let us focus on what matters most.",
            false,
        )],
    },
];

const LEADERSHIP_ROLES: &[&str] = &[
    "CIO",
    "IT leadership",
    "Head of IT",
    "IT manager",
    "IT director",
];
const PRACTITIONER_ROLES: &[&str] = &[
    "Service desk analyst",
    "Engineer",
    "Analyst",
    "Technician",
    "Support engineer",
];
const LIKERT: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];
const COMMENTS: &[&str] = &[
    "",
    "",
    "",
    "The portal is hard to find.",
    "We keep fixing the same servers, nobody owns the root cause.",
    "Change approvals take too long, so people raise emergencies instead.",
    "Good progress this year, but the CMDB is still \"aspirational\".",
    "Too much knowledge sits with two or three people.\nIf they leave we are in trouble.",
    "Leadership thinks we are further along than we are; the tooling is fine, the process is not.",
];

pub const WIDE_FILE: &str = "forms/survey-responses.csv";
pub const MAPPING_FILE: &str = "forms/survey-mapping.toml";
const ROLE_QUESTION: &str = "What is your role?";
const COMMENT_QUESTION: &str = "Anything else you would like to tell us?";

struct Respondent {
    email: String,
    role: &'static str,
    leadership: bool,
    submitted: Ts,
    /// Scores in the maturity direction, one per question in `DISCIPLINES` order.
    scores: Vec<u8>,
    /// The band (1-5) chosen for each calibration question; `None` when skipped.
    estimates: Vec<Option<u8>>,
    comment: &'static str,
}

/// Per discipline and role (0 leadership, 1 practitioner): n, sum, sum of
/// squares; per calibration question and role: n and the sum of the bands'
/// midpoints (out of 100) as the tool reads them.
#[derive(Debug, Default, Clone)]
pub struct SurveyTally {
    pub respondents: u64,
    pub stats: Vec<[(u64, u64, u64); 2]>,
    pub estimates: Vec<[(u64, f64); 2]>,
}

/// Respondents who leave a calibration question blank.
const ESTIMATE_SKIP: f64 = 0.1;

/// A respondent's belief about a figure (out of 100): the realised value,
/// moved toward the ideal by the role's optimism, scattered by a spread that
/// narrows near 0 and 100.
fn belief(q: &EstimateQuestion, realised: f64, optimism: f64, draw: &mut Draw) -> f64 {
    let ideal = match q.better {
        Better::Higher => 100.0,
        Better::Lower => 0.0,
    };
    let centre = realised + optimism * (ideal - realised);
    let spread = (0.25 * centre.min(100.0 - centre)).max(2.0);
    (centre + spread * draw.normal()).clamp(0.0, 100.0)
}

/// What the survey wrote: files, the tally of the long form, and its timestamps.
pub struct SurveyOutput {
    pub files: Vec<Written>,
    pub tally: SurveyTally,
    pub latest: Option<Ts>,
}

fn questions() -> impl Iterator<Item = (usize, &'static str, bool)> {
    DISCIPLINES
        .iter()
        .enumerate()
        .flat_map(|(d, disc)| disc.questions.iter().map(move |(q, rev)| (d, *q, *rev)))
}

fn respondents(
    knobs: &Knobs,
    end: Ts,
    draw: &mut Draw,
    realised: &BTreeMap<&'static str, f64>,
) -> Vec<Respondent> {
    let mut names = NamePool::new(draw);
    let mut out: Vec<Respondent> = (0..knobs.respondents)
        .map(|i| {
            let leadership = match i {
                0 if knobs.respondents >= 2 => true,
                1 => false,
                _ => draw.chance(knobs.leadership_share),
            };
            let role = if leadership {
                *draw.pick(LEADERSHIP_ROLES)
            } else {
                *draw.pick(PRACTITIONER_ROLES)
            };
            let submitted = end - draw.range(HOUR, 14 * DAY);
            let bias = 0.35 * draw.normal();
            let scores = questions()
                .map(|(d, _, _)| {
                    let mean = DISCIPLINES[d].base
                        + if leadership {
                            knobs.perception_gap
                        } else {
                            0.0
                        }
                        + bias;
                    libm::round(mean + 0.7 * draw.normal()).clamp(1.0, 5.0) as u8
                })
                .collect();
            let comment = *draw.pick(COMMENTS);
            Respondent {
                email: email(&names.next()),
                role,
                leadership,
                submitted,
                scores,
                estimates: Vec::new(),
                comment,
            }
        })
        .collect();
    // Estimates are drawn after every answer, so that adding a question
    // leaves the scores of a seed as they were.
    for p in &mut out {
        let optimism = if p.leadership {
            knobs.leadership_optimism
        } else {
            knobs.practitioner_optimism
        };
        p.estimates = QUESTIONS
            .iter()
            .map(|q| {
                let value = *realised.get(q.metric)?;
                let believed = belief(q, value, optimism, draw);
                (!draw.chance(ESTIMATE_SKIP)).then(|| q.band_of(believed))
            })
            .collect();
    }
    out.sort_by(|a, b| a.submitted.cmp(&b.submitted).then(a.email.cmp(&b.email)));
    out
}

/// Writes the long form, the wide form and the mapping file. `realised` holds
/// the figures the calibration questions ask about (out of 100).
pub fn write(
    dir: &Path,
    knobs: &Knobs,
    end: Ts,
    draw: &mut Draw,
    realised: &BTreeMap<&'static str, f64>,
) -> Result<SurveyOutput> {
    let people = respondents(knobs, end, draw, realised);
    let mut tally = SurveyTally {
        respondents: people.len() as u64,
        stats: vec![[(0, 0, 0); 2]; DISCIPLINES.len()],
        estimates: vec![[(0, 0.0); 2]; QUESTIONS.len()],
    };
    if people.is_empty() {
        return Ok(SurveyOutput {
            files: Vec::new(),
            tally,
            latest: None,
        });
    }
    let mut long = Sink::create(
        dir,
        "survey.csv",
        "survey",
        &[
            "respondent_id",
            "role",
            "discipline",
            "score",
            "question",
            "submitted_at",
        ],
        DateStyle::Space,
    )?;
    for p in &people {
        for ((d, question, _), &score) in questions().zip(&p.scores) {
            long.text(&p.email)?;
            long.text(p.role)?;
            long.text(DISCIPLINES[d].name)?;
            long.number(Some(score as u64))?;
            long.text(question)?;
            long.date(Some(p.submitted))?;
            long.end()?;
            let s = &mut tally.stats[d][usize::from(!p.leadership)];
            s.0 += 1;
            s.1 += score as u64;
            s.2 += (score as u64) * (score as u64);
        }
        for (i, (q, band)) in QUESTIONS.iter().zip(&p.estimates).enumerate() {
            let Some(band) = band else { continue };
            long.text(&p.email)?;
            long.text(p.role)?;
            long.text(q.metric)?;
            long.number(Some(u64::from(*band)))?;
            long.text(q.question)?;
            long.date(Some(p.submitted))?;
            long.end()?;
            let t = &mut tally.estimates[i][usize::from(!p.leadership)];
            t.0 += 1;
            t.1 += q.band_value(*band).unwrap_or(0.0);
        }
    }
    let mut header = vec!["Timestamp", "Email address", ROLE_QUESTION];
    header.extend(questions().map(|(_, q, _)| q));
    header.extend(QUESTIONS.iter().map(|q| q.question));
    header.push(COMMENT_QUESTION);
    let mut wide = Sink::create(dir, WIDE_FILE, "survey (wide)", &header, DateStyle::Slash)?;
    for p in &people {
        wide.date(Some(p.submitted))?;
        wide.text(&p.email)?;
        wide.text(p.role)?;
        for ((_, _, reversed), &score) in questions().zip(&p.scores) {
            let answer = if reversed { 6 - score } else { score };
            wide.text(LIKERT[(answer - 1) as usize])?;
        }
        for (q, band) in QUESTIONS.iter().zip(&p.estimates) {
            let label = band.map(|b| q.band_labels()[usize::from(b) - 1].clone());
            wide.text(label.as_deref().unwrap_or(""))?;
        }
        wide.text(p.comment)?;
        wide.end()?;
    }
    let mapping = mapping_toml();
    let path = dir.join(MAPPING_FILE);
    std::fs::write(&path, mapping).map_err(|e| Error::Write {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let latest = people.iter().map(|p| p.submitted).max();
    Ok(SurveyOutput {
        files: vec![long.finish()?, wide.finish()?],
        tally,
        latest,
    })
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The question-to-discipline mapping of the wide form.
pub fn mapping_toml() -> String {
    let mut s = String::new();
    s.push_str("# How to read survey-responses.csv (a Forms-style export: one row per\n");
    s.push_str("# respondent, one column per question) as the long-form survey.\n");
    s.push_str("# Answers are Likert labels; a reversed question scores 6 - answer.\n\n");
    s.push_str("layout = \"wide\"\n");
    s.push_str(&format!(
        "respondent_column = {}\n",
        quoted("Email address")
    ));
    s.push_str(&format!("role_column = {}\n", quoted(ROLE_QUESTION)));
    s.push_str(&format!("submitted_column = {}\n", quoted("Timestamp")));
    s.push_str(&format!(
        "ignore_columns = [{}]\n\n",
        quoted(COMMENT_QUESTION)
    ));
    s.push_str("[roles]\n");
    for r in LEADERSHIP_ROLES {
        s.push_str(&format!("{} = \"leadership\"\n", quoted(r)));
    }
    for r in PRACTITIONER_ROLES {
        s.push_str(&format!("{} = \"practitioner\"\n", quoted(r)));
    }
    for (d, question, reversed) in questions() {
        s.push_str("\n[[questions]]\n");
        s.push_str(&format!("column = {}\n", quoted(question)));
        s.push_str(&format!("discipline = {}\n", quoted(DISCIPLINES[d].name)));
        s.push_str(&format!("reversed = {reversed}\n"));
    }
    for q in QUESTIONS {
        s.push_str("\n[[estimate]]\n");
        s.push_str(&format!("column = {}\n", quoted(q.question)));
        s.push_str(&format!("metric = {}\n", quoted(q.metric)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_is_valid_toml_naming_every_question() {
        let text = mapping_toml();
        let doc: toml::Value = toml::from_str(&text).expect("toml");
        let qs = doc["questions"].as_array().expect("questions");
        assert_eq!(qs.len(), questions().count());
        assert!(qs.iter().any(|q| q["reversed"].as_bool() == Some(true)));
        assert_eq!(doc["roles"]["CIO"].as_str(), Some("leadership"));
    }

    #[test]
    fn roles_are_spelled_the_way_ingest_maps_them() {
        use crate::canonical::ValueKind;
        use crate::ingest::values::{Canonical, normalise};
        for (roles, want) in [
            (LEADERSHIP_ROLES, "leadership"),
            (PRACTITIONER_ROLES, "practitioner"),
        ] {
            for r in roles {
                assert_eq!(
                    normalise(ValueKind::Role, r),
                    Some(Canonical::Text(want.into())),
                    "{r}"
                );
            }
        }
        for label in LIKERT {
            assert!(normalise(ValueKind::Score, label).is_some(), "{label}");
        }
    }
}
