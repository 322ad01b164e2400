//! Median resolution time per group, with its distribution-free interval.
//! Whether a group is slower or faster than the organisation beyond chance
//! is a sign test on the same funnel: the share of its incidents resolved
//! slower than the organisation's median, against the organisation's share
//! (one half, less ties).

use super::super::context::{Context, MS_PER_HOUR, internal};
use super::super::resolution::resolution;
use super::super::stats::{median_interval, quantile_sorted};
use super::super::text_order::sorted_by_text_then;
use super::{GroupField, GroupMetric, Parts, group_texts};
use crate::error::Result;
use polars::prelude::*;

/// Resolved incidents' hours (non-negative) and group, sorted by group and hours.
pub fn plan(ctx: &Context<'_>, by: GroupField) -> Result<Option<DslPlan>> {
    let (Some(incidents), Some(res)) = (ctx.incidents(), resolution(ctx)?) else {
        return Ok(None);
    };
    let hours = (res.time.cast(DataType::Int64) - col("opened_at").cast(DataType::Int64))
        .cast(DataType::Float64)
        / lit(MS_PER_HOUR);
    let durations = incidents
        .filter(res.resolved)
        .select([
            col(by.name()).cast(DataType::String).alias("group"),
            hours.alias("h"),
        ])
        .filter(col("h").gt_eq(lit(0.0)));
    Ok(Some(
        sorted_by_text_then(durations, "group", "h", &["h"]).logical_plan,
    ))
}

/// The median per group of the sorted durations.
pub fn read(
    frame: &DataFrame,
    overall_median: f64,
    min_sample: u64,
) -> Result<Vec<(Option<String>, GroupMetric)>> {
    let runs = group_runs(frame)?;
    let hours: Vec<f64> = frame
        .column("h")
        .map_err(internal)?
        .f64()
        .map_err(internal)?
        .iter()
        .map(|h| h.unwrap_or(0.0))
        .collect();
    let slower = |values: &[f64]| values.iter().filter(|h| **h > overall_median).count() as u64;
    let total = hours.len() as u64;
    if total == 0 {
        return Ok(Vec::new());
    }
    let share_slower = slower(&hours) as f64 / total as f64;
    let mut figures = Vec::new();
    for (i, (start, group)) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(hours.len(), |(next, _)| *next);
        let values = &hours[*start..end];
        let n = values.len() as u64;
        let parts = Parts {
            id: "incident.mttr_hours".into(),
            variant: Some("median".into()),
            value: quantile_sorted(values, 0.5),
            numerator: None,
            n,
            interval: median_interval(values),
            test: (slower(values), n, share_slower),
        };
        figures.push((group.clone(), GroupMetric::judged(parts, min_sample)));
    }
    Ok(figures)
}

/// Where each group's rows start in the sorted frame, with the group's
/// name: found by comparing each row's group with the row before, so that
/// only one name per group is made.
fn group_runs(frame: &DataFrame) -> Result<Vec<(usize, Option<String>)>> {
    if frame.height() == 0 {
        return Ok(Vec::new());
    }
    let starts = frame
        .clone()
        .lazy()
        .select([col("group")
            .neq_missing(col("group").shift(lit(1)))
            .alias("starts")])
        .collect()
        .map_err(internal)?;
    let starts = starts
        .column("starts")
        .map_err(internal)?
        .bool()
        .map_err(internal)?;
    let names = group_texts(frame)?;
    Ok(starts
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || *s == Some(true))
        .map(|(i, _)| (i, names.get(i).map(str::to_string)))
        .collect())
}
