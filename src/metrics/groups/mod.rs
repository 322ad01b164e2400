//! Figures per team (or per service, category or CI): the rates that make
//! sense per team, counted exactly as the organisation-wide figure counts
//! them, and the median resolution time, each with its n, interval and
//! where it lies against the funnel limits around the organisation's figure.

pub mod funnel;
mod rates;
mod resolution;

use super::context::{Context, internal};
use super::result::MetricResult;
use crate::error::{Error, Result};
use funnel::Outlier;
use polars::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The column figures are split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupField {
    AssignmentGroup,
    Service,
    Category,
    Ci,
}

impl GroupField {
    /// The canonical field name.
    pub fn name(self) -> &'static str {
        match self {
            GroupField::AssignmentGroup => "assignment_group",
            GroupField::Service => "service",
            GroupField::Category => "category",
            GroupField::Ci => "ci",
        }
    }
}

/// The rates figured per group, in the order they are listed.
pub const GROUP_RATES: &[&str] = &[
    "incident.reopen_rate",
    "incident.reassignment_rate",
    "incident.repeat_rate",
    "desk.first_contact_resolution",
    "sla.attainment",
    "knowledge.use_rate",
    "change.failure_rate",
];

/// One figure of one group.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupMetric {
    pub id: String,
    pub variant: Option<String>,
    pub value: Option<f64>,
    pub numerator: Option<u64>,
    /// The group's n: tickets or changes in the rate's denominator, or
    /// resolved incidents for the median.
    pub denominator: u64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Beyond the 99.8 % funnel limits around the organisation's figure;
    /// null within them, and for groups below the minimum sample.
    pub outlier: Option<Outlier>,
    /// n is below the minimum sample: listed, never judged.
    pub below_min_sample: bool,
}

/// What a group's figure is made of: the counts, the interval, and the
/// events tested against the funnel as (k, n, the organisation's share).
struct Parts {
    id: String,
    variant: Option<String>,
    value: Option<f64>,
    numerator: Option<u64>,
    n: u64,
    interval: Option<(f64, f64)>,
    test: (u64, u64, f64),
}

impl GroupMetric {
    /// The figure, judged against the funnel only at or above the minimum sample.
    fn judged(parts: Parts, min_sample: u64) -> GroupMetric {
        let below_min_sample = parts.n < min_sample;
        let (k, n, p) = parts.test;
        GroupMetric {
            id: parts.id,
            variant: parts.variant,
            value: parts.value,
            numerator: parts.numerator,
            denominator: parts.n,
            ci_low: parts.interval.map(|i| i.0),
            ci_high: parts.interval.map(|i| i.1),
            outlier: if below_min_sample {
                None
            } else {
                funnel::outlier(k, n, p)
            },
            below_min_sample,
        }
    }
}

/// Every figure of one group; `group` is null for the rows with no value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupFigures {
    pub group: Option<String>,
    pub metrics: Vec<GroupMetric>,
}

/// The column a counted figure's table names groups by, if it has it.
fn has_column(ctx: &Context<'_>, id: &str, by: GroupField) -> bool {
    if id.starts_with("change.") {
        ctx.has_change_field(by.name())
    } else {
        ctx.has_ticket_field(by.name())
    }
}

/// Whether any table of the run has the column.
pub fn available(ctx: &Context<'_>, by: GroupField) -> bool {
    ctx.has_ticket_field(by.name()) || ctx.has_change_field(by.name())
}

/// The figures per group, from the organisation-wide `metrics` of the same
/// context (after the batch was resolved). Every group's query is planned
/// first and all are collected together.
pub fn compute(
    ctx: &Context<'_>,
    by: GroupField,
    metrics: &[MetricResult],
) -> Result<Vec<GroupFigures>> {
    let overall = |id: &str, variant: Option<&str>| {
        metrics
            .iter()
            .find(|m| m.id == id && m.variant.as_deref() == variant && m.is_ok())
            .and_then(|m| m.value)
    };
    let wanted: Vec<_> = ctx
        .batch
        .counted()
        .into_iter()
        .filter(|r| GROUP_RATES.contains(&r.id.as_str()) && has_column(ctx, &r.id, by))
        .filter(|r| overall(&r.id, r.variant.as_deref()).is_some())
        .collect();
    let rate_plans = rates::plans(&wanted, by);
    let median = overall("incident.mttr_hours", Some("median"));
    let median_plan = match median {
        Some(_) if ctx.has_ticket_field(by.name()) => resolution::plan(ctx, by)?,
        _ => None,
    };
    let mut plans: Vec<DslPlan> = rate_plans.iter().map(|(_, p)| p.clone()).collect();
    plans.extend(median_plan.clone());
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    // Streamed, as the monthly rates are (`batch.rs`): the groups' sums
    // are made chunk by chunk.
    let mut outs =
        LazyFrame::collect_all_with_engine(plans, Engine::Streaming, OptFlags::default())
            .map_err(internal)?;
    let min_sample = ctx.params.min_sample;
    let mut by_group: BTreeMap<GroupKey, Vec<GroupMetric>> = BTreeMap::new();
    let durations = match (median_plan, median) {
        (Some(_), Some(m)) => Some((resolution::sorted(outs.pop().ok_or_else(no_result)?)?, m)),
        _ => None,
    };
    for ((members, _), out) in rate_plans.iter().zip(&outs) {
        for (group, figure) in rates::read(out, members, &wanted, &overall, min_sample)? {
            by_group.entry(GroupKey(group)).or_default().push(figure);
        }
    }
    if let Some((frame, overall_median)) = durations {
        for (group, figure) in resolution::read(&frame, overall_median, min_sample)? {
            by_group.entry(GroupKey(group)).or_default().push(figure);
        }
    }
    Ok(by_group
        .into_iter()
        .map(|(key, mut figures)| {
            figures.sort_by_key(|f| order(&f.id));
            GroupFigures {
                group: key.0,
                metrics: figures,
            }
        })
        .collect())
}

/// Groups by name, the rows with no group last.
#[derive(PartialEq, Eq)]
struct GroupKey(Option<String>);

impl Ord for GroupKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    }
}

impl PartialOrd for GroupKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The median resolution time first, then the rates in `GROUP_RATES` order.
fn order(id: &str) -> usize {
    GROUP_RATES
        .iter()
        .position(|r| *r == id)
        .map_or(0, |p| p + 1)
}

fn no_result() -> Error {
    Error::Internal("figures per group: a query gave no result".into())
}

/// The group names of a grouped result's `group` column, as text.
fn group_names(out: &DataFrame) -> Result<Vec<Option<String>>> {
    let names = group_texts(out)?;
    Ok(names.iter().map(|g| g.map(str::to_string)).collect())
}

/// A grouped result's `group` column, as a text column.
fn group_texts(out: &DataFrame) -> Result<StringChunked> {
    let column = out
        .column("group")
        .map_err(internal)?
        .cast(&DataType::String)
        .map_err(internal)?;
    Ok(column.str().map_err(internal)?.clone())
}
