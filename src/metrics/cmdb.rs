//! Service configuration management: CI coverage of tickets and changes,
//! referential integrity, completeness and staleness of the CMDB.

use super::batch::RateFrame;
use super::context::{Context, MS_PER_DAY, at, internal};
use super::labels::label_matches;
use super::result::{MetricResult, Unit};
use super::series::{RateSpec, count_where};
use super::stats::Better;
use crate::canonical::{TableKind, label_dtype};
use crate::error::Result;
use polars::prelude::*;

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    Ok(vec![
        incident_coverage(ctx)?,
        change_coverage(ctx)?,
        referential_integrity(ctx)?,
        completeness(ctx)?,
        stale_share(ctx)?,
    ])
}

fn incident_coverage(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "cmdb.incident_ci_coverage";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[("ci", "CI")]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    Ok(ctx.batch.rate(
        RateFrame::Incidents,
        RateSpec {
            id: ID,
            variant: None,
            denominator: lit(true),
            numerator: col("ci").is_not_null(),
            better: Some(Better::Higher),
            empty_reason: "no incidents in the window",
        },
    ))
}

fn change_coverage(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "cmdb.change_ci_coverage";
    if let Some(reason) = ctx.lacks(TableKind::Changes, &[("ci", "CI")]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    Ok(ctx.batch.rate(
        RateFrame::Changes,
        RateSpec {
            id: ID,
            variant: None,
            denominator: lit(true),
            numerator: col("ci").is_not_null(),
            better: Some(Better::Higher),
            empty_reason: "no changes in the window",
        },
    ))
}

/// Distinct CIs named by incidents or changes in the window that the CMDB
/// export holds (by name or sys_id) over distinct CIs named.
fn referential_integrity(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "cmdb.referential_integrity";
    let Some(cis) = ctx.cis() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Cis),
        ));
    };
    let mut referenced: Vec<LazyFrame> = Vec::new();
    if let (Some(incidents), true) = (ctx.incidents(), ctx.has_ticket_field("ci")) {
        referenced.push(incidents.select([col("ci")]));
    }
    if let (Some(changes), true) = (ctx.changes(), ctx.has_change_field("ci")) {
        referenced.push(changes.select([col("ci")]));
    }
    if referenced.is_empty() {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "no incidents or changes export names a CI",
        ));
    }
    let named = concat(referenced, UnionArgs::default())
        .map_err(internal)?
        .filter(col("ci").is_not_null())
        .unique(None, UniqueKeepStrategy::First);
    // Tickets and changes hold CIs as labels: the CMDB's names and ids are
    // made labels too (few against the tickets), so the join is by number.
    let mut known = vec![
        cis.clone()
            .select([col("id").cast(label_dtype()).alias("ci")]),
    ];
    if ctx.has_ci_field("sys_id") {
        known.push(cis.select([col("sys_id").cast(label_dtype()).alias("ci")]));
    }
    let known = concat(known, UnionArgs::default())
        .map_err(internal)?
        .filter(col("ci").is_not_null())
        .unique(None, UniqueKeepStrategy::First)
        .with_column(lit(true).alias("in_cmdb"));
    let (k, n) = count_where(
        named.join(
            known,
            [col("ci")],
            [col("ci")],
            JoinArgs::new(JoinType::Left),
        ),
        col("in_cmdb"),
    )?;
    Ok(MetricResult::rate(
        ID,
        None,
        k,
        n,
        "no CI is named in the window",
    ))
}

/// CIs with class, status, owner and support group all present over CIs.
fn completeness(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "cmdb.completeness";
    let Some(cis) = ctx.cis() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Cis),
        ));
    };
    let fields = ["class", "status", "owner", "support_group"];
    let missing: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|f| !ctx.has_ci_field(f))
        .collect();
    if !missing.is_empty() {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &format!("the CMDB export has no column for {}", missing.join(", ")),
        ));
    }
    let complete = fields
        .iter()
        .map(|f| col(*f).is_not_null())
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(false));
    let (k, n) = count_where(cis, complete)?;
    Ok(MetricResult::rate(
        ID,
        None,
        k,
        n,
        "the CMDB export has no CIs",
    ))
}

/// Operational CIs whose last update or discovery is more than S days before
/// the as-of date (or unknown) over operational CIs.
fn stale_share(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "cmdb.stale_share";
    let Some(cis) = ctx.cis() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Cis),
        ));
    };
    let frame = ctx.inputs.cis.as_ref().map(|t| &t.frame);
    let operational = if let (true, Some(frame)) = (ctx.has_ci_field("status"), frame) {
        label_matches(frame, "status", |s| {
            s.trim().to_lowercase() == "operational"
        })?
    } else if let (true, Some(frame)) = (ctx.has_ci_field("install_status"), frame) {
        label_matches(frame, "install_status", |s| {
            ["installed", "in use", "in production"].contains(&s.to_lowercase().as_str())
        })?
    } else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "the CMDB export has no status column",
        ));
    };
    let seen = match (
        ctx.has_ci_field("updated_at"),
        ctx.has_ci_field("discovered_at"),
    ) {
        (true, true) => when(
            col("discovered_at")
                .is_null()
                .or(col("updated_at").gt_eq(col("discovered_at"))),
        )
        .then(col("updated_at"))
        .otherwise(col("discovered_at")),
        (true, false) => col("updated_at"),
        (false, true) => col("discovered_at"),
        (false, false) => {
            return Ok(MetricResult::not_evaluable(
                ID,
                None,
                Unit::Ratio,
                "the CMDB export has no update or discovery time",
            ));
        }
    };
    let cutoff = ctx.window.as_of - ctx.params.stale_days as i64 * MS_PER_DAY;
    let stale = seen.clone().is_null().or(seen.lt(at(cutoff)));
    let (k, n) = count_where(cis.filter(operational.fill_null(lit(false))), stale)?;
    Ok(MetricResult::rate(
        ID,
        None,
        k,
        n,
        "the CMDB export has no operational CIs",
    ))
}
