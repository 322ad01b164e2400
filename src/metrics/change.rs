//! Change enablement: failure rate (explicit and inferred), emergency share,
//! change-induced incidents and lead time.

use super::batch::RateFrame;
use super::context::{Context, MS_PER_HOUR, WHEN, at, internal};
use super::result::{MetricResult, Unit};
use super::series::RateSpec;
use super::shared;
use super::stats::Better;
use crate::canonical::TableKind;
use crate::error::Result;
use polars::prelude::*;

const COMPLETED: [&str; 4] = [
    "successful",
    "successful_with_issues",
    "unsuccessful",
    "backed_out",
];
const FAILED: [&str; 2] = ["unsuccessful", "backed_out"];

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    let mut out = failure_rate(ctx)?;
    out.push(emergency_share(ctx)?);
    out = out
        .into_iter()
        .map(|r| match ctx.change_time_note() {
            Some(note) if r.is_ok() => r.add_note(note),
            _ => r,
        })
        .collect();
    out.push(induced_incident_share(ctx)?);
    out.extend(lead_time(ctx)?);
    Ok(out)
}

fn one_of(column: &str, values: &[&str]) -> Expr {
    let list = Series::new("values".into(), values);
    col(column)
        .is_in(lit(list).implode(false), false)
        .fill_null(lit(false))
}

/// The time a change ended: its implementation end, else its close.
fn end_time(ctx: &Context<'_>) -> Option<Expr> {
    match (
        ctx.has_change_field("actual_end"),
        ctx.has_change_field("closed_at"),
    ) {
        (true, true) => Some(coalesce(&[col("actual_end"), col("closed_at")])),
        (true, false) => Some(col("actual_end")),
        (false, true) => Some(col("closed_at")),
        (false, false) => None,
    }
}

/// A change is completed when its outcome says it was implemented, or, with no
/// outcome, when it ended by the as-of date. Cancelled changes are not.
fn completed(ctx: &Context<'_>, end: Option<&Expr>) -> Expr {
    let by_outcome = if ctx.has_change_field("outcome") {
        one_of("outcome", &COMPLETED)
    } else {
        lit(false)
    };
    let no_outcome = if ctx.has_change_field("outcome") {
        col("outcome")
            .is_null()
            .or(col("outcome").eq(lit("unknown")))
    } else {
        lit(true)
    };
    match end {
        Some(end) => by_outcome.or(no_outcome.and(
            end.clone()
                .lt_eq(at(ctx.window.as_of))
                .fill_null(lit(false)),
        )),
        None => by_outcome,
    }
}

/// Changes with the flags the failure rate counts: `completed`,
/// `failed_explicit` and, where the data allows, `followed_by_incident`.
pub(crate) struct FlaggedChanges {
    pub frame: LazyFrame,
    /// `followed_by_incident` is present.
    pub inferred: bool,
    pub note: Option<String>,
}

const NO_OUTCOME_OR_END: &str =
    "the changes export has neither an outcome (close code) nor an end time";
const CANNOT_INFER: &str =
    "needs changes with a CI and an end time, and incidents with a CI and a priority";

/// Flags `changes`; `None` when neither an outcome nor an end time says
/// whether a change was completed.
pub(crate) fn flag_changes(
    ctx: &Context<'_>,
    changes: LazyFrame,
) -> Result<Option<FlaggedChanges>> {
    let end = end_time(ctx);
    if !ctx.has_change_field("outcome") && end.is_none() {
        return Ok(None);
    }
    let caused = if ctx.has_ticket_field("caused_by_change") {
        ctx.tickets_table().map(|t| {
            t.frame
                .clone()
                .lazy()
                .filter(col("caused_by_change").is_not_null())
                .select([col("caused_by_change").alias("id")])
                .unique(None, UniqueKeepStrategy::First)
                .with_column(lit(true).alias("named_as_cause"))
        })
    } else {
        None
    };
    let note = caused.is_none().then(|| {
        "no incident names a causing change: explicit failures come from outcomes only".to_string()
    });
    let mut base = changes.with_column(completed(ctx, end.as_ref()).alias("completed"));
    base = match caused {
        Some(c) => base.join(c, [col("id")], [col("id")], JoinArgs::new(JoinType::Left)),
        None => base.with_column(lit(NULL).cast(DataType::Boolean).alias("named_as_cause")),
    };
    let outcome_failed = if ctx.has_change_field("outcome") {
        one_of("outcome", &FAILED)
    } else {
        lit(false)
    };
    base = base.with_column(
        outcome_failed
            .or(col("named_as_cause").fill_null(lit(false)))
            .alias("failed_explicit"),
    );
    match (end, ctx.all_incidents()) {
        (Some(end), Some(incidents))
            if ctx.has_change_field("ci")
                && ctx.has_ticket_field("ci")
                && ctx.has_ticket_field("priority") =>
        {
            Ok(Some(FlaggedChanges {
                frame: with_inferred_failures(ctx, base, end, incidents)?,
                inferred: true,
                note,
            }))
        }
        _ => Ok(Some(FlaggedChanges {
            frame: base,
            inferred: false,
            note,
        })),
    }
}

fn failure_rate(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    const ID: &str = "change.failure_rate";
    let not_evaluable = |reason: &str| -> Vec<MetricResult> {
        ["explicit", "inferred"]
            .iter()
            .map(|v| MetricResult::not_evaluable(ID, Some(v), Unit::Ratio, reason))
            .collect()
    };
    if ctx.changes().is_none() {
        return Ok(not_evaluable(&ctx.absent(TableKind::Changes)));
    }
    let Some(flagged) = shared::flagged_changes(ctx)? else {
        return Ok(not_evaluable(NO_OUTCOME_OR_END));
    };
    let in_window = flagged.frame.lazy().filter(ctx.in_window(WHEN));
    let spec = |variant, numerator| RateSpec {
        id: ID,
        variant: Some(variant),
        denominator: col("completed"),
        numerator,
        better: Some(Better::Lower),
        empty_reason: "no completed changes in the window",
    };
    let explicit = ctx.batch.rate(
        RateFrame::Own("flagged changes", Box::new(in_window.clone())),
        spec("explicit", col("failed_explicit")),
    );
    let explicit = match (&flagged.note, explicit.is_ok()) {
        (Some(n), true) => explicit.with_note(n.clone()),
        _ => explicit,
    };
    let inferred = if flagged.inferred {
        ctx.batch.rate(
            RateFrame::Own("flagged changes", Box::new(in_window)),
            spec(
                "inferred",
                col("failed_explicit").or(col("followed_by_incident")),
            ),
        )
    } else {
        MetricResult::not_evaluable(ID, Some("inferred"), Unit::Ratio, CANNOT_INFER)
    };
    Ok(vec![explicit, inferred])
}

/// Marks changes followed, within H hours of their end, by an incident of
/// priority p or higher on the same CI: a forward as-of join per CI.
fn with_inferred_failures(
    ctx: &Context<'_>,
    changes: LazyFrame,
    end: Expr,
    incidents: LazyFrame,
) -> Result<LazyFrame> {
    let p = ctx.params.change_inference_priority as i32;
    let hours = ctx.params.change_inference_hours;
    let left = changes
        .with_column(end.alias("__end"))
        .with_row_index("__change_row", None);
    let ended = left
        .clone()
        .filter(col("__end").is_not_null().and(col("ci").is_not_null()))
        .select([col("__change_row"), col("ci"), col("__end")])
        .sort(["__end"], SortMultipleOptions::default());
    let serious = incidents
        .filter(
            col("ci")
                .is_not_null()
                .and(col("priority").lt_eq(lit(p)))
                .and(col("opened_at").is_not_null()),
        )
        .select([col("ci"), col("opened_at").alias("__incident_at")])
        .sort(["__incident_at"], SortMultipleOptions::default());
    let matched = ended
        .join_builder()
        .with(serious)
        .left_on([col("__end")])
        .right_on([col("__incident_at")])
        .how(JoinType::AsOf(Box::new(AsOfOptions {
            strategy: AsofStrategy::Forward,
            tolerance_str: Some(format!("{hours}h").into()),
            left_by: Some(vec!["ci".into()]),
            right_by: Some(vec!["ci".into()]),
            allow_eq: true,
            check_sortedness: false,
            ..Default::default()
        })))
        .finish()
        .select([
            col("__change_row"),
            col("__incident_at")
                .is_not_null()
                .alias("followed_by_incident"),
        ]);
    Ok(left
        .join(
            matched,
            [col("__change_row")],
            [col("__change_row")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(col("followed_by_incident").fill_null(lit(false))))
}

fn emergency_share(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "change.emergency_share";
    if let Some(reason) = ctx.lacks(TableKind::Changes, &[("type", "type")]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    Ok(ctx.batch.rate(
        RateFrame::Changes,
        RateSpec {
            id: ID,
            variant: None,
            denominator: col("type").is_not_null(),
            numerator: col("type").eq(lit("emergency")),
            better: Some(Better::Lower),
            empty_reason: "no changes with a known type in the window",
        },
    ))
}

fn induced_incident_share(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "change.induced_incident_share";
    if let Some(reason) = ctx.lacks(
        TableKind::Incidents,
        &[("caused_by_change", "caused-by-change")],
    ) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    Ok(ctx.batch.rate(
        RateFrame::Incidents,
        RateSpec {
            id: ID,
            variant: None,
            denominator: lit(true),
            numerator: col("caused_by_change").is_not_null(),
            better: Some(Better::Lower),
            empty_reason: "no incidents in the window",
        },
    ))
}

fn lead_time(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    const ID: &str = "change.lead_time_hours";
    let variants = ["median", "p90"];
    let Some(changes) = ctx.changes() else {
        return Ok(variants
            .iter()
            .map(|v| {
                MetricResult::not_evaluable(
                    ID,
                    Some(v),
                    Unit::Hours,
                    &ctx.absent(TableKind::Changes),
                )
            })
            .collect());
    };
    let missing = match (
        ctx.has_change_field("opened_at"),
        ctx.has_change_field("actual_end"),
    ) {
        (true, true) => None,
        (false, true) => Some(
            "the changes export has no opened time (lead time runs from opened to implementation end)",
        ),
        (true, false) => Some("the changes export has no implementation end column"),
        (false, false) => {
            Some("the changes export has neither an opened time nor an implementation end")
        }
    };
    if let Some(reason) = missing {
        return Ok(variants
            .iter()
            .map(|v| MetricResult::not_evaluable(ID, Some(v), Unit::Hours, reason))
            .collect());
    }
    let hours = (col("actual_end").cast(DataType::Int64) - col("opened_at").cast(DataType::Int64))
        .cast(DataType::Float64)
        / lit(MS_PER_HOUR);
    let stats = changes
        .select([hours.alias("h")])
        .filter(col("h").gt_eq(lit(0.0)))
        .select([
            col("h")
                .quantile(lit(0.5), QuantileMethod::Linear)
                .alias("median"),
            col("h")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
            col("h").count().cast(DataType::UInt64).alias("n"),
        ])
        .collect()
        .map_err(internal)?;
    let n = stats
        .column("n")
        .map_err(internal)?
        .u64()
        .map_err(internal)?
        .get(0)
        .unwrap_or(0);
    variants
        .iter()
        .map(|v| {
            let value = stats
                .column(v)
                .map_err(internal)?
                .f64()
                .map_err(internal)?
                .get(0);
            Ok(MetricResult::hours(
                ID,
                Some(v),
                value,
                n,
                "no implemented changes in the window",
            ))
        })
        .collect()
}
