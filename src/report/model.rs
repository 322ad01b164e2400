//! The content of the human-readable report, built once and rendered as HTML
//! and as Markdown, so that both say the same thing.

use super::story::{self, BenchmarkLine, CalibrationLine, GapLine, OverviewLine, trend_text};
use crate::maturity::Assessment;
use crate::metrics::catalog::{definition, discipline_of};
use crate::metrics::{MetricResult, MetricsReport, Unit};

/// A chart as the report embeds it.
#[derive(Debug, Clone)]
pub struct ChartRef {
    pub name: String,
    pub title: String,
    pub svg: String,
}

/// An input file and its fingerprint.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone)]
pub struct MetricRow {
    pub name: String,
    pub value: String,
    pub interval: String,
    pub n: String,
    pub level: String,
    pub trend: String,
    pub definition: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub discipline: String,
    pub rows: Vec<MetricRow>,
    /// Chart names shown in this section.
    pub charts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FileRow {
    pub path: String,
    pub kind: String,
    pub profile: String,
    pub rows: String,
    pub rejected: String,
    pub problems: String,
}

/// Everything the report says, as text.
#[derive(Debug, Clone)]
pub struct ReportModel {
    pub title: String,
    pub window: String,
    pub as_of: String,
    pub tool_version: String,
    pub rubric: String,
    pub generated_at: Option<String>,
    /// How people named in the exports appear in the report folder.
    pub people: String,
    /// The executive summary's sentences.
    pub executive: Vec<String>,
    pub gaps: Vec<GapLine>,
    pub overview: Vec<OverviewLine>,
    pub symptoms: Vec<(String, String, Vec<String>)>,
    pub activity: String,
    pub calibration: Vec<CalibrationLine>,
    pub benchmarks: Vec<BenchmarkLine>,
    pub places_to_start: Vec<String>,
    pub sections: Vec<Section>,
    /// Figures per team beyond the funnel limits, when there are teams.
    pub teams: Option<super::teams::Teams>,
    pub files: Vec<FileRow>,
    pub skipped: Vec<String>,
    pub parameters: Vec<(String, String)>,
    pub fingerprints: Vec<Fingerprint>,
}

pub use super::story::percent;

fn value_text(m: &MetricResult) -> String {
    match (m.unit, m.value) {
        (_, None) => "not evaluable".into(),
        (Unit::Ratio, Some(v)) => percent(v),
        (Unit::Hours, Some(v)) => format!("{v:.1} h"),
        (Unit::Count, Some(v)) => format!("{v:.0}"),
    }
}

fn metric_name(m: &MetricResult) -> String {
    match &m.variant {
        Some(v) => format!("{} ({v})", m.id),
        None => m.id.clone(),
    }
}

/// Which charts go in which discipline's section.
fn charts_for(discipline: &str, available: &[ChartRef]) -> Vec<String> {
    let wanted: &[&str] = match discipline {
        "incident management" => &[
            "trend-repeat-rate",
            "trend-resolution-time",
            "resolution-by-priority",
        ],
        "problem management" => &["repeats-by-ci"],
        "change enablement" => &["trend-change-failure"],
        "service desk" => &["trend-self-service", "channel-mix"],
        _ => &[],
    };
    wanted
        .iter()
        .filter(|w| available.iter().any(|c| c.name == **w))
        .map(|w| w.to_string())
        .collect()
}

pub struct ModelInput<'a> {
    pub metrics: &'a MetricsReport,
    pub assessment: &'a Assessment,
    pub repeats_by_ci: &'a [(String, u64)],
    pub charts: &'a [ChartRef],
    pub fingerprints: Vec<Fingerprint>,
    pub generated_at: Option<String>,
    pub people: String,
}

pub fn build(input: ModelInput<'_>) -> ReportModel {
    let ModelInput {
        metrics,
        assessment,
        repeats_by_ci,
        charts,
        fingerprints,
        generated_at,
        people,
    } = input;
    let symptoms = assessment
        .symptoms
        .iter()
        .map(|s| {
            let details = s
                .checks
                .iter()
                .map(|c| {
                    let value = c.value.map(percent).unwrap_or_else(|| "–".into());
                    let state = match c.met {
                        Some(true) => "met".to_string(),
                        Some(false) => "not met".to_string(),
                        None => c.note.clone().unwrap_or_else(|| "not judged".into()),
                    };
                    format!(
                        "{} {} {}: {value} ({state})",
                        c.metric,
                        c.condition,
                        percent(c.threshold)
                    )
                })
                .collect();
            (s.symptom.clone(), s.verdict.clone(), details)
        })
        .collect();
    let level_of = |m: &MetricResult| -> String {
        assessment
            .disciplines
            .iter()
            .flat_map(|d| d.indicators.iter())
            .find(|i| i.metric == m.id && i.variant == m.variant)
            .map(|i| match (i.level, i.level_range, &i.excluded_reason) {
                (Some(l), Some(r), _) if r[0] != r[1] => format!("{l} ({}–{})", r[0], r[1]),
                (Some(l), _, _) => l.to_string(),
                (None, _, Some(reason)) => format!("left out: {reason}"),
                _ => String::new(),
            })
            .unwrap_or_default()
    };
    let mut order: Vec<&str> = assessment
        .disciplines
        .iter()
        .map(|d| d.discipline.as_str())
        .collect();
    for m in &metrics.metrics {
        let d = discipline_of(&m.id);
        if !order.contains(&d) {
            order.push(d);
        }
    }
    let sections = order
        .into_iter()
        .filter_map(|discipline| {
            let rows: Vec<MetricRow> = metrics
                .metrics
                .iter()
                .filter(|m| discipline_of(&m.id) == discipline)
                .map(|m| MetricRow {
                    name: metric_name(m),
                    value: value_text(m),
                    interval: match (m.ci_low, m.ci_high) {
                        (Some(lo), Some(hi)) => format!("{}–{}", percent(lo), percent(hi)),
                        _ => String::new(),
                    },
                    n: m.denominator.map(|n| n.to_string()).unwrap_or_default(),
                    level: level_of(m),
                    trend: trend_text(m),
                    definition: match (&m.reason, &m.note) {
                        (Some(reason), _) => {
                            format!("{} Not evaluable: {reason}.", definition(&m.id))
                        }
                        (None, Some(note)) => format!("{} Note: {note}.", definition(&m.id)),
                        (None, None) => definition(&m.id).to_string(),
                    },
                })
                .collect();
            (!rows.is_empty()).then(|| Section {
                discipline: discipline.to_string(),
                charts: charts_for(discipline, charts),
                rows,
            })
        })
        .collect();
    let files = metrics
        .data_quality
        .files
        .iter()
        .map(|f| {
            let mut problems: Vec<String> = Vec::new();
            for m in &f.missing_required {
                problems.push(format!("no column for {}", m.field));
            }
            for (field, n) in f.parse_failures.iter().filter(|(_, n)| **n > 0) {
                problems.push(format!("{n} unreadable {field} values"));
            }
            for (field, values) in &f.unknown_values {
                let total: u64 = values.values().sum();
                problems.push(format!(
                    "{total} unknown {field} values ({} distinct)",
                    values.len()
                ));
            }
            FileRow {
                path: f.path.clone(),
                kind: f.kind.clone(),
                profile: f.profile.clone(),
                rows: format!(
                    "{} read = {} kept + {} rejected{}",
                    f.rows_read,
                    f.rows_kept,
                    f.rows_rejected,
                    f.tickets_after_reduction
                        .map(|t| format!("; {t} tickets after reduction"))
                        .unwrap_or_default()
                ),
                rejected: f
                    .rejected_by_reason
                    .iter()
                    .map(|(r, n)| format!("{r}: {n}"))
                    .collect::<Vec<_>>()
                    .join("; "),
                problems: problems.join("; "),
            }
        })
        .collect();
    let parameters = serde_json::to_value(&metrics.parameters)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .map(|o| o.into_iter().map(|(k, v)| (k, v.to_string())).collect())
        .unwrap_or_default();
    ReportModel {
        title: "ITSM evidence report".into(),
        window: match (&metrics.window.from, &metrics.window.to) {
            (Some(f), Some(t)) => format!("{f} to {t}"),
            _ => "no incident or change window".into(),
        },
        as_of: metrics.as_of.clone().unwrap_or_else(|| "–".into()),
        tool_version: metrics.tool_version.to_string(),
        rubric: format!(
            "{} (sha256 {})",
            assessment.rubric.name, assessment.rubric.sha256
        ),
        generated_at,
        people,
        executive: assessment.summary.iter().map(|s| s.text.clone()).collect(),
        gaps: story::gap_lines(assessment),
        overview: story::overview(assessment),
        symptoms,
        activity: assessment.activity_vs_outcome.sentence.clone(),
        calibration: story::calibration(assessment),
        benchmarks: story::benchmarks(metrics),
        places_to_start: story::places_to_start(metrics, assessment, repeats_by_ci),
        sections,
        teams: super::teams::build(
            metrics,
            &charts
                .iter()
                .filter(|c| c.name.starts_with("funnel-"))
                .map(|c| c.name.clone())
                .collect::<Vec<_>>(),
        ),
        files,
        skipped: metrics
            .data_quality
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.path, s.reason))
            .collect(),
        parameters,
        fingerprints,
    }
}
