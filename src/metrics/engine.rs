//! Runs every discipline's metrics over one set of inputs and gathers the
//! results in the shape of `docs/output.md`.

use super::context::{Context, WindowOptions, from_millis};
use super::inputs::Inputs;
use super::params::Parameters;
use super::result::MetricResult;
use super::{benchmark, change, cmdb, desk, incident, knowledge, problem, sla, workforce};
use crate::error::Result;
use crate::ingest::FileReport;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct WindowOut {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct DataQuality {
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skipped>,
}

/// The result of a metrics run (`metrics --format json`, `metrics.json`).
#[derive(Debug, Serialize)]
pub struct MetricsReport {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub as_of: Option<String>,
    pub window: WindowOut,
    pub parameters: Parameters,
    pub metrics: Vec<MetricResult>,
    pub data_quality: DataQuality,
}

fn iso(ms: i64) -> String {
    from_millis(ms).format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Computes every metric; missing inputs give `not_evaluable` results, never errors.
pub fn compute(
    inputs: &Inputs,
    params: &Parameters,
    window: &WindowOptions,
) -> Result<MetricsReport> {
    let ctx = Context::new(inputs, params, window)?;
    let mut metrics = Vec::new();
    metrics.extend(incident::compute(&ctx)?);
    metrics.extend(problem::compute(&ctx)?);
    metrics.extend(change::compute(&ctx)?);
    metrics.extend(desk::compute(&ctx)?);
    metrics.extend(knowledge::compute(&ctx)?);
    metrics.extend(cmdb::compute(&ctx)?);
    metrics.extend(sla::compute(&ctx)?);
    metrics.extend(workforce::compute(&ctx)?);
    benchmark::attach(&mut metrics);
    Ok(MetricsReport {
        schema_version: crate::report::SCHEMA_VERSION,
        tool_version: crate::VERSION,
        as_of: ctx.window.has_as_of.then(|| iso(ctx.window.as_of)),
        window: WindowOut {
            from: ctx.window.has_span.then(|| iso(ctx.window.from)),
            to: ctx.window.has_span.then(|| iso(ctx.window.to)),
        },
        parameters: params.clone(),
        metrics,
        data_quality: DataQuality {
            files: inputs.files.clone(),
            skipped: inputs
                .skipped
                .iter()
                .map(|(path, _, reason)| Skipped {
                    path: path.clone(),
                    reason: reason.clone(),
                })
                .collect(),
        },
    })
}
