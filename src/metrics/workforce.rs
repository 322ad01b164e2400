//! Workforce and ways of working: resolver churn, concentration of
//! resolutions in few people, and reactive against planned work.

use super::context::{Context, at, count_column, internal};
use super::resolution::{NO_RESOLUTION, resolution};
use super::result::{MetricResult, Unit};
use super::series::count_where;
use super::series::counts_most_first;
use crate::canonical::TableKind;
use crate::error::Result;
use polars::prelude::*;

const NO_RESOLVER: &str = "the incidents export has no resolver column";

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    Ok(vec![churn(ctx)?, concentration(ctx)?, reactive_share(ctx)?])
}

/// Resolvers active in the window's first fourth and absent from its last
/// fourth, over resolvers active in the first fourth.
fn churn(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "workforce.resolver_churn";
    let Some(all) = ctx.all_incidents() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        ));
    };
    let Some(res) = resolution(ctx)? else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLUTION,
        ));
    };
    if !ctx.has_ticket_field("resolver") {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLVER,
        ));
    }
    let w = ctx.window;
    let quarter = (w.to - w.from) / 4;
    let active_in = |from: i64, to: i64| {
        all.clone()
            .filter(
                res.resolved
                    .clone()
                    .and(col("resolver").is_not_null())
                    .and(res.time.clone().gt_eq(at(from)))
                    .and(res.time.clone().lt_eq(at(to))),
            )
            .select([col("resolver")])
            .unique(None, UniqueKeepStrategy::First)
    };
    let first = active_in(w.from, w.from + quarter);
    let last = active_in(w.to - quarter, w.to).with_column(lit(true).alias("still_active"));
    let (k, n) = count_where(
        first.join(
            last,
            [col("resolver")],
            [col("resolver")],
            JoinArgs::new(JoinType::Left),
        ),
        col("still_active").is_null(),
    )?;
    Ok(res.annotate(
        MetricResult::rate(
            ID,
            None,
            k,
            n,
            "no resolver was active in the first quarter of the window",
        )
        .with_note("a turnover proxy: absent from resolving is not proof of leaving"),
    ))
}

/// The share of resolutions done by the top ceil(R / 10) resolvers.
fn concentration(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "workforce.resolution_concentration";
    let Some(incidents) = ctx.incidents() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            &ctx.absent(TableKind::Incidents),
        ));
    };
    let Some(res) = resolution(ctx)? else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLUTION,
        ));
    };
    if !ctx.has_ticket_field("resolver") {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLVER,
        ));
    }
    let per_resolver = counts_most_first(
        incidents.filter(res.resolved.clone().and(col("resolver").is_not_null())),
        "resolver",
    )?;
    let counts: Vec<u64> = count_column(&per_resolver, "n")?.iter().flatten().collect();
    let resolvers = counts.len();
    let top = resolvers.div_ceil(10);
    let total: u64 = counts.iter().sum();
    let top_sum: u64 = counts.iter().take(top).sum();
    let r = MetricResult::share(
        ID,
        None,
        top_sum,
        total,
        "no resolved incident in the window names its resolver",
    );
    Ok(res.annotate(if r.is_ok() {
        r.with_note(format!(
            "the top {top} of {resolvers} resolvers; no interval: not a sample proportion"
        ))
    } else {
        r
    }))
}

/// Incidents over incidents plus changes opened in the window.
fn reactive_share(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "workforce.reactive_share";
    let (Some(incidents), Some(changes)) = (ctx.incidents(), ctx.changes()) else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "needs both an incidents and a changes export",
        ));
    };
    let count = |lf: LazyFrame| -> Result<u64> {
        let out = lf
            .select([len().cast(DataType::UInt64).alias("n")])
            .collect()
            .map_err(internal)?;
        Ok(out
            .column("n")
            .map_err(internal)?
            .u64()
            .map_err(internal)?
            .get(0)
            .unwrap_or(0))
    };
    let i = count(incidents)?;
    let c = count(changes)?;
    Ok(MetricResult::rate(
        ID,
        None,
        i,
        i + c,
        "no incidents or changes in the window",
    ))
}
