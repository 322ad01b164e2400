//! The secret key of the pseudonyms: 32 random bytes, fresh for every run,
//! or kept in a key file (created owner-only when absent) so that
//! pseudonyms stay the same across runs. The key never reaches an output.

use crate::error::{Error, Result};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

const KEY_BYTES: usize = 32;

const FILE_HEADER: &str = "# itsm-evidence pseudonym key. Keep it secret: with it and a list of names\n\
# anyone can recompute the pseudonyms in a report. Delete it to unlink future reports.\n";

/// Where a run's key came from, as the report says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Drawn for this run and forgotten with it.
    Random,
    /// Read from this file.
    File(PathBuf),
    /// Drawn for this run and written to this new file.
    Created(PathBuf),
}

/// A secret key for keyed hashes. Its `Debug` shows no byte of it.
#[derive(Clone)]
pub struct PseudonymKey {
    bytes: [u8; KEY_BYTES],
    pub source: KeySource,
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PseudonymKey({:?})", self.source)
    }
}

impl PseudonymKey {
    /// A fresh key from the operating system's random source.
    pub fn random() -> Result<Self> {
        Ok(PseudonymKey {
            bytes: random_bytes()?,
            source: KeySource::Random,
        })
    }

    /// The key of `path`; a fresh one written there (readable by its owner
    /// only) when the file does not exist.
    pub fn from_file_or_create(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(PseudonymKey {
                bytes: parse(&text).map_err(|why| Error::Usage(format!(
                    "{}: not a pseudonym key ({why}); delete it to have a new one made, or name another file",
                    path.display()
                )))?,
                source: KeySource::File(path.to_path_buf()),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let bytes = random_bytes()?;
                create_owner_only(path, &format!("{FILE_HEADER}{}\n", hex(&bytes)))?;
                Ok(PseudonymKey {
                    bytes,
                    source: KeySource::Created(path.to_path_buf()),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => Err(Error::Usage(format!(
                "{}: is a folder; --pseudonym-key-file names a file",
                path.display()
            ))),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

fn random_bytes() -> Result<[u8; KEY_BYTES]> {
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Internal(format!("no random numbers from the system: {e}")))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key in a key file: the first line that is not a comment, 64 hex digits.
fn parse(text: &str) -> std::result::Result<[u8; KEY_BYTES], String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or("no key line")?;
    if line.len() != KEY_BYTES * 2 || !line.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("expected {} hex digits", KEY_BYTES * 2));
    }
    let mut bytes = [0u8; KEY_BYTES];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(&line[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
    }
    Ok(bytes)
}

fn create_owner_only(path: &Path, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let write_error = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut file = options.open(path).map_err(write_error)?;
    file.write_all(text.as_bytes()).map_err(write_error)?;
    file.sync_all().map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_created_owner_only_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("key");
        let made = PseudonymKey::from_file_or_create(&path).expect("created");
        assert_eq!(made.source, KeySource::Created(path.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        let read = PseudonymKey::from_file_or_create(&path).expect("read");
        assert_eq!(read.bytes(), made.bytes());
        assert_eq!(read.source, KeySource::File(path));
    }

    #[test]
    fn random_keys_differ_and_debug_hides_them() {
        let a = PseudonymKey::random().expect("a");
        let b = PseudonymKey::random().expect("b");
        assert_ne!(a.bytes(), b.bytes());
        let shown = format!("{a:?}");
        assert!(!shown.contains(&hex(a.bytes())[..8]), "{shown}");
    }

    #[test]
    fn a_file_that_is_no_key_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        for text in [
            "",
            "# only a comment\n",
            "abc\n",
            &"zz".repeat(32),
            &"+a".repeat(32),
        ] {
            let path = dir.path().join("bad");
            std::fs::write(&path, text).expect("write");
            let e = PseudonymKey::from_file_or_create(&path).expect_err(text);
            assert!(e.to_string().contains("not a pseudonym key"), "{e}");
        }
        let e = PseudonymKey::from_file_or_create(dir.path()).expect_err("a folder");
        assert!(e.to_string().contains("is a folder"), "{e}");
    }
}
