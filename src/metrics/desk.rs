//! Service desk and self-service: self-service share, channel mix and
//! first-contact resolution.

use super::batch::RateFrame;
use super::context::{
    Context, MONTH_INDEX, count_column, index_column, internal, month_label, text_column,
};
use super::resolution::{NO_RESOLUTION, resolution};
use super::result::{MetricResult, Unit};
use super::series::{RateSpec, points};
use super::stats::Better;
use super::trend::MonthCount;
use crate::canonical::TableKind;
use crate::error::Result;
use crate::ingest::values::CHANNELS;
use polars::prelude::*;
use std::collections::BTreeMap;

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
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    if !ctx.has_ticket_field("channel") {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_CHANNEL,
        ));
    }
    Ok(ctx.batch.rate(
        RateFrame::Tickets,
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
    ))
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
    // One query: tickets with a known channel per month and channel.
    let counts = tickets
        .filter(
            col("channel")
                .is_not_null()
                .and(col(MONTH_INDEX).is_not_null()),
        )
        .group_by([col(MONTH_INDEX), col("channel")])
        .agg([len().cast(DataType::UInt64).alias("k")])
        .collect_with_engine(Engine::Streaming)
        .map_err(internal)?
        .unwrap_single();
    let index = index_column(&counts, MONTH_INDEX)?;
    let channels = text_column(&counts, "channel")?;
    let ks = count_column(&counts, "k")?;
    // month index -> (month, known-channel tickets, tickets per channel)
    let mut by_month: BTreeMap<i64, (String, u64, BTreeMap<String, u64>)> = BTreeMap::new();
    for r in 0..counts.height() {
        let (Some(i), Some(c), Some(k)) = (index.get(r), channels.get(r), ks.get(r)) else {
            continue;
        };
        let entry = by_month
            .entry(i)
            .or_insert_with(|| (month_label(i), 0, BTreeMap::new()));
        entry.1 += k;
        *entry.2.entry(c.to_string()).or_default() += k;
    }
    let total: u64 = by_month.values().map(|(_, n, _)| n).sum();
    if total == 0 {
        return Ok(vec![MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "no ticket in the window has a known channel",
        )]);
    }
    let mut out = Vec::new();
    for channel in CHANNELS {
        let series: Vec<(i64, MonthCount)> = by_month
            .iter()
            .map(|(i, (m, n, per))| {
                (
                    *i,
                    MonthCount {
                        month: m.clone(),
                        numerator: per.get(*channel).copied().unwrap_or(0),
                        denominator: *n,
                    },
                )
            })
            .collect();
        let k: u64 = series.iter().map(|(_, m)| m.numerator).sum();
        if k == 0 {
            continue;
        }
        let mut r = MetricResult::rate(ID, Some(channel), k, total, "");
        r.by_month = points(&series, ctx.params.min_sample);
        out.push(r);
    }
    Ok(out)
}

fn first_contact_resolution(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "desk.first_contact_resolution";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let Some(res) = resolution(ctx)? else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLUTION,
        ));
    };
    let counts = [
        ("reassignment_count", "reassignment count"),
        ("reopen_count", "reopen count"),
    ];
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &counts) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let r = ctx.batch.rate(
        RateFrame::Incidents,
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
    );
    Ok(res.annotate(if r.is_ok() {
        r.with_note("a proxy: resolved without reassignment and without reopening")
    } else {
        r
    }))
}
