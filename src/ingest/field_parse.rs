//! One expression per canonical field, from its raw text column to its
//! typed value: text trimmed, dates parsed with their detected format,
//! counts and durations read as numbers, coded values mapped onto their
//! canonical set (the user's value map first, then the built-in rules).

use super::canonicalise::raw_name;
use super::columns::MappedField;
use super::dates::{self, ColumnFormat, DateBounds};
use super::durations;
use super::header::match_key;
use super::overrides::Overrides;
use super::values::{self, Canonical};
use crate::canonical::{FieldSpec, TableKind, ValueKind, label_dtype};
use polars::prelude::*;
use std::collections::BTreeMap;

/// The polars type of a canonical field.
pub fn dtype_of(kind: ValueKind) -> DataType {
    match kind {
        ValueKind::Timestamp => DataType::Datetime(TimeUnit::Milliseconds, None),
        ValueKind::Count | ValueKind::Duration => DataType::Int64,
        ValueKind::Bool => DataType::Boolean,
        ValueKind::Priority | ValueKind::Score => DataType::Int32,
        _ => DataType::String,
    }
}

/// The polars type of a canonical field: labels are categories.
pub fn dtype_of_field(spec: FieldSpec) -> DataType {
    match spec.label {
        true => label_dtype(),
        false => dtype_of(spec.value),
    }
}

/// The ticket type of rows that do not say theirs.
pub fn default_ticket_type(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Requests => "request",
        _ => "incident",
    }
}

/// Why a field cannot be parsed as asked.
pub enum FieldError {
    Polars(PolarsError),
    /// A mistake in the user's value map.
    Value(String),
}

impl From<PolarsError> for FieldError {
    fn from(e: PolarsError) -> Self {
        FieldError::Polars(e)
    }
}

/// What parsing needs besides the field.
pub struct ParseContext<'a> {
    pub kind: TableKind,
    pub overrides: &'a Overrides,
    pub formats: &'a BTreeMap<String, ColumnFormat>,
    pub bounds: DateBounds,
}

/// How a mapped field gets its canonical value: `parse` over the raw text
/// column, then `finish`, where there is one, over the column `parse` gave.
/// Checks that look at a parsed value twice go in `finish`, so that the
/// value is parsed once.
pub struct FieldSteps {
    pub parse: Expr,
    pub finish: Option<Expr>,
}

impl From<Expr> for FieldSteps {
    fn from(parse: Expr) -> Self {
        FieldSteps {
            parse,
            finish: None,
        }
    }
}

/// Whether a field is read in the scan, from its own text alone; coded
/// fields are mapped and labels tidied after it, from the distinct values
/// found.
pub fn read_in_scan(spec: FieldSpec) -> bool {
    !spec.value.is_normalised() && !spec.label
}

/// The steps giving a mapped field read in the scan its canonical value.
pub fn field_expr(ctx: &ParseContext<'_>, m: &MappedField) -> Result<FieldSteps, FieldError> {
    let name = raw_name(m.spec.name);
    let input = col(name.as_str());
    let parsed = col(m.spec.name);
    Ok(match m.spec.value {
        ValueKind::Text => {
            let text = input.str().strip_chars(lit(NULL));
            FieldSteps {
                parse: text,
                finish: Some(
                    when(parsed.clone().eq(lit("")))
                        .then(lit(NULL).cast(DataType::String))
                        .otherwise(parsed),
                ),
            }
        }
        ValueKind::Timestamp => match ctx.formats.get(m.spec.name) {
            Some(format) => {
                let (parse, finish) = dates::parse_steps(input, format, ctx.bounds, parsed);
                FieldSteps { parse, finish }
            }
            None => lit(NULL).cast(dtype_of(ValueKind::Timestamp)).into(),
        },
        // A count is a whole number from 0: `-1` and `1.5` are unreadable,
        // not a count of -1 or 1.
        ValueKind::Count => FieldSteps {
            parse: input.str().strip_chars(lit(NULL)).cast(DataType::Float64),
            finish: Some(
                when(
                    parsed
                        .clone()
                        .gt_eq(lit(0.0))
                        .and(parsed.clone().eq(parsed.clone().floor())),
                )
                .then(parsed.cast(DataType::Int64))
                .otherwise(lit(NULL).cast(DataType::Int64)),
            ),
        },
        ValueKind::Duration => durations::seconds_expr(input).into(),
        value_kind => {
            return Err(FieldError::Polars(polars_err!(
                ComputeError: "the coded field `{}` ({value_kind:?}) is mapped after the scan",
                m.spec.name
            )));
        }
    })
}

/// The canonical value of a mapped coded field, from its text column in
/// `scanned`, whose distinct values give the map.
pub fn coded_expr(
    ctx: &ParseContext<'_>,
    scanned: &DataFrame,
    m: &MappedField,
) -> Result<Expr, FieldError> {
    let name = raw_name(m.spec.name);
    let mapped = value_map_expr(ctx, scanned, &name, m.spec, m.spec.value)?;
    Ok(if m.spec.value == ValueKind::TicketType {
        when(col(name.as_str()).is_null())
            .then(lit(default_ticket_type(ctx.kind)))
            .otherwise(mapped)
    } else {
        mapped
    })
}

/// Maps each distinct source value once and applies the map to the
/// column. The scan reads coded columns as categories, so the distinct
/// values are the column's categories, and the map goes from each
/// category's number to its canonical value.
fn value_map_expr(
    ctx: &ParseContext<'_>,
    scanned: &DataFrame,
    name: &str,
    spec: FieldSpec,
    value_kind: ValueKind,
) -> Result<Expr, FieldError> {
    let dtype = dtype_of(value_kind);
    let column = scanned.column(name)?;
    let distinct = column.as_materialized_series().unique()?.drop_nulls();
    let texts = distinct.cast(&DataType::String)?;
    // A column read as text (where one column feeds a coded and another
    // field) is mapped by its values themselves.
    let keys = match column.dtype() {
        DataType::Categorical(_, _) => distinct.to_physical_repr().into_owned(),
        _ => texts.clone(),
    };
    let mut old: Vec<usize> = Vec::new();
    let mut new: Vec<Canonical> = Vec::new();
    for (i, value) in texts.str()?.iter().enumerate() {
        let Some(value) = value else { continue };
        if let Some(c) = canonical_value(ctx.overrides, ctx.kind, spec, value_kind, value)? {
            old.push(i);
            new.push(c);
        }
    }
    if old.is_empty() {
        return Ok(lit(NULL).cast(dtype));
    }
    let positions = IdxCa::from_vec("old".into(), old.iter().map(|i| *i as IdxSize).collect());
    let old = keys.take(&positions)?;
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
    if matches!(column.dtype(), DataType::Categorical(_, _))
        && let Some(table) = lookup_by_code(&old, &new, column.len())?
    {
        // A category number indexes the table directly: no hash per row.
        // Numbers past its end are values with no canonical value.
        return Ok(lit(table).gather(col(name).to_physical().cast(IDX_DTYPE), true));
    }
    let input = match column.dtype() {
        DataType::Categorical(_, _) => col(name).to_physical(),
        _ => col(name),
    };
    Ok(input.replace_strict(
        lit(old),
        lit(new),
        Some(lit(NULL).cast(dtype.clone())),
        Some(dtype),
    ))
}

/// The canonical value of every category number up to the largest of
/// `codes` (the numbers of the values that have one), null where a number
/// has none; `None` when the numbers spread
/// over far more places than the column has rows.
fn lookup_by_code(codes: &Series, values: &Series, rows: usize) -> PolarsResult<Option<Series>> {
    let codes = codes.cast(&IDX_DTYPE)?;
    let codes = codes.idx()?;
    let Some(largest) = codes.max() else {
        return Ok(None);
    };
    let places = largest as usize + 1;
    if places > rows.max(1 << 16) {
        return Ok(None);
    }
    let mut index: Vec<Option<IdxSize>> = vec![None; places];
    for (i, code) in codes.iter().enumerate() {
        if let Some(code) = code {
            index[code as usize] = Some(i as IdxSize);
        }
    }
    let index: IdxCa = index.into_iter().collect();
    Ok(Some(values.take(&index)?))
}

/// The canonical value of one source value: the user's value map first,
/// then the built-in rules; `None` for a value neither knows.
pub fn canonical_value(
    overrides: &Overrides,
    kind: TableKind,
    spec: FieldSpec,
    value_kind: ValueKind,
    value: &str,
) -> Result<Option<Canonical>, FieldError> {
    let user = overrides.values_for(kind, spec.name);
    match user.and_then(|u| u.get(&match_key(value))) {
        Some(v) => values::parse_canonical(value_kind, v)
            .map(Some)
            .map_err(|msg| FieldError::Value(format!("value map for `{}`: {msg}", spec.name))),
        None => Ok(values::normalise(value_kind, value)),
    }
}

/// The canonical value as text, for reports.
pub fn canonical_text(c: &Canonical) -> String {
    match c {
        Canonical::Text(t) => t.clone(),
        Canonical::Int(i) => i.to_string(),
        Canonical::Bool(b) => b.to_string(),
    }
}
