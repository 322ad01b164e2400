//! Helpers: every file a run wrote, as text to search, Parquet tables read
//! back with polars (column names and every value).

use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir`.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file of a folder (relative path) and its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).expect("prefix").display().to_string();
            (rel, std::fs::read(&p).expect("read"))
        })
        .collect()
}

/// A Parquet table as text: its column names and every distinct value of
/// each, one a line.
pub fn parquet_text(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("parquet");
    let frame = ParquetReader::new(file).finish().expect("a Parquet table");
    let mut text = String::new();
    for column in frame.columns() {
        text.push_str(column.name());
        text.push('\n');
        let as_text = column
            .cast(&DataType::String)
            .expect("every column casts to text");
        let distinct: std::collections::BTreeSet<&str> =
            as_text.str().expect("text").iter().flatten().collect();
        for v in distinct {
            text.push_str(v);
            text.push('\n');
        }
    }
    text
}

/// (file, its text) for every file of a report folder; Parquet read back,
/// PNG left out (its text is pixels), everything else read as bytes.
pub fn texts(dir: &Path) -> Vec<(String, String)> {
    files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "png"))
        .map(|p| {
            let text = if p.extension().is_some_and(|e| e == "parquet") {
                parquet_text(&p)
            } else {
                String::from_utf8_lossy(&std::fs::read(&p).expect("read")).into_owned()
            };
            (p.display().to_string(), text)
        })
        .collect()
}

/// The needles found in any of the texts, with where: empty when none is.
/// Case is ignored.
pub fn found(texts: &[(String, String)], needles: &[String]) -> Vec<String> {
    let needles: Vec<(String, &String)> = needles.iter().map(|n| (n.to_lowercase(), n)).collect();
    let mut hits = Vec::new();
    for (name, text) in texts {
        let lower = text.to_lowercase();
        for (n, original) in &needles {
            if lower.contains(n.as_str()) {
                hits.push(format!("`{original}` in {name}"));
            }
        }
    }
    hits
}
