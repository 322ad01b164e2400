//! The `itsm-evidence` command: parses arguments and calls the library.

mod cli;

use clap::Parser;
use cli::{Cli, Command, DateOrderName, Format, KindName, MappingArgs, MetricsArgs, RepeatKeyName};
use itsm_evidence::canonical::TableKind;
use itsm_evidence::ingest::Overrides;
use itsm_evidence::ingest::dates::DateOrder;
use itsm_evidence::metrics::{self, Parameters, RepeatKey, Sources, WindowOptions};
use itsm_evidence::{Error, inspect, report};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug: report it as one instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "itsm-evidence: internal error: {info} (this is a bug; please report it with the command you ran)"
        );
    }));
    let code = match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("itsm-evidence: error: {e}");
            e.exit_code()
        }
        Err(_) => 1,
    };
    ExitCode::from(code as u8)
}

fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Inspect(args) => {
            let overrides = overrides(&args.mapping)?;
            let results = inspect::inspect(&args.files, &overrides);
            let text = if args.json {
                report::inspect_json::render(&results)
            } else {
                report::inspect_text::render(&results)
            };
            print(&text);
            if !args.json {
                for r in &results {
                    if let inspect::Inspected::Failed { error, .. } = r {
                        eprintln!("itsm-evidence: error: {error}");
                    }
                }
            }
            Ok(inspect::exit_code(&results))
        }
        Command::Metrics(args) => run_metrics(args),
    }
}

fn run_metrics(args: MetricsArgs) -> Result<i32, Error> {
    let overrides = overrides(&args.mapping)?;
    let sources = Sources {
        incidents: args.inputs.incidents,
        changes: args.inputs.changes,
        cmdb: args.inputs.cmdb,
        data_dir: args.inputs.data,
    };
    if sources.incidents.is_empty()
        && sources.changes.is_empty()
        && sources.cmdb.is_empty()
        && sources.data_dir.is_none()
    {
        return Err(Error::Usage(
            "metrics needs exports: --data DIR, or --incidents / --changes / --cmdb FILE".into(),
        ));
    }
    let date = |v: &Option<String>, end: bool, flag: &str| {
        v.as_deref()
            .map(|t| metrics::context::parse_date_option(t, end))
            .transpose()
            .map_err(|e| Error::Usage(format!("{flag}: {e}")))
    };
    let window = WindowOptions {
        from: date(&args.window.from, false, "--from")?,
        to: date(&args.window.to, true, "--to")?,
        as_of: date(&args.window.as_of, true, "--as-of")?,
    };
    let p = &args.params;
    let params = Parameters {
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
    };
    let inputs = metrics::inputs::load(&sources, &overrides)?;
    let result = metrics::compute(&inputs, &params, &window)?;
    let text = match args.format {
        Format::Table => report::metrics_table::render(&result),
        Format::Json => report::metrics_json::render(&result),
        Format::Csv => report::metrics_csv::render(&result),
    };
    print(&text);
    Ok(0)
}

fn overrides(args: &MappingArgs) -> Result<Overrides, Error> {
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
    if let Some(d) = args.date_order {
        o.date_order = Some(match d {
            DateOrderName::Dmy => DateOrder::Dmy,
            DateOrderName::Mdy => DateOrder::Mdy,
        });
    }
    Ok(o)
}

/// Writes to stdout, ending quietly when the reader has gone (`| head`).
fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
