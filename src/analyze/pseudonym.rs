//! People are never named in what the tool writes: in the tables it writes,
//! person columns become keyed hashes (HMAC-SHA256) under a secret key, and
//! so does every e-mail address in any other text column. Without the key
//! nothing in a report lets anyone recompute a pseudonym from a name.

use super::pseudonym_key::PseudonymKey;
use crate::canonical::added::with_added;
use crate::canonical::personal::{PERSON_FIELDS, has_email, replace_emails};
use hmac::{Hmac, KeyInit, Mac};
use polars::prelude::*;
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

/// Replaces every person column of `frame` by pseudonyms, and every e-mail
/// address in its other text columns by the address's pseudonym; each
/// distinct value is hashed once.
pub fn pseudonymise(frame: DataFrame, key: &PseudonymKey) -> PolarsResult<DataFrame> {
    let texts: Vec<&str> = frame
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .map(|c| c.name().as_str())
        .collect();
    let with_at = columns_holding_at(&frame, &texts)?;
    let mut exprs = Vec::new();
    for name in texts {
        let person = PERSON_FIELDS.contains(&name);
        if !person && !with_at.contains(&name) {
            continue;
        }
        let values = frame.column(name)?.str()?;
        let candidates = if person {
            values.unique()?
        } else {
            values.filter(&values.contains_literal("@")?)?.unique()?
        };
        let (old, new): (Vec<String>, Vec<String>) = candidates
            .iter()
            .flatten()
            .filter(|v| person || has_email(v))
            .map(|v| {
                let replaced = if person {
                    pseudonym(key, v)
                } else {
                    without_emails(key, v)
                };
                (v.to_string(), replaced)
            })
            .unzip();
        if old.is_empty() {
            continue;
        }
        // A person column has every value replaced; in another column the
        // values without an address keep their own text.
        let default = (!person).then(|| col(name));
        exprs.push(
            col(name)
                .replace_strict(
                    lit(Series::new("old".into(), old)),
                    lit(Series::new("new".into(), new)),
                    default,
                    Some(DataType::String),
                )
                .alias(name),
        );
    }
    with_added(frame, exprs)
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
        frame
            .column(name)
            .is_ok_and(|c| c.dtype() == &DataType::String && c.null_count() < c.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
        frame
            .column(name)
            .expect("col")
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
        let out = pseudonymise(frame.clone(), &key).expect("pseudonymise");
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
        let other = pseudonymise(frame, &PseudonymKey::random().expect("key")).expect("again");
        assert_ne!(strings(&other, "resolver")[0], names[0]);
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
