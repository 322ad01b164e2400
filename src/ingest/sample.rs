//! The values detection looks at before the scan: every value of some
//! columns of a small file, and of a large CSV file the records found at
//! evenly spread places in it. Detecting a column's date format needs values
//! from the whole file (a file may open with days that read either way), but
//! the scan parses dates as it reads, so the sample must come first and must
//! not cost a second read of a large file.

use super::header::Header;
use super::load::{NULL_MARKERS, ROW};
use super::scan;
use super::sniff::Sniffed;
use super::source::{PreparedSource, SourceFormat};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Files up to this size are sampled whole (one scan of the sampled columns).
const WHOLE_FILE_BYTES: u64 = 8 << 20;
/// Places a large file is read at.
const PLACES: u64 = 48;
/// Bytes read at each place.
const PLACE_BYTES: usize = 32 << 10;
/// Line starts tried at a place before it is given up: a place may fall
/// inside a quoted field that spans lines.
const STARTS_TRIED: usize = 4;
/// Fewer records than this from the spread places (a file of very long
/// records, or of quoted fields spanning lines everywhere), and the file is
/// sampled whole after all.
const MIN_RECORDS: usize = 500;

/// The `(column index, alias)` columns of an export as text: every value
/// of a small file or a Parquet file, the records at spread places of a
/// large CSV file.
pub fn sample_columns(
    source: &PreparedSource,
    sniffed: &Sniffed,
    header: &Header,
    wanted: &[(usize, String)],
) -> Result<DataFrame> {
    let whole = || {
        scan::scan_columns(source, sniffed, header, wanted)?
            .collect()
            .map_err(|e| scan::csv_error(source, e))
            .and_then(|df| df.drop(ROW).map_err(|e| Error::polars(&source.original, e)))
    };
    if wanted.is_empty() {
        return Ok(DataFrame::empty());
    }
    if source.format == SourceFormat::Parquet {
        return whole();
    }
    let bytes = std::fs::metadata(&source.readable)
        .map_err(|e| Error::io(&source.original, e))?
        .len();
    if bytes <= WHOLE_FILE_BYTES {
        return whole();
    }
    let fields: Vec<usize> = wanted.iter().map(|(i, _)| *i).collect();
    let shape = Shape {
        delimiter: sniffed.delimiter,
        width: header.unique.len(),
        fields: &fields,
    };
    let records = spread_records(&source.readable, bytes, &shape)
        .map_err(|e| Error::io(&source.original, e))?;
    if records.len() < MIN_RECORDS {
        return whole();
    }
    let columns: Vec<Column> = wanted
        .iter()
        .enumerate()
        .map(|(j, (_, alias))| {
            let values: Vec<Option<&str>> = records
                .iter()
                .map(|r| r.get(j).and_then(|v| present(v)))
                .collect();
            Column::new(alias.as_str().into(), values)
        })
        .collect();
    DataFrame::new_infer_height(columns).map_err(|e| Error::polars(&source.original, e))
}

/// A field's value as the scan reads it: the null markers are no value.
fn present(field: &str) -> Option<&str> {
    (!NULL_MARKERS.contains(&field)).then_some(field)
}

/// How the records of a file look, and which of their fields to keep.
struct Shape<'a> {
    delimiter: u8,
    /// Fields per record (the header's).
    width: usize,
    fields: &'a [usize],
}

/// The kept fields of whole records read at `PLACES` evenly spread places
/// after the first, in file order. The first place is left out: the header
/// lies there.
fn spread_records(
    path: &std::path::Path,
    bytes: u64,
    shape: &Shape<'_>,
) -> std::io::Result<Vec<Vec<String>>> {
    let mut file = File::open(path)?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; PLACE_BYTES];
    for place in 1..PLACES {
        let offset = bytes * place / PLACES;
        file.seek(SeekFrom::Start(offset))?;
        let n = read_up_to(&mut file, &mut buf)?;
        out.extend(records_at(&buf[..n], shape));
    }
    Ok(out)
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The kept fields of the whole records of a chunk that starts anywhere in
/// a file: from one of the first line starts, the first from which the
/// records read are as wide as the header (a start inside a quoted field
/// gives records of other widths). The chunk's last record may be cut, so it
/// is not used.
fn records_at(chunk: &[u8], shape: &Shape<'_>) -> Vec<Vec<String>> {
    let starts = chunk
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .take(STARTS_TRIED);
    for start in starts {
        let mut records = parse(&chunk[start..], shape);
        // The last record may be cut off by the chunk's end.
        records.pop();
        if records.len() < 2 {
            continue;
        }
        let fitting = records.iter().filter(|r| r.is_some()).count();
        if fitting * 10 >= records.len() * 9 {
            return records.into_iter().flatten().collect();
        }
    }
    Vec::new()
}

/// Each record's kept fields, or `None` for a record of another width.
fn parse(bytes: &[u8], shape: &Shape<'_>) -> Vec<Option<Vec<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(shape.delimiter)
        .from_reader(bytes);
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        records.push((record.len() == shape.width).then(|| {
            shape
                .fields
                .iter()
                .map(|i| String::from_utf8_lossy(record.get(*i).unwrap_or_default()).into_owned())
                .collect()
        }));
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [usize; 3] = [0, 1, 2];

    fn all_of(width: usize) -> Shape<'static> {
        Shape {
            delimiter: b',',
            width,
            fields: &ALL,
        }
    }

    #[test]
    fn only_the_kept_fields_are_kept() {
        let shape = Shape {
            delimiter: b',',
            width: 3,
            fields: &[2, 0],
        };
        let records = records_at(b"x\n1,a,b\n2,c,d\n3,e,f\n", &shape);
        assert_eq!(records, vec![vec!["b", "1"], vec!["d", "2"]]);
    }

    #[test]
    fn a_chunk_starting_mid_record_gives_whole_records_only() {
        let chunk = b"15,b\n2,x,y\n3,z,w\n4,\"q\",r\n5,cut";
        let records = records_at(chunk, &all_of(3));
        assert_eq!(
            records,
            vec![
                vec!["2", "x", "y"],
                vec!["3", "z", "w"],
                vec!["4", "q", "r"]
            ]
        );
    }

    #[test]
    fn a_chunk_starting_inside_a_quoted_field_is_read_from_a_later_line() {
        // The chunk starts inside the quoted note of record 1, whose second
        // line opens with a line that looks like a record start.
        let chunk = b"ote\n more \"\"quoted\"\" text\",2020-01-01\n\
            2,\"plain\",2020-01-02\n3,\"two\nlines\",2020-01-03\n\
            4,\"plain\",2020-01-04\n5,\"plain\",2020-01-05\n6,\"cut";
        let records = records_at(chunk, &all_of(3));
        assert!(!records.is_empty());
        assert!(records.iter().all(|r| r.len() == 3), "{records:?}");
        assert!(
            records.iter().all(|r| r[2].starts_with("2020-01-0")),
            "{records:?}"
        );
    }

    #[test]
    fn a_chunk_with_no_records_of_the_width_gives_none() {
        assert!(records_at(b"x\na,b\nc,d\ne,f\ng", &all_of(3)).is_empty());
    }

    #[test]
    fn null_markers_are_no_value() {
        assert_eq!(present("?"), None);
        assert_eq!(present(""), None);
        assert_eq!(present("2020-01-01"), Some("2020-01-01"));
    }
}
