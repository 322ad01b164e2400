//! The account of one file: what was detected, how columns were mapped, and
//! where every row went. `rows_read == rows_kept + rows_rejected` always.

use super::columns::MatchedBy;
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
    /// `csv`, `xlsx`, `xls`, `xlsb`, `ods` or `parquet`
    pub format: String,
    /// the sheet read, for a workbook
    pub sheet: Option<String>,
    pub encoding: String,
    pub compressed: bool,
    pub delimiter: String,
    /// what was done to read the file that a user should know (line ends
    /// converted, title rows skipped, fields derived ...)
    pub notes: Vec<String>,
    /// canonical field -> source column
    pub columns: BTreeMap<String, String>,
    /// canonical field -> how its column was found: `user`, `profile`,
    /// `meaning` (its name means the field and its values fit) or `values`
    pub matched_by: BTreeMap<String, MatchedBy>,
    /// fields mapped by `--map` or a mapping file rather than the profile
    pub columns_mapped_by_user: Vec<String>,
    /// canonical field -> how it was computed, for fields no column holds
    /// (`resolved_at` from an opened time and a duration)
    pub derived: BTreeMap<String, String>,
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
    /// normalised field -> {source value: rows} for values no rule or map knows
    pub unknown_values: BTreeMap<String, BTreeMap<String, u64>>,
    /// normalised field -> the most frequent source values and what each was read as
    pub values_read: BTreeMap<String, Vec<ValueRead>>,
    /// date and count field -> values present but unreadable
    pub parse_failures: BTreeMap<String, u64>,
    /// event logs: tickets left after keeping the last row per id
    pub tickets_after_reduction: Option<u64>,
    /// rows whose id appeared on an earlier row: rejected for tickets and
    /// changes, kept (and only counted) for CIs
    pub duplicate_ids: u64,
    /// required fields no column was found for; the file cannot be used until mapped
    pub missing_required: Vec<MissingField>,
    /// kept tickets or changes whose id a later file of the run also holds:
    /// the later file's record is used (set by runs over several files)
    pub ids_in_later_files: u64,
}

/// One coded source value and the canonical value it was read as.
#[derive(Debug, Clone, Serialize)]
pub struct ValueRead {
    pub value: String,
    pub read_as: String,
    pub rows: u64,
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

    /// The canonical fields the file gives: mapped to a column or derived.
    pub fn fields(&self) -> std::collections::BTreeSet<String> {
        self.columns
            .keys()
            .chain(self.derived.keys())
            .cloned()
            .collect()
    }
}
