//! Fuzzing the readers of user input with mutated exports: the value
//! normalisers, date-format detection, profile and kind detection, the whole
//! read path from bytes (`ingest::load` on a file), and the rubric, mapping
//! and survey-mapping files. Inputs are seeds (the sample exports, the
//! bad-input corpus) changed by random edits: bytes flipped, inserted,
//! deleted, spans repeated, and tokens that exports break on (quotes,
//! delimiters, NUL, CR, BOMs, odd dates and numbers, very long runs).
//!
//! Each target runs for `ITSM_FUZZ_SECONDS` (default 3: a smoke run in
//! `cargo test`) from seed `ITSM_FUZZ_SEED` (default 0). Outside CI, each for
//! ten minutes, one at a time:
//!
//! ```sh
//! ITSM_FUZZ_SECONDS=600 ITSM_FUZZ_SEED=$RANDOM nice -n 19 \
//!   cargo test --test it -- fuzz:: --test-threads 1 --nocapture
//! ```
//!
//! An input that makes a target panic is written to the system's temporary
//! folder (`itsm-evidence-fuzz/`), named in the failure, and becomes a case
//! of the bad-input corpus.

use itsm_evidence::canonical::{TableKind, ValueKind, fields_of};
use itsm_evidence::ingest::dates::{self, DateBounds, DateOrder, DetectOptions, Detected};
use itsm_evidence::ingest::{
    self, Overrides, detect, durations, header::Header, sniff, synonyms, values,
};
use itsm_evidence::maturity::Rubric;
use polars::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn budget() -> Duration {
    let seconds = std::env::var("ITSM_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(3);
    Duration::from_secs(seconds)
}

fn seed() -> u64 {
    std::env::var("ITSM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The seeds: the head of every sample export and every small file of the
/// bad-input corpus.
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "sample-data",
        "sample-data/forms",
        "tests/data/bad",
        "tests/fixtures",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths.into_iter().filter(|p| p.is_file()) {
            let mut bytes = std::fs::read(&p).expect("seed");
            bytes.truncate(3000);
            out.push(bytes);
        }
    }
    out.push(itsm_evidence::maturity::DEFAULT_RUBRIC.as_bytes().to_vec());
    out
}

const TOKENS: &[&str] = &[
    ",",
    ";",
    "\t",
    "|",
    "\"",
    "\"\"",
    "\r",
    "\n",
    "\r\n",
    "\0",
    "\u{feff}",
    "\u{fffd}",
    "?",
    "NULL",
    "#N/B",
    "#N/A",
    " ",
    "=",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "-0",
    "99999999999999999999",
    "2024-02-30 25:61:61",
    "31/12/99",
    "1/2/03 4:05",
    "0000-00-00",
    "45943.5",
    "17/Jul/25 10:44 AM",
    "31 ene 2024",
    "PT2H",
    "1 Day 2 Hours",
    "1970-01-02 03:00:00",
    "P1",
    "1 - Critical",
    "INC",
    "CHG",
    "RITM",
    "number",
    "opened_at",
    "Issue key",
    "Created",
    "Issue Type",
    "sys_updated_on",
    "close_code",
    "é",
    "ß",
    "\u{1F600}",
    "\u{202e}",
    "[[indicator]]",
    "= \"",
    "[columns]",
    "[values.outcome]",
    "%Y-%m-%d",
    "%",
    "PK\u{3}\u{4}",
    "PAR1",
    "%PDF-",
    "\u{1f}\u{8b}",
];

/// One mutated input, at most `max_len` bytes: a seed (or two spliced) with
/// 1 to 8 random edits.
fn mutate(rng: &mut ChaCha8Rng, seeds: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let pick = |rng: &mut ChaCha8Rng, n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
    let mut data = seeds[pick(rng, seeds.len())].clone();
    for _ in 0..1 + pick(rng, 8) {
        let at = pick(rng, data.len() + 1);
        match pick(rng, 9) {
            0 if !data.is_empty() => {
                let i = pick(rng, data.len());
                data[i] ^= 1 << pick(rng, 8);
            }
            1 => data.insert(at, rng.next_u64() as u8),
            2 => {
                let token = TOKENS[pick(rng, TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            3 if at < data.len() => {
                let end = (at + 1 + pick(rng, 200)).min(data.len());
                data.drain(at..end);
            }
            4 if at < data.len() => {
                let end = (at + 1 + pick(rng, 200)).min(data.len());
                let span: Vec<u8> = data[at..end].to_vec();
                let times = 1 + pick(rng, 50);
                for _ in 0..times {
                    data.splice(at..at, span.iter().copied());
                }
            }
            5 => {
                let other = &seeds[pick(rng, seeds.len())];
                let from = pick(rng, other.len());
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            6 => data.truncate(at),
            7 => {
                let token = TOKENS[pick(rng, TOKENS.len())].as_bytes();
                let times = 1 + pick(rng, 3000);
                let run: Vec<u8> = token
                    .iter()
                    .copied()
                    .cycle()
                    .take(token.len() * times)
                    .collect();
                data.splice(at..at, run);
            }
            _ => {
                let len = pick(rng, 64);
                let random: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
                data.splice(at..at, random);
            }
        }
    }
    data.truncate(max_len);
    data
}

/// Runs `target` on mutated inputs of at most `max_len` bytes until the
/// budget is spent; an input that panics is kept on disk and fails the test.
fn fuzz(name: &str, max_len: usize, target: impl Fn(&[u8])) {
    let seeds = seeds();
    let mut rng = ChaCha8Rng::seed_from_u64(seed() ^ name.len() as u64);
    let started = Instant::now();
    let mut runs = 0u64;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut crash = None;
    while started.elapsed() < budget() {
        let input = mutate(&mut rng, &seeds, max_len);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(&input)));
        runs += 1;
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            crash = Some((input, message));
            break;
        }
    }
    std::panic::set_hook(previous_hook);
    eprintln!(
        "fuzz {name}: {runs} inputs in {:.0} s (seed {})",
        started.elapsed().as_secs_f64(),
        seed()
    );
    if let Some((input, message)) = crash {
        let dir = std::env::temp_dir().join("itsm-evidence-fuzz");
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(format!("{name}-{runs}.bin"));
        std::fs::write(&path, &input).expect("write");
        panic!("fuzz {name}: panic `{message}` on {}", path.display());
    }
}

const KINDS: [ValueKind; 12] = [
    ValueKind::Text,
    ValueKind::Timestamp,
    ValueKind::Count,
    ValueKind::Duration,
    ValueKind::Bool,
    ValueKind::Priority,
    ValueKind::Channel,
    ValueKind::Outcome,
    ValueKind::TicketType,
    ValueKind::ChangeType,
    ValueKind::Score,
    ValueKind::Role,
];

const TABLES: [TableKind; 3] = [TableKind::Incidents, TableKind::Changes, TableKind::Cis];

#[test]
fn fuzz_value_rules_and_column_names() {
    fuzz("values", 4096, |data| {
        let text = String::from_utf8_lossy(data);
        for line in text.lines().take(10) {
            for kind in KINDS {
                let _ = values::normalise(kind, line);
                let _ = values::parse_canonical(kind, line);
                let _ = values::closest_canonical(kind, line);
            }
            for dated in [false, true] {
                let _ = synonyms::key(line, dated);
                for table in TABLES {
                    for spec in fields_of(table) {
                        let _ = synonyms::rank(table, spec.name, line, dated);
                    }
                }
            }
            let _ = detect::kind_of_type(line);
        }
        let lines: Vec<&str> = text.lines().collect();
        let _ = durations::count_readable(&lines);
        let header = Header::new(lines.iter().map(|l| l.to_string()).collect());
        let _ = header.closest("opened_at");
        let _ = header.find_by_words("opened");
    });
}

#[test]
fn fuzz_date_format_detection() {
    fuzz("dates", 8192, |data| {
        let flags = data.first().copied().unwrap_or(0);
        let text = String::from_utf8_lossy(data);
        let values: Vec<&str> = text.lines().take(200).collect();
        let series = Series::new("v".into(), values);
        let options = DetectOptions {
            order: match flags % 3 {
                0 => None,
                1 => Some(DateOrder::Dmy),
                _ => Some(DateOrder::Mdy),
            },
            // As of 2025-01-01, fixed so that a failure reproduces.
            bounds: DateBounds::up_to(1_735_689_600_000),
            spreadsheet: flags & 4 != 0,
        };
        if let Ok(Detected::Formats(format, _)) = dates::detect(&series, options) {
            let frame = DataFrame::new(series.len(), vec![series.into()]).expect("frame");
            let _ = frame
                .lazy()
                .select([dates::parse_with(col("v"), &format, options.bounds)])
                .collect();
        }
    });
}

#[test]
fn fuzz_layout_profile_and_kind_detection() {
    fuzz("detect", 65536, |data| {
        let text = String::from_utf8_lossy(data);
        for complete in [true, false] {
            if let Some(sniffed) = sniff::sniff_text(&text, complete) {
                let header = Header::new(sniffed.header.clone());
                let profile = detect::detect_profile(&header, &sniffed.sample);
                let _ = detect::detect_kind(profile.profile, &header, &sniffed.sample);
                let _ = detect::record_type_column(&header);
            }
        }
    });
}

#[test]
fn fuzz_the_whole_read_path_from_bytes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("export.csv");
    fuzz("read", 1 << 18, |data| {
        std::fs::write(&path, data).expect("write");
        // The length picks one of a few override sets.
        let overrides = match data.len() % 4 {
            0 => Overrides::default(),
            1 => Overrides {
                kind: Some(TableKind::Changes),
                ..Overrides::default()
            },
            2 => Overrides {
                date_order: Some(DateOrder::Dmy),
                as_of: Some(1_735_689_600_000),
                ..Overrides::default()
            },
            _ => Overrides {
                kind: Some(TableKind::Cis),
                profile: Some("servicenow".into()),
                ..Overrides::default()
            },
        };
        if let Ok(table) = ingest::load(&path, &overrides) {
            let r = &table.report;
            assert_eq!(
                r.rows_read,
                r.rows_kept + r.rows_rejected,
                "rows do not add up"
            );
        }
        let _ = ingest::read_text_table(&path, &Overrides::default());
    });
}

#[test]
fn fuzz_rubric_mapping_and_survey_mapping_files() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("file.toml");
    fuzz("config", 8192, |data| {
        let text = String::from_utf8_lossy(data);
        let _ = Rubric::parse(&text, &path);
        std::fs::write(&path, data).expect("write");
        let _ = Overrides::from_file(&path);
        let _ = itsm_evidence::maturity::mapping::SurveyMapping::from_file(&path);
    });
}
