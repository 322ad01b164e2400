//! A whole file's bytes for one pass over all of them (hashing, checking
//! that it is UTF-8), memory-mapped: the pass reads the system's cached pages
//! in place. Read through a buffer instead, every byte was first copied out
//! of the cache, which cost the processor more than hashing them. The pass
//! goes window by window and lets go of each window's pages once it is done
//! with them: a mapped page counts as the process's memory while it stays
//! mapped, and the fingerprints are taken while polars maps the same file to
//! read it, so a whole-file pass would count a large export twice.

use std::fs::File;
use std::path::Path;

/// Bytes fed at a time: large enough for the pass to run at full speed,
/// small beside the exports worth mapping.
pub(super) const WINDOW: usize = 8 << 20;

/// Feeds every byte of the file at `path` to `feed`, in order, a window at a
/// time, until `feed` returns `false`. No window ends inside a UTF-8
/// character of a valid text, so each window of a UTF-8 file is UTF-8 too.
/// `Ok(false)` when the file cannot be mapped (a pipe, a device), for the
/// caller to read it in chunks; an empty file feeds one empty window.
pub fn each_window(path: &Path, mut feed: impl FnMut(&[u8]) -> bool) -> std::io::Result<bool> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(false);
    }
    if meta.len() == 0 {
        feed(&[]);
        return Ok(true);
    }
    // SAFETY: the map is read while the file is open and dropped before this
    // returns. Another program rewriting the file during the pass changes
    // the bytes seen, and one truncating it ends the process with SIGBUS;
    // polars maps the same exports to read them, with the same caveat.
    let map = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => map,
        Err(_) => return Ok(false),
    };
    #[cfg(unix)]
    {
        // Only a hint for the read-ahead of an uncached file.
        let _ = map.advise(memmap2::Advice::Sequential);
    }
    let mut start = 0;
    while start < map.len() {
        let end = window_end(&map, start, WINDOW);
        let go_on = feed(&map[start..end]);
        #[cfg(unix)]
        {
            // SAFETY: dropping the pages of a read-only file mapping only
            // unmaps them from this process: a later read of the range maps
            // the file's cached pages again, with the same bytes, and no
            // reference into the window outlives `feed`.
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start)
            };
        }
        if !go_on {
            break;
        }
        start = end;
    }
    Ok(true)
}

/// Where the window from `start` ends: `window` bytes on, moved back over at
/// most three UTF-8 continuation bytes so as not to split a character. Four
/// in a row are never valid UTF-8, so a window ending inside them only meets
/// text that is invalid whatever the split.
fn window_end(bytes: &[u8], start: usize, window: usize) -> usize {
    let mut end = (start + window).min(bytes.len());
    let floor = end.saturating_sub(3).max(start + 1);
    while end < bytes.len() && end > floor && bytes[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(path: &Path) -> Option<Vec<u8>> {
        let mut seen = Vec::new();
        let mapped = each_window(path, |w| {
            seen.extend_from_slice(w);
            true
        })
        .expect("map");
        mapped.then_some(seen)
    }

    #[test]
    fn every_byte_of_a_file_and_of_an_empty_one_is_fed_in_order() {
        let dir = tempfile::tempdir().expect("dir");
        let full = dir.path().join("full");
        let bytes: Vec<u8> = (0..=255u8).cycle().take(WINDOW * 2 + 70_000).collect();
        std::fs::write(&full, &bytes).expect("write");
        assert_eq!(fed(&full).as_deref(), Some(bytes.as_slice()));
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").expect("write");
        assert_eq!(fed(&empty), Some(Vec::new()));
    }

    #[test]
    fn a_pass_stops_when_told() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'a'; WINDOW * 3]).expect("write");
        let mut windows = 0;
        each_window(&path, |_| {
            windows += 1;
            false
        })
        .expect("map");
        assert_eq!(windows, 1);
    }

    #[test]
    fn windows_end_where_a_character_starts() {
        // "é" is two bytes, "€" three: a window of 4 would end inside either.
        let text = "aé€bc€".as_bytes();
        let mut start = 0;
        while start < text.len() {
            let end = window_end(text, start, 4);
            assert!(end > start);
            assert!(
                std::str::from_utf8(&text[start..end]).is_ok(),
                "{start}..{end}"
            );
            start = end;
        }
        // Continuation bytes alone: back three at most, and always onwards.
        assert_eq!(window_end(&[0x80; 10], 0, 4), 1);
        assert_eq!(window_end(&[0x80; 10], 4, 4), 5);
        assert_eq!(window_end(&[0x80; 10], 8, 4), 10);
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(each_window(&dir.path().join("absent"), |_| true).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_left_to_the_caller() {
        assert!(!each_window(Path::new("/dev/null"), |_| true).expect("open"));
    }
}
