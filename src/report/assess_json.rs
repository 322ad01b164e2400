//! `assess --format json` and `maturity.json` (`docs/output.md`).

use crate::maturity::Assessment;

pub fn render(a: &Assessment) -> String {
    serde_json::to_string_pretty(a).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
