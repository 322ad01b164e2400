//! Measures how well the funnel limits per team do on generated
//! organisations: how often the planted team (three times the reopen rate
//! by default) is named `high` on its reopen rate, and how often a team is
//! named on a rate the generator draws alike for every team (a false alarm).
//!
//! Usage: team_alarms [SEEDS] [INCIDENTS] [FACTOR]   (defaults 40, 6000, 3)
//!
//! Build it in release for many seeds: the metrics read every organisation
//! back from its files, as the CLI does.

use itsm_evidence::generate::{self, GenerateOptions, Knobs, Profile};
use itsm_evidence::ingest::Overrides;
use itsm_evidence::metrics::groups::funnel::Outlier;
use itsm_evidence::metrics::{self, GroupField, Parameters, Sources, WindowOptions};
use itsm_evidence::timings::Timings;
use std::path::Path;

/// Rates the generator draws alike for every team.
const ALIKE: &[&str] = &[
    "incident.reopen_rate",
    "incident.reassignment_rate",
    "sla.attainment",
    "knowledge.use_rate",
    "desk.first_contact_resolution",
];
const PLANTED: &str = "Database Administration";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: f64| {
        args.get(i)
            .and_then(|a| a.parse::<f64>().ok())
            .unwrap_or(default)
    };
    let seeds = number(0, 40.0) as u64;
    let incidents = number(1, 6000.0) as u64;
    let factor = number(2, 3.0);
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("team_alarms: {e}");
            std::process::exit(1);
        }
    };
    let (mut found, mut judged, mut alarms) = (0u64, 0u64, 0u64);
    for seed in 1..=seeds {
        match measure(dir.path(), seed, incidents, factor) {
            Ok((hit, j, a)) => {
                found += u64::from(hit);
                judged += j;
                alarms += a;
            }
            Err(e) => {
                eprintln!("team_alarms: seed {seed}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!(
        "{seeds} seeds, {incidents} incidents, factor {factor}: planted team found {found} of {seeds}; \
         false alarms {alarms} of {judged} team-figures ({:.2} %)",
        100.0 * alarms as f64 / judged.max(1) as f64
    );
}

/// (planted team found, team-figures judged on alike rates, of them named).
fn measure(dir: &Path, seed: u64, incidents: u64, factor: f64) -> Result<(bool, u64, u64), String> {
    let out = dir.join("org");
    generate::run(&GenerateOptions {
        out: out.clone(),
        seed,
        profile: Profile::ServiceNow,
        event_log: false,
        knobs: Knobs {
            incidents,
            requests: Some(incidents / 20),
            changes: incidents / 30,
            cis: incidents / 10,
            respondents: 0,
            outlier_team_reopen_factor: factor,
            ..Knobs::default()
        },
    })
    .map_err(|e| e.to_string())?;
    let sources = Sources {
        incidents: vec![out.join("incidents.csv")],
        changes: Vec::new(),
        cmdb: Vec::new(),
        data_dir: None,
    };
    let inputs =
        metrics::inputs::load(&sources, &Overrides::default()).map_err(|e| e.to_string())?;
    let report = metrics::compute_timed(
        &inputs,
        &Parameters::default(),
        &WindowOptions::default(),
        Some(GroupField::AssignmentGroup),
        &mut Timings::new(),
    )
    .map_err(|e| e.to_string())?;
    let (mut found, mut judged, mut alarms) = (false, 0, 0);
    for g in report.groups.iter().flatten() {
        let planted = g.group.as_deref() == Some(PLANTED);
        for m in &g.metrics {
            if planted && m.id == "incident.reopen_rate" {
                found = m.outlier == Some(Outlier::High);
            }
            let caused = planted
                && matches!(
                    m.id.as_str(),
                    "incident.reopen_rate" | "desk.first_contact_resolution"
                );
            if ALIKE.contains(&m.id.as_str()) && !caused && !m.below_min_sample {
                judged += 1;
                alarms += u64::from(m.outlier.is_some());
            }
        }
    }
    Ok((found, judged, alarms))
}
