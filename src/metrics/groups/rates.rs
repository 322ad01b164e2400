//! Rates per group: each table's rates counted in one grouped query, with
//! the same denominators and numerators as the organisation-wide figures.

use super::super::batch::{CountedRate, summed};
use super::super::context::internal;
use super::super::stats::wilson;
use super::{GroupField, GroupMetric, Parts, group_names};
use crate::error::Result;
use polars::prelude::*;

/// One plan per table: the indices (into `wanted`) it counts, grouped by `by`.
pub fn plans(wanted: &[CountedRate], by: GroupField) -> Vec<(Vec<usize>, DslPlan)> {
    let mut tables: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, rate) in wanted.iter().enumerate() {
        match tables.iter_mut().find(|(t, _)| *t == rate.table) {
            Some((_, members)) => members.push(i),
            None => tables.push((rate.table, vec![i])),
        }
    }
    tables
        .into_iter()
        .map(|(_, members)| {
            let flags: Vec<Expr> = members.iter().flat_map(|&i| wanted[i].flags(i)).collect();
            let plan = summed(
                wanted[members[0]].frame.clone(),
                [col(by.name()).alias("group")],
                flags,
                &members,
            )
            .logical_plan;
            (members, plan)
        })
        .collect()
}

/// The figures of one table's grouped result.
pub fn read(
    out: &DataFrame,
    members: &[usize],
    wanted: &[CountedRate],
    overall: &dyn Fn(&str, Option<&str>) -> Option<f64>,
    min_sample: u64,
) -> Result<Vec<(Option<String>, GroupMetric)>> {
    let groups = group_names(out)?;
    let mut figures = Vec::new();
    for &i in members {
        let rate = &wanted[i];
        let Some(p) = overall(&rate.id, rate.variant.as_deref()) else {
            continue;
        };
        let column = |name: String| -> Result<Vec<u64>> {
            let c = out
                .column(&name)
                .map_err(internal)?
                .u64()
                .map_err(internal)?;
            Ok(c.iter().map(|v| v.unwrap_or(0)).collect())
        };
        let ns = column(format!("n{i}"))?;
        let ks = column(format!("k{i}"))?;
        for ((group, n), k) in groups.iter().zip(ns).zip(ks) {
            if n == 0 {
                continue;
            }
            let parts = Parts {
                id: rate.id.clone(),
                variant: rate.variant.clone(),
                value: Some(k as f64 / n as f64),
                numerator: Some(k),
                n,
                interval: wilson(k, n),
                test: (k, n, p),
            };
            figures.push((group.clone(), GroupMetric::judged(parts, min_sample)));
        }
    }
    Ok(figures)
}
