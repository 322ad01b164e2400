//! Measures `compare` on generated pairs: how often halved change failures
//! and a raised self-service share read `improved`, and how often a figure
//! whose knobs did not move is flagged (a false alarm).
//!
//! Usage: compare_alarms [PAIRS] [INCIDENTS]   (defaults 20 and 3000)
//!
//! Each pair is two organisations with different seeds; "after" has half the
//! change failure rate and the self-service share 0.5 instead of 0.3.

use itsm_evidence::compare::{self, Verdict};
use itsm_evidence::generate::{self, GenerateOptions, Knobs, Profile, Trend};
use itsm_evidence::ingest::Overrides;
use itsm_evidence::metrics::{self, Parameters, Sources, WindowOptions};
use itsm_evidence::report::metrics_json;
use std::path::{Path, PathBuf};

/// Figures whose knobs are the same in both organisations of a pair.
const UNTOUCHED: &[(&str, Option<&str>)] = &[
    ("incident.reopen_rate", None),
    ("incident.reassignment_rate", None),
    ("incident.major_share", None),
    ("incident.mttr_hours", Some("median")),
    ("sla.attainment", None),
    ("knowledge.use_rate", None),
    ("desk.first_contact_resolution", None),
    ("change.emergency_share", None),
];
const PLANTED: &[(&str, Option<&str>)] = &[
    ("change.failure_rate", Some("explicit")),
    ("desk.self_service_share", None),
];

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let pairs = args.first().copied().filter(|n| *n > 0).unwrap_or(20);
    let incidents = args.get(1).copied().filter(|n| *n > 1).unwrap_or(3000);
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("compare_alarms: {e}");
            std::process::exit(1);
        }
    };
    let (mut found, mut planted, mut alarms, mut judged) = (0, 0, 0, 0);
    for pair in 1..=pairs {
        let result = (|| -> Result<compare::Comparison, String> {
            let before = metrics_file(dir.path(), "before", pair, incidents, 0.2, 0.3)?;
            let after = metrics_file(dir.path(), "after", pair + 10_000, incidents, 0.1, 0.5)?;
            compare::compare(&before, &after, true).map_err(|e| e.to_string())
        })();
        let c = match result {
            Ok(c) => c,
            Err(e) => {
                eprintln!("compare_alarms: pair {pair}: {e}");
                std::process::exit(1);
            }
        };
        let verdict = |id: &str, variant: Option<&str>| {
            c.metrics
                .iter()
                .find(|m| m.id == id && m.variant.as_deref() == variant)
                .and_then(|m| m.verdict)
        };
        for (id, variant) in PLANTED {
            planted += 1;
            found += u64::from(verdict(id, *variant) == Some(Verdict::Improved));
        }
        for (id, variant) in UNTOUCHED {
            judged += 1;
            alarms += u64::from(verdict(id, *variant) != Some(Verdict::NoClearChange));
        }
    }
    println!(
        "{pairs} pairs, {incidents} incidents: planted changes found improved {found} of {planted}; \
         untouched figures flagged {alarms} of {judged} ({:.1} %)",
        100.0 * alarms as f64 / judged.max(1) as f64
    );
}

/// Generates an organisation and writes its metrics.json; returns the path.
fn metrics_file(
    dir: &Path,
    name: &str,
    seed: u64,
    incidents: u64,
    failure: f64,
    self_service: f64,
) -> Result<PathBuf, String> {
    let out = dir.join(name);
    generate::run(&GenerateOptions {
        out: out.clone(),
        seed,
        profile: Profile::ServiceNow,
        event_log: false,
        knobs: Knobs {
            incidents,
            changes: 1000,
            cis: 400,
            respondents: 0,
            self_service_trend: Trend::Flat,
            self_service_start: self_service,
            change_failure_rate: failure,
            ..Knobs::default()
        },
    })
    .map_err(|e| e.to_string())?;
    let sources = Sources {
        incidents: Vec::new(),
        changes: Vec::new(),
        cmdb: Vec::new(),
        data_dir: Some(out.clone()),
    };
    let inputs =
        metrics::inputs::load(&sources, &Overrides::default()).map_err(|e| e.to_string())?;
    let report = metrics::compute(&inputs, &Parameters::default(), &WindowOptions::default())
        .map_err(|e| e.to_string())?;
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, metrics_json::render(&report)).map_err(|e| e.to_string())?;
    Ok(path)
}
