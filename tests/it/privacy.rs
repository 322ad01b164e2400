//! No person, e-mail address or free text in any output: every file of a
//! report folder (Parquet read back) and everything `inspect`, `metrics` and
//! `assess` print, over exports with known names, among them the real ones
//! in ../shared/data. Pseudonyms are keyed hashes nobody can recompute from
//! what a report holds.

use crate::common::*;
use crate::outputs::{found, parquet_text, texts};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

const NAMES: &[&str] = &[
    "Zebulon Quackenbush",
    "Xanthe Pemberton-Oyelaran",
    "Ignatius Featherstonehaugh",
    "Perpetua Vandersloot",
    "Bartholomew Nkemelu",
    "Quintessa Rhydderch",
];
const EMAILS: &[&str] = &[
    "ines.okafor@example.com",
    "walter.white@example.com",
    "q.rhydderch@corp.example.net",
    "survey.person@example.org",
];
const FREE_TEXT: &[&str] = &[
    "the printer on floor nine smells of burnt toast",
    "rebooted the core switch while nobody watched",
    "customer was furious about the lost payroll",
    "completed successfully thanks to the night shift",
    "rolled back after the database refused writes",
];

fn needles() -> Vec<String> {
    NAMES
        .iter()
        .chain(EMAILS)
        .chain(FREE_TEXT)
        .map(|s| s.to_string())
        .collect()
}

/// A folder of exports naming people in every column spelling the tools use,
/// with e-mail addresses in coded and text columns and free text beside them.
fn exports_with_people() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let [a, b, c, d, e, f] = NAMES else {
        unreachable!()
    };
    let [mail_ci, mail_channel, mail_caller, mail_survey] = EMAILS else {
        unreachable!()
    };
    let [t1, t2, t3, ok, back] = FREE_TEXT else {
        unreachable!()
    };
    let mut incidents = String::from(
        "number,opened_at,resolved_at,priority,contact_type,cmdb_ci,category,assignment_group,\
         resolved_by,assigned_to,caller_id,opened_by,requested_by,sys_created_by,sys_updated_by,\
         watch_list,u_caller_email,short_description,description,comments,work_notes,close_notes\n",
    );
    for i in 1..=8 {
        let ci = if i <= 4 {
            format!("laptop of {mail_ci}")
        } else {
            format!("srv{i}")
        };
        let channel = if i == 3 {
            mail_channel.to_string()
        } else {
            "Phone".into()
        };
        incidents.push_str(&format!(
            "INC{i:04},2024-01-{:02} 09:00:00,2024-01-{:02} 15:00:00,3 - Moderate,{channel},\
             {ci},Hardware,Service Desk,{a},{b},{c},{d},{e},{f},{a},\"{b}, {c}\",{mail_caller},\
             {t1},{t2},{t3},{ok}\n",
            i * 2,
            i * 2
        ));
    }
    std::fs::write(dir.path().join("incidents.csv"), incidents).expect("write");
    // ServiceNow display labels, and close notes that read like outcomes:
    // free text is never taken for the outcome.
    let mut changes = String::from(
        "Number,Opened,Type,Configuration item,Requested by,Assigned to,Opened by,\
         Short description,Close notes,Work end\n",
    );
    for i in 1..=6 {
        let notes = if i % 2 == 0 { ok } else { back };
        changes.push_str(&format!(
            "CHG{i:04},2024-01-{:02} 08:00:00,Normal,srv{i},{c},{d},{e},{t1},{notes},\
             2024-01-{:02} 10:00:00\n",
            i * 3,
            i * 3
        ));
    }
    std::fs::write(dir.path().join("changes.csv"), changes).expect("write");
    let mut jira = String::from(
        "Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Assignee Id,Reporter,\
         Creator,Watchers,Watchers,Created,Resolved,Description,Comment\n",
    );
    for i in 1..=5 {
        jira.push_str(&format!(
            "{t2},IT-{i},{},Incident,Done,Medium,{e},5b10ac8d82e05b22cc7d4ef5,{f},{a},{b},{mail_caller},\
             {i:02}/Jan/24 10:44 AM,{:02}/Jan/24 11:44 AM,{t3},\"01/Jan/24 10:00 AM;{mail_caller};{t1}\"\n",
            1000 + i,
            i + 1
        ));
    }
    std::fs::write(dir.path().join("jira.csv"), jira).expect("write");
    let mut cmdb = String::from(
        "name,sys_class_name,operational_status,owned_by,assigned_to,managed_by,support_group,\
         short_description\n",
    );
    for i in 1..=8 {
        cmdb.push_str(&format!(
            "srv{i},cmdb_ci_server,Operational,{a},{b},{mail_caller},Unix,{t3}\n"
        ));
    }
    std::fs::write(dir.path().join("cmdb_ci.csv"), cmdb).expect("write");
    let mut survey = String::from("respondent_id,role,discipline,score,question\n");
    for (i, role) in ["Manager", "Technician", "Technician"].iter().enumerate() {
        survey.push_str(&format!(
            "{i}{mail_survey},{role},incident management,{},{t1}\n",
            i + 2
        ));
    }
    std::fs::write(dir.path().join("survey.csv"), survey).expect("write");
    dir
}

/// Everything the tool prints and writes over `data`: a report folder (in
/// `out`) and the outputs of inspect, metrics and assess; `every_form` adds
/// the table and CSV forms and the suggested mapping, which print what the
/// JSON holds.
fn every_output(
    data: &Path,
    files: &[PathBuf],
    out: &Path,
    every_form: bool,
) -> Vec<(String, String)> {
    let o = analyze_into("--data", data, out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut all = texts(out);
    all.push(("analyze stderr".into(), stderr(&o)));
    let data_arg = data.to_str().expect("utf-8");
    let mut runs = vec![
        vec!["metrics", "--data", data_arg, "--format", "json"],
        vec!["assess", "--data", data_arg, "--format", "json"],
    ];
    if every_form {
        runs.extend([
            vec!["metrics", "--data", data_arg, "--format", "csv"],
            vec!["metrics", "--data", data_arg],
            vec!["assess", "--data", data_arg, "--format", "csv"],
            vec!["assess", "--data", data_arg],
        ]);
    }
    for args in runs {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        all.push((args.join(" "), stdout(&o) + &stderr(&o)));
    }
    for file in files {
        let f = file.to_str().expect("utf-8");
        let mut runs = vec![vec!["inspect", "--json", f]];
        if every_form {
            runs.extend([vec!["inspect", f], vec!["inspect", "--suggest-mapping", f]]);
        }
        for args in runs {
            let o = run(&args);
            all.push((args.join(" "), stdout(&o) + &stderr(&o)));
        }
    }
    all
}

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

#[test]
fn no_name_e_mail_or_free_text_leaves_the_tool() {
    let data = exports_with_people();
    let out = tempfile::tempdir().expect("dir");
    let all = every_output(
        data.path(),
        &csv_files(data.path()),
        &out.path().join("r"),
        true,
    );
    let hits = found(&all, &needles());
    assert!(hits.is_empty(), "leaked:\n{}", hits.join("\n"));
    // The report says how people appear, and the resolvers are there, hashed.
    let html = std::fs::read_to_string(out.path().join("r/index.html")).expect("html");
    assert!(html.contains("appear as pseudonyms"), "no word on people");
    let table = parquet_text(&out.path().join("r/enriched/incidents.parquet"));
    assert!(table.contains("person-"), "{table}");
    // The CI named by an e-mail address is still one CI, under a pseudonym.
    assert!(html.contains("on CI laptop of person-"), "the CI is gone");
}

#[test]
fn reveal_names_opts_in_and_says_so() {
    let data = exports_with_people();
    let out = tempfile::tempdir().expect("dir");
    let r = out.path().join("r");
    let o = analyze_into("--data", data.path(), &r, &["--reveal-names"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The search above would see them: here they are.
    let table = parquet_text(&r.join("enriched/incidents.parquet"));
    assert!(table.contains(NAMES[0]), "{table}");
    for file in ["index.html", "report.md"] {
        let text = std::fs::read_to_string(r.join(file)).expect("report");
        assert!(text.contains("--reveal-names"), "{file} does not say so");
    }
    // Free text stays out even so.
    let hits = found(
        &texts(&r),
        &FREE_TEXT.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    assert!(hits.is_empty(), "{hits:?}");
}

/// Values of a gzip CSV's columns, by header name.
fn column_values(path: &Path, wanted: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("data"))
        .read_to_end(&mut bytes)
        .expect("gzip");
    let text = String::from_utf8_lossy(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let mut out = Vec::new();
    for record in reader.records().flatten() {
        for (i, v) in record.iter().enumerate() {
            if header.get(i).is_some_and(|h| wanted(h)) {
                out.push(v.trim().to_string());
            }
        }
    }
    out
}

const PERSON_COLUMNS: &[&str] = &[
    "caller_id",
    "assigned_to",
    "opened_by",
    "resolved_by",
    "requested_by",
    "sys_created_by",
    "sys_updated_by",
    "Assignee",
    "Reporter",
    "Creator",
    "Project lead",
    "Watchers",
];
const FREE_TEXT_COLUMNS: &[&str] = &["short_description", "Summary", "Description", "Comment"];

/// The names, e-mail addresses and free text of the shared real exports.
fn real_needles(files: &[PathBuf]) -> Vec<String> {
    let email = regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").expect("re");
    let mut needles = BTreeSet::new();
    for file in files {
        for v in column_values(file, &|h| PERSON_COLUMNS.contains(&h)) {
            // User names and full names; not words such as `admin` or `system`.
            if v.len() >= 5 && v.contains([' ', '.', '_', '@']) {
                needles.insert(v);
            }
        }
        for v in column_values(file, &|h| FREE_TEXT_COLUMNS.contains(&h)) {
            let v: String = v.chars().take(40).collect();
            if v.len() >= 25 {
                needles.insert(v);
            }
        }
        for v in column_values(file, &|_| true) {
            needles.extend(email.find_iter(&v).map(|m| m.as_str().to_string()));
        }
    }
    needles.into_iter().collect()
}

/// The UCI event log is left out: its publisher replaced every person by an
/// id (`Caller 2403`), and reading its 141 712 rows five times over would
/// make this the slowest test by far.
#[test]
fn the_real_exports_name_no_one_in_any_output() {
    let shared = shared_data();
    let files: Vec<PathBuf> = [
        "servicenow-demo-incident/incident.csv.gz",
        "servicenow-demo-cmdb/cmdb_ci.csv.gz",
        "servicenow-change-request-telecom/change_request.csv.gz",
        "jira-cloud-it/jira-export.csv.gz",
    ]
    .iter()
    .map(|f| shared.join(f))
    .collect();
    let needles = real_needles(&files);
    assert!(
        needles.iter().any(|n| n == "Eitan Fireberg") && needles.len() > 200,
        "the names to look for were not found: {}",
        needles.len()
    );
    // One folder of links to the exports: analyze reads them all together.
    let data = tempfile::tempdir().expect("dir");
    for f in &files {
        let name = f.file_name().expect("name");
        std::os::unix::fs::symlink(f, data.path().join(name)).expect("link");
    }
    let out = tempfile::tempdir().expect("dir");
    let all = every_output(data.path(), &files, &out.path().join("r"), false);
    let hits = found(&all, &needles);
    assert!(hits.is_empty(), "leaked:\n{}", hits.join("\n"));
}

type HmacSha256 = Hmac<Sha256>;

fn hmac_pseudonym(key: &[u8], name: &str) -> String {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(name.as_bytes());
    let hex: String = mac.finalize().into_bytes()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("person-{hex}")
}

fn resolver_pseudonyms(report: &Path) -> BTreeSet<String> {
    parquet_text(&report.join("enriched/incidents.parquet"))
        .lines()
        .filter(|l| l.starts_with("person-"))
        .map(str::to_string)
        .collect()
}

fn analyze_incidents(file: &Path, out: &Path, extra: &[&str]) {
    let o = analyze_into("--incidents", file, out, extra);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn pseudonyms_cannot_be_recomputed_from_what_the_report_holds() {
    let file = shared_data().join("servicenow-demo-incident/incident.csv.gz");
    let names: BTreeSet<String> = column_values(&file, &|h| h == "assigned_to")
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect();
    assert!(names.len() > 3);
    let dir = tempfile::tempdir().expect("dir");
    let report = dir.path().join("r");
    analyze_incidents(&file, &report, &[]);
    let pseudonyms = resolver_pseudonyms(&report);
    assert!(pseudonyms.len() > 3, "{pseudonyms:?}");

    // Everything in the report that could serve as a salt or key: every
    // run of hex digits (input and rubric fingerprints), every parameter
    // value and word-like token, the fingerprints joined as the earlier
    // salt was, and nothing at all.
    let text: String = texts(&report).into_iter().map(|(_, t)| t).collect();
    let hex = regex::Regex::new(r"[0-9a-f]{16,}").expect("re");
    let token = regex::Regex::new(r"[A-Za-z0-9._:/-]{1,80}").expect("re");
    let mut candidates: BTreeSet<String> = token
        .find_iter(&text)
        .map(|m| m.as_str().to_string())
        .collect();
    let fingerprints: Vec<String> = hex
        .find_iter(&text)
        .map(|m| m.as_str().to_string())
        .filter(|h| h.len() == 64)
        .collect();
    candidates.extend(fingerprints.iter().cloned());
    candidates.insert(fingerprints.join(":"));
    candidates.insert(String::new());
    assert!(candidates.len() > 500, "{}", candidates.len());
    for c in &candidates {
        let decoded: Option<Vec<u8>> =
            (c.len() % 2 == 0 && c.chars().all(|x| x.is_ascii_hexdigit())).then(|| {
                (0..c.len() / 2)
                    .map(|i| u8::from_str_radix(&c[2 * i..2 * i + 2], 16).expect("hex"))
                    .collect()
            });
        for name in &names {
            let salted = Sha256::digest(format!("{c}\u{1f}{name}").as_bytes());
            let salted: String = salted[..6].iter().map(|b| format!("{b:02x}")).collect();
            let mut tries = vec![
                format!("person-{salted}"),
                hmac_pseudonym(c.as_bytes(), name),
            ];
            if let Some(key) = &decoded {
                tries.push(hmac_pseudonym(key, name));
            }
            for t in tries {
                assert!(
                    !pseudonyms.contains(&t),
                    "`{c}` recomputes the pseudonym of {name}"
                );
            }
        }
    }

    // The same computation with the real key does recompute them: the
    // search above would have found a key the report gave away.
    let key_file = dir.path().join("key");
    let keyed = dir.path().join("keyed");
    analyze_incidents(
        &file,
        &keyed,
        &["--pseudonym-key-file", key_file.to_str().expect("utf-8")],
    );
    let key_hex = std::fs::read_to_string(&key_file)
        .expect("key")
        .lines()
        .find(|l| !l.starts_with('#'))
        .expect("key line")
        .to_string();
    let key: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&key_hex[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    let expected: BTreeSet<String> = names.iter().map(|n| hmac_pseudonym(&key, n)).collect();
    assert_eq!(resolver_pseudonyms(&keyed), expected);
    // And the key is nowhere in what was written.
    let hits = found(&texts(&keyed), &[key_hex]);
    assert!(hits.is_empty(), "{hits:?}");
    for path in crate::outputs::files_under(&keyed) {
        let bytes = std::fs::read(&path).expect("read");
        assert!(
            !bytes.windows(key.len()).any(|w| w == key.as_slice()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn pseudonyms_change_every_run_unless_a_key_file_keeps_them() {
    let file = shared_data().join("servicenow-demo-incident/incident.csv.gz");
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    analyze_incidents(&file, &a, &[]);
    analyze_incidents(&file, &b, &[]);
    assert!(resolver_pseudonyms(&a).is_disjoint(&resolver_pseudonyms(&b)));

    let key = dir.path().join("secret.key");
    let k = key.to_str().expect("utf-8");
    let (c, d) = (dir.path().join("c"), dir.path().join("d"));
    analyze_incidents(&file, &c, &["--pseudonym-key-file", k, "--deterministic"]);
    analyze_incidents(&file, &d, &["--pseudonym-key-file", k, "--deterministic"]);
    assert_eq!(resolver_pseudonyms(&c), resolver_pseudonyms(&d));
    assert_eq!(
        std::fs::read(c.join("enriched/incidents.parquet")).expect("c"),
        std::fs::read(d.join("enriched/incidents.parquet")).expect("d")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).expect("key").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
}

#[test]
fn deterministic_runs_need_a_key_file_only_where_people_are_named() {
    let dir = tempfile::tempdir().expect("dir");
    let named = shared_data().join("servicenow-demo-incident/incident.csv.gz");
    let o = run(&[
        "analyze",
        "--incidents",
        named.to_str().expect("utf-8"),
        "--out",
        dir.path().join("a").to_str().expect("utf-8"),
        "--deterministic",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--pseudonym-key-file"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("a").exists());
    // Exports that name no one need no key.
    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad/crlf.csv");
    analyze_incidents(&plain, &dir.path().join("b"), &["--deterministic"]);
}
