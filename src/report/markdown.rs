//! `report.md`: the report in Markdown, linking the PNG charts.

use super::html::capitalise;
use super::model::{ChartRef, ReportModel};
use super::story::{GAP_CAPTION, GAP_HEADER, GapLine, OVERVIEW_HEADER, OverviewLine};
use super::teams::HEADER as TEAMS_HEADER;
use std::fmt::Write;

/// Text from the data, made inert: Markdown viewers pass HTML through and
/// make links of brackets, so `<`, `>` and `&` become entities and `[`,
/// `]`, `\` and `|` (which would also break a table cell) are escaped.
fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '[' | ']' | '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}|", vec!["---"; header.len()].join("|"));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| text(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn chart(out: &mut String, charts: &[ChartRef], name: &str) {
    if let Some(c) = charts.iter().find(|c| c.name == name) {
        let _ = writeln!(out, "![{}](charts/{}.png)\n", c.title, c.name);
    }
}

pub fn render(model: &ReportModel, charts: &[ChartRef]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", model.title);
    let _ = writeln!(
        o,
        "Data window {} · as of {} · itsm-evidence {}{}\n",
        model.window,
        model.as_of,
        model.tool_version,
        model
            .generated_at
            .as_ref()
            .map(|g| format!(" · generated {g}"))
            .unwrap_or_default()
    );
    let _ = writeln!(o, "{}\n", text(&model.people));
    o.push_str("## Summary\n\n");
    for s in &model.executive {
        let _ = writeln!(o, "- {}", text(s));
    }
    o.push('\n');
    o.push_str("## Perception gap: leadership against practitioners\n\n");
    if model.gaps.is_empty() {
        o.push_str("No survey answers: the perception gap needs a self-assessment by role.\n\n");
    } else {
        let _ = writeln!(o, "{GAP_CAPTION}\n");
        let rows: Vec<Vec<String>> = model.gaps.iter().map(GapLine::cells).collect();
        table(&mut o, &GAP_HEADER, &rows);
    }
    chart(&mut o, charts, "maturity-gap");
    o.push_str("## Where to start\n\n");
    for p in &model.places_to_start {
        let _ = writeln!(o, "- {}", text(p));
    }
    o.push_str("\n## Discipline by discipline\n\n");
    let rows: Vec<Vec<String>> = model.overview.iter().map(OverviewLine::cells).collect();
    table(&mut o, &OVERVIEW_HEADER, &rows);
    o.push_str("### Symptom check\n\n");
    let rows: Vec<Vec<String>> = model
        .symptoms
        .iter()
        .map(|(n, v, d)| vec![n.clone(), v.clone(), d.join("; ")])
        .collect();
    table(
        &mut o,
        &["Symptom", "Verdict", "Figures and thresholds"],
        &rows,
    );
    let _ = writeln!(
        o,
        "## Activity against outcome\n\n{}\n",
        text(&model.activity)
    );
    if !model.calibration.is_empty() {
        o.push_str("## What people believe the numbers are\n\n");
        let rows: Vec<Vec<String>> = model
            .calibration
            .iter()
            .map(|c| {
                vec![
                    format!("{}: {}", c.label, c.question),
                    c.measured.clone(),
                    c.leadership.clone(),
                    c.practitioners.clone(),
                ]
            })
            .collect();
        table(
            &mut o,
            &["Figure", "Measured", "Leadership", "Practitioners"],
            &rows,
        );
        chart(&mut o, charts, "calibration");
    }
    if !model.benchmarks.is_empty() {
        o.push_str("## Against published benchmarks\n\n");
        let rows: Vec<Vec<String>> = model
            .benchmarks
            .iter()
            .map(|b| {
                vec![
                    b.metric.clone(),
                    b.ours.clone(),
                    b.reference.clone(),
                    format!("{} — {}. {}.", b.source, b.url, b.note),
                ]
            })
            .collect();
        table(
            &mut o,
            &["Metric", "Ours", "Published", "Source and note"],
            &rows,
        );
    }
    for s in &model.sections {
        let _ = writeln!(o, "## {}\n", text(&capitalise(&s.discipline)));
        let rows: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.value.clone(),
                    r.interval.clone(),
                    r.n.clone(),
                    r.level.clone(),
                    r.trend.clone(),
                    r.definition.clone(),
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                "Metric",
                "Value",
                "95 % interval",
                "n",
                "Level",
                "Trend",
                "Definition",
            ],
            &rows,
        );
        for c in &s.charts {
            chart(&mut o, charts, c);
        }
    }
    if let Some(t) = &model.teams {
        let _ = writeln!(o, "## Teams\n\n{}\n", text(&t.intro));
        if t.outside.is_empty() {
            o.push_str("No team lies beyond the limits on any figure.\n\n");
        } else {
            let rows: Vec<Vec<String>> = t.outside.iter().map(|r| r.to_vec()).collect();
            table(&mut o, &TEAMS_HEADER, &rows);
        }
        if !t.too_small.is_empty() {
            let _ = writeln!(o, "{}\n", text(&t.too_small));
        }
        for c in &t.charts {
            chart(&mut o, charts, c);
        }
    }
    o.push_str("## Data quality\n\n");
    let rows: Vec<Vec<String>> = model
        .files
        .iter()
        .map(|f| {
            vec![
                f.path.clone(),
                f.kind.clone(),
                f.profile.clone(),
                f.rows.clone(),
                f.rejected.clone(),
                f.problems.clone(),
            ]
        })
        .collect();
    table(
        &mut o,
        &[
            "File",
            "Kind",
            "Profile",
            "Rows",
            "Rejected by reason",
            "Unreadable and unknown values",
        ],
        &rows,
    );
    for s in &model.skipped {
        let _ = writeln!(o, "Not used: {}\n", text(s));
    }
    o.push_str("## Rubric, parameters and inputs\n\n");
    let _ = writeln!(o, "Rubric: {}\n", text(&model.rubric));
    let rows: Vec<Vec<String>> = model
        .parameters
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    table(&mut o, &["Parameter", "Value"], &rows);
    let rows: Vec<Vec<String>> = model
        .fingerprints
        .iter()
        .map(|f| vec![f.path.clone(), f.bytes.to_string(), f.sha256.clone()])
        .collect();
    table(&mut o, &["Input file", "Bytes", "SHA-256"], &rows);
    o
}
