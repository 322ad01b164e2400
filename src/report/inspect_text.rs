//! `inspect` for people: per file, what was detected and why, the column map
//! with date formats and missing shares, and where every row went.

use crate::ingest::columns::MatchedBy;
use crate::ingest::{FileReport, missing_hint};
use crate::inspect::Inspected;
use crate::metrics::requirements::FileMetrics;
use std::fmt::Write;

/// Unmapped columns named in the text report; `--json` lists them all.
const UNMAPPED_SHOWN: usize = 25;
/// Coded values shown per field with what they were read as.
const VALUES_SHOWN: usize = 8;

/// The text report for a set of inspected files.
pub fn render(results: &[Inspected]) -> String {
    let mut out = String::new();
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match r {
            Inspected::Report { report, metrics } => {
                render_file(&mut out, report);
                render_metrics(&mut out, metrics);
            }
            Inspected::Failed { path, error } => {
                let _ = writeln!(out, "== {}", path.display());
                let _ = writeln!(out, "error: {error}");
            }
        }
    }
    out
}

fn render_file(out: &mut String, r: &FileReport) {
    let _ = writeln!(out, "== {}", r.path);
    let _ = writeln!(out, "kind:     {} ({})", r.kind, r.kind_reason);
    let _ = writeln!(
        out,
        "profile:  {} (score {}; {})",
        r.profile, r.profile_score, r.profile_reason
    );
    let gzip = if r.compressed { ", gzip" } else { "" };
    let _ = match &r.sheet {
        Some(sheet) => writeln!(
            out,
            "file:     {} workbook, sheet `{sheet}`{gzip}",
            r.format
        ),
        None if r.format == "parquet" => writeln!(out, "file:     Parquet{gzip}"),
        None => writeln!(
            out,
            "file:     {}, {}-delimited{gzip}",
            r.encoding, r.delimiter
        ),
    };
    for note in &r.notes {
        let _ = writeln!(out, "note:     {note}");
    }
    let _ = write!(
        out,
        "rows:     {} read = {} kept + {} rejected",
        r.rows_read, r.rows_kept, r.rows_rejected
    );
    match r.tickets_after_reduction {
        Some(t) => {
            let _ = writeln!(out, "; {t} tickets after keeping the last row of each");
        }
        None => out.push('\n'),
    }
    if r.kind == "cis" && r.duplicate_ids > 0 {
        let _ = writeln!(
            out,
            "          {} CIs share a name with an earlier CI (kept)",
            r.duplicate_ids
        );
    }
    for (reason, n) in &r.rejected_by_reason {
        let _ = writeln!(out, "          rejected {n}: {reason}");
    }
    for missing in &r.missing_required {
        let _ = writeln!(
            out,
            "problem:  no column for required field `{}`. {}",
            missing.field,
            missing_hint(missing)
        );
    }

    if !r.columns.is_empty() {
        let _ = writeln!(
            out,
            "columns:  {:<20} {:<26} {:>8}  format",
            "field", "<- source column", "missing"
        );
        for (field, column) in &r.columns {
            let missing = r
                .missing_share
                .get(field)
                .map(|s| format!("{:.1} %", s * 100.0))
                .unwrap_or_default();
            let by_user = match r.matched_by.get(field) {
                Some(MatchedBy::User) => " (--map)",
                Some(MatchedBy::Meaning) => " (by name)",
                Some(MatchedBy::Values) => " (by values)",
                _ => "",
            };
            let format = r.date_formats.get(field).map(String::as_str).unwrap_or("");
            let _ = writeln!(
                out,
                "          {:<20} {:<26} {:>8}  {}",
                field,
                format!("<- {column}{by_user}"),
                missing,
                format
            );
        }
    }
    for (field, how) in &r.derived {
        let _ = writeln!(out, "          {field:<20} = {how}");
    }
    for (field, values) in &r.values_read {
        let listed: Vec<String> = values
            .iter()
            .take(VALUES_SHOWN)
            .map(|v| format!("`{}` {} -> {}", v.value, v.rows, v.read_as))
            .collect();
        let more = if values.len() > VALUES_SHOWN {
            ", ..."
        } else {
            ""
        };
        let _ = writeln!(out, "read {field}: {}{more}", listed.join(", "));
    }
    if !r.unmapped_columns.is_empty() {
        let shown: Vec<&str> = r
            .unmapped_columns
            .iter()
            .take(UNMAPPED_SHOWN)
            .map(String::as_str)
            .collect();
        let more = r.unmapped_columns.len().saturating_sub(UNMAPPED_SHOWN);
        let _ = write!(
            out,
            "unmapped: {} columns: {}",
            r.unmapped_columns.len(),
            shown.join(", ")
        );
        if more > 0 {
            let _ = write!(out, ", ... (+{more} more; --json lists all)");
        }
        out.push('\n');
    }
    if r.empty_trailing_columns > 0 {
        let _ = writeln!(
            out,
            "          {} empty trailing columns ignored",
            r.empty_trailing_columns
        );
    }
    let failures: Vec<String> = r
        .parse_failures
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(f, n)| format!("{f} {n}"))
        .collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "unreadable values: {}", failures.join(", "));
    }
    for (field, values) in &r.unknown_values {
        let listed: Vec<String> = values.iter().map(|(v, n)| format!("`{v}` {n}")).collect();
        let _ = writeln!(out, "unknown {field} values: {}", listed.join(", "));
    }
}

/// Which metrics the file's columns allow, and what the others need.
fn render_metrics(out: &mut String, m: &FileMetrics) {
    if !m.allowed.is_empty() {
        let _ = writeln!(out, "metrics:  allowed: {}", m.allowed.join(", "));
    }
    for (metric, what) in &m.with_other_exports {
        let _ = writeln!(out, "          {metric}: with {what}");
    }
    for (metric, what) in &m.missing {
        let _ = writeln!(out, "          {metric}: {what}");
    }
}
