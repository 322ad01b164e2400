//! Several exports of one table become one table. A ticket or change whose
//! id a later file also holds is counted once, from the later file (a newer
//! download supersedes an older one), and each earlier file's report says
//! how many of its records were superseded.

use super::TableInput;
use crate::error::{Error, Result};
use crate::ingest::FileReport;
use polars::prelude::*;

const FILE: &str = "__file";

/// Stacks the tables (each with the index of its file's report, in file
/// order); with `one_per_id`, drops every row whose id a later file has.
pub fn merge(
    tables: Vec<(TableInput, usize)>,
    one_per_id: bool,
    files: &mut [FileReport],
) -> Result<Option<TableInput>> {
    let internal = |e: PolarsError| Error::Internal(format!("merging tables of one kind: {e}"));
    let frames: Vec<&DataFrame> = tables.iter().map(|(t, _)| &t.frame).collect();
    let settle = one_per_id && frames.len() > 1 && ids_may_repeat(&frames).map_err(internal)?;
    let tag = |frame: &DataFrame, file: usize| -> PolarsResult<DataFrame> {
        if !settle {
            return Ok(frame.clone());
        }
        frame
            .clone()
            .lazy()
            .with_column(lit(file as u32).cast(DataType::UInt32).alias(FILE))
            .collect()
    };
    let mut iter = tables.into_iter();
    let Some((mut first, first_file)) = iter.next() else {
        return Ok(None);
    };
    let mut stacked = tag(&first.frame, first_file).map_err(internal)?;
    for (t, file) in iter {
        stacked
            .vstack_mut(&tag(&t.frame, file).map_err(internal)?)
            .map_err(|e| Error::Internal(format!("tables of one kind differ in shape: {e}")))?;
        first.fields.extend(t.fields);
        first.derived.extend(t.derived);
    }
    first.frame = if settle {
        superseded_dropped(stacked, files).map_err(internal)?
    } else {
        stacked
    };
    Ok(Some(first))
}

/// The stacked rows without those whose id a later file holds; each file's
/// report gets the number of its rows dropped so.
fn superseded_dropped(mut stacked: DataFrame, files: &mut [FileReport]) -> PolarsResult<DataFrame> {
    stacked.rechunk_mut();
    let superseded = col(FILE)
        .lt(col(FILE).max().over([col("id")])?)
        .alias("__superseded");
    let flagged = stacked.lazy().with_column(superseded).collect()?;
    let counts = flagged
        .clone()
        .lazy()
        .filter(col("__superseded"))
        .group_by([col(FILE)])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let file_ids = counts.column(FILE)?.u32()?;
    let ns = counts.column("n")?.u64()?;
    for (file, n) in file_ids.iter().zip(ns.iter()) {
        if let (Some(file), Some(n)) = (file, n)
            && let Some(report) = files.get_mut(file as usize)
        {
            report.ids_in_later_files = n;
        }
    }
    flagged
        .lazy()
        .filter(col("__superseded").not())
        .drop(by_name(["__superseded", FILE], true, false))
        .collect()
}

/// Whether two files may hold one id. Exports of different kinds usually
/// number their records apart (`INC…`, `RITM…`): when every file's ids lie
/// in a range no other file's range meets, no id can repeat, and the search
/// for repeats over all ids is skipped.
fn ids_may_repeat(frames: &[&DataFrame]) -> PolarsResult<bool> {
    let mut spans: Vec<(String, String)> = Vec::new();
    for frame in frames {
        let range = (*frame)
            .clone()
            .lazy()
            .select([col("id").min().alias("low"), col("id").max().alias("high")])
            .collect()?;
        let low = range.column("low")?.str()?.get(0).map(str::to_string);
        let high = range.column("high")?.str()?.get(0).map(str::to_string);
        if let (Some(low), Some(high)) = (low, high) {
            spans.push((low, high));
        }
    }
    Ok(spans.iter().enumerate().any(|(i, (low, high))| {
        spans[i + 1..]
            .iter()
            .any(|(other_low, other_high)| low <= other_high && other_low <= high)
    }))
}
