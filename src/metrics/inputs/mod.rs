//! The canonical tables a metrics run works on: exports loaded through ingest,
//! grouped by table (tickets, changes, CIs), merged when a table comes in
//! several files. The same export given twice is read once (`files`), and a
//! ticket or change in two files is counted once (`merge`).

mod files;
mod merge;

pub use files::export_files;

use crate::canonical::TableKind;
use crate::error::Result;
use crate::ingest::{self, FileReport, Overrides};
use crate::timings::{Clock, Timings};
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
    /// Time spent reading and merging.
    pub timings: Timings,
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
    let (jobs, repeated) = files::distinct(jobs)?;
    for loaded in load_largest_first(&jobs, overrides)? {
        inputs.timings.extend(&loaded.timings);
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
        let table = TableInput {
            frame,
            fields: report.fields(),
            derived: report.derived.clone(),
        };
        let file = inputs.files.len() - 1;
        match kind {
            TableKind::Incidents | TableKind::Requests => tickets.push((table, file)),
            TableKind::Changes => changes.push((table, file)),
            TableKind::Cis => cis.push((table, file)),
            TableKind::Survey | TableKind::Interactions => inputs.skipped.push((
                report.path.clone(),
                kind,
                format!("a {kind} export is not used by metrics"),
            )),
        }
    }
    for (path, _, first) in repeated {
        // A repeat is listed under the kind its first copy was read as.
        let shown = first.display().to_string();
        let kind = inputs
            .files
            .iter()
            .find(|f| f.path == shown)
            .and_then(|f| f.kind.parse::<TableKind>().ok())
            .unwrap_or(TableKind::Incidents);
        inputs.skipped.push((
            path.display().to_string(),
            kind,
            format!("the same export as {shown} (identical bytes): read once"),
        ));
    }
    let start = Clock::start();
    inputs.tickets = merge::merge(tickets, true, &mut inputs.files)?;
    inputs.changes = merge::merge(changes, true, &mut inputs.files)?;
    // CIs sharing a name are kept, across files as within one: duplicate
    // names are a CMDB finding.
    inputs.cis = merge::merge(cis, false, &mut inputs.files)?;
    inputs
        .timings
        .record("ingest: merge files", start.elapsed());
    Ok(inputs)
}

/// Every job's table, in the jobs' order, loaded largest file first: a
/// scan's peak holds the file's mapped bytes and its columns beside the
/// tables already loaded, and the largest file's peak is the run's, so it
/// is best reached while the others are not yet held.
fn load_largest_first(
    jobs: &[(PathBuf, Option<TableKind>)],
    overrides: &Overrides,
) -> Result<Vec<ingest::LoadedTable>> {
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&jobs[i].0)));
    let mut loaded: Vec<Option<ingest::LoadedTable>> = jobs.iter().map(|_| None).collect();
    for i in order {
        let (path, wanted) = &jobs[i];
        loaded[i] = Some(load_as(path, *wanted, overrides)?);
    }
    Ok(loaded.into_iter().flatten().collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_largest_file_first_come_in_the_jobs_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let jobs: Vec<(PathBuf, Option<TableKind>)> =
            ["changes.csv", "cmdb_ci.csv", "incidents.csv"]
                .iter()
                .map(|name| (dir.join(name), None))
                .collect();
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        assert!(size(&jobs[2].0) > size(&jobs[0].0).max(size(&jobs[1].0)));
        let loaded = load_largest_first(&jobs, &Overrides::default()).expect("load");
        let kinds: Vec<TableKind> = loaded.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [TableKind::Changes, TableKind::Cis, TableKind::Incidents]
        );
        let paths: Vec<String> = loaded.iter().map(|l| l.report.path.clone()).collect();
        let expected: Vec<String> = jobs.iter().map(|(p, _)| p.display().to_string()).collect();
        assert_eq!(paths, expected);
    }
}
