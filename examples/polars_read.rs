//! The benchmark's baseline: the time polars needs just to read CSV files,
//! every column as text, into memory. `bench/run.sh` compares a full analysis
//! against it.
//!
//! Usage: polars_read FILE...

use polars::prelude::*;
use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: polars_read FILE...");
        std::process::exit(2);
    }
    let start = Instant::now();
    let mut rows = 0usize;
    for file in &files {
        let frame = LazyCsvReader::new(PlRefPath::new(file.as_str()))
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .finish()
            .and_then(|lf| lf.collect());
        match frame {
            Ok(df) => rows += df.height(),
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("{rows} rows read in {:.3} s", start.elapsed().as_secs_f64());
}
