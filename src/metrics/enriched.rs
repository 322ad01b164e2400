//! The canonical tables with the flags the metrics computed, for BI tools and
//! notebooks (`enriched/*.parquet` in a report folder), and the repeat count
//! per CI behind the Pareto chart.

use super::context::{Context, MONTH_INDEX, WindowOptions, count_column, internal, text_column};
use super::inputs::Inputs;
use super::params::Parameters;
use super::series::counts_most_first;
use super::shared;
use crate::canonical::added::with_added;
use crate::error::Result;
use polars::prelude::*;

#[derive(Debug, Default)]
pub struct Enriched {
    /// Tickets with `is_repeat`, `in_repeat_cluster`, `change_induced`.
    pub incidents: Option<DataFrame>,
    /// Changes with `completed`, `failed_explicit`, `inferred_failure`.
    pub changes: Option<DataFrame>,
    /// (CI, repeat incidents opened in the window), most first.
    pub repeats_by_ci: Vec<(String, u64)>,
}

pub fn enrich(inputs: &Inputs, params: &Parameters, window: &WindowOptions) -> Result<Enriched> {
    enrich_in(&Context::new(inputs, params, window)?)
}

/// `enrich` over a context already built (the one the metrics used), whose
/// flags the metrics have mostly computed already.
pub fn enrich_in(ctx: &Context<'_>) -> Result<Enriched> {
    let mut out = Enriched::default();
    if let Some(tickets) = ctx.tickets_table() {
        let is_incident = col("ticket_type").eq(lit("incident"));
        let flagged = shared::repeat_flagged(ctx)?;
        // The columns of the canonical table and the flags, not the
        // context's own helper columns.
        let frame = match &flagged {
            Some(f) => f.drop_many([MONTH_INDEX, "__key"]),
            None => tickets.frame.clone(),
        };
        let mut added = Vec::new();
        if let Some(clusters) = shared::clusters(ctx)? {
            // A membership test, not a join: a join would copy every column.
            let in_cluster = clusters
                .lazy()
                .filter(col("cluster"))
                .select([col("ci")])
                .collect()
                .map_err(internal)?;
            let cis = in_cluster
                .column("ci")
                .map_err(internal)?
                .as_materialized_series()
                .clone();
            added.push(
                col("ci")
                    .is_in(lit(cis).implode(false), false)
                    .fill_null(lit(false))
                    .and(is_incident.clone())
                    .and(ctx.in_window("opened_at"))
                    .alias("in_repeat_cluster"),
            );
        }
        added.push(
            col("caused_by_change")
                .is_not_null()
                .alias("change_induced"),
        );
        let incidents = with_added(frame, added).map_err(internal)?;
        if flagged.is_some() {
            out.repeats_by_ci = repeats_by_ci(ctx, &incidents)?;
        }
        out.incidents = Some(incidents);
    }
    if let Some(flagged) = shared::flagged_changes(ctx)? {
        let inferred = if flagged.inferred {
            col("failed_explicit").or(col("followed_by_incident"))
        } else {
            lit(NULL).cast(DataType::Boolean)
        };
        let frame = flagged
            .frame
            .lazy()
            .with_column(inferred.alias("inferred_failure"))
            .collect()
            .map_err(internal)?;
        let keep: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .filter(|n| {
                !n.starts_with("__") && n != "named_as_cause" && n != "followed_by_incident"
            })
            .collect();
        out.changes = Some(frame.select(keep).map_err(internal)?);
    }
    Ok(out)
}

/// Repeat incidents opened in the window per CI, most first, from the flagged
/// table (flagged once, so the repeat search is not run a second time).
fn repeats_by_ci(ctx: &Context<'_>, incidents: &DataFrame) -> Result<Vec<(String, u64)>> {
    let repeats = incidents
        .clone()
        .lazy()
        .filter(ctx.in_window("opened_at").and(col("is_repeat")));
    let per_ci = counts_most_first(repeats, "ci")?;
    let cis = text_column(&per_ci, "ci")?;
    let ns = count_column(&per_ci, "n")?;
    Ok(cis
        .iter()
        .zip(ns.iter())
        .filter_map(|(c, n)| Some((c?.to_string(), n?)))
        .collect())
}
