//! `generate`: same seed same bytes, every file read by ingest without a
//! rejected row or an unknown value in each profile, a truth.json that agrees
//! with itself and the files, and knobs that move the realised figures.

use crate::common::*;
use itsm_evidence::maturity::estimates::question_for;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A small organisation: fast in the debug build, big enough to have every pattern.
pub const SMALL: &[&str] = &[
    "--incidents",
    "3000",
    "--changes",
    "400",
    "--cis",
    "400",
    "--respondents",
    "12",
    "--months",
    "6",
];

pub struct Generated {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Generated {
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    pub fn truth(&self) -> Value {
        let text = std::fs::read_to_string(self.file("truth.json")).expect("truth.json");
        serde_json::from_str(&text).expect("truth.json is JSON")
    }
}

/// Runs `generate` into a fresh folder.
pub fn generate(seed: u64, profile: &str, extra: &[&str]) -> Generated {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("org");
    let seed = seed.to_string();
    let mut args = vec![
        "generate",
        "--out",
        path.to_str().expect("utf-8"),
        "--seed",
        &seed,
        "--profile",
        profile,
    ];
    // The small defaults, except where the test names its own.
    for pair in SMALL.chunks(2) {
        if !extra.contains(&pair[0]) {
            args.extend_from_slice(pair);
        }
    }
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    Generated { _dir: dir, path }
}

/// Every file under `dir`, relative path -> bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// The metric of that id and variant in truth.json.
pub fn metric<'a>(truth: &'a Value, id: &str, variant: Option<&str>) -> &'a Value {
    truth["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["id"] == id && m["variant"].as_str() == variant)
        .unwrap_or_else(|| panic!("no metric {id} {variant:?}"))
}

pub fn value(truth: &Value, id: &str, variant: Option<&str>) -> f64 {
    metric(truth, id, variant)["value"]
        .as_f64()
        .unwrap_or_else(|| panic!("{id} {variant:?} has no value"))
}

#[test]
fn same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let a = generate(7, "servicenow", &[]);
    let b = generate(7, "servicenow", &[]);
    let c = generate(8, "servicenow", &[]);
    let (fa, fb, fc) = (contents(&a.path), contents(&b.path), contents(&c.path));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        vec![
            "changes.csv",
            "cmdb_ci.csv",
            "forms/survey-mapping.toml",
            "forms/survey-responses.csv",
            "incidents.csv",
            "requests.csv",
            "survey.csv",
            "truth.json"
        ]
    );
    for (name, bytes) in &fa {
        assert!(
            fb[name] == *bytes,
            "{name} differs between two runs of one seed"
        );
    }
    for name in [
        "incidents.csv",
        "changes.csv",
        "cmdb_ci.csv",
        "survey.csv",
        "truth.json",
    ] {
        assert!(fc[name] != fa[name], "{name} is the same for another seed");
    }
}

#[test]
fn same_seed_same_bytes_in_the_other_profiles() {
    for profile in ["jira", "generic"] {
        let a = contents(&generate(3, profile, &[]).path);
        let b = contents(&generate(3, profile, &[]).path);
        assert!(a == b, "{profile}: two runs differ");
    }
}

fn inspect_all(g: &Generated) -> Vec<Value> {
    let mut files: Vec<String> = std::fs::read_dir(&g.path)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    let mut args = vec!["inspect", "--json"];
    args.extend(files.iter().map(String::as_str));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    doc["files"].as_array().expect("files").clone()
}

#[test]
fn ingest_reads_every_file_of_every_profile_without_rejects_or_unknown_values() {
    for (seed, profile, expected) in [
        (
            11,
            "servicenow",
            &["changes", "cis", "incidents", "requests", "survey"][..],
        ),
        (
            12,
            "jira",
            &["changes", "incidents", "requests", "survey"][..],
        ),
        (
            13,
            "generic",
            &["changes", "cis", "incidents", "requests", "survey"][..],
        ),
    ] {
        let g = generate(seed, profile, &[]);
        let truth = g.truth();
        let written: BTreeMap<String, u64> = truth["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().expect("path").to_string(),
                    f["rows"].as_u64().expect("rows"),
                )
            })
            .collect();
        let entries = inspect_all(&g);
        let mut kinds: Vec<&str> = entries
            .iter()
            .map(|e| e["kind"].as_str().expect("kind"))
            .collect();
        kinds.sort();
        assert_eq!(kinds, expected, "{profile}");
        for e in &entries {
            let path = e["path"].as_str().expect("path");
            let name = Path::new(path)
                .file_name()
                .expect("name")
                .to_str()
                .expect("utf-8");
            assert_balanced(e);
            assert_eq!(
                count(e, "rows_rejected"),
                0,
                "{profile} {name}: {}",
                e["rejected_by_reason"]
            );
            assert_eq!(count(e, "rows_read"), written[name], "{profile} {name}");
            assert_eq!(
                e["unknown_values"],
                serde_json::json!({}),
                "{profile} {name}"
            );
            for (field, n) in e["parse_failures"].as_object().expect("failures") {
                assert_eq!(n, 0, "{profile} {name}: {field} unreadable");
            }
            let want_profile = if name == "survey.csv" {
                "generic"
            } else {
                profile
            };
            assert_eq!(
                e["profile"], want_profile,
                "{profile} {name}: {}",
                e["profile_reason"]
            );
            assert_eq!(count(e, "duplicate_ids"), 0, "{profile} {name}");
        }
    }
}

#[test]
fn truth_is_internally_consistent() {
    for (seed, profile) in [(21, "servicenow"), (22, "jira"), (23, "generic")] {
        let g = generate(seed, profile, &[]);
        let t = g.truth();
        assert_eq!(t["schema_version"], 1);
        assert_eq!(t["seed"], seed);
        assert_eq!(t["profile"], profile);
        assert_eq!(t["knobs"]["incidents"], 3000);
        for m in t["metrics"].as_array().expect("metrics") {
            let what = format!("{profile} {} {}", m["id"], m["variant"]);
            assert_eq!(m["status"], "ok", "{what}: {}", m["reason"]);
            let v = m["value"].as_f64().expect("value");
            match m["unit"].as_str().expect("unit") {
                "ratio" => {
                    let n = m["numerator"].as_u64().expect("numerator");
                    let d = m["denominator"].as_u64().expect("denominator");
                    assert!(n <= d && d > 0, "{what}");
                    // serde_json reads floats to within one unit in the last place.
                    assert!((v - n as f64 / d as f64).abs() < 1e-15, "{what}");
                    let (lo, hi) = (
                        m["ci_low"].as_f64().expect("lo"),
                        m["ci_high"].as_f64().expect("hi"),
                    );
                    assert!(lo <= v && v <= hi, "{what}: {lo} {v} {hi}");
                }
                "hours" => assert!(
                    v >= 0.0 && m["denominator"].as_u64().expect("n") > 0,
                    "{what}"
                ),
                "count" => assert_eq!(v, v.trunc(), "{what}"),
                other => panic!("{what}: unit {other}"),
            }
            if let Some(months) = m["by_month"].as_array() {
                let (mut n, mut d) = (0, 0);
                for month in months {
                    n += month["numerator"]
                        .as_u64()
                        .unwrap_or(month["value"].as_f64().unwrap_or(0.0) as u64);
                    d += month["denominator"].as_u64().unwrap_or(0);
                }
                if m["unit"] == "ratio" {
                    assert_eq!(
                        (Some(n), Some(d)),
                        (m["numerator"].as_u64(), m["denominator"].as_u64()),
                        "{what}"
                    );
                } else {
                    assert_eq!(n as f64, v, "{what}");
                }
                assert_eq!(months.len(), 6, "{what}: six months");
            }
        }
        // Counts agree with the files.
        let rows = |name: &str| -> u64 {
            let mut r = csv::Reader::from_path(g.file(name)).expect("csv");
            r.records().count() as u64
        };
        assert_eq!(
            value(&t, "incident.volume", None) as u64,
            rows("incidents.csv")
        );
        let incidents = rows("incidents.csv");
        let changes = rows("changes.csv");
        let reactive = metric(&t, "workforce.reactive_share", None);
        assert_eq!(reactive["numerator"], incidents);
        assert_eq!(reactive["denominator"], incidents + changes);
        let mix_total = metric(&t, "desk.channel_mix", Some("phone"))["denominator"]
            .as_u64()
            .expect("n");
        assert_eq!(mix_total, incidents + rows("requests.csv"));
        for f in t["files"].as_array().expect("files") {
            let name = f["path"].as_str().expect("path");
            assert_eq!(f["rows"].as_u64(), Some(rows(name)), "{profile} {name}");
        }
        // Incidents without a resolution time add up.
        let resolved = metric(&t, "incident.mttr_hours", Some("median"))["denominator"]
            .as_u64()
            .expect("n");
        let per_priority: u64 = (1..=5)
            .map(|p| {
                metric(&t, "incident.mttr_hours", Some(&format!("median/P{p}")))["denominator"]
                    .as_u64()
                    .expect("n")
            })
            .sum();
        assert_eq!(resolved, per_priority);
        assert!(resolved < incidents, "some incidents are still open");
        assert!(value(&t, "incident.aged_backlog", None) > 0.0);
        // The inferred failure rate counts every explicit failure and more.
        let explicit = metric(&t, "change.failure_rate", Some("explicit"));
        let inferred = metric(&t, "change.failure_rate", Some("inferred"));
        assert!(
            inferred["numerator"].as_u64() > explicit["numerator"].as_u64(),
            "{profile}"
        );
        assert_eq!(inferred["denominator"], explicit["denominator"]);
        assert!(t["as_of"].as_str() >= t["window"]["to"].as_str());
        assert_eq!(t["knobs"]["requests"], rows("requests.csv"));
        if profile != "jira" {
            assert_eq!(t["organisation"]["cis_in_cmdb"], rows("cmdb_ci.csv"));
        }
        let noisy = t["organisation"]["noisy_cis"].as_array().expect("noisy");
        assert_eq!(noisy.len(), 4, "1 % of 400 CIs");
    }
}

#[test]
fn jira_truth_leaves_out_what_jira_cannot_carry() {
    let t = generate(31, "jira", &[]).truth();
    let missing: Vec<&str> = t["not_carried"]
        .as_array()
        .expect("not_carried")
        .iter()
        .map(|m| m["id"].as_str().expect("id"))
        .collect();
    for id in [
        "incident.reassignment_rate",
        "problem.repeat_clusters_addressed",
        "change.induced_incident_share",
        "knowledge.use_rate",
        "sla.attainment",
        "cmdb.stale_share",
    ] {
        assert!(
            missing.contains(&id),
            "{id} should be listed as not carried"
        );
        assert!(
            !t["metrics"]
                .as_array()
                .expect("m")
                .iter()
                .any(|m| m["id"] == id),
            "{id} should not be in metrics"
        );
    }
    let sn = generate(31, "servicenow", &[]).truth();
    assert_eq!(sn["not_carried"], serde_json::json!([]));
}

#[test]
fn knobs_move_the_realised_figures_the_planted_way() {
    let months = |t: &Value| -> Vec<f64> {
        metric(t, "desk.self_service_share", None)["by_month"]
            .as_array()
            .expect("months")
            .iter()
            .map(|m| m["value"].as_f64().expect("v"))
            .collect()
    };
    let up = generate(
        41,
        "servicenow",
        &[
            "--self-service-trend",
            "improving",
            "--set",
            "self_service_step=0.04",
        ],
    )
    .truth();
    let down = generate(
        41,
        "servicenow",
        &[
            "--self-service-trend",
            "worsening",
            "--set",
            "self_service_step=0.04",
        ],
    )
    .truth();
    let (u, d) = (months(&up), months(&down));
    assert!(u[5] > u[0] + 0.1, "improving: {u:?}");
    assert!(d[5] < d[0] - 0.1, "worsening: {d:?}");

    let calm = generate(
        42,
        "servicenow",
        &[
            "--set",
            "change_failure_rate=0.03",
            "--set",
            "hidden_failure_rate=0",
        ],
    )
    .truth();
    let wild = generate(
        42,
        "servicenow",
        &[
            "--set",
            "change_failure_rate=0.3",
            "--set",
            "hidden_failure_rate=0.15",
        ],
    )
    .truth();
    let f = |t: &Value, v| value(t, "change.failure_rate", Some(v));
    assert!(f(&calm, "explicit") < 0.08 && f(&wild, "explicit") > 0.22);
    // With no hidden failures, the inferred rate adds only chance coincidences.
    assert!(f(&calm, "inferred") - f(&calm, "explicit") < 0.05);
    assert!(f(&wild, "inferred") - f(&wild, "explicit") > 0.08);

    let gap = |t: &Value| {
        t["survey"]["disciplines"][0]["perception_gap"]
            .as_f64()
            .expect("gap")
    };
    let none = generate(
        43,
        "servicenow",
        &["--set", "perception_gap=0", "--respondents", "60"],
    )
    .truth();
    let wide = generate(
        43,
        "servicenow",
        &["--set", "perception_gap=1.5", "--respondents", "60"],
    )
    .truth();
    assert!(
        gap(&wide) > gap(&none) + 0.8,
        "{} {}",
        gap(&wide),
        gap(&none)
    );

    let tidy = generate(
        44,
        "servicenow",
        &[
            "--set",
            "cmdb_completeness=0.95",
            "--set",
            "unknown_ci_share=0",
        ],
    )
    .truth();
    assert!(value(&tidy, "cmdb.completeness", None) > 0.9);
    assert_eq!(value(&tidy, "cmdb.referential_integrity", None), 1.0);
}

#[test]
fn the_wide_survey_matches_the_long_form_through_its_mapping() {
    let g = generate(51, "servicenow", &[]);
    let mapping: toml::Value = toml::from_str(
        &std::fs::read_to_string(g.file("forms/survey-mapping.toml")).expect("mapping"),
    )
    .expect("toml");
    let mut wide = csv::Reader::from_path(g.file("forms/survey-responses.csv")).expect("wide");
    let header: Vec<String> = wide
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let likert = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ];
    // (respondent, question) -> score in the maturity direction
    let mut from_wide = BTreeMap::new();
    for rec in wide.records() {
        let rec = rec.expect("record");
        let who = rec[1].to_string();
        for q in mapping["questions"].as_array().expect("questions") {
            let column = q["column"].as_str().expect("column");
            let i = header
                .iter()
                .position(|h| h == column)
                .expect("question column");
            let answer = likert.iter().position(|l| *l == &rec[i]).expect("likert") as i64 + 1;
            let score = if q["reversed"].as_bool() == Some(true) {
                6 - answer
            } else {
                answer
            };
            from_wide.insert((who.clone(), column.to_string()), score);
        }
        // A calibration answer is the band's label in the wide form and the
        // band's number in the long form; a skipped one is blank, and absent.
        for e in mapping["estimate"].as_array().expect("estimates") {
            let column = e["column"].as_str().expect("column");
            let i = header
                .iter()
                .position(|h| h == column)
                .expect("estimate column");
            if rec[i].is_empty() {
                continue;
            }
            let q = question_for(e["metric"].as_str().expect("metric")).expect("question");
            let band = q
                .band_labels()
                .iter()
                .position(|l| *l == rec[i])
                .expect("band label") as i64
                + 1;
            from_wide.insert((who.clone(), column.to_string()), band);
        }
    }
    let mut long = csv::Reader::from_path(g.file("survey.csv")).expect("long");
    let mut n = 0;
    for rec in long.records() {
        let rec = rec.expect("record");
        let score: i64 = rec[3].parse().expect("score");
        assert_eq!(from_wide[&(rec[0].to_string(), rec[4].to_string())], score);
        n += 1;
    }
    assert_eq!(n, from_wide.len());
    let t = g.truth();
    let disciplines = t["survey"]["disciplines"].as_array().expect("disciplines");
    assert!(disciplines.iter().any(|d| d["telemetry"] == false));
    assert!(
        disciplines
            .iter()
            .all(|d| d["perception_gap"].as_f64().is_some())
    );
}

#[test]
fn bad_knobs_and_outputs_are_refused() {
    for (args, expect) in [
        (vec!["--set", "nonsense=1"], "no such knob"),
        (vec!["--set", "reopen_rate=2"], "knob reopen_rate"),
        (vec!["--months", "0"], "knob months"),
        (vec!["--incidents", "1"], "knob incidents"),
        (vec!["--set", "noisy_ci_load=1"], "knob noisy_ci_load"),
        (vec!["--set", "start=2025-02-30"], "expected a date"),
    ] {
        let dir = tempfile::tempdir().expect("dir");
        let out_dir = dir.path().join("o");
        let mut all = vec![
            "generate",
            "--seed",
            "1",
            "--out",
            out_dir.to_str().expect("p"),
        ];
        all.extend(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(stderr(&out).contains(expect), "{}", stderr(&out));
    }
    let x = export("file.csv", b"x\n");
    let out = run(&[
        "generate",
        "--seed",
        "1",
        "--out",
        x.path.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a folder"), "{}", stderr(&out));
}

#[test]
fn a_second_run_into_the_same_folder_leaves_nothing_of_the_first() {
    let g = generate(71, "servicenow", &[]);
    assert!(g.file("cmdb_ci.csv").exists());
    let out = run(&[
        "generate",
        "--out",
        g.path.to_str().expect("p"),
        "--seed",
        "71",
        "--profile",
        "jira",
        "--incidents",
        "500",
        "--changes",
        "0",
        "--cis",
        "50",
        "--respondents",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for gone in [
        "cmdb_ci.csv",
        "changes.csv",
        "survey.csv",
        "forms/survey-responses.csv",
    ] {
        assert!(!g.file(gone).exists(), "{gone} is left over");
    }
    let t = g.truth();
    assert_eq!(t["profile"], "jira");
    assert_eq!(
        metric(&t, "change.failure_rate", Some("explicit"))["status"],
        "not_evaluable"
    );
    assert!(t["survey"]["disciplines"][0]["leadership"]["mean"].is_null());
}

#[test]
fn tiny_organisations_still_make_a_consistent_truth() {
    for seed in 1..=6 {
        let g = generate(
            seed,
            "servicenow",
            &[
                "--incidents",
                "2",
                "--cis",
                "1",
                "--changes",
                "25",
                "--requests",
                "10",
                "--months",
                "1",
            ],
        );
        let t = g.truth();
        // Incidents caused by changes come on top when the days have no room left.
        let n = value(&t, "incident.volume", None) as u64;
        assert!(n >= 2);
        let rows = csv::Reader::from_path(g.file("incidents.csv"))
            .expect("csv")
            .records()
            .count();
        assert_eq!(n, rows as u64);
        assert_eq!(
            metric(&t, "workforce.reactive_share", None)["denominator"],
            n + 25
        );
    }
}
