//! The single scan of an export: the mapped columns as text, from CSV
//! (including spreadsheets written out as CSV) or Parquet, with the row
//! number added.

use super::canonicalise;
use super::columns::ColumnMap;
use super::detect;
use super::header::Header;
use super::load::{NULL_MARKERS, ROW};
use super::sniff::Sniffed;
use super::source::{PreparedSource, SourceFormat};
use crate::canonical::{TableKind, label_dtype};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// A column naming each row's record type (Jira's `Issue Type`), used to keep
/// only the rows of the file's kind in mixed exports.
pub fn record_type_column(kind: TableKind, header: &Header) -> Option<usize> {
    if !kind.is_ticket() && kind != TableKind::Changes {
        return None;
    }
    detect::record_type_column(header)
}

/// The plan of the single scan: every mapped column as text, named
/// `raw:<field>`, plus the row number and the record type column. Columns
/// that only coded fields (priority, channel, ...) and labels (teams, CIs,
/// ...) read come as categories, each distinct value stored once; the others
/// as strings. A file whose kind maps no column still has its
/// rows counted, through its first column. Nothing is read until the plan is
/// collected.
pub fn scan(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    map: &ColumnMap,
    type_column: Option<usize>,
) -> Result<LazyFrame> {
    let mut wanted: Vec<(usize, String)> = map
        .mapped
        .iter()
        .map(|m| (m.column, canonicalise::raw_name(m.spec.name)))
        .collect();
    if let Some(t) = type_column {
        wanted.push((t, canonicalise::RECORD_TYPE.to_string()));
    }
    if wanted.is_empty() {
        wanted.push((0, COUNTED.to_string()));
    }
    let coded: Vec<usize> = map
        .mapped
        .iter()
        .map(|m| m.column)
        .filter(|c| {
            Some(*c) != type_column
                && map
                    .mapped
                    .iter()
                    .filter(|m| m.column == *c)
                    .all(|m| m.spec.value.is_normalised() || m.spec.label)
        })
        .collect();
    scan_typed(source, sniffed, header, &wanted, &coded)
}

/// The plan scanning the `(column index, alias)` pairs of a prepared export
/// as text, with the row number (`ROW`, 0-based, in file order).
pub fn scan_columns(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    wanted: &[(usize, String)],
) -> Result<LazyFrame> {
    scan_typed(source, sniffed, header, wanted, &[])
}

/// `scan_columns`, with the columns `coded` read as categories.
fn scan_typed(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    wanted: &[(usize, String)],
    coded: &[usize],
) -> Result<LazyFrame> {
    let path = &source.original;
    let row = || RowIndex {
        name: ROW.into(),
        offset: 0,
    };
    let mut select = vec![col(ROW)];
    let lf = match source.format {
        SourceFormat::Parquet => {
            let mut lf = scan_parquet(source)?;
            let schema = lf.collect_schema().map_err(|e| Error::polars(path, e))?;
            select.extend(wanted.iter().map(|(i, alias)| {
                let name = header.unique[*i].as_str();
                let dtype = schema.get(name).cloned().unwrap_or(DataType::String);
                let text = as_text_typed(col(name), &dtype);
                match coded.contains(i) {
                    true => text.cast(label_dtype()),
                    false => text,
                }
                .alias(alias.as_str())
            }));
            lf.with_row_index(ROW, None)
        }
        _ => {
            let schema: Schema = header
                .unique
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let dtype = match coded.contains(&i) {
                        true => label_dtype(),
                        false => DataType::String,
                    };
                    Field::new(n.as_str().into(), dtype)
                })
                .collect();
            let readable = source.readable.to_string_lossy().to_string();
            select.extend(
                wanted
                    .iter()
                    .map(|(i, alias)| col(header.unique[*i].as_str()).alias(alias.as_str())),
            );
            LazyCsvReader::new(PlRefPath::new(readable))
                .with_glob(false)
                .with_separator(sniffed.delimiter)
                .with_has_header(true)
                .with_skip_lines(sniffed.skip_lines)
                .with_schema(Some(Arc::new(schema)))
                .with_missing_is_null(true)
                .with_truncate_ragged_lines(true)
                .with_null_values(Some(NullValues::AllColumns(
                    NULL_MARKERS.iter().map(|s| (*s).into()).collect(),
                )))
                .with_row_index(Some(row()))
                .finish()
                .map_err(|e| Error::polars(path, e))?
        }
    };
    Ok(lf.select(select))
}

/// Column name of the stand-in column a file is counted through.
const COUNTED: &str = "__counted";

fn scan_parquet(source: &PreparedSource) -> Result<LazyFrame> {
    let readable = source.readable.to_string_lossy().to_string();
    let args = ScanArgsParquet {
        glob: false,
        ..ScanArgsParquet::default()
    };
    LazyFrame::scan_parquet(PlRefPath::new(readable), args)
        .map_err(|e| Error::polars(&source.original, e))
}

/// A Parquet column as the text an export would hold: timestamps naive
/// (time zones converted to UTC), nested values left out.
fn as_text_typed(e: Expr, dtype: &DataType) -> Expr {
    match dtype {
        DataType::Datetime(unit, Some(_)) => e
            .cast(DataType::Datetime(*unit, None))
            .cast(DataType::String),
        DataType::List(_) | DataType::Struct(_) | DataType::Binary | DataType::Null => {
            lit(NULL).cast(DataType::String)
        }
        _ => e.cast(DataType::String),
    }
}

/// The header and first rows of a Parquet file, as text.
pub fn parquet_layout(source: &PreparedSource) -> Result<Sniffed> {
    let path = &source.original;
    let pe = |e: PolarsError| Error::polars(path, e);
    let mut lf = scan_parquet(source)?;
    let schema = lf.collect_schema().map_err(pe)?;
    let select: Vec<Expr> = schema
        .iter()
        .map(|(name, dtype)| as_text_typed(col(name.clone()), dtype).alias(name.clone()))
        .collect();
    let sample = lf
        .limit(SAMPLE_ROWS as IdxSize)
        .select(select)
        .collect()
        .map_err(pe)?;
    let header: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let mut rows = vec![vec![String::new(); header.len()]; sample.height()];
    for (j, column) in sample.columns().iter().enumerate() {
        let text = column.str().map_err(pe)?;
        for (i, v) in text.iter().enumerate() {
            rows[i][j] = v.unwrap_or_default().to_string();
        }
    }
    Ok(Sniffed {
        delimiter: b',',
        header,
        sample: rows,
        skip_lines: 0,
    })
}

/// Rows of a Parquet file sampled for detection.
const SAMPLE_ROWS: usize = 200;

/// The parser's complaint in one line: what is wrong, and where. A quoted
/// field that is never closed is the usual cause, and the parser's words for
/// it ("not properly escaped", "CSV malformed: expected 1 rows") do not
/// say so: the file is looked at for one first.
pub fn csv_error(source: &PreparedSource, e: PolarsError) -> Error {
    let text = e.to_string();
    let mut message = match unclosed_quote_line(&source.readable) {
        Some(line) => format!(
            "a quoted field is never closed (a `\"` without its pair), opened on line {line}"
        ),
        None if text.contains("not properly escaped") => {
            "a quoted field is never closed (a `\"` without its pair)".to_string()
        }
        None => text.lines().next().unwrap_or("unreadable").to_string(),
    };
    if let Some(rest) = text.split("at column '").nth(1)
        && let Some((column, _)) = rest.split_once('\'')
    {
        message.push_str(&format!(", column `{column}`"));
    }
    Error::Csv {
        path: source.original.clone(),
        message,
    }
}

/// The line on which a quoted field opens that the file never closes.
fn unclosed_quote_line(path: &Path) -> Option<u64> {
    use std::io::Read;
    let mut reader = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    let (mut line, mut quoted, mut opened_on) = (1u64, false, 0u64);
    let mut buf = [0u8; 1 << 16];
    loop {
        let n = reader.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        for &b in &buf[..n] {
            match b {
                b'\n' => line += 1,
                // A doubled quote inside a quoted field toggles twice.
                b'"' => {
                    quoted = !quoted;
                    if quoted {
                        opened_on = line;
                    }
                }
                _ => {}
            }
        }
    }
    quoted.then_some(opened_on)
}
