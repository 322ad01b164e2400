//! What every metric computation sees: the tables, the analysis window, the
//! as-of date and the parameters.

use super::batch::Batch;
use super::inputs::{Inputs, TableInput};
use super::params::Parameters;
use super::shared::Shared;
use crate::canonical::TableKind;
use crate::canonical::added::with_added;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use polars::prelude::*;

/// Milliseconds since 1970 in the data's own (naive) time.
pub type Millis = i64;

pub const MS_PER_HOUR: f64 = 3_600_000.0;
pub const MS_PER_DAY: i64 = 86_400_000;

/// The user's window options; unset ones come from the data.
#[derive(Debug, Clone, Default)]
pub struct WindowOptions {
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub as_of: Option<NaiveDateTime>,
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (also with `T`); a bare date
/// means its start, or its end when `end_of_day`.
pub fn parse_date_option(
    text: &str,
    end_of_day: bool,
) -> std::result::Result<NaiveDateTime, String> {
    let t = text.trim();
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(dt);
        }
    }
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        format!("`{text}` is not a date; expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS")
    })?;
    let time = if end_of_day {
        date.and_hms_milli_opt(23, 59, 59, 999)
    } else {
        date.and_hms_opt(0, 0, 0)
    };
    time.ok_or_else(|| format!("`{text}` is not a date"))
}

pub fn to_millis(dt: NaiveDateTime) -> Millis {
    dt.and_utc().timestamp_millis()
}

pub fn from_millis(ms: Millis) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// A timestamp literal comparable with canonical date columns.
pub fn at(ms: Millis) -> Expr {
    lit(ms).cast(DataType::Datetime(TimeUnit::Milliseconds, None))
}

/// The analysis window (inclusive) and the as-of date.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: Millis,
    pub to: Millis,
    pub as_of: Millis,
    /// False when no incident or change has an opened time: there is no span
    /// to measure, and `from`/`to` stand at the as-of date.
    pub has_span: bool,
    /// False when no export has any timestamp at all.
    pub has_as_of: bool,
}

/// The calendar month of `opened_at` as an index (year * 12 + month), added
/// once to every frame the metrics read (named by `month_label`).
pub const MONTH_INDEX: &str = "__month_index";

pub struct Context<'a> {
    pub params: &'a Parameters,
    pub inputs: &'a Inputs,
    pub window: Window,
    /// Monthly rates asked for, counted together at the end of a run.
    pub batch: Batch,
    /// Flags computed once and read by several figures.
    pub(crate) shared: Shared,
    /// Every ticket, with its month.
    tickets: Option<DataFrame>,
    /// Every change, with its month and `WHEN`.
    changes: Option<DataFrame>,
}

/// The time a change is placed by (`change_time`), kept beside each change.
pub const WHEN: &str = "__when";

pub(crate) fn is_incident() -> Expr {
    col("ticket_type").eq(lit("incident"))
}

/// The month index of `time` (year * 12 + month).
fn month_index(time: Expr) -> Expr {
    (time.clone().dt().year().cast(DataType::Int64) * lit(12i64)
        + time.dt().month().cast(DataType::Int64))
    .alias(MONTH_INDEX)
}

/// The month of a month index, as `YYYY-MM`. Months are grouped by their
/// index and named only in the grouped result: naming each row's month
/// would format a date per row.
pub fn month_label(index: i64) -> String {
    let months = index - 1;
    format!(
        "{:04}-{:02}",
        months.div_euclid(12),
        months.rem_euclid(12) + 1
    )
}

impl<'a> Context<'a> {
    pub fn new(
        inputs: &'a Inputs,
        params: &'a Parameters,
        options: &WindowOptions,
    ) -> Result<Self> {
        let window = window_of(inputs, options)?;
        // The tables get their month once; the incident and window filters
        // stay lazy, so no filtered copy of a table is kept.
        let tickets = inputs
            .tickets
            .as_ref()
            .map(|t| with_added(t.frame.clone(), vec![month_index(col("opened_at"))]))
            .transpose()
            .map_err(internal)?;
        let changes = inputs
            .changes
            .as_ref()
            .map(|t| {
                let when = change_time(t);
                with_added(
                    t.frame.clone(),
                    vec![when.clone().alias(WHEN), month_index(when)],
                )
            })
            .transpose()
            .map_err(internal)?;
        Ok(Context {
            params,
            inputs,
            window,
            batch: Batch::default(),
            shared: Shared::default(),
            tickets,
            changes,
        })
    }

    pub fn in_window(&self, column: &str) -> Expr {
        col(column)
            .gt_eq(at(self.window.from))
            .and(col(column).lt_eq(at(self.window.to)))
    }

    /// Every incident (ticket type incident), in or out of the window: the
    /// look-back of repeat detection needs the ones before it.
    pub fn all_incidents(&self) -> Option<LazyFrame> {
        self.tickets
            .as_ref()
            .map(|f| f.clone().lazy().filter(is_incident()))
    }

    /// Incidents opened in the window.
    pub fn incidents(&self) -> Option<LazyFrame> {
        self.tickets.as_ref().map(|f| {
            f.clone()
                .lazy()
                .filter(is_incident().and(self.in_window("opened_at")))
        })
    }

    /// Every ticket a person or system raised (incidents and requests) opened in the window.
    pub fn tickets(&self) -> Option<LazyFrame> {
        self.tickets
            .as_ref()
            .map(|f| f.clone().lazy().filter(self.in_window("opened_at")))
    }

    /// Every ticket, whenever opened.
    pub fn all_tickets(&self) -> Option<LazyFrame> {
        self.tickets.as_ref().map(|f| f.clone().lazy())
    }

    /// Every change, whenever made.
    pub fn all_changes(&self) -> Option<LazyFrame> {
        self.changes.as_ref().map(|f| f.clone().lazy())
    }

    /// Changes in the window (by `change_time`).
    pub fn changes(&self) -> Option<LazyFrame> {
        self.changes
            .as_ref()
            .map(|f| f.clone().lazy().filter(self.in_window(WHEN)))
    }

    pub fn cis(&self) -> Option<LazyFrame> {
        self.inputs.cis.as_ref().map(|t| t.frame.clone().lazy())
    }

    pub fn tickets_table(&self) -> Option<&TableInput> {
        self.inputs.tickets.as_ref()
    }

    /// Why a table is absent: no export of it, or an export that could not be used.
    pub fn absent(&self, kind: TableKind) -> String {
        let wanted = |k: TableKind| match kind {
            TableKind::Incidents | TableKind::Requests => k.is_ticket(),
            other => k == other,
        };
        let what = match kind {
            TableKind::Incidents | TableKind::Requests => "incidents",
            TableKind::Changes => "changes",
            TableKind::Cis => "CMDB",
            other => other.name(),
        };
        match self.inputs.skipped.iter().find(|(_, k, _)| wanted(*k)) {
            Some((path, _, reason)) => {
                format!("the {what} export {path} could not be used: {reason}")
            }
            None => format!("no {what} export"),
        }
    }

    /// Why a metric over the `table` export cannot be computed: the export
    /// is absent, or it has no column for one of `fields` (each with the
    /// words naming it: `("ci", "CI")`); `None` when nothing is missing.
    pub fn lacks(&self, table: TableKind, fields: &[(&str, &str)]) -> Option<String> {
        let (present, what): (bool, &str) = match table {
            TableKind::Incidents | TableKind::Requests => (self.tickets.is_some(), "incidents"),
            TableKind::Changes => (self.changes.is_some(), "changes"),
            TableKind::Cis => (self.inputs.cis.is_some(), "CMDB"),
            other => (false, other.name()),
        };
        if !present {
            return Some(self.absent(table));
        }
        let has = |field: &str| match table {
            TableKind::Changes => self.has_change_field(field),
            TableKind::Cis => self.has_ci_field(field),
            _ => self.has_ticket_field(field),
        };
        fields
            .iter()
            .find(|(field, _)| !has(field))
            .map(|(_, words)| format!("the {what} export has no {words} column"))
    }

    pub fn has_ticket_field(&self, field: &str) -> bool {
        self.tickets_table().is_some_and(|t| t.has(field))
    }

    pub fn has_change_field(&self, field: &str) -> bool {
        self.inputs.changes.as_ref().is_some_and(|t| t.has(field))
    }

    pub fn has_ci_field(&self, field: &str) -> bool {
        self.inputs.cis.as_ref().is_some_and(|t| t.has(field))
    }

    /// Said on change figures when changes are placed in time by their end,
    /// for want of an opened time.
    pub fn change_time_note(&self) -> Option<&'static str> {
        let changes = self.inputs.changes.as_ref()?;
        (!changes.has("opened_at")).then_some(
            "changes are placed in the window and in months by their implementation end (else their close): the export has no opened time",
        )
    }
}

/// The time a change is placed in the window and in months by: when it was
/// raised, else (an export without an opened time) when its implementation
/// ended, else when it was closed.
pub fn change_time(changes: &TableInput) -> Expr {
    let times: Vec<Expr> = ["opened_at", "actual_end", "closed_at"]
        .into_iter()
        .filter(|f| changes.has(f))
        .map(col)
        .collect();
    match times.len() {
        0 => col("opened_at"),
        1 => times.into_iter().next().unwrap_or_else(|| col("opened_at")),
        _ => coalesce(&times),
    }
}

/// The window defaults to the span of incident `opened_at`; with no incident,
/// to the span of every other ticket (requests) and change (placed by
/// `change_time`). As-of defaults to the latest timestamp in any table.
fn window_of(inputs: &Inputs, options: &WindowOptions) -> Result<Window> {
    let opened = |lf: LazyFrame| min_max(lf, &["opened_at"]);
    let incidents = inputs.tickets.as_ref().map(|t| {
        t.frame
            .clone()
            .lazy()
            .filter(col("ticket_type").eq(lit("incident")))
    });
    let (mut data_from, mut data_to) = match incidents {
        Some(lf) => opened(lf)?,
        None => (None, None),
    };
    let mut spanned_by = "incident";
    if data_from.is_none() {
        // No incident: a requests export (self-service share) or changes
        // alone still have a span, and it is theirs.
        spanned_by = "ticket or change";
        let tickets = inputs.tickets.iter().map(|t| t.frame.clone().lazy());
        let changes = inputs.changes.iter().map(|t| {
            t.frame
                .clone()
                .lazy()
                .select([change_time(t).alias("opened_at")])
        });
        for table in tickets.chain(changes) {
            let (lo, hi) = opened(table)?;
            data_from = match (data_from, lo) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            data_to = data_to.max(hi);
        }
    }
    let mut latest: Option<Millis> = None;
    for table in [&inputs.tickets, &inputs.changes, &inputs.cis]
        .into_iter()
        .flatten()
    {
        let dates: Vec<String> = table
            .frame
            .schema()
            .iter()
            .filter(|(_, dt)| matches!(dt, DataType::Datetime(_, _)))
            .map(|(n, _)| n.to_string())
            .collect();
        let names: Vec<&str> = dates.iter().map(String::as_str).collect();
        let (_, hi) = min_max(table.frame.clone().lazy(), &names)?;
        latest = latest.max(hi);
    }
    let from = options.from.map(to_millis).or(data_from);
    let to = options.to.map(to_millis).or(data_to);
    let as_of = options.as_of.map(to_millis).or(latest);
    match (from, to) {
        (Some(from), Some(to)) if from > to => {
            let show = |ms: Millis| from_millis(ms).format("%Y-%m-%d %H:%M:%S").to_string();
            let message = match (options.from.is_some(), options.to.is_some()) {
                (true, false) => format!(
                    "--from {} is after the last {spanned_by} opened ({}): the window is empty",
                    show(from),
                    show(to)
                ),
                (false, true) => format!(
                    "--to {} is before the first {spanned_by} opened ({}): the window is empty",
                    show(to),
                    show(from)
                ),
                _ => "--from is after --to: the window is empty".to_string(),
            };
            Err(Error::Usage(message))
        }
        (Some(from), Some(to)) => Ok(Window {
            from,
            to,
            as_of: as_of.unwrap_or(to),
            has_span: true,
            has_as_of: true,
        }),
        _ => {
            let at = as_of.unwrap_or(0);
            Ok(Window {
                from: at,
                to: at,
                as_of: at,
                has_span: false,
                has_as_of: as_of.is_some(),
            })
        }
    }
}

fn min_max(lf: LazyFrame, columns: &[&str]) -> Result<(Option<Millis>, Option<Millis>)> {
    if columns.is_empty() {
        return Ok((None, None));
    }
    let as_ms = |c: &str| col(c).cast(DataType::Int64);
    let mut exprs = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        exprs.push(as_ms(c).min().alias(format!("lo{i}")));
        exprs.push(as_ms(c).max().alias(format!("hi{i}")));
    }
    let out = lf.select(exprs).collect().map_err(internal)?;
    let get = |name: String| -> Result<Option<Millis>> {
        Ok(out
            .column(&name)
            .map_err(internal)?
            .i64()
            .map_err(internal)?
            .get(0))
    };
    let mut lo: Option<Millis> = None;
    let mut hi: Option<Millis> = None;
    for i in 0..columns.len() {
        if let Some(v) = get(format!("lo{i}"))? {
            lo = Some(lo.map_or(v, |l| l.min(v)));
        }
        hi = hi.max(get(format!("hi{i}"))?);
    }
    Ok((lo, hi))
}

pub fn internal(e: PolarsError) -> Error {
    Error::Internal(format!("metrics query failed: {e}"))
}

/// A text column of a query's result, labels as their text (its absence
/// is the tool's bug).
pub fn text_column(frame: &DataFrame, name: &str) -> Result<StringChunked> {
    let column = frame.column(name).map_err(internal)?;
    let text = column.cast(&DataType::String).map_err(internal)?;
    text.str().cloned().map_err(internal)
}

/// A count column of a query's result (its absence is the tool's bug).
pub fn count_column<'a>(frame: &'a DataFrame, name: &str) -> Result<&'a UInt64Chunked> {
    frame.column(name).and_then(|c| c.u64()).map_err(internal)
}

/// A month-index column of a query's result (its absence is the tool's bug).
pub fn index_column<'a>(frame: &'a DataFrame, name: &str) -> Result<&'a Int64Chunked> {
    frame.column(name).and_then(|c| c.i64()).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::inputs::TableInput;

    fn with_tickets(fields: &[&str]) -> Inputs {
        let frame = df!(
            "id" => ["INC1", "INC2"],
            "ticket_type" => ["incident", "incident"],
            "opened_at" => [1_735_689_600_000i64, 1_735_776_000_000],
            "ci" => ["db01", "db02"],
        )
        .and_then(|f| {
            f.lazy()
                .with_column(
                    col("opened_at").cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
                )
                .collect()
        })
        .expect("frame");
        Inputs {
            tickets: Some(TableInput {
                frame,
                fields: fields.iter().map(|f| f.to_string()).collect(),
                derived: Default::default(),
            }),
            ..Inputs::default()
        }
    }

    #[test]
    fn lacks_names_the_absent_export_or_the_first_missing_column() {
        let inputs = with_tickets(&["id", "ticket_type", "opened_at", "ci"]);
        let params = Parameters::default();
        let ctx = Context::new(&inputs, &params, &WindowOptions::default()).expect("context");
        assert_eq!(ctx.lacks(TableKind::Incidents, &[("ci", "CI")]), None);
        assert_eq!(
            ctx.lacks(
                TableKind::Incidents,
                &[
                    ("ci", "CI"),
                    ("problem_id", "problem reference"),
                    ("sla_met", "SLA")
                ]
            )
            .as_deref(),
            Some("the incidents export has no problem reference column")
        );
        assert_eq!(
            ctx.lacks(TableKind::Changes, &[("type", "type")]),
            Some(ctx.absent(TableKind::Changes))
        );
        assert_eq!(
            ctx.lacks(TableKind::Cis, &[]),
            Some(ctx.absent(TableKind::Cis))
        );
    }
}
