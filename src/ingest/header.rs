//! Header names: made unique for polars (Jira repeats a column per value of a
//! multi-value field), and compared the forgiving way exports need (case,
//! surrounding spaces and a BOM ignored).

/// The columns of one export, in file order.
#[derive(Debug, Clone)]
pub struct Header {
    /// Names as written in the file (trimmed).
    pub written: Vec<String>,
    /// Unique names given to polars: a repeated `Labels` becomes `Labels (2)`,
    /// an empty name `column 7`.
    pub unique: Vec<String>,
    /// How many columns at the end have an empty name (for example `;;;;`).
    pub trailing_empty: usize,
}

impl Header {
    pub fn new(written: Vec<String>) -> Self {
        let mut unique: Vec<String> = Vec::with_capacity(written.len());
        let mut seen = std::collections::HashMap::<String, usize>::new();
        for (i, name) in written.iter().enumerate() {
            let base = if name.is_empty() {
                format!("column {}", i + 1)
            } else {
                name.clone()
            };
            let count = seen.entry(match_key(&base)).or_insert(0);
            *count += 1;
            unique.push(if *count == 1 {
                base
            } else {
                format!("{base} ({count})")
            });
        }
        let trailing_empty = written.iter().rev().take_while(|n| n.is_empty()).count();
        Header {
            written,
            unique,
            trailing_empty,
        }
    }

    /// Index of the first column whose name matches `wanted`.
    pub fn find(&self, wanted: &str) -> Option<usize> {
        let key = match_key(wanted);
        self.written
            .iter()
            .position(|n| match_key(n) == key)
            .or_else(|| self.unique.iter().position(|n| match_key(n) == key))
    }

    /// Index of the first column whose name has the same words as `wanted`
    /// (`Work end` is `work_end`, `StartTime` is `start_time`).
    pub fn find_by_words(&self, wanted: &str) -> Option<usize> {
        let key = super::synonyms::words(wanted);
        self.find(wanted).or_else(|| {
            self.written
                .iter()
                .position(|n| super::synonyms::words(n) == key)
        })
    }

    /// Columns with a name, excluding the empty trailing ones.
    pub fn named(&self) -> impl Iterator<Item = (usize, &str)> {
        self.written
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_empty())
            .map(|(i, _)| (i, self.unique[i].as_str()))
    }

    /// Up to three column names closest to `wanted`, for error messages.
    pub fn closest(&self, wanted: &str) -> Vec<String> {
        let key = match_key(wanted);
        let mut scored: Vec<(f64, &str)> = self
            .named()
            .map(|(_, n)| (strsim::jaro_winkler(&key, &match_key(n)), n))
            .filter(|(s, _)| *s > 0.6)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, n)| n.to_string())
            .collect()
    }

    /// The named columns as one line for messages, cut after `limit` names.
    pub fn summary(&self, limit: usize) -> String {
        let names: Vec<&str> = self.named().map(|(_, n)| n).collect();
        let mut out = names
            .iter()
            .take(limit)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > limit {
            out.push_str(&format!(" ... ({} columns in all)", names.len()));
        }
        out
    }
}

/// Jira's prefixes of custom-field and link columns in the languages of its
/// user interface, and the English prefix each stands for.
const JIRA_PREFIXES: &[(&str, &str)] = &[
    ("campo personalizado (", "custom field ("),
    ("benutzerdefinierte felder (", "custom field ("),
    ("benutzerdefiniertes feld (", "custom field ("),
    ("champs personnalisés (", "custom field ("),
    ("champ personnalisé (", "custom field ("),
    ("lien de ticket sortant (", "outward issue link ("),
    ("lien du ticket entrant (", "inward issue link ("),
];

/// The form two column names are compared in: case, surrounding spaces and a
/// BOM ignored, and Jira's translated custom-field prefixes in English, so
/// that `Campo personalizado (Request Type)` is `Custom field (Request Type)`.
pub fn match_key(name: &str) -> String {
    let key = name.trim_start_matches('\u{feff}').trim().to_lowercase();
    for (local, english) in JIRA_PREFIXES {
        if let Some(rest) = key.strip_prefix(local) {
            return format!("{english}{rest}");
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Header {
        Header::new(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn repeated_names_become_unique() {
        let h = header(&["Labels", "Summary", "Labels", "labels", ""]);
        assert_eq!(
            h.unique,
            vec!["Labels", "Summary", "Labels (2)", "labels (3)", "column 5"]
        );
        assert_eq!(h.trailing_empty, 1);
    }

    #[test]
    fn find_ignores_case_spaces_and_bom() {
        let h = header(&["\u{feff}Number", " Opened ", "Issue key"]);
        assert_eq!(h.find("number"), Some(0));
        assert_eq!(h.find("OPENED"), Some(1));
        assert_eq!(h.find("issue KEY "), Some(2));
        assert_eq!(h.find("closed"), None);
    }

    #[test]
    fn translated_jira_prefixes_match_the_english_ones() {
        let h = header(&["Clave de incidencia", "Campo personalizado (Request Type)"]);
        assert_eq!(h.find("Custom field (Request Type)"), Some(1));
        assert_eq!(
            match_key("Benutzerdefinierte Felder (Team)"),
            "custom field (team)"
        );
    }

    #[test]
    fn closest_suggests_similar_names() {
        let h = header(&["number", "opened", "sys_created_on", "work_end"]);
        assert_eq!(
            h.closest("opened_at").first().map(String::as_str),
            Some("opened")
        );
    }

    #[test]
    fn trailing_empty_columns_are_counted() {
        let h = header(&["a", "b", "", "", ""]);
        assert_eq!(h.trailing_empty, 3);
        assert_eq!(h.named().count(), 2);
    }
}
