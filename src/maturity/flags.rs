//! Flags: does a self-rating sit above, inside or below what the evidence
//! supports? The rule (shared/spec/metrics.md): overrated when the mean is at
//! least half a level above the upper end of the evidence range, underrated
//! in the mirror case, consistent otherwise. Applied to every respondent
//! (`flag`) and to each role on its own (`flag_by_role`), since a mean of all
//! respondents hides leaders who stand a level above practitioners.

use super::stats::Summary;
use serde::Serialize;

/// The self-rating flags a gap of at least this beyond the evidence range.
pub const FLAG_MARGIN: f64 = 0.5;

/// A role with fewer respondents in a discipline shows no mean and gets no
/// flag: a handful of people can be singled out, and their mean is noise.
pub const MIN_RESPONDENTS: u64 = 5;

/// `overrated`, `underrated` or `consistent` for a mean against a range.
pub fn against_range(mean: f64, range: [f64; 2]) -> &'static str {
    if mean >= range[1] + FLAG_MARGIN {
        "overrated"
    } else if mean <= range[0] - FLAG_MARGIN {
        "underrated"
    } else {
        "consistent"
    }
}

/// The flag of every respondent's mean; without both there is nothing to flag.
pub fn flag(range: Option<[f64; 2]>, all: Option<&Summary>) -> String {
    match (range, all) {
        (Some(range), Some(all)) => against_range(all.mean, range).into(),
        _ => "not_evaluable".into(),
    }
}

/// The rule applied to each role's own mean.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FlagByRole {
    pub leadership: String,
    pub practitioner: String,
    pub all: String,
}

/// One role's flag: not evaluable without evidence, without answers, or with
/// fewer than `MIN_RESPONDENTS` respondents.
pub fn role_flag(range: Option<[f64; 2]>, role: Option<&Summary>) -> String {
    match role {
        Some(s) if s.respondents >= MIN_RESPONDENTS => flag(range, Some(s)),
        _ => "not_evaluable".into(),
    }
}

pub fn by_role(
    range: Option<[f64; 2]>,
    leadership: Option<&Summary>,
    practitioner: Option<&Summary>,
    all: Option<&Summary>,
) -> FlagByRole {
    FlagByRole {
        leadership: role_flag(range, leadership),
        practitioner: role_flag(range, practitioner),
        all: role_flag(range, all),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(mean: f64, respondents: u64) -> Summary {
        Summary {
            mean,
            sd: Some(0.5),
            n: respondents * 2,
            respondents,
        }
    }

    #[test]
    fn leaders_above_the_evidence_are_flagged_where_the_mean_of_all_is_not() {
        // The sample organisation's incident management: evidence 2.8 (2.8-2.8),
        // leadership 3.8 (13 people), practitioners 2.8 (27 people).
        let range = Some([2.8, 2.8]);
        let (lead, prac) = (role(3.85, 13), role(2.8, 27));
        let all = role((3.85 * 13.0 + 2.8 * 27.0) / 40.0, 40);
        assert_eq!(flag(range, Some(&all)), "consistent");
        let f = by_role(range, Some(&lead), Some(&prac), Some(&all));
        assert_eq!(f.leadership, "overrated");
        assert_eq!(f.practitioner, "consistent");
        assert_eq!(f.all, "consistent");
    }

    #[test]
    fn underrated_at_the_margin_and_consistent_inside_it() {
        let range = Some([3.0, 3.5]);
        assert_eq!(role_flag(range, Some(&role(2.5, 6))), "underrated");
        assert_eq!(role_flag(range, Some(&role(2.51, 6))), "consistent");
        assert_eq!(role_flag(range, Some(&role(4.0, 6))), "overrated");
        assert_eq!(role_flag(range, Some(&role(3.99, 6))), "consistent");
    }

    #[test]
    fn one_role_few_respondents_or_no_evidence_are_not_evaluable() {
        let range = Some([2.0, 2.0]);
        // Only practitioners answered.
        let f = by_role(range, None, Some(&role(4.0, 8)), Some(&role(4.0, 8)));
        assert_eq!(f.leadership, "not_evaluable");
        assert_eq!(f.practitioner, "overrated");
        assert_eq!(f.all, "overrated");
        // Four leaders: no flag, whatever their mean.
        assert_eq!(role_flag(range, Some(&role(5.0, 4))), "not_evaluable");
        // No survey at all, or no evidence.
        let none = by_role(range, None, None, None);
        assert_eq!(none.all, "not_evaluable");
        assert_eq!(role_flag(None, Some(&role(5.0, 20))), "not_evaluable");
    }
}
