//! `metrics`: every process metric, as a table, JSON or CSV.

use super::common::{compute_metrics, print};
use crate::cli::{Format, GroupByName, MetricsArgs};
use itsm_evidence::canonical::personal::mask_emails;
use itsm_evidence::metrics::GroupField;
use itsm_evidence::timings::Timings;
use itsm_evidence::{Error, report};

pub fn run(args: MetricsArgs) -> Result<i32, Error> {
    let mut timings = Timings::new();
    let by = args.by.map(|b| match b {
        GroupByName::AssignmentGroup => GroupField::AssignmentGroup,
        GroupByName::Service => GroupField::Service,
        GroupByName::Category => GroupField::Category,
        GroupByName::Ci => GroupField::Ci,
    });
    let (mut metrics, _) = compute_metrics(&args.run, by, &mut timings)?;
    // Groups are named as the exports name them, but an e-mail address
    // (a team or CI named after a person) is never printed.
    for g in metrics.groups.iter_mut().flatten() {
        g.group = g.group.as_deref().map(|n| mask_emails(n).into_owned());
    }
    if let (Some(by), None) = (by, &metrics.groups) {
        return Err(Error::Usage(format!(
            "--by {}: no export of the run has a {} column",
            by.name(),
            by.name()
        )));
    }
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
