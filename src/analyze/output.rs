//! Writing a report folder atomically: everything goes into a temporary folder
//! beside the target, which is renamed into place at the end, so that a
//! reader never sees half a report.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

pub struct StagedFolder {
    pub staging: PathBuf,
    target: PathBuf,
    force: bool,
}

impl StagedFolder {
    /// Refuses an existing target unless `force`; creates the staging folder.
    pub fn new(target: &Path, force: bool) -> Result<Self> {
        if target.exists() && !force {
            return Err(Error::Usage(format!(
                "{}: already exists; pass --force to replace it",
                target.display()
            )));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "report".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(StagedFolder {
            staging,
            target: target.to_path_buf(),
            force,
        })
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.staging.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }

    /// Moves the staging folder into place (replacing the target with `force`).
    pub fn commit(self) -> Result<PathBuf> {
        if self.target.exists() && self.force {
            std::fs::remove_dir_all(&self.target).map_err(|e| Error::io(&self.target, e))?;
        }
        std::fs::rename(&self.staging, &self.target).map_err(|e| Error::io(&self.target, e))?;
        Ok(self.target.clone())
    }
}

impl Drop for StagedFolder {
    fn drop(&mut self) {
        // A report that failed half-way leaves nothing behind.
        if self.staging.exists() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// The input fingerprints of a report are the files' SHA-256.
pub use crate::ingest::source::fingerprint;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_moves_into_place_and_refuses_without_force() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("report");
        let staged = StagedFolder::new(&target, false).expect("staged");
        staged.write("a/b.txt", b"hello").expect("write");
        staged.commit().expect("commit");
        assert_eq!(
            std::fs::read_to_string(target.join("a/b.txt")).expect("read"),
            "hello"
        );
        assert!(StagedFolder::new(&target, false).is_err());
        let again = StagedFolder::new(&target, true).expect("force");
        again.write("c.txt", b"x").expect("write");
        again.commit().expect("commit");
        assert!(!target.join("a/b.txt").exists());
        assert!(target.join("c.txt").exists());
    }

    #[test]
    fn a_dropped_staging_folder_leaves_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("report");
        let staging = {
            let staged = StagedFolder::new(&target, false).expect("staged");
            staged.write("x.txt", b"x").expect("write");
            staged.staging.clone()
        };
        assert!(!staging.exists());
        assert!(!target.exists());
    }
}
