//! `assess --format csv`: one row per discipline.

use crate::maturity::Assessment;
use crate::safe_csv;

pub fn render(a: &Assessment) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = safe_csv::record(
        &mut w,
        [
            "discipline",
            "evidence_level",
            "evidence_low",
            "evidence_high",
            "leadership_mean",
            "leadership_n",
            "practitioner_mean",
            "practitioner_n",
            "all_mean",
            "all_n",
            "perception_gap",
            "perception_gap_low",
            "perception_gap_high",
            "evidence_gap_all",
            "flag",
            "flag_leadership",
            "flag_practitioner",
        ],
    );
    let f = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_default();
    for d in &a.disciplines {
        let _ = safe_csv::record(
            &mut w,
            [
                d.discipline.clone(),
                f(d.evidence_level),
                f(d.evidence_range.map(|r| r[0])),
                f(d.evidence_range.map(|r| r[1])),
                f(d.survey.leadership.map(|s| s.mean)),
                d.survey
                    .leadership
                    .map(|s| s.n.to_string())
                    .unwrap_or_default(),
                f(d.survey.practitioner.map(|s| s.mean)),
                d.survey
                    .practitioner
                    .map(|s| s.n.to_string())
                    .unwrap_or_default(),
                f(d.survey.all.map(|s| s.mean)),
                d.survey.all.map(|s| s.n.to_string()).unwrap_or_default(),
                f(d.perception_gap.map(|g| g.value)),
                f(d.perception_gap.and_then(|g| g.ci_low)),
                f(d.perception_gap.and_then(|g| g.ci_high)),
                f(d.evidence_gap.all),
                d.flag.clone(),
                d.flag_by_role.leadership.clone(),
                d.flag_by_role.practitioner.clone(),
            ],
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
