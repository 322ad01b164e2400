//! `analyze`: the report folder a user hands on.

use crate::common::*;
use crate::outputs::snapshot;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs analyze on sample-data from the repository root, as the README does.
fn analyze_sample(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "analyze",
        "--data",
        "sample-data",
        "--out",
        out.to_str().expect("utf-8"),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    bin()
        .current_dir(repo())
        .args(&args)
        .output()
        .expect("runs")
}

#[test]
fn committed_sample_report_is_up_to_date_and_deterministic() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("sample");
    let run1 = analyze_sample(
        &out,
        &[
            "--deterministic",
            "--pseudonym-key-file",
            "sample-data/pseudonym.key",
        ],
    );
    assert_eq!(run1.status.code(), Some(0), "{}", stderr(&run1));
    let fresh = snapshot(&out);
    let committed = snapshot(&repo().join("reports/sample"));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&fresh),
        names(&committed),
        "reports/sample lists other files: regenerate it (README)"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed.get(name) == Some(bytes),
            "reports/sample/{name} is out of date: run the README's main command"
        );
    }
}

#[test]
fn report_folder_has_every_part_and_valid_charts() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("r");
    let o = analyze_sample(&out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "index.html",
        "report.md",
        "metrics.json",
        "maturity.json",
        "metrics.csv",
        "enriched/incidents.parquet",
        "enriched/changes.parquet",
    ] {
        let meta = std::fs::metadata(out.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(meta.len() > 100, "{f} is nearly empty");
    }
    let charts = out.join("charts");
    let mut svgs = 0;
    for entry in std::fs::read_dir(&charts).expect("charts") {
        let p = entry.expect("entry").path();
        match p.extension().and_then(|e| e.to_str()) {
            Some("svg") => {
                let text = std::fs::read_to_string(&p).expect("svg");
                assert!(
                    text.contains("<svg") && text.trim_end().ends_with("</svg>"),
                    "{}",
                    p.display()
                );
                let mut reader = quick_xml::Reader::from_str(&text);
                loop {
                    match reader.read_event() {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(_) => {}
                        Err(e) => panic!("{} is not well-formed: {e}", p.display()),
                    }
                }
                assert!(
                    p.with_extension("png").exists(),
                    "no PNG beside {}",
                    p.display()
                );
                svgs += 1;
            }
            Some("png") => {
                let bytes = std::fs::read(&p).expect("png");
                assert!(
                    bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 2000,
                    "{}",
                    p.display()
                );
            }
            _ => panic!("unexpected file {}", p.display()),
        }
    }
    assert!(svgs >= 6, "only {svgs} charts");
    // People are not named: no resolver name of the sample survives in the enriched table.
    let parquet = std::fs::read(out.join("enriched/incidents.parquet")).expect("parquet");
    let sample = std::fs::read_to_string(repo().join("sample-data/incidents.csv")).expect("sample");
    let header: Vec<&str> = sample.lines().next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "resolved_by")
        .expect("resolved_by");
    let name = sample
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(col).unwrap_or(""))
        .find(|n| n.len() > 3)
        .expect("a resolver");
    assert!(
        !parquet.windows(name.len()).any(|w| w == name.as_bytes()),
        "{name} leaked"
    );
}

#[test]
fn html_is_well_formed_and_names_every_discipline() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("r");
    assert_eq!(analyze_sample(&out, &[]).status.code(), Some(0));
    let html = std::fs::read_to_string(out.join("index.html")).expect("html");
    let mut reader = quick_xml::Reader::from_str(&html);
    reader.config_mut().check_end_names = true;
    let mut depth: i64 = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "index.html is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "unbalanced tags");
    let maturity: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("maturity.json")).expect("json"))
            .expect("json");
    for d in maturity["disciplines"].as_array().expect("list") {
        let name = d["discipline"].as_str().expect("name");
        assert!(html.to_lowercase().contains(name), "{name} not in the HTML");
    }
    for fetch in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(
            !html.contains(fetch),
            "the report fetches something: {fetch}"
        );
    }
    assert!(!html.contains("<script"), "the report must not run scripts");
    assert!(
        !html.contains("<link"),
        "the report must not fetch anything"
    );
}

#[test]
fn an_existing_folder_is_kept_without_force() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("r");
    std::fs::create_dir_all(&out).expect("dir");
    std::fs::write(out.join("keep.txt"), b"mine").expect("write");
    let o = analyze_sample(&out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("keep.txt")).expect("kept"), b"mine");
    let o = analyze_sample(&out, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.join("keep.txt").exists());
    assert!(out.join("index.html").exists());
    // No staging folder is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
}

pub(crate) fn validate(schema_file: &str, document: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("docs/schema").join(schema_file)).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {}", errors.join("\n"));
}

#[test]
fn json_outputs_validate_against_the_documented_schemas() {
    let committed = repo().join("reports/sample");
    for (file, schema) in [
        ("metrics.json", "metrics.schema.json"),
        ("maturity.json", "maturity.schema.json"),
    ] {
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(committed.join(file)).expect("json"))
                .expect("json");
        validate(schema, &doc);
    }
    // Real exports too: many metrics not evaluable, no survey.
    validate("metrics.schema.json", uci_metrics());
    let uci = shared_data().join("uci-servicenow-incident-eventlog");
    let out = run(&[
        "assess",
        "--data",
        uci.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    validate("maturity.schema.json", &doc);
    // The schema rejects a document that breaks it.
    let mut broken: serde_json::Value =
        serde_json::from_slice(&std::fs::read(committed.join("metrics.json")).expect("json"))
            .expect("json");
    broken["metrics"][0]["unit"] = serde_json::json!("furlongs");
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("docs/schema/metrics.schema.json")).expect("schema"),
    )
    .expect("schema");
    assert!(
        !jsonschema::validator_for(&schema)
            .expect("schema")
            .is_valid(&broken)
    );
}
