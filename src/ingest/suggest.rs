//! A mapping file suggested for one export (`inspect --suggest-mapping`):
//! every field found and how, the best candidate columns for every field not
//! found, the detected date formats, and each unknown coded value with the
//! canonical value closest in spelling, so that a user who has to map edits
//! a file instead of guessing names.

use super::accounting::OTHER_VALUES;
use super::columns::{self, MatchedBy};
use super::load;
use super::open;
use super::overrides::Overrides;
use super::values;
use crate::canonical::{FieldSpec, TableKind, ValueKind, fields_of};
use crate::error::{Error, Result};
use std::path::Path;

/// A field found in the export.
#[derive(Debug, Clone)]
pub struct Found {
    pub field: &'static str,
    pub column: String,
    pub by: MatchedBy,
}

/// A field not found, with the columns that could hold it.
#[derive(Debug, Clone)]
pub struct NotFound {
    pub spec: FieldSpec,
    pub candidates: Vec<String>,
}

/// A coded value no rule knows.
#[derive(Debug, Clone)]
pub struct UnknownValue {
    pub field: String,
    pub value: String,
    pub rows: u64,
    /// The canonical value closest in spelling, and the canonical set.
    pub closest: Option<&'static str>,
    pub allowed: String,
}

/// Everything the suggested mapping file says.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub path: String,
    pub kind: TableKind,
    pub kind_reason: String,
    pub profile: &'static str,
    pub profile_reason: String,
    pub found: Vec<Found>,
    pub not_found: Vec<NotFound>,
    pub date_formats: Vec<(String, String)>,
    pub unknown_values: Vec<UnknownValue>,
    /// Why the export could not be read as it is (ambiguous dates ...), if so.
    pub problem: Option<String>,
}

pub fn suggest(path: &Path, overrides: &Overrides) -> Result<Suggestion> {
    let opened = open::open(path, overrides)?;
    let kind = opened.kind.kind;
    let evidence = opened.evidence(overrides);
    let map = columns::resolve(path, kind, opened.profile.profile, &evidence, overrides)?;
    let found = map
        .mapped
        .iter()
        .map(|m| Found {
            field: m.spec.name,
            column: opened.header.unique[m.column].clone(),
            by: m.by,
        })
        .collect();
    let mut not_found: Vec<NotFound> = fields_of(kind)
        .iter()
        .filter(|f| map.get(f.name).is_none())
        .map(|spec| NotFound {
            spec: *spec,
            candidates: columns::candidates(
                spec,
                kind,
                opened.profile.profile,
                &evidence,
                &map.mapped,
            ),
        })
        .collect();
    // Required fields first; then those with candidates.
    not_found.sort_by_key(|n| (!n.spec.required, n.candidates.is_empty()));

    let mut suggestion = Suggestion {
        path: path.display().to_string(),
        kind,
        kind_reason: opened.kind.reason.clone(),
        profile: opened.profile.profile.name,
        profile_reason: opened.profile.reason.clone(),
        found,
        not_found,
        date_formats: Vec::new(),
        unknown_values: Vec::new(),
        problem: None,
    };
    match load::load(path, overrides) {
        Ok(loaded) => {
            let report = loaded.report;
            suggestion.date_formats = report.date_formats.into_iter().collect();
            for (field, values) in report.unknown_values {
                let value_kind = fields_of(kind)
                    .iter()
                    .find(|f| f.name == field)
                    .map_or(ValueKind::Text, |f| f.value);
                for (value, rows) in values {
                    if value == OTHER_VALUES {
                        continue;
                    }
                    suggestion.unknown_values.push(UnknownValue {
                        closest: values::closest_canonical(value_kind, &value),
                        allowed: values::allowed(value_kind).join(", "),
                        field: field.clone(),
                        value,
                        rows,
                    });
                }
            }
        }
        Err(e @ Error::AmbiguousDates { .. }) => suggestion.problem = Some(e.to_string()),
        Err(e) => return Err(e),
    }
    Ok(suggestion)
}
