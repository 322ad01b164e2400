//! Runs every discipline's metrics over one set of inputs and gathers the
//! results in the shape of `docs/output.md`.

use super::context::{Context, WindowOptions, from_millis};
use super::groups::{self, GroupField, GroupFigures};
use super::inputs::Inputs;
use super::params::Parameters;
use super::result::MetricResult;
use super::{benchmark, change, cmdb, desk, incident, knowledge, problem, sla, workforce};
use crate::error::Result;
use crate::ingest::FileReport;
use crate::timings::Timings;
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
    /// The field `groups` splits the figures by; absent when not split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<&'static str>,
    /// Figures per group (`metrics --by`, and per assignment group in `analyze`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupFigures>>,
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
    compute_timed(inputs, params, window, None, &mut Timings::new())
}

/// `compute`, with figures per group when `by` is given, recording the time
/// of each discipline's metrics.
pub fn compute_timed(
    inputs: &Inputs,
    params: &Parameters,
    window: &WindowOptions,
    by: Option<GroupField>,
    timings: &mut Timings,
) -> Result<MetricsReport> {
    let ctx = timings.time("metrics: window and tables", || {
        Context::new(inputs, params, window)
    })?;
    let mut report = compute_in(&ctx, timings)?;
    if let Some(by) = by {
        add_groups(&ctx, by, &mut report, timings)?;
    }
    Ok(report)
}

/// Adds the figures per group to a report computed over `ctx`; none when no
/// table of the run has the column.
pub fn add_groups(
    ctx: &Context<'_>,
    by: GroupField,
    report: &mut MetricsReport,
    timings: &mut Timings,
) -> Result<()> {
    if !groups::available(ctx, by) {
        return Ok(());
    }
    let figures = timings.time("metrics: figures per group", || {
        groups::compute(ctx, by, &report.metrics)
    })?;
    report.group_by = Some(by.name());
    report.groups = Some(figures);
    Ok(())
}

/// Every metric over a context built once (`analyze` reuses it for the
/// enriched tables).
pub fn compute_in(ctx: &Context<'_>, timings: &mut Timings) -> Result<MetricsReport> {
    let (inputs, params) = (ctx.inputs, ctx.params);
    type Discipline = fn(&Context<'_>) -> Result<Vec<MetricResult>>;
    let disciplines: [(&str, Discipline); 8] = [
        ("metrics: incident", incident::compute),
        ("metrics: problem", problem::compute),
        ("metrics: change", change::compute),
        ("metrics: service desk", desk::compute),
        ("metrics: knowledge", knowledge::compute),
        ("metrics: cmdb", cmdb::compute),
        ("metrics: sla", sla::compute),
        ("metrics: workforce", workforce::compute),
    ];
    let mut metrics = Vec::new();
    for (stage, discipline) in disciplines {
        metrics.extend(timings.time(stage, || discipline(ctx))?);
        crate::freed_memory::return_to_system();
    }
    timings.time("metrics: monthly rates, counted together", || {
        ctx.batch.resolve(ctx, &mut metrics)
    })?;
    crate::freed_memory::return_to_system();
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
        group_by: None,
        groups: None,
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
