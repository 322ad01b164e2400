//! Measures how often the trend test calls the self-service share of a
//! generated year improving, worsening, a step change or flat, for each
//! setting of the self-service knob, over many seeds. With the flat knob every
//! verdict other than "no clear trend" is a false alarm.
//!
//! Usage: trend_alarms [SEEDS] [INCIDENTS]   (defaults 200 and 3000)
//!
//! The verdict comes from the monthly counts in truth.json, the counts the
//! metrics compute from the same files (the truth tests hold them equal).

use itsm_evidence::generate::{self, GenerateOptions, Knobs, Profile, Trend};
use itsm_evidence::metrics::stats::Better;
use itsm_evidence::metrics::trend::{MonthCount, trend};
use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let seeds = args.first().copied().filter(|n| *n > 0).unwrap_or(200);
    let incidents = args.get(1).copied().filter(|n| *n > 1).unwrap_or(3000);
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("trend_alarms: {e}");
            std::process::exit(1);
        }
    };
    println!("{seeds} seeds, {incidents} incidents a year, 12 months");
    for knob in [Trend::Flat, Trend::Improving, Trend::Worsening] {
        let mut verdicts: BTreeMap<String, u64> = BTreeMap::new();
        for seed in 1..=seeds {
            match verdict(dir.path(), seed, incidents, knob) {
                Ok(v) => *verdicts.entry(v).or_default() += 1,
                Err(e) => {
                    eprintln!("trend_alarms: seed {seed}: {e}");
                    std::process::exit(1);
                }
            }
        }
        let listed: Vec<String> = verdicts
            .iter()
            .map(|(v, n)| format!("{v} {n} ({:.1} %)", 100.0 * *n as f64 / seeds as f64))
            .collect();
        println!("{knob:?}: {}", listed.join(", "));
    }
}

fn verdict(dir: &Path, seed: u64, incidents: u64, knob: Trend) -> Result<String, String> {
    let knobs = Knobs {
        incidents,
        changes: incidents / 8,
        cis: incidents / 8,
        respondents: 0,
        months: 12,
        self_service_trend: knob,
        ..Knobs::default()
    };
    let out = dir.join("org");
    generate::run(&GenerateOptions {
        out: out.clone(),
        seed,
        profile: Profile::ServiceNow,
        event_log: false,
        knobs,
    })
    .map_err(|e| e.to_string())?;
    let text =
        std::fs::read_to_string(out.join(generate::TRUTH_FILE)).map_err(|e| e.to_string())?;
    let truth: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let share = truth["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["id"] == "desk.self_service_share"))
        .ok_or("no self-service share in truth.json")?;
    let months: Vec<(i64, MonthCount)> = share["by_month"]
        .as_array()
        .ok_or("no months")?
        .iter()
        .filter_map(|m| {
            let label = m["month"].as_str()?;
            let index = label[..4].parse::<i64>().ok()? * 12 + label[5..].parse::<i64>().ok()?;
            Some((
                index,
                MonthCount {
                    month: label.to_string(),
                    numerator: m["numerator"].as_u64()?,
                    denominator: m["denominator"].as_u64()?,
                },
            ))
        })
        .collect();
    Ok(trend(&months, Some(Better::Higher), 30).verdict)
}
