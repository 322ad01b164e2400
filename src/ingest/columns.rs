//! Resolves which source column holds each canonical field, in four passes:
//! the user's `--map`; the profile's exact names; names by meaning (their
//! words, see `synonyms`), kept only where the column's values fit the field;
//! and, for change outcomes, change types and channels, the values alone.

use super::dates::{self, DetectOptions};
use super::durations;
use super::header::Header;
use super::load::NULL_MARKERS;
use super::overrides::Overrides;
use super::profiles::Profile;
use super::synonyms;
use super::values;
use crate::canonical::personal::is_free_text_column;
use crate::canonical::{FieldSpec, TableKind, ValueKind, fields_of};
use crate::error::{Error, Result};
use crate::ingest::accounting::MissingField;
use polars::prelude::{NamedFrom, Series};
use serde::Serialize;
use std::path::Path;

/// How a column was found for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// `--map` or a mapping file.
    User,
    /// A name the profile knows.
    Profile,
    /// A name that means the field, with values that fit it.
    Meaning,
    /// Values that only this field takes (change outcomes, change types, channels).
    Values,
}

/// A canonical field and the source column it is read from.
#[derive(Debug, Clone)]
pub struct MappedField {
    pub spec: FieldSpec,
    pub column: usize,
    pub by: MatchedBy,
}

impl MappedField {
    pub fn by_user(&self) -> bool {
        self.by == MatchedBy::User
    }
}

/// The outcome of mapping one file's header.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    pub mapped: Vec<MappedField>,
    pub missing_required: Vec<MissingField>,
}

impl ColumnMap {
    pub fn get(&self, field: &str) -> Option<&MappedField> {
        self.mapped.iter().find(|m| m.spec.name == field)
    }
}

/// Share of a column's sampled values that must fit a field found by meaning.
const FIT_BY_MEANING: f64 = 0.5;
/// Share of a column's sampled rows that must be known values of a field
/// found by values alone, with at least two different canonical values.
const FIT_BY_VALUES: f64 = 0.6;
/// Fields a column may be found for by its values alone.
const FOUND_BY_VALUES: &[(TableKind, &str)] = &[
    (TableKind::Changes, "outcome"),
    (TableKind::Changes, "type"),
    (TableKind::Incidents, "channel"),
    (TableKind::Requests, "channel"),
];

/// What the passes need besides the header.
pub struct Evidence<'a> {
    pub header: &'a Header,
    pub sample: &'a [Vec<String>],
    pub dates: DetectOptions,
}

/// Maps the header; a user mapping that names no field of this kind, or a
/// column the file lacks, is an error.
pub fn resolve(
    path: &Path,
    kind: TableKind,
    profile: &Profile,
    evidence: &Evidence<'_>,
    overrides: &Overrides,
) -> Result<ColumnMap> {
    let header = evidence.header;
    let fields = fields_of(kind);
    check_field_names(kind, overrides)?;
    let mut mapped: Vec<MappedField> = Vec::new();
    for spec in fields {
        if let Some(column) = overrides.column_for(kind, spec.name) {
            let index = header
                .find(column)
                .ok_or_else(|| Error::MappedColumnMissing {
                    path: path.to_path_buf(),
                    field: spec.name.to_string(),
                    column: column.clone(),
                    hint: closest_hint(header, column),
                })?;
            mapped.push(MappedField {
                spec: *spec,
                column: index,
                by: MatchedBy::User,
            });
        }
    }
    for spec in fields {
        if mapped.iter().any(|m| m.spec.name == spec.name) {
            continue;
        }
        if let Some(index) = profile
            .columns_for(kind, spec.name)
            .iter()
            .find_map(|c| header.find(c))
        {
            mapped.push(MappedField {
                spec: *spec,
                column: index,
                by: MatchedBy::Profile,
            });
        }
    }
    for spec in fields {
        if mapped.iter().any(|m| m.spec.name == spec.name) {
            continue;
        }
        if let Some(index) = by_meaning(kind, spec, evidence, &taken(&mapped)) {
            mapped.push(MappedField {
                spec: *spec,
                column: index,
                by: MatchedBy::Meaning,
            });
        }
    }
    for (k, field) in FOUND_BY_VALUES {
        if *k != kind || mapped.iter().any(|m| m.spec.name == *field) {
            continue;
        }
        let Some(spec) = fields.iter().find(|f| f.name == *field) else {
            continue;
        };
        if let Some(index) = by_values(spec, evidence, &taken(&mapped)) {
            mapped.push(MappedField {
                spec: *spec,
                column: index,
                by: MatchedBy::Values,
            });
        }
    }
    // Canonical order, so that reports list fields as the contract does.
    mapped.sort_by_key(|m| fields.iter().position(|f| f.name == m.spec.name));
    let missing_required = fields
        .iter()
        .filter(|f| f.required && !mapped.iter().any(|m| m.spec.name == f.name))
        .map(|spec| missing_field(spec, kind, profile, evidence, &mapped))
        .collect();
    Ok(ColumnMap {
        mapped,
        missing_required,
    })
}

fn taken(mapped: &[MappedField]) -> Vec<usize> {
    mapped.iter().map(|m| m.column).collect()
}

/// The sampled values of a column: present, trimmed, not a null marker.
pub fn sampled_values(sample: &[Vec<String>], column: usize) -> Vec<&str> {
    sample
        .iter()
        .filter_map(|r| r.get(column))
        .map(|v| v.trim())
        .filter(|v| !NULL_MARKERS.contains(v))
        .collect()
}

/// The best free column whose name means `spec`, among those whose values fit.
fn by_meaning(
    kind: TableKind,
    spec: &FieldSpec,
    evidence: &Evidence<'_>,
    taken: &[usize],
) -> Option<usize> {
    let dated = spec.value == ValueKind::Timestamp;
    let mut ranked: Vec<(usize, usize)> = evidence
        .header
        .named()
        .filter(|(i, _)| !taken.contains(i))
        .filter_map(|(i, name)| synonyms::rank(kind, spec.name, name, dated).map(|r| (r, i)))
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .map(|(_, i)| i)
        .find(|i| fits(spec, &sampled_values(evidence.sample, *i), evidence) >= FIT_BY_MEANING)
}

/// The free column whose values are most often known values of `spec`.
fn by_values(spec: &FieldSpec, evidence: &Evidence<'_>, taken: &[usize]) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (i, name) in evidence.header.named() {
        // What people typed is never read as a code, however many of its
        // values look like one: it would carry free text into the report.
        if taken.contains(&i) || is_free_text_column(&synonyms::words(name)) {
            continue;
        }
        let values = sampled_values(evidence.sample, i);
        if values.is_empty() {
            continue;
        }
        let canonical: Vec<values::Canonical> = values
            .iter()
            .filter_map(|v| values::normalise(spec.value, v))
            .collect();
        let mut distinct = canonical.clone();
        distinct.sort_by_key(|c| format!("{c:?}"));
        distinct.dedup();
        let share = canonical.len() as f64 / values.len() as f64;
        if share >= FIT_BY_VALUES && distinct.len() >= 2 && best.is_none_or(|(s, _)| share > s) {
            best = Some((share, i));
        }
    }
    best.map(|(_, i)| i)
}

/// The share of `values` that fit a field of this kind of value (1 when
/// there are none: an empty column cannot contradict its name).
pub fn fits(spec: &FieldSpec, values: &[&str], evidence: &Evidence<'_>) -> f64 {
    if values.is_empty() {
        return 1.0;
    }
    let n = values.len() as f64;
    let share = |k: usize| k as f64 / n;
    match spec.value {
        ValueKind::Text => 1.0,
        ValueKind::Timestamp => {
            let series = Series::new("v".into(), values.to_vec());
            match dates::detect_counted(&series, evidence.dates) {
                Ok((dates::Detected::Ambiguous { .. }, _)) => 1.0,
                Ok((_, read)) => share(read),
                Err(_) => 0.0,
            }
        }
        ValueKind::Count => share(
            values
                .iter()
                .filter(|v| v.parse::<f64>().is_ok_and(|x| x >= 0.0))
                .count(),
        ),
        ValueKind::Duration => share(durations::count_readable(values)),
        kind => share(
            values
                .iter()
                .filter(|v| values::normalise(kind, v).is_some())
                .count(),
        ),
    }
}

/// A mapping key names a field of some kind (`opened_at`), or of one kind
/// (`changes.opened_at`). Keys of other kinds are left for their files; a key
/// that names no field anywhere is a mistake.
fn check_field_names(kind: TableKind, overrides: &Overrides) -> Result<()> {
    let named = overrides
        .columns
        .keys()
        .chain(overrides.values.keys())
        .chain(overrides.dates.keys());
    for key in named {
        let (scope, field) = super::overrides::split_scope(key);
        let scope_kind = match scope {
            Some("tickets") => Some(TableKind::Incidents),
            Some("cmdb") => Some(TableKind::Cis),
            Some(s) => Some(
                s.parse::<TableKind>()
                    .map_err(|e| Error::Usage(format!("`{key}`: {e}")))?,
            ),
            None => None,
        };
        let candidates: Vec<TableKind> = match scope_kind {
            Some(k) => vec![k],
            None => TableKind::ALL.to_vec(),
        };
        let known = candidates
            .iter()
            .any(|k| fields_of(*k).iter().any(|f| f.name == field));
        if !known {
            let target = scope_kind.unwrap_or(kind);
            let list: Vec<&str> = fields_of(target).iter().map(|f| f.name).collect();
            return Err(Error::Usage(format!(
                "`{key}` is not a field of a {target} export; its fields are {}",
                list.join(", ")
            )));
        }
    }
    Ok(())
}

fn closest_hint(header: &Header, wanted: &str) -> String {
    let closest = header.closest(wanted);
    if closest.is_empty() {
        format!("Columns found: {}", header.summary(12))
    } else {
        format!("Closest columns: {}", closest.join(", "))
    }
}

/// Columns that could hold `spec`, best first. For a typed field (dates,
/// counts, coded values) only columns whose values fit, free ones before
/// those already mapped to another field, each group by closeness of name;
/// for a text field the closest names.
pub fn candidates(
    spec: &FieldSpec,
    kind: TableKind,
    profile: &Profile,
    evidence: &Evidence<'_>,
    mapped: &[MappedField],
) -> Vec<String> {
    let header = evidence.header;
    let mut names: Vec<&str> = vec![spec.name];
    names.extend(profile.columns_for(kind, spec.name));
    names.extend(synonyms::phrases(kind, spec.name));
    let closeness = |column: &str| {
        let key = synonyms::key(column, spec.value == ValueKind::Timestamp);
        names
            .iter()
            .map(|n| strsim::jaro_winkler(&key, &synonyms::key(n, false)))
            .fold(0.0, f64::max)
    };
    if spec.value == ValueKind::Text {
        let mut scored: Vec<(f64, &str)> = header
            .named()
            .map(|(_, n)| (closeness(n), n))
            .filter(|(s, _)| *s >= NAME_CLOSENESS)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        return scored
            .into_iter()
            .take(CANDIDATES)
            .map(|(_, n)| n.to_string())
            .collect();
    }
    let taken = taken(mapped);
    let mut scored: Vec<(bool, f64, &str)> = header
        .named()
        .filter(|(i, _)| {
            let values = sampled_values(evidence.sample, *i);
            let has_digits = values.iter().any(|v| v.chars().any(|c| c.is_ascii_digit()));
            let worth = match spec.value {
                ValueKind::Timestamp | ValueKind::Count | ValueKind::Duration => has_digits,
                _ => true,
            };
            worth && !values.is_empty() && fits(spec, &values, evidence) >= FIT_BY_MEANING
        })
        .map(|(i, n)| (taken.contains(&i), closeness(n), n))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    scored
        .into_iter()
        .take(CANDIDATES)
        .map(|(_, _, n)| n.to_string())
        .collect()
}

/// Candidate columns offered per field.
const CANDIDATES: usize = 5;
/// How alike two names must be (Jaro-Winkler) for a text field's candidate.
const NAME_CLOSENESS: f64 = 0.88;

fn missing_field(
    spec: &FieldSpec,
    kind: TableKind,
    profile: &Profile,
    evidence: &Evidence<'_>,
    mapped: &[MappedField],
) -> MissingField {
    let closest = candidates(spec, kind, profile, evidence, mapped);
    let hint = format!(
        "map a column to it with --map {}=COLUMN or a mapping file (inspect --suggest-mapping FILE writes one)",
        spec.name
    );
    MissingField {
        field: spec.name.to_string(),
        closest_columns: closest,
        hint,
    }
}
