//! Turns an export file as a tool wrote it into UTF-8 text polars can scan:
//! gzip is decompressed, UTF-16 and Windows-1252 / Latin-1 are transcoded.
//! Plain UTF-8 files (with or without a BOM) are scanned where they lie.

use crate::error::{Error, Result};
use flate2::read::MultiGzDecoder;
use serde::Serialize;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

const CHUNK: usize = 1 << 20;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The character encoding an export was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: decoded as Windows-1252, a superset of Latin-1's
    /// printable characters, so no byte is ever lost or replaced.
    Windows1252,
}

impl SourceEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 with BOM",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// An export ready to be scanned: `readable` is UTF-8 text.
#[derive(Debug)]
pub struct PreparedSource {
    pub original: PathBuf,
    pub readable: PathBuf,
    pub encoding: SourceEncoding,
    pub gzip: bool,
    // Kept so the temporary file lives as long as the source.
    _temp: Option<tempfile::TempPath>,
}

/// Checks the file exists and is a non-empty file, then makes it scannable.
pub fn prepare(path: &Path) -> Result<PreparedSource> {
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

    let gzip = starts_with(path, &GZIP_MAGIC)?;
    let (plain, temp) = if gzip {
        let temp = temp_file_for(path)?;
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut decoder = MultiGzDecoder::new(BufReader::new(file));
        let mut out = BufWriter::new(File::create(&temp).map_err(|e| Error::io(path, e))?);
        std::io::copy(&mut decoder, &mut out).map_err(|e| Error::NotCsv {
            path: path.to_path_buf(),
            why: format!("it starts like gzip but does not decompress: {e}"),
        })?;
        out.flush().map_err(|e| Error::io(path, e))?;
        (temp.to_path_buf(), Some(temp))
    } else {
        (path.to_path_buf(), None)
    };

    let head = read_head(&plain, 8192).map_err(|e| Error::io(path, e))?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let encoding = if head.starts_with(&[0xff, 0xfe]) {
        SourceEncoding::Utf16Le
    } else if head.starts_with(&[0xfe, 0xff]) {
        SourceEncoding::Utf16Be
    } else {
        if head.contains(&0) {
            return Err(Error::NotCsv {
                path: path.to_path_buf(),
                why: "it contains NUL bytes, as binary files do".into(),
            });
        }
        match is_utf8(&plain).map_err(|e| Error::io(path, e))? {
            true if head.starts_with(&[0xef, 0xbb, 0xbf]) => SourceEncoding::Utf8Bom,
            true => SourceEncoding::Utf8,
            false => SourceEncoding::Windows1252,
        }
    };

    let (readable, temp) = match encoding {
        SourceEncoding::Utf8 | SourceEncoding::Utf8Bom => (plain, temp),
        other => {
            let decoder = match other {
                SourceEncoding::Utf16Le => encoding_rs::UTF_16LE,
                SourceEncoding::Utf16Be => encoding_rs::UTF_16BE,
                _ => encoding_rs::WINDOWS_1252,
            };
            let out = temp_file_for(path)?;
            transcode(&plain, &out, decoder).map_err(|e| Error::io(path, e))?;
            (out.to_path_buf(), Some(out))
        }
    };

    Ok(PreparedSource {
        original: path.to_path_buf(),
        readable,
        encoding,
        gzip,
        _temp: temp,
    })
}

fn temp_file_for(path: &Path) -> Result<tempfile::TempPath> {
    tempfile::Builder::new()
        .prefix("itsm-evidence-")
        .suffix(".csv")
        .tempfile()
        .map(|f| f.into_temp_path())
        .map_err(|e| Error::io(path, e))
}

fn starts_with(path: &Path, magic: &[u8]) -> Result<bool> {
    let head = read_head(path, magic.len()).map_err(|e| Error::io(path, e))?;
    Ok(head == magic)
}

/// The first `limit` bytes of a file (fewer if it is shorter).
pub fn read_head(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit);
    File::open(path)?.take(limit as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Validates UTF-8 chunk by chunk, carrying an incomplete trailing sequence over.
fn is_utf8(path: &Path) -> std::io::Result<bool> {
    let mut reader = File::open(path)?;
    let mut buf = vec![0u8; CHUNK + 4];
    let mut carried = 0usize;
    loop {
        let read = reader.read(&mut buf[carried..carried + CHUNK])?;
        let filled = carried + read;
        if read == 0 {
            return Ok(carried == 0);
        }
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carried = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

fn transcode(
    from: &Path,
    to: &Path,
    encoding: &'static encoding_rs::Encoding,
) -> std::io::Result<()> {
    let mut reader = File::open(from)?;
    let mut writer = BufWriter::new(File::create(to)?);
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut input = vec![0u8; CHUNK];
    let mut output = String::with_capacity(CHUNK * 3 + 16);
    loop {
        let read = reader.read(&mut input)?;
        let last = read == 0;
        let mut consumed = 0;
        loop {
            output.clear();
            let (result, used, _) =
                decoder.decode_to_string(&input[consumed..read], &mut output, last);
            consumed += used;
            writer.write_all(output.as_bytes())?;
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        if last {
            break;
        }
    }
    writer.flush()
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
        let prepared = prepare(f.path()).expect("prepare");
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
        let prepared = prepare(f.path()).expect("prepare");
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
    fn utf8_split_across_chunks_is_still_utf8() {
        let mut bytes = b"a\n".to_vec();
        bytes.resize(CHUNK - 1, b'x');
        bytes.extend_from_slice("\u{20ac}\n".as_bytes());
        let f = write_temp(&bytes);
        assert!(is_utf8(f.path()).expect("read"));
    }

    #[test]
    fn empty_binary_and_missing_files_are_refused() {
        let empty = write_temp(b"");
        assert!(matches!(
            prepare(empty.path()),
            Err(Error::EmptyFile { .. })
        ));
        let blank = write_temp(b"\n\r\n  ");
        assert!(matches!(
            prepare(blank.path()),
            Err(Error::EmptyFile { .. })
        ));
        let binary = write_temp(b"PK\x03\x04\x00\x00garbage");
        assert!(matches!(prepare(binary.path()), Err(Error::NotCsv { .. })));
        let missing = Path::new("/nonexistent/export.csv");
        assert!(matches!(prepare(missing), Err(Error::NotFound { .. })));
        let dir = tempfile::tempdir().expect("dir");
        assert!(matches!(
            prepare(dir.path()),
            Err(Error::IsDirectory { .. })
        ));
    }
}
