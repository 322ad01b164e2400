//! From the plan of one scan to the canonical table. Every field read from
//! its own text (dates, counts, durations, text) is parsed in the scan's
//! plan, which the streaming engine runs chunk by chunk, so the file's raw
//! text is never held whole; coded fields (priority, channel, ...) are
//! mapped after it, from the distinct values the scan found. Then every row
//! is kept or rejected with a reason, repeated ids are settled, and event
//! logs are reduced to one row per ticket.

use super::accounting::ValueRead;
use super::columns::ColumnMap;
use super::date_columns;
use super::detect::kind_of_type;
use super::field_parse::{
    self, FieldError, FieldSteps, ParseContext, default_ticket_type, dtype_of, dtype_of_field,
    read_in_scan,
};
use super::labels;
use super::load::ROW;
use super::overrides::Overrides;
use super::scan;
use super::source::PreparedSource;
use super::tallies::{self, absent_name};
use crate::canonical::{TableKind, ValueKind, fields_of};
use crate::error::{Error, Result};
use crate::timings::{Clock, Timings};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The column holding each row's record type, when the export has one.
pub const RECORD_TYPE: &str = "__record_type";
const REASON: &str = "__reason";
const FIRST: &str = "__first_of_id";
const OWN: &str = "__own_row";
/// Set on a row whose mapped columns are all empty.
const EMPTY: &str = "__empty";
const EMPTY_ROW: &str = "empty row";
const RECORD_TYPE_REASON: &str = "record type `";

/// The raw text column of a field in the scanned frame.
pub fn raw_name(field: &str) -> String {
    format!("raw:{field}")
}

/// The canonical table and the account of how it was made.
#[derive(Debug)]
pub struct Canonicalised {
    pub frame: DataFrame,
    pub date_formats: BTreeMap<String, String>,
    pub rows_read: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub missing_share: BTreeMap<String, f64>,
    pub unknown_values: BTreeMap<String, BTreeMap<String, u64>>,
    pub values_read: BTreeMap<String, Vec<ValueRead>>,
    pub parse_failures: BTreeMap<String, u64>,
    pub tickets_after_reduction: Option<u64>,
    pub rows_kept: u64,
    pub duplicate_ids: u64,
    /// Fields computed from others, and how.
    pub derived: BTreeMap<String, String>,
}

/// What canonicalisation needs to know about one export and its scan.
pub struct Scanned<'a> {
    pub path: &'a Path,
    pub source: &'a PreparedSource,
    /// The scan's plan: `ROW` and the mapped columns as text (`raw:<field>`).
    pub plan: LazyFrame,
    /// Values of the date columns (`raw:<field>`) for format detection.
    pub sample: DataFrame,
    pub kind: TableKind,
    pub map: &'a ColumnMap,
    pub event_log: bool,
    pub has_record_type: bool,
    /// The export is a spreadsheet: Excel serial day numbers may be dates.
    pub spreadsheet: bool,
}

pub fn canonicalise(
    scanned: Scanned<'_>,
    overrides: &Overrides,
    timings: &mut Timings,
) -> Result<Canonicalised> {
    let Scanned {
        path,
        source,
        plan,
        sample,
        kind,
        map,
        event_log,
        has_record_type,
        spreadsheet,
    } = scanned;
    let pe = |e: PolarsError| Error::polars(path, e);
    let fe = |e: FieldError| match e {
        FieldError::Polars(p) => pe(p),
        FieldError::Value(msg) => Error::Usage(format!("{}: {msg}", path.display())),
    };
    let mut clock = Clock::start();
    let mut lap = |timings: &mut Timings, stage: &str| {
        timings.record(stage, clock.elapsed());
        clock = Clock::start();
    };
    let formats = date_columns::detect_formats(path, &sample, kind, map, overrides, spreadsheet)?;
    drop(sample);
    lap(timings, "ingest: detect date formats");
    let ctx = ParseContext {
        kind,
        overrides,
        formats: &formats,
        bounds: overrides.date_bounds(),
    };

    // In the scan: every field read from its own text and the flags saying
    // which of them had no value; coded fields and labels as categories.
    let mut parse = Vec::new();
    let mut finish = Vec::new();
    let mut kept_in_scan = vec![col(ROW)];
    for m in map.mapped.iter() {
        if read_in_scan(m.spec) {
            let steps: FieldSteps = field_parse::field_expr(&ctx, m).map_err(fe)?;
            parse.push(steps.parse.alias(m.spec.name));
            finish.extend(steps.finish.map(|f| f.alias(m.spec.name)));
            kept_in_scan.push(col(m.spec.name));
        } else {
            kept_in_scan.push(col(raw_name(m.spec.name).as_str()));
        }
    }
    let mut rows = plan;
    if !parse.is_empty() {
        rows = rows.with_columns(parse);
    }
    if !finish.is_empty() {
        rows = rows.with_columns(finish);
    }
    let mut derived = BTreeMap::new();
    if let Some(how) = resolved_from_duration(kind, map) {
        rows = rows.with_column(
            (col("opened_at").cast(DataType::Int64) + col("duration") * lit(1000i64))
                .cast(dtype_of(ValueKind::Timestamp))
                .alias("resolved_at"),
        );
        kept_in_scan.push(col("resolved_at"));
        derived.insert("resolved_at".to_string(), how);
    }
    if has_record_type {
        kept_in_scan.push(col(RECORD_TYPE));
    }
    kept_in_scan.extend(
        map.mapped
            .iter()
            .filter(|m| read_in_scan(m.spec))
            .map(tallies::absent_flag),
    );
    kept_in_scan.push(all_raw_empty(map).alias(EMPTY));
    let mut scanned = rows
        .select(kept_in_scan)
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| scan::csv_error(source, e))?
        .unwrap_single();
    // The scan gives a chunk per half megabyte of the file; a table of a
    // few hundred chunks makes later queries slow (a membership test over
    // the tickets took 1.3 s instead of 0.1 s), so its columns are made
    // contiguous once, here, while nothing else holds them.
    scanned.rechunk_mut_par();
    if scanned.height() == 0 {
        return Err(Error::HeaderOnly {
            path: path.to_path_buf(),
        });
    }
    let rows_read = scanned.height() as u64;
    lap(timings, "ingest: scan and parse");

    // After the scan: coded values mapped and labels tidied, each from the
    // distinct values found; fields no column holds filled; and each row's
    // reason to be rejected.
    let mut coded = Vec::new();
    for spec in fields_of(kind) {
        let expr = match map.get(spec.name) {
            Some(_) if read_in_scan(*spec) => continue,
            Some(m) if spec.label => labels::label_expr(&scanned, m).map_err(pe)?,
            Some(m) => field_parse::coded_expr(&ctx, &scanned, m).map_err(fe)?,
            None if spec.name == "resolved_at" && derived.contains_key("resolved_at") => continue,
            None if spec.value == ValueKind::TicketType => lit(default_ticket_type(kind)),
            None => lit(NULL).cast(dtype_of_field(*spec)),
        };
        coded.push(expr.alias(spec.name));
    }
    let absent_after_scan: Vec<Expr> = map
        .mapped
        .iter()
        .filter(|m| !read_in_scan(m.spec))
        .map(tallies::absent_flag)
        .collect();
    let foreign = match has_record_type {
        true => foreign_record_types(&scanned, kind).map_err(pe)?,
        false => None,
    };
    // The kept rows, the reasons, the unreadable values and the value
    // counts are read from the parsed frame, each with only its own columns.
    let own = col(REASON).is_null().or(col(REASON)
        .neq(lit(EMPTY_ROW))
        .and(col(REASON).str().starts_with(lit(RECORD_TYPE_REASON)).not()));
    let mut parsed = scanned.lazy().with_columns(coded);
    if !absent_after_scan.is_empty() {
        parsed = parsed.with_columns(absent_after_scan);
    }
    let parsed = parsed.collect().map_err(pe)?;
    // Mostly no row is rejected: the reasons, a text per row chosen by a
    // chain of conditions (2.8 s at 10 M rows), are then made only when a
    // plain test over the conditions finds a row they reject.
    let cases = rejection_cases(kind, foreign);
    let rejects_some = any_of(cases.iter().map(|(condition, _)| condition.clone()));
    let rejects_some = parsed
        .clone()
        .lazy()
        .select([rejects_some.any(true)])
        .collect()
        .map_err(pe)?
        .column(REJECTS)
        .and_then(|c| c.bool().map(|b| b.get(0) == Some(true)))
        .map_err(pe)?;
    let (reason, own) = match rejects_some {
        true => (first_match(cases, lit(NULL).cast(DataType::String)), own),
        false => (lit(NULL).cast(DataType::String), lit(true)),
    };
    let parsed = parsed
        .lazy()
        .with_column(reason.alias(REASON))
        .with_column(own.alias(OWN))
        .collect()
        .map_err(pe)?;
    let mut keep: Vec<PlSmallStr> = fields_of(kind).iter().map(|f| f.name.into()).collect();
    keep.push(ROW.into());
    keep.extend(map.mapped.iter().map(|m| absent_name(m.spec.name).into()));
    // Mostly every row is kept: then the kept rows are the parsed frame's
    // own columns, shared, not a copy made by a query.
    let all_kept = parsed.column(REASON).map_err(pe)?.null_count() == parsed.height();
    let kept_as_parsed = match all_kept {
        true => Some(parsed.select(keep.iter().cloned()).map_err(pe)?),
        false => None,
    };
    let rows = parsed.lazy();
    let mut plans = Vec::new();
    if kept_as_parsed.is_none() {
        plans.push(
            rows.clone().filter(col(REASON).is_null()).select(
                keep.iter()
                    .map(|name| col(name.clone()))
                    .collect::<Vec<_>>(),
            ),
        );
    }
    plans.push(tallies::reasons_plan(rows.clone(), REASON));
    let failures_plan = tallies::parse_failures_plan(rows.clone(), OWN, map);
    let has_failures_plan = failures_plan.is_some();
    plans.extend(failures_plan);
    let value_plans = tallies::value_count_plans(&rows, OWN, map);
    plans.extend(value_plans.iter().map(|(_, p)| p.clone()));
    let mut outs = LazyFrame::collect_all_with_engine(
        plans.into_iter().map(|lf| lf.logical_plan).collect(),
        Engine::Streaming,
        OptFlags::default(),
    )
    .map_err(pe)?
    .into_iter();
    let mut next = || {
        outs.next()
            .ok_or_else(|| Error::Internal("a query of canonicalisation gave no result".into()))
    };
    let mut kept = match kept_as_parsed {
        Some(frame) => frame,
        None => next()?,
    };
    let mut rejected_by_reason = tallies::reasons(&next()?, REASON).map_err(pe)?;
    let failures = if has_failures_plan {
        Some(next()?)
    } else {
        None
    };
    let parse_failures = tallies::parse_failures(failures.as_ref(), map).map_err(pe)?;
    let mut counts = Vec::new();
    for (spec, _) in &value_plans {
        counts.push((*spec, next()?));
    }
    let values = tallies::value_tallies(&counts, kind, overrides).map_err(fe)?;
    lap(timings, "ingest: judge rows and count values");

    let mut duplicate_ids = 0;
    if !event_log && kind != TableKind::Survey && ids_repeat(&kept).map_err(pe)? {
        let first = col(ROW)
            .eq(col(ROW).min().over([col("id")]).map_err(pe)?)
            .alias(FIRST);
        let flagged = kept.lazy().with_column(first).collect().map_err(pe)?;
        let firsts = flagged
            .column(FIRST)
            .map_err(pe)?
            .bool()
            .map_err(pe)?
            .sum()
            .unwrap_or(0);
        duplicate_ids = (flagged.height() - firsts as usize) as u64;
        kept = if ids_are_unique(kind) {
            if duplicate_ids > 0 {
                rejected_by_reason.insert("duplicate id".into(), duplicate_ids);
            }
            flagged.lazy().filter(col(FIRST)).collect().map_err(pe)?
        } else {
            flagged
        };
    }
    let rows_kept = kept.height() as u64;
    let missing_share = tallies::missing_shares(&kept, map).map_err(pe)?;
    lap(timings, "ingest: settle repeated ids");

    let names: Vec<Expr> = fields_of(kind).iter().map(|f| col(f.name)).collect();
    let (frame, tickets_after_reduction) = if event_log {
        let winners = last_update_rows(&kept, map.get("updated_at").is_some()).map_err(pe)?;
        let n = winners.len() as u64;
        let reduced = kept
            .lazy()
            .filter(col(ROW).is_in(lit(winners).implode(false), false))
            .select(names)
            .collect()
            .map_err(pe)?;
        (reduced, Some(n))
    } else {
        (kept.lazy().select(names).collect().map_err(pe)?, None)
    };

    lap(timings, "ingest: event logs and final table");
    Ok(Canonicalised {
        frame,
        date_formats: formats
            .iter()
            .map(|(f, format)| (f.clone(), format.to_string()))
            .collect(),
        rows_read,
        rejected_by_reason,
        missing_share,
        unknown_values: values.unknown,
        values_read: values.read,
        parse_failures,
        tickets_after_reduction,
        rows_kept,
        duplicate_ids,
        derived,
    })
}

/// The row numbers of each ticket's last update in an event log: the latest
/// `updated_at` (rows without one first), the later row on a tie. Found over
/// the row number, id and update time alone, so a log of tens of millions of
/// rows is never sorted whole.
fn last_update_rows(kept: &DataFrame, has_updated_at: bool) -> PolarsResult<Series> {
    let mut narrow = vec![col(ROW), col("id")];
    if has_updated_at {
        narrow.push(col("updated_at"));
    }
    let ordered = if has_updated_at {
        kept.clone().lazy().select(narrow).sort_by_exprs(
            [col("updated_at"), col(ROW)],
            SortMultipleOptions::default()
                .with_nulls_last(false)
                .with_maintain_order(true),
        )
    } else {
        kept.clone().lazy().select(narrow)
    };
    let winners = ordered
        .unique_stable_generic(Some(vec![col("id")]), UniqueKeepStrategy::Last)
        .select([col(ROW)])
        .collect()?;
    Ok(winners.column(ROW)?.as_materialized_series().clone())
}

/// True on a row whose mapped columns are all empty.
fn all_raw_empty(map: &ColumnMap) -> Expr {
    map.mapped
        .iter()
        .map(|m| col(raw_name(m.spec.name).as_str()).is_null())
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(true))
}

/// Whether an id appears on more than one row. Exports are mostly sorted
/// by their number, oldest or newest first, and numbers are not always
/// padded (Jira's `PROJ-9`, `PROJ-10`): ids that only rise, or only fall,
/// in the order of their length and then their text are distinct without
/// counting them.
fn ids_repeat(kept: &DataFrame) -> PolarsResult<bool> {
    let (id, previous) = (col("id"), col("id").shift(lit(1)));
    let length = id.clone().str().len_bytes();
    let previous_length = length.clone().shift(lit(1));
    let same_length = length.clone().eq(previous_length.clone());
    let rising = length
        .clone()
        .gt(previous_length.clone())
        .or(same_length.clone().and(id.clone().gt(previous.clone())));
    let falling = length
        .lt(previous_length)
        .or(same_length.and(id.lt(previous)));
    let ordered = kept
        .clone()
        .lazy()
        .select([
            rising.fill_null(lit(true)).all(false).alias("rising"),
            falling.fill_null(lit(true)).all(false).alias("falling"),
        ])
        .collect()?;
    for order in ["rising", "falling"] {
        if ordered.column(order)?.bool()?.get(0) == Some(true) {
            return Ok(false);
        }
    }
    Ok(kept.column("id")?.n_unique()? < kept.height())
}

/// How `resolved_at` comes from the export's duration column, where the
/// export has a duration and an opened time but no resolved time.
fn resolved_from_duration(kind: TableKind, map: &ColumnMap) -> Option<String> {
    if !kind.is_ticket() || map.get("resolved_at").is_some() || map.get("opened_at").is_none() {
        return None;
    }
    map.get("duration")
        .map(|_| "opened_at + duration (the export has no resolved time)".to_string())
}

/// Kinds whose id names one record, so that a repeat is rejected. A CMDB
/// export may hold several CIs of one name: they are kept and counted, since
/// duplicate names are themselves a finding about the CMDB.
fn ids_are_unique(kind: TableKind) -> bool {
    !matches!(kind, TableKind::Cis | TableKind::Survey)
}

/// Why a row is rejected, as (condition, reason) pairs in order: the first
/// that holds on a row is its reason; a row none holds on is kept.
/// A required field with no value in the source is missing (blank text
/// included); one with a value that gave none is unreadable.
fn rejection_cases(kind: TableKind, foreign: Option<Series>) -> Vec<(Expr, Expr)> {
    let mut cases = vec![(col(EMPTY), lit(EMPTY_ROW))];
    for spec in fields_of(kind).iter().filter(|f| f.required) {
        cases.push((
            col(absent_name(spec.name).as_str()),
            lit(format!("missing {}", spec.name)),
        ));
        let unread = match spec.value {
            ValueKind::Timestamp | ValueKind::Count => format!("unparseable {}", spec.name),
            ValueKind::Text => format!("missing {}", spec.name),
            _ => format!("unknown {} value", spec.name),
        };
        cases.push((col(spec.name).is_null(), lit(unread)));
    }
    if let Some(foreign) = foreign {
        let what = if kind == TableKind::Changes {
            "a change"
        } else {
            "a ticket"
        };
        cases.push((
            col(RECORD_TYPE).is_in(lit(foreign).implode(false), false),
            concat_str(
                [
                    lit(RECORD_TYPE_REASON),
                    col(RECORD_TYPE),
                    lit(format!("` is not {what}")),
                ],
                "",
                false,
            ),
        ));
    }
    cases
}

/// Name of the test whether any row is rejected.
const REJECTS: &str = "__rejects";

/// True on a row any of `conditions` holds on, as one column named `REJECTS`.
fn any_of(conditions: impl Iterator<Item = Expr>) -> Expr {
    conditions
        .reduce(|a, b| a.or(b))
        .unwrap_or_else(|| lit(false))
        .fill_null(lit(false))
        .alias(REJECTS)
}

/// `when(c1).then(v1).when(c2).then(v2)...otherwise(default)`.
fn first_match(cases: Vec<(Expr, Expr)>, default: Expr) -> Expr {
    let mut iter = cases.into_iter();
    let Some((c0, v0)) = iter.next() else {
        return default;
    };
    let first = when(c0).then(v0);
    let Some((c1, v1)) = iter.next() else {
        return first.otherwise(default);
    };
    let mut chained = first.when(c1).then(v1);
    for (c, v) in iter {
        chained = chained.when(c).then(v);
    }
    chained.otherwise(default)
}

/// Record types in the file that belong to another kind: in a changes file
/// everything that is not a change, in a ticket file the changes.
fn foreign_record_types(raw: &DataFrame, kind: TableKind) -> PolarsResult<Option<Series>> {
    let distinct = raw
        .column(RECORD_TYPE)?
        .as_materialized_series()
        .unique()?
        .drop_nulls();
    let foreign: Vec<String> = distinct
        .str()?
        .iter()
        .flatten()
        .filter(|t| {
            let k = kind_of_type(t);
            match kind {
                TableKind::Changes => k != Some(TableKind::Changes),
                _ => k == Some(TableKind::Changes),
            }
        })
        .map(str::to_string)
        .collect();
    Ok((!foreign.is_empty()).then(|| Series::new("foreign".into(), foreign)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeats(ids: &[&str]) -> bool {
        let frame = df!("id" => ids).expect("frame");
        ids_repeat(&frame).expect("query")
    }

    #[test]
    fn ids_in_order_of_length_then_text_either_way_are_distinct() {
        assert!(!repeats(&["PROJ-8", "PROJ-9", "PROJ-10", "PROJ-11"]));
        assert!(!repeats(&["PROJ-11", "PROJ-10", "PROJ-9", "PROJ-8"]));
        assert!(!repeats(&["INC003", "INC001", "INC002"]));
        assert!(!repeats(&["only"]));
    }

    #[test]
    fn a_repeated_id_is_found_whatever_the_order() {
        assert!(repeats(&["PROJ-9", "PROJ-10", "PROJ-9"]));
        assert!(repeats(&["PROJ-10", "PROJ-10"]));
        assert!(repeats(&["INC002", "INC001", "INC002"]));
    }
}
