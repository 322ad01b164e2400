//! Median resolution time per group, with its distribution-free interval.
//! Whether a group is slower or faster than the organisation beyond chance
//! is a sign test on the same funnel: the share of its incidents resolved
//! slower than the organisation's median, against the organisation's share
//! (one half, less ties).

use super::super::context::{Context, MS_PER_HOUR, internal};
use super::super::packed_order::Packing;
use super::super::resolution::resolution;
use super::super::stats::{median_interval, quantile_sorted};
use super::super::text_order::sorted_by_text_then;
use super::{GroupField, GroupMetric, Parts, group_texts};
use crate::error::Result;
use polars::prelude::*;

/// Resolved incidents' durations in milliseconds (non-negative) and group,
/// in no order: `sorted` orders them once collected.
pub fn plan(ctx: &Context<'_>, by: GroupField) -> Result<Option<DslPlan>> {
    let (Some(incidents), Some(res)) = (ctx.incidents(), resolution(ctx)?) else {
        return Ok(None);
    };
    let ms = res.time.cast(DataType::Int64) - col("opened_at").cast(DataType::Int64);
    let durations = incidents
        .filter(res.resolved)
        .select([col(by.name()).alias("group"), ms.alias("ms")])
        .filter(col("ms").gt_eq(lit(0)));
    Ok(Some(durations.logical_plan))
}

/// The durations as hours (`h`), sorted by group and hours: as one packed
/// sort when the group is a label (`packed_order`), else by the group's text.
pub fn sorted(durations: DataFrame) -> Result<DataFrame> {
    let hours = (col("ms").cast(DataType::Float64) / lit(MS_PER_HOUR)).alias("h");
    let plan = match Packing::of(&durations, "group", "ms")? {
        Some(packing) => durations
            .lazy()
            .sort_by_exprs(
                [packing.packed_nulls_last("group", "ms")],
                SortMultipleOptions::default(),
            )
            .select([col("group"), hours]),
        None => sorted_by_text_then(
            durations
                .lazy()
                .select([col("group").cast(DataType::String), hours]),
            "group",
            "h",
            &["h"],
        ),
    };
    plan.collect().map_err(internal)
}

/// The median per group of the sorted durations.
pub fn read(
    frame: &DataFrame,
    overall_median: f64,
    min_sample: u64,
) -> Result<Vec<(Option<String>, GroupMetric)>> {
    let runs = group_runs(frame)?;
    let hours: Vec<f64> = frame
        .column("h")
        .map_err(internal)?
        .f64()
        .map_err(internal)?
        .iter()
        .map(|h| h.unwrap_or(0.0))
        .collect();
    let slower = |values: &[f64]| values.iter().filter(|h| **h > overall_median).count() as u64;
    let total = hours.len() as u64;
    if total == 0 {
        return Ok(Vec::new());
    }
    let share_slower = slower(&hours) as f64 / total as f64;
    let mut figures = Vec::new();
    for (i, (start, group)) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(hours.len(), |(next, _)| *next);
        let values = &hours[*start..end];
        let n = values.len() as u64;
        let parts = Parts {
            id: "incident.mttr_hours".into(),
            variant: Some("median".into()),
            value: quantile_sorted(values, 0.5),
            numerator: None,
            n,
            interval: median_interval(values),
            test: (slower(values), n, share_slower),
        };
        figures.push((group.clone(), GroupMetric::judged(parts, min_sample)));
    }
    Ok(figures)
}

/// Where each group's rows start in the sorted frame, with the group's
/// name: found by comparing each row's group with the row before, so that
/// only one name per group is made.
fn group_runs(frame: &DataFrame) -> Result<Vec<(usize, Option<String>)>> {
    let starts = frame
        .clone()
        .lazy()
        .with_row_index("row", None)
        .filter(
            col("group")
                .neq_missing(col("group").shift(lit(1)))
                .or(col("row").eq(lit(0))),
        )
        .select([col("row"), col("group")])
        .collect()
        .map_err(internal)?;
    let rows = starts
        .column("row")
        .map_err(internal)?
        .idx()
        .map_err(internal)?;
    let names = group_texts(&starts)?;
    Ok(rows
        .iter()
        .zip(names.iter())
        .filter_map(|(row, name)| Some((row? as usize, name.map(str::to_string))))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Runs = Vec<(usize, Option<String>)>;

    fn runs_and_hours(frame: &DataFrame) -> (Runs, Vec<Option<f64>>) {
        let hours = frame.column("h").expect("h").f64().expect("f64");
        (group_runs(frame).expect("runs"), hours.iter().collect())
    }

    /// Durations sorted as one packed integer (a label group) give the same
    /// runs and hours as sorted by the group's text, the rows without a
    /// group last and in order too.
    #[test]
    fn label_and_text_groups_sort_alike() {
        let groups = [Some("b"), None, Some("a"), Some("b"), None, Some("a")];
        let ms: Vec<i64> = [5, 9, 3, 1, 2, 7].iter().map(|h| h * 3_600_000).collect();
        let text = df!("group" => groups, "ms" => ms).expect("frame");
        let labels = text
            .clone()
            .lazy()
            .with_column(col("group").cast(DataType::from_categories(Categories::global())))
            .collect()
            .expect("labels");
        assert!(
            Packing::of(&labels, "group", "ms")
                .expect("bounds")
                .is_some()
        );
        let (label_runs, label_hours) = runs_and_hours(&sorted(labels).expect("sorted"));
        let (text_runs, text_hours) = runs_and_hours(&sorted(text).expect("sorted"));
        // The rows without a group come last, in order of their hours.
        assert_eq!(label_hours[4..], text_hours[4..]);
        assert!(label_hours[4] < label_hours[5]);
        assert_eq!(
            text_runs,
            vec![(0, Some("a".into())), (2, Some("b".into())), (4, None)]
        );
        // The labels' numbers may put b before a; each run holds the same hours.
        let by_name = |runs: &[(usize, Option<String>)], hours: &[Option<f64>]| {
            let mut named: Vec<(Option<String>, Vec<Option<f64>>)> = runs
                .iter()
                .enumerate()
                .map(|(i, (start, name))| {
                    let end = runs.get(i + 1).map_or(hours.len(), |(next, _)| *next);
                    (name.clone(), hours[*start..end].to_vec())
                })
                .collect();
            named.sort_by(|a, b| a.0.cmp(&b.0));
            named
        };
        assert_eq!(
            by_name(&label_runs, &label_hours),
            by_name(&text_runs, &text_hours)
        );
    }
}
