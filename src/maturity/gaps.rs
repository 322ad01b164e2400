//! The perception gap, discipline by discipline: leadership's mean minus the
//! practitioners', ranked widest first, each with its 95 % interval (Welch,
//! over respondents), the number of respondents on each side, and where the
//! evidence level sits between the two.

use super::flags::MIN_RESPONDENTS;
use super::stats::{Summary, welch};
use serde::Serialize;

/// The evidence counts as near a role within this share of the distance
/// between the roles, and beyond both past this many levels outside them.
const NEAR_SHARE: f64 = 1.0 / 3.0;
const BEYOND_MARGIN: f64 = 0.25;

/// A role's side of the gap: its mean over respondents, withheld below the
/// minimum number of respondents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoleMean {
    pub mean: Option<f64>,
    pub respondents: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GapRow {
    pub discipline: String,
    /// 1 for the widest gap; null where no gap can be given.
    pub rank: Option<usize>,
    /// Leadership mean - practitioner mean, over respondents.
    pub gap: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// The interval excludes 0: this sample shows a gap.
    pub shown: bool,
    pub leadership: RoleMean,
    pub practitioner: RoleMean,
    pub evidence_level: Option<f64>,
    /// `near_leadership`, `near_practitioners`, `between`, `beyond_both`.
    pub evidence_position: Option<String>,
    /// Why a figure is missing or not shown.
    pub note: Option<String>,
}

fn role_mean(s: Option<&Summary>) -> RoleMean {
    let respondents = s.map(|s| s.respondents).unwrap_or(0);
    RoleMean {
        mean: s.filter(|_| respondents >= MIN_RESPONDENTS).map(|s| s.mean),
        respondents,
    }
}

/// Where the evidence level sits against the two roles' means.
pub fn position(evidence: f64, leadership: f64, practitioner: f64) -> &'static str {
    let (lo, hi) = (leadership.min(practitioner), leadership.max(practitioner));
    if evidence > hi + BEYOND_MARGIN || evidence < lo - BEYOND_MARGIN {
        return "beyond_both";
    }
    if (hi - lo).abs() < f64::EPSILON {
        return "between";
    }
    // 0 at the practitioners' mean, 1 at leadership's.
    let t = (evidence - practitioner) / (leadership - practitioner);
    if t >= 1.0 - NEAR_SHARE {
        "near_leadership"
    } else if t <= NEAR_SHARE {
        "near_practitioners"
    } else {
        "between"
    }
}

/// One discipline's row, from each role's summary over respondents.
pub fn row(
    discipline: &str,
    leadership: Option<&Summary>,
    practitioner: Option<&Summary>,
    evidence_level: Option<f64>,
) -> GapRow {
    let (lead, prac) = (role_mean(leadership), role_mean(practitioner));
    let mut out = GapRow {
        discipline: discipline.to_string(),
        rank: None,
        gap: None,
        ci_low: None,
        ci_high: None,
        shown: false,
        leadership: lead.clone(),
        practitioner: prac.clone(),
        evidence_level,
        evidence_position: None,
        note: None,
    };
    let few = |role: &str, r: &RoleMean| {
        (r.respondents > 0 && r.mean.is_none()).then(|| {
            format!(
                "{} {role} respondents (fewer than {MIN_RESPONDENTS}): no mean shown",
                r.respondents
            )
        })
    };
    let (Some(l), Some(p), Some(ls), Some(ps)) = (lead.mean, prac.mean, leadership, practitioner)
    else {
        out.note = Some(
            [few("leadership", &lead), few("practitioner", &prac)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; "),
        )
        .filter(|n| !n.is_empty())
        .or_else(|| Some("no answers from both roles".into()));
        return out;
    };
    let d = welch(ls, ps);
    out.gap = Some(d.value);
    out.ci_low = d.ci_low;
    out.ci_high = d.ci_high;
    out.shown = matches!((d.ci_low, d.ci_high), (Some(a), Some(b)) if a > 0.0 || b < 0.0);
    if !out.shown {
        out.note = Some("the interval includes 0: this sample does not show a gap".into());
    }
    out.evidence_position = evidence_level.map(|e| position(e, l, p).to_string());
    out
}

/// Widest gap first (by size, either sign), ties by name; rows without a gap
/// keep their order at the end.
pub fn rank(rows: Vec<GapRow>) -> Vec<GapRow> {
    let (mut with, without): (Vec<GapRow>, Vec<GapRow>) =
        rows.into_iter().partition(|r| r.gap.is_some());
    with.sort_by(|a, b| {
        let size = |r: &GapRow| r.gap.map(f64::abs).unwrap_or(0.0);
        size(b)
            .total_cmp(&size(a))
            .then_with(|| a.discipline.cmp(&b.discipline))
    });
    for (i, r) in with.iter_mut().enumerate() {
        r.rank = Some(i + 1);
    }
    with.extend(without);
    with
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(mean: f64, sd: f64, respondents: u64) -> Summary {
        Summary {
            mean,
            sd: Some(sd),
            n: respondents,
            respondents,
        }
    }

    #[test]
    fn rows_are_ranked_widest_first_whatever_the_sign() {
        let rows = vec![
            row(
                "a",
                Some(&people(3.0, 0.5, 10)),
                Some(&people(2.8, 0.5, 10)),
                None,
            ),
            row("b", Some(&people(2.0, 0.5, 10)), None, None),
            row(
                "c",
                Some(&people(2.0, 0.5, 10)),
                Some(&people(3.2, 0.5, 10)),
                None,
            ),
            row(
                "d",
                Some(&people(3.8, 0.5, 13)),
                Some(&people(2.8, 0.5, 27)),
                Some(2.8),
            ),
        ];
        let ranked = rank(rows);
        let order: Vec<&str> = ranked.iter().map(|r| r.discipline.as_str()).collect();
        assert_eq!(order, ["c", "d", "a", "b"]);
        assert_eq!(ranked[0].rank, Some(1));
        assert_eq!(ranked[3].rank, None);
        let d = &ranked[1];
        assert!(d.shown);
        assert_eq!(d.evidence_position.as_deref(), Some("near_practitioners"));
        let a = &ranked[2];
        assert!(!a.shown);
        assert!(a.note.as_deref().unwrap_or("").contains("includes 0"));
    }

    #[test]
    fn a_role_under_five_respondents_shows_no_mean_and_says_so() {
        let r = row(
            "incident management",
            Some(&people(4.5, 0.5, 4)),
            Some(&people(2.0, 0.5, 9)),
            Some(2.0),
        );
        assert_eq!(r.leadership.mean, None);
        assert_eq!(r.leadership.respondents, 4);
        assert_eq!(r.practitioner.mean, Some(2.0));
        assert!(r.gap.is_none() && !r.shown);
        let note = r.note.expect("note");
        assert!(note.contains("4 leadership respondents"), "{note}");
    }

    #[test]
    fn where_the_evidence_sits() {
        assert_eq!(position(3.7, 3.8, 2.8), "near_leadership");
        assert_eq!(position(2.9, 3.8, 2.8), "near_practitioners");
        assert_eq!(position(3.3, 3.8, 2.8), "between");
        assert_eq!(position(4.2, 3.8, 2.8), "beyond_both");
        assert_eq!(position(2.4, 3.8, 2.8), "beyond_both");
        assert_eq!(position(3.0, 3.0, 3.0), "between");
    }
}
