//! Incidents as an audit event log: one row per update, as ServiceNow's
//! audit history exports them (the shape of the UCI incident event log).
//! Each incident is written as its earlier states, then its final row, which
//! is the row a one-row-per-incident export holds; the ingest keeps the last
//! update of each incident, so an event log gives the same metrics as the
//! plain export of the same organisation.

use super::rows::{IncidentRow, IncidentState};

/// Most updates written for one incident, the final row included.
pub const MOST_UPDATES: u64 = 9;

/// The incident's rows before its final one, oldest first: 0 to 8 of them,
/// 4 on average, so an event log holds about 5 rows per incident. The count
/// is a hash of the incident's number rather than a draw, so the rest of the
/// organisation is the same with or without `--event-log`.
pub fn earlier_versions(row: &IncidentRow) -> impl Iterator<Item = IncidentRow> + '_ {
    let updates = 1 + mix(row.seq) % MOST_UPDATES;
    // The open states fall before the resolution; a tie with the final
    // update keeps the later row.
    let until = row.resolved.unwrap_or(row.updated).min(row.updated);
    let span = (until - row.opened).max(0);
    (1..updates).map(move |i| IncidentRow {
        updated: row.opened + span * i as i64 / updates as i64,
        state: match i {
            1 => IncidentState::New,
            i if i % 2 == 0 => IncidentState::InProgress,
            _ => IncidentState::OnHold,
        },
        resolved: None,
        closed: None,
        resolver: None,
        ..row.clone()
    })
}

/// SplitMix64's finaliser: spreads consecutive numbers over the whole range.
fn mix(seq: u64) -> u64 {
    let mut z = seq.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rows::Channel;

    fn incident(seq: u64) -> IncidentRow {
        IncidentRow {
            seq,
            opened: 1_000,
            resolved: Some(5_000),
            closed: Some(9_000),
            updated: 9_000,
            state: IncidentState::Closed,
            priority: 3,
            impact: 2,
            urgency: 2,
            category: "Network",
            channel: Channel::Phone,
            group: 1,
            resolver: Some(7),
            ci: None,
            reassignment: Some(0),
            reopen: Some(0),
            sla_met: Some(true),
            knowledge: Some(false),
            problem: None,
            caused_by: None,
        }
    }

    #[test]
    fn earlier_rows_come_before_the_final_update_and_are_still_open() {
        let mut total = 0;
        for seq in 1..=1_000 {
            let row = incident(seq);
            let earlier: Vec<IncidentRow> = earlier_versions(&row).collect();
            assert!(earlier.len() < MOST_UPDATES as usize);
            total += earlier.len() + 1;
            let mut last = row.opened;
            for e in &earlier {
                assert!(e.updated >= last && e.updated < row.resolved.expect("resolved"));
                last = e.updated;
                assert!(e.resolved.is_none() && e.closed.is_none());
                assert_ne!(e.state, IncidentState::Closed);
                assert_eq!(e.seq, row.seq);
            }
        }
        // About five rows per incident.
        assert!((4_500..5_500).contains(&total), "{total} rows");
    }
}
