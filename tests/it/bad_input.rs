//! The bad-input corpus: the files of tests/data/bad/ and larger ones
//! written here, each with the exit code and message it must give. No case
//! panics; a usable file exits 0 with its problems counted, and every row
//! read is kept or rejected; an unusable one exits 2 with one line naming
//! the file and what was expected.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bad")
        .join(name)
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// No panic, no internal error: the tool's promise for any input.
fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    assert_ne!(out.status.code(), Some(1), "{err}");
    assert!(out.status.code().is_some(), "killed by a signal: {err}");
}

/// Exit 2 and one error line that names `names` and says `expect`.
fn assert_refused(out: &Output, names: &str, expect: &str) {
    assert_no_panic(out);
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected: {err}");
    assert!(
        lines[0].contains(names) && lines[0].contains(expect),
        "expected `{names}` and `{expect}` in: {err}"
    );
}

/// (file, rows read, kept, rejected, a reason or count that must be there)
const USABLE: &[(&str, u64, u64, u64, &str)] = &[
    ("crlf.csv", 2, 2, 0, ""),
    ("lone_cr.csv", 2, 2, 0, "lone CR"),
    ("latin1.csv", 2, 2, 0, "Windows-1252"),
    ("mac_roman.csv", 2, 2, 0, "Mac Roman"),
    ("utf16le_bom.csv", 2, 2, 0, "UTF-16LE"),
    ("utf16be_bom.csv", 2, 2, 0, "UTF-16BE"),
    ("opened_unparseable.csv", 5, 0, 5, "unparseable opened_at"),
    ("mixed_dates.csv", 5, 3, 2, "unparseable opened_at"),
    ("two_digit_years.csv", 3, 3, 0, "%m/%d/%y"),
    ("resolved_before_opened.csv", 3, 3, 0, ""),
    ("bad_counts.csv", 4, 4, 0, "\"reassignment_count\":3"),
    ("duplicate_ids.csv", 3, 2, 1, "duplicate id"),
    (
        "eventlog_out_of_order.csv",
        6,
        6,
        0,
        "\"tickets_after_reduction\":3",
    ),
    ("truncated_last_line.csv", 3, 2, 1, "unparseable opened_at"),
];

#[test]
fn usable_files_are_read_with_their_problems_counted() {
    for (name, read, kept, rejected, expect) in USABLE {
        let path = corpus(name);
        let (code, entry) = inspect_json(&path, &[]);
        assert_eq!(code, 0, "{name}: {entry}");
        assert_balanced(&entry);
        assert_eq!(
            (
                count(&entry, "rows_read"),
                count(&entry, "rows_kept"),
                count(&entry, "rows_rejected")
            ),
            (*read, *kept, *rejected),
            "{name}: {entry}"
        );
        let flat = entry.to_string();
        assert!(flat.contains(expect), "{name}: `{expect}` not in {flat}");
        // The rest of the pipeline takes what was kept without a panic.
        let out = run(&["metrics", "--format", "json", "--incidents", text(&path)]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    }
}

#[test]
fn values_that_are_no_dates_or_counts_are_unreadable_not_guessed() {
    // Two-digit years land in this century.
    let doc = metrics_json(&["--incidents", text(&corpus("two_digit_years.csv"))]);
    assert_eq!(
        doc["window"]["from"], "2023-12-31T09:30:00",
        "{}",
        doc["window"]
    );
    // Resolved before opened: left out of resolution times, and said.
    let doc = metrics_json(&["--incidents", text(&corpus("resolved_before_opened.csv"))]);
    let mttr = metric(&doc, "incident.mttr_hours", Some("median"));
    assert_eq!(mttr["denominator"], 2, "{mttr}");
    assert!(
        mttr["note"]
            .as_str()
            .is_some_and(|n| n.contains("resolved before"))
    );
    // -1, 1.5 and `three` are no counts; 2 is.
    let doc = metrics_json(&["--incidents", text(&corpus("bad_counts.csv"))]);
    let fcr = metric(&doc, "incident.reassignment_rate", None);
    assert_eq!(fcr["denominator"], 1, "{fcr}");
}

/// (file, what the error line must say)
const REFUSED: &[(&str, &str)] = &[
    ("empty.csv", "the file is empty"),
    ("header_only.csv", "a header but no data rows"),
    (
        "garbage.csv",
        "does not look like a CSV export (it contains NUL bytes",
    ),
    ("renamed_pdf.csv", "it is a PDF document"),
    ("renamed_zip.csv", "not a workbook"),
    (
        "ambiguous_dates.csv",
        "pass --date-order dmy or --date-order mdy",
    ),
    (
        "unbalanced_quotes.csv",
        "a quoted field is never closed (a `\"` without its pair), opened on line 3",
    ),
];

#[test]
fn unusable_files_are_refused_in_one_line() {
    for (name, expect) in REFUSED {
        let path = corpus(name);
        let out = run(&["metrics", "--incidents", text(&path)]);
        assert_refused(&out, name, expect);
        // inspect says the same, and goes on with the other files.
        let out = run(&["inspect", text(&path), text(&corpus("crlf.csv"))]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2));
        assert!(stdout(&out).contains("2 read = 2 kept + 0 rejected"));
    }
}

#[test]
fn files_without_the_required_columns_are_refused_with_their_rows_counted() {
    for name in ["missing_required.csv", "unrelated.csv"] {
        // inspect refuses the file and says which field has no column.
        let (code, entry) = inspect_json(&corpus(name), &[]);
        assert_eq!(code, 2, "{entry}");
        assert_balanced(&entry);
        assert_eq!(count(&entry, "rows_rejected"), count(&entry, "rows_read"));
        assert!(entry["missing_required"][0]["field"].is_string(), "{entry}");
        // A run over it goes on, every row counted as rejected for that reason.
        let doc = metrics_json(&["--incidents", text(&corpus(name))]);
        let file = &doc["data_quality"]["files"][0];
        assert_balanced(file);
        let reasons = file["rejected_by_reason"].to_string();
        assert!(
            reasons.contains("no column for required field"),
            "{reasons}"
        );
        let volume = metric(&doc, "incident.volume", None);
        assert_eq!(volume["status"], "not_evaluable", "{volume}");
    }
}

/// A folder holding one file written from bytes.
fn written(name: &str, bytes: &[u8]) -> Export {
    export(name, bytes)
}

#[test]
fn a_five_megabyte_field_is_one_value() {
    let mut text = String::from("number,opened_at,category,priority\n");
    text.push_str("INC0001,2024-01-05 10:00:00,\"");
    text.push_str(&"long, \"\"quoted\"\" text\n".repeat(5 * 1024 * 1024 / 22));
    text.push_str("\",3 - Moderate\nINC0002,2024-01-05 11:00:00,Network,2 - High\n");
    assert!(text.len() > 5_000_000);
    let x = written("big-field.csv", text.as_bytes());
    let (code, entry) = inspect_json(&x.path, &[]);
    assert_eq!(code, 0, "{}", entry["rejected_by_reason"]);
    assert_balanced(&entry);
    assert_eq!(count(&entry, "rows_kept"), 2);
}

#[test]
fn a_hundred_thousand_columns_in_the_header_or_in_a_line() {
    // A header 100 000 columns wide.
    let mut wide = String::from("number,opened_at");
    for i in 0..100_000 {
        wide.push_str(&format!(",c{i}"));
    }
    wide.push('\n');
    for n in 1..=3 {
        wide.push_str(&format!("INC{n:04},2024-01-0{n} 10:00:00"));
        wide.push_str(&",x".repeat(100_000));
        wide.push('\n');
    }
    let x = written("wide.csv", wide.as_bytes());
    let (code, entry) = inspect_json(&x.path, &[]);
    assert_eq!(code, 0, "{}", entry["rejected_by_reason"]);
    assert_balanced(&entry);
    assert_eq!(count(&entry, "rows_kept"), 3);
    // A line of 100 000 fields under a header of three: cut to the header.
    let mut ragged = String::from("number,opened_at,priority\nINC0001,2024-01-05 10:00:00,1");
    ragged.push_str(&",y".repeat(100_000));
    ragged.push_str("\nINC0002,2024-01-05 11:00:00,2\n");
    let x = written("ragged.csv", ragged.as_bytes());
    let (code, entry) = inspect_json(&x.path, &[]);
    assert_eq!(code, 0, "{}", entry["rejected_by_reason"]);
    assert_eq!(
        entry["notes"],
        serde_json::json!([]),
        "the header was mistaken"
    );
    assert_balanced(&entry);
    assert_eq!(count(&entry, "rows_kept"), 2);
}

#[test]
fn a_workbook_renamed_csv_is_read_as_a_workbook() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("export.csv");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["number", "opened_at", "priority"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for r in 1..=3u32 {
        sheet.write_string(r, 0, format!("INC{r:04}")).expect("id");
        sheet
            .write_string(r, 1, format!("2024-02-0{r} 09:00:00"))
            .expect("date");
        sheet.write_number(r, 2, 3.0).expect("priority");
    }
    book.save(&path).expect("save");
    let (code, entry) = inspect_json(&path, &[]);
    assert_eq!(code, 0, "{entry}");
    assert_eq!(entry["format"], "xlsx");
    assert_eq!(count(&entry, "rows_kept"), 3);
}

#[test]
fn paths_with_spaces_and_non_ascii_characters() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("exports été 2024 (copie)");
    std::fs::create_dir_all(&folder).expect("dir");
    let file = folder.join("Überblick – incidents #2.csv");
    std::fs::copy(corpus("crlf.csv"), &file).expect("copy");
    let (code, entry) = inspect_json(&file, &[]);
    assert_eq!(code, 0, "{entry}");
    assert_eq!(count(&entry, "rows_kept"), 2);
    let out_dir = dir.path().join("rapport final – 2024");
    let out = run(&[
        "analyze",
        "--data",
        text(&folder),
        "--out",
        text(&out_dir),
        "--quiet",
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(out_dir.join("index.html")).expect("html");
    assert!(html.contains("Überblick – incidents #2.csv"));
}

#[test]
fn output_folders_that_cannot_take_a_report() {
    let dir = tempfile::tempdir().expect("dir");
    let data = text(&corpus("crlf.csv")).to_string();
    let analyze = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "analyze",
            "--incidents",
            &data,
            "--out",
            text(out),
            "--quiet",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    // A file.
    let file = dir.path().join("report.txt");
    std::fs::write(&file, b"mine").expect("write");
    for extra in [&[][..], &["--force"][..]] {
        assert_refused(
            &analyze(&file, extra),
            "report.txt",
            "is a file, not a folder",
        );
        assert_eq!(std::fs::read(&file).expect("kept"), b"mine");
    }
    // A folder that exists.
    let existing = dir.path().join("existing");
    std::fs::create_dir_all(&existing).expect("dir");
    assert_refused(&analyze(&existing, &[]), "existing", "pass --force");
    // A folder inside a read-only one.
    let locked = read_only_folder(dir.path());
    let out = analyze(&locked.path.join("report"), &[]);
    assert_refused(&out, "cannot write", "");
}

/// A folder no one can create anything in: read-only by its mode, and for
/// root (whom modes do not stop) immutable too, else a place under /proc.
struct Locked {
    path: PathBuf,
    immutable: bool,
}

impl Drop for Locked {
    fn drop(&mut self) {
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .args(["-i", text(&self.path)])
                .status();
        }
    }
}

fn read_only_folder(base: &Path) -> Locked {
    let path = base.join("locked");
    std::fs::create_dir_all(&path).expect("dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).expect("mode");
    }
    let writable = |p: &Path| {
        let ok = std::fs::create_dir(p.join("probe")).is_ok();
        let _ = std::fs::remove_dir(p.join("probe"));
        ok
    };
    if !writable(&path) {
        return Locked {
            path,
            immutable: false,
        };
    }
    let immutable = std::process::Command::new("chattr")
        .args(["+i", text(&path)])
        .status()
        .is_ok_and(|s| s.success());
    if immutable && !writable(&path) {
        return Locked { path, immutable };
    }
    Locked {
        path: PathBuf::from("/proc/itsm-evidence-cannot-write-here"),
        immutable: false,
    }
}

#[test]
fn data_folders_that_are_empty_unrelated_or_repeat_an_export() {
    let empty = tempfile::tempdir().expect("dir");
    let out = run(&["metrics", "--data", text(empty.path())]);
    assert_refused(&out, text(empty.path()), "no export");

    let unrelated = tempfile::tempdir().expect("dir");
    std::fs::copy(corpus("unrelated.csv"), unrelated.path().join("cities.csv")).expect("copy");
    let doc = metrics_json(&["--data", text(unrelated.path())]);
    let file = &doc["data_quality"]["files"][0];
    assert_balanced(file);
    assert_eq!(count(file, "rows_rejected"), 2, "{file}");

    let twice = tempfile::tempdir().expect("dir");
    std::fs::copy(corpus("crlf.csv"), twice.path().join("incidents.csv")).expect("copy");
    std::fs::copy(corpus("crlf.csv"), twice.path().join("incidents (1).csv")).expect("copy");
    let doc = metrics_json(&["--data", text(twice.path())]);
    let volume = metric(&doc, "incident.volume", None);
    assert_eq!(volume["value"], 2.0, "{volume}");
    let skipped = doc["data_quality"]["skipped"].to_string();
    assert!(skipped.contains("incidents (1).csv"), "{skipped}");
}

#[test]
fn a_survey_with_scores_out_of_range_words_blanks_and_unknown_roles() {
    let out = run(&[
        "assess",
        "--incidents",
        text(&corpus("crlf.csv")),
        "--survey",
        text(&corpus("survey_bad_scores.csv")),
        "--format",
        "json",
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let survey = &doc["survey"];
    for score in ["0", "6", "four"] {
        assert_eq!(survey["unreadable_scores"][score], 1, "{survey}");
    }
    assert_eq!(survey["unknown_roles"]["Astronaut"], 1, "{survey}");
    assert_eq!(survey["blank_answers"], 1, "{survey}");
    // r7 (4) and r8 (2) are the answers kept.
    assert_eq!(survey["answers_kept"], 2, "{survey}");
}

/// (rubric file, line, what the error says)
const RUBRICS: &[(&str, usize, &str)] = &[
    ("rubric_syntax.toml", 7, "string values must be quoted"),
    (
        "rubric_unknown_discipline.toml",
        4,
        "unknown discipline `incident managment`",
    ),
    (
        "rubric_unknown_metric.toml",
        4,
        "unknown metric id `incident.reopen_ratio`",
    ),
    ("rubric_direction.toml", 4, "direction `down`"),
    ("rubric_threshold_count.toml", 4, "(4 numbers), found 3"),
    (
        "rubric_threshold_order.toml",
        4,
        "thresholds must fall from level 2 to 5",
    ),
    ("rubric_threshold_text.toml", 8, "invalid type"),
    (
        "rubric_weight.toml",
        4,
        "weight -1 must be a positive number",
    ),
    ("rubric_unknown_field.toml", 8, "unknown field `colour`"),
    (
        "rubric_symptom_check.toml",
        10,
        "exactly one of above or below",
    ),
];

#[test]
fn rubric_files_with_each_kind_of_mistake() {
    for (name, line, expect) in RUBRICS {
        let out = run(&[
            "assess",
            "--incidents",
            text(&corpus("crlf.csv")),
            "--rubric",
            text(&corpus(name)),
        ]);
        assert_refused(&out, &format!("{name}:{line}:"), expect);
    }
}
