//! A whole file's bytes for one pass over all of them (hashing, checking
//! that it is UTF-8), memory-mapped: the pass reads the system's cached pages
//! in place. Read through a buffer instead, every byte was first copied out
//! of the cache, which cost the processor more than hashing them.

use std::fs::File;
use std::path::Path;

/// `pass` over every byte of the file at `path`; `None` when the file cannot
/// be mapped (a pipe, a device), for the caller to read it in chunks.
pub fn with_mapped<T>(path: &Path, pass: impl FnOnce(&[u8]) -> T) -> std::io::Result<Option<T>> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.len() == 0 {
        return Ok(Some(pass(&[])));
    }
    // SAFETY: the map is read while the file is open and dropped before this
    // returns. Another program rewriting the file during the pass changes
    // the bytes seen, and one truncating it ends the process with SIGBUS;
    // polars maps the same exports to read them, with the same caveat.
    let map = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => map,
        Err(_) => return Ok(None),
    };
    #[cfg(unix)]
    {
        // Only a hint for the read-ahead of an uncached file.
        let _ = map.advise(memmap2::Advice::Sequential);
    }
    Ok(Some(pass(&map)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_sees_every_byte_of_a_file_and_of_an_empty_one() {
        let dir = tempfile::tempdir().expect("dir");
        let full = dir.path().join("full");
        let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        std::fs::write(&full, &bytes).expect("write");
        let seen = with_mapped(&full, |b| b.to_vec()).expect("map");
        assert_eq!(seen.as_deref(), Some(bytes.as_slice()));
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").expect("write");
        assert_eq!(with_mapped(&empty, |b| b.len()).expect("map"), Some(0));
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(with_mapped(&dir.path().join("absent"), |b| b.len()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_left_to_the_caller() {
        assert_eq!(
            with_mapped(Path::new("/dev/null"), |b| b.len()).expect("open"),
            None
        );
    }
}
