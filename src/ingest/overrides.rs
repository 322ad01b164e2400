//! What a user says about an export that detection cannot know: a forced
//! profile or kind, `--map field=Column`, and a mapping file (TOML) with
//! column maps, value maps and date formats.

use super::dates::{DateBounds, DateOrder};
use super::encoding::SourceEncoding;
use super::header::match_key;
use super::source::SourceOptions;
use crate::canonical::TableKind;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything a user can force. Empty by default: detection decides.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub kind: Option<TableKind>,
    /// canonical field -> source column
    pub columns: BTreeMap<String, String>,
    /// canonical field -> (source value, compared case-insensitively -> canonical value)
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// canonical field -> chrono format
    pub dates: BTreeMap<String, String>,
    pub date_order: Option<DateOrder>,
    /// The text encoding, when detection must not decide (`--encoding`).
    pub encoding: Option<SourceEncoding>,
    /// The sheet of a workbook to read (`--sheet`).
    pub sheet: Option<String>,
    /// The as-of date (milliseconds since 1970) that dates more than a year
    /// after are unreadable against; today when unset.
    pub as_of: Option<i64>,
}

/// The mapping file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    profile: Option<String>,
    kind: Option<String>,
    date_order: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    dates: BTreeMap<String, String>,
    encoding: Option<String>,
    sheet: Option<String>,
}

impl Overrides {
    /// Reads a mapping file; errors name the file and line.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::io(path, e),
        })?;
        Self::from_toml(&text, path)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let line_of = |offset: usize| text[..offset.min(text.len())].lines().count().max(1);
        let file: MappingFile = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(s.start)).unwrap_or(1),
            message: e.message().to_string(),
        })?;
        let config_error = |message: String| Error::Config {
            path: path.to_path_buf(),
            line: 1,
            message,
        };
        let kind = file
            .kind
            .map(|k| k.parse::<TableKind>())
            .transpose()
            .map_err(config_error)?;
        let date_order = file
            .date_order
            .map(|o| o.parse::<DateOrder>())
            .transpose()
            .map_err(config_error)?;
        let encoding = file
            .encoding
            .map(|e| e.parse::<SourceEncoding>())
            .transpose()
            .map_err(config_error)?;
        let values = file
            .values
            .into_iter()
            .map(|(field, map)| {
                let map = map
                    .into_iter()
                    .map(|(raw, v)| (match_key(&raw), v))
                    .collect();
                (field, map)
            })
            .collect();
        Ok(Overrides {
            profile: file.profile,
            kind,
            columns: file.columns,
            values,
            dates: file.dates,
            date_order,
            encoding,
            sheet: file.sheet,
            as_of: None,
        })
    }

    /// What the reader of the bytes needs to know.
    pub fn source_options(&self) -> SourceOptions {
        SourceOptions {
            encoding: self.encoding,
            sheet: self.sheet.clone(),
        }
    }

    /// The range of plausible dates: 1990 to a year after the as-of date.
    pub fn date_bounds(&self) -> DateBounds {
        match self.as_of {
            Some(ms) => DateBounds::up_to(ms),
            None => DateBounds::from_clock(),
        }
    }

    /// The user's column for a field of a kind: `changes.opened_at` first, then `opened_at`.
    pub fn column_for(&self, kind: TableKind, field: &str) -> Option<&String> {
        scoped(&self.columns, kind, field)
    }

    /// The user's value map for a field of a kind.
    pub fn values_for(&self, kind: TableKind, field: &str) -> Option<&BTreeMap<String, String>> {
        scoped(&self.values, kind, field)
    }

    /// The user's date format for a field of a kind.
    pub fn date_format_for(&self, kind: TableKind, field: &str) -> Option<&String> {
        scoped(&self.dates, kind, field)
    }

    /// Adds `--map field=Column` pairs; they win over the mapping file.
    pub fn add_maps(&mut self, maps: &[String]) -> Result<()> {
        for pair in maps {
            let (field, column) = pair.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--map {pair}: expected FIELD=COLUMN, for example --map opened_at=sys_created_on"
                ))
            })?;
            self.columns
                .insert(field.trim().to_string(), column.trim().to_string());
        }
        Ok(())
    }
}

/// A key scoped to a kind (`changes.opened_at`, `tickets.` for both ticket kinds) wins over a bare one.
fn scoped<'a, V>(map: &'a BTreeMap<String, V>, kind: TableKind, field: &str) -> Option<&'a V> {
    let scopes: &[&str] = match kind {
        TableKind::Incidents => &["incidents", "tickets"],
        TableKind::Requests => &["requests", "tickets"],
        TableKind::Changes => &["changes"],
        TableKind::Cis => &["cis", "cmdb"],
        TableKind::Survey => &["survey"],
        TableKind::Interactions => &["interactions"],
    };
    scopes
        .iter()
        .find_map(|scope| map.get(&format!("{scope}.{field}")))
        .or_else(|| map.get(field))
}

/// Splits `changes.opened_at` into its scope and field.
pub fn split_scope(key: &str) -> (Option<&str>, &str) {
    match key.split_once('.') {
        Some((scope, field)) => (Some(scope), field),
        None => (None, key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_file_is_read() {
        let text = r#"
kind = "changes"
date_order = "dmy"
[columns]
outcome = "u_substate"
opened_at = "work_end"
[values.outcome]
"All Changes Completed" = "successful"
[dates]
opened_at = "%Y-%m-%d %H:%M:%S"
"#;
        let o = Overrides::from_toml(text, Path::new("map.toml")).expect("parsed");
        assert_eq!(o.kind, Some(TableKind::Changes));
        assert_eq!(o.date_order, Some(DateOrder::Dmy));
        assert_eq!(o.columns["outcome"], "u_substate");
        assert_eq!(o.values["outcome"]["all changes completed"], "successful");
    }

    #[test]
    fn mistakes_name_the_line() {
        let text = "kind = \"changes\"\n[columns]\noutcome = 3\n";
        match Overrides::from_toml(text, Path::new("map.toml")) {
            Err(Error::Config { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        let text = "colums = {}\n";
        assert!(matches!(
            Overrides::from_toml(text, Path::new("m.toml")),
            Err(Error::Config { line: 1, .. })
        ));
    }

    #[test]
    fn scoped_keys_win_for_their_kind_only() {
        let mut o = Overrides::default();
        o.add_maps(&[
            "changes.opened_at=work_end".into(),
            "opened_at=Created".into(),
        ])
        .expect("ok");
        assert_eq!(
            o.column_for(TableKind::Changes, "opened_at")
                .map(String::as_str),
            Some("work_end")
        );
        assert_eq!(
            o.column_for(TableKind::Incidents, "opened_at")
                .map(String::as_str),
            Some("Created")
        );
    }

    #[test]
    fn cli_maps_need_an_equals_sign() {
        let mut o = Overrides::default();
        o.add_maps(&["opened_at = Created".into()]).expect("ok");
        assert_eq!(o.columns["opened_at"], "Created");
        assert!(o.add_maps(&["opened_at".into()]).is_err());
    }
}
