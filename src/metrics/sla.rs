//! Service level management: SLA attainment, from the export's SLA flag or,
//! where it has none, from resolution targets per priority.

use super::batch::RateFrame;
use super::context::{Context, MS_PER_HOUR};
use super::resolution::{NO_RESOLUTION, resolution};
use super::result::{MetricResult, Unit};
use super::series::RateSpec;
use super::stats::Better;
use crate::canonical::TableKind;
use crate::error::Result;
use polars::prelude::*;

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    const ID: &str = "sla.attainment";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[]) {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &reason,
        )]);
    }
    if ctx.has_ticket_field("sla_met") {
        return Ok(vec![ctx.batch.rate(
            RateFrame::Incidents,
            RateSpec {
                id: ID,
                variant: None,
                denominator: col("sla_met").is_not_null(),
                numerator: col("sla_met"),
                better: Some(Better::Higher),
                empty_reason: "no incidents with a known SLA result in the window",
            },
        )]);
    }
    let Some(res) = resolution(ctx)? else {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLUTION,
        )]);
    };
    if !ctx.has_ticket_field("priority") {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "the incidents export has neither an SLA column nor a priority to derive one",
        )]);
    }
    let targets = ctx.params.sla_target_hours;
    let target = (1..=5)
        .rev()
        .fold(lit(NULL).cast(DataType::Float64), |acc, p| {
            when(col("priority").eq(lit(p as i32)))
                .then(lit(targets[p - 1]))
                .otherwise(acc)
        });
    let hours = (res.time.clone().cast(DataType::Int64) - col("opened_at").cast(DataType::Int64))
        .cast(DataType::Float64)
        / lit(MS_PER_HOUR);
    let r = ctx.batch.rate(
        RateFrame::Incidents,
        RateSpec {
            id: ID,
            variant: None,
            denominator: res
                .resolved
                .clone()
                .and(col("priority").is_not_null())
                .and(hours.clone().gt_eq(lit(0.0))),
            numerator: hours.lt_eq(target),
            better: Some(Better::Higher),
            empty_reason: "no resolved incidents with a priority in the window",
        },
    );
    let note = format!(
        "derived: resolved within the target for its priority (P1..P5: {} h); the export has no SLA column",
        targets.map(|t| t.to_string()).join(", ")
    );
    Ok(vec![res.annotate(if r.is_ok() {
        r.with_note(note)
    } else {
        r
    })])
}
