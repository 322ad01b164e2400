//! Counters over the changes as written, and the two failure rates: explicit
//! (close code, or named as cause by an incident) and inferred (also followed
//! by a priority 1-2 incident on the same CI within 48 hours of its end).

use super::super::calendar::{DAY, HOUR, Ts};
use super::super::rows::{ChangeRow, ChangeType, IncidentRow};
use crate::error::{Error, Result};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

pub const INFERRED_PRIORITY: u8 = 2;
pub const INFERRED_HOURS: i64 = 48;

const EMERGENCY: u8 = 1;
const HAS_CI: u8 = 2;
const COMPLETED: u8 = 4;
const CODED_FAIL: u8 = 8;
const LINKED: u8 = 16;
const FOLLOWED: u8 = 32;

#[derive(Debug, Clone, Copy)]
struct Fact {
    opened: Ts,
    /// Seconds from opened to implementation end; `u32::MAX` when not implemented.
    lead: u32,
    flags: u8,
}

#[derive(Debug, Default)]
pub struct Changes {
    facts: Vec<Fact>,
    /// Ends of completed changes on a CI, not yet passed by an incident.
    ends: BinaryHeap<Reverse<(Ts, u64, u32)>>,
    /// Per CI, completed changes that ended recently: (end, change).
    recent: BTreeMap<u32, Vec<(Ts, u64)>>,
    pruned_at: Ts,
}

/// The change figures over the changes opened in [from, to].
#[derive(Debug, Default)]
pub struct ChangeCounts {
    pub changes: u64,
    pub emergency: u64,
    pub with_ci: u64,
    pub completed: u64,
    pub failed_explicit: u64,
    pub failed_inferred: u64,
    pub lead_secs: Vec<u32>,
}

impl Changes {
    pub fn add(&mut self, r: &ChangeRow) -> Result<()> {
        if r.seq != self.facts.len() as u64 + 1 {
            return Err(Error::Internal(format!("change {} out of sequence", r.seq)));
        }
        let mut flags = 0;
        if r.kind == ChangeType::Emergency {
            flags |= EMERGENCY;
        }
        if r.ci.is_some() {
            flags |= HAS_CI;
        }
        if r.completed() {
            flags |= COMPLETED;
        }
        if r.outcome.is_some_and(|o| o.failed()) {
            flags |= CODED_FAIL;
        }
        let lead = match r.actual_end {
            Some(end) => u32::try_from(end - r.opened)
                .map_err(|_| Error::Internal(format!("change {} ends before it opened", r.seq)))?,
            None => u32::MAX,
        };
        self.facts.push(Fact {
            opened: r.opened,
            lead,
            flags,
        });
        if let (true, Some(end), Some(ci)) = (r.completed(), r.actual_end, r.ci) {
            self.ends.push(Reverse((end, r.seq, ci)));
        }
        Ok(())
    }

    /// Records what an incident says about changes: a cause link, and whether
    /// it follows a change on its CI closely enough to suggest a failure.
    pub fn on_incident(&mut self, r: &IncidentRow) -> Result<()> {
        if let Some(seq) = r.caused_by {
            let fact = self
                .facts
                .get_mut((seq as usize).wrapping_sub(1))
                .ok_or_else(|| Error::Internal(format!("incident {} names no change", r.seq)))?;
            fact.flags |= LINKED;
        }
        let (Some(ci), true) = (r.ci, r.priority <= INFERRED_PRIORITY) else {
            return Ok(());
        };
        let t = r.opened;
        while let Some(Reverse((end, seq, on))) = self.ends.peek().copied() {
            if end > t {
                break;
            }
            self.ends.pop();
            self.recent.entry(on).or_default().push((end, seq));
        }
        let window = INFERRED_HOURS * HOUR;
        // Incidents arrive in time order (within a few seconds), so entries a
        // day past their window cannot match again; dropped once a day.
        if t - self.pruned_at > DAY {
            self.pruned_at = t;
            self.recent.retain(|_, list| {
                list.retain(|(end, _)| end + window + DAY >= t);
                !list.is_empty()
            });
        }
        if let Some(list) = self.recent.get(&ci) {
            for &(end, seq) in list {
                if end <= t && t <= end + window {
                    self.facts[(seq - 1) as usize].flags |= FOLLOWED;
                }
            }
        }
        Ok(())
    }

    pub fn counts(&self, from: Ts, to: Ts) -> ChangeCounts {
        let mut c = ChangeCounts::default();
        for f in self
            .facts
            .iter()
            .filter(|f| from <= f.opened && f.opened <= to)
        {
            c.changes += 1;
            if f.flags & EMERGENCY != 0 {
                c.emergency += 1;
            }
            if f.flags & HAS_CI != 0 {
                c.with_ci += 1;
            }
            if f.lead != u32::MAX {
                c.lead_secs.push(f.lead);
            }
            if f.flags & COMPLETED != 0 {
                c.completed += 1;
                let explicit = f.flags & (CODED_FAIL | LINKED) != 0;
                if explicit {
                    c.failed_explicit += 1;
                }
                if explicit || f.flags & FOLLOWED != 0 {
                    c.failed_inferred += 1;
                }
            }
        }
        c.lead_secs.sort_unstable();
        c
    }

    pub fn len(&self) -> usize {
        self.facts.len()
    }
}
