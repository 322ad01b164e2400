//! Which canonical fields each metric needs, so that `inspect` can say per
//! file which metrics its columns allow and `docs/metrics.md` can list them
//! (the table there is rendered from this one and checked by a test).

use crate::canonical::TableKind;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The canonical table a need is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Tickets (incidents and requests).
    Tickets,
    Changes,
    Cis,
}

impl Table {
    fn of(kind: TableKind) -> Option<Table> {
        match kind {
            TableKind::Incidents | TableKind::Requests => Some(Table::Tickets),
            TableKind::Changes => Some(Table::Changes),
            TableKind::Cis => Some(Table::Cis),
            TableKind::Survey | TableKind::Interactions => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Table::Tickets => "incidents",
            Table::Changes => "changes",
            Table::Cis => "CMDB",
        }
    }
}

/// One field of a table, or one of several that stand for it.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    pub table: Table,
    pub any_of: &'static [&'static str],
}

const fn need(table: Table, any_of: &'static [&'static str]) -> Need {
    Need { table, any_of }
}

/// A metric (and variant) and what it needs: every need of one of the sets.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    pub metric: &'static str,
    pub sets: &'static [&'static [Need]],
}

use Table::{Changes, Cis, Tickets};

/// A ticket counts as resolved by its resolved time, else its close, else
/// its opened time plus a duration.
const RESOLVED: &[&str] = &["resolved_at", "closed_at", "duration"];
/// A change's end: its implementation end, else its close.
const CHANGE_END: &[&str] = &["actual_end", "closed_at"];

pub const REQUIREMENTS: &[Requirement] = &[
    Requirement {
        metric: "incident.volume",
        sets: &[&[need(Tickets, &["opened_at"])]],
    },
    Requirement {
        metric: "incident.mttr_hours",
        sets: &[&[need(Tickets, &["opened_at"]), need(Tickets, RESOLVED)]],
    },
    Requirement {
        metric: "incident.reopen_rate",
        sets: &[&[need(Tickets, RESOLVED), need(Tickets, &["reopen_count"])]],
    },
    Requirement {
        metric: "incident.reassignment_rate",
        sets: &[&[need(Tickets, &["reassignment_count"])]],
    },
    Requirement {
        metric: "incident.repeat_rate",
        sets: &[&[need(Tickets, &["ci"])]],
    },
    Requirement {
        metric: "incident.major_share",
        sets: &[&[need(Tickets, &["priority"])]],
    },
    Requirement {
        metric: "incident.aged_backlog",
        sets: &[&[need(Tickets, RESOLVED)]],
    },
    Requirement {
        metric: "problem.repeat_clusters_addressed",
        sets: &[&[need(Tickets, &["ci"]), need(Tickets, &["problem_id"])]],
    },
    Requirement {
        metric: "problem.incident_link_rate",
        sets: &[&[need(Tickets, &["problem_id"])]],
    },
    Requirement {
        metric: "change.failure_rate explicit",
        sets: &[&[need(Changes, &["outcome"])], &[need(Changes, CHANGE_END)]],
    },
    Requirement {
        metric: "change.failure_rate inferred",
        sets: &[&[
            need(Changes, &["ci"]),
            need(Changes, CHANGE_END),
            need(Tickets, &["ci"]),
            need(Tickets, &["priority"]),
        ]],
    },
    Requirement {
        metric: "change.emergency_share",
        sets: &[&[need(Changes, &["type"])]],
    },
    Requirement {
        metric: "change.induced_incident_share",
        sets: &[&[need(Tickets, &["caused_by_change"])]],
    },
    Requirement {
        metric: "change.lead_time_hours",
        sets: &[&[
            need(Changes, &["opened_at"]),
            need(Changes, &["actual_end"]),
        ]],
    },
    Requirement {
        metric: "desk.self_service_share",
        sets: &[&[need(Tickets, &["channel"])]],
    },
    Requirement {
        metric: "desk.channel_mix",
        sets: &[&[need(Tickets, &["channel"])]],
    },
    Requirement {
        metric: "desk.first_contact_resolution",
        sets: &[&[
            need(Tickets, RESOLVED),
            need(Tickets, &["reassignment_count"]),
            need(Tickets, &["reopen_count"]),
        ]],
    },
    Requirement {
        metric: "knowledge.use_rate",
        sets: &[&[need(Tickets, RESOLVED), need(Tickets, &["knowledge_used"])]],
    },
    Requirement {
        metric: "cmdb.incident_ci_coverage",
        sets: &[&[need(Tickets, &["ci"])]],
    },
    Requirement {
        metric: "cmdb.change_ci_coverage",
        sets: &[&[need(Changes, &["ci"])]],
    },
    Requirement {
        metric: "cmdb.referential_integrity",
        sets: &[
            &[need(Cis, &["id"]), need(Tickets, &["ci"])],
            &[need(Cis, &["id"]), need(Changes, &["ci"])],
        ],
    },
    Requirement {
        metric: "cmdb.completeness",
        sets: &[&[
            need(Cis, &["class"]),
            need(Cis, &["status"]),
            need(Cis, &["owner"]),
            need(Cis, &["support_group"]),
        ]],
    },
    Requirement {
        metric: "cmdb.stale_share",
        sets: &[&[
            need(Cis, &["status", "install_status"]),
            need(Cis, &["updated_at", "discovered_at"]),
        ]],
    },
    Requirement {
        metric: "sla.attainment",
        sets: &[
            &[need(Tickets, &["sla_met"])],
            &[need(Tickets, RESOLVED), need(Tickets, &["priority"])],
        ],
    },
    Requirement {
        metric: "workforce.resolver_churn",
        sets: &[&[need(Tickets, RESOLVED), need(Tickets, &["resolver"])]],
    },
    Requirement {
        metric: "workforce.resolution_concentration",
        sets: &[&[need(Tickets, RESOLVED), need(Tickets, &["resolver"])]],
    },
    Requirement {
        metric: "workforce.reactive_share",
        sets: &[&[need(Tickets, &["opened_at"]), need(Changes, &["id"])]],
    },
];

/// What one file's columns allow.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileMetrics {
    /// Metrics this file alone gives.
    pub allowed: Vec<String>,
    /// Metrics this file gives with another export: metric -> what else.
    pub with_other_exports: BTreeMap<String, String>,
    /// Metrics of this file's table that its columns do not allow: metric -> what is missing.
    pub missing: BTreeMap<String, String>,
}

fn has(fields: &BTreeSet<String>, n: &Need) -> bool {
    n.any_of.iter().any(|f| fields.contains(*f))
}

fn describe(n: &Need) -> String {
    n.any_of.join(" or ")
}

/// The metrics a file of `kind` with these canonical fields allows.
pub fn for_file(kind: TableKind, fields: &BTreeSet<String>) -> FileMetrics {
    let mut out = FileMetrics::default();
    let Some(table) = Table::of(kind) else {
        return out;
    };
    for r in REQUIREMENTS {
        let relevant = |set: &[Need]| set.iter().any(|n| n.table == table);
        if !r.sets.iter().any(|s| relevant(s)) {
            continue;
        }
        let met_here = |set: &[Need]| {
            set.iter()
                .filter(|n| n.table == table)
                .all(|n| has(fields, n))
        };
        let alone = r
            .sets
            .iter()
            .find(|s| relevant(s) && met_here(s) && s.iter().all(|n| n.table == table));
        if alone.is_some() {
            out.allowed.push(r.metric.to_string());
            continue;
        }
        if let Some(set) = r.sets.iter().find(|s| relevant(s) && met_here(s)) {
            let others: Vec<String> = set
                .iter()
                .filter(|n| n.table != table)
                .map(|n| {
                    let name = n.table.name();
                    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                    format!("{article} {name} export with {}", describe(n))
                })
                .collect();
            out.with_other_exports
                .insert(r.metric.to_string(), others.join(" and "));
            continue;
        }
        // The set missing the fewest fields of this table names what to map.
        let missing = r
            .sets
            .iter()
            .filter(|s| relevant(s))
            .map(|s| {
                s.iter()
                    .filter(|n| n.table == table && !has(fields, n))
                    .map(describe)
                    .collect::<Vec<_>>()
            })
            .min_by_key(Vec::len)
            .unwrap_or_default();
        out.missing.insert(
            r.metric.to_string(),
            format!("needs {}", missing.join(", ")),
        );
    }
    out
}

/// The table of `docs/metrics.md`: each metric and the fields it needs.
pub fn markdown_table() -> String {
    let mut out = String::from("| metric | needs |\n|---|---|\n");
    for r in REQUIREMENTS {
        let sets: Vec<String> = r
            .sets
            .iter()
            .map(|s| {
                s.iter()
                    .map(|n| format!("{}: {}", n.table.name(), describe(n)))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect();
        out.push_str(&format!(
            "| `{}` | {} |\n",
            r.metric,
            sets.join("; **or** ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::fields_of;
    use crate::metrics::catalog::METRIC_IDS;

    fn fields(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_metric_has_a_requirement_naming_real_fields() {
        for id in METRIC_IDS {
            assert!(
                REQUIREMENTS
                    .iter()
                    .any(|r| r.metric.split(' ').next() == Some(*id)),
                "{id}"
            );
        }
        for r in REQUIREMENTS {
            for set in r.sets {
                for n in *set {
                    let kind = match n.table {
                        Table::Tickets => TableKind::Incidents,
                        Table::Changes => TableKind::Changes,
                        Table::Cis => TableKind::Cis,
                    };
                    for f in n.any_of {
                        assert!(
                            fields_of(kind).iter().any(|s| s.name == *f),
                            "{}: {f}",
                            r.metric
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_change_export_without_opened_time_allows_failure_and_emergency() {
        let m = for_file(
            TableKind::Changes,
            &fields(&["id", "outcome", "type", "actual_end", "closed_at"]),
        );
        assert!(
            m.allowed
                .contains(&"change.failure_rate explicit".to_string())
        );
        assert!(m.allowed.contains(&"change.emergency_share".to_string()));
        assert_eq!(
            m.missing.get("change.lead_time_hours").map(String::as_str),
            Some("needs opened_at")
        );
        assert!(m.missing.contains_key("cmdb.change_ci_coverage"));
        assert!(
            m.with_other_exports
                .contains_key("workforce.reactive_share")
        );
    }

    #[test]
    fn the_docs_carry_the_rendered_table() {
        let docs = include_str!("../../docs/metrics.md");
        assert!(
            docs.contains(&markdown_table()),
            "docs/metrics.md must contain the table markdown_table() renders:\n{}",
            markdown_table()
        );
    }
}
