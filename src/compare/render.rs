//! Writing a comparison: `compare.json`, a text table, `report.md` and a
//! self-contained, script-free `index.html` with the slope chart of the
//! disciplines. Everything from the data is escaped.

use super::{Comparison, MetricChange, Verdict};
use crate::report::html::escape;
use crate::report::story::percent;
use std::fmt::Write;

pub fn json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn verdict_text(m: &MetricChange) -> String {
    match m.verdict {
        Some(Verdict::Improved) => "improved".into(),
        Some(Verdict::Worsened) => "worsened".into(),
        Some(Verdict::Changed) => "changed".into(),
        Some(Verdict::NoClearChange) => "no clear change".into(),
        None => format!("not judged: {}", m.note.as_deref().unwrap_or("")),
    }
}

fn value(m: &MetricChange, v: Option<f64>) -> String {
    match (m.unit.as_str(), v) {
        (_, None) => "–".into(),
        ("ratio", Some(v)) => percent(v),
        ("hours", Some(v)) => format!("{v:.1} h"),
        (_, Some(v)) => format!("{v:.0}"),
    }
}

/// A difference: points for rates, hours for durations.
fn delta(m: &MetricChange, v: Option<f64>) -> String {
    match (m.unit.as_str(), v) {
        (_, None) => "–".into(),
        ("ratio", Some(v)) => format!("{:+.1} pts", v * 100.0),
        ("hours", Some(v)) => format!("{v:+.1} h"),
        (_, Some(v)) => format!("{v:+.0}"),
    }
}

fn name(m: &MetricChange) -> String {
    match &m.variant {
        Some(v) => format!("{} ({v})", m.id),
        None => m.id.clone(),
    }
}

/// The cells of one metric's row.
fn cells(m: &MetricChange) -> [String; 7] {
    let n = |n: Option<u64>| n.map_or("–".to_string(), |n| n.to_string());
    [
        name(m),
        value(m, m.before),
        value(m, m.after),
        delta(m, m.difference),
        match (m.ci_low, m.ci_high) {
            (Some(lo), Some(hi)) => format!("{} to {}", delta(m, Some(lo)), delta(m, Some(hi))),
            _ => String::new(),
        },
        format!("{} / {}", n(m.n_before), n(m.n_after)),
        verdict_text(m),
    ]
}

const HEADER: [&str; 7] = [
    "Metric",
    "Before",
    "After",
    "Difference",
    "95 % interval",
    "n before / after",
    "Verdict",
];

const DISCIPLINE_HEADER: [&str; 5] = [
    "Discipline",
    "Evidence level before (range)",
    "After (range)",
    "Perception gap before",
    "After",
];

fn level(l: Option<f64>, r: Option<[f64; 2]>) -> String {
    match (l, r) {
        (Some(l), Some([lo, hi])) => format!("{l:.1} ({lo:.1}–{hi:.1})"),
        (Some(l), None) => format!("{l:.1}"),
        _ => "–".into(),
    }
}

fn gap(g: Option<f64>) -> String {
    g.map_or("–".into(), |g| format!("{g:+.2}"))
}

fn discipline_rows(c: &Comparison) -> Vec<[String; 5]> {
    c.disciplines
        .iter()
        .map(|d| {
            [
                d.discipline.clone(),
                level(d.evidence_level_before, d.evidence_range_before),
                level(d.evidence_level_after, d.evidence_range_after),
                gap(d.perception_gap_before),
                gap(d.perception_gap_after),
            ]
        })
        .collect()
}

/// The metrics that moved beyond the noise, then the rest.
fn ordered(c: &Comparison) -> Vec<&MetricChange> {
    let rank = |m: &MetricChange| match m.verdict {
        Some(Verdict::Improved) | Some(Verdict::Worsened) | Some(Verdict::Changed) => 0,
        Some(Verdict::NoClearChange) => 1,
        None => 2,
    };
    let mut out: Vec<&MetricChange> = c.metrics.iter().collect();
    out.sort_by_key(|m| rank(m));
    out
}

fn summary(c: &Comparison) -> String {
    let count = |v: Verdict| c.metrics.iter().filter(|m| m.verdict == Some(v)).count();
    format!(
        "{} figures improved and {} worsened beyond the noise (95 % intervals of the difference); {} show no clear change; {} are not judged.",
        count(Verdict::Improved),
        count(Verdict::Worsened),
        count(Verdict::NoClearChange),
        c.metrics.iter().filter(|m| m.verdict.is_none()).count()
    )
}

/// The table `compare --format table` prints.
pub fn table(c: &Comparison) -> String {
    let rows: Vec<[String; 7]> = ordered(c).into_iter().map(cells).collect();
    let mut widths = HEADER.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut o = String::new();
    for w in &c.warnings {
        let _ = writeln!(o, "warning: {w}");
    }
    let line = |o: &mut String, r: &[String]| {
        let padded: Vec<String> = r
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        let _ = writeln!(o, "{}", padded.join("  ").trim_end());
    };
    line(&mut o, &HEADER.map(str::to_string));
    for r in &rows {
        line(&mut o, r);
    }
    let _ = writeln!(o, "\n{}", summary(c));
    o
}

fn md_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

fn md_table(o: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(o, "| {} |", header.join(" | "));
    let _ = writeln!(o, "|{}|", vec!["---"; header.len()].join("|"));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| md_text(c)).collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    o.push('\n');
}

pub fn markdown(c: &Comparison, slope: bool) -> String {
    let mut o = String::from("# Comparison of two assessments\n\n");
    let _ = writeln!(
        o,
        "Before: {} · after: {} · itsm-evidence {}\n",
        md_text(&c.before),
        md_text(&c.after),
        c.tool_version
    );
    for w in &c.warnings {
        let _ = writeln!(o, "- **Warning:** {}", md_text(w));
    }
    let _ = writeln!(o, "\n{}\n", summary(c));
    o.push_str("## Disciplines\n\n");
    if slope {
        o.push_str(
            "![Evidence level per discipline, before and after](charts/compare-slope.png)\n\n",
        );
    }
    let rows: Vec<Vec<String>> = discipline_rows(c).into_iter().map(|r| r.to_vec()).collect();
    md_table(&mut o, &DISCIPLINE_HEADER, &rows);
    o.push_str("## Metrics\n\n");
    let rows: Vec<Vec<String>> = ordered(c).into_iter().map(|m| cells(m).to_vec()).collect();
    md_table(&mut o, &HEADER, &rows);
    o.push_str(METHOD);
    o.push('\n');
    o
}

const METHOD: &str = "Differences are after - before. Rates: Newcombe's hybrid score interval \
(Wilson intervals of each run). Median resolution and lead times: the same construction (MOVER) \
from each run's median and its distribution-free interval. Counts: the plain difference, not \
judged. A verdict needs the whole 95 % interval on one side of zero; docs/compare.md has the method.";

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}\
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.88rem}th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left}th{background:#eef3f8}\
.improved{color:#0072b2;font-weight:bold}.worsened{color:#b35900;font-weight:bold}.warn{color:#b35900}.chart svg{max-width:100%;height:auto}.small{font-size:.8rem;color:#555}";

fn html_rows(o: &mut String, header: &[&str], rows: &[(Vec<String>, &str)]) {
    o.push_str("<table>\n<tr>");
    for h in header {
        let _ = write!(o, "<th>{}</th>", escape(h));
    }
    o.push_str("</tr>\n");
    for (cells, class) in rows {
        let _ = write!(o, "<tr class=\"{class}\">");
        for c in cells {
            let _ = write!(o, "<td>{}</td>", escape(c));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n");
}

pub fn html(c: &Comparison, slope_svg: Option<&str>) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n<title>Comparison of two assessments</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>Comparison of two assessments</h1>"
    );
    let _ = writeln!(
        o,
        "<p class=\"small\">Before: {} · after: {} · itsm-evidence {}</p>",
        escape(&c.before),
        escape(&c.after),
        escape(c.tool_version)
    );
    for w in &c.warnings {
        let _ = writeln!(o, "<p class=\"warn\">Warning: {}</p>", escape(w));
    }
    let _ = writeln!(o, "<p>{}</p>\n<h2>Disciplines</h2>", escape(&summary(c)));
    if let Some(svg) = slope_svg {
        let start = svg.find("<svg").unwrap_or(0);
        let _ = writeln!(o, "<figure class=\"chart\">{}</figure>", &svg[start..]);
    }
    let rows: Vec<(Vec<String>, &str)> = discipline_rows(c)
        .into_iter()
        .map(|r| (r.to_vec(), ""))
        .collect();
    html_rows(&mut o, &DISCIPLINE_HEADER, &rows);
    o.push_str("<h2>Metrics</h2>\n");
    let rows: Vec<(Vec<String>, &str)> = ordered(c)
        .into_iter()
        .map(|m| {
            let class = match m.verdict {
                Some(Verdict::Improved) => "improved",
                Some(Verdict::Worsened) => "worsened",
                _ => "",
            };
            (cells(m).to_vec(), class)
        })
        .collect();
    html_rows(&mut o, &HEADER, &rows);
    let _ = writeln!(
        o,
        "<p class=\"small\">{}</p>\n</body>\n</html>",
        escape(METHOD)
    );
    o
}
