//! The CMDB export: every CI of the CMDB with a planted completeness (owner and
//! support group present) and staleness (no update or discovery in 60 days).

use super::calendar::{DAY, Ts};
use super::knobs::Knobs;
use super::organisation::Org;
use super::rng::Draw;
use super::rows::{CiRow, OperationalStatus};

/// The CMDB rows, in CI order, as of the export moment `end`.
pub fn rows<'a>(
    knobs: &'a Knobs,
    org: &'a Org,
    end: Ts,
    draw: &'a mut Draw,
) -> impl Iterator<Item = CiRow> + 'a {
    (0..org.cmdb_count).map(move |index| {
        let ci = &org.cis[index];
        let status = if draw.chance(knobs.operational_share) {
            OperationalStatus::Operational
        } else if draw.chance(0.5) {
            OperationalStatus::NonOperational
        } else {
            OperationalStatus::Retired
        };
        let owner = Some(draw.below(org.owners.len() as u64) as u32);
        let (owner, support_group) = if draw.chance(knobs.cmdb_completeness) {
            (owner, Some(ci.group))
        } else {
            match draw.weighted(&[0.6, 0.25, 0.15]) {
                0 => (None, Some(ci.group)),
                1 => (owner, None),
                _ => (None, None),
            }
        };
        let freshest = if draw.chance(knobs.cmdb_stale_share) {
            end - draw.range(65 * DAY, 400 * DAY)
        } else {
            end - draw.range(0, 55 * DAY)
        };
        let (updated, discovered) = if ci.class.discovered() {
            (freshest - draw.range(0, 200 * DAY), Some(freshest))
        } else {
            (freshest, None)
        };
        let criticality = 1 + draw.weighted(&[0.1, 0.25, 0.35, 0.3]) as u8;
        let environment = ci
            .class
            .has_environment()
            .then(|| ["Production", "Test", "Development"][draw.weighted(&[0.7, 0.2, 0.1])]);
        CiRow {
            index: index as u32,
            class: ci.class,
            status,
            owner,
            support_group,
            updated,
            discovered,
            criticality,
            environment,
        }
    })
}
