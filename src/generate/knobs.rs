//! The knobs of the simulated organisation, their defaults, and how a user
//! changes one (`--set name=value`). Every knob is written into `truth.json`.

use super::calendar;
use crate::error::{Error, Result};
use serde::Serialize;

/// Which way the self-service share moves from month to month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Improving,
    Worsening,
    Flat,
}

impl Trend {
    pub fn parse(text: &str) -> Option<Trend> {
        match text.trim().to_ascii_lowercase().as_str() {
            "improving" | "up" => Some(Trend::Improving),
            "worsening" | "down" => Some(Trend::Worsening),
            "flat" | "none" => Some(Trend::Flat),
            _ => None,
        }
    }

    pub fn sign(self) -> f64 {
        match self {
            Trend::Improving => 1.0,
            Trend::Worsening => -1.0,
            Trend::Flat => 0.0,
        }
    }
}

/// Everything that shapes the organisation. Shares are fractions 0..1.
#[derive(Debug, Clone, Serialize)]
pub struct Knobs {
    // Scale.
    pub incidents: u64,
    /// Service requests; by default 40 % of the incident count.
    pub requests: Option<u64>,
    pub changes: u64,
    pub cis: u64,
    pub respondents: u64,
    pub months: u32,
    /// First day of the window, `YYYY-MM-DD`.
    pub start: String,
    /// Resolvers at the start; 0 means about sqrt(incidents) / 2.
    pub resolvers: u64,

    // Incidents.
    /// Shares of priorities 1..5 (normalised).
    pub priority_shares: [f64; 5],
    /// Median resolution time per priority 1..5, hours (log-normal).
    pub mttr_median_hours: [f64; 5],
    /// Shape of the log-normal resolution times (sigma of the log).
    pub mttr_sigma: f64,
    /// Incidents left unresolved (on hold) for good: the aged backlog.
    pub stuck_share: f64,
    /// Incidents cancelled: closed without being resolved.
    pub cancelled_incident_share: f64,
    pub reassignment_rate: f64,
    pub reopen_rate: f64,
    /// The reopen rate of one assignment group (`organisation::OUTLIER_GROUP`)
    /// as a multiple of `reopen_rate`: a team beyond chance to be found.
    pub outlier_team_reopen_factor: f64,
    pub sla_met_rate: f64,
    pub knowledge_use_rate: f64,

    // Channels.
    /// Incidents raised by monitoring events rather than people.
    pub monitoring_share: f64,
    /// Self-service share of people-raised tickets in the first month.
    pub self_service_start: f64,
    pub self_service_trend: Trend,
    /// Change of the self-service share per month (points of share).
    pub self_service_step: f64,
    /// Share of self-service contacts made through the virtual agent (rest: portal).
    pub virtual_agent_share: f64,

    // Configuration items, repeats and problems.
    pub ci_coverage: f64,
    /// Share of CI references that name a CI missing from the CMDB.
    pub unknown_ci_share: f64,
    /// Share of CIs that are noisy.
    pub noisy_ci_share: f64,
    /// Share of incident load carried by the noisy CIs.
    pub noisy_ci_load: f64,
    /// Chance that an incident starts a burst of repeats on its CI.
    pub burst_rate: f64,
    pub burst_span_days: f64,
    /// Share of repeat clusters (CIs) whose incidents are linked to a problem.
    pub problem_addressed_share: f64,

    // Changes.
    pub emergency_share: f64,
    pub standard_share: f64,
    pub change_cancel_share: f64,
    /// Completed changes that fail (coded in the close code or linked from an incident).
    pub change_failure_rate: f64,
    /// Share of failures coded as Unsuccessful / Backed Out (the rest only linked).
    pub coded_failure_share: f64,
    /// Completed changes followed by an unlinked priority 1-2 incident on the CI within 48 h.
    pub hidden_failure_rate: f64,
    pub change_ci_coverage: f64,

    // Workforce.
    /// Share of the starting resolvers who leave mid-window.
    pub resolver_churn: f64,
    /// Share of resolutions aimed at the top 10 % of resolvers.
    pub resolution_concentration: f64,

    // CMDB.
    pub cmdb_completeness: f64,
    pub cmdb_stale_share: f64,
    pub operational_share: f64,

    // Survey.
    pub leadership_share: f64,
    /// Points (1-5 scale) by which leadership scores each discipline above practitioners.
    pub perception_gap: f64,
    /// How far leaders' estimates of a figure move from its realised value
    /// toward the ideal (0 % of failures, 100 % of SLAs met): 0 calibrated, 1 perfect.
    pub leadership_optimism: f64,
    /// The same for practitioners.
    pub practitioner_optimism: f64,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            incidents: 20_000,
            requests: None,
            changes: 2_000,
            cis: 3_000,
            respondents: 40,
            months: 12,
            start: "2025-01-01".into(),
            resolvers: 0,
            priority_shares: [0.01, 0.07, 0.42, 0.45, 0.05],
            mttr_median_hours: [3.0, 8.0, 20.0, 40.0, 90.0],
            mttr_sigma: 1.1,
            stuck_share: 0.012,
            cancelled_incident_share: 0.006,
            reassignment_rate: 0.12,
            reopen_rate: 0.06,
            outlier_team_reopen_factor: 1.0,
            sla_met_rate: 0.86,
            knowledge_use_rate: 0.18,
            monitoring_share: 0.12,
            self_service_start: 0.30,
            self_service_trend: Trend::Improving,
            self_service_step: 0.015,
            virtual_agent_share: 0.3,
            ci_coverage: 0.85,
            unknown_ci_share: 0.05,
            noisy_ci_share: 0.01,
            noisy_ci_load: 0.12,
            burst_rate: 0.02,
            burst_span_days: 21.0,
            problem_addressed_share: 0.35,
            emergency_share: 0.08,
            standard_share: 0.5,
            change_cancel_share: 0.05,
            change_failure_rate: 0.12,
            coded_failure_share: 0.7,
            hidden_failure_rate: 0.06,
            change_ci_coverage: 0.93,
            resolver_churn: 0.25,
            resolution_concentration: 0.4,
            cmdb_completeness: 0.7,
            cmdb_stale_share: 0.25,
            operational_share: 0.9,
            leadership_share: 0.3,
            perception_gap: 0.9,
            leadership_optimism: 0.4,
            practitioner_optimism: 0.0,
        }
    }
}

/// The knobs `--set` accepts, for messages and documentation.
pub const NAMES: &[&str] = &[
    "incidents",
    "requests",
    "changes",
    "cis",
    "respondents",
    "months",
    "start",
    "resolvers",
    "priority_shares",
    "mttr_median_hours",
    "mttr_sigma",
    "stuck_share",
    "cancelled_incident_share",
    "reassignment_rate",
    "reopen_rate",
    "outlier_team_reopen_factor",
    "sla_met_rate",
    "knowledge_use_rate",
    "monitoring_share",
    "self_service_start",
    "self_service_trend",
    "self_service_step",
    "virtual_agent_share",
    "ci_coverage",
    "unknown_ci_share",
    "noisy_ci_share",
    "noisy_ci_load",
    "burst_rate",
    "burst_span_days",
    "problem_addressed_share",
    "emergency_share",
    "standard_share",
    "change_cancel_share",
    "change_failure_rate",
    "coded_failure_share",
    "hidden_failure_rate",
    "change_ci_coverage",
    "resolver_churn",
    "resolution_concentration",
    "cmdb_completeness",
    "cmdb_stale_share",
    "operational_share",
    "leadership_share",
    "perception_gap",
    "leadership_optimism",
    "practitioner_optimism",
];

fn bad(name: &str, value: &str, want: &str) -> Error {
    Error::Usage(format!("--set {name}={value}: expected {want}"))
}

fn number(name: &str, value: &str) -> Result<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| bad(name, value, "a number"))
}

fn count(name: &str, value: &str) -> Result<u64> {
    value
        .trim()
        .replace('_', "")
        .parse::<u64>()
        .map_err(|_| bad(name, value, "a whole number"))
}

fn five(name: &str, value: &str) -> Result<[f64; 5]> {
    let parts: Vec<&str> = value.split(',').collect();
    if parts.len() != 5 {
        return Err(bad(
            name,
            value,
            "five comma-separated numbers (priority 1..5)",
        ));
    }
    let mut out = [0.0; 5];
    for (o, p) in out.iter_mut().zip(parts) {
        *o = number(name, p)?;
    }
    Ok(out)
}

impl Knobs {
    /// Applies one `name=value` pair.
    pub fn set(&mut self, pair: &str) -> Result<()> {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            Error::Usage(format!(
                "--set {pair}: expected NAME=VALUE, for example --set change_failure_rate=0.2"
            ))
        })?;
        let name = name.trim();
        let value = value.trim();
        let n = || number(name, value);
        match name {
            "incidents" => self.incidents = count(name, value)?,
            "requests" => self.requests = Some(count(name, value)?),
            "changes" => self.changes = count(name, value)?,
            "cis" => self.cis = count(name, value)?,
            "respondents" => self.respondents = count(name, value)?,
            "months" => {
                self.months =
                    u32::try_from(count(name, value)?).map_err(|_| bad(name, value, "1..120"))?
            }
            "start" => self.start = value.to_string(),
            "resolvers" => self.resolvers = count(name, value)?,
            "priority_shares" => self.priority_shares = five(name, value)?,
            "mttr_median_hours" => self.mttr_median_hours = five(name, value)?,
            "mttr_sigma" => self.mttr_sigma = n()?,
            "stuck_share" => self.stuck_share = n()?,
            "cancelled_incident_share" => self.cancelled_incident_share = n()?,
            "reassignment_rate" => self.reassignment_rate = n()?,
            "reopen_rate" => self.reopen_rate = n()?,
            "outlier_team_reopen_factor" => self.outlier_team_reopen_factor = n()?,
            "sla_met_rate" => self.sla_met_rate = n()?,
            "knowledge_use_rate" => self.knowledge_use_rate = n()?,
            "monitoring_share" => self.monitoring_share = n()?,
            "self_service_start" => self.self_service_start = n()?,
            "self_service_trend" => {
                self.self_service_trend = Trend::parse(value)
                    .ok_or_else(|| bad(name, value, "improving, worsening or flat"))?
            }
            "self_service_step" => self.self_service_step = n()?,
            "virtual_agent_share" => self.virtual_agent_share = n()?,
            "ci_coverage" => self.ci_coverage = n()?,
            "unknown_ci_share" => self.unknown_ci_share = n()?,
            "noisy_ci_share" => self.noisy_ci_share = n()?,
            "noisy_ci_load" => self.noisy_ci_load = n()?,
            "burst_rate" => self.burst_rate = n()?,
            "burst_span_days" => self.burst_span_days = n()?,
            "problem_addressed_share" => self.problem_addressed_share = n()?,
            "emergency_share" => self.emergency_share = n()?,
            "standard_share" => self.standard_share = n()?,
            "change_cancel_share" => self.change_cancel_share = n()?,
            "change_failure_rate" => self.change_failure_rate = n()?,
            "coded_failure_share" => self.coded_failure_share = n()?,
            "hidden_failure_rate" => self.hidden_failure_rate = n()?,
            "change_ci_coverage" => self.change_ci_coverage = n()?,
            "resolver_churn" => self.resolver_churn = n()?,
            "resolution_concentration" => self.resolution_concentration = n()?,
            "cmdb_completeness" => self.cmdb_completeness = n()?,
            "cmdb_stale_share" => self.cmdb_stale_share = n()?,
            "operational_share" => self.operational_share = n()?,
            "leadership_share" => self.leadership_share = n()?,
            "perception_gap" => self.perception_gap = n()?,
            "leadership_optimism" => self.leadership_optimism = n()?,
            "practitioner_optimism" => self.practitioner_optimism = n()?,
            other => {
                return Err(Error::Usage(format!(
                    "--set {other}: no such knob; knobs are {}",
                    NAMES.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The number of service requests.
    pub fn request_count(&self) -> u64 {
        self.requests.unwrap_or(self.incidents * 2 / 5)
    }

    /// The first day of the window as a day number.
    pub fn start_day(&self) -> Result<i64> {
        calendar::parse_date(&self.start).ok_or_else(|| {
            Error::Usage(format!(
                "start `{}`: expected a date YYYY-MM-DD",
                self.start
            ))
        })
    }

    /// Refuses settings that cannot make an organisation, naming the knob.
    pub fn validate(&self) -> Result<()> {
        self.start_day()?;
        let limit = |name: &str, ok: bool, want: &str| -> Result<()> {
            if ok {
                Ok(())
            } else {
                Err(Error::Usage(format!("knob {name}: expected {want}")))
            }
        };
        limit(
            "incidents",
            (2..=1_000_000_000).contains(&self.incidents),
            "2 to 10^9 (the window is the span of the incidents)",
        )?;
        limit(
            "requests",
            self.request_count() <= 1_000_000_000,
            "at most 10^9",
        )?;
        limit("changes", self.changes <= 100_000_000, "at most 10^8")?;
        limit("cis", (1..=1_000_000).contains(&self.cis), "1 to 10^6")?;
        limit("respondents", self.respondents <= 100_000, "at most 100000")?;
        limit("months", (1..=120).contains(&self.months), "1 to 120")?;
        limit(
            "resolvers",
            self.resolvers <= 10_000,
            "at most 10000 (0: automatic)",
        )?;
        let shares = [
            ("stuck_share", self.stuck_share),
            ("cancelled_incident_share", self.cancelled_incident_share),
            ("reassignment_rate", self.reassignment_rate),
            ("reopen_rate", self.reopen_rate),
            ("sla_met_rate", self.sla_met_rate),
            ("knowledge_use_rate", self.knowledge_use_rate),
            ("monitoring_share", self.monitoring_share),
            ("self_service_start", self.self_service_start),
            ("self_service_step", self.self_service_step),
            ("virtual_agent_share", self.virtual_agent_share),
            ("ci_coverage", self.ci_coverage),
            ("unknown_ci_share", self.unknown_ci_share),
            ("noisy_ci_share", self.noisy_ci_share),
            ("noisy_ci_load", self.noisy_ci_load),
            ("burst_rate", self.burst_rate),
            ("problem_addressed_share", self.problem_addressed_share),
            ("emergency_share", self.emergency_share),
            ("standard_share", self.standard_share),
            ("change_cancel_share", self.change_cancel_share),
            ("change_failure_rate", self.change_failure_rate),
            ("coded_failure_share", self.coded_failure_share),
            ("hidden_failure_rate", self.hidden_failure_rate),
            ("change_ci_coverage", self.change_ci_coverage),
            ("resolver_churn", self.resolver_churn),
            ("resolution_concentration", self.resolution_concentration),
            ("cmdb_completeness", self.cmdb_completeness),
            ("cmdb_stale_share", self.cmdb_stale_share),
            ("operational_share", self.operational_share),
            ("leadership_share", self.leadership_share),
            ("leadership_optimism", self.leadership_optimism),
            ("practitioner_optimism", self.practitioner_optimism),
        ];
        for (name, v) in shares {
            limit(name, (0.0..=1.0).contains(&v), "a share from 0 to 1")?;
        }
        limit(
            "outlier_team_reopen_factor",
            self.outlier_team_reopen_factor >= 0.0
                && self.reopen_rate * self.outlier_team_reopen_factor <= 1.0,
            "a factor of at least 0 that keeps reopen_rate times it at most 1",
        )?;
        limit(
            "stuck_share + cancelled_incident_share",
            self.stuck_share + self.cancelled_incident_share <= 1.0,
            "at most 1",
        )?;
        limit(
            "emergency_share + standard_share",
            self.emergency_share + self.standard_share <= 1.0,
            "at most 1",
        )?;
        limit(
            "change_failure_rate + hidden_failure_rate",
            self.change_failure_rate + self.hidden_failure_rate < 1.0,
            "below 1",
        )?;
        for (name, v) in [
            ("resolution_concentration", self.resolution_concentration),
            ("noisy_ci_load", self.noisy_ci_load),
            ("unknown_ci_share", self.unknown_ci_share),
        ] {
            limit(name, v < 1.0, "below 1")?;
        }
        limit(
            "priority_shares",
            self.priority_shares.iter().all(|s| *s >= 0.0)
                && self.priority_shares.iter().sum::<f64>() > 0.0,
            "five shares, not negative, not all zero",
        )?;
        limit(
            "mttr_median_hours",
            self.mttr_median_hours
                .iter()
                .all(|h| *h > 0.0 && *h <= 10_000.0),
            "five medians between 0 and 10000 hours",
        )?;
        limit(
            "mttr_sigma",
            (0.0..=4.0).contains(&self.mttr_sigma),
            "0 to 4",
        )?;
        limit(
            "burst_span_days",
            (1.0..=365.0).contains(&self.burst_span_days),
            "1 to 365 days",
        )?;
        limit(
            "perception_gap",
            (-4.0..=4.0).contains(&self.perception_gap),
            "-4 to 4 points",
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_every_name_can_be_set() {
        let k = Knobs::default();
        k.validate().expect("defaults");
        let json = serde_json::to_value(&k).expect("json");
        for name in NAMES {
            assert!(json.get(name).is_some(), "{name} is not a field");
        }
        assert_eq!(json.as_object().map(|o| o.len()), Some(NAMES.len()));
    }

    #[test]
    fn set_parses_and_refuses() {
        let mut k = Knobs::default();
        k.set("change_failure_rate=0.3").expect("set");
        assert_eq!(k.change_failure_rate, 0.3);
        k.set("self_service_trend=worsening").expect("set");
        assert_eq!(k.self_service_trend, Trend::Worsening);
        k.set("priority_shares=1,1,1,1,1").expect("set");
        assert_eq!(k.priority_shares, [1.0; 5]);
        assert!(k.set("nonsense=1").is_err());
        assert!(k.set("reopen_rate").is_err());
        assert!(k.set("reopen_rate=x").is_err());
        k.set("reopen_rate=1.5").expect("parsed");
        assert!(k.validate().is_err());
    }
}
