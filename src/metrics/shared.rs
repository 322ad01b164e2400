//! Flags that several figures need, computed once per run and kept: the
//! repeat flags of every ticket, the repeat clusters per CI, the flagged
//! changes. The organisation-wide metrics, the figures per team and the
//! enriched tables all read these, so each search runs once.

use super::change::{FlaggedChanges, flag_changes};
use super::context::{Context, internal};
use super::params::RepeatKey;
use super::problem::cluster_flags;
use super::repeats::repeat_flags;
use crate::error::Result;
use polars::prelude::*;
use std::cell::OnceCell;

/// The kept results; empty until first asked for.
#[derive(Default)]
pub struct Shared {
    repeats: OnceCell<Option<DataFrame>>,
    clusters: OnceCell<Option<DataFrame>>,
    changes: OnceCell<Option<Flagged>>,
}

/// Changes with their flags, materialised.
#[derive(Clone)]
pub struct Flagged {
    pub frame: DataFrame,
    /// `followed_by_incident` is present.
    pub inferred: bool,
    pub note: Option<String>,
}

/// The value of `cell`, made by `make` the first time.
fn kept<T: Clone>(cell: &OnceCell<T>, make: impl FnOnce() -> Result<T>) -> Result<T> {
    if let Some(v) = cell.get() {
        return Ok(v.clone());
    }
    let v = make()?;
    Ok(cell.get_or_init(|| v).clone())
}

/// Whether the tickets have a CI column, which repeats and clusters need.
fn names_cis(ctx: &Context<'_>) -> bool {
    ctx.has_ticket_field("ci")
}

/// The key incidents repeat on: the CI, with the category too when the
/// parameters ask for it and the export has one.
fn repeat_key(ctx: &Context<'_>) -> Expr {
    match ctx.params.repeat_key {
        RepeatKey::CiCategory if ctx.has_ticket_field("category") => concat_str(
            [col("ci"), col("category").fill_null(lit(""))],
            "\u{1f}",
            false,
        ),
        _ => col("ci"),
    }
}

/// Every ticket with `__key` (the repeat key, null on requests) and
/// `is_repeat`; `None` without tickets or without a CI column.
pub fn repeat_flagged(ctx: &Context<'_>) -> Result<Option<DataFrame>> {
    kept(&ctx.shared.repeats, || {
        let Some(tickets) = ctx.all_tickets().filter(|_| names_cis(ctx)) else {
            return Ok(None);
        };
        // An untyped null keeps the key's type: CIs stay categories, so the
        // search groups and compares category numbers, not text.
        let key = when(col("ticket_type").eq(lit("incident")))
            .then(repeat_key(ctx))
            .otherwise(lit(NULL));
        let tickets = tickets.collect().map_err(internal)?;
        let flagged = repeat_flags(&tickets, key, ctx.params.repeat_window_days)?
            .drop("__previous")
            .map_err(internal)?;
        Ok(Some(flagged))
    })
}

/// One row per CI named by an incident in the window: `cluster`, `linked`
/// (see `problem::cluster_flags`); `None` without incidents or a CI column.
pub fn clusters(ctx: &Context<'_>) -> Result<Option<DataFrame>> {
    kept(&ctx.shared.clusters, || {
        let Some(incidents) = ctx.incidents().filter(|_| names_cis(ctx)) else {
            return Ok(None);
        };
        let clusters = cluster_flags(
            incidents,
            ctx.params.cluster_size,
            ctx.params.cluster_span_days,
        )?;
        Ok(Some(clusters))
    })
}

/// Every change with its flags (see `change::flag_changes`); `None`
/// without changes or without a way to tell a completed change.
pub fn flagged_changes(ctx: &Context<'_>) -> Result<Option<Flagged>> {
    kept(&ctx.shared.changes, || {
        let Some(changes) = ctx.all_changes() else {
            return Ok(None);
        };
        let Some(FlaggedChanges {
            frame,
            inferred,
            note,
        }) = flag_changes(ctx, changes)?
        else {
            return Ok(None);
        };
        Ok(Some(Flagged {
            frame: frame.collect().map_err(internal)?,
            inferred,
            note,
        }))
    })
}
