//! Month names and AM/PM markers in the languages Jira writes dates in. Jira
//! formats dates through Java with its user's locale, so a Spanish user's
//! export says `19/ene/26 12:47 PM` and, on newer Java (CLDR data),
//! `17/sept/25 10:44 a. m.`. Both the older (COMPAT) and the CLDR spellings
//! are listed, with and without their trailing dot, as are the full names.
//! Such values are put into English before the date formats are tried.

use polars::prelude::*;

/// One language's month names and day-half markers.
#[derive(Debug, PartialEq, Eq)]
pub struct MonthNames {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// The language in English, for messages.
    pub language: &'static str,
    /// For January .. December: the spellings, without a trailing dot.
    pub months: [&'static [&'static str]; 12],
    /// Spellings of AM and PM other than `AM` / `PM` themselves.
    pub am: &'static [&'static str],
    pub pm: &'static [&'static str],
}

const ENGLISH: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub const SPANISH: MonthNames = MonthNames {
    code: "es",
    language: "Spanish",
    months: [
        &["ene", "enero"],
        &["feb", "febrero"],
        &["mar", "marzo"],
        &["abr", "abril"],
        &["may", "mayo"],
        &["jun", "junio"],
        &["jul", "julio"],
        &["ago", "agosto"],
        &["sept", "sep", "septiembre", "setiembre"],
        &["oct", "octubre"],
        &["nov", "noviembre"],
        &["dic", "diciembre"],
    ],
    am: &["a. m.", "a.m."],
    pm: &["p. m.", "p.m."],
};

pub const GERMAN: MonthNames = MonthNames {
    code: "de",
    language: "German",
    months: [
        &["jan", "jän", "januar", "jänner"],
        &["feb", "februar"],
        &["märz", "mär", "mrz", "maerz"],
        &["apr", "april"],
        &["mai"],
        &["juni", "jun"],
        &["juli", "jul"],
        &["aug", "august"],
        &["sept", "sep", "september"],
        &["okt", "oktober"],
        &["nov", "november"],
        &["dez", "dezember"],
    ],
    am: &["vorm."],
    pm: &["nachm."],
};

pub const FRENCH: MonthNames = MonthNames {
    code: "fr",
    language: "French",
    months: [
        &["janv", "janvier"],
        &["févr", "fevr", "fév", "février", "fevrier"],
        &["mars"],
        &["avr", "avril"],
        &["mai"],
        &["juin"],
        &["juil", "juillet"],
        &["août", "aout", "aoû"],
        &["sept", "septembre"],
        &["oct", "octobre"],
        &["nov", "novembre"],
        &["déc", "dec", "décembre", "decembre"],
    ],
    am: &[],
    pm: &[],
};

pub const PORTUGUESE: MonthNames = MonthNames {
    code: "pt",
    language: "Portuguese",
    months: [
        &["jan", "janeiro"],
        &["fev", "fevereiro"],
        &["mar", "março", "marco"],
        &["abr", "abril"],
        &["mai", "maio"],
        &["jun", "junho"],
        &["jul", "julho"],
        &["ago", "agosto"],
        &["set", "setembro"],
        &["out", "outubro"],
        &["nov", "novembro"],
        &["dez", "dezembro"],
    ],
    am: &["da manhã"],
    pm: &["da tarde"],
};

/// The languages tried when English month names do not read a column.
pub const LANGUAGES: [&MonthNames; 4] = [&SPANISH, &GERMAN, &FRENCH, &PORTUGUESE];

/// A regex alternation of spellings, longest first so that `sept` wins over `sep`.
fn alternation(spellings: &[&str]) -> String {
    let mut sorted: Vec<&str> = spellings.to_vec();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    sorted
        .iter()
        .map(|s| regex_escape(s).replace(' ', r"\s?"))
        .collect::<Vec<_>>()
        .join("|")
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `input` with the month names and AM/PM markers of `names` in English.
pub fn to_english(input: Expr, names: &MonthNames) -> Expr {
    let mut e = input.str().strip_chars(lit(NULL));
    for (spellings, english) in names.months.iter().zip(ENGLISH) {
        // A month name stands between non-letters; a trailing dot is part of it.
        let pattern = format!(
            r"(?i)(^|[^\p{{L}}])(?:{})\.?([^\p{{L}}]|$)",
            alternation(spellings)
        );
        e = e
            .str()
            .replace_all(lit(pattern), lit(format!("${{1}}{english}${{2}}")), false);
    }
    for (markers, english) in [(names.am, "AM"), (names.pm, "PM")] {
        if markers.is_empty() {
            continue;
        }
        let pattern = format!(r"(?i)(^|\s)(?:{})(\s|$)", alternation(markers));
        e = e
            .str()
            .replace_all(lit(pattern), lit(format!("${{1}}{english}${{2}}")), false);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(names: &MonthNames, values: &[&str]) -> Vec<String> {
        let frame =
            DataFrame::new_infer_height(vec![Series::new("v".into(), values.to_vec()).into()])
                .expect("frame");
        let out = frame
            .lazy()
            .select([to_english(col("v"), names)])
            .collect()
            .expect("translate");
        out.column("v")
            .expect("v")
            .str()
            .expect("str")
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn java_spellings_become_english() {
        assert_eq!(
            english(
                &SPANISH,
                &[
                    "19/ene/26 12:47 PM",
                    "17/sept/25 10:44 a.\u{a0}m.",
                    "03/feb/25 3:05 p. m."
                ]
            ),
            vec![
                "19/Jan/26 12:47 PM",
                "17/Sep/25 10:44 AM",
                "03/Feb/25 3:05 PM"
            ]
        );
        assert_eq!(
            english(
                &GERMAN,
                &[
                    "17/Sept./25 10:44 AM",
                    "03/März/25 3:05 PM",
                    "1/Mär/25 9:00 AM"
                ]
            ),
            vec![
                "17/Sep/25 10:44 AM",
                "03/Mar/25 3:05 PM",
                "1/Mar/25 9:00 AM"
            ]
        );
        assert_eq!(
            english(&FRENCH, &["03/févr./25 3:05 PM", "9/août/25 1:00 AM"]),
            vec!["03/Feb/25 3:05 PM", "9/Aug/25 1:00 AM"]
        );
        assert_eq!(
            english(
                &PORTUGUESE,
                &["17/set./25 10:44 AM", "2/out/25 8:00 da manhã"]
            ),
            vec!["17/Sep/25 10:44 AM", "2/Oct/25 8:00 AM"]
        );
    }
}
