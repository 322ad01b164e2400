//! `truth.json`: the realised value of every metric of the metric definitions
//! that the generated files determine, computed from the rows as they were
//! written (not from the knobs), with bounded memory.

mod changes;
mod cmdb;
mod desk;
mod incidents;
pub mod metric;
mod workforce;

use super::calendar::{self, DateStyle, Ts};
use super::knobs::Knobs;
use super::organisation::{GROUPS, OUTLIER_GROUP};
use super::profile::Profile;
use super::rows::{ChangeRow, CiRow, IncidentRow, RequestRow};
use super::survey::{DISCIPLINES, SurveyTally};
use super::writer::Written;
use crate::error::{Error, Result};
use crate::maturity::estimates::QUESTIONS;
use metric::{Metric, MonthValue, count, hours_quantile, rate};
use serde::Serialize;
use std::collections::BTreeMap;

pub use changes::{INFERRED_HOURS, INFERRED_PRIORITY};
pub use cmdb::STALE_DAYS;
pub use incidents::{
    AGED_DAYS, CLUSTER_MIN, CLUSTER_WINDOW_DAYS, REASSIGNMENT_THRESHOLD, REPEAT_WINDOW_DAYS,
};

/// Everything counted while the files are written.
pub struct Truth {
    profile: Profile,
    latest: Option<Ts>,
    incidents: incidents::Incidents,
    changes: changes::Changes,
    desk: desk::Desk,
    cmdb: cmdb::Cmdb,
    workforce: workforce::Workforce,
    survey: Option<SurveyTally>,
}

#[derive(Debug, Serialize)]
pub struct Window {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct Parameters {
    pub repeat_window_days: i64,
    pub repeat_key: &'static str,
    pub reassignment_threshold: u32,
    pub repeat_cluster_min_incidents: usize,
    pub repeat_cluster_window_days: i64,
    pub repeat_cluster_unit: &'static str,
    pub inferred_failure_max_priority: u8,
    pub inferred_failure_window_hours: i64,
    pub aged_backlog_days: i64,
    pub stale_days: i64,
    pub quantiles: &'static str,
    pub survey_unit: &'static str,
    pub survey_sd: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RoleScore {
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub n: u64,
}

#[derive(Debug, Serialize)]
pub struct SurveyDiscipline {
    pub discipline: &'static str,
    pub telemetry: bool,
    pub leadership: RoleScore,
    pub practitioner: RoleScore,
    pub all: RoleScore,
    pub perception_gap: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct SurveyTruth {
    pub respondents: u64,
    pub disciplines: Vec<SurveyDiscipline>,
}

/// One role's estimates of one metric, as the files hold them (a band read
/// as its midpoint).
#[derive(Debug, Serialize)]
pub struct CalibrationTruth {
    pub metric: &'static str,
    pub variant: Option<&'static str>,
    pub role: &'static str,
    /// Mean estimate as a fraction 0..1.
    pub mean_estimate: f64,
    pub n: u64,
}

#[derive(Debug, Serialize)]
pub struct NotCarried {
    pub id: &'static str,
    pub variant: Option<&'static str>,
    pub reason: String,
}

/// A team planted with a figure far from the rest (`outlier_team_reopen_factor`).
#[derive(Debug, Clone, Serialize)]
pub struct OutlierTeam {
    pub assignment_group: &'static str,
    pub metric: &'static str,
}

/// The organisation behind the files, as planted (not a metric).
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub assignment_groups: usize,
    pub resolvers_at_start: usize,
    pub resolvers_joined: usize,
    pub cis_in_cmdb: usize,
    pub cis_missing_from_cmdb: usize,
    pub noisy_cis: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TruthDoc {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub profile: Profile,
    pub seed: u64,
    pub knobs: Knobs,
    pub organisation: Organisation,
    /// The planted outlier team; absent when no team was planted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlier_team: Option<OutlierTeam>,
    pub as_of: String,
    pub window: Window,
    pub parameters: Parameters,
    pub files: Vec<Written>,
    pub metrics: Vec<Metric>,
    pub not_carried: Vec<NotCarried>,
    pub survey: Option<SurveyTruth>,
    pub calibration: Vec<CalibrationTruth>,
}

fn iso(ts: Ts) -> String {
    calendar::format(ts, DateStyle::T)
}

impl Truth {
    /// `last_day` and `end`: the start of the window's last day and the export moment.
    pub fn new(profile: Profile, universe: usize, resolvers: usize, last_day: Ts, end: Ts) -> Self {
        Truth {
            profile,
            latest: None,
            incidents: incidents::Incidents::new(universe),
            changes: changes::Changes::default(),
            desk: desk::Desk::default(),
            cmdb: cmdb::Cmdb::new(universe),
            workforce: workforce::Workforce::new(resolvers, last_day, end),
            survey: None,
        }
    }

    fn seen(&mut self, t: Option<Ts>) {
        if let Some(t) = t {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
    }

    pub fn incident(&mut self, r: &IncidentRow) -> Result<()> {
        if self.incidents.from.is_some_and(|f| r.opened < f) {
            return Err(Error::Internal(format!(
                "incident {} opens before the first incident",
                r.seq
            )));
        }
        for t in [Some(r.opened), r.resolved, r.closed, Some(r.updated)] {
            self.seen(t);
        }
        self.workforce.start(r.opened);
        self.incidents.add(r)?;
        self.changes.on_incident(r)?;
        self.desk.ticket(r.opened, r.channel);
        self.cmdb.reference(r.ci);
        if let (Some(t), Some(who)) = (r.resolved, r.resolver) {
            self.workforce.resolution(who, t);
        }
        Ok(())
    }

    pub fn request(&mut self, r: &RequestRow) {
        for t in [Some(r.opened), r.closed, Some(r.updated)] {
            self.seen(t);
        }
        self.desk.request(r.opened, r.channel);
    }

    pub fn change(&mut self, r: &ChangeRow) -> Result<()> {
        for t in [
            Some(r.opened),
            r.planned_start,
            r.planned_end,
            r.actual_start,
            r.actual_end,
            r.closed,
        ] {
            self.seen(t);
        }
        self.cmdb.reference(r.ci);
        self.changes.add(r)
    }

    pub fn ci(&mut self, r: &CiRow) {
        self.seen(Some(r.updated));
        self.seen(r.discovered);
        self.cmdb.ci(r);
    }

    /// What the calibration questions ask about, as realised so far (out of
    /// 100): the figures people in the organisation live with, which their
    /// estimates scatter around. A figure with no denominator is left out.
    pub fn realised_percent(&self) -> BTreeMap<&'static str, f64> {
        let inc = &self.incidents;
        let mut pairs: Vec<(&'static str, u64, u64)> = vec![
            ("incident.repeat_rate", inc.repeats, inc.ci_named),
            ("incident.reopen_rate", inc.reopened, inc.resolved),
            ("desk.first_contact_resolution", inc.fcr, inc.fcr_known),
            ("sla.attainment", inc.sla_met, inc.sla_known),
            ("knowledge.use_rate", inc.knowledge_used, inc.resolved),
        ];
        let (k, n) = self.desk.self_service_counts();
        pairs.push(("desk.self_service_share", k, n));
        if let (Some(from), Some(to)) = (inc.from, inc.to) {
            let ch = self.changes.counts(from, to);
            pairs.push(("change.failure_rate", ch.failed_explicit, ch.completed));
        }
        pairs
            .into_iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(id, k, n)| (id, 100.0 * k as f64 / n as f64))
            .collect()
    }

    pub fn survey(&mut self, tally: SurveyTally, latest: Option<Ts>) {
        self.seen(latest);
        self.survey = Some(tally);
    }

    pub fn finish(
        mut self,
        seed: u64,
        knobs: &Knobs,
        organisation: Organisation,
        files: Vec<Written>,
    ) -> Result<TruthDoc> {
        let (Some(from), Some(to), Some(as_of)) =
            (self.incidents.from, self.incidents.to, self.latest)
        else {
            return Err(Error::Internal("no incident was written".into()));
        };
        if let Some((a, b)) = self.desk.request_span
            && (a < from || b > to)
        {
            return Err(Error::Internal(
                "a request opens outside the incident window".into(),
            ));
        }
        let mut m: Vec<Metric> = Vec::new();
        let mut not_carried: Vec<NotCarried> = Vec::new();
        let carries = self.profile.carries_incident_flags();
        let why = |what: &str| format!("the {} profile has no {what} column", self.profile.name());
        let inc = &self.incidents;

        // Incident management.
        let mut volume = count("incident.volume", None, inc.count);
        volume.by_month = Some(
            inc.by_month
                .iter()
                .map(|(k, n)| MonthValue {
                    month: calendar::month_label(*k),
                    value: Some(*n as f64),
                    numerator: None,
                    denominator: None,
                })
                .collect(),
        );
        m.push(volume);
        let mut all: Vec<u32> = inc.durations.iter().flatten().copied().collect();
        all.sort_unstable();
        m.push(hours_quantile(
            "incident.mttr_hours",
            "median".into(),
            &all,
            0.5,
        ));
        m.push(hours_quantile(
            "incident.mttr_hours",
            "p90".into(),
            &all,
            0.9,
        ));
        drop(all);
        for (i, d) in inc.durations.iter().enumerate() {
            let mut sorted = d.clone();
            sorted.sort_unstable();
            let p = i + 1;
            m.push(hours_quantile(
                "incident.mttr_hours",
                format!("median/P{p}"),
                &sorted,
                0.5,
            ));
            m.push(hours_quantile(
                "incident.mttr_hours",
                format!("p90/P{p}"),
                &sorted,
                0.9,
            ));
        }
        m.push(rate(
            "incident.reopen_rate",
            None,
            inc.reopened,
            inc.resolved,
        ));
        if carries {
            m.push(rate(
                "incident.reassignment_rate",
                None,
                inc.ping_pong,
                inc.reassignment_known,
            ));
        } else {
            not_carried.push(NotCarried {
                id: "incident.reassignment_rate",
                variant: None,
                reason: why("reassignment count"),
            });
        }
        m.push(rate(
            "incident.repeat_rate",
            None,
            inc.repeats,
            inc.ci_named,
        ));
        m.push(rate("incident.major_share", None, inc.major, inc.count));
        m.push(count(
            "incident.aged_backlog",
            None,
            inc.aged_backlog(as_of),
        ));

        // Problem management.
        if carries {
            let (linked, clusters) = inc.clusters();
            m.push(rate(
                "problem.repeat_clusters_addressed",
                None,
                linked,
                clusters,
            ));
            m.push(rate(
                "problem.incident_link_rate",
                None,
                inc.problem_linked,
                inc.count,
            ));
        } else {
            for id in [
                "problem.repeat_clusters_addressed",
                "problem.incident_link_rate",
            ] {
                not_carried.push(NotCarried {
                    id,
                    variant: None,
                    reason: why("problem"),
                });
            }
        }

        // Change enablement.
        let ch = self.changes.counts(from, to);
        m.push(rate(
            "change.failure_rate",
            Some("explicit"),
            ch.failed_explicit,
            ch.completed,
        ));
        m.push(rate(
            "change.failure_rate",
            Some("inferred"),
            ch.failed_inferred,
            ch.completed,
        ));
        m.push(rate(
            "change.emergency_share",
            None,
            ch.emergency,
            ch.changes,
        ));
        if carries {
            m.push(rate(
                "change.induced_incident_share",
                None,
                inc.induced,
                inc.count,
            ));
        } else {
            not_carried.push(NotCarried {
                id: "change.induced_incident_share",
                variant: None,
                reason: why("caused-by"),
            });
        }
        m.push(hours_quantile(
            "change.lead_time_hours",
            "median".into(),
            &ch.lead_secs,
            0.5,
        ));
        m.push(hours_quantile(
            "change.lead_time_hours",
            "p90".into(),
            &ch.lead_secs,
            0.9,
        ));

        // Service desk and self-service.
        m.extend(self.desk.metrics());
        if carries {
            m.push(rate(
                "desk.first_contact_resolution",
                None,
                inc.fcr,
                inc.fcr_known,
            ));
            m.push(rate(
                "knowledge.use_rate",
                None,
                inc.knowledge_used,
                inc.resolved,
            ));
        } else {
            not_carried.push(NotCarried {
                id: "desk.first_contact_resolution",
                variant: None,
                reason: why("reassignment count"),
            });
            not_carried.push(NotCarried {
                id: "knowledge.use_rate",
                variant: None,
                reason: why("knowledge"),
            });
        }

        // CMDB.
        m.push(rate(
            "cmdb.incident_ci_coverage",
            None,
            inc.ci_named,
            inc.count,
        ));
        m.push(rate(
            "cmdb.change_ci_coverage",
            None,
            ch.with_ci,
            ch.changes,
        ));
        if self.cmdb.written {
            let (found, referenced) = self.cmdb.integrity();
            m.push(rate("cmdb.referential_integrity", None, found, referenced));
            m.push(rate(
                "cmdb.completeness",
                None,
                self.cmdb.complete,
                self.cmdb.cis,
            ));
            let (stale, operational) = self.cmdb.stale(as_of);
            m.push(rate("cmdb.stale_share", None, stale, operational));
        } else {
            for id in [
                "cmdb.referential_integrity",
                "cmdb.completeness",
                "cmdb.stale_share",
            ] {
                not_carried.push(NotCarried {
                    id,
                    variant: None,
                    reason: format!("the {} profile writes no CMDB export", self.profile.name()),
                });
            }
        }

        // Service level management.
        if carries {
            m.push(rate("sla.attainment", None, inc.sla_met, inc.sla_known));
        } else {
            not_carried.push(NotCarried {
                id: "sla.attainment",
                variant: None,
                reason: format!(
                    "{}; the SLA result would have to be derived from resolution targets",
                    why("SLA met")
                ),
            });
        }

        // Workforce.
        let churn = self.workforce.churn(from, to);
        m.push(rate(
            "workforce.resolver_churn",
            None,
            churn.left,
            churn.active_first,
        ));
        let (top, resolutions) = self.workforce.concentration();
        m.push(rate(
            "workforce.resolution_concentration",
            None,
            top,
            resolutions,
        ));
        let inc_count = self.incidents.count;
        m.push(rate(
            "workforce.reactive_share",
            None,
            inc_count,
            inc_count + ch.changes,
        ));

        if self.changes.len() as u64 != ch.changes {
            return Err(Error::Internal(
                "a change opens outside the incident window".into(),
            ));
        }

        let survey = self.survey.as_ref().map(survey_truth);
        let calibration = self
            .survey
            .as_ref()
            .map(calibration_truth)
            .unwrap_or_default();
        Ok(TruthDoc {
            schema_version: 1,
            tool_version: crate::VERSION,
            profile: self.profile,
            seed,
            knobs: Knobs {
                requests: Some(knobs.request_count()),
                ..knobs.clone()
            },
            organisation,
            outlier_team: (knobs.outlier_team_reopen_factor != 1.0).then(|| OutlierTeam {
                assignment_group: GROUPS[OUTLIER_GROUP as usize].0,
                metric: "incident.reopen_rate",
            }),
            as_of: iso(as_of),
            window: Window {
                from: iso(from),
                to: iso(to),
            },
            parameters: Parameters {
                repeat_window_days: REPEAT_WINDOW_DAYS,
                repeat_key: "ci",
                reassignment_threshold: REASSIGNMENT_THRESHOLD,
                repeat_cluster_min_incidents: CLUSTER_MIN,
                repeat_cluster_window_days: CLUSTER_WINDOW_DAYS,
                repeat_cluster_unit: "ci",
                inferred_failure_max_priority: INFERRED_PRIORITY,
                inferred_failure_window_hours: INFERRED_HOURS,
                aged_backlog_days: AGED_DAYS,
                stale_days: STALE_DAYS,
                quantiles: "linear",
                survey_unit: "answer (one row of the long form)",
                survey_sd: "sample (n - 1)",
            },
            files,
            metrics: m,
            not_carried,
            survey,
            calibration,
        })
    }
}

fn role_score((n, sum, sumsq): (u64, u64, u64)) -> RoleScore {
    if n == 0 {
        return RoleScore {
            mean: None,
            sd: None,
            n,
        };
    }
    let mean = sum as f64 / n as f64;
    let sd = (n > 1).then(|| {
        // Exact integer sums: sum of squared deviations = sumsq - sum^2 / n.
        let ss = (sumsq as f64 * n as f64 - (sum as f64) * (sum as f64)) / n as f64;
        libm::sqrt((ss / (n - 1) as f64).max(0.0))
    });
    RoleScore {
        mean: Some(mean),
        sd,
        n,
    }
}

fn calibration_truth(t: &SurveyTally) -> Vec<CalibrationTruth> {
    let mut out = Vec::new();
    for (q, roles) in QUESTIONS.iter().zip(&t.estimates) {
        for (role, (n, sum)) in ["leadership", "practitioner"].into_iter().zip(roles) {
            if *n > 0 {
                out.push(CalibrationTruth {
                    metric: q.metric,
                    variant: q.variant,
                    role,
                    // As the tool computes it: the sum out of 100, divided last.
                    mean_estimate: sum / *n as f64 / 100.0,
                    n: *n,
                });
            }
        }
    }
    out
}

fn survey_truth(t: &SurveyTally) -> SurveyTruth {
    let disciplines = DISCIPLINES
        .iter()
        .zip(&t.stats)
        .map(|(d, [lead, prac])| {
            let all = (lead.0 + prac.0, lead.1 + prac.1, lead.2 + prac.2);
            let leadership = role_score(*lead);
            let practitioner = role_score(*prac);
            let perception_gap = match (leadership.mean, practitioner.mean) {
                (Some(a), Some(b)) => Some(a - b),
                _ => None,
            };
            SurveyDiscipline {
                discipline: d.name,
                telemetry: d.telemetry,
                leadership,
                practitioner,
                all: role_score(all),
                perception_gap,
            }
        })
        .collect();
    SurveyTruth {
        respondents: t.respondents,
        disciplines,
    }
}
