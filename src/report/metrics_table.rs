//! `metrics` for people: one line per metric, readable in 80 columns, then the
//! reasons for what could not be computed and the notes.

use crate::metrics::{MetricResult, MetricsReport, Unit};
use std::fmt::Write;

pub fn render(report: &MetricsReport) -> String {
    let mut out = String::new();
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    match (&report.window.from, &report.window.to) {
        (Some(from), Some(to)) => {
            let _ = writeln!(out, "window {from} .. {to}, as of {}", shown(&report.as_of));
        }
        _ => {
            let _ = writeln!(
                out,
                "no window: no incident or change has an opened time; as of {}",
                shown(&report.as_of)
            );
        }
    }
    let _ = writeln!(
        out,
        "{:<34} {:>8} {:>6}  {:<12} trend",
        "metric", "value", "n", "95 % interval"
    );
    let mut not_evaluable = Vec::new();
    let mut notes = Vec::new();
    for m in &report.metrics {
        let name = match &m.variant {
            Some(v) => format!("{} {}", m.id, v),
            None => m.id.clone(),
        };
        if !m.is_ok() {
            let _ = writeln!(
                out,
                "{:<34} {:>8} {:>6}  {:<12}",
                short(&name, 34),
                "-",
                "-",
                "not evaluable"
            );
            not_evaluable.push(format!(
                "  {name}: {}",
                m.reason.clone().unwrap_or_default()
            ));
            continue;
        }
        let _ = writeln!(
            out,
            "{:<34} {:>8} {:>6}  {:<12} {}",
            short(&name, 34),
            value(m),
            m.denominator.map(|n| n.to_string()).unwrap_or_default(),
            interval(m),
            m.trend.as_ref().map(|t| t.verdict.as_str()).unwrap_or("")
        );
        if let Some(note) = &m.note {
            notes.push(format!("  {name}: {note}"));
        }
    }
    if !not_evaluable.is_empty() {
        let _ = writeln!(out, "\nnot evaluable:");
        for line in not_evaluable {
            let _ = writeln!(out, "{line}");
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\nnotes:");
        for line in notes {
            let _ = writeln!(out, "{line}");
        }
    }
    for f in report
        .data_quality
        .files
        .iter()
        .filter(|f| f.ids_in_later_files > 0)
    {
        let _ = writeln!(
            out,
            "\n{} records of {} are also in a later file: the later file's are used",
            f.ids_in_later_files, f.path
        );
    }
    for s in &report.data_quality.skipped {
        let _ = writeln!(out, "\nskipped {}: {}", s.path, s.reason);
    }
    if let Some(teams) = super::teams::build(report, &[]) {
        let _ = writeln!(out, "\n{}", teams.intro);
        if teams.outside.is_empty() {
            let _ = writeln!(out, "No group lies beyond the limits on any figure.");
        }
        for r in &teams.outside {
            let _ = writeln!(
                out,
                "{}: {} {} ({}, n = {}) against {}: {} the limits",
                r[0], r[1], r[2], r[3], r[4], r[5], r[6]
            );
        }
        if !teams.too_small.is_empty() {
            let _ = writeln!(out, "{}", teams.too_small);
        }
    }
    out
}

fn short(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width - 1).collect();
        format!("{cut}~")
    }
}

fn value(m: &MetricResult) -> String {
    match (m.unit, m.value) {
        (Unit::Ratio, Some(v)) => format!("{:.1} %", v * 100.0),
        (Unit::Hours, Some(v)) => format!("{v:.1} h"),
        (Unit::Count, Some(v)) => format!("{v:.0}"),
        (_, None) => "-".into(),
    }
}

fn interval(m: &MetricResult) -> String {
    match (m.unit, m.ci_low, m.ci_high) {
        (Unit::Hours, Some(lo), Some(hi)) => format!("{lo:.1}-{hi:.1} h"),
        (_, Some(lo), Some(hi)) => format!("{:.1}-{:.1} %", lo * 100.0, hi * 100.0),
        _ => String::new(),
    }
}
