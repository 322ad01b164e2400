//! What a monthly rate counts (`RateSpec`, counted by `batch`), its monthly
//! points, and counts of rates without a monthly series.

use super::context::internal;
use super::result::MonthPoint;
use super::stats::Better;
use super::trend::MonthCount;
use crate::error::Result;
use polars::prelude::*;

/// What a monthly rate counts.
pub struct RateSpec<'a> {
    pub id: &'a str,
    pub variant: Option<&'a str>,
    /// Rows that belong in the denominator.
    pub denominator: Expr,
    /// Rows (among the denominator's) that count in the numerator.
    pub numerator: Expr,
    pub better: Option<Better>,
    /// Said when the denominator is empty.
    pub empty_reason: &'a str,
}

/// The rows of `frame` (n) and how many of them meet `condition` (k), for
/// rates that have no monthly series.
pub fn count_where(frame: LazyFrame, condition: Expr) -> Result<(u64, u64)> {
    let counts = frame
        .select([
            len().cast(DataType::UInt64).alias("n"),
            condition
                .fill_null(lit(false))
                .cast(DataType::UInt64)
                .sum()
                .alias("k"),
        ])
        .collect()
        .map_err(internal)?;
    let get = |c: &str| -> Result<u64> {
        Ok(counts
            .column(c)
            .map_err(internal)?
            .u64()
            .map_err(internal)?
            .get(0)
            .unwrap_or(0))
    };
    Ok((get("k")?, get("n")?))
}

/// The rows of `frame` per value of `key`, as `n`, most first (ties by
/// value).
pub fn counts_most_first(frame: LazyFrame, key: &str) -> Result<DataFrame> {
    frame
        .group_by([col(key)])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .sort_by_exprs(
            [col("n"), col(key)],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
        .map_err(internal)
}

pub fn points(months: &[(i64, MonthCount)], min_sample: u64) -> Vec<MonthPoint> {
    months
        .iter()
        .map(|(_, m)| MonthPoint {
            month: m.month.clone(),
            value: (m.denominator > 0).then(|| m.numerator as f64 / m.denominator as f64),
            numerator: Some(m.numerator),
            denominator: Some(m.denominator),
            thin: m.denominator < min_sample,
        })
        .collect()
}
