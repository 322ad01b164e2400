//! Loads one export into a canonical table: one scan of the file for the
//! mapped columns, then parsing, normalisation, row accounting and (for event
//! logs) reduction to one row per ticket, all as polars expressions.

use super::accounting::FileReport;
use super::canonicalise::{self, Scanned};
use super::columns::{self, ColumnMap, Evidence};
use super::dates::DetectOptions;
use super::detect::{self, KindChoice, ProfileChoice};
use super::header::Header;
use super::overrides::Overrides;
use super::profiles;
use super::sniff::{self, Sniffed};
use super::source::{self, PreparedSource, SourceFormat};
use crate::canonical::TableKind;
use crate::error::{Error, Result};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Values that mean "no value" in every column: the empty field (quoted or
/// not), `NULL`, `?` and `#N/B`.
pub const NULL_MARKERS: [&str; 4] = ["", "NULL", "?", "#N/B"];
/// Name of the row-number column (0-based position of the record in the file).
pub const ROW: &str = "__row";

/// One export read into its canonical table.
#[derive(Debug)]
pub struct LoadedTable {
    pub kind: TableKind,
    /// The canonical table; `None` when a required field has no column.
    pub frame: Option<DataFrame>,
    pub report: FileReport,
}

impl LoadedTable {
    /// The canonical table, or the error that says which required field is missing.
    pub fn require(self) -> Result<(DataFrame, FileReport)> {
        match (self.frame, self.report.missing_required.first()) {
            (Some(frame), None) => Ok((frame, self.report)),
            (_, Some(missing)) => Err(Error::MissingRequired {
                path: self.report.path.clone().into(),
                kind: self.report.kind.clone(),
                field: missing.field.clone(),
                found: format_found(&self.report),
                hint: missing_hint(missing),
            }),
            (None, None) => Err(Error::Internal(format!(
                "{}: no table and no missing field",
                self.report.path
            ))),
        }
    }
}

fn format_found(report: &FileReport) -> String {
    let mut all: Vec<&str> = report.columns.values().map(String::as_str).collect();
    all.extend(report.unmapped_columns.iter().map(String::as_str));
    let n = all.len();
    let mut s = all.into_iter().take(20).collect::<Vec<_>>().join(", ");
    if n > 20 {
        s.push_str(&format!(" ... ({n} in all)"));
    }
    s
}

/// The message for a missing required field, with its closest column names.
pub fn missing_hint(missing: &super::accounting::MissingField) -> String {
    if missing.closest_columns.is_empty() {
        format!("No similar column; {}.", missing.hint)
    } else {
        format!(
            "Closest names: {}; {}.",
            missing.closest_columns.join(", "),
            missing.hint
        )
    }
}

/// Reads, maps and accounts for one export file.
pub fn load(path: &Path, overrides: &Overrides) -> Result<LoadedTable> {
    let source = source::prepare(path, &overrides.source_options())?;
    let sniffed = match source.format {
        SourceFormat::Parquet => parquet_layout(&source)?,
        _ => sniff::sniff(&source.readable, path)?,
    };
    let header = Header::new(sniffed.header.clone());
    let profile = choose_profile(&header, &sniffed, overrides)?;
    let kind = choose_kind(&profile, &header, &sniffed, overrides);
    let evidence = Evidence {
        header: &header,
        sample: &sniffed.sample,
        dates: DetectOptions {
            order: overrides.date_order,
            bounds: overrides.date_bounds(),
            spreadsheet: source.format.is_spreadsheet(),
        },
    };
    let map = columns::resolve(path, kind.kind, profile.profile, &evidence, overrides)?;
    let type_column = record_type_column(kind.kind, &header);
    let raw = scan(&source, &sniffed, &header, &map, type_column)?;
    if raw.height() == 0 {
        return Err(Error::HeaderOnly {
            path: path.to_path_buf(),
        });
    }
    let rows_read = raw.height() as u64;

    let mut notes = source.notes.clone();
    if sniffed.skip_lines > 0 {
        notes.push(format!(
            "{} line(s) above the header skipped (titles or blank lines)",
            sniffed.skip_lines
        ));
    }
    let (format, sheet) = match &source.format {
        SourceFormat::Csv => ("csv".to_string(), None),
        SourceFormat::Parquet => ("parquet".to_string(), None),
        SourceFormat::Spreadsheet { format, sheet } => (format.to_string(), Some(sheet.clone())),
    };
    let mut report = FileReport {
        path: path.display().to_string(),
        kind: kind.kind.name().to_string(),
        kind_reason: kind.reason,
        profile: profile.profile.name.to_string(),
        profile_score: profile.score,
        profile_reason: profile.reason,
        format,
        sheet,
        encoding: source.encoding.name().to_string(),
        compressed: source.gzip,
        delimiter: match source.format {
            SourceFormat::Csv => sniffed.delimiter_name().to_string(),
            _ => "none".to_string(),
        },
        notes,
        columns: map
            .mapped
            .iter()
            .map(|m| (m.spec.name.to_string(), header.unique[m.column].clone()))
            .collect(),
        matched_by: map
            .mapped
            .iter()
            .map(|m| (m.spec.name.to_string(), m.by))
            .collect(),
        columns_mapped_by_user: map
            .mapped
            .iter()
            .filter(|m| m.by_user())
            .map(|m| m.spec.name.to_string())
            .collect(),
        derived: BTreeMap::new(),
        unmapped_columns: header
            .named()
            .filter(|(i, _)| !map.mapped.iter().any(|m| m.column == *i))
            .map(|(_, n)| n.to_string())
            .collect(),
        empty_trailing_columns: header.trailing_empty,
        date_formats: BTreeMap::new(),
        rows_read,
        rows_kept: 0,
        rows_rejected: 0,
        rejected_by_reason: BTreeMap::new(),
        missing_share: BTreeMap::new(),
        unknown_values: BTreeMap::new(),
        values_read: BTreeMap::new(),
        parse_failures: BTreeMap::new(),
        tickets_after_reduction: None,
        duplicate_ids: 0,
        missing_required: map.missing_required.clone(),
        ids_in_later_files: 0,
    };

    if !report.missing_required.is_empty() {
        let reason = format!(
            "no column for required field {}",
            report
                .missing_required
                .iter()
                .map(|m| m.field.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        report.rows_rejected = rows_read;
        report.rejected_by_reason.insert(reason, rows_read);
        return Ok(LoadedTable {
            kind: kind.kind,
            frame: None,
            report,
        });
    }

    let canonical = canonicalise::canonicalise(
        Scanned {
            path,
            raw,
            kind: kind.kind,
            map: &map,
            event_log: profile.profile.event_log,
            has_record_type: type_column.is_some(),
            spreadsheet: source.format.is_spreadsheet(),
        },
        overrides,
    )?;
    report.date_formats = canonical.date_formats;
    report.rows_kept = canonical.rows_kept;
    report.rows_rejected = canonical.rejected_by_reason.values().sum();
    report.rejected_by_reason = canonical.rejected_by_reason;
    report.missing_share = canonical.missing_share;
    report.unknown_values = canonical.unknown_values;
    report.values_read = canonical.values_read;
    report.parse_failures = canonical.parse_failures;
    report.tickets_after_reduction = canonical.tickets_after_reduction;
    report.duplicate_ids = canonical.duplicate_ids;
    report.derived = canonical.derived;
    if !report.is_balanced() {
        return Err(Error::Internal(format!(
            "{}: rows do not add up: read {}, kept {}, rejected {}",
            report.path, report.rows_read, report.rows_kept, report.rows_rejected
        )));
    }
    Ok(LoadedTable {
        kind: kind.kind,
        frame: Some(canonical.frame),
        report,
    })
}

fn choose_profile(
    header: &Header,
    sniffed: &Sniffed,
    overrides: &Overrides,
) -> Result<ProfileChoice> {
    match &overrides.profile {
        None => Ok(detect::detect_profile(header, &sniffed.sample)),
        Some(name) => {
            let profile = profiles::by_name(name).map_err(Error::Usage)?;
            Ok(ProfileChoice {
                profile,
                score: 0,
                reason: "chosen with --profile".into(),
            })
        }
    }
}

fn choose_kind(
    profile: &ProfileChoice,
    header: &Header,
    sniffed: &Sniffed,
    overrides: &Overrides,
) -> KindChoice {
    match overrides.kind {
        Some(kind) => KindChoice {
            kind,
            reason: "chosen with --kind".into(),
        },
        None => detect::detect_kind(profile.profile, header, &sniffed.sample),
    }
}

/// A column naming each row's record type (Jira's `Issue Type`), used to keep
/// only the rows of the file's kind in mixed exports.
fn record_type_column(kind: TableKind, header: &Header) -> Option<usize> {
    if !kind.is_ticket() && kind != TableKind::Changes {
        return None;
    }
    detect::record_type_column(header)
}

/// The single scan: every mapped column as text, named `raw:<field>`, plus the
/// row number and the record type column. A file whose kind maps no column
/// still has its rows counted, through its first column.
fn scan(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    map: &ColumnMap,
    type_column: Option<usize>,
) -> Result<DataFrame> {
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
    scan_columns(source, sniffed, header, &wanted)
}

/// Every column of an export as text, named by `Header::unique`, for
/// readers that map columns themselves (the wide survey form). Reads CSV,
/// spreadsheets and Parquet alike.
pub fn read_text_table(path: &Path, overrides: &Overrides) -> Result<(Header, DataFrame)> {
    let source = source::prepare(path, &overrides.source_options())?;
    let sniffed = match source.format {
        SourceFormat::Parquet => parquet_layout(&source)?,
        _ => sniff::sniff(&source.readable, path)?,
    };
    let header = Header::new(sniffed.header.clone());
    let wanted: Vec<(usize, String)> = header
        .unique
        .iter()
        .enumerate()
        .map(|(i, n)| (i, n.clone()))
        .collect();
    let frame = scan_columns(&source, &sniffed, &header, &wanted)?;
    Ok((header, frame))
}

/// Scans the `(column index, alias)` pairs of a prepared export as text.
fn scan_columns(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    wanted: &[(usize, String)],
) -> Result<DataFrame> {
    let path = &source.original;
    let lf = match source.format {
        SourceFormat::Parquet => {
            let mut lf = scan_parquet(source)?;
            let schema = lf.collect_schema().map_err(|e| Error::polars(path, e))?;
            let select: Vec<Expr> = wanted
                .iter()
                .map(|(i, alias)| {
                    let name = header.unique[*i].as_str();
                    let dtype = schema.get(name).cloned().unwrap_or(DataType::String);
                    as_text_typed(col(name), &dtype).alias(alias.as_str())
                })
                .collect();
            lf.select(select)
        }
        _ => {
            let schema: Schema = header
                .unique
                .iter()
                .map(|n| Field::new(n.as_str().into(), DataType::String))
                .collect();
            let readable = source.readable.to_string_lossy().to_string();
            let lf = LazyCsvReader::new(PlRefPath::new(readable))
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
                .finish()
                .map_err(|e| Error::polars(path, e))?;
            let select: Vec<Expr> = wanted
                .iter()
                .map(|(i, alias)| col(header.unique[*i].as_str()).alias(alias.as_str()))
                .collect();
            lf.select(select)
        }
    };
    // The row number is added after the scan, which keeps the scan parallel.
    lf.collect()
        .and_then(|df| df.with_row_index(ROW.into(), None))
        .map_err(|e| csv_error(path, e))
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
fn parquet_layout(source: &PreparedSource) -> Result<Sniffed> {
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

fn csv_error(path: &Path, e: PolarsError) -> Error {
    Error::Csv {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
