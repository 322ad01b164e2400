//! The story the report tells, as a user gets it from `assess` and `analyze`:
//! a flag per role, the perception gap ranked widest first, calibration
//! recovered from both survey forms, and the executive summary in every output.

use crate::common::*;
use crate::generate::generate;
use serde_json::Value;
use std::fmt::Write;
use std::path::PathBuf;

/// 40 incidents, every one reopened: incident management sits at level 1.
fn reopened_incidents() -> Export {
    let mut s = String::from("id,opened_at,resolved_at,reopen_count\n");
    for i in 0..40 {
        let day = 1 + i % 28;
        let _ = writeln!(
            s,
            "T{i},2024-01-{day:02} 09:00:00,2024-01-{day:02} 10:00:00,1"
        );
    }
    export("incidents.csv", s.as_bytes())
}

/// A long-form survey: `(role, discipline, respondents, score)` groups; scores
/// alternate one point either side of `score` so that every group has a spread.
fn survey(groups: &[(&str, &str, usize, f64)]) -> Export {
    let mut s = String::from("respondent_id,role,discipline,score\n");
    for (g, (role, discipline, n, score)) in groups.iter().enumerate() {
        for i in 0..*n {
            let wobble = match i % 3 {
                0 => 0.0,
                1 => 1.0,
                _ => -1.0,
            };
            let score = (score + wobble).clamp(1.0, 5.0);
            let _ = writeln!(s, "{role}-{g}-{i},{role},{discipline},{score}");
        }
    }
    export("survey.csv", s.as_bytes())
}

fn assess(incidents: &Export, survey: Option<&Export>) -> Value {
    let mut args = vec![
        "assess",
        "--format",
        "json",
        "--incidents",
        incidents.path.to_str().expect("utf-8"),
    ];
    if let Some(s) = survey {
        args.extend(["--survey", s.path.to_str().expect("utf-8")]);
    }
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn discipline<'a>(a: &'a Value, name: &str) -> &'a Value {
    a["disciplines"]
        .as_array()
        .expect("disciplines")
        .iter()
        .find(|d| d["discipline"] == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn each_role_is_flagged_on_its_own_mean() {
    let incidents = reopened_incidents();
    // Five leaders at 4, thirty practitioners at 1 (both exactly, no wobble
    // needed): all respondents average 1.4, inside the margin of level 1.
    let mut s = String::from("respondent_id,role,discipline,score\n");
    for i in 0..5 {
        let _ = writeln!(s, "L{i},CIO,incident management,4");
    }
    for i in 0..30 {
        let _ = writeln!(s, "P{i},Engineer,incident management,1");
    }
    let both = export("survey.csv", s.as_bytes());
    let a = assess(&incidents, Some(&both));
    let im = discipline(&a, "incident management");
    assert_eq!(im["evidence_level"], 1.0);
    assert_eq!(im["flag"], "consistent");
    assert_eq!(im["flag_by_role"]["leadership"], "overrated");
    assert_eq!(im["flag_by_role"]["practitioner"], "consistent");
    assert_eq!(im["flag_by_role"]["all"], "consistent");

    // Only practitioners answered.
    let one_role = survey(&[("Engineer", "incident management", 10, 3.0)]);
    let a = assess(&incidents, Some(&one_role));
    let im = discipline(&a, "incident management");
    assert_eq!(im["flag_by_role"]["leadership"], "not_evaluable");
    assert_eq!(im["flag_by_role"]["practitioner"], "overrated");
    assert_eq!(im["flag_by_role"]["all"], "overrated");

    // No survey at all.
    let a = assess(&incidents, None);
    for d in a["disciplines"].as_array().expect("disciplines") {
        for role in ["leadership", "practitioner", "all"] {
            assert_eq!(d["flag_by_role"][role], "not_evaluable", "{d}");
        }
    }
    assert!(
        a["perception_gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .all(|g| g["rank"].is_null())
    );
}

#[test]
fn the_perception_gap_is_ranked_widest_first() {
    let incidents = reopened_incidents();
    let s = survey(&[
        ("CIO", "problem management", 6, 4.0),
        ("Engineer", "problem management", 9, 2.0),
        ("CIO", "service desk", 6, 2.0),
        ("Engineer", "service desk", 9, 3.0),
        ("CIO", "vision", 6, 3.0),
        ("Engineer", "vision", 9, 3.0),
        ("CIO", "sourcing", 3, 5.0),
        ("Engineer", "sourcing", 9, 2.0),
    ]);
    let a = assess(&incidents, Some(&s));
    let gaps = a["perception_gaps"].as_array().expect("gaps");
    let ranked: Vec<(&str, f64)> = gaps
        .iter()
        .filter(|g| !g["rank"].is_null())
        .map(|g| {
            (
                g["discipline"].as_str().expect("name"),
                g["gap"].as_f64().expect("gap"),
            )
        })
        .collect();
    let names: Vec<&str> = ranked.iter().map(|r| r.0).collect();
    assert_eq!(names, ["problem management", "service desk", "vision"]);
    for (i, g) in gaps.iter().take(3).enumerate() {
        assert_eq!(g["rank"], i + 1);
    }
    assert!(
        ranked[1].1 < 0.0,
        "practitioners rate the service desk higher"
    );
    assert_eq!(gaps[0]["shown"], true);
    assert_eq!(gaps[2]["shown"], false, "{}", gaps[2]);
    // Three leaders answered for sourcing: no mean, and the row says why.
    let sourcing = gaps
        .iter()
        .find(|g| g["discipline"] == "sourcing")
        .expect("sourcing");
    assert!(sourcing["leadership"]["mean"].is_null());
    assert_eq!(sourcing["leadership"]["respondents"], 3);
    assert!(
        sourcing["note"]
            .as_str()
            .expect("note")
            .contains("3 leadership respondents"),
        "{sourcing}"
    );
}

#[test]
fn calibration_means_are_recovered_exactly_from_both_survey_forms() {
    let g = generate(31, "servicenow", &["--respondents", "40"]);
    let truth = g.truth();
    let planted = truth["calibration"].as_array().expect("calibration");
    assert!(planted.len() >= 12, "{planted:?}");
    let forms = g.path.join("forms");
    let wide: [PathBuf; 2] = [
        forms.join("survey-responses.csv"),
        forms.join("survey-mapping.toml"),
    ];
    for extra in [
        vec![],
        vec![
            "--survey",
            wide[0].to_str().expect("utf-8"),
            "--survey-mapping",
            wide[1].to_str().expect("utf-8"),
        ],
    ] {
        let mut args = vec![
            "assess",
            "--format",
            "json",
            "--data",
            g.path.to_str().expect("utf-8"),
        ];
        args.extend(extra);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let a: Value = serde_json::from_slice(&out.stdout).expect("json");
        let rows = a["calibration"].as_array().expect("calibration");
        let mut checked = 0;
        for t in planted {
            let row = rows
                .iter()
                .find(|r| r["metric"] == t["metric"])
                .unwrap_or_else(|| panic!("no {} in {rows:?}", t["metric"]));
            assert_eq!(row["variant"], t["variant"]);
            let role = &row["by_role"][t["role"].as_str().expect("role")];
            assert_eq!(role["n"], t["n"], "{t}");
            if t["n"].as_u64().expect("n") >= 5 {
                let (got, want) = (
                    role["mean"].as_f64().expect("mean"),
                    t["mean_estimate"].as_f64().expect("mean"),
                );
                assert!((got - want).abs() < 1e-12, "{t}: {got} != {want}");
                checked += 1;
            }
            let measured = row["measured"].as_f64().expect("measured");
            let value = crate::generate::value(
                &truth,
                row["metric"].as_str().expect("id"),
                row["variant"].as_str(),
            );
            assert!((measured - value).abs() < 1e-12, "{t}");
        }
        assert!(checked >= 12, "{checked}");
        // Leaders are planted optimistic: most of their beliefs beat the data.
        let optimistic = rows
            .iter()
            .filter(|r| r["by_role"]["leadership"]["belief"] == "better_than_measured")
            .count();
        assert!(optimistic * 2 > rows.len(), "{rows:?}");
    }
}

/// The report folder of sample-data, as committed.
fn sample_report(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("reports/sample")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_summary_opens_every_output_and_says_the_same() {
    let maturity: Value = serde_json::from_str(&sample_report("maturity.json")).expect("json");
    let sentences: Vec<&str> = maturity["summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|s| s["text"].as_str().expect("text"))
        .collect();
    assert!(
        (4..=6).contains(&sentences.len()),
        "{} sentences",
        sentences.len()
    );
    let html = sample_report("index.html").replace('\u{a0}', " ");
    let markdown = sample_report("report.md");
    let gap_heading = html.find("id=\"perception-gap\"").expect("gap section");
    let first_metric_section = html.find("id=\"incident-management\"").expect("sections");
    assert!(html.find("id=\"summary\"").expect("summary") < gap_heading);
    assert!(gap_heading < first_metric_section);
    for s in &sentences {
        let escaped = s.replace('&', "&amp;").replace('\'', "&#39;");
        let at = html
            .find(&escaped)
            .unwrap_or_else(|| panic!("{s} not in index.html"));
        assert!(at < gap_heading, "{s} comes after the perception gap");
        assert!(markdown.contains(s), "{s} not in report.md");
    }
    // The widest gap of the sample is incident management, and leadership
    // overrates it where the mean of all respondents reads consistent.
    assert_eq!(
        maturity["perception_gaps"][0]["discipline"],
        "incident management"
    );
    let im = &maturity["disciplines"][0];
    assert_eq!(im["discipline"], "incident management");
    assert_eq!(im["flag"], "consistent");
    assert_eq!(im["flag_by_role"]["leadership"], "overrated");
    assert!(html.contains("Leadership overrates incident management"));
}

#[test]
fn names_from_the_data_stay_text_in_every_output() {
    let incidents = reopened_incidents();
    let name = "<script>alert(1)</script> & <b>bold</b>";
    let mut s = String::from("respondent_id,role,discipline,score\n");
    for i in 0..12 {
        let role = if i < 6 { "CIO" } else { "Engineer" };
        let _ = writeln!(s, "R{i},{role},\"{name}\",{}", 2 + i % 3);
    }
    let survey = export("survey.csv", s.as_bytes());
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("report");
    let o = run(&[
        "analyze",
        "--incidents",
        incidents.path.to_str().expect("utf-8"),
        "--survey",
        survey.path.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for file in ["index.html", "report.md"] {
        let text = std::fs::read_to_string(out.join(file)).expect("report");
        assert!(text.contains("alert(1)"), "{file} lost the name");
        for markup in ["<script", "<b>"] {
            assert!(!text.contains(markup), "{file} holds {markup}");
        }
    }
}
