//! Loads one export into a canonical table: one scan of the file for the
//! mapped columns, then parsing, normalisation, row accounting and (for event
//! logs) reduction to one row per ticket, all as polars expressions.

use super::accounting::FileReport;
use super::canonicalise::{self, Canonicalised};
use super::columns::{self, ColumnMap};
use super::detect::{self, KindChoice, ProfileChoice};
use super::header::Header;
use super::overrides::Overrides;
use super::profiles;
use super::sniff::{self, Sniffed};
use super::source::{self, PreparedSource};
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
    let source = source::prepare(path)?;
    let sniffed = sniff::sniff(&source.readable, path)?;
    let header = Header::new(sniffed.header.clone());
    let profile = choose_profile(&header, &sniffed, overrides)?;
    let kind = choose_kind(&profile, &header, &sniffed, overrides);
    let map = columns::resolve(
        path,
        kind.kind,
        profile.profile,
        &header,
        &sniffed.sample,
        overrides,
    )?;
    let type_column = record_type_column(kind.kind, &header);
    let raw = scan(&source, &sniffed, &header, &map, type_column)?;
    if raw.height() == 0 {
        return Err(Error::HeaderOnly {
            path: path.to_path_buf(),
        });
    }
    let rows_read = raw.height() as u64;

    let mut report = FileReport {
        path: path.display().to_string(),
        kind: kind.kind.name().to_string(),
        kind_reason: kind.reason,
        profile: profile.profile.name.to_string(),
        profile_score: profile.score,
        profile_reason: profile.reason,
        encoding: source.encoding.name().to_string(),
        compressed: source.gzip,
        delimiter: sniffed.delimiter_name().to_string(),
        columns: map
            .mapped
            .iter()
            .map(|m| (m.spec.name.to_string(), header.unique[m.column].clone()))
            .collect(),
        columns_mapped_by_user: map
            .mapped
            .iter()
            .filter(|m| m.by_user)
            .map(|m| m.spec.name.to_string())
            .collect(),
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
        parse_failures: BTreeMap::new(),
        tickets_after_reduction: None,
        duplicate_ids: 0,
        missing_required: map.missing_required.clone(),
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

    let Canonicalised {
        frame,
        date_formats,
        rejected_by_reason,
        missing_share,
        unknown_values,
        parse_failures,
        tickets_after_reduction,
        rows_kept,
        duplicate_ids,
    } = canonicalise::canonicalise(
        path,
        raw,
        kind.kind,
        &map,
        overrides,
        profile.profile.event_log,
        type_column.is_some(),
    )?;
    report.date_formats = date_formats;
    report.rows_kept = rows_kept;
    report.rows_rejected = rejected_by_reason.values().sum();
    report.rejected_by_reason = rejected_by_reason;
    report.missing_share = missing_share;
    report.unknown_values = unknown_values;
    report.parse_failures = parse_failures;
    report.tickets_after_reduction = tickets_after_reduction;
    report.duplicate_ids = duplicate_ids;
    if !report.is_balanced() {
        return Err(Error::Internal(format!(
            "{}: rows do not add up: read {}, kept {}, rejected {}",
            report.path, report.rows_read, report.rows_kept, report.rows_rejected
        )));
    }
    Ok(LoadedTable {
        kind: kind.kind,
        frame: Some(frame),
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
    if !matches!(
        kind,
        TableKind::Changes | TableKind::Incidents | TableKind::Requests
    ) {
        return None;
    }
    ["Issue Type", "sys_class_name", "ticket_type"]
        .iter()
        .find_map(|c| header.find(c))
}

/// The single scan: every mapped column as text, named `raw:<field>`, plus the
/// row number and the record type column.
fn scan(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    map: &ColumnMap,
    type_column: Option<usize>,
) -> Result<DataFrame> {
    let path = &source.original;
    let schema: Schema = header
        .unique
        .iter()
        .map(|n| Field::new(n.as_str().into(), DataType::String))
        .collect();
    let readable = source.readable.to_string_lossy().to_string();
    let lf = LazyCsvReader::new(PlRefPath::new(readable))
        .with_separator(sniffed.delimiter)
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .with_missing_is_null(true)
        .with_truncate_ragged_lines(true)
        .with_null_values(Some(NullValues::AllColumns(
            NULL_MARKERS.iter().map(|s| (*s).into()).collect(),
        )))
        .finish()
        .map_err(|e| Error::polars(path, e))?;
    let mut select = Vec::new();
    for m in &map.mapped {
        select
            .push(col(header.unique[m.column].as_str()).alias(canonicalise::raw_name(m.spec.name)));
    }
    if let Some(t) = type_column {
        select.push(col(header.unique[t].as_str()).alias(canonicalise::RECORD_TYPE));
    }
    // The row number is added after the scan, which keeps the scan parallel.
    lf.select(select)
        .collect()
        .and_then(|df| df.with_row_index(ROW.into(), None))
        .map_err(|e| csv_error(path, e))
}

fn csv_error(path: &Path, e: PolarsError) -> Error {
    Error::Csv {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
