//! `inspect` on every real export in `../shared/data`: right kind and profile,
//! every row accounted for, dates read.

use crate::common::*;
use serde_json::Value;

fn data(path: &str) -> std::path::PathBuf {
    shared_data().join(path)
}

/// Share of present date values that were read, over every date field.
fn assert_dates_read(entry: &Value, at_least: f64) {
    let formats = entry["date_formats"].as_object().expect("date_formats");
    let rows = count(entry, "rows_read") as f64;
    for field in formats.keys() {
        let missing = entry["missing_share"][field].as_f64().unwrap_or(1.0);
        let present = rows * (1.0 - missing);
        let failed = entry["parse_failures"][field].as_u64().unwrap_or(0) as f64;
        if present >= 1.0 {
            let read = 1.0 - failed / present;
            assert!(
                read >= at_least,
                "{field}: only {read:.3} of dates read in {}",
                entry["path"]
            );
        }
    }
}

#[test]
fn uci_event_log_reduces_to_its_incidents() {
    let (code, e) = inspect_json(
        &data("uci-servicenow-incident-eventlog/incident_event_log.csv.gz"),
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(e["kind"], "incidents");
    assert_eq!(e["profile"], "servicenow-eventlog");
    assert_eq!(count(&e, "rows_read"), 141_712);
    assert_eq!(count(&e, "tickets_after_reduction"), 24_918);
    assert_balanced(&e);
    assert_eq!(e["date_formats"]["opened_at"], "%d/%m/%Y %H:%M");
    assert_eq!(e["columns"]["updated_at"], "sys_updated_at");
    assert_eq!(e["columns"]["channel"], "contact_type");
    assert_dates_read(&e, 0.99);
    // Every coded value of the log is known: priorities, channels, booleans.
    assert!(
        e["unknown_values"].as_object().expect("map").is_empty(),
        "{}",
        e["unknown_values"]
    );
}

#[test]
fn servicenow_incident_list() {
    let (code, e) = inspect_json(&data("servicenow-demo-incident/incident.csv.gz"), &[]);
    assert_eq!(code, 0);
    assert_eq!(e["kind"], "incidents");
    assert_eq!(e["profile"], "servicenow");
    assert_eq!(count(&e, "rows_read"), 66);
    assert_balanced(&e);
    assert_dates_read(&e, 0.99);
    assert!(e["tickets_after_reduction"].is_null());
}

#[test]
fn servicenow_cmdb_keeps_ci_with_repeated_names() {
    let (code, e) = inspect_json(&data("servicenow-demo-cmdb/cmdb_ci.csv.gz"), &[]);
    assert_eq!(code, 0);
    assert_eq!(e["kind"], "cis");
    assert_eq!(e["profile"], "servicenow");
    assert_eq!(count(&e, "rows_read"), 2_784);
    assert_eq!(count(&e, "rows_kept"), 2_784);
    assert!(count(&e, "duplicate_ids") > 0);
    assert_balanced(&e);
    assert_dates_read(&e, 0.99);
}

#[test]
fn jira_export_keeps_its_change_requests() {
    let (code, e) = inspect_json(&data("jira-cloud-it/jira-export.csv.gz"), &[]);
    assert_eq!(code, 0);
    assert_eq!(e["profile"], "jira");
    assert_eq!(e["kind"], "changes");
    assert_eq!(count(&e, "rows_read"), 185);
    assert_eq!(count(&e, "rows_kept"), 119);
    assert_eq!(
        e["rejected_by_reason"]["record type `Epic` is not a change"],
        48
    );
    assert_balanced(&e);
    assert_eq!(e["date_formats"]["opened_at"], "%d/%b/%y %I:%M %p");
    assert_dates_read(&e, 0.99);
}

#[test]
fn telecom_changes_are_read_without_a_mapping() {
    // No opened time, the outcome in a custom column: every change is kept,
    // the outcome column is found by its values.
    let path = data("servicenow-change-request-telecom/change_request.csv.gz");
    let (code, e) = inspect_json(&path, &[]);
    assert_eq!(code, 0, "{e}");
    assert_eq!(e["kind"], "changes");
    assert_eq!(e["profile"], "servicenow");
    assert_eq!(e["encoding"], "Windows-1252");
    assert_eq!(count(&e, "rows_read"), 176);
    assert_eq!(count(&e, "rows_kept"), 176);
    assert_balanced(&e);
    assert_eq!(e["columns"]["outcome"], "u_substate");
    assert_eq!(e["matched_by"]["outcome"], "values");
    assert!(e["columns"].get("opened_at").is_none());
    assert!(
        e["unknown_values"].get("outcome").is_none(),
        "{}",
        e["unknown_values"]
    );
    // A custom change type is listed, not guessed.
    assert_eq!(e["unknown_values"]["type"]["Comprehensive"], 26);

    let doc = metrics_json(&["--changes", path.to_str().expect("path")]);
    let failure = metric(&doc, "change.failure_rate", Some("explicit"));
    assert_eq!(failure["numerator"], 7, "{failure}");
    assert_eq!(failure["denominator"], 155, "{failure}");
    let lead = metric(&doc, "change.lead_time_hours", Some("median"));
    assert_eq!(lead["status"], "not_evaluable");
    assert!(
        lead["reason"]
            .as_str()
            .expect("reason")
            .contains("no opened time"),
        "{lead}"
    );
}

#[test]
fn telecom_changes_read_with_a_mapping_file() {
    let path = data("servicenow-change-request-telecom/change_request.csv.gz");
    let mapping = fixture("telecom-change-mapping.toml");
    let (code, e) = inspect_json(&path, &["--mapping", mapping.to_str().expect("path")]);
    assert_eq!(code, 0, "{e}");
    assert_eq!(count(&e, "rows_kept"), 176);
    assert_eq!(e["columns"]["outcome"], "u_substate");
    assert!(
        e["unknown_values"].get("outcome").is_none(),
        "{}",
        e["unknown_values"]
    );
    assert!(
        e["unknown_values"].get("type").is_none(),
        "{}",
        e["unknown_values"]
    );
    assert_balanced(&e);
}

#[test]
fn every_shared_file_balances() {
    let mut seen = 0;
    for dir in std::fs::read_dir(shared_data()).expect("shared data") {
        let dir = dir.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("folder") {
            let file = file.expect("entry").path();
            let (_, e) = inspect_json(&file, &[]);
            assert_balanced(&e);
            seen += 1;
        }
    }
    assert!(seen >= 5, "expected the five shared exports, saw {seen}");
}
