//! Counters over the incidents as written: volumes, resolution times, flags,
//! repeats and repeat clusters. Per CI only the two latest opening times are
//! kept, so memory grows with CIs, not incidents.

use super::super::calendar::{DAY, Ts, month_key};
use super::super::rows::IncidentRow;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

pub const REPEAT_WINDOW_DAYS: i64 = 30;
pub const CLUSTER_MIN: usize = 3;
pub const CLUSTER_WINDOW_DAYS: i64 = 90;
pub const REASSIGNMENT_THRESHOLD: u32 = 3;
pub const AGED_DAYS: i64 = 30;

const NONE: Ts = Ts::MIN;

#[derive(Debug, Clone, Copy)]
struct CiState {
    prev1: Ts,
    prev2: Ts,
    cluster: bool,
    linked: bool,
}

#[derive(Debug)]
pub struct Incidents {
    pub count: u64,
    pub by_month: BTreeMap<i64, u64>,
    pub from: Option<Ts>,
    pub to: Option<Ts>,
    /// Resolution times in seconds per priority 1..5.
    pub durations: [Vec<u32>; 5],
    pub resolved: u64,
    pub reopen_known: u64,
    pub reopened: u64,
    pub reassignment_known: u64,
    pub ping_pong: u64,
    pub fcr_known: u64,
    pub fcr: u64,
    pub knowledge_known: u64,
    pub knowledge_used: u64,
    pub sla_known: u64,
    pub sla_met: u64,
    pub major: u64,
    /// Opening times of incidents neither resolved nor closed.
    pub open_opened: Vec<Ts>,
    pub ci_named: u64,
    pub repeats: u64,
    pub problem_linked: u64,
    pub induced: u64,
    ci: Vec<CiState>,
}

impl Incidents {
    pub fn new(ci_universe: usize) -> Self {
        Incidents {
            count: 0,
            by_month: BTreeMap::new(),
            from: None,
            to: None,
            durations: Default::default(),
            resolved: 0,
            reopen_known: 0,
            reopened: 0,
            reassignment_known: 0,
            ping_pong: 0,
            fcr_known: 0,
            fcr: 0,
            knowledge_known: 0,
            knowledge_used: 0,
            sla_known: 0,
            sla_met: 0,
            major: 0,
            open_opened: Vec::new(),
            ci_named: 0,
            repeats: 0,
            problem_linked: 0,
            induced: 0,
            ci: vec![
                CiState {
                    prev1: NONE,
                    prev2: NONE,
                    cluster: false,
                    linked: false,
                };
                ci_universe
            ],
        }
    }

    pub fn add(&mut self, r: &IncidentRow) -> Result<()> {
        self.count += 1;
        *self.by_month.entry(month_key(r.opened)).or_default() += 1;
        self.from = Some(self.from.map_or(r.opened, |f| f.min(r.opened)));
        self.to = Some(self.to.map_or(r.opened, |t| t.max(r.opened)));
        if let Some(resolved) = r.resolved {
            self.resolved += 1;
            let secs = u32::try_from(resolved - r.opened).map_err(|_| {
                Error::Internal(format!("incident {} resolved before it opened", r.seq))
            })?;
            self.durations[(r.priority.clamp(1, 5) - 1) as usize].push(secs);
            if let Some(n) = r.reopen {
                self.reopen_known += 1;
                if n > 0 {
                    self.reopened += 1;
                }
            }
            if let (Some(a), Some(b)) = (r.reassignment, r.reopen) {
                self.fcr_known += 1;
                if a == 0 && b == 0 {
                    self.fcr += 1;
                }
            }
            if let Some(k) = r.knowledge {
                self.knowledge_known += 1;
                if k {
                    self.knowledge_used += 1;
                }
            }
        } else if r.closed.is_none() {
            self.open_opened.push(r.opened);
        }
        if let Some(n) = r.reassignment {
            self.reassignment_known += 1;
            if n >= REASSIGNMENT_THRESHOLD {
                self.ping_pong += 1;
            }
        }
        if let Some(met) = r.sla_met {
            self.sla_known += 1;
            if met {
                self.sla_met += 1;
            }
        }
        if r.priority == 1 {
            self.major += 1;
        }
        if r.problem.is_some() {
            self.problem_linked += 1;
        }
        if r.caused_by.is_some() {
            self.induced += 1;
        }
        if let Some(ci) = r.ci {
            self.ci_named += 1;
            let st = self
                .ci
                .get_mut(ci as usize)
                .ok_or_else(|| Error::Internal(format!("CI {ci} is not in the universe")))?;
            if st.prev1 != NONE {
                if r.opened <= st.prev1 {
                    return Err(Error::Internal(format!(
                        "incident {} is not later than the previous incident on its CI",
                        r.seq
                    )));
                }
                if r.opened - st.prev1 <= REPEAT_WINDOW_DAYS * DAY {
                    self.repeats += 1;
                }
            }
            if st.prev2 != NONE && r.opened - st.prev2 <= CLUSTER_WINDOW_DAYS * DAY {
                st.cluster = true;
            }
            if r.problem.is_some() {
                st.linked = true;
            }
            st.prev2 = st.prev1;
            st.prev1 = r.opened;
        }
        Ok(())
    }

    /// (repeat clusters with a problem link, repeat clusters).
    pub fn clusters(&self) -> (u64, u64) {
        let clusters = self.ci.iter().filter(|c| c.cluster);
        let n = clusters.clone().count() as u64;
        let linked = clusters.filter(|c| c.linked).count() as u64;
        (linked, n)
    }

    pub fn aged_backlog(&self, as_of: Ts) -> u64 {
        self.open_opened
            .iter()
            .filter(|&&o| as_of - o > AGED_DAYS * DAY)
            .count() as u64
    }
}
