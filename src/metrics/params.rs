//! The parameters of the metric definitions, with the contract's defaults.
//! Every run echoes them in its output.

use serde::Serialize;

/// What repeat incidents are keyed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepeatKey {
    Ci,
    CiCategory,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    /// W: an incident repeats when the same key had an incident this many days before.
    pub repeat_window_days: u32,
    pub repeat_key: RepeatKey,
    /// k: incidents reassigned at least this often are ping-pong.
    pub reassignment_threshold: u32,
    /// H: hours after a change's end in which an incident on its CI marks it failed (inferred).
    pub change_inference_hours: u32,
    /// p: the priority (or higher, i.e. lower number) of such incidents.
    pub change_inference_priority: u32,
    /// m: incidents on one CI that make a repeat cluster ...
    pub cluster_size: u32,
    /// W2: ... inside a span of this many days.
    pub cluster_span_days: u32,
    /// S: an operational CI not updated or discovered for this many days is stale.
    pub stale_days: u32,
    /// A: open incidents older than this many days are aged backlog.
    pub aged_backlog_days: u32,
    /// Denominators below this are flagged as thin (months) and too small (maturity).
    pub min_sample: u64,
    /// Resolution targets in hours for priorities 1..5, used when an export has no SLA column.
    pub sla_target_hours: [f64; 5],
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters {
            repeat_window_days: 30,
            repeat_key: RepeatKey::Ci,
            reassignment_threshold: 3,
            change_inference_hours: 48,
            change_inference_priority: 2,
            cluster_size: 3,
            cluster_span_days: 90,
            stale_days: 60,
            aged_backlog_days: 30,
            min_sample: 30,
            sla_target_hours: [4.0, 8.0, 24.0, 72.0, 120.0],
        }
    }
}
