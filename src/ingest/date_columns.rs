//! The date format of every date column of one export: the user's, else
//! detected from a spread sample of its values. An ambiguous day/month
//! order is settled by another date column of the same file, else refused.

use super::canonicalise::raw_name;
use super::columns::{ColumnMap, MappedField};
use super::dates::{self, ColumnFormat, DateOrder, DetectOptions, Detected};
use super::overrides::Overrides;
use crate::canonical::{TableKind, ValueKind};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Values sampled per date column for format detection.
const DATE_SAMPLE: usize = 5000;

/// The format per date field. A field whose values no format reads gets no
/// pattern, so that every value of it counts as unreadable.
pub fn detect_formats(
    path: &Path,
    raw: &DataFrame,
    kind: TableKind,
    map: &ColumnMap,
    overrides: &Overrides,
    spreadsheet: bool,
) -> Result<BTreeMap<String, ColumnFormat>> {
    let pe = |e: PolarsError| Error::polars(path, e);
    let options = DetectOptions {
        order: overrides.date_order,
        bounds: overrides.date_bounds(),
        spreadsheet,
    };
    let mut found: Vec<(&MappedField, Series, Detected)> = Vec::new();
    let mut formats = BTreeMap::new();
    for m in map
        .mapped
        .iter()
        .filter(|m| m.spec.value == ValueKind::Timestamp)
    {
        if let Some(user) = overrides.date_format_for(kind, m.spec.name) {
            formats.insert(m.spec.name.to_string(), ColumnFormat::user(user));
            continue;
        }
        let sample = date_sample(raw, &raw_name(m.spec.name)).map_err(pe)?;
        let detected = dates::detect(&sample, options).map_err(pe)?;
        found.push((m, sample, detected));
    }
    let file_order = found.iter().find_map(|(_, _, d)| match d {
        Detected::Formats(_, order @ (DateOrder::Dmy | DateOrder::Mdy)) => Some(*order),
        _ => None,
    });
    for (m, sample, detected) in found {
        let detected = match (detected, file_order) {
            (Detected::Ambiguous { .. }, Some(order)) => dates::detect(
                &sample,
                DetectOptions {
                    order: Some(order),
                    ..options
                },
            )
            .map_err(pe)?,
            (d, _) => d,
        };
        let chosen = match detected {
            Detected::Formats(f, _) => f,
            Detected::Ambiguous { first, second } => {
                return Err(Error::AmbiguousDates {
                    path: path.to_path_buf(),
                    column: format!("{} (column {})", m.spec.name, m.column + 1),
                    first,
                    second,
                });
            }
            Detected::Unknown => ColumnFormat::none(true),
            Detected::Empty => ColumnFormat::none(false),
        };
        formats.insert(m.spec.name.to_string(), chosen);
    }
    Ok(formats)
}

/// Up to `DATE_SAMPLE` present values, spread evenly over the file.
fn date_sample(raw: &DataFrame, name: &str) -> PolarsResult<Series> {
    let column = raw.column(name)?.as_materialized_series();
    // Dropping nulls copies the column: skip it when there are none.
    let present = match column.null_count() {
        0 => column.clone(),
        _ => column.drop_nulls(),
    };
    let step = present.len().div_ceil(DATE_SAMPLE).max(1);
    let frame = DataFrame::new_infer_height(vec![present.into()])?;
    let out = frame
        .lazy()
        .select([col(name).gather_every(step, 0)])
        .collect()?;
    Ok(out.column(name)?.as_materialized_series().clone())
}
