//! Workbooks (xlsx, xls, xlsb, ods) read with calamine and written out as a
//! UTF-8 CSV, so that the same detection, mapping and accounting apply as to
//! any CSV export. Title rows above the header are skipped; date cells become
//! ISO 8601 text and duration cells seconds, so no cell depends on how Excel
//! displayed it.

use crate::error::{Error, Result};
use calamine::{Data, Reader, Sheets};
use std::io::Cursor;
use std::path::Path;

/// Rows looked at to find the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// The sheet that was read and how.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    /// xlsx, xls, xlsb or ods.
    pub format: &'static str,
    pub name: String,
    /// Every sheet of the workbook, in order.
    pub sheets: Vec<String>,
    /// Rows above the header (titles, blank rows) left out.
    pub skipped_rows: usize,
}

/// Writes one sheet of the workbook at `bytes_at` (shown as `path`) to `out`
/// as CSV: the first sheet with data, or the one named `wanted`.
pub fn to_csv(path: &Path, bytes_at: &Path, out: &Path, wanted: Option<&str>) -> Result<SheetInfo> {
    let bytes = std::fs::read(bytes_at).map_err(|e| Error::io(path, e))?;
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).map_err(|e| {
            Error::NotCsv {
                path: path.to_path_buf(),
                why: format!(
                    "it is a zip or Office file but not a workbook (xlsx, xls, xlsb, ods) that can be read: {e}"
                ),
            }
        })?;
    let format = match &workbook {
        Sheets::Xls(_) => "xls",
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let sheets = workbook.sheet_names();
    let candidates: Vec<String> = match wanted {
        Some(name) => {
            let found = sheets
                .iter()
                .find(|s| s.trim().eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "{}: --sheet {name}: no such sheet; the workbook has {}",
                        path.display(),
                        sheets
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            vec![found.clone()]
        }
        None => sheets.clone(),
    };
    for name in &candidates {
        let range = workbook.worksheet_range(name).map_err(|e| Error::NotCsv {
            path: path.to_path_buf(),
            why: format!("sheet `{name}` cannot be read: {e}"),
        })?;
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some(header) = header_row(&rows) else {
            continue;
        };
        write_rows(path, out, &rows[header..])?;
        return Ok(SheetInfo {
            format,
            name: name.clone(),
            sheets,
            skipped_rows: header,
        });
    }
    Err(Error::EmptyFile {
        path: path.to_path_buf(),
    })
}

/// The first row that looks like a header: at least two filled cells and at
/// least half as many as the fullest of the first rows.
fn header_row(rows: &[&[Data]]) -> Option<usize> {
    let filled = |row: &[Data]| row.iter().filter(|c| !is_blank(c)).count();
    let widest = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .map(|r| filled(r))
        .max()?;
    let needed = widest.div_ceil(2).max(2);
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| filled(r) >= needed)
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn write_rows(path: &Path, out: &Path, rows: &[&[Data]]) -> Result<()> {
    let io = |e: csv::Error| Error::Write {
        path: out.to_path_buf(),
        message: format!("converting {}: {e}", path.display()),
    };
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(out)
        .map_err(io)?;
    for row in rows {
        if row.iter().all(is_blank) {
            continue;
        }
        writer.write_record(row.iter().map(cell_text)).map_err(io)?;
    }
    writer.flush().map_err(|e| Error::io(out, e))
}

/// The text of a cell as an export would have written it.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_duration() => number_text(dt.as_f64() * 86_400.0),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if ms == 0 {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{ms:03}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// Whole numbers without a fraction; others in their shortest exact form.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let rounded = (f * 1e6).round() / 1e6;
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_become_export_text() {
        let date = ExcelDateTime::new(45943.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2025-10-13 12:00:00");
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(duration)), "129600");
        assert_eq!(cell_text(&Data::Float(3.0)), "3");
        assert_eq!(cell_text(&Data::Float(45123.25)), "45123.25");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::Empty), "");
    }

    #[test]
    fn the_header_is_found_below_titles() {
        let title = vec![
            Data::String("Incident report".into()),
            Data::Empty,
            Data::Empty,
        ];
        let blank = vec![Data::Empty, Data::Empty, Data::Empty];
        let header = vec![
            Data::String("Number".into()),
            Data::String("Opened".into()),
            Data::String("Priority".into()),
        ];
        let row = vec![
            Data::String("INC1".into()),
            Data::Float(45000.0),
            Data::Int(1),
        ];
        let rows: Vec<&[Data]> = vec![&title, &blank, &header, &row];
        assert_eq!(header_row(&rows), Some(2));
        let only_blank: Vec<&[Data]> = vec![&blank];
        assert_eq!(header_row(&only_blank), None);
    }
}
