//! `compare`: two assessments side by side (two report folders written by
//! `analyze`, or their `metrics.json` and `maturity.json`), with the
//! statistics to tell a real change from noise: per metric the difference
//! and its 95 % interval and a verdict, per discipline the evidence level
//! and the perception gap before and after, and warnings where the two runs
//! are not alike.

mod difference;
mod disciplines;
mod error;
mod read;
pub mod render;

pub use error::CompareError;

use crate::metrics::stats::Better;
use serde::Serialize;
use std::path::Path;

/// Whether a change is beyond the noise, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    #[serde(rename = "improved")]
    Improved,
    #[serde(rename = "worsened")]
    Worsened,
    /// Beyond the noise, for a figure with no better direction.
    #[serde(rename = "changed")]
    Changed,
    #[serde(rename = "no clear change")]
    NoClearChange,
}

/// One metric (and variant) before and after.
#[derive(Debug, Clone, Serialize)]
pub struct MetricChange {
    pub id: String,
    pub variant: Option<String>,
    pub unit: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub n_before: Option<u64>,
    pub n_after: Option<u64>,
    /// after - before.
    pub difference: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// How the interval was found: `newcombe`, `mover`, or none.
    pub method: Option<&'static str>,
    pub better: Option<Better>,
    /// Null where there is nothing to judge (a count, or a figure missing
    /// from one run); `note` says why.
    pub verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One discipline before and after.
#[derive(Debug, Clone, Serialize)]
pub struct DisciplineChange {
    pub discipline: String,
    pub evidence_level_before: Option<f64>,
    pub evidence_level_after: Option<f64>,
    pub evidence_range_before: Option<[f64; 2]>,
    pub evidence_range_after: Option<[f64; 2]>,
    pub perception_gap_before: Option<f64>,
    pub perception_gap_after: Option<f64>,
}

/// What `compare` found (`compare.json`).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub before: String,
    pub after: String,
    pub metrics: Vec<MetricChange>,
    pub disciplines: Vec<DisciplineChange>,
    pub warnings: Vec<String>,
}

/// Compares two assessments; with `strict`, runs that used different rubrics
/// or parameters are refused instead of warned about.
pub fn compare(before: &Path, after: &Path, strict: bool) -> Result<Comparison, CompareError> {
    let b = read::read(before)?;
    let a = read::read(after)?;
    let warnings = read::differences(&b, &a);
    if strict && !warnings.is_empty() {
        return Err(CompareError::NotAlike(warnings.join("; ")));
    }
    Ok(Comparison {
        schema_version: crate::report::SCHEMA_VERSION,
        tool_version: crate::VERSION,
        before: before.display().to_string(),
        after: after.display().to_string(),
        metrics: difference::metrics(&b, &a),
        disciplines: disciplines::changes(&b, &a),
        warnings,
    })
}

/// Writes `compare.json`, `index.html`, `report.md` and the slope chart into
/// `out`, atomically; an existing folder is kept unless `force`.
pub fn write(c: &Comparison, out: &Path, force: bool) -> crate::error::Result<()> {
    let staged = crate::analyze::StagedFolder::new(out, force)?;
    let levels: Vec<(String, Option<f64>, Option<f64>)> = c
        .disciplines
        .iter()
        .map(|d| {
            (
                d.discipline.clone(),
                d.evidence_level_before,
                d.evidence_level_after,
            )
        })
        .collect();
    let slope = crate::report::charts::render_slope(&levels, &staged.staging.join("charts"))?;
    staged.write("compare.json", render::json(c).as_bytes())?;
    staged.write(
        "index.html",
        render::html(c, slope.as_ref().map(|s| s.svg.as_str())).as_bytes(),
    )?;
    staged.write("report.md", render::markdown(c, slope.is_some()).as_bytes())?;
    staged.commit()?;
    Ok(())
}
