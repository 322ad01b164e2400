//! Recomputes truth.json from the generated ServiceNow files with a plain,
//! independent batch reading (sort and scan every file), and checks that each
//! figure matches: numerators and denominators exactly, values to rounding.

use crate::generate::{Generated, generate, metric};
use chrono::NaiveDateTime;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const DAY: i64 = 86_400;

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(g: &Generated, name: &str) -> Table {
        let mut r = csv::Reader::from_path(g.file(name)).expect("csv");
        let header = r
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = r
            .records()
            .map(|x| x.expect("record").iter().map(str::to_string).collect())
            .collect();
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let i = self.col(name);
        self.rows.iter().map(move |r| r[i].as_str())
    }
}

fn ts(text: &str) -> Option<i64> {
    (!text.is_empty()).then(|| {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .and_utc()
            .timestamp()
    })
}

fn quantile(sorted: &[i64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] as f64 + (sorted[hi] - sorted[lo]) as f64 * (pos - lo as f64)
}

#[derive(Debug)]
struct Incident {
    opened: i64,
    resolved: Option<i64>,
    closed: Option<i64>,
    priority: u8,
    channel: String,
    resolver: String,
    ci: String,
    reassignment: u32,
    reopen: u32,
    sla: String,
    knowledge: bool,
    problem: String,
    caused_by: String,
}

fn incidents(t: &Table) -> Vec<Incident> {
    let c = |n: &str| t.col(n);
    t.rows
        .iter()
        .map(|r| Incident {
            opened: ts(&r[c("opened_at")]).expect("opened"),
            resolved: ts(&r[c("resolved_at")]),
            closed: ts(&r[c("closed_at")]),
            priority: r[c("priority")][..1].parse().expect("priority"),
            channel: r[c("contact_type")].clone(),
            resolver: r[c("resolved_by")].clone(),
            ci: r[c("cmdb_ci")].clone(),
            reassignment: r[c("reassignment_count")].parse().expect("count"),
            reopen: r[c("reopen_count")].parse().expect("count"),
            sla: r[c("made_sla")].clone(),
            knowledge: r[c("knowledge")] == "true",
            problem: r[c("problem_id")].clone(),
            caused_by: r[c("caused_by")].clone(),
        })
        .collect()
}

/// Expected (numerator, denominator) of each rate, and values of the others.
#[derive(Default)]
struct Expected {
    rates: Vec<(&'static str, Option<String>, u64, u64)>,
    values: Vec<(&'static str, Option<String>, f64)>,
}

impl Expected {
    fn rate(&mut self, id: &'static str, variant: Option<&str>, n: usize, d: usize) {
        self.rates
            .push((id, variant.map(str::to_string), n as u64, d as u64));
    }
    fn value(&mut self, id: &'static str, variant: Option<&str>, v: f64) {
        self.values.push((id, variant.map(str::to_string), v));
    }
}

fn recompute(g: &Generated) -> (Expected, String) {
    let inc_t = Table::read(g, "incidents.csv");
    let req_t = Table::read(g, "requests.csv");
    let chg_t = Table::read(g, "changes.csv");
    let cmdb_t = Table::read(g, "cmdb_ci.csv");
    let survey_t = Table::read(g, "survey.csv");
    let inc = incidents(&inc_t);
    let mut e = Expected::default();

    // As of: the latest timestamp of any export.
    let mut all_times: Vec<i64> = Vec::new();
    for (t, cols) in [
        (
            &inc_t,
            &["opened_at", "resolved_at", "closed_at", "sys_updated_on"][..],
        ),
        (&req_t, &["opened_at", "closed_at", "sys_updated_on"][..]),
        (
            &chg_t,
            &[
                "opened_at",
                "start_date",
                "end_date",
                "work_start",
                "work_end",
                "closed_at",
            ][..],
        ),
        (&cmdb_t, &["sys_updated_on", "last_discovered"][..]),
        (&survey_t, &["submitted_at"][..]),
    ] {
        for c in cols {
            all_times.extend(t.values(c).filter_map(ts));
        }
    }
    let as_of = *all_times.iter().max().expect("times");
    let as_of_text = NaiveDateTime::parse_from_str("1970-01-01 00:00:00", "%Y-%m-%d %H:%M:%S")
        .expect("epoch")
        .checked_add_signed(chrono::Duration::seconds(as_of))
        .expect("as of")
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let from = inc.iter().map(|i| i.opened).min().expect("from");
    let to = inc.iter().map(|i| i.opened).max().expect("to");
    let n = inc.len();

    // Incident management.
    let resolved: Vec<&Incident> = inc.iter().filter(|i| i.resolved.is_some()).collect();
    let mut durations: Vec<i64> = resolved
        .iter()
        .map(|i| i.resolved.unwrap_or(0) - i.opened)
        .collect();
    durations.sort();
    e.value(
        "incident.mttr_hours",
        Some("median"),
        quantile(&durations, 0.5) / 3600.0,
    );
    e.value(
        "incident.mttr_hours",
        Some("p90"),
        quantile(&durations, 0.9) / 3600.0,
    );
    for p in 1..=5u8 {
        let mut d: Vec<i64> = resolved
            .iter()
            .filter(|i| i.priority == p)
            .map(|i| i.resolved.unwrap_or(0) - i.opened)
            .collect();
        d.sort();
        if !d.is_empty() {
            e.value(
                "incident.mttr_hours",
                Some(&format!("median/P{p}")),
                quantile(&d, 0.5) / 3600.0,
            );
            e.value(
                "incident.mttr_hours",
                Some(&format!("p90/P{p}")),
                quantile(&d, 0.9) / 3600.0,
            );
        }
    }
    e.rate(
        "incident.reopen_rate",
        None,
        resolved.iter().filter(|i| i.reopen > 0).count(),
        resolved.len(),
    );
    e.rate(
        "incident.reassignment_rate",
        None,
        inc.iter().filter(|i| i.reassignment >= 3).count(),
        n,
    );
    let mut by_ci: BTreeMap<&str, Vec<&Incident>> = BTreeMap::new();
    for i in inc.iter().filter(|i| !i.ci.is_empty()) {
        by_ci.entry(&i.ci).or_default().push(i);
    }
    let mut repeats = 0;
    let (mut clusters, mut addressed) = (0, 0);
    for list in by_ci.values_mut() {
        list.sort_by_key(|i| i.opened);
        repeats += list
            .windows(2)
            .filter(|w| w[1].opened - w[0].opened <= 30 * DAY)
            .count();
        if list
            .windows(3)
            .any(|w| w[2].opened - w[0].opened <= 90 * DAY)
        {
            clusters += 1;
            if list.iter().any(|i| !i.problem.is_empty()) {
                addressed += 1;
            }
        }
    }
    let named: usize = by_ci.values().map(Vec::len).sum();
    e.rate("incident.repeat_rate", None, repeats, named);
    e.rate(
        "incident.major_share",
        None,
        inc.iter().filter(|i| i.priority == 1).count(),
        n,
    );
    let aged = inc
        .iter()
        .filter(|i| i.resolved.is_none() && i.closed.is_none() && as_of - i.opened > 30 * DAY)
        .count();
    e.value("incident.aged_backlog", None, aged as f64);
    e.rate(
        "problem.repeat_clusters_addressed",
        None,
        addressed,
        clusters,
    );
    e.rate(
        "problem.incident_link_rate",
        None,
        inc.iter().filter(|i| !i.problem.is_empty()).count(),
        n,
    );

    // Change enablement.
    let c = |name: &str| chg_t.col(name);
    let linked: BTreeSet<&str> = inc
        .iter()
        .map(|i| i.caused_by.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let in_window: Vec<&Vec<String>> = chg_t
        .rows
        .iter()
        .filter(|r| {
            let o = ts(&r[c("opened_at")]).expect("opened");
            from <= o && o <= to
        })
        .collect();
    let (mut completed, mut explicit, mut inferred) = (0, 0, 0);
    let mut leads = Vec::new();
    for r in &in_window {
        let opened = ts(&r[c("opened_at")]).expect("opened");
        let end = ts(&r[c("work_end")]);
        if let Some(end) = end {
            leads.push(end - opened);
        }
        let code = r[c("close_code")].as_str();
        let Some(end) = end.filter(|_| code != "Cancelled") else {
            continue;
        };
        completed += 1;
        let failed = code == "Unsuccessful"
            || code == "Backed Out"
            || linked.contains(r[c("number")].as_str());
        let ci = r[c("cmdb_ci")].as_str();
        let followed = !ci.is_empty()
            && by_ci.get(ci).is_some_and(|list| {
                list.iter()
                    .any(|i| i.priority <= 2 && end <= i.opened && i.opened <= end + 48 * 3600)
            });
        explicit += usize::from(failed);
        inferred += usize::from(failed || followed);
    }
    e.rate("change.failure_rate", Some("explicit"), explicit, completed);
    e.rate("change.failure_rate", Some("inferred"), inferred, completed);
    let emergency = in_window
        .iter()
        .filter(|r| r[c("type")] == "Emergency")
        .count();
    e.rate("change.emergency_share", None, emergency, in_window.len());
    e.rate(
        "change.induced_incident_share",
        None,
        inc.iter().filter(|i| !i.caused_by.is_empty()).count(),
        n,
    );
    leads.sort();
    e.value(
        "change.lead_time_hours",
        Some("median"),
        quantile(&leads, 0.5) / 3600.0,
    );
    e.value(
        "change.lead_time_hours",
        Some("p90"),
        quantile(&leads, 0.9) / 3600.0,
    );

    // Service desk and knowledge.
    let channels: Vec<&str> = inc
        .iter()
        .map(|i| i.channel.as_str())
        .chain(req_t.values("contact_type"))
        .collect();
    let self_service = channels
        .iter()
        .filter(|c| **c == "Self-service" || **c == "Virtual Agent")
        .count();
    let by_person = channels.iter().filter(|c| **c != "Event").count();
    e.rate("desk.self_service_share", None, self_service, by_person);
    e.rate(
        "desk.channel_mix",
        Some("monitoring"),
        channels.len() - by_person,
        channels.len(),
    );
    e.rate(
        "desk.channel_mix",
        Some("walk_in"),
        channels.iter().filter(|c| **c == "Walk-in").count(),
        channels.len(),
    );
    let fcr = resolved
        .iter()
        .filter(|i| i.reassignment == 0 && i.reopen == 0)
        .count();
    e.rate("desk.first_contact_resolution", None, fcr, resolved.len());
    e.rate(
        "knowledge.use_rate",
        None,
        resolved.iter().filter(|i| i.knowledge).count(),
        resolved.len(),
    );

    // CMDB.
    e.rate("cmdb.incident_ci_coverage", None, named, n);
    e.rate(
        "cmdb.change_ci_coverage",
        None,
        in_window
            .iter()
            .filter(|r| !r[c("cmdb_ci")].is_empty())
            .count(),
        in_window.len(),
    );
    let in_cmdb: BTreeSet<&str> = cmdb_t.values("name").collect();
    let referenced: BTreeSet<&str> = inc
        .iter()
        .map(|i| i.ci.as_str())
        .chain(chg_t.values("cmdb_ci"))
        .filter(|s| !s.is_empty())
        .collect();
    e.rate(
        "cmdb.referential_integrity",
        None,
        referenced.iter().filter(|r| in_cmdb.contains(*r)).count(),
        referenced.len(),
    );
    let k = |name: &str| cmdb_t.col(name);
    let complete = cmdb_t
        .rows
        .iter()
        .filter(|r| {
            [
                "sys_class_name",
                "operational_status",
                "owned_by",
                "support_group",
            ]
            .iter()
            .all(|f| !r[k(f)].is_empty())
        })
        .count();
    e.rate("cmdb.completeness", None, complete, cmdb_t.rows.len());
    let operational: Vec<&Vec<String>> = cmdb_t
        .rows
        .iter()
        .filter(|r| r[k("operational_status")] == "Operational")
        .collect();
    let stale = operational
        .iter()
        .filter(|r| {
            let fresh = ts(&r[k("sys_updated_on")]).max(ts(&r[k("last_discovered")]));
            fresh.is_none_or(|f| f < as_of - 60 * DAY)
        })
        .count();
    e.rate("cmdb.stale_share", None, stale, operational.len());

    // Service levels and workforce.
    let known: Vec<&Incident> = inc.iter().filter(|i| !i.sla.is_empty()).collect();
    e.rate(
        "sla.attainment",
        None,
        known.iter().filter(|i| i.sla == "true").count(),
        known.len(),
    );
    let span = to - from;
    let mut first: BTreeSet<&str> = BTreeSet::new();
    let mut last: BTreeSet<&str> = BTreeSet::new();
    let mut per: BTreeMap<&str, u64> = BTreeMap::new();
    for i in &resolved {
        let t = i.resolved.unwrap_or(0);
        if i.resolver.is_empty() {
            continue;
        }
        *per.entry(&i.resolver).or_default() += 1;
        if from <= t && 4 * (t - from) < span {
            first.insert(&i.resolver);
        }
        if t <= to && 4 * (to - t) <= span {
            last.insert(&i.resolver);
        }
    }
    e.rate(
        "workforce.resolver_churn",
        None,
        first.difference(&last).count(),
        first.len(),
    );
    let mut counts: Vec<u64> = per.values().copied().collect();
    counts.sort_by(|a, b| b.cmp(a));
    let top: u64 = counts.iter().take(counts.len().div_ceil(10)).sum();
    e.rate(
        "workforce.resolution_concentration",
        None,
        top as usize,
        counts.iter().sum::<u64>() as usize,
    );
    e.rate("workforce.reactive_share", None, n, n + in_window.len());
    e.value("incident.volume", None, n as f64);
    (e, as_of_text)
}

fn check(truth: &Value, e: &Expected) {
    for (id, variant, n, d) in &e.rates {
        let m = metric(truth, id, variant.as_deref());
        assert_eq!(
            (m["numerator"].as_u64(), m["denominator"].as_u64()),
            (Some(*n), Some(*d)),
            "{id} {variant:?}"
        );
    }
    for (id, variant, v) in &e.values {
        let got = metric(truth, id, variant.as_deref())["value"]
            .as_f64()
            .expect("value");
        assert!(
            (got - v).abs() <= 1e-9 * v.abs().max(1.0),
            "{id} {variant:?}: truth {got}, files {v}"
        );
    }
}

#[test]
fn truth_is_recomputed_from_the_files() {
    for (seed, extra) in [
        (61u64, &[][..]),
        (
            62,
            &[
                "--set",
                "hidden_failure_rate=0.2",
                "--set",
                "stuck_share=0.05",
            ][..],
        ),
        (
            63,
            &[
                "--set",
                "resolver_churn=0.6",
                "--set",
                "burst_rate=0.1",
                "--months",
                "3",
            ][..],
        ),
    ] {
        let g = generate(seed, "servicenow", extra);
        let truth = g.truth();
        let (expected, as_of) = recompute(&g);
        assert_eq!(truth["as_of"], as_of.as_str(), "seed {seed}");
        check(&truth, &expected);
        assert!(expected.rates.len() >= 24);
    }
}
