//! CSV that a spreadsheet cannot run. A cell that begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is read as a formula by Excel, LibreOffice
//! and Google Sheets; following OWASP's CSV-injection guidance such a cell is
//! written with a leading `'`, which they show as text. Numbers (`-0.25`,
//! `+3`, `1e-5`) are left as they are, so they stay numbers. Every CSV the
//! tool writes goes through [`record`] or [`cell`].

use std::borrow::Cow;
use std::io::Write;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A plain decimal number, as the tool and spreadsheets write them.
fn is_number(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    !digits.is_empty()
        && digits.len() + 1 >= text.len()
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The cell as written: text a spreadsheet would take for a formula gets a
/// leading `'`.
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes one record, each cell through [`cell`].
pub fn record<W: Write, S: AsRef<str>>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    let cells: Vec<S> = cells.into_iter().collect();
    writer.write_record(cells.iter().map(|c| cell(c.as_ref()).into_owned()))
}

/// Whether a written cell is safe to open in a spreadsheet: no formula start,
/// or a number.
pub fn is_safe(text: &str) -> bool {
    !text.starts_with(FORMULA_STARTS) || is_number(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for (input, written) in [
            ("=1+2", "'=1+2"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("--1", "'--1"),
        ] {
            assert_eq!(cell(input), written, "{input:?}");
            assert!(!is_safe(input) && is_safe(&cell(input)), "{input:?}");
        }
    }

    #[test]
    fn numbers_and_plain_text_stay_as_they_are() {
        for text in [
            "-0.25",
            "+3",
            "-12",
            "1e-5",
            "-1.5E+3",
            "0.0731",
            "",
            "ok",
            "a=b",
            "incident.mttr_hours",
        ] {
            assert_eq!(cell(text), text);
            assert!(is_safe(text));
        }
    }

    #[test]
    fn records_are_written_neutralised_and_quoted() {
        let mut w = csv::Writer::from_writer(Vec::new());
        record(&mut w, ["=HYPERLINK(\"x\")", "-0.5", "a,b"]).expect("write");
        let text = String::from_utf8(w.into_inner().expect("bytes")).expect("utf-8");
        assert_eq!(text, "\"'=HYPERLINK(\"\"x\"\")\",-0.5,\"a,b\"\n");
    }
}
