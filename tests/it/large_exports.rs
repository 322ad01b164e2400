//! Exports larger than the size sampled whole: date formats are detected
//! from records read at spread places, which must see what the file's
//! head does not, and must not be misled by quoted fields spanning lines.

use crate::common::{assert_balanced, count, export, inspect_json};

/// About 10 MiB of incidents: the first 60 % opened on days 1 to 12 (each
/// date reads day-first or month-first), the rest on days 13 to 28.
fn day_first_export(notes: bool) -> String {
    let mut text = String::from("number,opened_at,category,short_description,priority\n");
    let rows = 160_000;
    for i in 0..rows {
        let day = if i * 10 < rows * 6 {
            1 + i % 12
        } else {
            13 + i % 16
        };
        let note = if notes && i % 3 == 0 {
            // A note over three lines, with a date-like line and a comma.
            format!(
                "\"printer down,\n{:02}/01/2024 10:00 again\nsee \"\"log\"\"\"",
                day
            )
        } else {
            "plain note".to_string()
        };
        text.push_str(&format!(
            "INC{i:07},{day:02}/{:02}/2024 {:02}:{:02},Network,{note},3 - Moderate\n",
            1 + i % 12,
            i % 24,
            i % 60
        ));
    }
    text
}

/// Every row of the export is read, its dates day-first.
fn assert_read_day_first(name: &str, text: &str) {
    assert!(text.len() > 8 << 20, "{} bytes", text.len());
    let x = export(name, text.as_bytes());
    let (code, entry) = inspect_json(&x.path, &[]);
    assert_eq!(code, 0, "{entry}");
    assert_eq!(entry["date_formats"]["opened_at"], "%d/%m/%Y %H:%M");
    assert_balanced(&entry);
    assert_eq!(count(&entry, "rows_kept"), 160_000);
    assert_eq!(entry["parse_failures"]["opened_at"], 0, "{entry}");
}

#[test]
fn a_large_export_is_sampled_beyond_its_ambiguous_head() {
    assert_read_day_first("large.csv", &day_first_export(false));
}

#[test]
fn quoted_fields_spanning_lines_do_not_mislead_the_sample() {
    assert_read_day_first("large-notes.csv", &day_first_export(true));
}
