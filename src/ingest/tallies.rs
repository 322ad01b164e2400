//! The counts `inspect` reports about one file's rows: unreadable values per
//! field, what each coded value was read as (and which were not known),
//! rejected rows by reason, and the share of kept rows missing each field.

use super::accounting::{OTHER_VALUES, UNKNOWN_VALUES_LISTED, ValueRead};
use super::canonicalise::raw_name;
use super::columns::{ColumnMap, MappedField};
use super::field_parse::{FieldError, canonical_text, canonical_value};
use super::overrides::Overrides;
use crate::canonical::personal::mask_emails;
use crate::canonical::{FieldSpec, TableKind, ValueKind};
use polars::prelude::*;
use std::collections::BTreeMap;

/// A value present in the source that gave no canonical value (for the
/// fields whose absent flag says the source had no value: not text).
fn present_but_unread(field: &str) -> Expr {
    col(absent_name(field).as_str())
        .not()
        .and(col(field).is_null())
}

/// Fields whose unreadable values are counted: dates, counts, durations.
fn parsed_fields(map: &ColumnMap) -> Vec<&'static str> {
    map.mapped
        .iter()
        .filter(|m| {
            matches!(
                m.spec.value,
                ValueKind::Timestamp | ValueKind::Count | ValueKind::Duration
            )
        })
        .map(|m| m.spec.name)
        .collect()
}

/// A one-row plan: values present but unreadable, per date, count and
/// duration field; `None` when the file has no such field.
pub fn parse_failures_plan(rows: LazyFrame, own: &str, map: &ColumnMap) -> Option<LazyFrame> {
    let fields = parsed_fields(map);
    if fields.is_empty() {
        return None;
    }
    let exprs: Vec<Expr> = fields
        .iter()
        .map(|f| {
            present_but_unread(f)
                .and(col(own))
                .sum()
                .cast(DataType::UInt64)
                .alias(*f)
        })
        .collect();
    Some(rows.select(exprs))
}

/// Reads the result of `parse_failures_plan`.
pub fn parse_failures(
    out: Option<&DataFrame>,
    map: &ColumnMap,
) -> PolarsResult<BTreeMap<String, u64>> {
    let Some(out) = out else {
        return Ok(BTreeMap::new());
    };
    parsed_fields(map)
        .iter()
        .map(|f| Ok((f.to_string(), out.column(f)?.u64()?.get(0).unwrap_or(0))))
        .collect()
}

/// For every coded field: what each source value was read as, with its
/// rows, and the values no rule or map knows.
pub struct ValueTallies {
    pub read: BTreeMap<String, Vec<ValueRead>>,
    pub unknown: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Plans counting the rows of each source value of each coded field.
pub fn value_count_plans(
    rows: &LazyFrame,
    own: &str,
    map: &ColumnMap,
) -> Vec<(FieldSpec, LazyFrame)> {
    map.mapped
        .iter()
        .filter(|m| m.spec.value.is_normalised())
        .map(|m| {
            let raw = raw_name(m.spec.name);
            let plan = rows
                .clone()
                .select([col(raw.as_str()), col(own)])
                .group_by([col(raw.as_str())])
                .agg([col(own).sum().cast(DataType::UInt64).alias("n")])
                .filter(col(raw.as_str()).is_not_null().and(col("n").gt(lit(0u64))))
                .with_column(col(raw.as_str()).cast(DataType::String))
                .sort_by_exprs(
                    [col("n"), col(raw.as_str())],
                    SortMultipleOptions::default().with_order_descending_multi([true, false]),
                );
            (m.spec, plan)
        })
        .collect()
}

/// Reads the results of `value_count_plans`.
pub fn value_tallies(
    counts: &[(FieldSpec, DataFrame)],
    kind: TableKind,
    overrides: &Overrides,
) -> Result<ValueTallies, FieldError> {
    let mut tallies = ValueTallies {
        read: BTreeMap::new(),
        unknown: BTreeMap::new(),
    };
    for (spec, frame) in counts {
        let raw = raw_name(spec.name);
        let values = frame.column(&raw)?.str()?.clone();
        let ns = frame.column("n")?.u64()?.clone();
        let mut read = Vec::new();
        let mut unknown = BTreeMap::new();
        let mut other = 0u64;
        for (v, n) in values.iter().zip(ns.iter()) {
            let (Some(v), Some(n)) = (v, n) else { continue };
            match canonical_value(overrides, kind, *spec, spec.value, v)? {
                Some(c) if read.len() < UNKNOWN_VALUES_LISTED => read.push(ValueRead {
                    value: mask_emails(v).into_owned(),
                    read_as: canonical_text(&c),
                    rows: n,
                }),
                Some(_) => {}
                None if unknown.len() < UNKNOWN_VALUES_LISTED => {
                    *unknown.entry(mask_emails(v).into_owned()).or_default() += n;
                }
                None => other += n,
            }
        }
        if other > 0 {
            unknown.insert(OTHER_VALUES.to_string(), other);
        }
        if !read.is_empty() {
            tallies.read.insert(spec.name.to_string(), read);
        }
        if !unknown.is_empty() {
            tallies.unknown.insert(spec.name.to_string(), unknown);
        }
    }
    Ok(tallies)
}

/// A plan counting rejected rows per reason.
pub fn reasons_plan(rows: LazyFrame, reason: &str) -> LazyFrame {
    rows.filter(col(reason).is_not_null())
        .group_by([col(reason)])
        .agg([len().cast(DataType::UInt64).alias("n")])
}

/// Reads the result of `reasons_plan`.
pub fn reasons(counts: &DataFrame, reason: &str) -> PolarsResult<BTreeMap<String, u64>> {
    let reasons = counts.column(reason)?.str()?.clone();
    let ns = counts.column("n")?.u64()?.clone();
    let mut out = BTreeMap::new();
    for (r, n) in reasons.iter().zip(ns.iter()) {
        if let (Some(r), Some(n)) = (r, n) {
            *out.entry(mask_emails(r).into_owned()).or_default() += n;
        }
    }
    Ok(out)
}

/// The name of the flag saying a field's source value was absent.
pub fn absent_name(field: &str) -> String {
    format!("__absent:{field}")
}

/// The flag, kept beside the canonical values, saying where a field had no
/// value in the source. Blank text counts as absent; an unreadable date or
/// code does not (it is counted apart).
pub fn absent_flag(m: &MappedField) -> Expr {
    let absent = if m.spec.value == ValueKind::Text {
        col(m.spec.name).is_null()
    } else {
        col(raw_name(m.spec.name).as_str()).is_null()
    };
    absent.alias(absent_name(m.spec.name))
}

/// The share of kept rows with no value, per mapped field, from the flags.
pub fn missing_shares(kept: &DataFrame, map: &ColumnMap) -> PolarsResult<BTreeMap<String, f64>> {
    if kept.height() == 0 || map.mapped.is_empty() {
        return Ok(BTreeMap::new());
    }
    let exprs: Vec<Expr> = map
        .mapped
        .iter()
        .map(|m| {
            col(absent_name(m.spec.name).as_str())
                .cast(DataType::Float64)
                .mean()
                .alias(m.spec.name)
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
