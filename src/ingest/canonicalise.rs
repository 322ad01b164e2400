//! From the raw text columns of one scan to the canonical table: dates parsed
//! with their detected formats, coded values normalised, every row either
//! kept or rejected with a reason, and event logs reduced to one row per ticket.

use super::accounting::{OTHER_VALUES, UNKNOWN_VALUES_LISTED};
use super::columns::{ColumnMap, MappedField};
use super::dates::{self, DateOrder, Detected};
use super::detect::kind_of_type;
use super::header::match_key;
use super::load::ROW;
use super::overrides::Overrides;
use super::values::{self, Canonical};
use crate::canonical::{FieldSpec, TableKind, ValueKind, fields_of};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The column holding each row's record type, when the export has one.
pub const RECORD_TYPE: &str = "__record_type";
const REASON: &str = "__reason";
const FIRST: &str = "__first_of_id";
const EMPTY_ROW: &str = "empty row";
const RECORD_TYPE_REASON: &str = "record type `";
/// Values sampled per date column for format detection.
const DATE_SAMPLE: usize = 5000;
/// Shown (and parsed with, reading nothing) when no known format fits a column.
const UNKNOWN_FORMAT: &str = "(no known format)";

/// The raw text column of a field in the scanned frame.
pub fn raw_name(field: &str) -> String {
    format!("raw:{field}")
}

/// The polars type of a canonical field.
pub fn dtype_of(kind: ValueKind) -> DataType {
    match kind {
        ValueKind::Timestamp => DataType::Datetime(TimeUnit::Milliseconds, None),
        ValueKind::Count => DataType::Int64,
        ValueKind::Bool => DataType::Boolean,
        ValueKind::Priority | ValueKind::Score => DataType::Int32,
        _ => DataType::String,
    }
}

/// The canonical table and the account of how it was made.
#[derive(Debug)]
pub struct Canonicalised {
    pub frame: DataFrame,
    pub date_formats: BTreeMap<String, String>,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub missing_share: BTreeMap<String, f64>,
    pub unknown_values: BTreeMap<String, BTreeMap<String, u64>>,
    pub parse_failures: BTreeMap<String, u64>,
    pub tickets_after_reduction: Option<u64>,
    pub rows_kept: u64,
    pub duplicate_ids: u64,
}

pub fn canonicalise(
    path: &Path,
    raw: DataFrame,
    kind: TableKind,
    map: &ColumnMap,
    overrides: &Overrides,
    event_log: bool,
    has_record_type: bool,
) -> Result<Canonicalised> {
    let pe = |e: PolarsError| Error::polars(path, e);
    let formats = detect_dates(path, &raw, kind, map, overrides)?;

    let mut exprs = Vec::new();
    for spec in fields_of(kind) {
        let expr = match map.get(spec.name) {
            Some(m) => field_expr(&raw, m, kind, overrides, &formats).map_err(|e| match e {
                FieldError::Polars(p) => pe(p),
                FieldError::Value(msg) => Error::Usage(format!("{}: {msg}", path.display())),
            })?,
            None if spec.value == ValueKind::TicketType => lit(default_ticket_type(kind)),
            None => lit(NULL).cast(dtype_of(spec.value)),
        };
        exprs.push(expr.alias(spec.name));
    }
    let parsed = raw.lazy().with_columns(exprs).collect().map_err(pe)?;

    let reason = reason_expr(&parsed, kind, map, has_record_type).map_err(pe)?;
    let with_reason = parsed
        .lazy()
        .with_column(reason.alias(REASON))
        .collect()
        .map_err(pe)?;
    // Values are judged on the rows that belong to this table.
    let own_rows = with_reason
        .clone()
        .lazy()
        .filter(
            col(REASON).is_null().or(col(REASON)
                .neq(lit(EMPTY_ROW))
                .and(col(REASON).str().starts_with(lit(RECORD_TYPE_REASON)).not())),
        )
        .collect()
        .map_err(pe)?;
    let parse_failures = count_parse_failures(&own_rows, map).map_err(pe)?;
    let unknown_values = count_unknown_values(&own_rows, map).map_err(pe)?;
    drop(own_rows);
    let mut rejected_by_reason = count_reasons(&with_reason).map_err(pe)?;

    let mut kept = with_reason
        .lazy()
        .filter(col(REASON).is_null())
        .collect()
        .map_err(pe)?;
    let mut duplicate_ids = 0;
    let ids_repeat =
        || -> PolarsResult<bool> { Ok(kept.column("id")?.n_unique()? < kept.height()) };
    if !event_log && kind != TableKind::Survey && ids_repeat().map_err(pe)? {
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
    let missing_share = missing_shares(&kept, map).map_err(pe)?;

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

    Ok(Canonicalised {
        frame,
        date_formats: formats
            .iter()
            .map(|(f, fmts)| {
                let shown = if fmts.is_empty() {
                    "(no values)".to_string()
                } else {
                    fmts.join(" | ")
                };
                (f.clone(), shown)
            })
            .collect(),
        rejected_by_reason,
        missing_share,
        unknown_values,
        parse_failures,
        tickets_after_reduction,
        rows_kept,
        duplicate_ids,
    })
}

/// Kinds whose id names one record, so that a repeat is rejected. A CMDB
/// export may hold several CIs of one name: they are kept and counted, since
/// duplicate names are themselves a finding about the CMDB.
fn ids_are_unique(kind: TableKind) -> bool {
    !matches!(kind, TableKind::Cis | TableKind::Survey)
}

fn default_ticket_type(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Requests => "request",
        _ => "incident",
    }
}

enum FieldError {
    Polars(PolarsError),
    Value(String),
}

impl From<PolarsError> for FieldError {
    fn from(e: PolarsError) -> Self {
        FieldError::Polars(e)
    }
}

fn field_expr(
    raw: &DataFrame,
    m: &MappedField,
    kind: TableKind,
    overrides: &Overrides,
    formats: &BTreeMap<String, Vec<String>>,
) -> std::result::Result<Expr, FieldError> {
    let name = raw_name(m.spec.name);
    let input = col(name.as_str());
    Ok(match m.spec.value {
        ValueKind::Text => {
            let text = input.str().strip_chars(lit(NULL));
            when(text.clone().eq(lit("")))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(text)
        }
        ValueKind::Timestamp => {
            let fmts: Vec<String> = formats
                .get(m.spec.name)
                .into_iter()
                .flatten()
                .filter(|f| f.as_str() != UNKNOWN_FORMAT)
                .cloned()
                .collect();
            dates::parse_with(input, &fmts)
        }
        ValueKind::Count => input
            .str()
            .strip_chars(lit(NULL))
            .cast(DataType::Float64)
            .cast(DataType::Int64),
        value_kind => {
            let mapped = value_map_expr(raw, &name, m.spec, kind, value_kind, overrides)?;
            if value_kind == ValueKind::TicketType {
                when(input.is_null())
                    .then(lit(default_ticket_type(kind)))
                    .otherwise(mapped)
            } else {
                mapped
            }
        }
    })
}

/// Maps each distinct source value once (user's value map first, then the
/// built-in rules) and applies the map to the column.
fn value_map_expr(
    raw: &DataFrame,
    name: &str,
    spec: FieldSpec,
    kind: TableKind,
    value_kind: ValueKind,
    overrides: &Overrides,
) -> std::result::Result<Expr, FieldError> {
    let dtype = dtype_of(value_kind);
    let user = overrides.values_for(kind, spec.name);
    let distinct = raw
        .column(name)?
        .as_materialized_series()
        .unique()?
        .drop_nulls();
    let mut old: Vec<String> = Vec::new();
    let mut new: Vec<Canonical> = Vec::new();
    for value in distinct.str()?.iter().flatten() {
        let canonical = match user.and_then(|u| u.get(&match_key(value))) {
            Some(v) => Some(values::parse_canonical(value_kind, v).map_err(|msg| {
                FieldError::Value(format!("value map for `{}`: {msg}", spec.name))
            })?),
            None => values::normalise(value_kind, value),
        };
        if let Some(c) = canonical {
            old.push(value.to_string());
            new.push(c);
        }
    }
    if old.is_empty() {
        return Ok(lit(NULL).cast(dtype));
    }
    let old = Series::new("old".into(), old);
    let new = match dtype {
        DataType::Int32 => Series::new(
            "new".into(),
            new.iter()
                .map(|c| match c {
                    Canonical::Int(i) => Some(*i as i32),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        DataType::Boolean => Series::new(
            "new".into(),
            new.iter()
                .map(|c| match c {
                    Canonical::Bool(b) => Some(*b),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        _ => Series::new(
            "new".into(),
            new.iter()
                .map(|c| match c {
                    Canonical::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
    };
    Ok(col(name).replace_strict(
        lit(old),
        lit(new),
        Some(lit(NULL).cast(dtype.clone())),
        Some(dtype),
    ))
}

/// Formats per date field: the user's, else detected. An ambiguous day/month
/// order is settled by another date column of the same file, else refused.
fn detect_dates(
    path: &Path,
    raw: &DataFrame,
    kind: TableKind,
    map: &ColumnMap,
    overrides: &Overrides,
) -> Result<BTreeMap<String, Vec<String>>> {
    let pe = |e: PolarsError| Error::polars(path, e);
    let mut found: Vec<(&MappedField, Series, Detected)> = Vec::new();
    let mut formats = BTreeMap::new();
    for m in map
        .mapped
        .iter()
        .filter(|m| m.spec.value == ValueKind::Timestamp)
    {
        if let Some(user) = overrides.date_format_for(kind, m.spec.name) {
            formats.insert(m.spec.name.to_string(), vec![user.clone()]);
            continue;
        }
        let sample = date_sample(raw, &raw_name(m.spec.name)).map_err(pe)?;
        let detected = dates::detect(&sample, overrides.date_order).map_err(pe)?;
        found.push((m, sample, detected));
    }
    let file_order = found.iter().find_map(|(_, _, d)| match d {
        Detected::Formats(f) if matches!(f[0].order, DateOrder::Dmy | DateOrder::Mdy) => {
            Some(f[0].order)
        }
        _ => None,
    });
    for (m, sample, detected) in found {
        let detected = match (detected, file_order) {
            (Detected::Ambiguous { .. }, Some(order)) => {
                dates::detect(&sample, Some(order)).map_err(pe)?
            }
            (d, _) => d,
        };
        let chosen = match detected {
            Detected::Formats(f) => f.iter().map(|f| f.pattern.to_string()).collect(),
            Detected::Ambiguous { first, second } => {
                return Err(Error::AmbiguousDates {
                    path: path.to_path_buf(),
                    column: format!("{} ({})", m.spec.name, raw_column_label(raw, m)),
                    first,
                    second,
                });
            }
            Detected::Unknown => vec![UNKNOWN_FORMAT.to_string()],
            Detected::Empty => Vec::new(),
        };
        formats.insert(m.spec.name.to_string(), chosen);
    }
    Ok(formats)
}

fn raw_column_label(_raw: &DataFrame, m: &MappedField) -> String {
    format!("column {}", m.column + 1)
}

fn date_sample(raw: &DataFrame, name: &str) -> PolarsResult<Series> {
    let present = raw.column(name)?.as_materialized_series().drop_nulls();
    let step = present.len().div_ceil(DATE_SAMPLE).max(1);
    let frame = DataFrame::new_infer_height(vec![present.into()])?;
    let out = frame
        .lazy()
        .select([col(name).gather_every(step, 0)])
        .collect()?;
    Ok(out.column(name)?.as_materialized_series().clone())
}

fn present_but_unread(field: &str) -> Expr {
    col(raw_name(field).as_str())
        .is_not_null()
        .and(col(field).is_null())
}

fn count_parse_failures(
    parsed: &DataFrame,
    map: &ColumnMap,
) -> PolarsResult<BTreeMap<String, u64>> {
    let fields: Vec<&str> = map
        .mapped
        .iter()
        .filter(|m| matches!(m.spec.value, ValueKind::Timestamp | ValueKind::Count))
        .map(|m| m.spec.name)
        .collect();
    if fields.is_empty() {
        return Ok(BTreeMap::new());
    }
    let exprs: Vec<Expr> = fields
        .iter()
        .map(|f| present_but_unread(f).sum().cast(DataType::UInt64).alias(*f))
        .collect();
    let out = parsed.clone().lazy().select(exprs).collect()?;
    fields
        .iter()
        .map(|f| Ok((f.to_string(), out.column(f)?.u64()?.get(0).unwrap_or(0))))
        .collect()
}

fn count_unknown_values(
    parsed: &DataFrame,
    map: &ColumnMap,
) -> PolarsResult<BTreeMap<String, BTreeMap<String, u64>>> {
    let mut all = BTreeMap::new();
    for m in map.mapped.iter().filter(|m| m.spec.value.is_normalised()) {
        let raw = raw_name(m.spec.name);
        let counts = parsed
            .clone()
            .lazy()
            .filter(present_but_unread(m.spec.name))
            .group_by([col(raw.as_str())])
            .agg([len().cast(DataType::UInt64).alias("n")])
            .sort_by_exprs(
                [col("n"), col(raw.as_str())],
                SortMultipleOptions::default().with_order_descending_multi([true, false]),
            )
            .collect()?;
        if counts.height() == 0 {
            continue;
        }
        let values = counts.column(&raw)?.str()?.clone();
        let ns = counts.column("n")?.u64()?.clone();
        let mut listed = BTreeMap::new();
        let mut other = 0u64;
        for (i, (v, n)) in values.iter().zip(ns.iter()).enumerate() {
            let (Some(v), Some(n)) = (v, n) else { continue };
            if i < UNKNOWN_VALUES_LISTED {
                listed.insert(v.to_string(), n);
            } else {
                other += n;
            }
        }
        if other > 0 {
            listed.insert(OTHER_VALUES.to_string(), other);
        }
        all.insert(m.spec.name.to_string(), listed);
    }
    Ok(all)
}

/// The first reason that applies to a row, or null for a row that is kept.
fn reason_expr(
    parsed: &DataFrame,
    kind: TableKind,
    map: &ColumnMap,
    has_record_type: bool,
) -> PolarsResult<Expr> {
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
    if has_record_type && let Some(foreign) = foreign_record_types(parsed, kind)? {
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
    Ok(first_match(cases, lit(NULL).cast(DataType::String)))
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
fn foreign_record_types(parsed: &DataFrame, kind: TableKind) -> PolarsResult<Option<Series>> {
    let distinct = parsed
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

fn count_reasons(frame: &DataFrame) -> PolarsResult<BTreeMap<String, u64>> {
    let counts = frame
        .clone()
        .lazy()
        .filter(col(REASON).is_not_null())
        .group_by([col(REASON)])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let reasons = counts.column(REASON)?.str()?.clone();
    let ns = counts.column("n")?.u64()?.clone();
    Ok(reasons
        .iter()
        .zip(ns.iter())
        .filter_map(|(r, n)| Some((r?.to_string(), n?)))
        .collect())
}

fn missing_shares(kept: &DataFrame, map: &ColumnMap) -> PolarsResult<BTreeMap<String, f64>> {
    if kept.height() == 0 || map.mapped.is_empty() {
        return Ok(BTreeMap::new());
    }
    let exprs: Vec<Expr> = map
        .mapped
        .iter()
        .map(|m| {
            // Blank text counts as missing; an unreadable date or code does not.
            let absent = if m.spec.value == ValueKind::Text {
                col(m.spec.name).is_null()
            } else {
                col(raw_name(m.spec.name).as_str()).is_null()
            };
            absent.cast(DataType::Float64).mean().alias(m.spec.name)
        })
        .collect();
    let out = kept.clone().lazy().select(exprs).collect()?;
    map.mapped
        .iter()
        .map(|m| {
            let share = out.column(m.spec.name)?.f64()?.get(0).unwrap_or(0.0);
            Ok((m.spec.name.to_string(), (share * 1e6).round() / 1e6))
        })
        .collect()
}
