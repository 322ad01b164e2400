//! The tool reads only the files it is given and opens no network
//! connection: a URL in place of any path is refused, and a whole analyze
//! runs where no network exists.

use crate::common::*;
use std::path::PathBuf;
use std::process::Command;

const URL: &str = "https://example.org/exports/incidents.csv";

#[test]
fn a_url_in_place_of_any_path_is_refused() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let data = sample.to_str().expect("utf-8");
    let out = tempfile::tempdir().expect("dir");
    let o = out.path().join("r");
    let o = o.to_str().expect("utf-8");
    let cases: Vec<Vec<&str>> = vec![
        vec!["inspect", URL],
        vec!["inspect", "--mapping", URL, data],
        vec!["metrics", "--incidents", URL],
        vec!["metrics", "--changes", "s3://bucket/changes.parquet"],
        vec!["metrics", "--cmdb", "file:///etc/passwd"],
        vec!["metrics", "--data", "https://example.org/exports/"],
        vec!["assess", "--data", data, "--survey", URL],
        vec!["assess", "--data", data, "--survey-mapping", URL],
        vec!["assess", "--data", data, "--rubric", URL],
        vec!["analyze", "--data", data, "--out", "https://example.org/r"],
        vec![
            "analyze",
            "--data",
            data,
            "--out",
            o,
            "--pseudonym-key-file",
            URL,
        ],
        vec!["survey-template", "--out", "ftp://example.org/t"],
        vec!["generate", "--out", "http://example.org/g", "--seed", "1"],
    ];
    for args in cases {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("reads local files only and opens no network connection"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn analyze_runs_whole_with_no_network() {
    // A new network namespace has no interface but a loopback that is down.
    let isolated = ["-n", "-rn"].into_iter().find(|flag| {
        Command::new("unshare")
            .args([flag, "true"])
            .status()
            .is_ok_and(|s| s.success())
    });
    let Some(flag) = isolated else {
        assert!(
            std::env::var("CI").is_err(),
            "CI runs as root and must be able to unshare the network"
        );
        eprintln!("skipped: this machine cannot run a process without a network (unshare)");
        return;
    };
    let interfaces = Command::new("unshare")
        .args([flag, "cat", "/proc/net/dev"])
        .output()
        .expect("unshare");
    let listing = String::from_utf8_lossy(&interfaces.stdout);
    assert!(
        listing
            .lines()
            .skip(2)
            .all(|l| l.trim_start().starts_with("lo:")),
        "{listing}"
    );
    let out = tempfile::tempdir().expect("dir");
    let report = out.path().join("r");
    let o = Command::new("unshare")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([flag, env!("CARGO_BIN_EXE_itsm-evidence")])
        .args(["analyze", "--data", "sample-data", "--out"])
        .arg(&report)
        .arg("--quiet")
        .output()
        .expect("unshare runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(report.join("index.html").exists());
}
