//! The front of the report as text: the perception gap table, the overview
//! with a flag per role, calibration, published benchmarks, activity against
//! outcome and where to start. HTML and Markdown render the same rows.

use crate::maturity::Assessment;
use crate::maturity::executive::{overrating, widest_overrating};
use crate::maturity::flags::MIN_RESPONDENTS;
use crate::maturity::gaps::{GapRow, RoleMean};
use crate::maturity::stats::Summary;
use crate::maturity::wording::{capitalise, count, plain_name};
use crate::metrics::benchmark::Benchmark;
use crate::metrics::trend::is_worsening;
use crate::metrics::{MetricResult, MetricsReport};
use std::fmt::Write;

pub use crate::maturity::wording::percent;

/// How to read the perception gap table.
pub const GAP_CAPTION: &str = "Leadership's mean self-rating minus the practitioners' (1-5 scale), \
    widest first, with its 95 % interval over respondents; n is respondents. Not shown: the \
    interval includes 0, so this sample does not show a gap. A role with fewer than 5 \
    respondents shows no mean.";

/// One row of the perception gap table.
#[derive(Debug, Clone)]
pub struct GapLine {
    pub rank: String,
    pub discipline: String,
    pub gap: String,
    pub leadership: String,
    pub practitioners: String,
    pub evidence: String,
    pub position: String,
    /// The interval includes 0 or a figure is withheld: shown muted.
    pub muted: bool,
}

/// The gap table's columns, and which hold figures (right-aligned).
pub const GAP_HEADER: [&str; 7] = [
    "#",
    "Discipline",
    "Gap [95 % interval]",
    "Leadership",
    "Practitioners",
    "Evidence",
    "Evidence sits",
];
pub const GAP_NUMERIC: [bool; 7] = [true, false, true, true, true, true, false];

impl GapLine {
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.rank.clone(),
            self.discipline.clone(),
            self.gap.clone(),
            self.leadership.clone(),
            self.practitioners.clone(),
            self.evidence.clone(),
            self.position.clone(),
        ]
    }
}

fn role_cell(r: &RoleMean) -> String {
    match (r.mean, r.respondents) {
        (_, 0) => "–".into(),
        (Some(m), n) => format!("{m:.1} (n {n})"),
        (None, n) => format!("n {n} < {MIN_RESPONDENTS}: not shown"),
    }
}

fn position_text(g: &GapRow) -> String {
    let (Some(e), Some(l), Some(p)) = (g.evidence_level, g.leadership.mean, g.practitioner.mean)
    else {
        return String::new();
    };
    match g.evidence_position.as_deref() {
        Some("near_leadership") => "near leadership".into(),
        Some("near_practitioners") => "near practitioners".into(),
        Some("beyond_both") if e > l.max(p) => "above both".into(),
        Some("beyond_both") => "below both".into(),
        Some(_) => "between".into(),
        None => String::new(),
    }
}

/// The ranking's rows; none without a single survey answer by role.
pub fn gap_lines(a: &Assessment) -> Vec<GapLine> {
    let answered = a
        .perception_gaps
        .iter()
        .any(|g| g.leadership.respondents + g.practitioner.respondents > 0);
    if !answered {
        return Vec::new();
    }
    a.perception_gaps
        .iter()
        .map(|g| {
            let gap = match (g.gap, g.ci_low, g.ci_high) {
                (Some(v), Some(lo), Some(hi)) if g.shown => {
                    format!("{v:+.1} [{lo:+.1}, {hi:+.1}]")
                }
                (Some(v), Some(lo), Some(hi)) => {
                    format!("{v:+.1} [{lo:+.1}, {hi:+.1}] not shown")
                }
                (Some(v), _, _) => format!("{v:+.1} (no interval)"),
                (None, _, _) => g.note.clone().unwrap_or_else(|| "–".into()),
            };
            GapLine {
                rank: g.rank.map(|r| r.to_string()).unwrap_or_default(),
                discipline: g.discipline.clone(),
                gap,
                leadership: role_cell(&g.leadership),
                practitioners: role_cell(&g.practitioner),
                evidence: g
                    .evidence_level
                    .map(|e| format!("{e:.1}"))
                    .unwrap_or_else(|| "–".into()),
                position: position_text(g),
                muted: !g.shown,
            }
        })
        .collect()
}

/// One row of the discipline overview: each role's mean and flag.
#[derive(Debug, Clone)]
pub struct OverviewLine {
    pub discipline: String,
    pub leadership: String,
    pub practitioners: String,
    pub evidence: String,
    pub flag: String,
    pub sentence: String,
}

pub const OVERVIEW_HEADER: [&str; 6] = [
    "Discipline",
    "Leadership",
    "Practitioners",
    "Evidence level (range)",
    "All respondents",
    "What the data says",
];

impl OverviewLine {
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.discipline.clone(),
            self.leadership.clone(),
            self.practitioners.clone(),
            self.evidence.clone(),
            self.flag.clone(),
            self.sentence.clone(),
        ]
    }
}

fn role_flag_cell(s: Option<&Summary>, flag: &str) -> String {
    match s {
        None => "–".into(),
        Some(s) if s.respondents < MIN_RESPONDENTS => {
            format!("n {} < {MIN_RESPONDENTS}", s.respondents)
        }
        Some(s) if flag == "not_evaluable" => format!("{:.1}", s.mean),
        Some(s) => format!("{:.1} {}", s.mean, flag.replace('_', " ")),
    }
}

pub fn overview(a: &Assessment) -> Vec<OverviewLine> {
    a.disciplines
        .iter()
        .map(|d| OverviewLine {
            discipline: d.discipline.clone(),
            leadership: role_flag_cell(d.survey.leadership.as_ref(), &d.flag_by_role.leadership),
            practitioners: role_flag_cell(
                d.survey.practitioner.as_ref(),
                &d.flag_by_role.practitioner,
            ),
            evidence: match (d.evidence_level, d.evidence_range) {
                (Some(l), Some(r)) => format!("{l:.1} ({:.1}–{:.1})", r[0], r[1]),
                _ => "–".into(),
            },
            flag: d.flag.replace('_', " "),
            sentence: d.summary.clone(),
        })
        .collect()
}

/// One row of the calibration table.
#[derive(Debug, Clone)]
pub struct CalibrationLine {
    /// The metric as a reader names it.
    pub label: String,
    pub question: String,
    pub measured: String,
    pub leadership: String,
    pub practitioners: String,
}

/// "11.8 % [10.4–13.3], n 1,886": a fraction with its interval and n.
fn with_interval(v: f64, lo: f64, hi: f64, n: u64) -> String {
    format!(
        "{} [{:.1}–{:.1}], n {}",
        percent(v),
        lo * 100.0,
        hi * 100.0,
        count(n)
    )
}

fn estimate_cell(e: &crate::maturity::calibration::RoleEstimate) -> String {
    match (e.mean, e.ci_low, e.ci_high) {
        (Some(m), Some(lo), Some(hi)) => {
            let belief = match e.belief.as_deref() {
                Some("better_than_measured") => "; better than measured",
                Some("worse_than_measured") => "; worse than measured",
                _ => "",
            };
            format!("{}{belief}", with_interval(m, lo, hi, e.n))
        }
        _ if e.n == 0 => "–".into(),
        _ => format!("n {} < {MIN_RESPONDENTS}: not shown", e.n),
    }
}

pub fn calibration(a: &Assessment) -> Vec<CalibrationLine> {
    a.calibration
        .iter()
        .map(|c| CalibrationLine {
            label: capitalise(&plain_name(&c.metric, None)),
            question: c.question.clone(),
            measured: match (
                c.measured,
                c.measured_ci_low,
                c.measured_ci_high,
                c.measured_n,
            ) {
                (Some(m), Some(lo), Some(hi), Some(n)) => with_interval(m, lo, hi, n),
                (Some(m), _, _, _) => percent(m),
                _ => "not evaluable".into(),
            },
            leadership: estimate_cell(&c.by_role.leadership),
            practitioners: estimate_cell(&c.by_role.practitioner),
        })
        .collect()
}

/// One row of the benchmark table.
#[derive(Debug, Clone)]
pub struct BenchmarkLine {
    pub metric: String,
    pub ours: String,
    pub reference: String,
    pub source: String,
    pub url: String,
    pub note: String,
}

fn reference_text(b: &Benchmark) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(v) = b.value {
        parts.push(percent(v));
    }
    parts.extend(
        b.points
            .iter()
            .map(|p| format!("{} {}", p.label, percent(p.value))),
    );
    parts.extend(
        b.bands
            .iter()
            .map(|r| format!("{} {:.0}–{:.0} %", r.label, r.low * 100.0, r.high * 100.0)),
    );
    parts.join("; ")
}

fn ours(m: &MetricResult) -> String {
    match (m.value, m.ci_low, m.ci_high, m.denominator) {
        (Some(v), Some(lo), Some(hi), Some(n)) => with_interval(v, lo, hi, n),
        _ => format!(
            "not evaluable{}",
            m.reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ),
    }
}

pub fn benchmarks(metrics: &MetricsReport) -> Vec<BenchmarkLine> {
    metrics
        .metrics
        .iter()
        .filter_map(|m| {
            let b = m.benchmark.as_ref()?;
            Some(BenchmarkLine {
                metric: capitalise(&match &m.variant {
                    Some(v) => format!("{} ({v})", plain_name(&m.id, None)),
                    None => plain_name(&m.id, None),
                }),
                ours: ours(m),
                reference: reference_text(b),
                source: format!("{} ({})", b.source, b.year),
                url: b.url.to_string(),
                note: capitalise(b.note),
            })
        })
        .collect()
}

/// The trend column of a metric row: the verdict with its figures.
pub fn trend_text(m: &MetricResult) -> String {
    let Some(t) = &m.trend else {
        return String::new();
    };
    if let Some(s) = &t.step {
        return format!(
            "step change in {}: {} (n {}) to {} (n {})",
            s.month,
            percent(s.before),
            count(s.n_before),
            percent(s.after),
            count(s.n_after)
        );
    }
    match (t.verdict.as_str(), t.slope_ci_low, t.slope_ci_high) {
        ("improving" | "worsening" | "rising" | "falling", Some(lo), Some(hi)) => format!(
            "{} [{:+.2}, {:+.2}] pts/month over {} months",
            t.verdict,
            lo * 100.0,
            hi * 100.0,
            t.months_used
        ),
        ("not enough data", _, _) => format!("not enough data ({} full months)", t.months_used),
        _ => t.verdict.clone(),
    }
}

fn metric_name(m: &MetricResult) -> String {
    match &m.variant {
        Some(v) => format!("{} ({v})", m.id),
        None => m.id.clone(),
    }
}

/// The metric that got worse the most: a slope over its months, or a step.
fn worst_trend(metrics: &MetricsReport) -> String {
    let worst = metrics
        .metrics
        .iter()
        .filter_map(|m| {
            let t = m.trend.as_ref()?;
            if !is_worsening(t) {
                return None;
            }
            let size = match (&t.step, t.slope_per_month) {
                (Some(s), _) => (s.after - s.before).abs(),
                (None, Some(slope)) => slope.abs() * t.months_used as f64,
                _ => 0.0,
            };
            Some((m, size))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = String::new();
    match worst {
        Some((m, _)) => {
            let _ = write!(out, "Worst trend: {} — {}.", metric_name(m), trend_text(m));
        }
        None => out.push_str("Worst trend: no metric is clearly worsening."),
    }
    out
}

/// Where to start: the widest overrating by leadership, the CI with most
/// repeat incidents, the worst trend.
pub fn places_to_start(
    metrics: &MetricsReport,
    assessment: &Assessment,
    repeats_by_ci: &[(String, u64)],
) -> Vec<String> {
    let mut out = Vec::new();
    out.push(
        match widest_overrating(&assessment.disciplines).and_then(overrating) {
            Some(line) => line,
            None if assessment.survey.is_some() => {
                "No role's self-rating sits above the evidence by half a level or more.".into()
            }
            None => "No survey answers to compare with the evidence.".into(),
        },
    );
    let top = repeats_by_ci
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    out.push(match top {
        Some((ci, n)) if *n > 0 => {
            format!("Most repeat incidents: {n} on CI {ci} — a candidate for problem management.")
        }
        _ => "Most repeat incidents: no repeat incidents on a named CI.".into(),
    });
    out.push(worst_trend(metrics));
    out
}
