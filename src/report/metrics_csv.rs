//! `metrics --format csv` and `metrics.csv`: one row per metric and variant.

use crate::metrics::{MetricResult, MetricsReport, Status, Unit};
use crate::safe_csv;

pub const HEADER: [&str; 13] = [
    "id",
    "variant",
    "status",
    "reason",
    "value",
    "unit",
    "numerator",
    "denominator",
    "ci_low",
    "ci_high",
    "trend",
    "slope_per_month",
    "note",
];

pub fn render(report: &MetricsReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = safe_csv::record(&mut w, HEADER);
    for m in &report.metrics {
        let _ = safe_csv::record(&mut w, row(m));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

fn row(m: &MetricResult) -> Vec<String> {
    vec![
        m.id.clone(),
        m.variant.clone().unwrap_or_default(),
        match m.status {
            Status::Ok => "ok",
            Status::NotEvaluable => "not_evaluable",
        }
        .into(),
        m.reason.clone().unwrap_or_default(),
        num(m.value),
        match m.unit {
            Unit::Ratio => "ratio",
            Unit::Hours => "hours",
            Unit::Count => "count",
        }
        .into(),
        m.numerator.map(|v| v.to_string()).unwrap_or_default(),
        m.denominator.map(|v| v.to_string()).unwrap_or_default(),
        num(m.ci_low),
        num(m.ci_high),
        m.trend
            .as_ref()
            .map(|t| t.verdict.clone())
            .unwrap_or_default(),
        num(m.trend.as_ref().and_then(|t| t.slope_per_month)),
        m.note.clone().unwrap_or_default(),
    ]
}
