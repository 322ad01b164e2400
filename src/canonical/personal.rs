//! What in an export is personal data the tool must not pass on: the
//! canonical fields that name people, e-mail addresses wherever they stand,
//! and the free-text columns (descriptions, comments, notes) that no
//! canonical field is ever read from unless the user maps one by name.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Canonical fields whose values name people (resolvers, CI owners). They
/// are pseudonymised in every table the tool writes, unless the user opts in
/// to names.
pub const PERSON_FIELDS: &[&str] = &["resolver", "owner"];

/// What stands in for an e-mail address in text the tool prints without a
/// pseudonym key (inspect, data-quality tables).
pub const EMAIL_MASK: &str = "[e-mail]";

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").ok()
});

/// Whether `text` holds an e-mail address.
pub fn has_email(text: &str) -> bool {
    text.contains('@') && EMAIL.as_ref().is_some_and(|re| re.is_match(text))
}

/// `text` with every e-mail address replaced by what `replace` makes of it.
pub fn replace_emails<'a>(text: &'a str, replace: impl Fn(&str) -> String) -> Cow<'a, str> {
    if !text.contains('@') {
        return Cow::Borrowed(text);
    }
    match EMAIL.as_ref() {
        Some(re) => re.replace_all(text, |c: &regex::Captures<'_>| replace(&c[0])),
        // The pattern is a constant; were it ever invalid, nothing with an
        // `@` is let through.
        None => Cow::Owned(replace(text)),
    }
}

/// `text` with every e-mail address replaced by [`EMAIL_MASK`].
pub fn mask_emails(text: &str) -> Cow<'_, str> {
    replace_emails(text, |_| EMAIL_MASK.to_string())
}

/// Words that make a column free text: what people typed about a record,
/// which may name anyone and say anything. Compared with a column name's
/// words (`short_description`, `Work notes`, `Comment (3)`, `Resumen`).
const FREE_TEXT_WORDS: &[&str] = &[
    "description",
    "descripcion",
    "descripción",
    "beschreibung",
    "descrição",
    "descricao",
    "summary",
    "resumen",
    "zusammenfassung",
    "résumé",
    "resumo",
    "comment",
    "comments",
    "comentario",
    "comentarios",
    "kommentar",
    "commentaire",
    "notes",
    "note",
    "justification",
    "explanation",
    "body",
    "message",
    "text",
];

/// Whether a column's name says it holds free text.
pub fn is_free_text_column(words: &[String]) -> bool {
    words.iter().any(|w| FREE_TEXT_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_found_and_masked_in_any_text() {
        for text in [
            "ada.lovelace@example.org",
            "Contact: o'brien+itsm@mail.example.co.uk, please",
            "Ada Lovelace <ADA@EXAMPLE.ORG>",
        ] {
            assert!(has_email(text), "{text}");
            let masked = mask_emails(text);
            assert!(!masked.contains('@'), "{masked}");
            assert!(masked.contains(EMAIL_MASK));
        }
        for text in ["srv01", "CI @ rack 4", "user@localhost", "", "@@"] {
            assert!(!has_email(text), "{text}");
            assert_eq!(mask_emails(text), text);
        }
    }

    #[test]
    fn replacement_sees_each_address() {
        let out = replace_emails("a@x.org and b@y.org", |a| a.len().to_string());
        assert_eq!(out, "7 and 7");
    }

    #[test]
    fn free_text_columns_are_told_by_their_words() {
        let words = |s: &str| crate::ingest::synonyms::words(s);
        for name in [
            "short_description",
            "Description",
            "Work notes",
            "close_notes",
            "Comment (3)",
            "Summary",
            "Resumen",
            "u_justification",
        ] {
            assert!(is_free_text_column(&words(name)), "{name}");
        }
        for name in ["close_code", "contact_type", "u_substate", "Resolution"] {
            assert!(!is_free_text_column(&words(name)), "{name}");
        }
    }
}
