//! The canonical tables a metrics run works on: exports loaded through ingest,
//! grouped by table (tickets, changes, CIs), concatenated when a table comes
//! in several files.

use crate::canonical::TableKind;
use crate::error::{Error, Result};
use crate::ingest::{self, FileReport, Overrides};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One canonical table and the fields some export actually mapped or derived.
#[derive(Debug, Clone)]
pub struct TableInput {
    pub frame: DataFrame,
    pub fields: BTreeSet<String>,
    /// Fields computed from others (field -> how), said on the figures using them.
    pub derived: BTreeMap<String, String>,
}

impl TableInput {
    pub fn has(&self, field: &str) -> bool {
        self.fields.contains(field)
    }
}

/// Where the exports come from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub incidents: Vec<PathBuf>,
    pub changes: Vec<PathBuf>,
    pub cmdb: Vec<PathBuf>,
    /// A folder whose exports are classified by detection.
    pub data_dir: Option<PathBuf>,
}

/// Every table of a run, plus the account of every file read.
#[derive(Debug, Default)]
pub struct Inputs {
    pub tickets: Option<TableInput>,
    pub changes: Option<TableInput>,
    pub cis: Option<TableInput>,
    pub files: Vec<FileReport>,
    /// Files left out: path, the table they were for, and the reason.
    pub skipped: Vec<(String, TableKind, String)>,
}

impl Inputs {
    /// A survey export found among the files (it is read by `assess`, not by metrics).
    pub fn survey_file(&self) -> Option<&Path> {
        self.skipped
            .iter()
            .find(|(_, kind, _)| *kind == TableKind::Survey)
            .map(|(path, _, _)| Path::new(path.as_str()))
    }
}

/// Export files in a folder: `.csv`, `.tsv`, `.txt`, optionally gzip, sorted by name.
pub fn export_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            path: dir.to_path_buf(),
        },
        _ => Error::io(dir, e),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let name = name.strip_suffix(".gz").unwrap_or(&name);
            [".csv", ".tsv", ".txt"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no export files (.csv, .tsv, .txt, optionally .gz) in this folder",
            dir.display()
        )));
    }
    Ok(files)
}

/// Loads every export; explicit flags force the table, `--data` detects it.
pub fn load(sources: &Sources, overrides: &Overrides) -> Result<Inputs> {
    let mut inputs = Inputs::default();
    let mut tickets = Vec::new();
    let mut changes = Vec::new();
    let mut cis = Vec::new();
    let mut jobs: Vec<(PathBuf, Option<TableKind>)> = Vec::new();
    jobs.extend(
        sources
            .incidents
            .iter()
            .map(|p| (p.clone(), Some(TableKind::Incidents))),
    );
    jobs.extend(
        sources
            .changes
            .iter()
            .map(|p| (p.clone(), Some(TableKind::Changes))),
    );
    jobs.extend(
        sources
            .cmdb
            .iter()
            .map(|p| (p.clone(), Some(TableKind::Cis))),
    );
    if let Some(dir) = &sources.data_dir {
        jobs.extend(export_files(dir)?.into_iter().map(|p| (p, None)));
    }
    for (path, wanted) in jobs {
        let loaded = load_as(&path, wanted, overrides)?;
        let kind = loaded.kind;
        let report = loaded.report.clone();
        inputs.files.push(report.clone());
        if !report.is_usable() {
            let missing: Vec<&str> = report
                .missing_required
                .iter()
                .map(|m| m.field.as_str())
                .collect();
            inputs.skipped.push((
                report.path.clone(),
                kind,
                format!(
                    "the {kind} export has no column for {} (map one with --map FIELD=COLUMN)",
                    missing.join(", ")
                ),
            ));
            continue;
        }
        let Some(frame) = loaded.frame else { continue };
        let fields: BTreeSet<String> = report
            .columns
            .keys()
            .chain(report.derived.keys())
            .cloned()
            .collect();
        let table = TableInput {
            frame,
            fields,
            derived: report.derived.clone(),
        };
        match kind {
            TableKind::Incidents | TableKind::Requests => tickets.push(table),
            TableKind::Changes => changes.push(table),
            TableKind::Cis => cis.push(table),
            TableKind::Survey | TableKind::Interactions => inputs.skipped.push((
                report.path.clone(),
                kind,
                format!("a {kind} export is not used by metrics"),
            )),
        }
    }
    inputs.tickets = concat(tickets)?;
    inputs.changes = concat(changes)?;
    inputs.cis = concat(cis)?;
    Ok(inputs)
}

/// Loads with detection; a file passed as `--incidents` that detection takes
/// for another kind is read as incidents (requests stay requests).
fn load_as(
    path: &Path,
    wanted: Option<TableKind>,
    overrides: &Overrides,
) -> Result<ingest::LoadedTable> {
    let loaded = ingest::load(path, overrides)?;
    let fits = match wanted {
        None => true,
        Some(TableKind::Incidents) => loaded.kind.is_ticket(),
        Some(k) => loaded.kind == k,
    };
    if fits || overrides.kind.is_some() {
        return Ok(loaded);
    }
    let forced = Overrides {
        kind: wanted,
        ..overrides.clone()
    };
    ingest::load(path, &forced)
}

fn concat(tables: Vec<TableInput>) -> Result<Option<TableInput>> {
    let mut iter = tables.into_iter();
    let Some(mut first) = iter.next() else {
        return Ok(None);
    };
    for t in iter {
        first
            .frame
            .vstack_mut(&t.frame)
            .map_err(|e| Error::Internal(format!("tables of one kind differ in shape: {e}")))?;
        first.fields.extend(t.fields);
        first.derived.extend(t.derived);
    }
    first.frame.rechunk_mut();
    Ok(Some(first))
}
