//! Problem management: are repeat clusters linked to problem records, and how
//! many incidents link to a problem at all.

use super::batch::RateFrame;
use super::context::{Context, MS_PER_DAY};
use super::result::{MetricResult, Unit};
use super::series::{RateSpec, count_where};
use super::shared;
use super::stats::Better;
use super::text_order::grouped_by_label_then;
use crate::canonical::TableKind;
use crate::error::Result;
use polars::prelude::*;

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    Ok(vec![clusters_addressed(ctx)?, incident_link_rate(ctx)?])
}

/// A repeat cluster is a CI with at least m incidents in the window inside some
/// span of W2 days (counted once per CI). It is addressed when one of the CI's
/// incidents in the window links to a problem record.
fn clusters_addressed(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "problem.repeat_clusters_addressed";
    if ctx.incidents().is_none() {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        ));
    }
    for (field, what) in [("ci", "CI"), ("problem_id", "problem reference")] {
        if !ctx.has_ticket_field(field) {
            return Ok(MetricResult::not_evaluable(
                ID,
                None,
                Unit::Ratio,
                &format!("the incidents export has no {what} column"),
            ));
        }
    }
    let Some(clusters) = shared::clusters(ctx)? else {
        return Err(crate::error::Error::Internal(
            "repeat clusters missing for incidents with a CI column".into(),
        ));
    };
    let clusters = clusters.lazy().filter(col("cluster"));
    let (k, n) = count_where(clusters, col("linked"))?;
    Ok(MetricResult::rate(
        ID,
        None,
        k,
        n,
        "no repeat clusters in the window",
    ))
}

/// One row per CI named by `incidents`: `cluster` when at least m of its
/// incidents fall inside some span of W2 days, `linked` when any names a problem.
pub(crate) fn cluster_flags(incidents: LazyFrame, size: u32, span_days: u32) -> Result<LazyFrame> {
    let m = size.max(1) as i64;
    let span = span_days as i64 * MS_PER_DAY;
    // Sorted by CI and time, the incident m-1 rows up is the same CI's
    // (m-1)th before when it names the same CI.
    let earlier = when(col("ci").eq(col("ci").shift(lit(m - 1))))
        .then(col("opened_at").cast(DataType::Int64).shift(lit(m - 1)))
        .otherwise(lit(NULL).cast(DataType::Int64));
    let named = incidents
        .select([col("ci"), col("opened_at"), col("problem_id")])
        .filter(col("ci").is_not_null());
    // Which CI comes first does not matter, only that each CI's incidents
    // are together in time order.
    Ok(grouped_by_label_then(named, "ci", "opened_at")
        .with_column(
            (col("opened_at").cast(DataType::Int64) - earlier)
                .lt_eq(lit(span))
                .fill_null(lit(false))
                .alias("closes_cluster"),
        )
        .group_by([col("ci")])
        .agg([
            col("closes_cluster").any(true).alias("cluster"),
            col("problem_id").is_not_null().any(true).alias("linked"),
        ]))
}

fn incident_link_rate(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "problem.incident_link_rate";
    if ctx.incidents().is_none() {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        ));
    }
    if !ctx.has_ticket_field("problem_id") {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "the incidents export has no problem reference column",
        ));
    }
    let spec = RateSpec {
        id: ID,
        variant: None,
        denominator: lit(true),
        numerator: col("problem_id").is_not_null(),
        better: Some(Better::Higher),
        empty_reason: "no incidents in the window",
    };
    Ok(ctx.batch.rate(RateFrame::Incidents, spec))
}
