//! The CMDB figures: completeness and staleness of the CIs written, and which
//! referenced CIs the CMDB export holds.

use super::super::calendar::{DAY, Ts};
use super::super::rows::{CiRow, OperationalStatus};

pub const STALE_DAYS: i64 = 60;

#[derive(Debug, Default)]
pub struct Cmdb {
    pub written: bool,
    pub cis: u64,
    pub complete: u64,
    /// Latest update or discovery of each operational CI.
    operational: Vec<Ts>,
    /// Per CI of the universe: in the CMDB export, referenced by a ticket or change.
    in_cmdb: Vec<bool>,
    referenced: Vec<bool>,
}

impl Cmdb {
    pub fn new(universe: usize) -> Self {
        Cmdb {
            in_cmdb: vec![false; universe],
            referenced: vec![false; universe],
            ..Default::default()
        }
    }

    pub fn ci(&mut self, r: &CiRow) {
        self.written = true;
        self.cis += 1;
        if r.owner.is_some() && r.support_group.is_some() {
            // Class and status are always written.
            self.complete += 1;
        }
        if r.status == OperationalStatus::Operational {
            self.operational
                .push(r.discovered.map_or(r.updated, |d| d.max(r.updated)));
        }
        if let Some(slot) = self.in_cmdb.get_mut(r.index as usize) {
            *slot = true;
        }
    }

    pub fn reference(&mut self, ci: Option<u32>) {
        if let Some(slot) = ci.and_then(|c| self.referenced.get_mut(c as usize)) {
            *slot = true;
        }
    }

    /// (operational CIs not touched within S days of `as_of`, operational CIs).
    pub fn stale(&self, as_of: Ts) -> (u64, u64) {
        let limit = as_of - STALE_DAYS * DAY;
        let stale = self.operational.iter().filter(|&&t| t < limit).count();
        (stale as u64, self.operational.len() as u64)
    }

    /// (distinct referenced CIs found in the CMDB, distinct referenced CIs).
    pub fn integrity(&self) -> (u64, u64) {
        let mut found = 0;
        let mut all = 0;
        for (r, c) in self.referenced.iter().zip(&self.in_cmdb) {
            if *r {
                all += 1;
                if *c {
                    found += 1;
                }
            }
        }
        (found, all)
    }
}
