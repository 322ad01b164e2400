//! What the tool writes is safe to open: every CSV cell that a spreadsheet
//! would run is neutralised while numbers stay numbers; hostile names show
//! as text in a real browser, with no dialog and no script run; and a run
//! killed at any moment leaves the previous report folder whole.

use crate::browser::{chromium, headless};
use crate::common::*;
use crate::outputs::{files_under, snapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(2)>";

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Incidents repeating on CIs with hostile names, and a survey whose
/// disciplines begin like spreadsheet formulas or hold markup.
fn hostile_exports() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let mut incidents =
        String::from("number,opened_at,resolved_at,priority,cmdb_ci,assignment_group,category\n");
    for i in 1..=12 {
        let ci = match i % 3 {
            0 => SCRIPT,
            1 => IMG,
            _ => "=HYPERLINK(\"http://example.org\",\"x\")",
        };
        incidents.push_str(&format!(
            "INC{i:04},2024-01-{i:02} 09:00:00,2024-01-{i:02} 12:00:00,3 - Moderate,{},{},{}\n",
            quoted(ci),
            quoted(IMG),
            quoted(SCRIPT)
        ));
    }
    std::fs::write(dir.path().join("incidents.csv"), incidents).expect("write");
    let mut survey = String::from("respondent_id,role,discipline,score\n");
    for (i, discipline) in [
        "=1+2",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tindented",
        SCRIPT,
        IMG,
    ]
    .iter()
    .enumerate()
    {
        for role in ["Manager", "Technician"] {
            survey.push_str(&format!("r{i}{role},{role},{},3\n", quoted(discipline)));
        }
    }
    std::fs::write(dir.path().join("survey.csv"), survey).expect("write");
    dir
}

fn analyze(data: &Path, out: &Path) {
    let o = analyze_into("--data", data, out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Every cell of a CSV text: none would run as a formula.
fn assert_csv_safe(name: &str, text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("CSV").iter().map(str::to_string).collect())
        .collect();
    assert!(!rows.is_empty(), "{name} is empty");
    for row in &rows {
        for cell in row {
            assert!(
                itsm_evidence::safe_csv::is_safe(cell),
                "{name}: a spreadsheet would run `{cell}`"
            );
        }
    }
    rows
}

/// The cells of the named columns that are filled parse as numbers.
fn assert_numbers(name: &str, rows: &[Vec<String>], columns: &[&str]) {
    let header = &rows[0];
    for column in columns {
        let i = header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("{name}: no column {column}"));
        for row in &rows[1..] {
            let cell = &row[i];
            assert!(
                cell.is_empty() || cell.parse::<f64>().is_ok(),
                "{name}: {column} `{cell}` is not a number"
            );
        }
    }
}

#[test]
fn every_csv_the_tool_writes_opens_safely_in_a_spreadsheet() {
    let data = hostile_exports();
    let d = data.path().to_str().expect("utf-8");
    let out = tempfile::tempdir().expect("dir");
    let report = out.path().join("r");
    analyze(data.path(), &report);
    let mut csvs: BTreeMap<String, String> = BTreeMap::new();
    for path in files_under(&report)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        csvs.insert(
            path.display().to_string(),
            std::fs::read_to_string(&path).expect("csv"),
        );
    }
    for args in [
        vec!["metrics", "--data", d, "--format", "csv"],
        vec!["assess", "--data", d, "--format", "csv"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        csvs.insert(args.join(" "), stdout(&o));
    }
    let template = out.path().join("template");
    let generated = out.path().join("generated");
    for args in [
        vec![
            "survey-template",
            "--out",
            template.to_str().expect("utf-8"),
            "--format",
            "csv",
        ],
        vec![
            "generate",
            "--out",
            generated.to_str().expect("utf-8"),
            "--seed",
            "5",
            "--incidents",
            "300",
            "--changes",
            "60",
            "--cis",
            "60",
            "--respondents",
            "6",
            "--months",
            "2",
        ],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for path in files_under(&template)
        .into_iter()
        .chain(files_under(&generated))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        csvs.insert(
            path.display().to_string(),
            std::fs::read_to_string(&path).expect("csv"),
        );
    }
    assert!(csvs.len() >= 9, "{:?}", csvs.keys());
    for (name, text) in &csvs {
        let rows = assert_csv_safe(name, text);
        if name.ends_with("metrics.csv") || name.starts_with("metrics ") {
            assert_numbers(
                name,
                &rows,
                &[
                    "value",
                    "numerator",
                    "denominator",
                    "ci_low",
                    "ci_high",
                    "slope_per_month",
                ],
            );
        }
        if name.starts_with("assess ") {
            assert_numbers(
                name,
                &rows,
                &["evidence_level", "all_mean", "perception_gap"],
            );
            // The hostile disciplines are there, as text.
            // Survey disciplines are compared in lower case.
            for cell in ["'=1+2", "'+cmd|' /c calc'!a0", "'@sum(a1:a9)"] {
                assert!(
                    rows.iter().any(|r| r[0] == cell),
                    "{name}: no `{cell}` in {rows:?}"
                );
            }
        }
    }
}

/// Runs chromium on a page with a time limit: (finished in time, the DOM
/// it dumped, its log). A script that opens a dialog holds the page open.
fn load_in_chromium(browser: &Path, page: &Path, scratch: &Path) -> (bool, String, String) {
    let dom = scratch.join("dom.html");
    let log = scratch.join("log.txt");
    let mut child = headless(browser, &scratch.join("profile"))
        .args(["--dump-dom", &format!("file://{}", page.display())])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&dom).expect("dom"))
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("chromium runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    let finished = loop {
        if child.try_wait().expect("wait").is_some() {
            break true;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (
        finished,
        std::fs::read_to_string(&dom).unwrap_or_default(),
        std::fs::read_to_string(&log).unwrap_or_default(),
    )
}

/// What a browser log says when the page tried to run or load something.
fn script_attempts(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            l.contains("Content Security Policy")
                || (l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught")))
        })
        .collect()
}

#[test]
fn hostile_names_show_as_text_in_a_headless_browser() {
    let data = hostile_exports();
    let out = tempfile::tempdir().expect("dir");
    let report = out.path().join("r");
    analyze(data.path(), &report);
    let html = std::fs::read_to_string(report.join("index.html")).expect("html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the CI is not in the report"
    );
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    // What a browser or a Markdown viewer renders; JSON and CSV hold the
    // names as data, for the programs reading them to escape.
    for file in files_under(&report) {
        if !file
            .extension()
            .is_some_and(|e| e == "html" || e == "md" || e == "svg")
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("text");
        for raw in ["<script", "<img", "onerror=alert"] {
            let raw_markup = match raw {
                "onerror=alert" => text.contains("<img src=x onerror"),
                _ => text.contains(raw),
            };
            assert!(!raw_markup, "{} holds {raw}", file.display());
        }
    }

    let Some(browser) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have chromium (.ci/run installs it)"
        );
        eprintln!("skipped the browser part: no chromium on this machine");
        return;
    };
    let scratch = tempfile::tempdir().expect("dir");
    let (finished, dom, log) =
        load_in_chromium(&browser, &report.join("index.html"), scratch.path());
    assert!(
        finished,
        "the page never finished loading: a dialog held it\n{log}"
    );
    let attempts = script_attempts(&log);
    assert!(
        attempts.is_empty(),
        "the page tried to run something:\n{}",
        attempts.join("\n")
    );
    assert!(
        !dom.contains("<script") && !dom.contains("<img"),
        "markup in the DOM"
    );
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name is not shown as text"
    );

    // The same page with one name left unescaped: the browser is stopped
    // and says so, which is what the checks above look for.
    let control = out.path().join("control.html");
    std::fs::write(
        &control,
        html.replacen("&lt;script&gt;alert(1)&lt;/script&gt;", SCRIPT, 1),
    )
    .expect("write");
    let scratch = tempfile::tempdir().expect("dir");
    let (finished, dom, log) = load_in_chromium(&browser, &control, scratch.path());
    assert!(
        !finished || !script_attempts(&log).is_empty() || dom.contains("<script"),
        "an unescaped script went unnoticed"
    );
    assert!(
        !script_attempts(&log).is_empty(),
        "the policy did not stop the script:\n{log}"
    );
}

/// The staging folder of a run writing `name` in `parent`, and the files in it.
fn staging_files(parent: &Path, name: &str) -> Option<usize> {
    let prefix = format!(".{name}.partial-");
    let staging = std::fs::read_dir(parent)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))?
        .path();
    let mut n = 0;
    let mut stack = vec![staging];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).ok()?.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                n += 1;
            }
        }
    }
    Some(n)
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_previous_report_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let o = run(&[
        "generate",
        "--out",
        data.to_str().expect("utf-8"),
        "--seed",
        "11",
        "--incidents",
        "3000",
        "--changes",
        "300",
        "--cis",
        "300",
        "--respondents",
        "8",
        "--months",
        "6",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = dir.path().join("report");
    analyze(&data, &report);
    std::fs::write(report.join("previous.txt"), b"the report before").expect("write");
    let previous = snapshot(&report);

    // Kill when the run has started, when its staging folder appears, and
    // when it holds more and more of the new report.
    let moments: [Option<usize>; 7] = [
        None,
        Some(0),
        Some(1),
        Some(6),
        Some(12),
        Some(18),
        Some(22),
    ];
    let mut killed_while_writing = Vec::new();
    for moment in moments {
        let mut child = bin()
            .args([
                "analyze",
                "--data",
                data.to_str().expect("utf-8"),
                "--out",
                report.to_str().expect("utf-8"),
                "--force",
                "--quiet",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("runs");
        let started = Instant::now();
        let mut at_kill = None;
        let finished = loop {
            if child.try_wait().expect("wait").is_some() {
                break true;
            }
            let files = staging_files(dir.path(), "report");
            let due = match moment {
                None => started.elapsed() > Duration::from_millis(30),
                Some(k) => files.is_some_and(|n| n >= k),
            };
            if due {
                child.kill().expect("kill");
                child.wait().expect("wait");
                at_kill = files;
                break false;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if finished {
            // Too late to interrupt: the new report is whole; put the old one back.
            let new = snapshot(&report);
            for part in ["index.html", "metrics.json", "enriched/incidents.parquet"] {
                assert!(new.contains_key(part), "a finished run lacks {part}");
            }
            std::fs::remove_dir_all(&report).expect("remove");
            for (rel, bytes) in &previous {
                let p = report.join(rel);
                std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
                std::fs::write(p, bytes).expect("write");
            }
            continue;
        }
        assert!(
            snapshot(&report) == previous,
            "killed at {moment:?} ({at_kill:?} files staged): the previous report changed"
        );
        if let Some(n) = at_kill {
            killed_while_writing.push(n);
        }
    }
    killed_while_writing.dedup();
    assert!(
        killed_while_writing.len() >= 3,
        "too few kills landed while the report was being written: {killed_while_writing:?}"
    );
    // The next run replaces the report and clears what the killed ones left.
    let o = analyze_into("--data", &data, &report, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!report.join("previous.txt").exists());
    let left: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("partial"))
        })
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
