//! `assess`, `rubric` and `survey-template` as a user runs them.

use crate::common::*;
use serde_json::Value;

/// A small incident export with enough tickets for levels (n >= 30).
fn incidents_csv() -> String {
    let mut s = String::from(
        "id,opened_at,resolved_at,priority,channel,reassignment_count,reopen_count,ci\n",
    );
    for i in 0..60 {
        let day = 1 + i % 28;
        let month = 1 + i / 28;
        let reopened = if i % 10 == 0 { 1 } else { 0 };
        let channel = if i % 4 == 0 { "Self-service" } else { "Phone" };
        s.push_str(&format!(
            "T{i},2024-0{month}-{day:02} 09:00:00,2024-0{month}-{day:02} 15:00:00,P2,{channel},{},{reopened},CI-{}\n",
            i % 5,
            i % 7
        ));
    }
    s
}

fn assess_json(args: &[&str]) -> Value {
    let mut all = vec!["assess", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn discipline<'a>(a: &'a Value, name: &str) -> &'a Value {
    a["disciplines"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["discipline"] == name)
        .unwrap_or_else(|| panic!("no {name} in {a}"))
}

#[test]
fn long_survey_by_role_with_likert_labels_and_unknown_roles() {
    let inc = export("incidents.csv", incidents_csv().as_bytes());
    let survey = export(
        "survey.csv",
        b"respondent_id,role,discipline,score\n\
R1,CIO,Incident Management,5\nR2,IT leadership,incident management,Agree\n\
R3,Service desk,incident management,2\nR4,Engineer,incident management,Disagree\n\
R5,Intern,incident management,4\nR6,Engineer,vision,3\nR7,CIO,vision,5\n",
    );
    let a = assess_json(&[
        "--incidents",
        inc.path.to_str().expect("path"),
        "--survey",
        survey.path.to_str().expect("path"),
    ]);
    let im = discipline(&a, "incident management");
    assert_eq!(im["survey"]["leadership"]["mean"], 4.5);
    assert_eq!(im["survey"]["leadership"]["n"], 2);
    assert_eq!(im["survey"]["practitioner"]["mean"], 2.0);
    assert_eq!(im["perception_gap"]["value"], 2.5);
    assert!(im["evidence_level"].as_f64().is_some(), "{im}");
    assert_eq!(a["survey"]["unknown_roles"]["Intern"], 1);
    let vision = discipline(&a, "vision");
    assert_eq!(vision["flag"], "no_telemetry_evidence");
    assert_eq!(a["rubric"]["name"], "itsm-evidence default");
    assert_eq!(a["rubric"]["sha256"].as_str().expect("hash").len(), 64);
}

#[test]
fn overrated_when_self_scores_exceed_the_evidence_range() {
    // Every incident reopened: level 1 on the reopen rate; a self-score of 5 is overrated.
    let mut s = String::from("id,opened_at,resolved_at,reopen_count\n");
    for i in 0..40 {
        s.push_str(&format!(
            "T{i},2024-01-{:02} 09:00:00,2024-01-{:02} 10:00:00,2\n",
            1 + i % 28,
            1 + i % 28
        ));
    }
    let inc = export("incidents.csv", s.as_bytes());
    let survey = export("survey.csv", b"respondent_id,role,discipline,score\nR1,CIO,incident management,5\nR2,Engineer,incident management,5\n");
    let a = assess_json(&[
        "--incidents",
        inc.path.to_str().expect("p"),
        "--survey",
        survey.path.to_str().expect("p"),
    ]);
    let im = discipline(&a, "incident management");
    assert_eq!(im["evidence_level"], 1.0);
    assert_eq!(im["flag"], "overrated");
    assert_eq!(im["evidence_gap"]["all"], 4.0);
}

#[test]
fn survey_template_round_trips_through_a_forms_export() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(&[
        "survey-template",
        "--out",
        dir.path().to_str().expect("p"),
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let questions =
        std::fs::read_to_string(dir.path().join("questionnaire.csv")).expect("questionnaire");
    let mapping_path = dir.path().join("survey-mapping.toml");
    let mapping: toml::Value =
        toml::from_str(&std::fs::read_to_string(&mapping_path).expect("mapping")).expect("toml");
    let role_col = mapping["role_column"]
        .as_str()
        .expect("role column")
        .to_string();
    let statements: Vec<(String, String, bool)> = mapping["question"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| {
            (
                q["column"].as_str().expect("column").to_string(),
                q["discipline"].as_str().expect("discipline").to_string(),
                q.get("reversed").and_then(|r| r.as_bool()).unwrap_or(false),
            )
        })
        .collect();
    assert!(questions.contains(&statements[0].0));
    let roles: Vec<String> = mapping["roles"]
        .as_table()
        .expect("roles")
        .keys()
        .cloned()
        .collect();
    let leader = roles
        .iter()
        .find(|r| r.starts_with("IT leadership"))
        .expect("leadership choice");
    let practitioner = roles
        .iter()
        .find(|r| r.starts_with("Practitioner"))
        .expect("practitioner choice");

    let estimates: Vec<(String, String)> = mapping["estimate"]
        .as_array()
        .expect("estimates")
        .iter()
        .map(|e| {
            (
                e["column"].as_str().expect("column").to_string(),
                e["metric"].as_str().expect("metric").to_string(),
            )
        })
        .collect();
    assert!(estimates.len() >= 6, "{estimates:?}");
    assert!(questions.contains(&estimates[0].0));

    // A Forms export: Timestamp, role, one column per statement and per
    // estimate, a free-text column. Six leaders answer every estimate with a
    // number (5), six practitioners with a band (6-10 of the failure question).
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["Timestamp".to_string(), role_col.clone()];
    header.extend(statements.iter().map(|s| s.0.clone()));
    header.extend(estimates.iter().map(|e| e.0.clone()));
    header.push("Anything else you want to tell us? (optional)".into());
    w.write_record(&header).expect("header");
    let people = [
        (leader, "Agree", "5"),
        (leader, "Strongly agree", "5"),
        (practitioner, "Disagree", "6-10"),
        (practitioner, "2", "6-10"),
    ];
    for (role, answer, estimate) in people.iter().cycle().take(12) {
        let mut row = vec!["2024/03/01 10:00:00".to_string(), role.to_string()];
        row.extend(statements.iter().map(|_| answer.to_string()));
        row.extend(estimates.iter().map(|_| estimate.to_string()));
        row.push("free text, ignored".into());
        w.write_record(&row).expect("row");
    }
    let filled = export("forms.csv", &w.into_inner().expect("csv"));
    let a = assess_json(&[
        "--incidents",
        export("i.csv", incidents_csv().as_bytes())
            .path
            .to_str()
            .expect("p"),
        "--survey",
        filled.path.to_str().expect("p"),
        "--survey-mapping",
        mapping_path.to_str().expect("p"),
    ]);
    assert_eq!(a["survey"]["form"], "wide");
    assert_eq!(a["survey"]["respondents"], 12);
    assert_eq!(a["survey"]["answers_kept"], 12 * statements.len() as u64);
    assert_eq!(a["survey"]["estimates_kept"], 12 * estimates.len() as u64);
    let failure = a["calibration"]
        .as_array()
        .expect("calibration")
        .iter()
        .find(|c| c["metric"] == "change.failure_rate")
        .expect("change failure estimates");
    assert_eq!(failure["by_role"]["leadership"]["mean"], 0.05);
    assert_eq!(failure["by_role"]["leadership"]["n"], 6);
    assert_eq!(failure["by_role"]["practitioner"]["mean"], 0.08);
    // Problem management has two plain statements: leaders 4 and 5, practitioners 2 and 2.
    let pm = discipline(&a, "problem management");
    assert_eq!(pm["survey"]["leadership"]["mean"], 4.5);
    assert_eq!(pm["survey"]["practitioner"]["mean"], 2.0);
    // Incident management has one reversed statement: leaders (4 + 2, 5 + 1) / 4 = 3.0.
    let im = discipline(&a, "incident management");
    assert_eq!(im["survey"]["leadership"]["mean"], 3.0);
    let ignored = a["survey"]["ignored_columns"].as_array().expect("ignored");
    assert!(ignored.iter().any(|c| c == "Timestamp"));
}

#[test]
fn printed_rubric_reads_back_with_the_same_hash() {
    let out = run(&["rubric"]);
    assert_eq!(out.status.code(), Some(0));
    let file = export("rubric.toml", &out.stdout);
    let inc = export("incidents.csv", incidents_csv().as_bytes());
    let default = assess_json(&["--incidents", inc.path.to_str().expect("p")]);
    let custom = assess_json(&[
        "--incidents",
        inc.path.to_str().expect("p"),
        "--rubric",
        file.path.to_str().expect("p"),
    ]);
    assert_eq!(default["rubric"]["sha256"], custom["rubric"]["sha256"]);
}

#[test]
fn a_bad_rubric_names_its_line() {
    let text = "name = \"mine\"\n\n[[indicator]]\ndiscipline = \"incident management\"\nmetric = \"incident.repeat_rate\"\ndirection = \"lower\"\nthresholds = [0.1, 0.2, 0.3, 0.4]\n";
    let file = export("bad.toml", text.as_bytes());
    let inc = export("incidents.csv", incidents_csv().as_bytes());
    let out = run(&[
        "assess",
        "--incidents",
        inc.path.to_str().expect("p"),
        "--rubric",
        file.path.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.toml:3:") && err.contains("must fall"),
        "{err}"
    );
}

#[test]
fn symptoms_carry_figures_and_thresholds() {
    let inc = export("incidents.csv", incidents_csv().as_bytes());
    let a = assess_json(&["--incidents", inc.path.to_str().expect("p")]);
    let low = a["symptoms"]
        .as_array()
        .expect("symptoms")
        .iter()
        .find(|s| s["symptom"] == "low self-service")
        .expect("low self-service");
    // 15 of 60 tickets through self-service = 25 % < 36 %.
    assert_eq!(low["verdict"], "present");
    assert_eq!(low["checks"][0]["threshold"], 0.36);
    assert_eq!(low["checks"][0]["value"], 0.25);
}
