//! Monthly rates collected together. A metric asks for a rate over one of
//! the run's tables and gets a placeholder at once; when every discipline
//! has asked, the rates over each table are counted in one grouped query per
//! table (all tables' queries collected together), and the placeholders are
//! filled with the totals, intervals, monthly series and trends.

use super::context::{
    Context, MONTH_INDEX, count_column, index_column, internal, is_incident, month_label,
};
use super::result::{MetricResult, MonthPoint, Unit};
use super::series::{RateSpec, points};
use super::shared;
use super::stats::Better;
use super::trend::{self, MonthCount};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::cell::RefCell;

/// The table a monthly rate is counted over.
pub enum RateFrame {
    /// Incidents opened in the window (with `is_repeat` and `__key` where
    /// the tickets name a CI).
    Incidents,
    /// Every ticket opened in the window.
    Tickets,
    /// Changes in the window.
    Changes,
    /// A table of a metric's own (with flags joined on), named: rates over
    /// the same name are counted in one query.
    Own(&'static str, Box<LazyFrame>),
}

enum Finish {
    Rate {
        better: Option<Better>,
        empty_reason: String,
    },
    /// Rows per month, as a count.
    Volume,
}

struct Pending {
    frame: RateFrame,
    denominator: Expr,
    numerator: Expr,
    finish: Finish,
}

/// The rates asked for so far.
#[derive(Default)]
pub struct Batch {
    pending: RefCell<Vec<Pending>>,
    /// The rates counted, kept after `resolve` so that figures per team
    /// (`groups`) count exactly what the organisation-wide figure counts.
    counted: RefCell<Vec<CountedRate>>,
}

/// A rate as counted: its id and variant, its table and what it counts.
#[derive(Clone)]
pub struct CountedRate {
    pub id: String,
    pub variant: Option<String>,
    /// The table's name: rates over the same name are counted in one query.
    pub table: &'static str,
    pub frame: LazyFrame,
    pub denominator: Expr,
    pub numerator: Expr,
}

impl CountedRate {
    /// The denominator and numerator as 0/1 columns, named `n{i}` and `k{i}`.
    pub fn flags(&self, i: usize) -> [Expr; 2] {
        rate_flags(&self.denominator, &self.numerator, i)
    }
}

impl Batch {
    fn push(&self, pending: Pending) -> usize {
        let mut all = self.pending.borrow_mut();
        all.push(pending);
        all.len() - 1
    }

    /// Asks for a monthly rate; the result is filled by `resolve`.
    pub fn rate(&self, frame: RateFrame, spec: RateSpec<'_>) -> MetricResult {
        let index = self.push(Pending {
            frame,
            denominator: spec.denominator,
            numerator: spec.numerator,
            finish: Finish::Rate {
                better: spec.better,
                empty_reason: spec.empty_reason.to_string(),
            },
        });
        MetricResult::pending(spec.id, spec.variant, Unit::Ratio, index)
    }

    /// Asks for the rows of a table per month, as a count.
    pub fn volume(&self, frame: RateFrame, id: &str) -> MetricResult {
        let index = self.push(Pending {
            frame,
            denominator: lit(true),
            numerator: lit(false),
            finish: Finish::Volume,
        });
        MetricResult::pending(id, None, Unit::Count, index)
    }

    /// Counts every rate asked for and fills the placeholders in `results`.
    pub fn resolve(&self, ctx: &Context<'_>, results: &mut [MetricResult]) -> Result<()> {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        if pending.is_empty() {
            return Ok(());
        }
        // One query per table.
        let mut groups: Vec<(LazyFrame, Vec<usize>)> = Vec::new();
        let mut tables: Vec<(&str, usize)> = Vec::new();
        let mut denominators = Vec::with_capacity(pending.len());
        let mut counted = Vec::new();
        // Rates over incidents and over tickets are counted in one query
        // over the tickets, incidents' rates counting incidents only. The
        // tickets carry their repeat flags where the run has them.
        let tickets = match shared::repeat_flagged(ctx)? {
            Some(flagged) => Some(flagged.lazy().filter(ctx.in_window("opened_at"))),
            None => ctx.tickets(),
        };
        for (i, p) in pending.iter().enumerate() {
            let (name, frame, scope): (&'static str, _, _) = match &p.frame {
                RateFrame::Incidents => ("tickets", tickets.clone(), Some(is_incident())),
                RateFrame::Tickets => ("tickets", tickets.clone(), None),
                RateFrame::Changes => ("changes", ctx.changes(), None),
                RateFrame::Own(name, lf) => (*name, Some((**lf).clone()), None),
            };
            let denominator = match scope {
                Some(scope) => scope.and(p.denominator.clone()),
                None => p.denominator.clone(),
            };
            let Some(frame) = frame else {
                return Err(Error::Internal(format!(
                    "a rate was asked for over a table the run does not have ({})",
                    results
                        .iter()
                        .find(|r| r.pending == Some(i))
                        .map_or("?", |r| r.id.as_str())
                )));
            };
            if let (Some(r), Finish::Rate { .. }) =
                (results.iter().find(|r| r.pending == Some(i)), &p.finish)
            {
                counted.push(CountedRate {
                    id: r.id.clone(),
                    variant: r.variant.clone(),
                    table: name,
                    frame: frame.clone(),
                    denominator: denominator.clone(),
                    numerator: p.numerator.clone(),
                });
            }
            denominators.push(denominator);
            match tables.iter().find(|(n, _)| *n == name) {
                Some((_, g)) => groups[*g].1.push(i),
                None => {
                    tables.push((name, groups.len()));
                    groups.push((frame, vec![i]));
                }
            }
        }
        let plans: Vec<DslPlan> = groups
            .iter()
            .map(|(frame, members)| {
                let flags: Vec<Expr> = members
                    .iter()
                    .flat_map(|&i| rate_flags(&denominators[i], &pending[i].numerator, i))
                    .collect();
                let keys = [col(MONTH_INDEX).alias("index")];
                summed(
                    frame.clone().filter(col(MONTH_INDEX).is_not_null()),
                    keys,
                    flags,
                    members,
                )
                .sort(["index"], SortMultipleOptions::default())
                .logical_plan
            })
            .collect();
        // The streaming engine sums the few months chunk by chunk; the
        // in-memory one gathers every row's place per month first, which at
        // 14 M tickets took 3.2 s against 1.1 s.
        let outs =
            LazyFrame::collect_all_with_engine(plans, Engine::Streaming, OptFlags::default())
                .map_err(internal)?;
        self.counted.borrow_mut().extend(counted);
        for ((_, members), out) in groups.iter().zip(outs) {
            for &i in members {
                let months = month_counts(&out, i)?;
                for slot in results.iter_mut().filter(|r| r.pending == Some(i)) {
                    let placeholder = std::mem::replace(
                        slot,
                        MetricResult::not_evaluable("", None, Unit::Ratio, ""),
                    );
                    *slot = finish(placeholder, &pending[i].finish, &months, ctx);
                }
            }
        }
        Ok(())
    }
}

impl Batch {
    /// The rates counted so far (after `resolve`).
    pub fn counted(&self) -> Vec<CountedRate> {
        self.counted.borrow().clone()
    }
}

/// Whether a row is in a rate's denominator (`n{i}`) and, then, in its
/// numerator (`k{i}`), a null condition counting as false.
fn rate_flags(denominator: &Expr, numerator: &Expr, i: usize) -> [Expr; 2] {
    let den = denominator.clone().fill_null(lit(false));
    let num = den.clone().and(numerator.clone().fill_null(lit(false)));
    [den.alias(format!("n{i}")), num.alias(format!("k{i}"))]
}

/// The rates `members` (whose flag columns are `flags`) summed per group of
/// `keys`, as `n{i}` and `k{i}`. The columns are made first and summed by
/// plain column sums, which polars runs as one fast grouped pass.
pub fn summed(
    frame: LazyFrame,
    keys: impl AsRef<[Expr]>,
    flags: Vec<Expr>,
    members: &[usize],
) -> LazyFrame {
    let names: Vec<String> = members
        .iter()
        .flat_map(|i| [format!("n{i}"), format!("k{i}")])
        .collect();
    frame
        .with_columns(flags)
        .group_by(keys)
        .agg(
            names
                .iter()
                .map(|n| col(n.as_str()).sum())
                .collect::<Vec<_>>(),
        )
        .with_columns(
            names
                .iter()
                .map(|n| col(n.as_str()).cast(DataType::UInt64))
                .collect::<Vec<_>>(),
        )
}

/// The months of one rate in a grouped result (months with an empty
/// denominator left out).
fn month_counts(out: &DataFrame, i: usize) -> Result<Vec<(i64, MonthCount)>> {
    let idx = index_column(out, "index")?;
    let ns = count_column(out, &format!("n{i}"))?;
    let ks = count_column(out, &format!("k{i}"))?;
    let mut rows = Vec::with_capacity(out.height());
    for r in 0..out.height() {
        let Some(index) = idx.get(r) else {
            continue;
        };
        let n = ns.get(r).unwrap_or(0);
        if n == 0 {
            continue;
        }
        rows.push((
            index,
            MonthCount {
                month: month_label(index),
                numerator: ks.get(r).unwrap_or(0),
                denominator: n,
            },
        ));
    }
    Ok(rows)
}

/// The filled result: the placeholder's id, variant and note (kept only on
/// a figure that could be computed) with the counted figures.
fn finish(
    placeholder: MetricResult,
    how: &Finish,
    months: &[(i64, MonthCount)],
    ctx: &Context<'_>,
) -> MetricResult {
    let id = placeholder.id.as_str();
    let variant = placeholder.variant.as_deref();
    let mut r = match how {
        Finish::Rate {
            better,
            empty_reason,
        } => {
            let k: u64 = months.iter().map(|(_, m)| m.numerator).sum();
            let n: u64 = months.iter().map(|(_, m)| m.denominator).sum();
            let mut r = MetricResult::rate(id, variant, k, n, empty_reason);
            if r.is_ok() {
                r.by_month = points(months, ctx.params.min_sample);
                r.trend = Some(trend::trend(months, *better, ctx.params.min_sample));
            }
            r
        }
        Finish::Volume => {
            let total: u64 = months.iter().map(|(_, m)| m.denominator).sum();
            let mut r = MetricResult::count(id, variant, total);
            r.by_month = months
                .iter()
                .map(|(_, m)| MonthPoint {
                    month: m.month.clone(),
                    value: Some(m.denominator as f64),
                    numerator: None,
                    denominator: Some(m.denominator),
                    thin: false,
                })
                .collect();
            r
        }
    };
    if r.is_ok() {
        r.note = placeholder.note;
    }
    r
}
