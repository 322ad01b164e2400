//! When an incident counts as resolved, and at what time: `resolved_at` where
//! the export has it; only where it has no resolved time at all does
//! `closed_at` stand in, for tickets in a resolved or closed state.

use super::context::Context;
use super::result::MetricResult;
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

/// The resolution rule for this run, or `None` when nothing tells it.
pub fn resolution(ctx: &Context<'_>) -> Option<Resolution> {
    let table = ctx.tickets_table()?;
    let has_values = |field: &str| {
        table.has(field)
            && table
                .frame
                .column(field)
                .map(|c| c.null_count() < c.len())
                .unwrap_or(false)
    };
    if has_values("resolved_at") {
        return Some(Resolution {
            resolved: col("resolved_at").is_not_null(),
            time: col("resolved_at"),
            note: table
                .derived
                .get("resolved_at")
                .map(|how| format!("resolved_at is {how}")),
        });
    }
    if has_values("closed_at") {
        let state_says_done = if table.has("state") {
            col("state")
                .str()
                .to_lowercase()
                .str()
                .contains(lit("resolved|closed|done|complete"), false)
                .fill_null(lit(false))
        } else {
            lit(true)
        };
        return Some(Resolution {
            resolved: col("closed_at").is_not_null().and(state_says_done),
            time: col("closed_at"),
            note: Some(
                "closed_at stands in for resolved_at: the export has no resolved time".into(),
            ),
        });
    }
    None
}
