//! Each CSV quirk, date rule and normalisation rule of the ingest contract,
//! on small exports written by the test.

use crate::common::*;
use std::io::Write;

const GENERIC_HEADER: &str = "id,opened_at,priority,channel";

fn kept_and_read(name: &str, bytes: &[u8], extra: &[&str]) -> serde_json::Value {
    let x = export(name, bytes);
    let (code, e) = inspect_json(&x.path, extra);
    assert_eq!(code, 0, "{e}");
    assert_balanced(&e);
    e
}

#[test]
fn delimiters_are_detected() {
    for (delim, name) in [
        (";", "semicolon"),
        ("\t", "tab"),
        ("|", "pipe"),
        (",", "comma"),
    ] {
        let text = format!(
            "id{d}opened_at{d}priority\nT1{d}2024-01-02 10:00:00{d}P1\nT2{d}2024-01-03 11:00:00{d}P2\n",
            d = delim
        );
        let e = kept_and_read("t.csv", text.as_bytes(), &[]);
        assert_eq!(e["delimiter"], name);
        assert_eq!(count(&e, "rows_kept"), 2);
        assert_eq!(e["columns"]["priority"], "priority");
    }
}

#[test]
fn utf8_bom_is_ignored_in_header_matching() {
    let text = "\u{feff}id,opened_at\nT1,2024-01-02 10:00:00\n";
    let e = kept_and_read("bom.csv", text.as_bytes(), &[]);
    assert_eq!(e["encoding"], "UTF-8 with BOM");
    assert_eq!(e["columns"]["id"], "id");
    assert_eq!(count(&e, "rows_kept"), 1);
}

#[test]
fn windows_1252_is_decoded_never_replaced() {
    let bytes = b"id,opened_at,category\nT1,2024-01-02 10:00:00,Stra\xdfe \x96 Netz\n";
    let x = export("cp1252.csv", bytes);
    let (code, e) = inspect_json(&x.path, &["--map", "category=category"]);
    assert_eq!(code, 0);
    assert_eq!(e["encoding"], "Windows-1252");
    assert_eq!(count(&e, "rows_kept"), 1);
}

#[test]
fn gzip_exports_are_read() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"id,opened_at\nT1,2024-01-02 10:00:00\nT2,2024-01-02 11:00:00\n")
        .expect("gzip");
    let e = kept_and_read("t.csv.gz", &gz.finish().expect("gzip"), &[]);
    assert_eq!(e["compressed"], true);
    assert_eq!(count(&e, "rows_kept"), 2);
}

#[test]
fn quoted_newlines_and_crlf_stay_in_one_record() {
    let text = "id,opened_at,category\r\nT1,2024-01-02 10:00:00,\"two\r\nlines\"\r\nT2,2024-01-02 11:00:00,plain\r\n";
    let e = kept_and_read("crlf.csv", text.as_bytes(), &[]);
    assert_eq!(count(&e, "rows_read"), 2);
    assert_eq!(count(&e, "rows_kept"), 2);
}

#[test]
fn repeated_header_names_are_kept_apart() {
    let text = "Issue key,Issue Type,Created,Labels,Labels,Labels\nIT-1,Incident,17/Jul/25 10:44 AM,a,b,c\n";
    let e = kept_and_read("jira.csv", text.as_bytes(), &[]);
    assert_eq!(e["profile"], "jira");
    let unmapped: Vec<&str> = e["unmapped_columns"]
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v.as_str().expect("name"))
        .collect();
    assert_eq!(unmapped, vec!["Labels", "Labels (2)", "Labels (3)"]);
}

#[test]
fn empty_null_and_question_mark_are_missing() {
    let text = "id,opened_at,priority,ci\nT1,2024-01-02 10:00:00,\"\",?\nT2,2024-01-02 11:00:00,NULL,\nT3,2024-01-02 12:00:00,P1,CI-9\nT4,2024-01-02 13:00:00,P2,CI-9\n";
    let e = kept_and_read("nulls.csv", text.as_bytes(), &[]);
    assert_eq!(e["missing_share"]["priority"], 0.5);
    assert_eq!(e["missing_share"]["ci"], 0.5);
    assert!(
        e["unknown_values"].get("priority").is_none(),
        "{}",
        e["unknown_values"]
    );
}

#[test]
fn trailing_empty_columns_and_rows_are_counted_not_kept() {
    let text = "id;opened_at;priority;;;\nT1;01/02/2024 13:00;1;;;\nT2;03/02/2024 09:00;2;;;\n;;;;;\n;;;;;\n";
    let e = kept_and_read("bpi.csv", text.as_bytes(), &["--date-order", "dmy"]);
    assert_eq!(count(&e, "empty_trailing_columns"), 3);
    assert_eq!(count(&e, "rows_read"), 4);
    assert_eq!(count(&e, "rows_kept"), 2);
    assert_eq!(e["rejected_by_reason"]["empty row"], 2);
}

#[test]
fn ambiguous_day_month_order_is_refused_until_named() {
    let text = "id,opened_at\nT1,01/02/2024 10:00\nT2,03/04/2024 11:00\n";
    let x = export("amb.csv", text.as_bytes());
    let out = run(&["inspect", x.path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("opened_at")
            && err.contains("01/02/2024 10:00")
            && err.contains("03/04/2024 11:00"),
        "{err}"
    );
    assert!(err.contains("--date-order"), "{err}");

    let (code, dmy) = inspect_json(&x.path, &["--date-order", "dmy"]);
    assert_eq!(code, 0);
    assert_eq!(dmy["date_formats"]["opened_at"], "%d/%m/%Y %H:%M");
    let (_, mdy) = inspect_json(&x.path, &["--date-order", "mdy"]);
    assert_eq!(mdy["date_formats"]["opened_at"], "%m/%d/%Y %H:%M");
}

#[test]
fn one_unambiguous_column_settles_the_order_of_the_file() {
    let text = "id,opened_at,resolved_at\nT1,01/02/2024 10:00,25/02/2024 10:00\nT2,03/04/2024 11:00,13/04/2024 11:00\n";
    let e = kept_and_read("settled.csv", text.as_bytes(), &[]);
    assert_eq!(e["date_formats"]["opened_at"], "%d/%m/%Y %H:%M");
    assert_eq!(e["date_formats"]["resolved_at"], "%d/%m/%Y %H:%M");
}

#[test]
fn unparseable_dates_are_counted_and_rejected() {
    let text = "id,opened_at,resolved_at\nT1,2024-01-02 10:00:00,2024-01-03 10:00:00\nT2,yesterday,2024-01-03 10:00:00\nT3,2024-01-02 10:00:00,soon\n";
    let e = kept_and_read("bad-dates.csv", text.as_bytes(), &[]);
    assert_eq!(e["rejected_by_reason"]["unparseable opened_at"], 1);
    assert_eq!(e["parse_failures"]["opened_at"], 1);
    assert_eq!(e["parse_failures"]["resolved_at"], 1);
    assert_eq!(count(&e, "rows_kept"), 2);
}

#[test]
fn explicit_offsets_and_naive_times_are_both_read() {
    let text = "id,opened_at\nT1,2024-01-02T10:00:00+02:00\nT2,2024-01-02T10:00:00Z\n";
    let e = kept_and_read("tz.csv", text.as_bytes(), &[]);
    assert_eq!(e["date_formats"]["opened_at"], "%Y-%m-%dT%H:%M:%S%z");
    assert_eq!(count(&e, "rows_kept"), 2);
    assert_eq!(e["parse_failures"]["opened_at"], 0);
}

#[test]
fn unknown_values_are_listed_with_counts() {
    let text = format!(
        "{GENERIC_HEADER}\nT1,2024-01-02 10:00:00,1 - Critical,Self-service\nT2,2024-01-02 11:00:00,Whenever,Carrier pigeon\nT3,2024-01-02 12:00:00,Whenever,Phone\n"
    );
    let e = kept_and_read("unknown.csv", text.as_bytes(), &[]);
    assert_eq!(e["unknown_values"]["priority"]["Whenever"], 2);
    assert_eq!(e["unknown_values"]["channel"]["Carrier pigeon"], 1);
    assert!(e["unknown_values"]["channel"].get("Self-service").is_none());
}

#[test]
fn value_maps_in_a_mapping_file_resolve_unknown_values() {
    let text = format!("{GENERIC_HEADER}\nT1,2024-01-02 10:00:00,Whenever,Carrier pigeon\n");
    let x = export("t.csv", text.as_bytes());
    let map = export(
        "map.toml",
        b"[values.priority]\nwhenever = \"5\"\n[values.channel]\n\"carrier pigeon\" = \"other\"\n",
    );
    let (code, e) = inspect_json(&x.path, &["--mapping", map.path.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert!(
        e["unknown_values"].as_object().expect("map").is_empty(),
        "{}",
        e["unknown_values"]
    );
}

#[test]
fn duplicate_ids_are_rejected_in_list_exports() {
    let text =
        "id,opened_at\nT1,2024-01-02 10:00:00\nT1,2024-01-03 10:00:00\nT2,2024-01-03 10:00:00\n";
    let e = kept_and_read("dups.csv", text.as_bytes(), &[]);
    assert_eq!(e["rejected_by_reason"]["duplicate id"], 1);
    assert_eq!(count(&e, "rows_kept"), 2);
}

#[test]
fn event_log_keeps_the_last_update_of_each_ticket() {
    let text = "number,incident_state,opened_at,sys_updated_at,priority\n\
INC1,New,2024-01-02 10:00:00,2024-01-02 10:00:00,3 - Moderate\n\
INC1,Closed,2024-01-02 10:00:00,2024-01-04 10:00:00,2 - High\n\
INC1,Resolved,2024-01-02 10:00:00,2024-01-03 10:00:00,1 - Critical\n\
INC2,New,2024-01-05 10:00:00,2024-01-05 10:00:00,4 - Low\n";
    let e = kept_and_read("log.csv", text.as_bytes(), &[]);
    assert_eq!(e["profile"], "servicenow-eventlog");
    assert_eq!(count(&e, "rows_kept"), 4);
    assert_eq!(count(&e, "tickets_after_reduction"), 2);
}

#[test]
fn column_matching_ignores_case_and_spaces_and_display_labels_work() {
    let text = "Number , Opened ,Priority,Contact type,Configuration item\nINC1,2024-01-02 10:00:00,1 - Critical,Self-service,SAP\n";
    let e = kept_and_read("labels.csv", text.as_bytes(), &[]);
    assert_eq!(e["profile"], "servicenow");
    assert_eq!(e["columns"]["opened_at"], "Opened");
    assert_eq!(e["columns"]["channel"], "Contact type");
    assert_eq!(e["columns"]["ci"], "Configuration item");
}

#[test]
fn forced_kind_and_profile_are_reported_as_chosen() {
    let text = "id,opened_at\nX1,2024-01-02 10:00:00\n";
    let x = export("t.csv", text.as_bytes());
    let (code, e) = inspect_json(&x.path, &["--kind", "changes", "--profile", "generic"]);
    assert_eq!(code, 0);
    assert_eq!(e["kind"], "changes");
    assert_eq!(e["kind_reason"], "chosen with --kind");
    assert_eq!(e["profile_reason"], "chosen with --profile");
}

#[test]
fn text_report_shows_map_formats_and_accounting() {
    let text = "id,opened_at,priority\nT1,2024-01-02 10:00:00,P1\n,,\n";
    let x = export("t.csv", text.as_bytes());
    let out = run(&["inspect", x.path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    assert!(s.contains("2 read = 1 kept + 1 rejected"), "{s}");
    assert!(s.contains("rejected 1: empty row"), "{s}");
    assert!(
        s.contains("<- opened_at") && s.contains("%Y-%m-%d %H:%M:%S"),
        "{s}"
    );
}

#[test]
fn ticket_types_are_normalised_and_unknown_ones_listed() {
    let text = "id,opened_at,ticket_type\nT1,2024-01-02 10:00:00,Incident\nT2,2024-01-02 11:00:00,Service Request\nT3,2024-01-02 12:00:00,Gizmo\nT4,2024-01-02 13:00:00,\n";
    let e = kept_and_read("types.csv", text.as_bytes(), &[]);
    assert_eq!(e["unknown_values"]["ticket_type"]["Gizmo"], 1);
    assert_eq!(
        e["unknown_values"]["ticket_type"]
            .as_object()
            .expect("map")
            .len(),
        1
    );
}

#[test]
fn requested_items_are_requests() {
    let text = "number,opened_at,priority,cat_item\nRITM0010001,2024-01-02 10:00:00,4 - Low,Laptop\nRITM0010002,2024-01-03 10:00:00,4 - Low,Mouse\n";
    let e = kept_and_read("sc_req_item.csv", text.as_bytes(), &[]);
    assert_eq!(e["kind"], "requests");
    assert_eq!(e["profile"], "servicenow");
}

#[test]
fn change_outcomes_and_types_are_normalised() {
    let text = "number,opened_at,type,close_code\nCHG1,2024-01-02 10:00:00,Emergency,Backed Out\nCHG2,2024-01-02 11:00:00,Standard,Successful\nCHG3,2024-01-02 12:00:00,Normal,Weird code\n";
    let e = kept_and_read("change_request.csv", text.as_bytes(), &[]);
    assert_eq!(e["kind"], "changes");
    assert_eq!(e["unknown_values"]["outcome"]["Weird code"], 1);
    assert!(
        e["unknown_values"].get("type").is_none(),
        "{}",
        e["unknown_values"]
    );
}

#[test]
fn booleans_in_several_spellings_are_known() {
    let text = "id,opened_at,sla_met,knowledge_used\nT1,2024-01-02 10:00:00,Yes,1\nT2,2024-01-02 11:00:00,no,0\nT3,2024-01-02 12:00:00,TRUE,false\nT4,2024-01-02 13:00:00,perhaps,y\n";
    let e = kept_and_read("bools.csv", text.as_bytes(), &[]);
    assert_eq!(e["unknown_values"]["sla_met"]["perhaps"], 1);
    assert!(
        e["unknown_values"].get("knowledge_used").is_none(),
        "{}",
        e["unknown_values"]
    );
}

#[test]
fn blank_text_is_missing_and_inner_spaces_are_kept() {
    let text = "id,opened_at,ci\n T1 ,2024-01-02 10:00:00,  \n   ,2024-01-02 11:00:00,CI  9\nT3,2024-01-02 12:00:00,CI  9\n";
    let e = kept_and_read("blank.csv", text.as_bytes(), &[]);
    assert_eq!(e["rejected_by_reason"]["missing id"], 1);
    assert_eq!(count(&e, "rows_kept"), 2);
    assert_eq!(e["missing_share"]["ci"], 0.5);
}
