//! Incidents and service requests: priority, channel, CI, team, resolution
//! time and flags of each ticket, and the planted patterns (bursts of repeats
//! on a CI, repeat clusters linked to problem records).

use super::calendar::{DAY, HOUR, Ts};
use super::knobs::Knobs;
use super::organisation::{END_USER, IDENTITY, OUTLIER_GROUP, Org, SERVICE_DESK};
use super::rng::Draw;
use super::rows::{Channel, IncidentRow, IncidentState, RequestRow, RequestState};
use super::truth::CLUSTER_WINDOW_DAYS;
use super::world::World;

/// Why an incident happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// The everyday load.
    Background,
    /// A repeat of an earlier incident on the same CI.
    Burst { ci: u32 },
    /// The consequence of a change: named as its cause (`linked`) or not.
    Change {
        ci: Option<u32>,
        change: u64,
        linked: bool,
        priority: u8,
    },
}

/// An incident due at a time; ordered by time, then by when it was planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Planned {
    pub at: Ts,
    pub seq: u64,
    pub cause: Cause,
}

const NONE: Ts = Ts::MIN;
const NO_CI_CATEGORIES: &[&str] = &["Inquiry / Help", "Software", "Hardware", "Network"];
const ITEMS: &[&str] = &[
    "New laptop",
    "Software installation",
    "Access to shared drive",
    "New starter setup",
    "Mobile phone",
    "Password reset",
    "VPN access",
    "Distribution list change",
    "Second monitor",
    "Application access",
];

#[derive(Debug, Clone, Copy)]
struct CiState {
    prev1: Ts,
    prev2: Ts,
    /// Whether the CI's repeat cluster gets a problem record: 0 undecided, 1 yes, 2 no.
    addressed: u8,
    problem: u32,
}

/// The self-service share of people-raised tickets in month `month`.
pub fn self_service_share(knobs: &Knobs, month: u32) -> f64 {
    let drift = knobs.self_service_trend.sign() * knobs.self_service_step * month as f64;
    (knobs.self_service_start + drift).clamp(0.01, 0.99)
}

fn people_channel(knobs: &Knobs, month: u32, draw: &mut Draw) -> Channel {
    if draw.chance(self_service_share(knobs, month)) {
        if draw.chance(knobs.virtual_agent_share) {
            Channel::VirtualAgent
        } else {
            Channel::Portal
        }
    } else {
        match draw.weighted(&[0.45, 0.30, 0.15, 0.10]) {
            0 => Channel::Phone,
            1 => Channel::Email,
            2 => Channel::Chat,
            _ => Channel::WalkIn,
        }
    }
}

/// Impact and urgency that give the priority in the usual 3x3 matrix.
fn impact_urgency(priority: u8, draw: &mut Draw) -> (u8, u8) {
    let options: &[(u8, u8)] = match priority {
        1 => &[(1, 1)],
        2 => &[(1, 2), (2, 1)],
        3 => &[(1, 3), (2, 2), (3, 1)],
        4 => &[(2, 3), (3, 2)],
        _ => &[(3, 3)],
    };
    *draw.pick(options)
}

pub struct Tickets<'a> {
    knobs: &'a Knobs,
    org: &'a Org,
    world: &'a World,
    ci: Vec<CiState>,
    problems: u32,
    incidents: u64,
    requests: u64,
}

impl<'a> Tickets<'a> {
    pub fn new(knobs: &'a Knobs, org: &'a Org, world: &'a World) -> Self {
        Tickets {
            knobs,
            org,
            world,
            ci: vec![
                CiState {
                    prev1: NONE,
                    prev2: NONE,
                    addressed: 0,
                    problem: 0,
                };
                org.cis.len()
            ],
            problems: 0,
            incidents: 0,
            requests: 0,
        }
    }

    fn priority(&self, draw: &mut Draw) -> u8 {
        1 + draw.weighted(&self.knobs.priority_shares) as u8
    }

    /// Makes the next incident; repeats it plants are pushed to `follow`.
    pub fn incident(
        &mut self,
        plan: &Planned,
        draw: &mut Draw,
        follow: &mut Vec<(Ts, Cause)>,
    ) -> IncidentRow {
        let k = self.knobs;
        let w = self.world;
        let month = w.month(plan.at);
        let (priority, channel, ci, caused_by) = match plan.cause {
            Cause::Background => {
                let p = self.priority(draw);
                let ch = if draw.chance(k.monitoring_share) {
                    Channel::Event
                } else {
                    people_channel(k, month, draw)
                };
                let ci = (ch == Channel::Event || draw.chance(k.ci_coverage))
                    .then(|| self.org.incident_ci.sample(draw) as u32);
                (p, ch, ci, None)
            }
            Cause::Burst { ci } => {
                let p = self.priority(draw);
                let ch = if draw.chance(k.monitoring_share) {
                    Channel::Event
                } else {
                    people_channel(k, month, draw)
                };
                (p, ch, Some(ci), None)
            }
            Cause::Change {
                ci,
                change,
                linked,
                priority,
            } => {
                let ch = if draw.chance(0.4) {
                    Channel::Event
                } else {
                    people_channel(k, month, draw)
                };
                (priority, ch, ci, linked.then_some(change))
            }
        };
        // Incidents on one CI never share an opening time.
        let mut at = w.q(plan.at);
        if let Some(c) = ci {
            let prev = self.ci[c as usize].prev1;
            if at <= prev {
                at = prev + w.quantum;
            }
        }
        let class = ci.map(|c| self.org.cis[c as usize].class);
        let category = match class {
            Some(cl) => *draw.pick(cl.categories()),
            None => *draw.pick(NO_CI_CATEGORIES),
        };
        let (impact, urgency) = impact_urgency(priority, draw);
        let group = match ci {
            Some(c) if draw.chance(0.6) => self.org.cis[c as usize].group,
            Some(_) => SERVICE_DESK,
            None if draw.chance(0.8) => SERVICE_DESK,
            None => *draw.pick(&[END_USER, IDENTITY]),
        };

        let end = w.end;
        let u = draw.unit();
        let (resolved, closed, state) = if u < k.cancelled_incident_share {
            let c = w.q(at + draw.range(HOUR, 48 * HOUR));
            if c <= end {
                (None, Some(c), IncidentState::Cancelled)
            } else {
                (None, None, IncidentState::InProgress)
            }
        } else if u < k.cancelled_incident_share + k.stuck_share {
            (None, None, IncidentState::OnHold)
        } else {
            let hours = draw.lognormal(k.mttr_median_hours[(priority - 1) as usize], k.mttr_sigma);
            let secs = (hours * 3600.0).clamp(300.0, 30_000_000.0) as Ts;
            let r = w.q(at + secs);
            if r <= end {
                let c = w.q(r + draw.range(DAY, 7 * DAY));
                if c <= end {
                    (Some(r), Some(c), IncidentState::Closed)
                } else {
                    (Some(r), None, IncidentState::Resolved)
                }
            } else if end - at < 4 * HOUR {
                (None, None, IncidentState::New)
            } else {
                (None, None, IncidentState::InProgress)
            }
        };
        let updated = match closed.or(resolved) {
            Some(t) => t,
            None => w.q(at + draw.range(0, (end - at).max(1))),
        };
        let resolver = resolved.map(|t| self.org.pick_resolver(group, t, draw));
        let reassignment = if draw.chance(k.reassignment_rate) {
            3 + draw.below(5) as u32
        } else {
            draw.weighted(&[0.7, 0.2, 0.1]) as u32
        };
        // One draw whatever the factor, so that a factor of 1 gives the same bytes.
        let reopen_rate = if group == OUTLIER_GROUP {
            k.reopen_rate * k.outlier_team_reopen_factor
        } else {
            k.reopen_rate
        };
        let reopen = match state {
            IncidentState::New | IncidentState::Cancelled => 0,
            _ if draw.chance(reopen_rate) => {
                if draw.chance(0.15) {
                    2
                } else {
                    1
                }
            }
            _ => 0,
        };
        let sla_met = draw.chance(k.sla_met_rate);
        let knowledge = resolved.is_some() && draw.chance(k.knowledge_use_rate);
        let problem = match ci {
            Some(c) => {
                let st = &mut self.ci[c as usize];
                // The third incident within the cluster window makes the CI a repeat cluster.
                let in_cluster = st.prev2 != NONE && at - st.prev2 <= CLUSTER_WINDOW_DAYS * DAY;
                let mut linked = None;
                if in_cluster {
                    if st.addressed == 0 {
                        st.addressed = if draw.chance(k.problem_addressed_share) {
                            1
                        } else {
                            2
                        };
                    }
                    if st.addressed == 1 {
                        if st.problem == 0 {
                            self.problems += 1;
                            st.problem = self.problems;
                            linked = Some(st.problem);
                        } else if draw.chance(0.5) {
                            linked = Some(st.problem);
                        }
                    }
                }
                st.prev2 = st.prev1;
                st.prev1 = at;
                linked
            }
            // A major incident without a CI gets a problem record half the time.
            None if priority == 1 && draw.chance(0.5) => {
                self.problems += 1;
                Some(self.problems)
            }
            None => None,
        };
        if let (Cause::Background, Some(c)) = (plan.cause, ci)
            && draw.chance(k.burst_rate)
        {
            let day_end = w.day_start(w.day_of(at)) + DAY;
            let span = (k.burst_span_days * DAY as f64) as Ts;
            for _ in 0..2 + draw.below(5) {
                follow.push((day_end + draw.range(0, span), Cause::Burst { ci: c }));
            }
        }
        self.incidents += 1;
        IncidentRow {
            seq: self.incidents,
            opened: at,
            resolved,
            closed,
            updated,
            state,
            priority,
            impact,
            urgency,
            category,
            channel,
            group,
            resolver,
            ci,
            reassignment: Some(reassignment),
            reopen: Some(reopen),
            sla_met: Some(sla_met),
            knowledge: Some(knowledge),
            problem,
            caused_by,
        }
    }

    /// Makes the next service request.
    pub fn request(&mut self, at: Ts, draw: &mut Draw) -> RequestRow {
        let w = self.world;
        let at = w.q(at);
        let channel = people_channel(self.knobs, w.month(at), draw);
        let priority = if draw.chance(0.9) { 4 } else { 3 };
        let item = *draw.pick(ITEMS);
        let group = [SERVICE_DESK, END_USER, IDENTITY][draw.weighted(&[0.5, 0.3, 0.2])];
        let secs = (draw.lognormal(30.0, 1.2) * 3600.0).clamp(600.0, 200.0 * DAY as f64) as Ts;
        let done = w.q(at + secs);
        let (closed, state) = if done <= w.end {
            (Some(done), RequestState::Closed)
        } else if w.end - at < 2 * DAY && draw.chance(0.5) {
            (None, RequestState::Open)
        } else {
            (None, RequestState::InProgress)
        };
        let updated = match closed {
            Some(t) => t,
            None => w.q(at + draw.range(0, (w.end - at).max(1))),
        };
        self.requests += 1;
        RequestRow {
            seq: self.requests,
            opened: at,
            closed,
            updated,
            state,
            priority,
            channel,
            group,
            item,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::knobs::Trend;

    #[test]
    fn self_service_drifts_the_planted_way() {
        let mut k = Knobs::default();
        let start = self_service_share(&k, 0);
        assert!(self_service_share(&k, 11) > start);
        k.self_service_trend = Trend::Worsening;
        assert!(self_service_share(&k, 11) < start);
        k.self_service_trend = Trend::Flat;
        assert_eq!(self_service_share(&k, 11), start);
    }
}
