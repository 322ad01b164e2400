//! People are never named in what the tool writes: resolver names in the
//! enriched tables become salted hashes. The salt is derived from the input
//! files' fingerprints, so the same data gives the same pseudonyms (reports
//! stay reproducible) while the pseudonyms of two data sets do not line up.

use crate::maturity::rubric::sha256_hex;
use polars::prelude::*;

/// Columns that name people.
pub const PERSON_COLUMNS: &[&str] = &["resolver", "owner"];

pub fn pseudonym(salt: &str, name: &str) -> String {
    let hash = sha256_hex(format!("{salt}\u{1f}{name}").as_bytes());
    format!("person-{}", &hash[..12])
}

/// Replaces every person column of `frame` by pseudonyms, each distinct name once.
pub fn pseudonymise(frame: DataFrame, salt: &str) -> PolarsResult<DataFrame> {
    let mut exprs = Vec::new();
    for name in PERSON_COLUMNS {
        let Ok(column) = frame.column(name) else {
            continue;
        };
        if column.dtype() != &DataType::String {
            continue;
        }
        let distinct = column.as_materialized_series().unique()?.drop_nulls();
        let old: Vec<String> = distinct
            .str()?
            .iter()
            .flatten()
            .map(str::to_string)
            .collect();
        let new: Vec<String> = old.iter().map(|n| pseudonym(salt, n)).collect();
        exprs.push(
            col(*name)
                .replace_strict(
                    lit(Series::new("old".into(), old)),
                    lit(Series::new("new".into(), new)),
                    Some(lit(NULL).cast(DataType::String)),
                    Some(DataType::String),
                )
                .alias(*name),
        );
    }
    if exprs.is_empty() {
        return Ok(frame);
    }
    frame.lazy().with_columns(exprs).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_replaced_stably_and_differ_by_salt() {
        let frame = df!("resolver" => [Some("Ada Lovelace"), None, Some("Ada Lovelace"), Some("Alan Turing")])
            .expect("frame");
        let out = pseudonymise(frame.clone(), "salt-a").expect("pseudonymise");
        let names: Vec<Option<&str>> = out
            .column("resolver")
            .expect("col")
            .str()
            .expect("str")
            .iter()
            .collect();
        assert_eq!(names[0], names[2]);
        assert_ne!(names[0], names[3]);
        assert_eq!(names[1], None);
        assert!(names[0].expect("name").starts_with("person-"));
        assert!(!format!("{out:?}").contains("Lovelace"));
        let other = pseudonymise(frame, "salt-b").expect("pseudonymise");
        let first: Option<&str> = other
            .column("resolver")
            .expect("col")
            .str()
            .expect("str")
            .get(0);
        assert_ne!(first, names[0]);
    }
}
