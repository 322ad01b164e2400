//! From the raw text columns of one scan to the canonical table: every field
//! parsed (`field_parse`), every row either kept or rejected with a reason,
//! repeated ids settled, and event logs reduced to one row per ticket.

use super::accounting::ValueRead;
use super::columns::ColumnMap;
use super::date_columns;
use super::detect::kind_of_type;
use super::field_parse::{
    self, FieldError, FieldSteps, ParseContext, default_ticket_type, dtype_of,
};
use super::load::ROW;
use super::overrides::Overrides;
use super::tallies;
use crate::canonical::{TableKind, ValueKind, fields_of};
use crate::error::{Error, Result};
use crate::timings::Timings;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// The column holding each row's record type, when the export has one.
pub const RECORD_TYPE: &str = "__record_type";
const REASON: &str = "__reason";
const FIRST: &str = "__first_of_id";
const OWN: &str = "__own_row";
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

/// What canonicalisation needs to know about one scanned export.
pub struct Scanned<'a> {
    pub path: &'a Path,
    pub raw: DataFrame,
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
        raw,
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
    let mut clock = Instant::now();
    let mut lap = |timings: &mut Timings, stage: &str| {
        timings.record(stage, clock.elapsed());
        clock = Instant::now();
    };
    let formats = date_columns::detect_formats(path, &raw, kind, map, overrides, spreadsheet)?;
    lap(timings, "ingest: detect date formats");
    let ctx = ParseContext {
        raw: &raw,
        kind,
        overrides,
        formats: &formats,
        bounds: overrides.date_bounds(),
    };

    let mut exprs = Vec::new();
    let mut finishes = Vec::new();
    for spec in fields_of(kind) {
        let steps: FieldSteps = match map.get(spec.name) {
            Some(m) => field_parse::field_expr(&ctx, m).map_err(fe)?,
            None if spec.value == ValueKind::TicketType => lit(default_ticket_type(kind)).into(),
            None => lit(NULL).cast(dtype_of(spec.value)).into(),
        };
        exprs.push(steps.parse.alias(spec.name));
        finishes.extend(steps.finish.map(|f| f.alias(spec.name)));
    }
    let foreign = match has_record_type {
        true => foreign_record_types(&raw, kind).map_err(pe)?,
        false => None,
    };
    let mut rows = raw.lazy().with_columns(exprs);
    if !finishes.is_empty() {
        rows = rows.with_columns(finishes);
    }
    let mut derived = BTreeMap::new();
    if let Some(how) = resolved_from_duration(kind, map) {
        rows = rows.with_column(
            (col("opened_at").cast(DataType::Int64) + col("duration") * lit(1000i64))
                .cast(dtype_of(ValueKind::Timestamp))
                .alias("resolved_at"),
        );
        derived.insert("resolved_at".to_string(), how);
    }
    // Every field is parsed once, in one pass over the raw columns; the
    // kept rows, the reasons, the unreadable values and the value counts
    // are then read from the parsed frame, each with only its own columns.
    let own = col(REASON).is_null().or(col(REASON)
        .neq(lit(EMPTY_ROW))
        .and(col(REASON).str().starts_with(lit(RECORD_TYPE_REASON)).not()));
    let parsed = rows
        .with_column(reason_expr(kind, map, foreign).alias(REASON))
        .with_column(own.alias(OWN));
    let parsed = parsed.collect().map_err(pe)?;
    // Mostly every row is kept: then the kept rows are the parsed rows as
    // they are, not a filtered copy.
    let all_kept = parsed.column(REASON).map_err(pe)?.null_count() == parsed.height();
    lap(timings, "ingest: parse values");
    let rows = parsed.lazy();
    let mut keep: Vec<Expr> = fields_of(kind).iter().map(|f| col(f.name)).collect();
    keep.push(col(ROW));
    keep.extend(tallies::absent_flags(map));
    let kept_rows = match all_kept {
        true => rows.clone(),
        false => rows.clone().filter(col(REASON).is_null()),
    };
    let mut plans = vec![
        kept_rows.select(keep),
        tallies::reasons_plan(rows.clone(), REASON),
    ];
    let failures_plan = tallies::parse_failures_plan(rows.clone(), OWN, map);
    let has_failures_plan = failures_plan.is_some();
    plans.extend(failures_plan);
    let value_plans = tallies::value_count_plans(&rows, OWN, map);
    plans.extend(value_plans.iter().map(|(_, p)| p.clone()));
    let mut outs = LazyFrame::collect_all_with_engine(
        plans.into_iter().map(|lf| lf.logical_plan).collect(),
        Engine::InMemory,
        OptFlags::default(),
    )
    .map_err(pe)?
    .into_iter();
    let mut next = || {
        outs.next()
            .ok_or_else(|| Error::Internal("a query of canonicalisation gave no result".into()))
    };
    let mut kept = next()?;
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
        let order = if map.get("updated_at").is_some() {
            vec![col("updated_at"), col(ROW)]
        } else {
            vec![col(ROW)]
        };
        let reduced = kept
            .lazy()
            .sort_by_exprs(
                order,
                SortMultipleOptions::default()
                    .with_nulls_last(false)
                    .with_maintain_order(true),
            )
            .unique_stable_generic(Some(vec![col("id")]), UniqueKeepStrategy::Last)
            .sort([ROW], SortMultipleOptions::default())
            .select(names)
            .collect()
            .map_err(pe)?;
        let n = reduced.height() as u64;
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

/// Whether an id appears on more than one row. Exports are mostly sorted
/// by their number: ids that only rise are distinct without counting them.
fn ids_repeat(kept: &DataFrame) -> PolarsResult<bool> {
    let rising = kept
        .clone()
        .lazy()
        .select([col("id")
            .gt(col("id").shift(lit(1)))
            .fill_null(lit(true))
            .all(false)
            .alias("rising")])
        .collect()?;
    if rising.column("rising")?.bool()?.get(0) == Some(true) {
        return Ok(false);
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

/// The first reason that applies to a row, or null for a row that is kept.
fn reason_expr(kind: TableKind, map: &ColumnMap, foreign: Option<Series>) -> Expr {
    let all_empty = map
        .mapped
        .iter()
        .map(|m| col(raw_name(m.spec.name).as_str()).is_null())
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(true));
    let mut cases = vec![(all_empty, lit(EMPTY_ROW))];
    for spec in fields_of(kind).iter().filter(|f| f.required) {
        let raw = col(raw_name(spec.name).as_str());
        cases.push((raw.is_null(), lit(format!("missing {}", spec.name))));
        let unread = match spec.value {
            ValueKind::Timestamp | ValueKind::Count => format!("unparseable {}", spec.name),
            // Blank text is no value.
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
    first_match(cases, lit(NULL).cast(DataType::String))
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
