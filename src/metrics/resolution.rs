//! When an incident counts as resolved, and at what time: `resolved_at` where
//! the export has it; only where it has no resolved time at all does
//! `closed_at` stand in, for tickets in a resolved or closed state.

use super::context::Context;
use super::labels::label_matches;
use super::result::MetricResult;
use crate::error::Result;
use polars::prelude::*;

/// How resolution is read from the tables of a run.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// True for a resolved incident.
    pub resolved: Expr,
    /// The resolution time.
    pub time: Expr,
    /// Said in the output when `closed_at` stands in.
    pub note: Option<String>,
}

impl Resolution {
    /// Says on a computed figure that `closed_at` stood in, where it did.
    pub fn annotate(&self, r: MetricResult) -> MetricResult {
        match &self.note {
            Some(note) if r.is_ok() => r.add_note(note),
            _ => r,
        }
    }
}

pub const NO_RESOLUTION: &str = "the incidents export has no resolved or closed time";

/// A state that says a ticket was resolved.
fn says_done(state: &str) -> bool {
    let state = state.to_lowercase();
    ["resolved", "closed", "done", "complete"]
        .iter()
        .any(|w| state.contains(w))
}

/// The resolution rule for this run, or `None` when nothing tells it.
pub fn resolution(ctx: &Context<'_>) -> Result<Option<Resolution>> {
    let Some(table) = ctx.tickets_table() else {
        return Ok(None);
    };
    let has_values = |field: &str| {
        table.has(field)
            && table
                .frame
                .column(field)
                .map(|c| c.null_count() < c.len())
                .unwrap_or(false)
    };
    if has_values("resolved_at") {
        return Ok(Some(Resolution {
            resolved: col("resolved_at").is_not_null(),
            time: col("resolved_at"),
            note: table
                .derived
                .get("resolved_at")
                .map(|how| format!("resolved_at is {how}")),
        }));
    }
    if has_values("closed_at") {
        let state_says_done = if table.has("state") {
            label_matches(&table.frame, "state", says_done)?
        } else {
            lit(true)
        };
        return Ok(Some(Resolution {
            resolved: col("closed_at").is_not_null().and(state_says_done),
            time: col("closed_at"),
            note: Some(
                "closed_at stands in for resolved_at: the export has no resolved time".into(),
            ),
        }));
    }
    Ok(None)
}
