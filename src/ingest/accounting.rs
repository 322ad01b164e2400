//! The account of one file: what was detected, how columns were mapped, and
//! where every row went. `rows_read == rows_kept + rows_rejected` always.

use serde::Serialize;
use std::collections::BTreeMap;

/// Most frequent unknown values listed per field; the rest are summed under `OTHER_VALUES`.
pub const UNKNOWN_VALUES_LISTED: usize = 30;
pub const OTHER_VALUES: &str = "(other values)";

/// Everything `inspect` reports about one file (`docs/output.md`).
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub kind: String,
    pub kind_reason: String,
    pub profile: String,
    pub profile_score: u32,
    pub profile_reason: String,
    pub encoding: String,
    pub compressed: bool,
    pub delimiter: String,
    /// canonical field -> source column
    pub columns: BTreeMap<String, String>,
    /// fields mapped by `--map` or a mapping file rather than the profile
    pub columns_mapped_by_user: Vec<String>,
    pub unmapped_columns: Vec<String>,
    pub empty_trailing_columns: usize,
    /// canonical field -> chrono format(s), `A | B` when two are needed
    pub date_formats: BTreeMap<String, String>,
    pub rows_read: u64,
    pub rows_kept: u64,
    pub rows_rejected: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// canonical field -> share of kept rows with no value
    pub missing_share: BTreeMap<String, f64>,
    /// normalised field -> {source value: rows}
    pub unknown_values: BTreeMap<String, BTreeMap<String, u64>>,
    /// date and count field -> values present but unreadable
    pub parse_failures: BTreeMap<String, u64>,
    /// event logs: tickets left after keeping the last row per id
    pub tickets_after_reduction: Option<u64>,
    /// rows whose id appeared on an earlier row: rejected for tickets and
    /// changes, kept (and only counted) for CIs
    pub duplicate_ids: u64,
    /// required fields no column was found for; the file cannot be used until mapped
    pub missing_required: Vec<MissingField>,
}

/// A required field without a column, and what the user can do about it.
#[derive(Debug, Clone, Serialize)]
pub struct MissingField {
    pub field: String,
    pub closest_columns: Vec<String>,
    pub hint: String,
}

impl FileReport {
    /// Checks the accounting identity; a failure is a bug.
    pub fn is_balanced(&self) -> bool {
        self.rows_read == self.rows_kept + self.rows_rejected
            && self.rows_rejected == self.rejected_by_reason.values().sum::<u64>()
    }

    pub fn is_usable(&self) -> bool {
        self.missing_required.is_empty()
    }
}
