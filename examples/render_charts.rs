//! Renders the evidence charts for a folder of exports, to look at them.
//!
//! Usage: render_charts DATA_DIR OUT_DIR
//!
//! Metrics and assessment as `itsm-evidence assess --data DATA_DIR` computes
//! them (with the survey in the folder, if any). Repeat incidents per CI are
//! counted here: incidents whose CI had an incident at most 30 days earlier
//! (the default repeat window), over the distinct opening times of every
//! incident in the exports: a preview, not the metric's exact count.

use itsm_evidence::ingest::Overrides;
use itsm_evidence::maturity::{self, Rubric, survey};
use itsm_evidence::metrics::{self, Parameters, Sources, WindowOptions};
use itsm_evidence::report::charts::{ChartInput, render_all};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [data, out] = args.as_slice() else {
        eprintln!("usage: render_charts DATA_DIR OUT_DIR");
        std::process::exit(2);
    };
    if let Err(e) = run(data, out) {
        eprintln!("render_charts: {e}");
        std::process::exit(1);
    }
}

fn run(data: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let sources = Sources {
        data_dir: Some(data.to_path_buf()),
        ..Sources::default()
    };
    let overrides = Overrides::default();
    let inputs = metrics::inputs::load(&sources, &overrides)?;
    let params = Parameters::default();
    let report = metrics::compute(&inputs, &params, &WindowOptions::default())?;
    let rubric = Rubric::default_rubric()?;
    let answers = inputs
        .skipped
        .iter()
        .find(|(_, kind, _)| *kind == itsm_evidence::canonical::TableKind::Survey)
        .map(|(path, _, _)| survey::read_long(path.as_ref(), &overrides))
        .transpose()?;
    let assessment = maturity::assess(&rubric, &report, answers.as_ref())?;
    let repeats = match &inputs.tickets {
        Some(t) => repeats_by_ci(&t.frame, params.repeat_window_days)?,
        None => Vec::new(),
    };
    let charts = render_all(
        &ChartInput {
            metrics: &report,
            assessment: &assessment,
            rubric: &rubric,
            repeats_by_ci: &repeats,
        },
        out,
    )?;
    for c in &charts {
        println!("{}: {} ({} bytes of SVG)", c.name, c.title, c.svg.len());
    }
    Ok(())
}

/// Per CI, incidents opened at most `days` after an earlier incident on it.
fn repeats_by_ci(frame: &DataFrame, days: u32) -> PolarsResult<Vec<(String, u64)>> {
    if frame.column("ci").is_err() {
        return Ok(Vec::new());
    }
    let opened = frame.column("opened_at")?.cast(&DataType::Int64)?;
    let kinds = frame.column("ticket_type")?.str()?.clone();
    let cis = frame.column("ci")?.str()?.clone();
    let mut by_ci: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for ((ci, kind), at) in cis.iter().zip(kinds.iter()).zip(opened.i64()?.iter()) {
        if let (Some(ci), Some("incident"), Some(at)) = (ci, kind, at) {
            by_ci.entry(ci).or_default().push(at);
        }
    }
    let window = i64::from(days) * 86_400_000;
    Ok(by_ci
        .into_iter()
        .map(|(ci, mut times)| {
            times.sort_unstable();
            times.dedup();
            let repeats = times.windows(2).filter(|w| w[1] - w[0] <= window).count();
            (ci.to_string(), repeats as u64)
        })
        .filter(|(_, n)| *n > 0)
        .collect())
}
