//! Monthly rates: one query groups a table by calendar month of `opened_at`
//! and counts a denominator and a numerator; the totals, the Wilson interval,
//! the monthly series and the trend verdict follow from it.

use super::context::{MONTH, MONTH_INDEX, internal};
use super::params::Parameters;
use super::result::{MetricResult, MonthPoint};
use super::stats::Better;
use super::trend::{self, MonthCount};
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

/// Counts per month; months with no row in the denominator are left out.
/// The frame carries the month columns the context adds.
pub fn monthly_counts(
    frame: LazyFrame,
    denominator: Expr,
    numerator: Expr,
) -> Result<Vec<(i64, MonthCount)>> {
    let den = denominator.fill_null(lit(false));
    let num = den.clone().and(numerator.fill_null(lit(false)));
    let out = frame
        .filter(col(MONTH).is_not_null())
        .group_by([col(MONTH).alias("month"), col(MONTH_INDEX).alias("index")])
        .agg([
            den.cast(DataType::UInt64).sum().alias("n"),
            num.cast(DataType::UInt64).sum().alias("k"),
        ])
        .sort(["index"], SortMultipleOptions::default())
        .collect()
        .map_err(internal)?;
    let months = out
        .column("month")
        .map_err(internal)?
        .str()
        .map_err(internal)?
        .clone();
    let idx = out
        .column("index")
        .map_err(internal)?
        .i64()
        .map_err(internal)?
        .clone();
    let ns = out
        .column("n")
        .map_err(internal)?
        .u64()
        .map_err(internal)?
        .clone();
    let ks = out
        .column("k")
        .map_err(internal)?
        .u64()
        .map_err(internal)?
        .clone();
    let mut rows = Vec::with_capacity(out.height());
    for i in 0..out.height() {
        let (Some(month), Some(index)) = (months.get(i), idx.get(i)) else {
            continue;
        };
        let n = ns.get(i).unwrap_or(0);
        if n == 0 {
            continue;
        }
        rows.push((
            index,
            MonthCount {
                month: month.to_string(),
                numerator: ks.get(i).unwrap_or(0),
                denominator: n,
            },
        ));
    }
    Ok(rows)
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

/// A rate over the frame with its monthly series and trend.
pub fn monthly_rate(
    frame: LazyFrame,
    spec: RateSpec<'_>,
    params: &Parameters,
) -> Result<MetricResult> {
    let months = monthly_counts(frame, spec.denominator, spec.numerator)?;
    let k: u64 = months.iter().map(|(_, m)| m.numerator).sum();
    let n: u64 = months.iter().map(|(_, m)| m.denominator).sum();
    let mut result = MetricResult::rate(spec.id, spec.variant, k, n, spec.empty_reason);
    if result.is_ok() {
        result.by_month = points(&months, params.min_sample);
        result.trend = Some(trend::trend(&months, spec.better, params.min_sample));
    }
    Ok(result)
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
