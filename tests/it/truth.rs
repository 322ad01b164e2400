//! Planted truth: on generated organisations (several seeds, knobs and
//! profiles), every metric the project computes equals the value truth.json
//! records from the rows as written — exactly for counts and count-based
//! rates, within 0.5 percentage points (or 0.5 %) for anything sampled.

use crate::common::*;
use crate::generate::{Generated, generate};
use serde_json::Value;

fn metrics_of(g: &Generated) -> Value {
    let out = run(&[
        "metrics",
        "--data",
        g.path.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("metrics JSON")
}

fn close(a: f64, b: f64, unit: &str) -> bool {
    match unit {
        // Quantiles of durations: sampled values, compared within 0.5 %.
        "hours" => (a - b).abs() <= 0.005 * b.abs().max(1e-9),
        _ => (a - b).abs() < 1e-9,
    }
}

/// Compares every truth entry with the computed metric; returns the differences.
fn differences(truth: &Value, computed: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let ours = computed["metrics"].as_array().expect("metrics");
    for t in truth["metrics"].as_array().expect("truth metrics") {
        let id = t["id"].as_str().expect("id");
        let variant = t["variant"].as_str();
        let Some(m) = ours
            .iter()
            .find(|m| m["id"] == id && m["variant"].as_str() == variant)
        else {
            diffs.push(format!("{id} {variant:?}: not computed"));
            continue;
        };
        let unit = m["unit"].as_str().unwrap_or("");
        match (t["value"].as_f64(), m["value"].as_f64()) {
            (Some(a), Some(b)) if close(a, b, unit) => {}
            (None, None) => {}
            (a, b) => diffs.push(format!(
                "{id} {variant:?}: truth {a:?}, computed {b:?} ({})",
                m["reason"]
            )),
        }
        for key in ["numerator", "denominator"] {
            if t[key] != m[key] {
                diffs.push(format!(
                    "{id} {variant:?} {key}: truth {}, computed {}",
                    t[key], m[key]
                ));
            }
        }
    }
    // Every truth metric is computed, and every computed evaluable metric is in truth
    // or listed as not carried by the profile.
    let not_carried: Vec<&str> = truth["not_carried"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["id"].as_str().or(v.as_str()))
                .collect()
        })
        .unwrap_or_default();
    for m in ours.iter().filter(|m| m["status"] == "ok") {
        let id = m["id"].as_str().expect("id");
        let known = truth["metrics"]
            .as_array()
            .expect("truth")
            .iter()
            .any(|t| t["id"] == id && t["variant"] == m["variant"]);
        if !known && !not_carried.contains(&id) {
            diffs.push(format!(
                "{id} {}: computed but not in truth.json",
                m["variant"]
            ));
        }
    }
    diffs
}

fn assert_matches_truth(g: &Generated) {
    let truth = g.truth();
    let computed = metrics_of(g);
    assert_eq!(truth["window"], computed["window"], "window");
    assert_eq!(truth["as_of"], computed["as_of"], "as-of");
    let diffs = differences(&truth, &computed);
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    assert!(truth["metrics"].as_array().expect("metrics").len() >= 30);
}

#[test]
fn servicenow_organisations_match_their_truth() {
    for seed in [1, 2, 3] {
        assert_matches_truth(&generate(seed, "servicenow", &[]));
    }
}

#[test]
fn knob_settings_match_their_truth() {
    assert_matches_truth(&generate(
        11,
        "servicenow",
        &[
            "--self-service-trend",
            "worsening",
            "--set",
            "change_failure_rate=0.3",
            "--months",
            "9",
        ],
    ));
    assert_matches_truth(&generate(
        12,
        "servicenow",
        &["--self-service-trend", "flat", "--incidents", "1500"],
    ));
}

#[test]
fn an_event_log_reduces_to_the_same_organisation_and_its_truth() {
    let g = generate(4, "servicenow", &["--event-log"]);
    let (code, e) = inspect_json(&g.path.join("incidents.csv"), &[]);
    assert_eq!(code, 0, "{e}");
    assert_eq!(e["profile"], "servicenow-eventlog");
    assert_balanced(&e);
    let incidents = g.truth()["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == "incidents.csv")
        .map(|f| f["rows"].as_u64().expect("rows"))
        .expect("incidents.csv in truth.json");
    // About five rows per incident, reduced to the 3000 incidents planted.
    assert_eq!(incidents, count(&e, "rows_read"));
    assert!(incidents > 12_000 && incidents < 18_000, "{incidents} rows");
    assert_eq!(count(&e, "tickets_after_reduction"), 3_000);
    assert_matches_truth(&g);
}

#[test]
fn generic_and_jira_layouts_match_their_truth() {
    assert_matches_truth(&generate(5, "generic", &[]));
    assert_matches_truth(&generate(6, "jira", &[]));
}

#[test]
fn the_planted_perception_gap_is_recovered_in_both_survey_forms() {
    let g = generate(21, "servicenow", &["--respondents", "40"]);
    let truth = g.truth();
    let planted = truth["knobs"]["perception_gap"]
        .as_f64()
        .expect("planted gap");
    let wide = g.path.join("forms");
    for extra in [
        vec![],
        vec![
            "--survey".to_string(),
            wide.join("survey-responses.csv").display().to_string(),
            "--survey-mapping".to_string(),
            wide.join("survey-mapping.toml").display().to_string(),
        ],
    ] {
        let mut args = vec![
            "assess",
            "--format",
            "json",
            "--data",
            g.path.to_str().expect("utf-8"),
        ];
        args.extend(extra.iter().map(String::as_str));
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let a: Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut covered = 0;
        for t in truth["survey"]["disciplines"]
            .as_array()
            .expect("disciplines")
        {
            let name = t["discipline"].as_str().expect("name");
            let d = a["disciplines"]
                .as_array()
                .expect("list")
                .iter()
                .find(|d| d["discipline"] == name)
                .unwrap_or_else(|| panic!("{name} missing"));
            for role in ["leadership", "practitioner"] {
                let want = t[role]["mean"].as_f64().expect("mean");
                let got = d["survey"][role]["mean"].as_f64().expect("mean");
                assert!((want - got).abs() < 1e-9, "{name} {role}: {got} != {want}");
                assert_eq!(d["survey"][role]["n"], t[role]["n"], "{name} {role} n");
            }
            let gap = &d["perception_gap"];
            let realised = t["perception_gap"].as_f64().expect("gap");
            assert!((gap["value"].as_f64().expect("value") - realised).abs() < 1e-9);
            let (lo, hi) = (
                gap["ci_low"].as_f64().expect("low"),
                gap["ci_high"].as_f64().expect("high"),
            );
            if lo <= planted && planted <= hi {
                covered += 1;
            }
            if t["telemetry"] == false {
                assert_eq!(d["flag"], "no_telemetry_evidence", "{name}");
            }
        }
        let total = truth["survey"]["disciplines"]
            .as_array()
            .expect("list")
            .len();
        // A 95 % interval misses the planted value now and then; most must hold it.
        assert!(
            covered * 10 >= total * 8,
            "planted gap {planted} inside {covered} of {total} intervals"
        );
    }
}
