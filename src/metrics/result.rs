//! One metric's result, as every writer (table, JSON, CSV, report) shows it.

use super::benchmark::Benchmark;
use super::stats;
use super::trend::Trend;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    NotEvaluable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Ratio,
    Hours,
    Count,
}

/// One calendar month of a monthly metric.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthPoint {
    pub month: String,
    pub value: Option<f64>,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    /// The denominator is below the minimum sample: read the value with care.
    pub thin: bool,
}

/// A metric (one variant of it), with its n and interval (`docs/output.md`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MetricResult {
    pub id: String,
    pub variant: Option<String>,
    pub status: Status,
    pub reason: Option<String>,
    pub value: Option<f64>,
    pub unit: Unit,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_month: Vec<MonthPoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    /// How to read the figure (a proxy, a stand-in column, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A rate asked for and not yet counted (`batch`): its place in the batch.
    #[serde(skip)]
    pub pending: Option<usize>,
    /// A published reference for the figure, with its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Benchmark>,
}

impl MetricResult {
    fn base(id: &str, variant: Option<&str>, unit: Unit) -> Self {
        MetricResult {
            id: id.to_string(),
            variant: variant.map(str::to_string),
            status: Status::Ok,
            reason: None,
            value: None,
            unit,
            numerator: None,
            denominator: None,
            ci_low: None,
            ci_high: None,
            by_month: Vec::new(),
            trend: None,
            note: None,
            pending: None,
            benchmark: None,
        }
    }

    /// A placeholder for a figure the batch fills in (`batch::Batch`).
    pub fn pending(id: &str, variant: Option<&str>, unit: Unit, index: usize) -> Self {
        let mut r = Self::base(id, variant, unit);
        r.pending = Some(index);
        r
    }

    /// A rate `k / n` with its Wilson interval; with `n = 0` it is not evaluable.
    pub fn rate(id: &str, variant: Option<&str>, k: u64, n: u64, empty_reason: &str) -> Self {
        if n == 0 {
            return Self::not_evaluable(id, variant, Unit::Ratio, empty_reason);
        }
        let mut r = Self::base(id, variant, Unit::Ratio);
        r.value = Some(k as f64 / n as f64);
        r.numerator = Some(k);
        r.denominator = Some(n);
        if let Some((lo, hi)) = stats::wilson(k, n) {
            r.ci_low = Some(lo);
            r.ci_high = Some(hi);
        }
        r
    }

    /// A ratio of counts that is not a sample proportion: no interval.
    pub fn share(id: &str, variant: Option<&str>, k: u64, n: u64, empty_reason: &str) -> Self {
        let mut r = Self::rate(id, variant, k, n, empty_reason);
        r.ci_low = None;
        r.ci_high = None;
        r
    }

    pub fn count(id: &str, variant: Option<&str>, value: u64) -> Self {
        let mut r = Self::base(id, variant, Unit::Count);
        r.value = Some(value as f64);
        r
    }

    /// A duration statistic over `n` values.
    pub fn hours(
        id: &str,
        variant: Option<&str>,
        value: Option<f64>,
        n: u64,
        empty_reason: &str,
    ) -> Self {
        match value {
            Some(v) if n > 0 => {
                let mut r = Self::base(id, variant, Unit::Hours);
                r.value = Some(v);
                r.denominator = Some(n);
                r
            }
            _ => Self::not_evaluable(id, variant, Unit::Hours, empty_reason),
        }
    }

    pub fn not_evaluable(id: &str, variant: Option<&str>, unit: Unit, reason: &str) -> Self {
        let mut r = Self::base(id, variant, unit);
        r.status = Status::NotEvaluable;
        r.reason = Some(reason.to_string());
        r
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds a sentence to the note (after any there is).
    pub fn add_note(mut self, note: &str) -> Self {
        self.note = Some(match self.note.take() {
            Some(first) => format!("{first}; {note}"),
            None => note.to_string(),
        });
        self
    }

    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}
