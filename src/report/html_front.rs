//! The first part of `index.html`: the executive summary and the perception
//! gap on the first printed page, then where to start, the discipline
//! overview with a flag per role, the symptoms, activity against outcome,
//! calibration and the published benchmarks.

use super::html::{chart, escape, header};
use super::model::{ChartRef, ReportModel};
use super::story::{GAP_CAPTION, GAP_HEADER, GAP_NUMERIC, OVERVIEW_HEADER};
use std::fmt::Write;

/// Page one: what a reader takes away, and who overrates what.
pub fn page_one(o: &mut String, model: &ReportModel, charts: &[ChartRef]) {
    o.push_str("<section class=\"page-one\">\n<h2 id=\"summary\">Summary</h2>\n");
    if model.executive.is_empty() {
        o.push_str("<p>The exports hold too little to summarise.</p>\n");
    } else {
        o.push_str("<ul class=\"executive\">\n");
        for s in &model.executive {
            let _ = writeln!(o, "<li>{}</li>", escape(s));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("<h2 id=\"perception-gap\">Perception gap: leadership against practitioners</h2>\n");
    if model.gaps.is_empty() {
        o.push_str(
            "<p>No survey answers: the perception gap needs a self-assessment by role.</p>\n",
        );
    } else {
        let _ = writeln!(
            o,
            "<p class=\"small\">{}</p>\n<table class=\"compact\">",
            escape(GAP_CAPTION)
        );
        header(o, &GAP_HEADER);
        for g in &model.gaps {
            let class = if g.muted { " class=\"muted\"" } else { "" };
            let _ = write!(o, "<tr{class}>");
            for (cell, numeric) in g.cells().iter().zip(GAP_NUMERIC) {
                let align = if numeric { " class=\"num\"" } else { "" };
                let _ = write!(o, "<td{align}>{}</td>", escape(cell));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</table>\n");
    }
    chart(o, charts, "maturity-gap");
    o.push_str("</section>\n");
}

/// Where to start, the discipline overview, symptoms, activity against
/// outcome, calibration and benchmarks.
pub fn findings(o: &mut String, model: &ReportModel, charts: &[ChartRef]) {
    o.push_str("<h2 id=\"where-to-start\">Where to start</h2>\n<ul class=\"places\">\n");
    for p in &model.places_to_start {
        let _ = writeln!(o, "<li>{}</li>", escape(p));
    }
    o.push_str("</ul>\n");

    o.push_str(
        "<h2 id=\"disciplines\">Discipline by discipline</h2>\n<p class=\"small\">Each role's \
         mean with its flag: overrated when at least half a level above the evidence range, \
         underrated half a level below it.</p>\n<table>\n",
    );
    header(o, &OVERVIEW_HEADER);
    for s in &model.overview {
        let flag = |text: &str| {
            if text.ends_with("overrated") {
                " class=\"flag-overrated\""
            } else if text.ends_with("underrated") {
                " class=\"flag-underrated\""
            } else {
                ""
            }
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td{}>{}</td><td{}>{}</td><td class=\"num\">{}</td><td{}>{}</td><td>{}</td></tr>",
            escape(&s.discipline),
            flag(&s.leadership),
            escape(&s.leadership),
            flag(&s.practitioners),
            escape(&s.practitioners),
            escape(&s.evidence),
            flag(&s.flag),
            escape(&s.flag),
            escape(&s.sentence)
        );
    }
    o.push_str("</table>\n");

    o.push_str("<h3>Symptom check</h3>\n<table>\n");
    header(o, &["Symptom", "Verdict", "Figures and thresholds"]);
    for (name, verdict, details) in &model.symptoms {
        let class = if verdict == "present" {
            " class=\"present\""
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td{class}>{}</td><td>{}</td></tr>",
            escape(name),
            escape(verdict),
            details
                .iter()
                .map(|d| escape(d))
                .collect::<Vec<_>>()
                .join("<br/>")
        );
    }
    o.push_str("</table>\n");

    let _ = writeln!(
        o,
        "<h2 id=\"activity-outcome\">Activity against outcome</h2>\n<p>{}</p>\n<p class=\"small\">Activity: volume, SLA attainment, resolution time, backlog. Outcome: repeat incidents, reopens, change failures, repeat clusters with a problem record, first-contact resolution, self-service. Levels are the rubric's, averaged per side.</p>",
        escape(&model.activity)
    );

    if !model.calibration.is_empty() {
        o.push_str(
            "<h2 id=\"calibration\">What people believe the numbers are</h2>\n<p class=\"small\">Each \
             role's mean estimate with its 95 % interval, beside the measured value. A band \
             answer counts as its midpoint.</p>\n<table>\n",
        );
        header(o, &["Figure", "Measured", "Leadership", "Practitioners"]);
        for c in &model.calibration {
            let _ = writeln!(
                o,
                "<tr><td><strong>{}</strong><br/><span class=\"small\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&c.label),
                escape(&c.question),
                escape(&c.measured),
                escape(&c.leadership),
                escape(&c.practitioners)
            );
        }
        o.push_str("</table>\n");
        chart(o, charts, "calibration");
    }

    if !model.benchmarks.is_empty() {
        o.push_str(
            "<h2 id=\"benchmarks\">Against published benchmarks</h2>\n<p class=\"small\">\
             Published figures measure something close to ours, not the same: read the note.</p>\n<table>\n",
        );
        header(o, &["Metric", "Ours", "Published", "Source and note"]);
        for b in &model.benchmarks {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{} — <span class=\"url\">{}</span>. {}.</td></tr>",
                escape(&b.metric),
                escape(&b.ours),
                escape(&b.reference),
                escape(&b.source),
                escape(&b.url),
                escape(&b.note)
            );
        }
        o.push_str("</table>\n");
    }
}
