//! Which export files a run reads: every export in a `--data` folder, and
//! each distinct export once. A file given twice (the same path, a symlink
//! to it, or a second download with identical bytes) is read once.

use crate::canonical::TableKind;
use crate::error::{Error, Result};
use crate::ingest::source::fingerprint;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file names a `--data` folder's exports end in (each also with `.gz`).
pub const EXPORT_EXTENSIONS: &[&str] = &[
    ".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".parquet",
];

/// Export files in a folder (by `EXPORT_EXTENSIONS`), sorted by name.
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
            EXPORT_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no export files ({}, optionally .gz) in this folder",
            dir.display(),
            EXPORT_EXTENSIONS.join(", ")
        )));
    }
    Ok(files)
}

/// A file to read, and the table it was given for (`None`: detect it).
pub type Job = (PathBuf, Option<TableKind>);

/// The jobs with each export once, in order; and the repeats left out,
/// each with the file it repeats.
#[allow(clippy::type_complexity)]
pub fn distinct(jobs: Vec<Job>) -> Result<(Vec<Job>, Vec<(PathBuf, Option<TableKind>, PathBuf)>)> {
    let mut kept: Vec<Job> = Vec::new();
    let mut repeated = Vec::new();
    // Files are compared by bytes only where their sizes match.
    let mut by_size: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    let mut hashes: BTreeMap<usize, String> = BTreeMap::new();
    let mut real_paths: Vec<Option<PathBuf>> = Vec::new();
    for (path, wanted) in jobs {
        let real = std::fs::canonicalize(&path).ok();
        let size = std::fs::metadata(&path).map(|m| m.len()).ok();
        let mut same_as = real
            .as_ref()
            .and_then(|r| real_paths.iter().position(|p| p.as_ref() == Some(r)));
        if same_as.is_none()
            && let Some(size) = size
        {
            for &i in by_size.get(&size).into_iter().flatten() {
                let theirs = match hashes.get(&i) {
                    Some(h) => h.clone(),
                    None => {
                        let h = fingerprint(&kept[i].0)?.0;
                        hashes.insert(i, h.clone());
                        h
                    }
                };
                if fingerprint(&path)?.0 == theirs {
                    same_as = Some(i);
                    break;
                }
            }
        }
        match same_as {
            Some(i) => repeated.push((path, wanted, kept[i].0.clone())),
            None => {
                if let Some(size) = size {
                    by_size.entry(size).or_default().push(kept.len());
                }
                real_paths.push(real);
                kept.push((path, wanted));
            }
        }
    }
    Ok((kept, repeated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_bytes_and_links_are_one_export() {
        let dir = tempfile::tempdir().expect("dir");
        let a = dir.path().join("incidents.csv");
        let b = dir.path().join("incidents (1).csv");
        let c = dir.path().join("other.csv");
        std::fs::write(&a, b"id,opened_at\nT1,2024-01-01\n").expect("write");
        std::fs::write(&b, b"id,opened_at\nT1,2024-01-01\n").expect("write");
        std::fs::write(&c, b"id,opened_at\nT2,2024-01-01\n").expect("write");
        let jobs = vec![
            (a.clone(), None),
            (b.clone(), None),
            (c.clone(), None),
            (a.clone(), Some(TableKind::Incidents)),
        ];
        let (kept, repeated) = distinct(jobs).expect("distinct");
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1].0, c);
        assert_eq!(repeated.len(), 2);
        assert_eq!(repeated[0].0, b);
        assert_eq!(repeated[0].2, a);
    }
}
