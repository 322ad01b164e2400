//! Service desk and self-service: self-service share, channel mix and
//! first-contact resolution.

use super::context::Context;
use super::resolution::{NO_RESOLUTION, resolution};
use super::result::{MetricResult, Unit};
use super::series::{RateSpec, monthly_rate};
use super::stats::Better;
use crate::canonical::TableKind;
use crate::error::Result;
use crate::ingest::values::CHANNELS;
use polars::prelude::*;

const NO_CHANNEL: &str = "the tickets export has no channel column";

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    let mut out = vec![self_service_share(ctx)?];
    out.extend(channel_mix(ctx)?);
    out.push(first_contact_resolution(ctx)?);
    Ok(out)
}

/// Tickets raised through self-service over tickets raised by people (every
/// channel but monitoring); incidents and requests both count.
fn self_service_share(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "desk.self_service_share";
    let Some(tickets) = ctx.tickets() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        ));
    };
    if !ctx.has_ticket_field("channel") {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_CHANNEL,
        ));
    }
    monthly_rate(
        tickets,
        RateSpec {
            id: ID,
            variant: None,
            denominator: col("channel")
                .is_not_null()
                .and(col("channel").neq(lit("monitoring"))),
            numerator: col("channel").eq(lit("self_service")),
            better: Some(Better::Higher),
            empty_reason: "no ticket in the window has a known channel other than monitoring",
        },
        ctx.params,
    )
}

/// The share of each channel among tickets with a known channel, per month.
fn channel_mix(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    const ID: &str = "desk.channel_mix";
    let Some(tickets) = ctx.tickets() else {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        )]);
    };
    if !ctx.has_ticket_field("channel") {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_CHANNEL,
        )]);
    }
    let mut out = Vec::new();
    for channel in CHANNELS {
        let mut r = monthly_rate(
            tickets.clone(),
            RateSpec {
                id: ID,
                variant: Some(channel),
                denominator: col("channel").is_not_null(),
                numerator: col("channel").eq(lit(*channel)),
                better: None,
                empty_reason: "no ticket in the window has a known channel",
            },
            ctx.params,
        )?;
        if !r.is_ok() {
            // The denominator is the same for every channel: one reason says it.
            r.variant = None;
            return Ok(vec![r]);
        }
        r.trend = None;
        if r.numerator.unwrap_or(0) > 0 {
            out.push(r);
        }
    }
    Ok(out)
}

fn first_contact_resolution(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "desk.first_contact_resolution";
    let Some(incidents) = ctx.incidents() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        ));
    };
    let Some(res) = resolution(ctx) else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLUTION,
        ));
    };
    for (field, what) in [
        ("reassignment_count", "reassignment count"),
        ("reopen_count", "reopen count"),
    ] {
        if !ctx.has_ticket_field(field) {
            return Ok(MetricResult::not_evaluable(
                ID,
                None,
                Unit::Ratio,
                &format!("the incidents export has no {what} column"),
            ));
        }
    }
    let r = monthly_rate(
        incidents,
        RateSpec {
            id: ID,
            variant: None,
            denominator: res
                .resolved
                .clone()
                .and(col("reassignment_count").is_not_null())
                .and(col("reopen_count").is_not_null()),
            numerator: col("reassignment_count")
                .eq(lit(0i64))
                .and(col("reopen_count").eq(lit(0i64))),
            better: Some(Better::Higher),
            empty_reason: "no resolved incidents with both counts in the window",
        },
        ctx.params,
    )?;
    Ok(res.annotate(if r.is_ok() {
        r.with_note("a proxy: resolved without reassignment and without reopening")
    } else {
        r
    }))
}
