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
    let several = tables.len() > 1;
    let mut iter = tables.into_iter();
    let Some((mut first, first_file)) = iter.next() else {
        return Ok(None);
    };
    if !several {
        return Ok(Some(first));
    }
    let tag = |frame: &DataFrame, file: usize| -> PolarsResult<DataFrame> {
        frame
            .clone()
            .lazy()
            .with_column(lit(file as u32).cast(DataType::UInt32).alias(FILE))
            .collect()
    };
    let mut stacked = tag(&first.frame, first_file).map_err(internal)?;
    for (t, file) in iter {
        stacked
            .vstack_mut(&tag(&t.frame, file).map_err(internal)?)
            .map_err(|e| Error::Internal(format!("tables of one kind differ in shape: {e}")))?;
        first.fields.extend(t.fields);
        first.derived.extend(t.derived);
    }
    stacked.rechunk_mut();
    if one_per_id && ids_may_repeat(&stacked).map_err(internal)? {
        let superseded = col(FILE)
            .lt(col(FILE).max().over([col("id")]).map_err(internal)?)
            .alias("__superseded");
        let flagged = stacked
            .lazy()
            .with_column(superseded)
            .collect()
            .map_err(internal)?;
        let counts = flagged
            .clone()
            .lazy()
            .filter(col("__superseded"))
            .group_by([col(FILE)])
            .agg([len().cast(DataType::UInt64).alias("n")])
            .collect()
            .map_err(internal)?;
        let file_ids = counts
            .column(FILE)
            .map_err(internal)?
            .u32()
            .map_err(internal)?;
        let ns = counts
            .column("n")
            .map_err(internal)?
            .u64()
            .map_err(internal)?;
        for (file, n) in file_ids.iter().zip(ns.iter()) {
            if let (Some(file), Some(n)) = (file, n)
                && let Some(report) = files.get_mut(file as usize)
            {
                report.ids_in_later_files = n;
            }
        }
        stacked = flagged
            .lazy()
            .filter(col("__superseded").not())
            .drop(by_name(["__superseded"], true, false))
            .collect()
            .map_err(internal)?;
    }
    first.frame = stacked
        .lazy()
        .drop(by_name([FILE], true, false))
        .collect()
        .map_err(internal)?;
    Ok(Some(first))
}

/// Whether two files may hold one id. Exports of different kinds usually
/// number their records apart (`INC…`, `RITM…`): when every file's ids lie
/// in a range no other file's range meets, no id can repeat, and the search
/// for repeats over all ids is skipped.
fn ids_may_repeat(stacked: &DataFrame) -> PolarsResult<bool> {
    let ranges = stacked
        .clone()
        .lazy()
        .group_by([col(FILE)])
        .agg([col("id").min().alias("low"), col("id").max().alias("high")])
        .sort([FILE], SortMultipleOptions::default())
        .collect()?;
    let lows = ranges.column("low")?.str()?.clone();
    let highs = ranges.column("high")?.str()?.clone();
    let spans: Vec<(&str, &str)> = lows
        .iter()
        .zip(highs.iter())
        .filter_map(|(l, h)| Some((l?, h?)))
        .collect();
    Ok(spans.iter().enumerate().any(|(i, (low, high))| {
        spans[i + 1..]
            .iter()
            .any(|(other_low, other_high)| low <= other_high && other_low <= high)
    }))
}
