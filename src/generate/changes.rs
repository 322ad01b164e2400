//! Change requests: standard, normal and emergency changes with their planned
//! and actual windows and close codes, and the incidents their failures cause:
//! named as cause, or only a priority 1-2 incident on the same CI within 48 h.

use super::calendar::{DAY, HOUR, MINUTE, Ts};
use super::knobs::Knobs;
use super::organisation::Org;
use super::rng::Draw;
use super::rows::{ChangeRow, ChangeState, ChangeType, Outcome, Risk};
use super::tickets::Cause;
use super::truth::INFERRED_HOURS;
use super::world::World;

pub struct Changes<'a> {
    knobs: &'a Knobs,
    org: &'a Org,
    world: &'a World,
    count: u64,
}

impl<'a> Changes<'a> {
    pub fn new(knobs: &'a Knobs, org: &'a Org, world: &'a World) -> Self {
        Changes {
            knobs,
            org,
            world,
            count: 0,
        }
    }

    /// Makes the next change, opened at `opened`; incidents it causes are pushed to `caused`.
    pub fn change(
        &mut self,
        opened: Ts,
        draw: &mut Draw,
        caused: &mut Vec<(Ts, Cause)>,
    ) -> ChangeRow {
        let k = self.knobs;
        let w = self.world;
        self.count += 1;
        let seq = self.count;
        let opened = w.q(opened);
        let u = draw.unit();
        let kind = if u < k.emergency_share {
            ChangeType::Emergency
        } else if u < k.emergency_share + k.standard_share {
            ChangeType::Standard
        } else {
            ChangeType::Normal
        };
        let risk = match kind {
            ChangeType::Standard => Risk::Low,
            ChangeType::Normal if draw.chance(0.7) => Risk::Moderate,
            _ => Risk::High,
        };
        let ci = draw
            .chance(k.change_ci_coverage)
            .then(|| self.org.change_ci.sample(draw) as u32);
        let group = match ci {
            Some(c) => self.org.cis[c as usize].group,
            None => *draw.pick(&[2, 3, 5, 7, 8, 10]),
        };

        // When it is planned and done.
        let lead = match kind {
            ChangeType::Standard => draw.range(DAY, 5 * DAY),
            ChangeType::Normal => (draw.lognormal(8.0, 0.5) * DAY as f64) as Ts,
            ChangeType::Emergency => draw.range(HOUR, 12 * HOUR),
        };
        let mut start = opened + lead;
        if kind == ChangeType::Normal {
            // Normal changes go in the evening maintenance window.
            start = start.div_euclid(DAY) * DAY + 19 * HOUR + draw.range(0, 3 * HOUR);
            if start < opened + HOUR {
                start += DAY;
            }
        }
        let planned_start = w.q(start);
        let duration = draw.range(30 * MINUTE, 4 * HOUR);
        let planned_end = w.q(planned_start + duration);
        let actual_start = w
            .q(planned_start + draw.range(-10 * MINUTE, 30 * MINUTE))
            .max(opened);
        let actual_end = w
            .q(actual_start + (duration as f64 * (0.7 + 0.8 * draw.unit())) as Ts)
            .max(actual_start + w.quantum);
        let cancelled = draw.chance(k.change_cancel_share);
        let cancelled_at = w.q(opened + draw.range(6 * HOUR, 5 * DAY));

        let mut row = ChangeRow {
            seq,
            opened,
            planned_start: None,
            planned_end: None,
            actual_start: None,
            actual_end: None,
            closed: None,
            kind,
            risk,
            outcome: None,
            state: ChangeState::Assess,
            ci,
            group,
        };
        let end = w.end;
        let not_yet = if kind == ChangeType::Standard {
            ChangeState::New
        } else {
            ChangeState::Assess
        };
        if cancelled && cancelled_at <= end {
            row.state = ChangeState::Cancelled;
            row.outcome = Some(Outcome::Cancelled);
            row.closed = Some(cancelled_at);
            if planned_end <= end {
                row.planned_start = Some(planned_start);
                row.planned_end = Some(planned_end);
            }
            return row;
        }
        if cancelled || planned_end > end || actual_start > end {
            // Not implemented at the export; dates after it are not written.
            row.state = not_yet;
            if planned_end <= end {
                row.planned_start = Some(planned_start);
                row.planned_end = Some(planned_end);
            }
            return row;
        }
        row.planned_start = Some(planned_start);
        row.planned_end = Some(planned_end);
        row.actual_start = Some(actual_start);
        if actual_end > end {
            row.state = ChangeState::Implement;
            return row;
        }
        row.actual_end = Some(actual_end);
        let closed = w.q(actual_end + draw.range(2 * HOUR, 5 * DAY));
        if closed <= end {
            row.closed = Some(closed);
            row.state = ChangeState::Closed;
        } else {
            row.state = ChangeState::Review;
        }

        // The outcome, and the incidents a failure causes.
        let linked_priority = |draw: &mut Draw| [1, 2, 3][draw.weighted(&[0.1, 0.4, 0.5])];
        if draw.chance(k.change_failure_rate) {
            if draw.chance(k.coded_failure_share) {
                row.outcome = Some(if draw.chance(0.45) {
                    Outcome::BackedOut
                } else {
                    Outcome::Unsuccessful
                });
                if draw.chance(0.5) {
                    let priority = linked_priority(draw);
                    let at = actual_end + draw.range(10 * MINUTE, 72 * HOUR);
                    caused.push((
                        at,
                        Cause::Change {
                            ci,
                            change: seq,
                            linked: true,
                            priority,
                        },
                    ));
                }
            } else {
                // Closed as successful, but an incident names it as its cause.
                row.outcome = Some(Outcome::Successful);
                let priority = linked_priority(draw);
                let at = actual_end + draw.range(10 * MINUTE, 72 * HOUR);
                caused.push((
                    at,
                    Cause::Change {
                        ci,
                        change: seq,
                        linked: true,
                        priority,
                    },
                ));
            }
        } else {
            row.outcome = Some(if draw.chance(0.12) {
                Outcome::SuccessfulWithIssues
            } else {
                Outcome::Successful
            });
            let hidden = k.hidden_failure_rate / (1.0 - k.change_failure_rate);
            if draw.chance(hidden) && ci.is_some() {
                // A failure only an outage on the same CI shortly after reveals.
                let priority = if draw.chance(0.3) { 1 } else { 2 };
                let at = actual_end + draw.range(10 * MINUTE, (INFERRED_HOURS - 2) * HOUR);
                caused.push((
                    at,
                    Cause::Change {
                        ci,
                        change: seq,
                        linked: false,
                        priority,
                    },
                ));
            }
        }
        row
    }
}
