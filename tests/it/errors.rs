//! Inputs that cannot be used: one clear line naming the file, exit code 2, no panic.

use crate::common::*;

fn assert_refused(args: &[&str], expect: &str) {
    let out = run(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(expect),
        "{args:?}: expected `{expect}` in: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_file() {
    assert_refused(
        &["inspect", "/nonexistent/incidents.csv"],
        "/nonexistent/incidents.csv: no such file",
    );
}

#[test]
fn directory() {
    let dir = tempfile::tempdir().expect("dir");
    let p = dir.path().to_str().expect("path");
    assert_refused(&["inspect", p], "is a directory");
}

#[test]
fn empty_file() {
    let x = export("empty.csv", b"");
    assert_refused(
        &["inspect", x.path.to_str().expect("path")],
        "the file is empty",
    );
}

#[test]
fn header_only_file() {
    let x = export("header.csv", b"id,opened_at,priority\n");
    assert_refused(
        &["inspect", x.path.to_str().expect("path")],
        "a header but no data rows",
    );
}

#[test]
fn binary_garbage() {
    let x = export(
        "garbage.csv",
        &[0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x10, 0x00],
    );
    assert_refused(
        &["inspect", x.path.to_str().expect("path")],
        "does not look like a CSV export",
    );
}

#[test]
fn bad_gzip() {
    let x = export("broken.csv.gz", &[0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]);
    assert_refused(
        &["inspect", x.path.to_str().expect("path")],
        "does not decompress",
    );
}

#[test]
fn map_to_a_column_the_file_lacks() {
    let x = export("t.csv", b"id,opened,priority\nT1,2024-01-01 10:00:00,1\n");
    assert_refused(
        &[
            "inspect",
            "--map",
            "opened_at=openned",
            x.path.to_str().expect("path"),
        ],
        "no column `openned`",
    );
}

#[test]
fn map_to_a_field_that_does_not_exist() {
    let x = export("t.csv", b"id,opened_at\nT1,2024-01-01 10:00:00\n");
    assert_refused(
        &[
            "inspect",
            "--map",
            "colour=id",
            x.path.to_str().expect("path"),
        ],
        "`colour` is not a field of a incidents export",
    );
}

#[test]
fn bad_mapping_file_names_its_line() {
    let x = export("t.csv", b"id,opened_at\nT1,2024-01-01 10:00:00\n");
    let map = export("map.toml", b"[columns]\nid = \"id\"\nopened_at = 7\n");
    let m = map.path.to_str().expect("path");
    assert_refused(
        &["inspect", "--mapping", m, x.path.to_str().expect("path")],
        "map.toml:3:",
    );
}

#[test]
fn missing_required_column_lists_columns_and_candidates() {
    // `when` means nothing by its name, but its values are dates: it is
    // offered as a candidate, not taken.
    let x = export(
        "t.csv",
        b"number,when,priority\nINC1,2024-01-01 10:00:00,1\n",
    );
    let out = run(&["inspect", x.path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let s = stdout(&out);
    assert!(
        s.contains("no column for required field `opened_at`")
            && s.contains("when")
            && s.contains("--suggest-mapping"),
        "{s}"
    );
    assert!(s.contains("kind:") && s.contains("profile:"), "{s}");
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let good = export("good.csv", b"id,opened_at\nT1,2024-01-01 10:00:00\n");
    let out = run(&[
        "inspect",
        "/nonexistent/a.csv",
        good.path.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("1 read = 1 kept + 0 rejected"));
}
