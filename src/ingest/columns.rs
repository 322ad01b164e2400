//! Resolves which source column holds each canonical field: the user's
//! `--map` first, then the profile's names in order of preference.

use super::dates;
use super::header::Header;
use super::overrides::Overrides;
use super::profiles::Profile;
use crate::canonical::{FieldSpec, TableKind, ValueKind, fields_of};
use crate::error::{Error, Result};
use crate::ingest::accounting::MissingField;
use polars::prelude::{NamedFrom, Series};
use std::path::Path;

/// A canonical field and the source column it is read from.
#[derive(Debug, Clone)]
pub struct MappedField {
    pub spec: FieldSpec,
    pub column: usize,
    pub by_user: bool,
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

/// Maps the header; a user mapping that names no field of this kind, or a
/// column the file lacks, is an error.
pub fn resolve(
    path: &Path,
    kind: TableKind,
    profile: &Profile,
    header: &Header,
    sample: &[Vec<String>],
    overrides: &Overrides,
) -> Result<ColumnMap> {
    let fields = fields_of(kind);
    check_field_names(kind, overrides)?;
    let mut mapped = Vec::new();
    let mut missing_required = Vec::new();
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
                by_user: true,
            });
        } else if let Some(index) = profile
            .columns_for(kind, spec.name)
            .iter()
            .find_map(|c| header.find(c))
        {
            mapped.push(MappedField {
                spec: *spec,
                column: index,
                by_user: false,
            });
        } else if spec.required {
            missing_required.push(missing_field(spec, kind, profile, header, sample, &mapped));
        }
    }
    Ok(ColumnMap {
        mapped,
        missing_required,
    })
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

fn missing_field(
    spec: &FieldSpec,
    kind: TableKind,
    profile: &Profile,
    header: &Header,
    sample: &[Vec<String>],
    mapped: &[MappedField],
) -> MissingField {
    let mut closest = header.closest(spec.name);
    for alias in profile.columns_for(kind, spec.name) {
        for c in header.closest(alias) {
            if !closest.contains(&c) {
                closest.push(c);
            }
        }
    }
    closest.truncate(3);
    let mut hint = format!(
        "map a column to it with --map {}=COLUMN or a mapping file",
        spec.name
    );
    if spec.value == ValueKind::Timestamp {
        let taken: Vec<usize> = mapped.iter().map(|m| m.column).collect();
        let dated = date_columns(header, sample, &taken);
        if !dated.is_empty() {
            hint.push_str(&format!("; columns holding dates: {}", dated.join(", ")));
        }
    }
    MissingField {
        field: spec.name.to_string(),
        closest_columns: closest,
        hint,
    }
}

/// Columns whose sampled values read as dates, for the hint of a missing date field.
fn date_columns(header: &Header, sample: &[Vec<String>], taken: &[usize]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, name) in header.named() {
        let values: Vec<&str> = sample
            .iter()
            .map(|r| r[i].as_str())
            .filter(|v| !v.trim().is_empty())
            .take(50)
            .collect();
        if values.is_empty() || !values.iter().any(|v| v.chars().any(|c| c.is_ascii_digit())) {
            continue;
        }
        let series = Series::new("v".into(), values);
        if matches!(
            dates::detect(&series, Some(dates::DateOrder::Dmy)),
            Ok(dates::Detected::Formats(_))
        ) {
            let mut entry = name.to_string();
            if taken.contains(&i) {
                entry.push_str(" (already mapped)");
            }
            found.push(entry);
        }
    }
    found
}
