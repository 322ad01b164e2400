//! The input files' fingerprints (SHA-256 and size) for the report, hashed
//! on a thread of its own from the start of the run: hashing a large export
//! costs about as much as a tenth of reading it, and the scan leaves cycles
//! idle that the hashing can use. The thread runs at a lower priority, so
//! it takes only what the rest of the run leaves.

use super::output::fingerprint;
use crate::error::Result;
use std::collections::HashMap;
use std::path::PathBuf;
use std::thread::JoinHandle;

type Hashed = HashMap<PathBuf, Result<(String, u64)>>;

/// Fingerprints being computed.
pub struct Hashing {
    thread: Option<JoinHandle<Hashed>>,
}

impl Hashing {
    /// Starts hashing `paths` (the files the run may read) in the background.
    pub fn start(paths: Vec<PathBuf>) -> Self {
        let thread = std::thread::Builder::new()
            .name("fingerprints".into())
            .spawn(move || {
                lower_priority();
                paths
                    .into_iter()
                    .map(|path| {
                        let hashed = fingerprint(&path);
                        (path, hashed)
                    })
                    .collect()
            })
            .ok();
        Hashing { thread }
    }

    /// The fingerprint of each of `paths`, in order: from the background
    /// thread where it hashed the file, else hashed now.
    pub fn finish(self, paths: &[PathBuf]) -> Result<Vec<(String, u64)>> {
        let mut done: Hashed = self.thread.and_then(|t| t.join().ok()).unwrap_or_default();
        paths
            .iter()
            .map(|path| match done.remove(path) {
                Some(hashed) => hashed,
                None => fingerprint(path),
            })
            .collect()
    }
}

/// Lowers the calling thread's scheduling priority (Linux gives each
/// thread its own nice value).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority changes only the nice value of the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_hashed_ahead_and_files_not_foreseen_are_both_fingerprinted() {
        let dir = tempfile::tempdir().expect("dir");
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, b"id\n1\n").expect("a");
        std::fs::write(&b, b"id\n2\n").expect("b");
        let hashing = Hashing::start(vec![a.clone()]);
        let out = hashing.finish(&[b.clone(), a.clone()]).expect("hashed");
        assert_eq!(out[0], fingerprint(&b).expect("b"));
        assert_eq!(out[1], fingerprint(&a).expect("a"));
        assert_eq!(out[1].1, 5);
        assert_ne!(out[0].0, out[1].0);
    }

    #[test]
    fn a_missing_file_is_an_error_when_asked_for() {
        let hashing = Hashing::start(vec![PathBuf::from("/nonexistent/x.csv")]);
        assert!(
            hashing
                .finish(&[PathBuf::from("/nonexistent/x.csv")])
                .is_err()
        );
    }
}
