//! Problem management: are repeat clusters linked to problem records, and how
//! many incidents link to a problem at all.

use super::batch::RateFrame;
use super::context::{Context, MS_PER_DAY, internal};
use super::packed_order::Packing;
use super::result::{MetricResult, Unit};
use super::series::{RateSpec, count_where};
use super::shared;
use super::stats::Better;
use super::text_order::grouped_by_label_then;
use crate::canonical::TableKind;
use crate::error::Result;
use polars::prelude::*;

pub fn compute(ctx: &Context<'_>) -> Result<Vec<MetricResult>> {
    Ok(vec![clusters_addressed(ctx)?, incident_link_rate(ctx)?])
}

/// A repeat cluster is a CI with at least m incidents in the window inside some
/// span of W2 days (counted once per CI). It is addressed when one of the CI's
/// incidents in the window links to a problem record.
fn clusters_addressed(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "problem.repeat_clusters_addressed";
    let fields = [("ci", "CI"), ("problem_id", "problem reference")];
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &fields) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let Some(clusters) = shared::clusters(ctx)? else {
        return Err(crate::error::Error::Internal(
            "repeat clusters missing for incidents with a CI column".into(),
        ));
    };
    let clusters = clusters.lazy().filter(col("cluster"));
    let (k, n) = count_where(clusters, col("linked"))?;
    Ok(MetricResult::rate(
        ID,
        None,
        k,
        n,
        "no repeat clusters in the window",
    ))
}

/// One row per CI named by `incidents`: `cluster` when at least m of its
/// incidents fall inside some span of W2 days, `linked` when any names a problem.
pub(crate) fn cluster_flags(incidents: LazyFrame, size: u32, span_days: u32) -> Result<DataFrame> {
    const GROUP: &str = "__group";
    const TIME: &str = "__time";
    let m = size.max(1) as i64;
    let span = span_days as i64 * MS_PER_DAY;
    let named = incidents
        .select([
            col("ci"),
            col("opened_at"),
            col("problem_id").is_not_null().alias("linked"),
        ])
        .filter(col("ci").is_not_null())
        .collect()
        .map_err(internal)?;
    // Which CI comes first does not matter, only that each CI's incidents
    // are together in time order.
    let sorted = match Packing::of(&named, "ci", "opened_at")? {
        Some(packing) => {
            let packed = packing.packed("ci", "opened_at");
            named
                .lazy()
                .select([col("ci"), col("linked"), packed.alias(TIME)])
                .sort([TIME], SortMultipleOptions::default())
                .with_columns([
                    packing.number(col(TIME)).alias(GROUP),
                    packing.millis(col(TIME)).alias(TIME),
                ])
        }
        None => grouped_by_label_then(named.lazy(), "ci", "opened_at").with_columns([
            col("ci").alias(GROUP),
            col("opened_at").cast(DataType::Int64).alias(TIME),
        ]),
    };
    // Sorted by CI and time, the incident m-1 rows up is the same CI's
    // (m-1)th before when it names the same CI.
    let earlier = when(col(GROUP).eq(col(GROUP).shift(lit(m - 1))))
        .then(col(TIME).shift(lit(m - 1)))
        .otherwise(lit(NULL).cast(DataType::Int64));
    sorted
        .with_column(
            (col(TIME) - earlier)
                .lt_eq(lit(span))
                .fill_null(lit(false))
                .alias("closes_cluster"),
        )
        .group_by([col("ci")])
        .agg([
            col("closes_cluster").any(true).alias("cluster"),
            col("linked").any(true),
        ])
        .collect()
        .map_err(internal)
}

fn incident_link_rate(ctx: &Context<'_>) -> Result<MetricResult> {
    const ID: &str = "problem.incident_link_rate";
    if let Some(reason) = ctx.lacks(TableKind::Incidents, &[("problem_id", "problem reference")]) {
        return Ok(MetricResult::not_evaluable(ID, None, Unit::Ratio, &reason));
    }
    let spec = RateSpec {
        id: ID,
        variant: None,
        denominator: lit(true),
        numerator: col("problem_id").is_not_null(),
        better: Some(Better::Higher),
        empty_reason: "no incidents in the window",
    };
    Ok(ctx.batch.rate(RateFrame::Incidents, spec))
}

#[cfg(test)]
mod tests {
    use super::super::packed_order::labelled_times;
    use super::*;

    fn incidents(cis: &[&str], days: &[i64], problems: &[Option<&str>]) -> LazyFrame {
        let cis: Vec<Option<&str>> = cis.iter().map(|c| Some(*c)).collect();
        let opened: Vec<i64> = days.iter().map(|d| d * MS_PER_DAY).collect();
        let mut frame = labelled_times("ci", &cis, "opened_at", &opened);
        frame
            .with_column(Column::new("problem_id".into(), problems))
            .expect("problems");
        frame.lazy()
    }

    fn by_ci(flags: DataFrame) -> Vec<(String, bool, bool)> {
        let text = flags
            .lazy()
            .select([
                col("ci").cast(DataType::String),
                col("cluster"),
                col("linked"),
            ])
            .sort(["ci"], SortMultipleOptions::default())
            .collect()
            .expect("sorted");
        let cis = text.column("ci").expect("ci").str().expect("str").clone();
        let cluster = text
            .column("cluster")
            .expect("c")
            .bool()
            .expect("bool")
            .clone();
        let linked = text
            .column("linked")
            .expect("l")
            .bool()
            .expect("bool")
            .clone();
        (0..text.height())
            .map(|i| {
                (
                    cis.get(i).unwrap_or_default().to_string(),
                    cluster.get(i).unwrap_or_default(),
                    linked.get(i).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Three incidents within 90 days make a cluster, wherever the CI's rows
    /// stand; the same flags whether the times are packed with the CI's
    /// number or, spanning too much to pack, sorted by both.
    #[test]
    fn clusters_are_the_same_packed_or_sorted_by_both() {
        let cis = ["x", "y", "x", "y", "x", "y", "z"];
        let days = [0, 0, 50, 100, 80, 200, 10];
        let problems = [None, None, None, Some("PRB1"), None, None, Some("PRB2")];
        let packed = cluster_flags(incidents(&cis, &days, &problems), 3, 90).expect("flags");
        let expected = vec![
            ("x".to_string(), true, false),
            ("y".to_string(), false, true),
            ("z".to_string(), false, true),
        ];
        assert_eq!(by_ci(packed), expected);
        let mut far = days.to_vec();
        far[6] = i64::MIN / MS_PER_DAY + 1;
        let unpacked = cluster_flags(incidents(&cis, &far, &problems), 3, 90).expect("flags");
        assert_eq!(by_ci(unpacked), expected);
    }
}
