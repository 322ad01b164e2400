//! `metrics --format json` and `metrics.json` (`docs/output.md`).

use crate::metrics::MetricsReport;

pub fn render(report: &MetricsReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
