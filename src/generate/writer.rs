//! Streams rows to a CSV file: one buffered writer per file, fields written
//! one at a time from a reused buffer, so that memory does not grow with rows.

use super::calendar::{self, DateStyle, Ts};
use crate::error::{Error, Result};
use serde::Serialize;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// What was written to one file, for `truth.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub kind: &'static str,
    pub rows: u64,
}

/// One CSV file being written.
pub struct Sink {
    path: PathBuf,
    name: String,
    kind: &'static str,
    out: csv::Writer<BufWriter<File>>,
    rows: u64,
    scratch: String,
    style: DateStyle,
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

impl Sink {
    /// Creates `dir/name` (and its folder) and writes the header.
    pub fn create(
        dir: &Path,
        name: &str,
        kind: &'static str,
        header: &[&str],
        style: DateStyle,
    ) -> Result<Sink> {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
        }
        let file = File::create(&path).map_err(|e| write_error(&path, e))?;
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::with_capacity(1 << 20, file));
        out.write_record(header)
            .map_err(|e| write_error(&path, e))?;
        Ok(Sink {
            path,
            name: name.to_string(),
            kind,
            out,
            rows: 0,
            scratch: String::with_capacity(64),
            style,
        })
    }

    pub fn text(&mut self, value: &str) -> Result<()> {
        self.out
            .write_field(crate::safe_csv::cell(value).as_ref())
            .map_err(|e| write_error(&self.path, e))
    }

    pub fn opt(&mut self, value: Option<&str>) -> Result<()> {
        self.text(value.unwrap_or(""))
    }

    pub fn date(&mut self, value: Option<Ts>) -> Result<()> {
        self.scratch.clear();
        if let Some(ts) = value {
            calendar::format_into(&mut self.scratch, ts, self.style);
        }
        self.out
            .write_field(&self.scratch)
            .map_err(|e| write_error(&self.path, e))
    }

    /// A date in another style than the file's.
    pub fn date_as(&mut self, value: Option<Ts>, style: DateStyle) -> Result<()> {
        let own = self.style;
        self.style = style;
        let r = self.date(value);
        self.style = own;
        r
    }

    pub fn number(&mut self, value: Option<u64>) -> Result<()> {
        self.scratch.clear();
        if let Some(n) = value {
            use std::fmt::Write;
            let _ = write!(self.scratch, "{n}");
        }
        self.out
            .write_field(&self.scratch)
            .map_err(|e| write_error(&self.path, e))
    }

    /// A prefix and a zero-padded number (`INC0001234`).
    pub fn code(&mut self, prefix: &str, n: u64, width: usize) -> Result<()> {
        self.scratch.clear();
        use std::fmt::Write;
        let _ = write!(self.scratch, "{prefix}{n:0width$}");
        self.out
            .write_field(&self.scratch)
            .map_err(|e| write_error(&self.path, e))
    }

    /// Ends the current row.
    pub fn end(&mut self) -> Result<()> {
        self.rows += 1;
        self.out
            .write_record(None::<&[u8]>)
            .map_err(|e| write_error(&self.path, e))
    }

    /// Flushes the file and says what it holds.
    pub fn finish(mut self) -> Result<Written> {
        self.out.flush().map_err(|e| write_error(&self.path, e))?;
        let inner = self
            .out
            .into_inner()
            .map_err(|e| write_error(&self.path, e.error()))?;
        inner
            .into_inner()
            .map_err(|e| write_error(&self.path, e.error()))?
            .sync_all()
            .map_err(|e| write_error(&self.path, e))?;
        Ok(Written {
            path: self.name,
            kind: self.kind,
            rows: self.rows,
        })
    }
}

/// Digits needed to write every number up to `n`, at least `min`.
pub fn width_for(n: u64, min: usize) -> usize {
    let mut digits = 1;
    let mut x = n;
    while x >= 10 {
        x /= 10;
        digits += 1;
    }
    digits.max(min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_and_counted() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut s = Sink::create(
            dir.path(),
            "sub/t.csv",
            "incidents",
            &["a", "b", "c", "d"],
            DateStyle::Space,
        )
        .expect("create");
        s.code("INC", 42, 7).expect("w");
        s.date(Some(0)).expect("w");
        s.text("x, \"y\"").expect("w");
        s.number(None).expect("w");
        s.end().expect("w");
        let w = s.finish().expect("finish");
        assert_eq!(w.rows, 1);
        let text = std::fs::read_to_string(dir.path().join("sub/t.csv")).expect("read");
        assert_eq!(
            text,
            "a,b,c,d\nINC0000042,1970-01-01 00:00:00,\"x, \"\"y\"\"\",\n"
        );
        assert_eq!(width_for(9_999_999, 7), 7);
        assert_eq!(width_for(10_000_000, 7), 8);
    }
}
