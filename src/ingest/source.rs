//! Turns an export file as a tool wrote it into something polars can scan:
//! gzip is decompressed; UTF-16, Windows-1252 and Mac Roman text is
//! transcoded to UTF-8; lone CR line ends (old Excel for Mac) become LF;
//! spreadsheets (xlsx, xls, xlsb, ods) are written out as CSV; Parquet files
//! are scanned as they are. Plain UTF-8 CSV files are scanned where they lie.

use super::encoding::{self, SourceEncoding};
use super::spreadsheet;
use crate::error::{Error, Result};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZIP_MAGIC: [u8; 4] = [b'P', b'K', 0x03, 0x04];
const OLE_MAGIC: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PARQUET_MAGIC: [u8; 4] = *b"PAR1";
const PDF_MAGIC: [u8; 5] = *b"%PDF-";

/// How the rows of an export are laid out on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFormat {
    /// Delimited text.
    Csv,
    /// A sheet of a workbook, written out as CSV (`readable`).
    Spreadsheet { format: &'static str, sheet: String },
    /// A Parquet file, scanned by polars directly.
    Parquet,
}

impl SourceFormat {
    pub fn is_spreadsheet(&self) -> bool {
        matches!(self, SourceFormat::Spreadsheet { .. })
    }
}

/// What the reader may be told about the bytes of an export.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// The text encoding, when detection must not decide.
    pub encoding: Option<SourceEncoding>,
    /// The sheet of a workbook to read; the first when unset.
    pub sheet: Option<String>,
}

/// An export ready to be scanned: `readable` is UTF-8 CSV text, or the
/// Parquet file itself.
#[derive(Debug)]
pub struct PreparedSource {
    pub original: PathBuf,
    pub readable: PathBuf,
    pub format: SourceFormat,
    pub encoding: SourceEncoding,
    pub gzip: bool,
    /// What was changed on the way (line ends converted, title rows skipped ...).
    pub notes: Vec<String>,
    // Kept so that temporary files live as long as the source.
    _temps: Vec<tempfile::TempPath>,
}

/// Checks the file exists and is a non-empty file, then makes it scannable.
pub fn prepare(path: &Path, options: &SourceOptions) -> Result<PreparedSource> {
    if let Some(why) = crate::local_path::refuse_url(&path.to_string_lossy()) {
        return Err(Error::Usage(why));
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            path: path.to_path_buf(),
        },
        _ => Error::io(path, e),
    })?;
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() == 0 {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let mut temps = Vec::new();
    let mut notes = Vec::new();

    let gzip = read_head(path, GZIP_MAGIC.len()).map_err(|e| Error::io(path, e))? == GZIP_MAGIC;
    let plain = if gzip {
        let temp = temp_file_for(path, ".bin")?;
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut decoder = MultiGzDecoder::new(BufReader::new(file));
        let mut out = BufWriter::new(File::create(&temp).map_err(|e| Error::io(path, e))?);
        std::io::copy(&mut decoder, &mut out).map_err(|e| Error::NotCsv {
            path: path.to_path_buf(),
            why: format!("it starts like gzip but does not decompress: {e}"),
        })?;
        out.flush().map_err(|e| Error::io(path, e))?;
        let plain = temp.to_path_buf();
        temps.push(temp);
        plain
    } else {
        path.to_path_buf()
    };

    let head = read_head(&plain, 8192).map_err(|e| Error::io(path, e))?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    if let Some(binary) = binary_format(&head) {
        return prepare_binary(path, plain, binary, gzip, temps, options);
    }

    let encoding = match options.encoding {
        Some(chosen) => chosen,
        None => encoding::detect(&plain, &head).map_err(|e| Error::io(path, e))?,
    };
    // Only UTF-16 text holds NUL bytes; in any 8-bit encoding they mean binary.
    let utf16 = matches!(encoding, SourceEncoding::Utf16Le | SourceEncoding::Utf16Be);
    if !utf16 && head.contains(&0) {
        return Err(Error::NotCsv {
            path: path.to_path_buf(),
            why: "it contains NUL bytes, as binary files do".into(),
        });
    }
    let lone_cr = has_lone_cr_line_ends(&head, encoding);
    if lone_cr {
        notes.push("lone CR line ends (old Mac) read as line breaks".to_string());
    }
    let readable = if encoding.is_utf8() && !lone_cr {
        plain
    } else {
        let out = temp_file_for(path, ".csv")?;
        encoding::transcode(&plain, &out, encoding, lone_cr).map_err(|e| Error::io(path, e))?;
        let readable = out.to_path_buf();
        temps.push(out);
        readable
    };
    Ok(PreparedSource {
        original: path.to_path_buf(),
        readable,
        format: SourceFormat::Csv,
        encoding,
        gzip,
        notes,
        _temps: temps,
    })
}

/// Binary file types recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binary {
    /// A zip container: xlsx, xlsb, ods, or another zip.
    Zip,
    /// An OLE compound file: xls (or another Office document).
    Ole,
    Parquet,
    Pdf,
}

fn binary_format(head: &[u8]) -> Option<Binary> {
    if head.starts_with(&ZIP_MAGIC) {
        Some(Binary::Zip)
    } else if head.starts_with(&OLE_MAGIC) {
        Some(Binary::Ole)
    } else if head.starts_with(&PARQUET_MAGIC) {
        Some(Binary::Parquet)
    } else if head.starts_with(&PDF_MAGIC) {
        Some(Binary::Pdf)
    } else {
        None
    }
}

fn prepare_binary(
    path: &Path,
    plain: PathBuf,
    binary: Binary,
    gzip: bool,
    mut temps: Vec<tempfile::TempPath>,
    options: &SourceOptions,
) -> Result<PreparedSource> {
    match binary {
        Binary::Pdf => Err(Error::NotCsv {
            path: path.to_path_buf(),
            why: "it is a PDF document; export the list as CSV, Excel or Parquet instead".into(),
        }),
        Binary::Parquet => Ok(PreparedSource {
            original: path.to_path_buf(),
            readable: plain,
            format: SourceFormat::Parquet,
            encoding: SourceEncoding::Utf8,
            gzip,
            notes: Vec::new(),
            _temps: temps,
        }),
        Binary::Zip | Binary::Ole => {
            let out = temp_file_for(path, ".csv")?;
            let sheet = spreadsheet::to_csv(path, &plain, &out, options.sheet.as_deref())?;
            let readable = out.to_path_buf();
            temps.push(out);
            let mut notes = Vec::new();
            if sheet.sheets.len() > 1 {
                notes.push(format!(
                    "workbook has {} sheets ({}); read `{}`{}",
                    sheet.sheets.len(),
                    sheet.sheets.join(", "),
                    sheet.name,
                    if options.sheet.is_some() {
                        ""
                    } else {
                        " (the first; choose another with --sheet NAME)"
                    }
                ));
            }
            if sheet.skipped_rows > 0 {
                notes.push(format!(
                    "{} row(s) above the header skipped (titles or blank rows)",
                    sheet.skipped_rows
                ));
            }
            Ok(PreparedSource {
                original: path.to_path_buf(),
                readable,
                format: SourceFormat::Spreadsheet {
                    format: sheet.format,
                    sheet: sheet.name,
                },
                encoding: SourceEncoding::Utf8,
                gzip,
                notes,
                _temps: temps,
            })
        }
    }
}

/// True when the head has CR line breaks and no LF at all.
fn has_lone_cr_line_ends(head: &[u8], encoding: SourceEncoding) -> bool {
    match encoding {
        SourceEncoding::Utf16Le | SourceEncoding::Utf16Be => {
            let units: Vec<u16> = head
                .chunks_exact(2)
                .map(|c| match encoding {
                    SourceEncoding::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                    _ => u16::from_be_bytes([c[0], c[1]]),
                })
                .collect();
            units.contains(&0x0d) && !units.contains(&0x0a)
        }
        _ => head.contains(&b'\r') && !head.contains(&b'\n'),
    }
}

pub(crate) fn temp_file_for(path: &Path, suffix: &str) -> Result<tempfile::TempPath> {
    tempfile::Builder::new()
        .prefix("itsm-evidence-")
        .suffix(suffix)
        .tempfile()
        .map(|f| f.into_temp_path())
        .map_err(|e| Error::io(path, e))
}

/// The first `limit` bytes of a file (fewer if it is shorter).
pub fn read_head(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit);
    File::open(path)?.take(limit as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// SHA-256 and size of a file, mapped or else read in chunks.
pub fn fingerprint(path: &Path) -> Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let digest = |hasher: Sha256| -> String {
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    let mapped = super::mapped::each_window(path, |window| {
        hasher.update(window);
        total += window.len() as u64;
        true
    })
    .map_err(|e| Error::io(path, e))?;
    if mapped {
        return Ok((digest(hasher), total));
    }
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((digest(hasher), total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(bytes).expect("write");
        f
    }

    fn readable_text(bytes: &[u8]) -> (SourceEncoding, String) {
        let f = write_temp(bytes);
        let prepared = prepare(f.path(), &SourceOptions::default()).expect("prepare");
        let text = std::fs::read_to_string(&prepared.readable).expect("utf-8");
        (prepared.encoding, text)
    }

    #[test]
    fn windows_1252_is_decoded_not_replaced() {
        let (enc, text) = readable_text(b"a,b\n1,x \x96 y\n2,Stra\xdfe\n");
        assert_eq!(enc, SourceEncoding::Windows1252);
        assert_eq!(text, "a,b\n1,x \u{2013} y\n2,Stra\u{df}e\n");
        assert!(!text.contains('\u{fffd}'));
    }

    #[test]
    fn utf8_is_scanned_in_place_and_bom_is_noted() {
        let f = write_temp("\u{feff}a,b\n1,\u{ae}\n".as_bytes());
        let prepared = prepare(f.path(), &SourceOptions::default()).expect("prepare");
        assert_eq!(prepared.encoding, SourceEncoding::Utf8Bom);
        assert_eq!(prepared.readable, f.path());
    }

    #[test]
    fn utf16_with_bom_is_transcoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "a\tb\n1\t\u{e9}\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (enc, text) = readable_text(&bytes);
        assert_eq!(enc, SourceEncoding::Utf16Le);
        assert_eq!(text, "a\tb\n1\t\u{e9}\n");
    }

    #[test]
    fn gzip_is_decompressed() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"a,b\n1,2\n").expect("gzip");
        let (enc, text) = readable_text(&gz.finish().expect("gzip"));
        assert_eq!(enc, SourceEncoding::Utf8);
        assert_eq!(text, "a,b\n1,2\n");
    }

    #[test]
    fn lone_cr_line_ends_become_lf() {
        let (enc, text) = readable_text(b"a,b\r1,\"x\ry\"\r2,3\r");
        assert_eq!(enc, SourceEncoding::Utf8);
        assert_eq!(text, "a,b\n1,\"x\ny\"\n2,3\n");
        // CRLF files are left as they are.
        let (_, text) = readable_text(b"a,b\r\n1,2\r\n");
        assert_eq!(text, "a,b\r\n1,2\r\n");
    }

    #[test]
    fn empty_binary_pdf_and_missing_files_are_refused() {
        let opts = SourceOptions::default();
        let empty = write_temp(b"");
        assert!(matches!(
            prepare(empty.path(), &opts),
            Err(Error::EmptyFile { .. })
        ));
        let blank = write_temp(b"\n\r\n  ");
        assert!(matches!(
            prepare(blank.path(), &opts),
            Err(Error::EmptyFile { .. })
        ));
        let binary = write_temp(b"\x00\x01\x02garbage\x00");
        assert!(matches!(
            prepare(binary.path(), &opts),
            Err(Error::NotCsv { .. })
        ));
        let pdf = write_temp(b"%PDF-1.7\n%\xe2\xe3\n");
        match prepare(pdf.path(), &opts) {
            Err(Error::NotCsv { why, .. }) => assert!(why.contains("PDF"), "{why}"),
            other => panic!("{other:?}"),
        }
        let zip = write_temp(b"PK\x03\x04\x00\x00garbage");
        assert!(matches!(
            prepare(zip.path(), &opts),
            Err(Error::NotCsv { .. })
        ));
        let missing = Path::new("/nonexistent/export.csv");
        assert!(matches!(
            prepare(missing, &opts),
            Err(Error::NotFound { .. })
        ));
        let dir = tempfile::tempdir().expect("dir");
        assert!(matches!(
            prepare(dir.path(), &opts),
            Err(Error::IsDirectory { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_mapped_is_fingerprinted_in_chunks() {
        let (hash, n) = fingerprint(Path::new("/dev/null")).expect("hash");
        assert_eq!(
            hash,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(n, 0);
    }

    #[test]
    fn a_file_of_several_windows_is_hashed_whole() {
        use sha2::{Digest, Sha256};
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("f");
        let bytes: Vec<u8> = (0..=250u8).cycle().take((17 << 20) + 5).collect();
        std::fs::write(&p, &bytes).expect("write");
        let expected: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            fingerprint(&p).expect("hash"),
            (expected, bytes.len() as u64)
        );
    }

    #[test]
    fn fingerprint_of_known_bytes() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("f");
        std::fs::write(&p, b"abc").expect("write");
        let (hash, n) = fingerprint(&p).expect("hash");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(n, 3);
    }
}
