//! Text encodings of exports: detected from the bytes (BOMs, UTF-8 validity,
//! and for 8-bit files whether Windows-1252 or Mac Roman reads the accented
//! letters as words), or named by the user with `--encoding`.

use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::str::FromStr;

const CHUNK: usize = 1 << 20;
/// Bytes of a non-UTF-8 file looked at to tell Windows-1252 from Mac Roman.
const EIGHT_BIT_SAMPLE: usize = 4 << 20;

/// The character encoding an export was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Windows-1252, a superset of Latin-1's printable characters, so no
    /// byte is ever lost or replaced.
    Windows1252,
    /// Mac OS Roman, as old Excel for Mac wrote CSV.
    MacRoman,
}

impl SourceEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 with BOM",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Windows1252 => "Windows-1252",
            SourceEncoding::MacRoman => "Mac Roman",
        }
    }

    pub fn is_utf8(self) -> bool {
        matches!(self, SourceEncoding::Utf8 | SourceEncoding::Utf8Bom)
    }

    fn decoder(self) -> &'static encoding_rs::Encoding {
        match self {
            SourceEncoding::Utf8 | SourceEncoding::Utf8Bom => encoding_rs::UTF_8,
            SourceEncoding::Utf16Le => encoding_rs::UTF_16LE,
            SourceEncoding::Utf16Be => encoding_rs::UTF_16BE,
            SourceEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
            SourceEncoding::MacRoman => encoding_rs::MACINTOSH,
        }
    }
}

impl FromStr for SourceEncoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Ok(match key.as_str() {
            "utf-8" | "utf8" => SourceEncoding::Utf8,
            "utf-16le" | "utf-16-le" | "utf16le" => SourceEncoding::Utf16Le,
            "utf-16be" | "utf-16-be" | "utf16be" => SourceEncoding::Utf16Be,
            "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1"
            | "ansi" => SourceEncoding::Windows1252,
            "mac-roman" | "macroman" | "macintosh" | "x-mac-roman" => SourceEncoding::MacRoman,
            _ => {
                return Err(format!(
                    "unknown encoding `{s}`; expected utf-8, utf-16le, utf-16be, windows-1252 (latin-1) or mac-roman"
                ));
            }
        })
    }
}

/// Detects the encoding of a file whose first bytes are `head`.
pub fn detect(path: &Path, head: &[u8]) -> std::io::Result<SourceEncoding> {
    if head.starts_with(&[0xff, 0xfe]) {
        return Ok(SourceEncoding::Utf16Le);
    }
    if head.starts_with(&[0xfe, 0xff]) {
        return Ok(SourceEncoding::Utf16Be);
    }
    if let Some(utf16) = utf16_without_bom(head) {
        return Ok(utf16);
    }
    if is_utf8(path)? {
        return Ok(if head.starts_with(&[0xef, 0xbb, 0xbf]) {
            SourceEncoding::Utf8Bom
        } else {
            SourceEncoding::Utf8
        });
    }
    let mut sample = Vec::with_capacity(EIGHT_BIT_SAMPLE.min(CHUNK));
    File::open(path)?
        .take(EIGHT_BIT_SAMPLE as u64)
        .read_to_end(&mut sample)?;
    Ok(eight_bit(&sample))
}

/// UTF-16 text without a BOM: ASCII characters leave a NUL in every other byte.
fn utf16_without_bom(head: &[u8]) -> Option<SourceEncoding> {
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let even_nul = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_nul * 10 >= pairs * 9 && even_nul == 0 {
        Some(SourceEncoding::Utf16Le)
    } else if even_nul * 10 >= pairs * 9 && odd_nul == 0 {
        Some(SourceEncoding::Utf16Be)
    } else {
        None
    }
}

/// Whether the whole file is UTF-8: validated in place where the file can be
/// mapped, else chunk by chunk.
fn is_utf8(path: &Path) -> std::io::Result<bool> {
    let mut valid = true;
    let mapped = super::mapped::each_window(path, |window| {
        valid = simdutf8::basic::from_utf8(window).is_ok();
        valid
    })?;
    match mapped {
        true => Ok(valid),
        false => is_utf8_in_chunks(path),
    }
}

/// Validates UTF-8 chunk by chunk, carrying an incomplete trailing sequence over.
fn is_utf8_in_chunks(path: &Path) -> std::io::Result<bool> {
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

/// Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252.
const UNDEFINED_IN_1252: [u8; 5] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/// Windows-1252 or Mac Roman for a file that is not UTF-8. Each byte above
/// 0x7F is read both ways; a reading scores where it gives a letter inside a
/// word or punctuation beside a space, and loses where it gives a symbol
/// inside a word or a letter standing alone. Ties go to Windows-1252, by far
/// the more common.
pub fn eight_bit(sample: &[u8]) -> SourceEncoding {
    if sample.iter().any(|b| UNDEFINED_IN_1252.contains(b)) {
        return SourceEncoding::MacRoman;
    }
    let (mut windows, mut mac) = (0i64, 0i64);
    for i in 0..sample.len() {
        let b = sample[i];
        if b < 0x80 {
            continue;
        }
        let before = i.checked_sub(1).map(|j| sample[j]);
        let after = sample.get(i + 1).copied();
        windows += plausibility(decode_byte(encoding_rs::WINDOWS_1252, b), before, after);
        mac += plausibility(decode_byte(encoding_rs::MACINTOSH, b), before, after);
    }
    if mac > windows {
        SourceEncoding::MacRoman
    } else {
        SourceEncoding::Windows1252
    }
}

fn decode_byte(encoding: &'static encoding_rs::Encoding, b: u8) -> char {
    let bytes = [b];
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    text.chars().next().unwrap_or('\u{fffd}')
}

/// How likely a decoded character is in its neighbourhood of raw bytes.
fn plausibility(c: char, before: Option<u8>, after: Option<u8>) -> i64 {
    // Neighbours above 0x7F are letters of the same word more often than not.
    let wordy = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphabetic() || b >= 0x80);
    let in_word = wordy(before) || wordy(after);
    if c.is_alphabetic() {
        // A capital right after a small letter (CafÉ) is rarely meant.
        let capital_after_small =
            c.is_uppercase() && before.is_some_and(|b| b.is_ascii_lowercase());
        if in_word && !capital_after_small {
            2
        } else {
            -1
        }
    } else if matches!(c, '\u{2019}' | '\u{2018}') {
        // An apostrophe inside a word (don't) or a quote beside a space.
        1
    } else if in_word && wordy(before) && wordy(after) {
        -2
    } else {
        1
    }
}

/// Transcodes `from` into UTF-8 at `to`, turning lone CR line ends into LF
/// when `cr_to_lf`.
pub fn transcode(
    from: &Path,
    to: &Path,
    encoding: SourceEncoding,
    cr_to_lf: bool,
) -> std::io::Result<()> {
    let mut reader = File::open(from)?;
    let mut writer = BufWriter::new(File::create(to)?);
    let mut decoder = encoding.decoder().new_decoder_with_bom_removal();
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
            if cr_to_lf {
                // A lone-CR file has no LF, so every CR is a line end.
                let converted = output.replace('\r', "\n");
                writer.write_all(converted.as_bytes())?;
            } else {
                writer.write_all(output.as_bytes())?;
            }
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

    #[test]
    fn mapped_and_chunked_checks_agree_across_a_chunk_boundary() {
        let dir = tempfile::tempdir().expect("dir");
        // Two-byte characters split by the first chunk's end and by the
        // first mapped window's.
        let mut valid = vec![b'a'; super::super::mapped::WINDOW + 16];
        for at in [CHUNK - 1, super::super::mapped::WINDOW - 1] {
            valid[at..at + 2].copy_from_slice("é".as_bytes());
        }
        valid.extend("é,ü\n".as_bytes());
        let mut invalid = valid.clone();
        invalid.push(0xe9);
        for (name, bytes, utf8) in [("valid", valid, true), ("invalid", invalid, false)] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            assert_eq!(is_utf8(&path).expect("mapped"), utf8, "{name}");
            assert_eq!(is_utf8_in_chunks(&path).expect("chunks"), utf8, "{name}");
        }
    }

    fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{text}");
        bytes.into_owned()
    }

    #[test]
    fn mac_roman_is_told_from_windows_1252() {
        let text = "id,category\nT1,Café réseau\nT2,Zürich Straße\nT3,Señal perdida\n";
        let mac = encode(text, encoding_rs::MACINTOSH);
        assert_eq!(eight_bit(&mac), SourceEncoding::MacRoman);
        let windows = encode(text, encoding_rs::WINDOWS_1252);
        assert_eq!(eight_bit(&windows), SourceEncoding::Windows1252);
    }

    #[test]
    fn windows_1252_punctuation_stays_windows() {
        let text = "id,note\nT1,“quoted” – dash\nT2,it’s fine €5\n";
        let windows = encode(text, encoding_rs::WINDOWS_1252);
        assert_eq!(eight_bit(&windows), SourceEncoding::Windows1252);
    }

    #[test]
    fn names_of_encodings_parse() {
        assert_eq!(
            "Latin-1".parse::<SourceEncoding>(),
            Ok(SourceEncoding::Windows1252)
        );
        assert_eq!(
            "mac_roman".parse::<SourceEncoding>(),
            Ok(SourceEncoding::MacRoman)
        );
        assert!("ebcdic".parse::<SourceEncoding>().is_err());
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let mut le = Vec::new();
        for unit in "id,opened_at\nT1,2024\n".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(utf16_without_bom(&le), Some(SourceEncoding::Utf16Le));
        let be: Vec<u8> = le.chunks(2).flat_map(|c| [c[1], c[0]]).collect();
        assert_eq!(utf16_without_bom(&be), Some(SourceEncoding::Utf16Be));
        assert_eq!(utf16_without_bom(b"id,opened_at\nT1,2024\n"), None);
    }
}
