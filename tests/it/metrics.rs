//! `metrics --format json` on tiny exports whose figures were computed by hand:
//! every metric of the contract (`shared/spec/metrics.md`) with its
//! boundaries, the edge cases, and properties that hold on any data (row
//! order, files split, intervals).
//!
//! The hand computation of each figure is written next to its assertion.

use crate::common::*;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Output;

// ---------------------------------------------------------------- helpers

/// One `metrics` invocation: the exports it reads (kept alive until it ran)
/// and its options.
#[derive(Default)]
struct Run {
    args: Vec<String>,
    exports: Vec<Export>,
}

impl Run {
    fn new() -> Self {
        Run::default()
    }

    fn file(mut self, flag: &str, name: &str, text: &str) -> Self {
        let x = export(name, text.as_bytes());
        self.args.push(flag.to_string());
        self.args
            .push(x.path.to_str().expect("utf-8 path").to_string());
        self.exports.push(x);
        self
    }

    fn incidents(self, text: &str) -> Self {
        self.file("--incidents", "incidents.csv", text)
    }

    fn changes(self, text: &str) -> Self {
        self.file("--changes", "changes.csv", text)
    }

    fn cmdb(self, text: &str) -> Self {
        self.file("--cmdb", "cmdb.csv", text)
    }

    fn arg(mut self, a: &str) -> Self {
        self.args.push(a.to_string());
        self
    }

    fn output(&self) -> Output {
        let mut args = vec!["metrics", "--format", "json"];
        args.extend(self.args.iter().map(String::as_str));
        run(&args)
    }

    /// Runs and parses the JSON; the run must succeed and the document hold
    /// the invariants every output holds.
    fn json(&self) -> Doc {
        let out = self.output();
        assert_eq!(
            out.status.code(),
            Some(0),
            "metrics {:?} failed: {}",
            self.args,
            stderr(&out)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "metrics printed no JSON ({e}): {}\n{}",
                stdout(&out),
                stderr(&out)
            )
        });
        let doc = Doc(doc);
        doc.assert_invariants();
        doc
    }
}

/// A parsed `metrics --format json` document.
struct Doc(Value);

fn variant_of(m: &Value) -> Option<&str> {
    m["variant"].as_str()
}

impl Doc {
    fn metrics(&self) -> &Vec<Value> {
        self.0["metrics"].as_array().expect("metrics list")
    }

    /// The one result of `id` and `variant`.
    fn get(&self, id: &str, variant: Option<&str>) -> &Value {
        let found: Vec<&Value> = self
            .metrics()
            .iter()
            .filter(|m| m["id"] == id && variant_of(m) == variant)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{id} / {variant:?}: expected one result, found {}",
            found.len()
        );
        found[0]
    }

    /// Every ok rate lies in [0, 1] inside its interval; every
    /// not-evaluable result says why and has no value.
    fn assert_invariants(&self) {
        assert_eq!(self.0["schema_version"], 1);
        for m in self.metrics() {
            let what = format!("{} / {:?}", m["id"], variant_of(m));
            match m["status"].as_str() {
                Some("ok") => {
                    let v = m["value"]
                        .as_f64()
                        .unwrap_or_else(|| panic!("{what}: value"));
                    assert!(v.is_finite(), "{what}: {v}");
                    if m["unit"] == "ratio" {
                        assert!((0.0..=1.0).contains(&v), "{what}: {v} outside [0, 1]");
                        let k = m["numerator"].as_u64().expect("numerator");
                        let n = m["denominator"].as_u64().expect("denominator");
                        assert!(k <= n && n > 0, "{what}: {k} / {n}");
                        assert!((v - k as f64 / n as f64).abs() < 1e-12, "{what}");
                    }
                    if let (Some(lo), Some(hi)) = (m["ci_low"].as_f64(), m["ci_high"].as_f64()) {
                        // Rates stay within [0, 1]; a median's interval is in hours.
                        let top = if m["unit"] == "ratio" { 1.0 } else { f64::MAX };
                        assert!(
                            0.0 <= lo && lo <= v && v <= hi && hi <= top,
                            "{what}: interval [{lo}, {hi}] around {v}"
                        );
                    }
                }
                Some("not_evaluable") => {
                    let reason = m["reason"].as_str().unwrap_or("");
                    assert!(!reason.is_empty(), "{what}: not evaluable without a reason");
                    assert!(m["value"].is_null(), "{what}: a value without evaluation");
                }
                other => panic!("{what}: status {other:?}"),
            }
        }
    }

    fn assert_rate(&self, id: &str, variant: Option<&str>, k: u64, n: u64) {
        let m = self.get(id, variant);
        let what = format!("{id} / {variant:?}");
        assert_eq!(m["status"], "ok", "{what}: {m}");
        assert_eq!(m["unit"], "ratio", "{what}");
        assert_eq!(m["numerator"].as_u64(), Some(k), "{what} numerator: {m}");
        assert_eq!(
            m["denominator"].as_u64(),
            Some(n),
            "{what} denominator: {m}"
        );
        let v = m["value"].as_f64().expect("value");
        assert!((v - k as f64 / n as f64).abs() < 1e-12, "{what}: {v}");
    }

    fn assert_hours(&self, id: &str, variant: &str, value: f64, n: u64) {
        let m = self.get(id, Some(variant));
        assert_eq!(m["status"], "ok", "{id} / {variant}: {m}");
        assert_eq!(m["unit"], "hours");
        assert_eq!(m["denominator"].as_u64(), Some(n), "{id} / {variant}: {m}");
        let v = m["value"].as_f64().expect("value");
        assert!((v - value).abs() < 1e-9, "{id} / {variant}: {v} != {value}");
    }

    fn assert_count(&self, id: &str, value: u64) {
        let m = self.get(id, None);
        assert_eq!(m["status"], "ok", "{id}: {m}");
        assert_eq!(m["unit"], "count");
        assert_eq!(m["value"].as_f64(), Some(value as f64), "{id}: {m}");
    }

    fn assert_not_evaluable(&self, id: &str, variant: Option<&str>, reason_has: &str) {
        let m = self.get(id, variant);
        assert_eq!(m["status"], "not_evaluable", "{id} / {variant:?}: {m}");
        let reason = m["reason"].as_str().expect("reason");
        assert!(
            reason.contains(reason_has),
            "{id} / {variant:?}: `{reason_has}` not in `{reason}`"
        );
    }

    fn note(&self, id: &str, variant: Option<&str>) -> String {
        self.get(id, variant)["note"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// (month, numerator, denominator) of a monthly series.
    fn months(&self, id: &str, variant: Option<&str>) -> Vec<(String, Option<u64>, u64)> {
        self.get(id, variant)["by_month"]
            .as_array()
            .expect("by_month")
            .iter()
            .map(|p| {
                (
                    p["month"].as_str().expect("month").to_string(),
                    p["numerator"].as_u64(),
                    p["denominator"].as_u64().expect("denominator"),
                )
            })
            .collect()
    }
}

fn month(m: &str, k: Option<u64>, n: u64) -> (String, Option<u64>, u64) {
    (m.to_string(), k, n)
}

/// The 95 % Wilson score interval, written out independently of the tool.
fn wilson(k: f64, n: f64) -> (f64, f64) {
    let z: f64 = 1.959_963_984_540_054;
    let p = k / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

// ------------------------------------------------------ incident management

#[test]
fn incident_volume_and_resolution_time() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,priority
            I1,2024-01-02 10:00:00,2024-01-02 11:00:00,1
            I2,2024-01-15 08:00:00,2024-01-15 11:00:00,1
            I3,2024-01-20 00:00:00,2024-01-20 10:00:00,1
            I9,2024-01-25 00:00:00,2024-01-25 20:00:00,1
            I4,2024-02-01 09:00:00,2024-02-02 09:00:00,2
            I5,2024-02-10 12:00:00,2024-02-10 18:00:00,3
            I6,2024-02-20 00:00:00,,3
            I7,2024-03-05 00:00:00,2024-03-04 00:00:00,3
            I8,2024-03-10 00:00:00,2024-03-12 12:00:00,4
        "))
        .json();
    // 9 incidents: January I1 I2 I3 I9, February I4 I5 I6, March I7 I8.
    doc.assert_count("incident.volume", 9);
    assert_eq!(
        doc.months("incident.volume", None),
        vec![
            month("2024-01", None, 4),
            month("2024-02", None, 3),
            month("2024-03", None, 2)
        ]
    );
    // Hours: I1 1, I2 3, I3 10, I9 20, I4 24, I5 6, I8 60; I6 is open and I7
    // (resolved a day before it opened) is a data-quality reject.
    // Sorted [1 3 6 10 20 24 60], n = 7:
    //   median at rank 0.5 * 6 = 3 -> 10;
    //   p90 at rank 0.9 * 6 = 5.4 -> 24 + 0.4 * (60 - 24) = 38.4.
    doc.assert_hours("incident.mttr_hours", "median", 10.0, 7);
    doc.assert_hours("incident.mttr_hours", "p90", 38.4, 7);
    // P1 [1 3 10 20]: median at rank 1.5 -> 3 + 0.5 * 7 = 6.5;
    //   p90 at rank 2.7 -> 10 + 0.7 * 10 = 17.
    doc.assert_hours("incident.mttr_hours", "median/P1", 6.5, 4);
    doc.assert_hours("incident.mttr_hours", "p90/P1", 17.0, 4);
    // P2 [24], P3 [6] (I7 rejected), P4 [60]: one value each.
    doc.assert_hours("incident.mttr_hours", "median/P2", 24.0, 1);
    doc.assert_hours("incident.mttr_hours", "p90/P2", 24.0, 1);
    doc.assert_hours("incident.mttr_hours", "median/P3", 6.0, 1);
    doc.assert_hours("incident.mttr_hours", "p90/P3", 6.0, 1);
    doc.assert_hours("incident.mttr_hours", "median/P4", 60.0, 1);
    doc.assert_hours("incident.mttr_hours", "p90/P4", 60.0, 1);
    doc.assert_not_evaluable("incident.mttr_hours", Some("median/P5"), "priority-5");
    doc.assert_not_evaluable("incident.mttr_hours", Some("p90/P5"), "priority-5");
    // The rejected negative duration is said.
    let note = doc.note("incident.mttr_hours", Some("median"));
    assert!(note.contains("1 incident"), "{note}");
}

#[test]
fn reopen_reassignment_major_share_and_first_contact_resolution() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,state,priority,reassignment_count,reopen_count
            R1,2024-01-02 10:00:00,2024-01-02 12:00:00,Closed,1,0,0
            R2,2024-01-03 10:00:00,2024-01-03 12:00:00,Closed,2,2,1
            R3,2024-01-04 10:00:00,2024-01-04 12:00:00,Resolved,3,3,0
            R4,2024-01-05 10:00:00,2024-01-05 12:00:00,Reopened,1,5,0
            R5,2024-01-06 10:00:00,,In Progress,3,4,2
            R6,2024-01-07 10:00:00,,New,4,,0
            R7,2024-01-08 10:00:00,2024-01-08 12:00:00,Closed,,1,0
        "))
        .json();
    // Resolved: R1 R2 R3 R4 R7 (5). Reopened: R2 (count 1) and R4 (state
    // Reopened); R5 has a count but is not resolved.
    doc.assert_rate("incident.reopen_rate", None, 2, 5);
    // Known reassignment counts: all but R6 (6). k = 3: R3 (3), R4 (5),
    // R5 (4) count; R2 (2) does not.
    doc.assert_rate("incident.reassignment_rate", None, 3, 6);
    // Known priorities: all but R7 (6); priority 1: R1, R4.
    doc.assert_rate("incident.major_share", None, 2, 6);
    // Resolved with both counts known: R1 R2 R3 R4 R7; with both 0: R1 only.
    doc.assert_rate("desk.first_contact_resolution", None, 1, 5);
    assert!(
        doc.note("desk.first_contact_resolution", None)
            .contains("proxy")
    );

    // The interval of 3 / 6 against the formula and the published value
    // [0.1876, 0.8124].
    let m = doc.get("incident.reassignment_rate", None);
    let (lo, hi) = (
        m["ci_low"].as_f64().expect("ci_low"),
        m["ci_high"].as_f64().expect("ci_high"),
    );
    let (want_lo, want_hi) = wilson(3.0, 6.0);
    assert!(
        (lo - want_lo).abs() < 1e-9 && (hi - want_hi).abs() < 1e-9,
        "[{lo}, {hi}]"
    );
    assert!(
        (lo - 0.1876).abs() < 1e-4 && (hi - 0.8124).abs() < 1e-4,
        "[{lo}, {hi}]"
    );
    // And of 2 / 5 (reopen rate): [0.1176, 0.7693].
    let m = doc.get("incident.reopen_rate", None);
    let (lo, hi) = (
        m["ci_low"].as_f64().expect("ci_low"),
        m["ci_high"].as_f64().expect("ci_high"),
    );
    let (want_lo, want_hi) = wilson(2.0, 5.0);
    assert!(
        (lo - want_lo).abs() < 1e-9 && (hi - want_hi).abs() < 1e-9,
        "[{lo}, {hi}]"
    );
    assert!(
        (lo - 0.1176).abs() < 1e-4 && (hi - 0.7693).abs() < 1e-4,
        "[{lo}, {hi}]"
    );
}

/// Rows out of time order on purpose: the file's order must not matter.
const REPEATS: &str = "
    id,opened_at,ci,category
    A3,2024-03-01 00:01:00,CI-A,app
    E2,2024-02-02 00:00:00,CI-E,net
    A1,2024-01-01 00:00:00,CI-A,net
    B3,2024-01-12 08:00:00,CI-B,db
    B1,2024-01-10 08:00:00,CI-B,net
    C1,2024-01-20 00:00:00,,net
    A2,2024-01-31 00:00:00,CI-A,net
    E3,2024-02-02 00:00:00,CI-E,net
    D1,2024-02-15 00:00:00,CI-D,net
    B2,2024-01-10 08:00:00,CI-B,net
    E1,2024-02-01 00:00:00,CI-E,net
";

#[test]
fn repeat_rate_on_the_ci() {
    let doc = Run::new().incidents(&csv(REPEATS)).json();
    // Naming a CI: all but C1 (10).
    // A2: A1 exactly 30 days before -> repeat.
    // A3: A2 30 days and 1 minute before (2024 is a leap year) -> not.
    // B1, B2 at the same time: not repeats of each other; B3 two days after.
    // D1 first on its CI. E2 and E3 tie, both a day after E1: both repeat.
    // Repeats: A2 B3 E2 E3 -> 4 / 10.
    doc.assert_rate("incident.repeat_rate", None, 4, 10);
}

#[test]
fn repeat_rate_on_ci_and_category() {
    let doc = Run::new()
        .incidents(&csv(REPEATS))
        .arg("--repeat-key")
        .arg("ci+category")
        .json();
    // Keys: A/net A1 A2 (A2 repeats), A/app A3, B/net B1 B2 (a tie: none),
    // B/db B3 (first), D/net D1, E/net E1 E2 E3 (E2, E3 repeat).
    // Repeats: A2 E2 E3 -> 3 / 10.
    doc.assert_rate("incident.repeat_rate", Some("ci+category"), 3, 10);
    assert_eq!(doc.0["parameters"]["repeat_key"], "ci-category");
}

#[test]
fn repeat_rate_looks_back_before_the_window() {
    let doc = Run::new()
        .incidents(&csv(REPEATS))
        .arg("--from")
        .arg("2024-01-31 00:00:00")
        .json();
    // Window 2024-01-31 .. 2024-03-01 00:01 (the last incident): A2 A3 D1
    // E1 E2 E3 name a CI (6). A2 repeats A1, which lies before the window.
    // Repeats: A2 E2 E3 -> 3 / 6.
    doc.assert_rate("incident.repeat_rate", None, 3, 6);
    doc.assert_count("incident.volume", 6);
}

#[test]
fn aged_backlog_at_the_as_of_date() {
    let incidents = csv("
        id,opened_at,resolved_at,closed_at
        G1,2024-03-01 00:00:00,,
        G2,2024-02-29 23:59:00,,
        G3,2024-01-10 00:00:00,2024-01-12 00:00:00,2024-01-13 00:00:00
        G4,2024-01-10 00:00:00,2024-04-10 00:00:00,
        G5,2024-01-05 00:00:00,,2024-01-20 00:00:00
        G6,2024-03-20 00:00:00,,
        G8,2024-03-09 00:00:00,,
    ");
    let doc = Run::new()
        .incidents(&incidents)
        .arg("--as-of")
        .arg("2024-03-31 00:00:00")
        .json();
    assert_eq!(doc.0["as_of"], "2024-03-31T00:00:00");
    // As of 2024-03-31 00:00, aged means opened before 2024-03-01 00:00:
    // G1 is exactly 30 days old (not older): no. G2 30 days and a minute: yes.
    // G3 resolved, G5 closed: no. G4 resolved only after the as-of date:
    // still open, yes. G6 (11 days), G8 (22 days): no.  -> G2, G4 = 2.
    doc.assert_count("incident.aged_backlog", 2);

    // Without --as-of the latest timestamp, 2024-04-10 00:00 (G4's
    // resolution), is the as-of date: G4 is resolved by then; G1 (40
    // days), G2, G8 (32 days) are aged; G6 (21 days) is not. -> 3.
    let doc = Run::new().incidents(&incidents).json();
    assert_eq!(doc.0["as_of"], "2024-04-10T00:00:00");
    doc.assert_count("incident.aged_backlog", 3);
}

// ------------------------------------------------------- problem management

#[test]
fn repeat_clusters_and_problem_links() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,ci,problem_id
            P1,2024-01-01 00:00:00,CI-P,
            P2,2024-02-01 00:00:00,CI-P,PRB1
            P3,2024-03-01 00:00:00,CI-P,
            Q1,2024-01-01 00:00:00,CI-Q,PRB2
            Q2,2024-01-15 00:00:00,CI-Q,
            Q3,2024-04-01 00:00:00,CI-Q,
            R1,2024-01-01 00:00:00,CI-R,
            R2,2024-02-01 00:00:00,CI-R,
            R3,2024-03-31 00:00:00,CI-R,
            S1,2024-01-05 00:00:00,CI-S,PRB3
            S2,2024-01-06 00:00:00,CI-S,
            T1,2024-02-01 00:00:00,CI-T,
            T2,2024-02-03 00:00:00,CI-T,
            T3,2024-02-05 00:00:00,CI-T,
            T4,2024-02-10 00:00:00,CI-T,
            U1,2024-02-01 00:00:00,,PRB4
        "))
        .json();
    // m = 3 inside W2 = 90 days:
    // CI-P: 60 days -> a cluster, P2 links PRB1: addressed.
    // CI-Q: Q1..Q3 span 91 days -> no cluster (its link does not count).
    // CI-R: R1..R3 span exactly 90 days -> a cluster, no link.
    // CI-S: two incidents -> no cluster. CI-T: four in 9 days -> one
    // cluster (one per CI), no link. U1 names no CI.
    // -> 1 / 3.
    doc.assert_rate("problem.repeat_clusters_addressed", None, 1, 3);
    // Linked: P2 Q1 S1 U1 of 16 incidents.
    doc.assert_rate("problem.incident_link_rate", None, 4, 16);
}

// -------------------------------------------------------- change enablement

const CHANGE_INCIDENTS: &str = "
    id,opened_at,priority,ci,caused_by_change
    I0,2024-01-01 00:00:00,4,CI-Z,
    I1,2024-02-03 09:00:00,1,CI-1,
    I2,2024-02-04 11:00:00,1,CI-2,
    I3,2024-02-03 11:00:00,3,CI-3,
    I4,2024-02-04 11:00:00,1,CI-5,
    I5,2024-02-07 12:00:00,4,CI-7,C7
    I6,2024-02-09 12:00:00,4,CI-9,C9
    I7,2024-02-11 12:00:00,2,CI-10,
    I8,2024-02-12 09:00:00,1,CI-12,
    I10,2024-02-15 10:00:00,2,CI-13,
    I9,2024-03-31 00:00:00,4,CI-Z,
";

const CHANGES: &str = "
    id,opened_at,actual_end,closed_at,type,outcome,ci
    C1,2024-02-01 08:00:00,2024-02-01 10:00:00,,normal,successful,CI-1
    C2,2024-02-02 08:00:00,2024-02-02 10:00:00,,normal,successful,CI-2
    C3,2024-02-03 08:00:00,2024-02-03 10:00:00,,standard,successful,CI-3
    C4,2024-02-04 08:00:00,2024-02-04 10:00:00,,standard,successful,CI-4
    C5,2024-02-05 08:00:00,2024-02-05 10:00:00,,normal,unsuccessful,CI-6
    C6,2024-02-06 08:00:00,2024-02-06 10:00:00,,emergency,Backed Out,CI-6
    C7,2024-02-07 08:00:00,,,normal,cancelled,CI-7
    C8,2024-02-08 08:00:00,,,normal,,CI-8
    C9,2024-02-09 08:00:00,2024-02-09 10:00:00,,normal,successful,CI-9
    C10,2024-02-10 08:00:00,,2024-02-10 12:00:00,emergency,,CI-10
    C11,2024-02-11 08:00:00,2024-02-11 10:00:00,,normal,successful_with_issues,CI-11
    C12,2024-02-12 08:00:00,,,normal,successful,CI-12
    C13,2024-02-13 10:00:00,2024-02-13 10:00:00,,normal,successful,CI-13
";

#[test]
fn change_failure_rate_explicit_and_inferred() {
    let doc = Run::new()
        .incidents(&csv(CHANGE_INCIDENTS))
        .changes(&csv(CHANGES))
        .json();
    // Completed: C1-C6, C9, C10 (no outcome, closed by the as-of date),
    // C11, C12 (outcome successful, no end time), C13 -> 11.
    // Not completed: C7 cancelled (even though I5 names it), C8 no outcome
    // and no end.
    // Failed explicitly: C5 unsuccessful, C6 backed out, C9 named as cause
    // by I6 although its outcome is successful -> 3 / 11.
    doc.assert_rate("change.failure_rate", Some("explicit"), 3, 11);
    // Inferred adds changes followed by a priority <= 2 incident on their CI
    // within 48 hours of their end:
    // C1: I1 (P1, CI-1) 47 h after -> yes.
    // C2: I2 (P1, CI-2) 49 h after -> no.  C3: I3 is P3 -> no.
    // C4: I4 is on CI-5, not CI-4 -> no.
    // C10: ends at its close (no actual end) 2024-02-10 12:00; I7 (P2) 24 h
    //      later -> yes.
    // C12: no end time, excluded from matching although I8 (P1) follows
    //      its opening on its CI -> no.
    // C13: I10 (P2) exactly 48 h after its end -> within 48 hours: yes.
    // -> (3 + 3) / 11.
    doc.assert_rate("change.failure_rate", Some("inferred"), 6, 11);
    // Emergency: C6, C10 of 13 changes with a type.
    doc.assert_rate("change.emergency_share", None, 2, 13);
    // Incidents naming a causing change: I5, I6 of 11.
    doc.assert_rate("change.induced_incident_share", None, 2, 11);
    // Incidents over incidents and changes: 11 / (11 + 13).
    doc.assert_rate("workforce.reactive_share", None, 11, 24);
}

#[test]
fn change_lead_time_and_emergency_share() {
    let doc = Run::new()
        .changes(&csv("
            id,opened_at,actual_end,closed_at,type
            L1,2024-01-01 00:00:00,2024-01-01 02:00:00,,emergency
            L2,2024-01-02 00:00:00,2024-01-02 05:00:00,,normal
            L3,2024-01-03 00:00:00,2024-01-04 00:00:00,,standard
            L4,2024-01-04 00:00:00,2024-01-06 00:00:00,,
            L5,2024-01-05 00:00:00,,2024-01-06 00:00:00,Emergency Change
        "))
        .json();
    // Implementation end - opened: L1 2, L2 5, L3 24, L4 48; L5 has no
    // implementation end. Sorted [2 5 24 48], n = 4:
    //   median at rank 1.5 -> 5 + 0.5 * 19 = 14.5;
    //   p90 at rank 2.7 -> 24 + 0.7 * 24 = 40.8.
    doc.assert_hours("change.lead_time_hours", "median", 14.5, 4);
    doc.assert_hours("change.lead_time_hours", "p90", 40.8, 4);
    // Known types: L1 L2 L3 L5; emergency: L1, L5.
    doc.assert_rate("change.emergency_share", None, 2, 4);
}

// ---------------------------------------------------- service desk, knowledge

#[test]
fn self_service_share_and_channel_mix() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,channel,ticket_type
            T1,2024-01-02 00:00:00,portal,incident
            T2,2024-01-03 00:00:00,phone,incident
            T3,2024-01-04 00:00:00,email,incident
            T4,2024-01-05 00:00:00,monitoring,incident
            T5,2024-01-06 00:00:00,Virtual Agent,incident
            T6,2024-02-01 00:00:00,portal,request
            T7,2024-02-02 00:00:00,walk-in,request
            T8,2024-02-03 00:00:00,,incident
            T9,2024-02-04 00:00:00,chat,request
            T10,2024-02-28 00:00:00,event,incident
        "))
        .json();
    // Requests are tickets but not incidents: T1-T5, T8, T10.
    doc.assert_count("incident.volume", 7);
    // Raised by people (a known channel, not monitoring): T1 T2 T3 T5 T6 T7
    // T9 (7); self-service: T1 portal, T5 virtual agent, T6 portal (a
    // request) -> 3 / 7.
    doc.assert_rate("desk.self_service_share", None, 3, 7);
    // January: T1 T2 T3 T5 with T1 T5; February: T6 T7 T9 with T6.
    assert_eq!(
        doc.months("desk.self_service_share", None),
        vec![month("2024-01", Some(2), 4), month("2024-02", Some(1), 3)]
    );
    // Channel mix over tickets with a known channel (9: all but T8).
    doc.assert_rate("desk.channel_mix", Some("self_service"), 3, 9);
    doc.assert_rate("desk.channel_mix", Some("phone"), 1, 9);
    doc.assert_rate("desk.channel_mix", Some("email"), 1, 9);
    doc.assert_rate("desk.channel_mix", Some("monitoring"), 2, 9);
    doc.assert_rate("desk.channel_mix", Some("walk_in"), 1, 9);
    doc.assert_rate("desk.channel_mix", Some("chat"), 1, 9);
    // January: 5 known of which 2 self-service; February: 4 known (T6 T7 T9
    // T10) of which 1.
    assert_eq!(
        doc.months("desk.channel_mix", Some("self_service")),
        vec![month("2024-01", Some(2), 5), month("2024-02", Some(1), 4)]
    );
    // No ticket came through `other`: no variant for it.
    assert!(
        !doc.metrics()
            .iter()
            .any(|m| m["id"] == "desk.channel_mix" && m["variant"] == "other")
    );
}

#[test]
fn knowledge_use_rate() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,knowledge_used
            K1,2024-01-02 00:00:00,2024-01-02 02:00:00,true
            K2,2024-01-03 00:00:00,2024-01-03 02:00:00,false
            K3,2024-01-04 00:00:00,2024-01-04 02:00:00,yes
            K5,2024-01-05 00:00:00,,true
            K6,2024-01-06 00:00:00,2024-01-06 02:00:00,0
        "))
        .json();
    // Resolved: K1 K2 K3 K6 (K5 is open); with an article: K1, K3.
    doc.assert_rate("knowledge.use_rate", None, 2, 4);
}

// -------------------------------------------------------------------- CMDB

#[test]
fn cmdb_coverage_integrity_completeness_and_staleness() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,ci
            N1,2024-01-01 00:00:00,CI-A
            N2,2024-01-02 00:00:00,CI-B
            N3,2024-01-03 00:00:00,
            N4,2024-01-04 00:00:00,CI-X
            N5,2024-01-05 00:00:00,CI-A
        "))
        .changes(&csv("
            id,opened_at,ci
            H1,2024-01-02 00:00:00,CI-C
            H2,2024-01-03 00:00:00,
            H3,2024-01-04 00:00:00,CI-Y
        "))
        .cmdb(&csv("
            id,class,status,owner,support_group,updated_at,discovered_at
            CI-A,server,operational,alice,ops,2024-06-01 00:00:00,
            CI-B,server,operational,bob,ops,2024-05-01 00:00:00,
            CI-C,app,operational,,ops,2024-04-30 23:59:00,
            CI-D,db,retired,carol,ops,2023-01-01 00:00:00,
            CI-E,server,operational,dave,,,2024-06-15 00:00:00
            CI-F,,operational,erin,ops,2024-01-01 00:00:00,2024-06-20 00:00:00
            CI-G,server,Operational,frank,ops,,
        "))
        .arg("--as-of")
        .arg("2024-06-30 00:00:00")
        .json();
    // Incidents naming a CI: N1 N2 N4 N5 of 5.
    doc.assert_rate("cmdb.incident_ci_coverage", None, 4, 5);
    // Changes naming a CI: H1 H3 of 3.
    doc.assert_rate("cmdb.change_ci_coverage", None, 2, 3);
    // Distinct CIs named: A B X C Y; in the CMDB: A B C -> 3 / 5.
    doc.assert_rate("cmdb.referential_integrity", None, 3, 5);
    // Class, status, owner and support group all present: A B D G
    // (C lacks an owner, E a support group, F a class) -> 4 / 7.
    doc.assert_rate("cmdb.completeness", None, 4, 7);
    // Operational: A B C E F G (D is retired). S = 60 days before
    // 2024-06-30 00:00 is 2024-05-01 00:00.
    // A updated 29 days before: fresh. B updated exactly 60 days before:
    // fresh. C 60 days and a minute: stale. E discovered 15 days before:
    // fresh. F updated long ago but discovered 10 days before: fresh.
    // G never updated nor discovered: stale. -> 2 / 6.
    doc.assert_rate("cmdb.stale_share", None, 2, 6);
}

// ---------------------------------------------------------------------- SLA

#[test]
fn sla_attainment_from_the_sla_column() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,priority,sla_met
            S1,2024-01-01 00:00:00,2024-01-01 01:00:00,1,true
            S2,2024-01-02 00:00:00,2024-01-02 01:00:00,1,false
            S3,2024-01-03 00:00:00,2024-01-03 01:00:00,1,yes
            S4,2024-01-04 00:00:00,2024-01-04 01:00:00,1,
            S5,2024-01-05 00:00:00,2024-01-05 01:00:00,1,no
            S6,2024-01-06 00:00:00,2024-01-06 01:00:00,1,1
        "))
        .json();
    // Known results: all but S4 (5); met: S1 S3 S6.
    doc.assert_rate("sla.attainment", None, 3, 5);
    let note = doc.note("sla.attainment", None);
    assert!(!note.contains("derived"), "{note}");
}

#[test]
fn sla_attainment_derived_from_priority_targets() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,priority
            D1,2024-01-01 00:00:00,2024-01-01 04:00:00,1
            D2,2024-01-02 00:00:00,2024-01-02 04:01:00,1
            D3,2024-01-03 00:00:00,2024-01-03 08:00:00,2
            D4,2024-01-04 00:00:00,2024-01-04 23:00:00,3
            D5,2024-01-05 00:00:00,2024-01-08 01:00:00,4
            D6,2024-01-06 00:00:00,2024-01-10 04:00:00,5
            D7,2024-01-07 00:00:00,,3
            D8,2024-01-08 00:00:00,2024-01-08 01:00:00,
        "))
        .json();
    // Targets P1 4 h, P2 8 h, P3 24 h, P4 72 h, P5 120 h.
    // D1 P1 in 4 h: met (within). D2 P1 in 4 h 1 min: missed. D3 P2 8 h:
    // met. D4 P3 23 h: met. D5 P4 73 h: missed. D6 P5 100 h: met.
    // D7 open and D8 without a priority are left out. -> 4 / 6.
    doc.assert_rate("sla.attainment", None, 4, 6);
    let note = doc.note("sla.attainment", None);
    assert!(
        note.contains("derived") && note.contains("no SLA column"),
        "{note}"
    );
}

// ---------------------------------------------------------------- workforce

#[test]
fn resolver_churn_between_the_first_and_last_fourth() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,resolver
            W0,2024-01-01 00:00:00,,
            W1,2024-01-09 00:00:00,2024-01-10 00:00:00,alice
            W2,2024-04-09 00:00:00,2024-04-10 00:00:00,alice
            W3,2024-01-14 00:00:00,2024-01-15 00:00:00,bob
            W4,2024-01-19 00:00:00,2024-01-20 00:00:00,carol
            W5,2024-02-14 00:00:00,2024-02-15 00:00:00,carol
            W6,2024-04-19 00:00:00,2024-04-20 00:00:00,dave
            W7,2024-01-29 00:00:00,2024-01-30 00:00:00,erin
            W8,2024-03-31 00:00:00,2024-04-01 00:00:00,erin
            W9,2024-04-30 00:00:00,,
        "))
        .json();
    // Window 2024-01-01 .. 2024-04-30: 120 days, a fourth is 30 days.
    // First fourth to 2024-01-31: alice, bob, carol, erin. Last fourth from
    // 2024-03-31: alice, dave, erin. Gone: bob, carol -> 2 / 4.
    doc.assert_rate("workforce.resolver_churn", None, 2, 4);
    assert!(doc.note("workforce.resolver_churn", None).contains("proxy"));
}

#[test]
fn resolution_concentration_in_the_top_tenth() {
    // r01 resolves 10, r02 8, r03..r12 one each: 12 resolvers, 28
    // resolutions, and one incident resolved by nobody named.
    let mut text = String::from("id,opened_at,resolved_at,resolver\n");
    let mut n = 0;
    let mut add = |resolver: &str, times: usize| {
        for _ in 0..times {
            n += 1;
            text.push_str(&format!(
                "X{n},2024-01-{d:02} 00:00:00,2024-01-{d:02} 05:00:00,{resolver}\n",
                d = 1 + n % 28
            ));
        }
    };
    add("r01", 10);
    add("r02", 8);
    for r in 3..=12 {
        add(&format!("r{r:02}"), 1);
    }
    add("", 1);
    let doc = Run::new().incidents(&text).json();
    // ceil(12 / 10) = 2 people: r01 and r02 with 18 of 28 resolutions.
    doc.assert_rate("workforce.resolution_concentration", None, 18, 28);
    let m = doc.get("workforce.resolution_concentration", None);
    assert!(m["ci_low"].is_null() && m["ci_high"].is_null(), "{m}");
    assert!(
        doc.note("workforce.resolution_concentration", None)
            .contains("top 2 of 12")
    );
}

// -------------------------------------------------------------- edge cases

#[test]
fn no_resolved_incidents() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,closed_at,state,priority,resolver,reassignment_count,reopen_count,knowledge_used
            O1,2024-01-01 00:00:00,,,New,1,alice,0,0,false
            O2,2024-01-15 00:00:00,,,In Progress,2,bob,1,0,true
            O3,2024-03-01 00:00:00,,,New,3,,0,0,
        "))
        .json();
    doc.assert_count("incident.volume", 3);
    // Every figure that needs a resolution says why it has none, for every
    // variant, and is never 0.
    for variant in [
        "median",
        "p90",
        "median/P1",
        "p90/P1",
        "median/P2",
        "p90/P2",
        "median/P3",
        "p90/P3",
        "median/P4",
        "p90/P4",
        "median/P5",
        "p90/P5",
    ] {
        doc.assert_not_evaluable("incident.mttr_hours", Some(variant), "resolved");
    }
    for id in [
        "incident.reopen_rate",
        "desk.first_contact_resolution",
        "knowledge.use_rate",
        "sla.attainment",
        "workforce.resolver_churn",
        "workforce.resolution_concentration",
    ] {
        doc.assert_not_evaluable(id, None, "resolved");
    }
    // Still open, as of 2024-03-01 (the latest time): O1 (60 days) and O2
    // (46 days) are aged; O3 (0 days) is not.
    doc.assert_count("incident.aged_backlog", 2);
}

#[test]
fn no_priority_column() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at
            V1,2024-01-01 00:00:00,2024-01-01 01:00:00
            V2,2024-01-02 00:00:00,2024-01-02 03:00:00
        "))
        .json();
    // Overall: [1 3] -> median 2.
    doc.assert_hours("incident.mttr_hours", "median", 2.0, 2);
    // Per priority, the reason is the missing column, not an empty priority.
    for p in 1..=5 {
        for q in ["median", "p90"] {
            let v = format!("{q}/P{p}");
            doc.assert_not_evaluable("incident.mttr_hours", Some(&v), "no priority column");
        }
    }
    doc.assert_not_evaluable("incident.major_share", None, "no priority column");
    doc.assert_not_evaluable("sla.attainment", None, "priority");
}

#[test]
fn no_ci_column_makes_ci_metrics_not_evaluable() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,priority,problem_id
            N1,2024-01-01 00:00:00,2024-01-01 01:00:00,1,PRB1
            N2,2024-01-02 00:00:00,2024-01-02 01:00:00,1,
            N3,2024-01-03 00:00:00,2024-01-03 01:00:00,1,
        "))
        .changes(&csv("
            id,opened_at,actual_end,outcome,ci
            C1,2024-01-01 12:00:00,2024-01-01 13:00:00,successful,CI-A
        "))
        .json();
    for id in [
        "incident.repeat_rate",
        "cmdb.incident_ci_coverage",
        "problem.repeat_clusters_addressed",
    ] {
        doc.assert_not_evaluable(id, None, "CI column");
    }
    doc.assert_not_evaluable("change.failure_rate", Some("inferred"), "CI");
    // What needs no CI is still computed.
    doc.assert_rate("change.failure_rate", Some("explicit"), 0, 1);
    doc.assert_rate("problem.incident_link_rate", None, 1, 3);
}

#[test]
fn no_changes_export() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,ci,caused_by_change
            I1,2024-01-01 00:00:00,CI-A,
            I2,2024-01-02 00:00:00,CI-A,
        "))
        .json();
    for v in ["explicit", "inferred"] {
        doc.assert_not_evaluable("change.failure_rate", Some(v), "no changes export");
    }
    for v in ["median", "p90"] {
        doc.assert_not_evaluable("change.lead_time_hours", Some(v), "no changes export");
    }
    doc.assert_not_evaluable("change.emergency_share", None, "no changes export");
    doc.assert_not_evaluable("cmdb.change_ci_coverage", None, "no changes export");
    doc.assert_not_evaluable("workforce.reactive_share", None, "changes export");
    // The incident side of change enablement needs no change export.
    doc.assert_rate("change.induced_incident_share", None, 0, 2);
}

#[test]
fn no_changes_in_the_window() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,priority,ci
            I1,2024-03-01 00:00:00,1,CI-A
            I2,2024-03-02 00:00:00,1,CI-A
        "))
        .changes(&csv("
            id,opened_at,actual_end,type,outcome,ci
            C1,2024-01-01 00:00:00,2024-01-01 01:00:00,emergency,unsuccessful,CI-A
        "))
        .json();
    // The change was opened before the window (2024-03-01 .. 2024-03-02).
    for v in ["explicit", "inferred"] {
        doc.assert_not_evaluable("change.failure_rate", Some(v), "no completed changes");
    }
    for v in ["median", "p90"] {
        doc.assert_not_evaluable("change.lead_time_hours", Some(v), "no implemented changes");
    }
    doc.assert_not_evaluable("change.emergency_share", None, "no changes");
    doc.assert_not_evaluable("cmdb.change_ci_coverage", None, "no changes");
    // Two incidents and no change: all work was reactive.
    doc.assert_rate("workforce.reactive_share", None, 2, 2);
}

#[test]
fn a_single_month_has_no_trend() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,reassignment_count
            M1,2024-05-01 00:00:00,0
            M2,2024-05-10 00:00:00,4
            M3,2024-05-31 23:59:00,1
        "))
        .json();
    doc.assert_rate("incident.reassignment_rate", None, 1, 3);
    let m = doc.get("incident.reassignment_rate", None);
    assert_eq!(m["trend"]["verdict"], "not enough data", "{m}");
    // Three tickets make no month for the fit: left out, and listed.
    assert_eq!(m["trend"]["months_used"], 0, "{m}");
    assert_eq!(
        m["trend"]["thin_months"],
        serde_json::json!(["2024-05"]),
        "{m}"
    );
    assert!(m["trend"]["slope_per_month"].is_null(), "{m}");
    assert_eq!(
        doc.months("incident.reassignment_rate", None),
        vec![month("2024-05", Some(1), 3)]
    );
}

const BOUNDARY_INCIDENTS: &str = "
    id,opened_at
    W0,2024-01-31 23:59:00
    W1,2024-02-01 00:00:00
    W2,2024-02-15 12:00:00
    W3,2024-02-29 23:59:00
    W4,2024-03-01 00:00:00
";

const BOUNDARY_CHANGES: &str = "
    id,opened_at
    K1,2024-02-01 00:00:00
    K2,2024-03-01 00:00:00
";

#[test]
fn window_ends_are_inclusive() {
    let doc = Run::new()
        .incidents(&csv(BOUNDARY_INCIDENTS))
        .changes(&csv(BOUNDARY_CHANGES))
        .arg("--from")
        .arg("2024-02-01 00:00:00")
        .arg("--to")
        .arg("2024-02-29 23:59:00")
        .json();
    assert_eq!(doc.0["window"]["from"], "2024-02-01T00:00:00");
    assert_eq!(doc.0["window"]["to"], "2024-02-29T23:59:00");
    // W1 on the start and W3 on the end are in; W0 a minute early and W4 a
    // minute late are out.
    doc.assert_count("incident.volume", 3);
    // K1 on the start is in, K2 after the end is out: 3 / (3 + 1).
    doc.assert_rate("workforce.reactive_share", None, 3, 4);

    // Bare dates: --to names the whole last day.
    let doc = Run::new()
        .incidents(&csv(BOUNDARY_INCIDENTS))
        .arg("--from")
        .arg("2024-02-01")
        .arg("--to")
        .arg("2024-02-29")
        .json();
    assert_eq!(doc.0["window"]["to"], "2024-02-29T23:59:59");
    doc.assert_count("incident.volume", 3);

    // A second before W3 leaves it out.
    let doc = Run::new()
        .incidents(&csv(BOUNDARY_INCIDENTS))
        .arg("--from")
        .arg("2024-02-01 00:00:01")
        .arg("--to")
        .arg("2024-02-29 23:58:59")
        .json();
    doc.assert_count("incident.volume", 1);
}

#[test]
fn ties_in_timestamps() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,resolved_at,ci,problem_id
            Y1,2024-01-01 10:00:00,2024-01-01 12:00:00,CI-A,
            Y2,2024-01-01 10:00:00,2024-01-01 12:00:00,CI-A,PRB1
            Y3,2024-01-01 10:00:00,2024-01-01 14:00:00,CI-A,
            Y4,2024-01-05 10:00:00,2024-01-05 11:00:00,CI-B,
            Y5,2024-01-05 10:00:00,,CI-B,
        "))
        .json();
    doc.assert_count("incident.volume", 5);
    // Incidents opened at the same time are not repeats of each other.
    doc.assert_rate("incident.repeat_rate", None, 0, 5);
    // But three at one instant on CI-A are three inside 90 days: a
    // cluster, linked through Y2.
    doc.assert_rate("problem.repeat_clusters_addressed", None, 1, 1);
    // Hours [2 2 4 1] sorted [1 2 2 4]: median at rank 1.5 -> 2; p90 at
    // rank 2.7 -> 2 + 0.7 * 2 = 3.4.
    doc.assert_hours("incident.mttr_hours", "median", 2.0, 4);
    doc.assert_hours("incident.mttr_hours", "p90", 3.4, 4);
}

#[test]
fn a_change_without_an_end_time() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,priority,ci
            I0,2024-01-01 00:00:00,4,CI-Z
            I1,2024-01-10 09:00:00,1,CI-1
            I2,2024-01-11 09:00:00,1,CI-2
            I3,2024-01-12 11:00:00,1,CI-3
            I4,2024-01-13 09:00:00,1,CI-4
            I9,2024-01-31 00:00:00,4,CI-Z
        "))
        .changes(&csv("
            id,opened_at,actual_end,closed_at,outcome,ci
            E1,2024-01-10 08:00:00,,,,CI-1
            E2,2024-01-11 08:00:00,,,successful,CI-2
            E3,2024-01-12 08:00:00,2024-01-12 10:00:00,,successful,CI-3
            E4,2024-01-13 08:00:00,2024-03-01 00:00:00,,,CI-4
        "))
        .arg("--as-of")
        .arg("2024-02-01 00:00:00")
        .json();
    // E1: no outcome and no end -> not completed. E2: successful, so
    // completed, but with no end it is matched to no incident. E3:
    // completed, I3 (P1) 1 h after its end. E4: no outcome, ends after the
    // as-of date -> not completed.
    doc.assert_rate("change.failure_rate", Some("explicit"), 0, 2);
    doc.assert_rate("change.failure_rate", Some("inferred"), 1, 2);
}

#[test]
fn closed_at_stands_in_where_there_is_no_resolved_time() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,closed_at,state,priority,resolver,reassignment_count,reopen_count,knowledge_used
            Z1,2024-01-01 00:00:00,2024-01-01 02:00:00,Closed,1,alice,0,0,true
            Z2,2024-01-02 00:00:00,2024-01-02 06:00:00,Resolved,1,bob,1,0,false
            Z3,2024-01-03 00:00:00,2024-01-04 00:00:00,New,2,carol,0,0,true
            Z4,2024-01-04 00:00:00,,Closed,2,dave,0,0,true
            Z5,2024-01-05 00:00:00,2024-01-05 10:00:00,Closed,3,alice,0,1,false
        "))
        .json();
    // Resolved: closed in a resolved or closed state: Z1 (2 h), Z2 (6 h),
    // Z5 (10 h). Z3 has a close time but is New; Z4 is Closed with no time.
    doc.assert_hours("incident.mttr_hours", "median", 6.0, 3);
    doc.assert_hours("incident.mttr_hours", "median/P1", 4.0, 2);
    doc.assert_not_evaluable("incident.mttr_hours", Some("median/P2"), "priority-2");
    // Reopened among Z1 Z2 Z5: Z5.
    doc.assert_rate("incident.reopen_rate", None, 1, 3);
    // Neither reassigned nor reopened: Z1.
    doc.assert_rate("desk.first_contact_resolution", None, 1, 3);
    // With an article: Z1.
    doc.assert_rate("knowledge.use_rate", None, 1, 3);
    // Derived SLA: Z1 P1 2 h met, Z2 P1 6 h missed, Z5 P3 10 h met.
    doc.assert_rate("sla.attainment", None, 2, 3);
    // Resolutions by alice 2, bob 1: 3 resolvers, the top 1 has 2 of 3.
    doc.assert_rate("workforce.resolution_concentration", None, 2, 3);
    // Window 2024-01-01 .. 01-05, a fourth is one day: alice resolved in
    // the first and nobody in the last (Z5 closes after the window's end).
    doc.assert_rate("workforce.resolver_churn", None, 1, 1);
    // Every figure read from the stand-in says so.
    let reads_resolution = [
        "incident.mttr_hours",
        "incident.reopen_rate",
        "desk.first_contact_resolution",
        "knowledge.use_rate",
        "sla.attainment",
        "workforce.resolver_churn",
        "workforce.resolution_concentration",
    ];
    let mut checked = std::collections::BTreeSet::new();
    for m in doc.metrics() {
        let id = m["id"].as_str().expect("id");
        if reads_resolution.contains(&id) && m["status"] == "ok" {
            let note = m["note"].as_str().unwrap_or_default();
            assert!(
                note.contains("closed_at stands in for resolved_at"),
                "{id} / {:?}: note `{note}`",
                variant_of(m)
            );
            checked.insert(id);
        }
    }
    assert_eq!(checked.len(), reads_resolution.len(), "{checked:?}");
}

#[test]
fn from_after_to_is_refused() {
    let run = Run::new()
        .incidents(&csv(BOUNDARY_INCIDENTS))
        .arg("--from")
        .arg("2024-03-01")
        .arg("--to")
        .arg("2024-02-01");
    let out = run.output();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--from is after --to"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn from_after_the_data_names_the_data_not_a_to_option() {
    // Only --from is given and the last incident was opened before it: the
    // message must not blame a --to the user never passed.
    let run = Run::new()
        .incidents(&csv(BOUNDARY_INCIDENTS))
        .arg("--from")
        .arg("2024-04-01");
    let out = run.output();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("--to"), "{err}");
    assert!(
        err.contains("--from") && err.contains("2024-03-01 00:00:00"),
        "{err}"
    );
}

#[test]
fn to_before_the_data_names_the_data_not_a_from_option() {
    let out = Run::new()
        .incidents(&csv(BOUNDARY_INCIDENTS))
        .arg("--to")
        .arg("2024-01-01")
        .output();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("--from"), "{err}");
    assert!(
        err.contains("--to") && err.contains("2024-01-31 23:59:00"),
        "{err}"
    );
}

#[test]
fn a_requests_export_alone_spans_its_window() {
    let doc = Run::new()
        .incidents(&csv("
            id,opened_at,channel,ticket_type
            Q1,2024-01-01 00:00:00,portal,request
            Q2,2024-01-05 00:00:00,phone,request
            Q3,2024-02-05 00:00:00,portal,request
        "))
        .json();
    // No incident: the requests' own span is the window, not the as-of instant.
    assert_eq!(doc.0["window"]["from"], "2024-01-01T00:00:00");
    assert_eq!(doc.0["window"]["to"], "2024-02-05T00:00:00");
    doc.assert_count("incident.volume", 0);
    // Q1 and Q3 through the portal of three.
    doc.assert_rate("desk.self_service_share", None, 2, 3);
}

#[test]
fn uci_event_log_repeat_rate_and_volume() {
    let dir = shared_data().join("uci-servicenow-incident-eventlog");
    let doc = Run::new()
        .arg("--data")
        .arg(dir.to_str().expect("utf-8 path"))
        .json();
    // 141 712 events reduce to 24 918 incidents.
    doc.assert_count("incident.volume", 24_918);
    // Only 54 incidents name a CI: the repeat rate rests on them, and its
    // interval says how little that is.
    let m = doc.get("incident.repeat_rate", None);
    assert_eq!(m["status"], "ok", "{m}");
    assert_eq!(m["denominator"].as_u64(), Some(54), "{m}");
    let width = m["ci_high"].as_f64().expect("ci_high") - m["ci_low"].as_f64().expect("ci_low");
    assert!(width > 0.15, "interval only {width} wide");
    doc.assert_rate("cmdb.incident_ci_coverage", None, 54, 24_918);
}

// -------------------------------------------------------------- properties

const CHANNEL_NAMES: [&str; 7] = [
    "self_service",
    "chat",
    "phone",
    "email",
    "walk_in",
    "monitoring",
    "other",
];
const OUTCOME_NAMES: [&str; 6] = [
    "successful",
    "successful_with_issues",
    "unsuccessful",
    "backed_out",
    "cancelled",
    "unknown",
];
const TYPE_NAMES: [&str; 3] = ["standard", "normal", "emergency"];

/// One generated incident (or request). Times are coarse (a day and one of
/// four hours) so that ties happen.
#[derive(Debug, Clone)]
struct GenIncident {
    opened: (u32, u32),
    resolved_after_hours: Option<u32>,
    ci: Option<u8>,
    category: Option<u8>,
    priority: Option<u8>,
    channel: Option<usize>,
    reassignments: Option<u8>,
    reopens: Option<u8>,
    resolver: Option<u8>,
    problem: bool,
    sla_met: Option<bool>,
    knowledge: Option<bool>,
    request: bool,
    caused_by: Option<u8>,
}

#[derive(Debug, Clone)]
struct GenChange {
    opened: (u32, u32),
    end_after_hours: Option<u32>,
    closed_after_hours: Option<u32>,
    outcome: Option<usize>,
    kind: Option<usize>,
    ci: Option<u8>,
}

fn incident_strategy() -> impl Strategy<Value = GenIncident> {
    use proptest::option::{of, weighted};
    (
        (0u32..100, 0u32..4),
        of(0u32..300),
        (weighted(0.8, 0u8..4), of(0u8..2)),
        weighted(0.9, 1u8..=5),
        weighted(0.9, 0usize..CHANNEL_NAMES.len()),
        (weighted(0.9, 0u8..5), weighted(0.9, 0u8..3)),
        of(0u8..6),
        proptest::bool::weighted(0.2),
        (of(any::<bool>()), of(any::<bool>())),
        proptest::bool::weighted(0.15),
        weighted(0.2, 0u8..4),
    )
        .prop_map(
            |(
                opened,
                resolved_after_hours,
                (ci, category),
                priority,
                channel,
                (reassignments, reopens),
                resolver,
                problem,
                (sla_met, knowledge),
                request,
                caused_by,
            )| GenIncident {
                opened,
                resolved_after_hours,
                ci,
                category,
                priority,
                channel,
                reassignments,
                reopens,
                resolver,
                problem,
                sla_met,
                knowledge,
                request,
                caused_by,
            },
        )
}

fn change_strategy() -> impl Strategy<Value = GenChange> {
    use proptest::option::{of, weighted};
    (
        (0u32..100, 0u32..4),
        weighted(0.8, 0u32..72),
        of(0u32..96),
        weighted(0.7, 0usize..OUTCOME_NAMES.len()),
        of(0usize..TYPE_NAMES.len()),
        weighted(0.8, 0u8..4),
    )
        .prop_map(
            |(opened, end_after_hours, closed_after_hours, outcome, kind, ci)| GenChange {
                opened,
                end_after_hours,
                closed_after_hours,
                outcome,
                kind,
                ci,
            },
        )
}

fn timestamp((day, quarter): (u32, u32), plus_hours: u32) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a date");
    let t = start
        + chrono::TimeDelta::days(day.into())
        + chrono::TimeDelta::hours((quarter * 6 + plus_hours).into());
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Rows `(index, incident)`: the index names the ticket, so that the same
/// ticket keeps its id however the rows are ordered or split.
fn incidents_csv(rows: &[(usize, GenIncident)]) -> String {
    let mut out = String::from(
        "id,opened_at,resolved_at,priority,channel,ci,category,resolver,reassignment_count,\
         reopen_count,sla_met,problem_id,caused_by_change,knowledge_used,ticket_type\n",
    );
    for (i, g) in rows {
        let fields = [
            format!("T{i}"),
            timestamp(g.opened, 0),
            opt(g.resolved_after_hours.map(|h| timestamp(g.opened, h))),
            opt(g.priority),
            opt(g.channel.map(|c| CHANNEL_NAMES[c])),
            opt(g.ci.map(|c| format!("CI-{c}"))),
            opt(g.category.map(|c| format!("cat{c}"))),
            opt(g.resolver.map(|r| format!("person{r}"))),
            opt(g.reassignments),
            opt(g.reopens),
            opt(g.sla_met),
            if g.problem {
                format!("PRB{}", i % 3)
            } else {
                String::new()
            },
            opt(g.caused_by.map(|c| format!("C{c}"))),
            opt(g.knowledge),
            if g.request { "request" } else { "incident" }.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn changes_csv(rows: &[(usize, GenChange)]) -> String {
    let mut out = String::from("id,opened_at,actual_end,closed_at,type,outcome,ci\n");
    for (i, g) in rows {
        let fields = [
            format!("C{i}"),
            timestamp(g.opened, 0),
            opt(g.end_after_hours.map(|h| timestamp(g.opened, h))),
            opt(g.closed_after_hours.map(|h| timestamp(g.opened, h))),
            opt(g.kind.map(|k| TYPE_NAMES[k])),
            opt(g.outcome.map(|o| OUTCOME_NAMES[o])),
            opt(g.ci.map(|c| format!("CI-{c}"))),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn numbered<T: Clone>(v: &[T]) -> Vec<(usize, T)> {
    v.iter().cloned().enumerate().collect()
}

/// What a run says about one metric variant.
#[derive(Debug)]
struct Figure {
    status: String,
    value: Option<f64>,
    numerator: Option<u64>,
    denominator: Option<u64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    months: Vec<(String, Option<u64>, Option<u64>)>,
    trend: Option<String>,
}

fn figures(doc: &Doc) -> BTreeMap<(String, Option<String>), Figure> {
    let mut out = BTreeMap::new();
    for m in doc.metrics() {
        let key = (
            m["id"].as_str().expect("id").to_string(),
            variant_of(m).map(str::to_string),
        );
        let figure = Figure {
            status: m["status"].as_str().expect("status").to_string(),
            value: m["value"].as_f64(),
            numerator: m["numerator"].as_u64(),
            denominator: m["denominator"].as_u64(),
            ci_low: m["ci_low"].as_f64(),
            ci_high: m["ci_high"].as_f64(),
            months: m["by_month"]
                .as_array()
                .map(|ms| {
                    ms.iter()
                        .map(|p| {
                            (
                                p["month"].as_str().unwrap_or_default().to_string(),
                                p["numerator"].as_u64(),
                                p["denominator"].as_u64(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            trend: m["trend"]["verdict"].as_str().map(str::to_string),
        };
        assert!(
            out.insert(key.clone(), figure).is_none(),
            "{key:?} listed twice"
        );
    }
    out
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn assert_same_figures(a: &Doc, b: &Doc) -> Result<(), TestCaseError> {
    let (fa, fb) = (figures(a), figures(b));
    prop_assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (key, x) in &fa {
        let y = &fb[key];
        prop_assert_eq!(&x.status, &y.status, "{:?}", key);
        prop_assert_eq!(x.numerator, y.numerator, "{:?}", key);
        prop_assert_eq!(x.denominator, y.denominator, "{:?}", key);
        prop_assert!(close(x.value, y.value), "{:?}: {:?} vs {:?}", key, x, y);
        prop_assert!(close(x.ci_low, y.ci_low), "{:?}: {:?} vs {:?}", key, x, y);
        prop_assert!(close(x.ci_high, y.ci_high), "{:?}: {:?} vs {:?}", key, x, y);
        prop_assert_eq!(&x.months, &y.months, "{:?}", key);
        prop_assert_eq!(&x.trend, &y.trend, "{:?}", key);
    }
    Ok(())
}

fn with_changes(run: Run, changes: &[(usize, GenChange)]) -> Run {
    // An export needs at least one row; no changes means no changes export.
    if changes.is_empty() {
        run
    } else {
        run.changes(&changes_csv(changes))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// (a) The order of the rows changes no figure.
    #[test]
    fn shuffling_rows_changes_no_figure(
        (incidents, shuffled) in prop::collection::vec(incident_strategy(), 1..30)
            .prop_flat_map(|v| {
                let rows = numbered(&v);
                (Just(rows.clone()), Just(rows).prop_shuffle())
            }),
        (changes, shuffled_changes) in prop::collection::vec(change_strategy(), 0..6)
            .prop_flat_map(|v| {
                let rows = numbered(&v);
                (Just(rows.clone()), Just(rows).prop_shuffle())
            }),
    ) {
        let a = with_changes(Run::new().incidents(&incidents_csv(&incidents)), &changes).json();
        let b = with_changes(
            Run::new().incidents(&incidents_csv(&shuffled)),
            &shuffled_changes,
        )
        .json();
        assert_same_figures(&a, &b)?;
    }

    /// (b) Incidents split over two files give the figures of one file.
    #[test]
    fn splitting_incidents_over_two_files_changes_no_figure(
        incidents in prop::collection::vec(incident_strategy(), 2..30),
        at in any::<prop::sample::Index>(),
        changes in prop::collection::vec(change_strategy(), 0..6),
    ) {
        let rows = numbered(&incidents);
        let cut = 1 + at.index(rows.len() - 1);
        let changes = numbered(&changes);
        let one = with_changes(Run::new().incidents(&incidents_csv(&rows)), &changes).json();
        let first = export("part-a.csv", incidents_csv(&rows[..cut]).as_bytes());
        let second = export("part-b.csv", incidents_csv(&rows[cut..]).as_bytes());
        let two = with_changes(
            Run::new()
                .arg("--incidents")
                .arg(first.path.to_str().expect("utf-8 path"))
                .arg(second.path.to_str().expect("utf-8 path")),
            &changes,
        )
        .json();
        assert_same_figures(&one, &two)?;
    }

    /// (c) Every rate's interval is the Wilson interval of its counts,
    /// contains its value and lies in [0, 1], whatever the window.
    #[test]
    fn every_rate_has_its_interval_around_it(
        incidents in prop::collection::vec(incident_strategy(), 1..30),
        changes in prop::collection::vec(change_strategy(), 0..6),
        from_day in 0u32..100,
        days in 0u32..80,
    ) {
        let from = timestamp((from_day, 0), 0);
        let to = timestamp((from_day + days, 0), 0);
        let doc = with_changes(
            Run::new().incidents(&incidents_csv(&numbered(&incidents))),
            &numbered(&changes),
        )
        .arg("--from")
        .arg(&from)
        .arg("--to")
        .arg(&to)
        .json();
        for ((id, variant), f) in figures(&doc) {
            if f.status != "ok" || doc.get(&id, variant.as_deref())["unit"] != "ratio" {
                continue;
            }
            let (k, n) = (f.numerator.expect("numerator"), f.denominator.expect("denominator"));
            let value = f.value.expect("value");
            prop_assert!((0.0..=1.0).contains(&value), "{id} {variant:?}: {value}");
            if id == "workforce.resolution_concentration" {
                // A share of all resolutions, not a sample proportion.
                prop_assert!(f.ci_low.is_none() && f.ci_high.is_none());
                continue;
            }
            let (lo, hi) = (f.ci_low.expect("ci_low"), f.ci_high.expect("ci_high"));
            prop_assert!(
                0.0 <= lo && lo <= value && value <= hi && hi <= 1.0,
                "{id} {variant:?}: [{lo}, {hi}] around {value}"
            );
            let (want_lo, want_hi) = wilson(k as f64, n as f64);
            prop_assert!(
                (lo - want_lo.max(0.0)).abs() < 1e-9 && (hi - want_hi.min(1.0)).abs() < 1e-9,
                "{id} {variant:?}: [{lo}, {hi}] is not the Wilson interval [{want_lo}, {want_hi}] of {k} / {n}"
            );
        }
    }
}
