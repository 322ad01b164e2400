//! People are never named in what the tool writes: in the tables it writes,
//! person columns become keyed hashes (HMAC-SHA256) under a secret key, and
//! so does every e-mail address in any other text column. Without the key
//! nothing in a report lets anyone recompute a pseudonym from a name.

use super::pseudonym_key::PseudonymKey;
use super::written_labels::with_own_categories;
use crate::canonical::personal::{PERSON_FIELDS, has_email, replace_emails};
use hmac::{Hmac, KeyInit, Mac};
use polars::prelude::*;
use rayon::prelude::*;
use sha2::Sha256;

/// `person-` and 12 hex digits of HMAC-SHA256(key, name).
pub fn pseudonym(key: &PseudonymKey, name: &str) -> String {
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key.bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return "person-unknown".into(),
    };
    mac.update(name.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("person-{hex}")
}

/// `text` with each e-mail address replaced by the pseudonym of the address.
pub fn without_emails(key: &PseudonymKey, text: &str) -> String {
    replace_emails(text, |address| pseudonym(key, &address.to_lowercase())).into_owned()
}

/// The plan writing `frame` for other tools. With a key, person columns
/// become pseudonyms and every e-mail address in another text column the
/// address's pseudonym, each distinct value hashed once. Labels
/// (categories) get categories of their own, renamed the same way
/// (`written_labels`); `table` names them.
pub fn output_plan(
    mut frame: DataFrame,
    table: &str,
    key: Option<&PseudonymKey>,
) -> PolarsResult<LazyFrame> {
    let texts = match key {
        Some(key) => text_exprs(&frame, key)?,
        None => Vec::new(),
    };
    let labels: Vec<&Column> = frame
        .columns()
        .iter()
        .filter(|c| matches!(c.dtype(), DataType::Categorical(_, _)))
        .collect();
    // Column by column in parallel: the CI column, with a value per CI,
    // would otherwise keep one core waiting.
    let labels: Vec<Column> = labels
        .into_par_iter()
        .map(|column| {
            let person = PERSON_FIELDS.contains(&column.name().as_str());
            with_own_categories(column, table, |v| match key {
                Some(key) if person => pseudonym(key, v),
                Some(key) if has_email(v) => without_emails(key, v),
                _ => v.to_string(),
            })
        })
        .collect::<PolarsResult<_>>()?;
    for label in labels {
        frame.with_column(label)?;
    }
    Ok(frame.lazy().with_columns(texts))
}

/// The expressions replacing the person columns and the e-mail addresses of
/// the text (not label) columns of `frame`.
fn text_exprs(frame: &DataFrame, key: &PseudonymKey) -> PolarsResult<Vec<Expr>> {
    let strings: Vec<&str> = frame
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .map(|c| c.name().as_str())
        .collect();
    let with_at = columns_holding_at(frame, &strings)?;
    let mut exprs = Vec::new();
    for column in frame.columns() {
        let name = column.name().as_str();
        let person = PERSON_FIELDS.contains(&name);
        if column.dtype() != &DataType::String || !person && !with_at.contains(&name) {
            continue;
        }
        let distinct = column.as_materialized_series().unique()?.drop_nulls();
        let texts = distinct.str()?;
        let candidates: Vec<usize> = (0..texts.len())
            .filter(|i| texts.get(*i).is_some_and(|v| person || has_email(v)))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let new: Vec<String> = candidates
            .iter()
            .filter_map(|i| texts.get(*i))
            .map(|v| match person {
                true => pseudonym(key, v),
                false => without_emails(key, v),
            })
            .collect();
        let positions = IdxCa::from_vec(
            "old".into(),
            candidates.iter().map(|i| *i as IdxSize).collect(),
        );
        let old = distinct.take(&positions)?;
        // A person column has every value replaced; in another column the
        // values without an address keep their own text.
        let default = (!person).then(|| col(name));
        exprs.push(
            col(name)
                .replace_strict(
                    lit(old),
                    lit(Series::new("new".into(), new)),
                    default,
                    Some(DataType::String),
                )
                .alias(name),
        );
    }
    Ok(exprs)
}

/// The columns among `names` holding an `@` in some value, looked for in
/// one query so that the columns are searched in parallel.
fn columns_holding_at<'a>(frame: &DataFrame, names: &[&'a str]) -> PolarsResult<Vec<&'a str>> {
    let candidates: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !PERSON_FIELDS.contains(n))
        .collect();
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let found = frame
        .clone()
        .lazy()
        .select(
            candidates
                .iter()
                .map(|n| col(*n).str().contains_literal(lit("@")).any(true))
                .collect::<Vec<_>>(),
        )
        .collect()?;
    let mut out = Vec::new();
    for name in candidates {
        if found.column(name)?.bool()?.get(0) == Some(true) {
            out.push(name);
        }
    }
    Ok(out)
}

/// Whether `frame` holds a person column with at least one name.
pub fn names_people(frame: &DataFrame) -> bool {
    PERSON_FIELDS.iter().any(|name| {
        frame.column(name).is_ok_and(|c| {
            matches!(c.dtype(), DataType::String | DataType::Categorical(_, _))
                && c.null_count() < c.len()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
        frame
            .column(name)
            .expect("col")
            .cast(&DataType::String)
            .expect("text")
            .str()
            .expect("str")
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    #[test]
    fn names_are_replaced_stably_and_differ_by_key() {
        let frame = df!(
            "resolver" => [Some("Ada Lovelace"), None, Some("Ada Lovelace"), Some("Alan Turing")],
            "ci" => [Some("srv1"), Some("ada@example.org's laptop"), None, Some("srv2")]
        )
        .expect("frame");
        let key = PseudonymKey::random().expect("key");
        let written = |frame: DataFrame, key: &PseudonymKey| {
            output_plan(frame, "pseudonym-texts", Some(key))
                .and_then(|plan| plan.collect())
                .expect("pseudonymised")
        };
        let out = written(frame.clone(), &key);
        let names = strings(&out, "resolver");
        assert_eq!(names[0], names[2]);
        assert_ne!(names[0], names[3]);
        assert_eq!(names[1], None);
        assert!(names[0].as_deref().expect("name").starts_with("person-"));
        assert_eq!(
            names[0].as_deref(),
            Some(pseudonym(&key, "Ada Lovelace").as_str())
        );
        let cis = strings(&out, "ci");
        assert_eq!(cis[0].as_deref(), Some("srv1"));
        let laptop = cis[1].as_deref().expect("ci");
        assert!(
            laptop.starts_with("person-") && laptop.ends_with("'s laptop"),
            "{laptop}"
        );
        assert!(!format!("{out:?}").contains("Lovelace"));
        assert!(!format!("{out:?}").contains("example.org"));
        let other = written(frame, &PseudonymKey::random().expect("key"));
        assert_ne!(strings(&other, "resolver")[0], names[0]);
    }

    #[test]
    fn labels_are_pseudonymised_through_their_categories_and_written_with_their_own() {
        use crate::canonical::label_dtype;
        let frame = df!(
            "resolver" => [Some("Ada Lovelace"), None, Some("Ada Lovelace"), Some("Alan Turing")],
            "ci" => [Some("srv1"), Some("ada@example.org's laptop"), None, Some("srv1")],
            "state" => [Some("Closed"), Some("Open"), None, Some("Closed")]
        )
        .expect("frame")
        .lazy()
        .with_columns([
            col("resolver").cast(label_dtype()),
            col("ci").cast(label_dtype()),
            col("state").cast(label_dtype()),
        ])
        .collect()
        .expect("labels");
        let key = PseudonymKey::random().expect("key");
        assert!(names_people(&frame));
        let out = output_plan(frame, "pseudonym-labels", Some(&key))
            .expect("plan")
            .collect()
            .expect("collect");
        for name in ["resolver", "ci", "state"] {
            let DataType::Categorical(categories, _) = out.column(name).expect(name).dtype() else {
                panic!("{name} is not a categorical");
            };
            assert!(!categories.is_global(), "{name}");
        }
        let names = strings(&out, "resolver");
        assert_eq!(names[0], names[2]);
        assert_eq!(
            names[3].as_deref(),
            Some(pseudonym(&key, "Alan Turing").as_str())
        );
        assert_eq!(names[1], None);
        let cis = strings(&out, "ci");
        assert_eq!(cis[0].as_deref(), Some("srv1"));
        assert!(cis[1].as_deref().expect("ci").starts_with("person-"));
        assert_eq!(strings(&out, "state")[0].as_deref(), Some("Closed"));
        // The dictionary a reader sees holds the pseudonyms, never the names.
        for name in ["resolver", "ci"] {
            let DataType::Categorical(_, mapping) = out.column(name).expect(name).dtype() else {
                panic!("{name} is not a categorical");
            };
            for i in 0..mapping.num_cats_upper_bound() {
                let value = mapping.cat_to_str(i as CatSize).unwrap_or_default();
                assert!(
                    !value.contains("Lovelace") && !value.contains("example.org"),
                    "{value}"
                );
            }
        }
        assert!(!format!("{out:?}").contains("Lovelace"));
        assert!(!format!("{out:?}").contains("example.org"));
    }

    #[test]
    fn a_frame_names_people_only_with_a_filled_person_column() {
        let with = df!("resolver" => [Some("Ada")]).expect("frame");
        let empty = df!("resolver" => [None::<&str>]).expect("frame");
        let none = df!("ci" => ["srv1"]).expect("frame");
        assert!(names_people(&with));
        assert!(!names_people(&empty));
        assert!(!names_people(&none));
    }
}
