//! What several commands share: the exports to read, the window, the metric
//! parameters and the mapping overrides, from their command-line groups.

use crate::cli::{
    DateOrderName, InputArgs, KindName, MappingArgs, ParamArgs, RepeatKeyName, RunArgs, WindowArgs,
};
use itsm_evidence::Error;
use itsm_evidence::canonical::TableKind;
use itsm_evidence::ingest::Overrides;
use itsm_evidence::ingest::dates::DateOrder;
use itsm_evidence::metrics::{
    self, GroupField, MetricsReport, Parameters, RepeatKey, Sources, WindowOptions,
};
use itsm_evidence::timings::Timings;
use std::io::Write;

/// Loads the exports and computes every metric (and the figures per group
/// when `by` is given), for `metrics` and `assess`, recording the time of
/// each stage.
pub fn compute_metrics(
    run: &RunArgs,
    by: Option<GroupField>,
    timings: &mut Timings,
) -> Result<(MetricsReport, metrics::Inputs), Error> {
    let sources = sources(&run.inputs)?;
    let window = window_options(&run.window)?;
    let params = parameters(&run.params);
    let overrides = run_overrides(run)?;
    let loaded = metrics::inputs::load(&sources, &overrides)?;
    timings.extend(&loaded.timings);
    let report = metrics::compute_timed(&loaded, &params, &window, by, timings)?;
    Ok((report, loaded))
}

pub fn sources(inputs: &InputArgs) -> Result<Sources, Error> {
    let sources = Sources {
        incidents: inputs.incidents.clone(),
        changes: inputs.changes.clone(),
        cmdb: inputs.cmdb.clone(),
        data_dir: inputs.data.clone(),
    };
    if sources.incidents.is_empty()
        && sources.changes.is_empty()
        && sources.cmdb.is_empty()
        && sources.data_dir.is_none()
    {
        return Err(Error::Usage(
            "no exports given: use --data DIR, or --incidents / --changes / --cmdb FILE".into(),
        ));
    }
    Ok(sources)
}

pub fn window_options(window: &WindowArgs) -> Result<WindowOptions, Error> {
    let date = |v: &Option<String>, end: bool, flag: &str| {
        v.as_deref()
            .map(|t| metrics::context::parse_date_option(t, end))
            .transpose()
            .map_err(|e| Error::Usage(format!("{flag}: {e}")))
    };
    Ok(WindowOptions {
        from: date(&window.from, false, "--from")?,
        to: date(&window.to, true, "--to")?,
        as_of: date(&window.as_of, true, "--as-of")?,
    })
}

pub fn parameters(p: &ParamArgs) -> Parameters {
    Parameters {
        repeat_window_days: p.repeat_window_days,
        repeat_key: match p.repeat_key {
            RepeatKeyName::Ci => RepeatKey::Ci,
            RepeatKeyName::CiCategory => RepeatKey::CiCategory,
        },
        reassignment_threshold: p.reassignment_threshold,
        change_inference_hours: p.change_inference_hours,
        change_inference_priority: p.change_inference_priority,
        cluster_size: p.cluster_size,
        cluster_span_days: p.cluster_span_days,
        stale_days: p.stale_days,
        aged_backlog_days: p.aged_backlog_days,
        min_sample: p.min_sample,
        ..Parameters::default()
    }
}

/// The overrides of a run over a set of exports: the mapping options, with
/// `--as-of` bounding the dates that are plausible.
pub fn run_overrides(run: &RunArgs) -> Result<Overrides, Error> {
    let mut o = overrides(&run.mapping)?;
    o.as_of = window_options(&run.window)?
        .as_of
        .map(metrics::context::to_millis);
    Ok(o)
}

pub fn overrides(args: &MappingArgs) -> Result<Overrides, Error> {
    let mut o = match &args.mapping {
        Some(path) => Overrides::from_file(path)?,
        None => Overrides::default(),
    };
    o.add_maps(&args.maps)?;
    if let Some(p) = args.profile {
        o.profile = Some(p.name().to_string());
    }
    if let Some(k) = args.kind {
        o.kind = Some(match k {
            KindName::Incidents => TableKind::Incidents,
            KindName::Requests => TableKind::Requests,
            KindName::Changes => TableKind::Changes,
            KindName::Cis => TableKind::Cis,
            KindName::Survey => TableKind::Survey,
            KindName::Interactions => TableKind::Interactions,
        });
    }
    if let Some(name) = &args.encoding {
        o.encoding = Some(
            name.parse()
                .map_err(|e: String| Error::Usage(format!("--encoding: {e}")))?,
        );
    }
    if let Some(sheet) = &args.sheet {
        o.sheet = Some(sheet.clone());
    }
    if let Some(d) = args.date_order {
        o.date_order = Some(match d {
            DateOrderName::Dmy => DateOrder::Dmy,
            DateOrderName::Mdy => DateOrder::Mdy,
        });
    }
    Ok(o)
}

/// Writes to stdout, ending quietly when the reader has gone (`| head`).
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
