//! `metrics`: every process metric, as a table, JSON or CSV.

use super::common::{compute_metrics, print};
use crate::cli::{Format, MetricsArgs};
use itsm_evidence::timings::Timings;
use itsm_evidence::{Error, report};

pub fn run(args: MetricsArgs) -> Result<i32, Error> {
    let mut timings = Timings::new();
    let (metrics, _) = compute_metrics(&args.run, &mut timings)?;
    let text = timings.time("rendering", || match args.format {
        Format::Table => report::metrics_table::render(&metrics),
        Format::Json => report::metrics_json::render(&metrics),
        Format::Csv => report::metrics_csv::render(&metrics),
    });
    print(&text);
    if args.timings {
        eprint!("{}", timings.render());
    }
    Ok(0)
}
