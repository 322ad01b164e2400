//! Helpers: run the binary, write small exports, read `inspect --json`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_itsm-evidence"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

/// `analyze` reading `input` (`--data DIR`, `--incidents FILE`, ...) into
/// the report folder `out`, quietly, with `extra` arguments.
pub fn analyze_into(option: &str, input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "analyze",
        option,
        input.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shared real data sets (read-only, never copied into the project).
pub fn shared_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// `metrics --format json` of the public UCI ServiceNow event log, computed
/// once per test run: several tests look at it and it takes a while.
pub fn uci_metrics() -> &'static Value {
    static DOC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let uci = shared_data().join("uci-servicenow-incident-eventlog");
        let out = run(&[
            "metrics",
            "--data",
            uci.to_str().expect("utf-8"),
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("json")
    })
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A CSV from indented lines: each line trimmed, blank lines dropped.
pub fn csv(text: &str) -> String {
    let mut out: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// A temporary folder holding one export written from bytes.
pub struct Export {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn export(name: &str, bytes: &[u8]) -> Export {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write export");
    Export { _dir: dir, path }
}

/// `inspect --json` on one file plus extra arguments: (exit code, the file's entry).
pub fn inspect_json(path: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["inspect", "--json"];
    args.extend_from_slice(extra);
    let p = path.to_str().expect("utf-8 path");
    args.push(p);
    let out = run(&args);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "inspect --json printed no JSON ({e}): {}\n{}",
            stdout(&out),
            stderr(&out)
        )
    });
    assert_eq!(doc["schema_version"], 1);
    let entry = doc["files"][0].clone();
    (out.status.code().unwrap_or(-1), entry)
}

/// Asserts the accounting identity of an `inspect --json` entry.
pub fn assert_balanced(entry: &Value) {
    let read = entry["rows_read"].as_u64().expect("rows_read");
    let kept = entry["rows_kept"].as_u64().expect("rows_kept");
    let rejected = entry["rows_rejected"].as_u64().expect("rows_rejected");
    let by_reason: u64 = entry["rejected_by_reason"]
        .as_object()
        .expect("reasons")
        .values()
        .map(|v| v.as_u64().expect("count"))
        .sum();
    assert_eq!(
        read,
        kept + rejected,
        "{}: read != kept + rejected",
        entry["path"]
    );
    assert_eq!(rejected, by_reason, "{}: reasons do not sum", entry["path"]);
}

pub fn count(entry: &Value, key: &str) -> u64 {
    entry[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {entry}"))
}

/// `metrics --format json` with these arguments: the whole document.
pub fn metrics_json(args: &[&str]) -> Value {
    let mut all = vec!["metrics", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("metrics JSON")
}

/// One metric (and variant) of a metrics document.
pub fn metric(doc: &Value, id: &str, variant: Option<&str>) -> Value {
    doc["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["id"] == id && m["variant"].as_str() == variant)
        .cloned()
        .unwrap_or_else(|| panic!("no {id} {variant:?}"))
}
