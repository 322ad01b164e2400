//! Metrics: every figure of the contract (`shared/spec/metrics.md`) as polars
//! plans over the canonical tables, one module per discipline, each result
//! with its n, interval, monthly series and trend, or the reason it cannot be
//! computed.

pub mod benchmark;
pub mod catalog;
pub mod context;
mod engine;
pub mod enriched;
pub mod groups;
pub mod inputs;
pub mod params;
pub mod requirements;
pub mod result;
pub mod series;
pub mod stats;
pub mod trend;

mod batch;
mod change;
mod cmdb;
mod desk;
mod incident;
mod knowledge;
mod labels;
mod packed_order;
mod problem;
mod repeats;
mod resolution;
mod shared;
mod sla;
mod text_order;
mod workforce;

pub use context::WindowOptions;
pub use engine::{MetricsReport, add_groups, compute, compute_in, compute_timed};
pub use groups::GroupField;
pub use inputs::{Inputs, Sources};
pub use params::{Parameters, RepeatKey};
pub use result::{MetricResult, Status, Unit};
