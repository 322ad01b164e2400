//! Incident management: volume, resolution time, reopen and ping-pong rates,
//! repeat incidents, major-incident share and aged backlog.

use super::batch::RateFrame;
use super::context::{Context, MONTH_INDEX, MS_PER_DAY, MS_PER_HOUR, at, internal, month_label};
use super::labels::label_matches;
use super::params::RepeatKey;
use super::resolution::{NO_RESOLUTION, resolution};
use super::result::{MetricResult, MonthPoint, Unit};
use super::series::RateSpec;
use super::stats::{Better, median_interval};
use crate::canonical::TableKind;
use crate::error::{Error, Result};
use polars::prelude::*;

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    let mut out = vec![volume(ctx)?];
    out.extend(mttr(ctx)?);
    out.push(reopen_rate(ctx)?);
    out.push(reassignment_rate(ctx)?);
    out.push(repeat_rate(ctx)?);
    out.push(major_share(ctx)?);
    out.push(aged_backlog(ctx)?);
    Ok(out)
}

fn volume(ctx: &Context<'_>) -> Result<MetricResult> {
    if ctx.incidents().is_none() {
        return Ok(MetricResult::not_evaluable(
            "incident.volume",
            None,
            Unit::Count,
            &ctx.absent(TableKind::Incidents),
        ));
    }
    Ok(ctx.batch.volume(RateFrame::Incidents, "incident.volume"))
}

/// Median and p90 of hours from opened to resolved, overall and per priority.
fn mttr(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    const ID: &str = "incident.mttr_hours";
    let (Some(incidents), Some(res)) = (ctx.incidents(), resolution(ctx)?) else {
        let reason = if ctx.tickets_table().is_none() {
            &ctx.absent(TableKind::Incidents)
        } else {
            NO_RESOLUTION
        };
        // Every variant is listed, so that the set of results does not
        // depend on the data.
        return Ok(mttr_variants()
            .iter()
            .map(|v| MetricResult::not_evaluable(ID, Some(v), Unit::Hours, reason))
            .collect());
    };
    let hours = (res.time.clone().cast(DataType::Int64) - col("opened_at").cast(DataType::Int64))
        .cast(DataType::Float64)
        / lit(MS_PER_HOUR);
    let durations = incidents
        .filter(res.resolved.clone())
        .select([hours.alias("h"), col("priority"), col(MONTH_INDEX)])
        .collect()
        .map_err(internal)?;
    let valid = durations.clone().lazy().filter(col("h").gt_eq(lit(0.0)));
    let quantiles = || {
        [
            col("h")
                .quantile(lit(0.5), QuantileMethod::Linear)
                .alias("median"),
            col("h")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
            col("h").count().cast(DataType::UInt64).alias("n"),
        ]
    };
    // Overall, per priority, per month and the negative durations: one
    // collection over the resolved incidents' durations.
    let plans = vec![
        valid.clone().select(quantiles()).logical_plan,
        valid
            .clone()
            .group_by([col("priority")])
            .agg(quantiles())
            .logical_plan,
        valid
            .group_by([col(MONTH_INDEX).alias("index")])
            .agg([
                col("h")
                    .quantile(lit(0.5), QuantileMethod::Linear)
                    .alias("median"),
                col("h").count().cast(DataType::UInt64).alias("n"),
            ])
            .sort(["index"], SortMultipleOptions::default())
            .logical_plan,
        durations
            .clone()
            .lazy()
            .filter(col("h").lt(lit(0.0)))
            .select([len().cast(DataType::UInt64).alias("n")])
            .logical_plan,
    ];
    let [overall, by_priority, monthly, negative]: [DataFrame; 4] =
        LazyFrame::collect_all_with_engine(plans, Engine::InMemory, OptFlags::default())
            .map_err(internal)?
            .try_into()
            .map_err(|_| Error::Internal("resolution time: a query gave no result".into()))?;
    let negative = u64_at(&negative, "n", 0)?.unwrap_or(0);
    let mut notes = Vec::new();
    if let Some(n) = &res.note {
        notes.push(n.clone());
    }
    if negative > 0 {
        notes.push(format!(
            "{negative} incidents resolved before they were opened are left out"
        ));
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    let mut out = Vec::new();
    push_quantiles(&mut out, &overall, Some(0), None, note.as_deref())?;
    if let Some(median) = out.first_mut().filter(|m| m.is_ok()) {
        median.by_month = monthly_medians(&monthly, ctx.params.min_sample)?;
        if let Some((low, high)) = median_interval(&sorted_hours(&durations)?) {
            median.ci_low = Some(low);
            median.ci_high = Some(high);
        }
    }
    let has_priority = ctx.has_ticket_field("priority");
    let priorities = by_priority
        .column("priority")
        .map_err(internal)?
        .i32()
        .map_err(internal)?
        .clone();
    for p in 1..=5i32 {
        if !has_priority {
            for q in ["median", "p90"] {
                out.push(MetricResult::not_evaluable(
                    ID,
                    Some(&format!("{q}/P{p}")),
                    Unit::Hours,
                    "the incidents export has no priority column",
                ));
            }
            continue;
        }
        let row = priorities.iter().position(|v| v == Some(p));
        push_quantiles(&mut out, &by_priority, row, Some(p), note.as_deref())?;
    }
    Ok(out)
}

/// The non-negative durations, sorted.
fn sorted_hours(durations: &DataFrame) -> Result<Vec<f64>> {
    let mut hours: Vec<f64> = durations
        .column("h")
        .map_err(internal)?
        .f64()
        .map_err(internal)?
        .iter()
        .flatten()
        .filter(|h| *h >= 0.0)
        .collect();
    hours.sort_by(f64::total_cmp);
    Ok(hours)
}

fn u64_at(frame: &DataFrame, column: &str, row: usize) -> Result<Option<u64>> {
    Ok(frame
        .column(column)
        .map_err(internal)?
        .u64()
        .map_err(internal)?
        .get(row))
}

/// The monthly medians of a grouped result (month index, median, n).
fn monthly_medians(out: &DataFrame, min_sample: u64) -> Result<Vec<MonthPoint>> {
    let months = out
        .column("index")
        .map_err(internal)?
        .i64()
        .map_err(internal)?
        .clone();
    let medians = out
        .column("median")
        .map_err(internal)?
        .f64()
        .map_err(internal)?
        .clone();
    let ns = out
        .column("n")
        .map_err(internal)?
        .u64()
        .map_err(internal)?
        .clone();
    Ok((0..out.height())
        .filter_map(|i| {
            let n = ns.get(i).unwrap_or(0);
            Some(MonthPoint {
                month: month_label(months.get(i)?),
                value: medians.get(i),
                numerator: None,
                denominator: Some(n),
                thin: n < min_sample,
            })
        })
        .collect())
}

/// `median`, `p90`, then `median/P1`, `p90/P1` .. `p90/P5`.
fn mttr_variants() -> Vec<String> {
    let mut out = vec!["median".to_string(), "p90".to_string()];
    for p in 1..=5 {
        for q in ["median", "p90"] {
            out.push(format!("{q}/P{p}"));
        }
    }
    out
}

/// The median and p90 of `row` of `stats` (none: no such incidents).
fn push_quantiles(
    out: &mut Vec<MetricResult>,
    stats: &DataFrame,
    row: Option<usize>,
    priority: Option<i32>,
    note: Option<&str>,
) -> Result<()> {
    let n = match row {
        Some(r) => u64_at(stats, "n", r)?.unwrap_or(0),
        None => 0,
    };
    for q in ["median", "p90"] {
        let value = match row {
            Some(r) => stats
                .column(q)
                .map_err(internal)?
                .f64()
                .map_err(internal)?
                .get(r),
            None => None,
        };
        let variant = match priority {
            Some(p) => format!("{q}/P{p}"),
            None => q.to_string(),
        };
        let reason = match priority {
            Some(p) => format!("no resolved priority-{p} incidents"),
            None => "no resolved incidents in the window".to_string(),
        };
        let mut r = MetricResult::hours("incident.mttr_hours", Some(&variant), value, n, &reason);
        if let (true, Some(note)) = (r.is_ok(), note) {
            r = r.with_note(note);
        }
        out.push(r);
    }
    Ok(())
}

fn reopen_rate(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "incident.reopen_rate";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let has_count = ctx.has_ticket_field("reopen_count");
    let has_state = ctx.has_ticket_field("state");
    let Some(res) = resolution(ctx)? else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            NO_RESOLUTION,
        ));
    };
    if !has_count {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Ratio,
            "the incidents export has no reopen count column",
        ));
    }
    let reopened_state = match (has_state, ctx.tickets_table()) {
        (true, Some(table)) => label_matches(&table.frame, "state", |s| {
            s.to_lowercase().contains("reopen")
        })?,
        _ => lit(false),
    };
    let spec = RateSpec {
        id: ID,
        variant: None,
        denominator: res.resolved.and(col("reopen_count").is_not_null()),
        numerator: col("reopen_count").gt(lit(0i64)).or(reopened_state),
        better: Some(Better::Lower),
        empty_reason: "no resolved incidents with a reopen count in the window",
    };
    let r = ctx.batch.rate(RateFrame::Incidents, spec);
    Ok(match res.note {
        Some(n) if r.is_ok() => r.with_note(n),
        _ => r,
    })
}

fn reassignment_rate(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "incident.reassignment_rate";
    if let Some(reason) = ctx.lacks(
        TableKind::Incidents,
        &[("reassignment_count", "reassignment count")],
    ) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let k = ctx.params.reassignment_threshold as i64;
    let spec = RateSpec {
        id: ID,
        variant: None,
        denominator: col("reassignment_count").is_not_null(),
        numerator: col("reassignment_count").gt_eq(lit(k)),
        better: Some(Better::Lower),
        empty_reason: "no incidents with a reassignment count in the window",
    };
    Ok(ctx.batch.rate(RateFrame::Incidents, spec))
}

/// An incident repeats when an incident on the same key was opened strictly
/// earlier, at most W days before it. Earlier incidents outside the window count
/// as history; only incidents in the window are counted.
fn repeat_rate(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "incident.repeat_rate";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[("ci", "CI")]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    if ctx.params.repeat_key == RepeatKey::CiCategory && !ctx.has_ticket_field("category") {
        return Ok(MetricResult::not_evaluable(
            ID,
            Some("ci+category"),
            Unit::Ratio,
            "the incidents export has no category column for --repeat-key ci+category",
        ));
    }
    let variant = match ctx.params.repeat_key {
        RepeatKey::Ci => None,
        RepeatKey::CiCategory => Some("ci+category"),
    };
    let spec = RateSpec {
        id: ID,
        variant,
        denominator: col("__key").is_not_null(),
        numerator: col("is_repeat"),
        better: Some(Better::Lower),
        empty_reason: "no incident in the window names a CI",
    };
    Ok(ctx.batch.rate(RateFrame::Incidents, spec))
}

fn major_share(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "incident.major_share";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[("priority", "priority")]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let spec = RateSpec {
        id: ID,
        variant: None,
        denominator: col("priority").is_not_null(),
        numerator: col("priority").eq(lit(1i32)),
        better: Some(Better::Lower),
        empty_reason: "no incidents with a known priority in the window",
    };
    Ok(ctx.batch.rate(RateFrame::Incidents, spec))
}

/// Incidents open at the as-of date (opened by then, neither resolved nor
/// closed by then) and opened more than A days before it.
fn aged_backlog(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "incident.aged_backlog";
    let Some(all) = ctx.all_incidents() else {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Count,
            &ctx.absent(TableKind::Incidents),
        ));
    };
    let has_resolved = ctx.has_ticket_field("resolved_at");
    let has_closed = ctx.has_ticket_field("closed_at");
    if !has_resolved && !has_closed {
        return Ok(MetricResult::not_evaluable(
            ID,
            None,
            Unit::Count,
            NO_RESOLUTION,
        ));
    }
    let as_of = ctx.window.as_of;
    let still_open = |field: &str, present: bool| {
        if present {
            col(field).is_null().or(col(field).gt(at(as_of)))
        } else {
            lit(true)
        }
    };
    let cutoff = as_of - ctx.params.aged_backlog_days as i64 * MS_PER_DAY;
    let aged = all
        .filter(
            col("opened_at")
                .lt(at(cutoff))
                .and(still_open("resolved_at", has_resolved))
                .and(still_open("closed_at", has_closed)),
        )
        .select([len().cast(DataType::UInt64).alias("n")])
        .collect()
        .map_err(internal)?;
    let n = aged
        .column("n")
        .map_err(internal)?
        .u64()
        .map_err(internal)?
        .get(0)
        .unwrap_or(0);
    Ok(MetricResult::count(ID, None, n))
}
