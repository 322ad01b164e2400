//! Exports as organisations really have them, each class written here with
//! the column names and values the tools write (ServiceNow list exports with
//! display labels, custom `u_` tables, Jira Software and localised Jira
//! Service Management exports, workbooks, Parquet): read without a mapping
//! file, or refused with what was detected, what is missing and what could
//! hold it.

use crate::common::*;
use serde_json::Value;

fn read(name: &str, text: &str) -> (Export, Value) {
    let x = export(name, text.as_bytes());
    let (code, e) = inspect_json(&x.path, &[]);
    assert_eq!(code, 0, "{e}");
    assert_balanced(&e);
    (x, e)
}

fn path(x: &Export) -> &str {
    x.path.to_str().expect("utf-8 path")
}

#[test]
fn servicenow_display_label_change_report() {
    // A change list saved from a report with field labels; a custom
    // completion code; dates in the user's M/d/yy format.
    let (x, e) = read(
        "changes.csv",
        &csv("
            Number,Type,Assignment group,Completion Code,Short Description,Work end,Closed,Status,
            CHG0030001,Standard,Network,All Changes Completed,Patch,1/13/20 1:18,1/13/20 2:05,Successful,
            CHG0030002,Emergency,Network,Change Unsuccessful-Rolled Back,Fix,1/14/20 22:40,1/15/20 9:00,Unsuccessful,
            CHG0030003,Comprehensive,Core,Partial Change Completed,Upgrade,2/1/20 6:27,2/2/20 8:00,Unsuccessful,
            CHG0030004,Standard,Core,Change Cancelled - Will Not Be Performed,Move,,2/3/20 10:00,Cancelled,
            CHG0030005,Pre-approved,Core,Change Completed-Unexpected Impact,Swap,2/12/20 23:59,2/13/20 0:30,Successful,
        "),
    );
    assert_eq!(e["kind"], "changes");
    assert_eq!(count(&e, "rows_kept"), 5);
    assert_eq!(e["columns"]["outcome"], "Completion Code");
    assert_eq!(e["columns"]["actual_end"], "Work end");
    assert_eq!(e["columns"]["closed_at"], "Closed");
    assert_eq!(e["columns"]["state"], "Status");
    assert_eq!(e["date_formats"]["actual_end"], "%m/%d/%y %H:%M");
    assert!(e["unknown_values"].get("outcome").is_none(), "{e}");

    let doc = metrics_json(&["--changes", path(&x)]);
    let failure = metric(&doc, "change.failure_rate", Some("explicit"));
    // Completed: 4 (the cancelled one is out); failed: rolled back, partial.
    assert_eq!(failure["numerator"], 2, "{failure}");
    assert_eq!(failure["denominator"], 4, "{failure}");
    // Months come from the implementation end, in 2020, not the year 20.
    let months: Vec<&str> = failure["by_month"]
        .as_array()
        .expect("months")
        .iter()
        .filter_map(|m| m["month"].as_str())
        .collect();
    assert_eq!(months, vec!["2020-01", "2020-02"]);
    assert!(
        failure["note"]
            .as_str()
            .unwrap_or("")
            .contains("no opened time"),
        "{failure}"
    );
}

#[test]
fn outage_table_with_labels_reads_start_cleared_and_end() {
    let (x, e) = read(
        "outages.csv",
        &csv("
            Number,OM Type,StartTime,Cleared,MTTR,Duration,EndTime,Priority,Resolution Group
            NOC0284873,Outage,1/1/20 6:27,1/1/20 7:31,1:04:35,3875,1/1/20 8:00,2 - High,Field Ops
            NOC0284874,Degradation,1/2/20 10:00,1/2/20 10:30,0:30:00,1800,1/2/20 11:00,3 - Moderate,NOC
            NOC0284875,Outage,1/13/20 23:00,1/14/20 1:00,2:00:00,7200,1/14/20 2:00,1 - Critical,Field Ops
        "),
    );
    assert_eq!(e["kind"], "incidents");
    assert_eq!(e["columns"]["opened_at"], "StartTime");
    assert_eq!(e["columns"]["resolved_at"], "Cleared");
    assert_eq!(e["columns"]["closed_at"], "EndTime");
    assert_eq!(e["matched_by"]["opened_at"], "meaning");
    assert_eq!(count(&e, "rows_kept"), 3);
    let doc = metrics_json(&["--incidents", path(&x)]);
    let mttr = metric(&doc, "incident.mttr_hours", Some("median"));
    // 64 min, 30 min, 120 min: the median is 64 minutes.
    let hours = mttr["value"].as_f64().expect("value");
    assert!((hours - 64.0 / 60.0).abs() < 1e-9, "{mttr}");
}

#[test]
fn custom_outage_table_with_u_fields_and_a_duration() {
    let (_x, e) = read(
        "u_incident_outage.csv",
        &csv(r#"
            "number","u_om_type","u_begin_time","u_cleared","calendar_duration","u_end_time","priority"
            "NOC0300001","Outage","2020-11-25 09:56:39","2020-11-25 18:24:37","30478","2020-11-25 19:00:00","2 - High"
            "NOC0300002","Outage","2020-11-26 01:00:00","2020-11-26 02:00:00","3600","","3 - Moderate"
        "#),
    );
    assert_eq!(e["columns"]["opened_at"], "u_begin_time");
    assert_eq!(e["columns"]["resolved_at"], "u_cleared");
    assert_eq!(e["columns"]["closed_at"], "u_end_time");
    assert_eq!(e["columns"]["duration"], "calendar_duration");
    // A resolved time exists, so none is derived from the duration.
    assert!(e["derived"].as_object().expect("derived").is_empty());
}

#[test]
fn created_time_stands_in_for_opened_and_duration_for_resolved() {
    let (x, e) = read(
        "incident.csv",
        &csv("
            number,sys_created_on,priority,state,calendar_duration,closed_by
            INC0010001,2024-03-01 08:00:00,1 - Critical,Closed,3600,Ann Example
            INC0010002,2024-03-02 09:00:00,3 - Moderate,Closed,7200,Ann Example
            INC0010003,2024-03-03 10:00:00,3 - Moderate,In Progress,,
        "),
    );
    assert_eq!(e["columns"]["opened_at"], "sys_created_on");
    assert_eq!(e["columns"]["duration"], "calendar_duration");
    assert_eq!(e["columns"]["resolver"], "closed_by");
    assert!(
        e["derived"]["resolved_at"]
            .as_str()
            .expect("derived")
            .contains("duration"),
        "{e}"
    );
    let doc = metrics_json(&["--incidents", path(&x)]);
    let mttr = metric(&doc, "incident.mttr_hours", Some("median"));
    assert_eq!(mttr["denominator"], 2, "{mttr}");
    let hours = mttr["value"].as_f64().expect("value");
    assert!((hours - 1.5).abs() < 1e-9, "{mttr}");
    assert!(
        mttr["note"].as_str().unwrap_or("").contains("duration"),
        "{mttr}"
    );
}

#[test]
fn jira_software_export_keeps_every_issue() {
    // A Jira Software project: no ITSM issue type at all. Bugs are
    // incidents; tasks, stories, sub-tasks and epics stay tickets of type other.
    let (x, e) = read(
        "jira.csv",
        &csv("
            Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Assignee,Created,Updated,Resolved,Environment,Sprint
            Login fails,SW-1,10001,Bug,Done,SW,High,,09/Jan/24 3:54 PM,10/Jan/24 9:00 AM,10/Jan/24 9:00 AM,prod,Sprint 1
            Add export,SW-2,10002,Story,In Progress,SW,Medium,,09/Jan/24 4:00 PM,09/Jan/24 4:00 PM,,,Sprint 1
            Write tests,SW-3,10003,Sub-task,To Do,SW,Low,,10/Jan/24 8:00 AM,10/Jan/24 8:00 AM,,,Sprint 1
            Platform,SW-4,10004,Epic,To Do,SW,Medium,,11/Jan/24 8:00 AM,11/Jan/24 8:00 AM,,,
            Crash on save,SW-5,10005,Bug,Done,SW,Highest,,12/Jan/24 8:00 AM,12/Jan/24 11:00 AM,12/Jan/24 11:00 AM,,Sprint 2
            Tidy,SW-6,10006,Task,Done,SW,Lowest,,12/Jan/24 9:00 AM,12/Jan/24 9:30 AM,12/Jan/24 9:30 AM,,Sprint 2
        "),
    );
    assert_eq!(e["profile"], "jira");
    assert_eq!(e["kind"], "incidents");
    assert_eq!(count(&e, "rows_kept"), 6);
    let doc = metrics_json(&["--incidents", path(&x)]);
    assert_eq!(metric(&doc, "incident.volume", None)["value"], 2.0);
}

#[test]
fn spanish_jira_service_management_export() {
    // Headers as a Spanish-speaking Jira writes them; month names in
    // Spanish, in Java's older (ene, sep) and CLDR (sept, a. m.) spellings.
    let (x, e) = read(
        "jira-es.csv",
        &csv("
            Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Prioridad,Persona asignada,Informador,Creada,Actualizada,Resuelta,Campo personalizado (Request Type),Categoría de estado
            No puedo entrar,SD-1,1001,Incident,Listo,High,,,19/ene/26 12:47 PM,20/ene/26 9:00 AM,20/ene/26 9:00 AM,Get IT help,Listo
            Alta de usuario,SD-2,1002,Service Request,En curso,Medium,,,15/sep/25 10:00 AM,16/sep/25 10:00 AM,,New employee,En curso
            Impresora,SD-3,1003,Incident,Listo,Low,,,17/sept/25 10:44 a.\u{a0}m.,17/sept/25 3:05 p.\u{a0}m.,17/sept/25 3:05 p.\u{a0}m.,Get IT help,Listo
        "),
    );
    assert_eq!(e["profile"], "jira");
    assert_eq!(e["kind"], "incidents");
    assert_eq!(e["columns"]["id"], "Clave de incidencia");
    assert_eq!(e["columns"]["opened_at"], "Creada");
    assert_eq!(e["columns"]["resolved_at"], "Resuelta");
    assert_eq!(
        e["columns"]["category"],
        "Campo personalizado (Request Type)"
    );
    assert!(
        e["date_formats"]["opened_at"]
            .as_str()
            .expect("format")
            .contains("Spanish"),
        "{e}"
    );
    assert_eq!(e["parse_failures"]["opened_at"], 0, "{e}");
    assert_eq!(e["parse_failures"]["resolved_at"], 0, "{e}");
    let doc = metrics_json(&["--incidents", path(&x)]);
    assert_eq!(metric(&doc, "incident.volume", None)["value"], 2.0);
    assert_eq!(doc["window"]["to"], "2026-01-19T12:47:00");
}

#[test]
fn german_and_portuguese_jira_exports() {
    let (_x, de) = read(
        "jira-de.csv",
        &csv("
            Zusammenfassung,Vorgangsschlüssel,Vorgangstyp,Status,Priorität,Erstellt,Aktualisiert,Benutzerdefinierte Felder (Request Type),Statuskategorie
            Drucker,IT-7,Incident,Fertig,High,17/Sept./25 10:44 AM,03/März/26 3:05 PM,Get IT help,Fertig
            Konto,IT-8,Incident,In Arbeit,Low,1/Mär/26 9:00 AM,2/Mär/26 9:00 AM,Get IT help,In Arbeit
        "),
    );
    assert_eq!(de["profile"], "jira");
    assert_eq!(de["columns"]["id"], "Vorgangsschlüssel");
    assert_eq!(de["columns"]["opened_at"], "Erstellt");
    assert_eq!(de["parse_failures"]["opened_at"], 0, "{de}");
    assert_eq!(de["parse_failures"]["updated_at"], 0, "{de}");

    let (_x, pt) = read(
        "jira-pt.csv",
        &csv("
            Resumo,Chave do item,ID do Item,Status,Prioridade,Responsável,Criado,Resolvido
            Senha,TI-1,501,Concluído,Medium,,17/set./25 10:44 AM,18/set./25 10:44 AM
            Acesso,TI-2,502,Concluído,High,,2/out/25 8:00 AM,3/out/25 8:00 AM
        "),
    );
    assert_eq!(pt["profile"], "jira");
    assert_eq!(pt["columns"]["id"], "Chave do item");
    assert_eq!(pt["columns"]["resolved_at"], "Resolvido");
    assert_eq!(pt["parse_failures"]["opened_at"], 0, "{pt}");
    assert_eq!(pt["parse_failures"]["resolved_at"], 0, "{pt}");
}

#[test]
fn french_jira_export() {
    // French headers (`Clé de ticket`, `Type de ticket`, `Champs personnalisés (`)
    // and Java's French month names (`févr.`, `août`, `sept.`).
    let (_x, fr) = read(
        "jira-fr.csv",
        &csv("
            Résumé,Clé de ticket,Type de ticket,État,Rapporteur,Créé,Mis à jour,Résolu,Champs personnalisés (Request Type)
            Imprimante,SUP-1,Incident,Terminé,,03/févr./25 3:05 PM,04/févr./25 9:00 AM,04/févr./25 9:00 AM,Get IT help
            Compte,SUP-2,Incident,En cours,,9/août/25 1:00 AM,10/août/25 1:00 AM,,Get IT help
            Réseau,SUP-3,Incident,Terminé,,17/sept./25 10:44 AM,17/sept./25 11:44 AM,17/sept./25 11:44 AM,Get IT help
        "),
    );
    assert_eq!(fr["profile"], "jira");
    assert_eq!(fr["kind"], "incidents");
    assert_eq!(fr["columns"]["id"], "Clé de ticket");
    assert_eq!(
        fr["columns"]["category"],
        "Champs personnalisés (Request Type)"
    );
    assert_eq!(fr["columns"]["opened_at"], "Créé");
    assert_eq!(fr["parse_failures"]["opened_at"], 0, "{fr}");
    assert_eq!(fr["parse_failures"]["resolved_at"], 0, "{fr}");
}

#[test]
fn change_type_found_by_its_values() {
    let (_x, e) = read(
        "changes.csv",
        &csv("
            number,opened_at,u_chg_class,close_code
            CHG1,2024-01-02 10:00:00,Standard,Successful
            CHG2,2024-01-03 10:00:00,Normal,Unsuccessful
            CHG3,2024-01-04 10:00:00,Emergency,Successful
        "),
    );
    assert_eq!(e["columns"]["type"], "u_chg_class");
    assert_eq!(e["matched_by"]["type"], "values");
}

#[test]
fn a_file_whose_kind_maps_no_column_says_so() {
    // Data rows, but nothing the detected kind knows: not "no data rows".
    let x = export("notes.csv", b"alpha,beta\n1,2\n3,4\n");
    let out = run(&["inspect", path(&x)]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("2 read = 0 kept + 2 rejected"), "{text}");
    assert!(
        text.contains("kind:") && text.contains("profile:"),
        "{text}"
    );
    assert!(text.contains("no column for required field `id`"), "{text}");
    assert!(!stderr(&out).contains("no data rows"), "{}", stderr(&out));
}

#[test]
fn lone_cr_line_ends_and_a_very_wide_file_are_read() {
    let (_x, e) = read(
        "mac.csv",
        "id,opened_at,priority\rT1,2024-01-02 10:00:00,P1\rT2,2024-01-03 11:00:00,P2\r",
    );
    assert_eq!(count(&e, "rows_kept"), 2);
    assert!(
        e["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n.as_str().unwrap_or("").contains("CR")),
        "{e}"
    );

    let width = 60_000;
    let mut text = String::from("id,opened_at");
    for i in 2..width {
        text.push_str(&format!(",extra_{i}"));
    }
    text.push('\n');
    for row in 0..3 {
        text.push_str(&format!("T{row},2024-01-0{} 10:00:00", row + 1));
        text.push_str(&",".repeat(width - 2));
        text.push('\n');
    }
    let (_x, e) = read("wide.csv", &text);
    assert_eq!(count(&e, "rows_read"), 3);
    assert_eq!(count(&e, "rows_kept"), 3);
}

#[test]
fn mac_roman_is_recognised_and_encoding_can_be_named() {
    // "Café réseau", "Zürich", "Señal" in Mac Roman: é 0x8E, ü 0x9F, ñ 0x96.
    let bytes = b"id,opened_at,category\nT1,2024-01-02 10:00:00,Caf\x8e r\x8eseau\nT2,2024-01-02 11:00:00,Z\x9frich\nT3,2024-01-02 12:00:00,Se\x96al\n";
    let x = export("mac.csv", bytes);
    let (code, e) = inspect_json(&x.path, &[]);
    assert_eq!(code, 0);
    assert_eq!(e["encoding"], "Mac Roman");
    let (code, e) = inspect_json(&x.path, &["--encoding", "windows-1252"]);
    assert_eq!(code, 0);
    assert_eq!(e["encoding"], "Windows-1252");
    let out = run(&["inspect", "--encoding", "ebcdic", path(&x)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown encoding"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_same_export_twice_is_read_once_and_ids_in_two_files_count_once() {
    let dir = tempfile::tempdir().expect("dir");
    let body = csv("
        number,opened_at,priority,contact_type
        INC1,2024-01-02 10:00:00,1 - Critical,Phone
        INC2,2024-01-03 10:00:00,3 - Moderate,Self-service
        INC3,2024-01-04 10:00:00,3 - Moderate,Email
    ");
    std::fs::write(dir.path().join("incidents.csv"), &body).expect("write");
    std::fs::write(dir.path().join("incidents (1).csv"), &body).expect("write");
    // A later download holding one of the same tickets, now with another priority.
    std::fs::write(
        dir.path().join("zz-incidents-later.csv"),
        csv("
            number,opened_at,priority,contact_type
            INC3,2024-01-04 10:00:00,1 - Critical,Email
            INC4,2024-01-05 10:00:00,3 - Moderate,Phone
        "),
    )
    .expect("write");
    let data = dir.path().to_str().expect("path");
    let doc = metrics_json(&["--data", data]);
    assert_eq!(metric(&doc, "incident.volume", None)["value"], 4.0);
    // INC3 is counted once, with the later file's priority.
    let major = metric(&doc, "incident.major_share", None);
    assert_eq!(major["numerator"], 2, "{major}");
    let skipped = doc["data_quality"]["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .expect("reason")
            .contains("same export"),
        "{skipped:?}"
    );
    let files = doc["data_quality"]["files"].as_array().expect("files");
    let superseded: u64 = files
        .iter()
        .map(|f| f["ids_in_later_files"].as_u64().expect("count"))
        .sum();
    assert_eq!(superseded, 1);
}

#[test]
fn suggested_mapping_reproduces_the_reading_and_offers_candidates() {
    let x = export(
        "changes.csv",
        csv("
            number,when_done,type,u_substate
            CHG1,2024-01-02 10:00:00,Standard,All Changes Completed
            CHG2,2024-01-03 10:00:00,Comprehensive,Change Unsuccessful-Rolled Back
        ")
        .as_bytes(),
    );
    let out = run(&["inspect", "--suggest-mapping", path(&x)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let toml_text = stdout(&out);
    assert!(
        toml_text.contains("outcome = \"u_substate\""),
        "{toml_text}"
    );
    assert!(
        toml_text.contains("# actual_end = \"when_done\""),
        "{toml_text}"
    );
    assert!(toml_text.contains("\"Comprehensive\""), "{toml_text}");
    // The file as written is a valid mapping that reads the export the same way.
    let mapping = export("mapping.toml", toml_text.as_bytes());
    let (code, e) = inspect_json(&x.path, &["--mapping", path(&mapping)]);
    assert_eq!(code, 0, "{e}");
    assert_eq!(e["columns"]["outcome"], "u_substate");
    assert_eq!(e["matched_by"]["outcome"], "user");
    let two = run(&["inspect", "--suggest-mapping", path(&x), path(&x)]);
    assert_eq!(two.status.code(), Some(2));
}

#[test]
fn workbooks_are_read_from_the_first_sheet_or_the_named_one() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("incident.xlsx");
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let first = book.add_worksheet();
    first.set_name("Page 1").expect("name");
    // A title row above the header, as reports add.
    first
        .write_string(0, 0, "Incidents opened last week")
        .expect("cell");
    for (c, h) in [
        "Number",
        "Opened",
        "Resolved",
        "Priority",
        "Reassignment count",
    ]
    .iter()
    .enumerate()
    {
        first.write_string(2, c as u16, *h).expect("cell");
    }
    let rows = [
        (
            "INC0010001",
            "2025-01-13T08:30:00",
            "2025-01-13T10:30:00",
            "1 - Critical",
            0.0,
        ),
        (
            "INC0010002",
            "2025-01-14T09:00:00",
            "2025-01-15T09:00:00",
            "3 - Moderate",
            2.0,
        ),
    ];
    for (r, (n, o, res, p, k)) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        first.write_string(r, 0, *n).expect("cell");
        let opened = ExcelDateTime::parse_from_str(o).expect("date");
        first
            .write_datetime_with_format(r, 1, &opened, &date)
            .expect("cell");
        let resolved = ExcelDateTime::parse_from_str(res).expect("date");
        first
            .write_datetime_with_format(r, 2, &resolved, &date)
            .expect("cell");
        first.write_string(r, 3, *p).expect("cell");
        first.write_number(r, 4, *k).expect("cell");
    }
    // A second sheet whose dates are bare serial numbers (general format).
    let second = book.add_worksheet();
    second.set_name("Changes").expect("name");
    for (c, h) in ["number", "opened_at", "work_end", "close_code"]
        .iter()
        .enumerate()
    {
        second.write_string(0, c as u16, *h).expect("cell");
    }
    second.write_string(1, 0, "CHG1").expect("cell");
    second.write_number(1, 1, 45943.5).expect("cell");
    second.write_number(1, 2, 45944.25).expect("cell");
    second.write_string(1, 3, "Successful").expect("cell");
    book.save(&file).expect("save");

    let (code, e) = inspect_json(&file, &[]);
    assert_eq!(code, 0, "{e}");
    assert_balanced(&e);
    assert_eq!(e["format"], "xlsx");
    assert_eq!(e["sheet"], "Page 1");
    assert_eq!(e["kind"], "incidents");
    assert_eq!(count(&e, "rows_kept"), 2);
    assert_eq!(e["parse_failures"]["opened_at"], 0, "{e}");
    let f = file.to_str().expect("path");
    let doc = metrics_json(&["--incidents", f]);
    let mttr = metric(&doc, "incident.mttr_hours", Some("median"));
    // 2 h and 24 h: the median is 13 h.
    let hours = mttr["value"].as_f64().expect("value");
    assert!((hours - 13.0).abs() < 1e-9, "{mttr}");

    let (code, e) = inspect_json(&file, &["--sheet", "changes"]);
    assert_eq!(code, 0, "{e}");
    assert_eq!(e["sheet"], "Changes");
    assert_eq!(e["kind"], "changes");
    assert_eq!(e["date_formats"]["opened_at"], "excel serial number");
    assert_eq!(e["parse_failures"]["opened_at"], 0, "{e}");
    let out = run(&["inspect", "--sheet", "Nope", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("Page 1"), "{}", stdout(&out));
}

#[test]
fn parquet_exports_are_read() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("incidents.parquet");
    let opened = Series::new(
        "opened_at".into(),
        [1_704_189_600_000i64, 1_704_276_000_000],
    )
    .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
    .expect("dates");
    let mut frame = DataFrame::new_infer_height(vec![
        Series::new("number".into(), ["INC1", "INC2"]).into(),
        opened.into(),
        Series::new("priority".into(), [1i64, 3]).into(),
        Series::new("contact_type".into(), ["Self-service", "Phone"]).into(),
    ])
    .expect("frame");
    let out = std::fs::File::create(&file).expect("create");
    ParquetWriter::new(out).finish(&mut frame).expect("write");

    let (code, e) = inspect_json(&file, &[]);
    assert_eq!(code, 0, "{e}");
    assert_eq!(e["format"], "parquet");
    assert_eq!(count(&e, "rows_kept"), 2);
    assert_eq!(e["parse_failures"]["opened_at"], 0, "{e}");
    let doc = metrics_json(&["--incidents", file.to_str().expect("path")]);
    assert_eq!(metric(&doc, "incident.major_share", None)["numerator"], 1);
    assert_eq!(
        metric(&doc, "desk.self_service_share", None)["numerator"],
        1
    );
}
