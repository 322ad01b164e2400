//! The `itsm-evidence` command: parses arguments and calls the library.

mod cli;

use clap::Parser;
use cli::{
    Cli, Command, DateOrderName, GenerateArgs, GenerateProfile, KindName, MappingArgs, TrendName,
};
use itsm_evidence::canonical::TableKind;
use itsm_evidence::generate::{self, GenerateOptions, Knobs, Profile, Trend};
use itsm_evidence::ingest::Overrides;
use itsm_evidence::ingest::dates::DateOrder;
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
        Command::Generate(args) => {
            let summary = generate::run(&generate_options(args)?)?;
            let mut text = String::new();
            for f in &summary.files {
                text.push_str(&format!("{:>10} rows  {}  ({})\n", f.rows, f.path, f.kind));
            }
            text.push_str(&format!(
                "window {} .. {}, as of {}\ntruth: {}\n",
                summary.window.0,
                summary.window.1,
                summary.as_of,
                summary.truth.display()
            ));
            print(&text);
            Ok(0)
        }
    }
}

fn generate_options(args: GenerateArgs) -> Result<GenerateOptions, Error> {
    let mut knobs = Knobs::default();
    for pair in &args.set {
        knobs.set(pair)?;
    }
    if let Some(n) = args.incidents {
        knobs.incidents = n;
    }
    if args.requests.is_some() {
        knobs.requests = args.requests;
    }
    if let Some(n) = args.changes {
        knobs.changes = n;
    }
    if let Some(n) = args.cis {
        knobs.cis = n;
    }
    if let Some(n) = args.respondents {
        knobs.respondents = n;
    }
    if let Some(n) = args.months {
        knobs.months = n;
    }
    if let Some(t) = args.self_service_trend {
        knobs.self_service_trend = match t {
            TrendName::Improving => Trend::Improving,
            TrendName::Worsening => Trend::Worsening,
            TrendName::Flat => Trend::Flat,
        };
    }
    Ok(GenerateOptions {
        out: args.out,
        seed: args.seed,
        profile: match args.profile {
            GenerateProfile::Servicenow => Profile::ServiceNow,
            GenerateProfile::Jira => Profile::Jira,
            GenerateProfile::Generic => Profile::Generic,
        },
        knobs,
    })
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
