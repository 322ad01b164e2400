//! `assess` for people: the summary, the cross-check per discipline with a
//! flag per role, the perception gap ranking, calibration, activity against
//! outcome, then the symptom check.

use super::story;
use crate::maturity::Assessment;
use std::fmt::Write;

pub fn render(a: &Assessment) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "rubric: {} (sha256 {})",
        a.rubric.name,
        &a.rubric.sha256[..12.min(a.rubric.sha256.len())]
    );
    for line in &a.summary {
        let _ = writeln!(out, "{}", line.text);
    }
    if !a.summary.is_empty() {
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "{:<26} {:>6} {:>6} {:>9} {:>13} {:>14}  flag (leadership / practitioners / all)",
        "discipline", "lead", "pract", "evidence", "range", "perception gap"
    );
    let f = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "-".into());
    for d in &a.disciplines {
        let range = d
            .evidence_range
            .map(|r| format!("{:.1}-{:.1}", r[0], r[1]))
            .unwrap_or_else(|| "-".into());
        let gap = d
            .perception_gap
            .map(|g| match (g.ci_low, g.ci_high) {
                (Some(lo), Some(hi)) => format!("{:+.1} [{:+.1},{:+.1}]", g.value, lo, hi),
                _ => format!("{:+.1}", g.value),
            })
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{:<26} {:>6} {:>6} {:>9} {:>13} {:>14}  {}",
            d.discipline,
            f(d.survey.leadership.map(|s| s.mean)),
            f(d.survey.practitioner.map(|s| s.mean)),
            f(d.evidence_level),
            range,
            gap,
            [
                &d.flag_by_role.leadership,
                &d.flag_by_role.practitioner,
                &d.flag
            ]
            .map(|f| f.replace('_', " "))
            .join(" / ")
        );
    }
    let gaps = story::gap_lines(a);
    if gaps.iter().any(|g| !g.rank.is_empty()) {
        let _ = writeln!(
            out,
            "\nperception gap, widest first (leadership - practitioners):"
        );
        for g in &gaps {
            let _ = writeln!(
                out,
                "  {:>2} {:<26} {}  leadership {}, practitioners {}{}",
                g.rank,
                g.discipline,
                g.gap,
                g.leadership,
                g.practitioners,
                if g.position.is_empty() {
                    String::new()
                } else {
                    format!("; evidence {} ({})", g.evidence, g.position)
                }
            );
        }
    }
    let calibration = story::calibration(a);
    if !calibration.is_empty() {
        let _ = writeln!(out, "\nwhat people believe the numbers are:");
        for c in &calibration {
            let _ = writeln!(
                out,
                "  {}: {}\n    measured {}\n    leadership {}\n    practitioners {}",
                c.label, c.question, c.measured, c.leadership, c.practitioners
            );
        }
    }
    let _ = writeln!(
        out,
        "\nactivity against outcome: {}",
        a.activity_vs_outcome.sentence
    );
    let _ = writeln!(out);
    for d in &a.disciplines {
        let _ = writeln!(out, "- {}", d.summary);
        for i in d.indicators.iter().filter(|i| i.excluded_reason.is_some()) {
            let name = match &i.variant {
                Some(v) => format!("{} {v}", i.metric),
                None => i.metric.clone(),
            };
            let _ = writeln!(
                out,
                "    left out: {name}: {}",
                i.excluded_reason.clone().unwrap_or_default()
            );
        }
    }
    let _ = writeln!(out, "\nsymptoms:");
    for s in &a.symptoms {
        let _ = writeln!(out, "  {:<44} {}", s.symptom, s.verdict);
        for c in &s.checks {
            let value = c
                .value
                .map(|v| format!("{v:.3}"))
                .unwrap_or_else(|| "-".into());
            let state = match c.met {
                Some(true) => "met".to_string(),
                Some(false) => "not met".to_string(),
                None => c.note.clone().unwrap_or_default(),
            };
            let _ = writeln!(
                out,
                "    {} {} {} {}: value {value} ({state})",
                c.metric,
                c.variant.clone().unwrap_or_default(),
                c.condition,
                c.threshold
            );
        }
    }
    if let Some(s) = &a.survey {
        let _ = writeln!(
            out,
            "\nsurvey {} ({} form): {} respondents, {} answers counted, {} blank",
            s.path, s.form, s.respondents, s.answers_kept, s.blank_answers
        );
        if !s.unknown_roles.is_empty() {
            let roles: Vec<String> = s
                .unknown_roles
                .iter()
                .map(|(r, n)| format!("`{r}` {n}"))
                .collect();
            let _ = writeln!(out, "  unknown roles (not counted): {}", roles.join(", "));
        }
        if !s.unreadable_scores.is_empty() {
            let scores: Vec<String> = s
                .unreadable_scores
                .iter()
                .map(|(r, n)| format!("`{r}` {n}"))
                .collect();
            let _ = writeln!(
                out,
                "  unreadable scores (not counted): {}",
                scores.join(", ")
            );
        }
    }
    out
}
