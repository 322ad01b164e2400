//! Knowledge management: how often resolutions use a knowledge article.

use super::batch::RateFrame;
use super::context::Context;
use super::resolution::{NO_RESOLUTION, resolution};
use super::result::{MetricResult, Unit};
use super::series::RateSpec;
use super::stats::Better;
use crate::canonical::TableKind;
use crate::error::Result;
use polars::prelude::*;

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    const ID: &str = "knowledge.use_rate";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[]) {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &reason,
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
    if !ctx.has_ticket_field("knowledge_used") {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "the incidents export has no knowledge-used column",
        )]);
    }
    let r = ctx.batch.rate(
        RateFrame::Incidents,
        RateSpec {
            id: ID,
            variant: None,
            denominator: res
                .resolved
                .clone()
                .and(col("knowledge_used").is_not_null()),
            numerator: col("knowledge_used"),
            better: Some(Better::Higher),
            empty_reason: "no resolved incidents with a knowledge flag in the window",
        },
    );
    Ok(vec![res.annotate(r)])
}
