//! Finds the delimiter and the header of an export from its first bytes, and
//! keeps a sample of the first records for kind and profile detection.

use crate::error::{Error, Result};
use std::path::Path;

/// Delimiters tried, in order of preference when two fit equally well.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Bytes read for sniffing at first; records cut off at the end are not used.
const HEAD_BYTES: usize = 512 * 1024;
/// The most read for sniffing: a very wide header (tens of thousands of
/// columns) needs more than the first read.
const MAX_HEAD_BYTES: usize = 64 << 20;
const SAMPLE_RECORDS: usize = 200;
/// Records looked at for the header: title and blank lines above it are skipped.
const HEADER_SEARCH_RECORDS: usize = 30;

/// What the first bytes of a file say about its layout.
#[derive(Debug, Clone)]
pub struct Sniffed {
    pub delimiter: u8,
    /// Header names as written (BOM and surrounding spaces removed).
    pub header: Vec<String>,
    /// Up to `SAMPLE_RECORDS` data records, each padded or cut to the header's width.
    pub sample: Vec<Vec<String>>,
    /// Lines above the header (titles, blank lines) that the scan skips.
    pub skip_lines: usize,
}

impl Sniffed {
    pub fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b',' => "comma",
            b';' => "semicolon",
            b'\t' => "tab",
            b'|' => "pipe",
            _ => "other",
        }
    }
}

/// Reads the head of a UTF-8 file and detects its delimiter and header. The
/// head grows until it holds a data record after the header, or the file ends.
pub fn sniff(readable: &Path, shown_as: &Path) -> Result<Sniffed> {
    let mut limit = HEAD_BYTES;
    loop {
        let head = super::source::read_head(readable, limit).map_err(|e| Error::io(shown_as, e))?;
        let complete = head.len() < limit;
        let text = String::from_utf8_lossy(&head);
        let sniffed = sniff_text(&text, complete);
        let enough = sniffed.as_ref().is_some_and(|s| !s.sample.is_empty());
        if enough || complete || limit >= MAX_HEAD_BYTES {
            return sniffed.ok_or_else(|| Error::NotCsv {
                path: shown_as.to_path_buf(),
                why: "no delimiter (comma, semicolon, tab or pipe) splits its first line into columns"
                    .into(),
            });
        }
        limit *= 4;
    }
}

/// `complete` says whether `text` is the whole file (else the last record may be cut).
pub fn sniff_text(text: &str, complete: bool) -> Option<Sniffed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut best: Option<(Score, Sniffed)> = None;
    for delimiter in DELIMITERS {
        let Some((score, sniffed)) = try_delimiter(text, delimiter, complete) else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, sniffed));
        }
    }
    best.map(|(_, s)| s)
}

/// Higher is better: first the share of records as wide as the header, then the width.
#[derive(Debug, PartialEq, PartialOrd)]
struct Score(f64, usize);

fn try_delimiter(text: &str, delimiter: u8, complete: bool) -> Option<(Score, Sniffed)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut leading: Vec<csv::StringRecord> = Vec::new();
    for record in records.by_ref().take(HEADER_SEARCH_RECORDS) {
        let Ok(record) = record else { break };
        leading.push(record);
    }
    let at = header_index(&leading)?;
    // Lines as polars counts them: every line break before the header.
    let skip_lines = leading[at]
        .position()
        .map(|p| {
            // A record's position may be the start of blank lines before it.
            let bytes = text.as_bytes();
            let mut end = (p.byte() as usize).min(bytes.len());
            while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
                end += 1;
            }
            bytes[..end].iter().filter(|b| **b == b'\n').count()
        })
        .unwrap_or(0);
    let header: Vec<String> = leading[at]
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if header.len() < 2 {
        return None;
    }
    let mut rows: Vec<Vec<String>> = leading[at + 1..]
        .iter()
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    for record in records.take((SAMPLE_RECORDS + 1).saturating_sub(rows.len())) {
        let Ok(record) = record else { break };
        rows.push(record.iter().map(str::to_string).collect());
    }
    if !complete && rows.len() <= SAMPLE_RECORDS {
        rows.pop();
    }
    rows.truncate(SAMPLE_RECORDS);
    let width = header.len();
    let consistent = if rows.is_empty() {
        1.0
    } else {
        rows.iter().filter(|r| r.len() == width).count() as f64 / rows.len() as f64
    };
    for row in &mut rows {
        row.resize(width, String::new());
    }
    Some((
        Score(consistent, width),
        Sniffed {
            delimiter,
            header,
            sample: rows,
            skip_lines,
        },
    ))
}

/// The first record with at least two filled fields and at least half as
/// many as the fullest of the first records: title lines above it are skipped.
/// The fullest but one sets the bar, so that one overlong line (a record of
/// 100 000 fields under a header of three) is not taken for the header.
fn header_index(records: &[csv::StringRecord]) -> Option<usize> {
    let filled = |r: &csv::StringRecord| r.iter().filter(|f| !f.trim().is_empty()).count();
    let mut widths: Vec<usize> = records.iter().map(filled).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let widest = *widths.get(1).or(widths.first())?;
    let needed = widest.div_ceil(2).max(2);
    records.iter().position(|r| filled(r) >= needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_delimiter() {
        for (text, delim) in [
            ("a,b,c\n1,2,3\n", b','),
            ("a;b;c\n1;2,5;3\n", b';'),
            ("a\tb\tc\n1\t2\t3\n", b'\t'),
            ("a|b|c\n1|2|3\n", b'|'),
        ] {
            let s = sniff_text(text, true).expect("sniffed");
            assert_eq!(s.delimiter, delim, "{text:?}");
            assert_eq!(s.header, vec!["a", "b", "c"]);
        }
    }

    #[test]
    fn semicolon_file_with_commas_in_values_is_semicolon() {
        let text = "Incident ID;Handle Time (Hours);Category\nIM1;0,5;incident\nIM2;1,25;request\n";
        let s = sniff_text(text, true).expect("sniffed");
        assert_eq!(s.delimiter, b';');
        assert_eq!(s.sample[0], vec!["IM1", "0,5", "incident"]);
    }

    #[test]
    fn bom_and_spaces_are_stripped_from_header() {
        let s = sniff_text("\u{feff} number , Opened\n1,2\n", true).expect("sniffed");
        assert_eq!(s.header, vec!["number", "Opened"]);
    }

    #[test]
    fn quoted_newlines_stay_in_one_record() {
        let s = sniff_text("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n", true).expect("sniffed");
        assert_eq!(s.sample.len(), 2);
        assert_eq!(s.sample[0][0], "x\r\ny");
    }

    #[test]
    fn title_lines_above_the_header_are_skipped() {
        let s = sniff_text(
            "Incident report\n\nnumber,opened_at,priority\nINC1,2024-01-01,1\n",
            true,
        )
        .expect("sniffed");
        assert_eq!(s.header, vec!["number", "opened_at", "priority"]);
        assert_eq!(s.skip_lines, 2);
        assert_eq!(s.sample.len(), 1);
    }

    #[test]
    fn single_column_text_is_not_csv() {
        assert!(sniff_text("just some words\nand more\n", true).is_none());
    }
}
