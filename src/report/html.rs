//! `index.html`: one self-contained page (inline CSS and SVG, nothing fetched)
//! that prints on A4.

use super::html_front;
use super::model::{ChartRef, ReportModel};
use super::teams::{HEADER as TEAMS_HEADER, Teams};
pub use crate::maturity::wording::capitalise;
use std::fmt::Write;

const CSS: &str = "
body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #0072b2;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.1rem}.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.88rem}
th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#eef3f8}
td.num{text-align:right;white-space:nowrap}
.flag-overrated{color:#b35900;font-weight:bold}.flag-underrated{color:#0072b2;font-weight:bold}
.present{color:#b35900;font-weight:bold}.chart{margin:1rem 0;page-break-inside:avoid}.chart svg{max-width:100%;height:auto}
ul.places li{margin:.3rem 0}.small{font-size:.8rem;color:#555}
ul.executive{padding-left:1.2rem}ul.executive li{margin:.35rem 0}
table.compact{font-size:.8rem}table.compact td,table.compact th{padding:.15rem .35rem}table.compact td:nth-child(2),table.compact td:nth-child(7){white-space:nowrap}
tr.muted td{color:#666}.url{word-break:break-all}
.page-one .chart svg{max-height:125mm;width:auto}
@media print{html{font-size:9pt}body{margin:0;max-width:none}h1{margin-top:0}h2{page-break-before:auto}table{page-break-inside:auto}tr{page-break-inside:avoid}
.page-one{page-break-after:always}.page-one h2{margin-top:.6rem}.page-one .chart{margin:.4rem 0}.page-one .chart svg{max-height:70mm}
.page-one ul.executive li{margin:.15rem 0}.page-one p,.page-one ul{margin:.3rem 0}}
@page{size:A4;margin:15mm}
";

/// The page runs no script and fetches nothing; should a value ever slip
/// through unescaped, the browser still refuses to run or load it.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// Escapes text for HTML element content and attribute values; a space
/// before a percent sign does not break the line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.replace(" %", "\u{a0}%");
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG made by the tool, stripped of its XML declaration so it can sit inline.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => "",
    }
}

pub(crate) fn chart(out: &mut String, charts: &[ChartRef], name: &str) {
    if let Some(c) = charts.iter().find(|c| c.name == name) {
        let _ = writeln!(
            out,
            "<figure class=\"chart\" id=\"chart-{}\">{}<figcaption class=\"small\">{}</figcaption></figure>",
            escape(&c.name),
            inline_svg(&c.svg),
            escape(&c.title)
        );
    }
}

pub(crate) fn row(out: &mut String, cells: &[(&str, bool)]) {
    out.push_str("<tr>");
    for (text, numeric) in cells {
        if *numeric {
            let _ = write!(out, "<td class=\"num\">{}</td>", escape(text));
        } else {
            let _ = write!(out, "<td>{}</td>", escape(text));
        }
    }
    out.push_str("</tr>\n");
}

pub(crate) fn header(out: &mut String, names: &[&str]) {
    out.push_str("<tr>");
    for n in names {
        let _ = write!(out, "<th>{}</th>", escape(n));
    }
    out.push_str("</tr>\n");
}

pub fn render(model: &ReportModel, charts: &[ChartRef]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        escape(&model.title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", escape(&model.title));
    let _ = writeln!(
        o,
        "<p class=\"meta\">Data window {} · as of {} · itsm-evidence {}{}</p>",
        escape(&model.window),
        escape(&model.as_of),
        escape(&model.tool_version),
        model
            .generated_at
            .as_ref()
            .map(|g| format!(" · generated {}", escape(g)))
            .unwrap_or_default()
    );
    let _ = writeln!(o, "<p class=\"meta\">{}</p>", escape(&model.people));

    html_front::page_one(&mut o, model, charts);
    html_front::findings(&mut o, model, charts);

    for s in &model.sections {
        let id: String = s.discipline.replace(' ', "-");
        let _ = writeln!(
            o,
            "<h2 id=\"{}\">{}</h2>\n<table>",
            escape(&id),
            escape(&capitalise(&s.discipline))
        );
        header(
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
        );
        for r in &s.rows {
            row(
                &mut o,
                &[
                    (&r.name, false),
                    (&r.value, true),
                    (&r.interval, true),
                    (&r.n, true),
                    (&r.level, false),
                    (&r.trend, false),
                    (&r.definition, false),
                ],
            );
        }
        o.push_str("</table>\n");
        for c in &s.charts {
            chart(&mut o, charts, c);
        }
    }

    if let Some(t) = &model.teams {
        teams(&mut o, t, charts);
    }

    o.push_str("<h2 id=\"data-quality\">Data quality</h2>\n<table>\n");
    header(
        &mut o,
        &[
            "File",
            "Kind",
            "Profile",
            "Rows",
            "Rejected by reason",
            "Unreadable and unknown values",
        ],
    );
    for f in &model.files {
        row(
            &mut o,
            &[
                (&f.path, false),
                (&f.kind, false),
                (&f.profile, false),
                (&f.rows, false),
                (&f.rejected, false),
                (&f.problems, false),
            ],
        );
    }
    o.push_str("</table>\n");
    for s in &model.skipped {
        let _ = writeln!(o, "<p class=\"small\">Not used: {}</p>", escape(s));
    }

    o.push_str("<h2 id=\"method\">Rubric, parameters and inputs</h2>\n");
    let _ = writeln!(o, "<p>Rubric: {}</p>\n<table>", escape(&model.rubric));
    header(&mut o, &["Parameter", "Value"]);
    for (k, v) in &model.parameters {
        row(&mut o, &[(k, false), (v, false)]);
    }
    o.push_str("</table>\n<table>\n");
    header(&mut o, &["Input file", "Bytes", "SHA-256"]);
    for f in &model.fingerprints {
        row(
            &mut o,
            &[
                (&f.path, false),
                (&f.bytes.to_string(), true),
                (&f.sha256, false),
            ],
        );
    }
    o.push_str("</table>\n</body>\n</html>\n");
    o
}

/// The Teams section: who lies beyond the funnel limits, and the funnels.
fn teams(o: &mut String, t: &Teams, charts: &[ChartRef]) {
    let _ = writeln!(
        o,
        "<h2 id=\"teams\">Teams</h2>\n<p>{}</p>",
        escape(&t.intro)
    );
    if t.outside.is_empty() {
        o.push_str("<p>No team lies beyond the limits on any figure.</p>\n");
    } else {
        o.push_str("<table>\n");
        header(o, &TEAMS_HEADER);
        for r in &t.outside {
            let cells: Vec<(&str, bool)> = r
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), (2..=5).contains(&i)))
                .collect();
            row(o, &cells);
        }
        o.push_str("</table>\n");
    }
    if !t.too_small.is_empty() {
        let _ = writeln!(o, "<p class=\"small\">{}</p>", escape(&t.too_small));
    }
    for c in &t.charts {
        chart(o, charts, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn inline_svg_drops_the_xml_declaration() {
        assert_eq!(
            inline_svg("<?xml version=\"1.0\"?>\n<svg></svg>"),
            "<svg></svg>"
        );
    }
}
