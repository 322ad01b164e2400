//! Loads one export into a canonical table: one scan of the file for the
//! mapped columns, then parsing, normalisation, row accounting and (for event
//! logs) reduction to one row per ticket, all as polars expressions.

use super::accounting::FileReport;
use super::canonicalise::{self, Scanned};
use super::columns;
use super::header::Header;
use super::open::{self, Opened};
use super::overrides::Overrides;
use super::sample;
use super::scan;
use super::source::{self, PreparedSource, SourceFormat};
use crate::canonical::{TableKind, ValueKind};
use crate::error::{Error, Result};
use crate::timings::{Clock, Timings};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

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
    /// Time spent opening, scanning and canonicalising.
    pub timings: Timings,
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
            "Candidate columns: {}; {}.",
            missing.closest_columns.join(", "),
            missing.hint
        )
    }
}

/// Reads, maps and accounts for one export file.
pub fn load(path: &Path, overrides: &Overrides) -> Result<LoadedTable> {
    let mut timings = Timings::new();
    let start = Clock::start();
    let opened = open::open(path, overrides)?;
    let map = columns::resolve(
        path,
        opened.kind.kind,
        opened.profile.profile,
        &opened.evidence(overrides),
        overrides,
    )?;
    timings.record("ingest: open and detect", start.elapsed());
    let Opened {
        source,
        sniffed,
        header,
        profile,
        kind,
    } = opened;
    let type_column = scan::record_type_column(kind.kind, &header);
    let plan = scan::scan(&source, &sniffed, &header, &map, type_column)?;
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
        rows_read: 0,
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
        let rows_read = timings.time("ingest: scan and parse", || count_rows(&source, plan))?;
        if rows_read == 0 {
            return Err(Error::HeaderOnly {
                path: path.to_path_buf(),
            });
        }
        let reason = format!(
            "no column for required field {}",
            report
                .missing_required
                .iter()
                .map(|m| m.field.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        report.rows_read = rows_read;
        report.rows_rejected = rows_read;
        report.rejected_by_reason.insert(reason, rows_read);
        return Ok(LoadedTable {
            kind: kind.kind,
            frame: None,
            report,
            timings,
        });
    }

    let dates: Vec<(usize, String)> = map
        .mapped
        .iter()
        .filter(|m| m.spec.value == ValueKind::Timestamp)
        .map(|m| (m.column, canonicalise::raw_name(m.spec.name)))
        .collect();
    let sample = timings.time("ingest: sample for detection", || {
        sample::sample_columns(&source, &sniffed, &header, &dates)
    })?;
    let canonical = canonicalise::canonicalise(
        Scanned {
            path,
            source: &source,
            plan,
            sample,
            kind: kind.kind,
            map: &map,
            event_log: profile.profile.event_log,
            has_record_type: type_column.is_some(),
            spreadsheet: source.format.is_spreadsheet(),
        },
        overrides,
        &mut timings,
    )?;
    report.rows_read = canonical.rows_read;
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
    crate::freed_memory::return_to_system();
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
        timings,
    })
}

/// Every column of an export as text, named by `Header::unique`, for
/// readers that map columns themselves (the wide survey form). Reads CSV,
/// spreadsheets and Parquet alike.
pub fn read_text_table(path: &Path, overrides: &Overrides) -> Result<(Header, DataFrame)> {
    let source = source::prepare(path, &overrides.source_options())?;
    let sniffed = open::layout(&source)?;
    let header = Header::new(sniffed.header.clone());
    let wanted: Vec<(usize, String)> = header
        .unique
        .iter()
        .enumerate()
        .map(|(i, n)| (i, n.clone()))
        .collect();
    let frame = scan::scan_columns(&source, &sniffed, &header, &wanted)?
        .collect()
        .map_err(|e| scan::csv_error(&source, e))?;
    Ok((header, frame))
}

/// The records of a scan, counted without keeping them.
fn count_rows(source: &PreparedSource, plan: LazyFrame) -> Result<u64> {
    let counted = plan
        .select([len().alias("n")])
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| scan::csv_error(source, e))?
        .unwrap_single();
    let n = counted
        .column("n")
        .and_then(|c| c.cast(&DataType::UInt64))
        .map_err(|e| Error::polars(&source.original, e))?;
    Ok(n.u64()
        .map_err(|e| Error::polars(&source.original, e))?
        .get(0)
        .unwrap_or(0))
}
