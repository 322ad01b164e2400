//! Every sentence of the executive summary, on with its data and off without.

use crate::maturity::survey::{Answer, Estimate, SurveyAnswers, SurveyReport};
use crate::maturity::{Assessment, Rubric, assess};
use crate::metrics::{self, Inputs, MetricResult, MetricsReport, Parameters, WindowOptions};

fn report(metrics: Vec<MetricResult>) -> MetricsReport {
    let mut r = metrics::compute(
        &Inputs::default(),
        &Parameters::default(),
        &WindowOptions::default(),
    )
    .expect("metrics over no inputs");
    for m in metrics {
        r.metrics
            .retain(|x| !(x.id == m.id && x.variant == m.variant));
        r.metrics.push(m);
    }
    r
}

/// An organisation whose SLAs are green while incidents keep coming back.
fn green_slas(sla_met: u64) -> Vec<MetricResult> {
    vec![
        MetricResult::rate("incident.repeat_rate", None, 460, 1000, ""),
        MetricResult::rate("incident.reopen_rate", None, 60, 1000, ""),
        MetricResult::rate("change.failure_rate", Some("explicit"), 60, 500, ""),
        MetricResult::rate("sla.attainment", None, sla_met, 1000, ""),
        MetricResult::hours("incident.mttr_hours", Some("median/P2"), Some(6.0), 200, ""),
    ]
}

/// 13 leaders who rate incident management 4 and 27 practitioners who rate
/// it 2 or 3; leaders believe 5 in 100 changes fail, practitioners 15.5.
fn survey(leaders_estimate_band: f64) -> SurveyAnswers {
    let mut answers = Vec::new();
    let mut estimates = Vec::new();
    for i in 0..40 {
        let (role, score, percent) = if i < 13 {
            ("leadership", 4.0, leaders_estimate_band)
        } else {
            ("practitioner", 2.0 + (i % 2) as f64, 15.5)
        };
        let who = format!("r{i}");
        for discipline in ["incident management", "change enablement"] {
            answers.push(Answer {
                respondent: who.clone(),
                role: role.into(),
                discipline: discipline.into(),
                score,
            });
        }
        estimates.push(Estimate {
            respondent: who,
            role: role.into(),
            metric: "change.failure_rate",
            percent: percent + (i % 3) as f64,
        });
    }
    SurveyAnswers {
        answers,
        estimates,
        report: SurveyReport::default(),
    }
}

fn run(metrics: Vec<MetricResult>, survey: Option<&SurveyAnswers>) -> Assessment {
    let rubric = Rubric::default_rubric().expect("rubric");
    assess(&rubric, &report(metrics), survey).expect("assess")
}

fn topics(a: &Assessment) -> Vec<&str> {
    a.summary.iter().map(|s| s.topic).collect()
}

fn text<'a>(a: &'a Assessment, topic: &str) -> &'a str {
    a.summary
        .iter()
        .find(|s| s.topic == topic)
        .map(|s| s.text.as_str())
        .unwrap_or_else(|| panic!("no {topic} sentence in {:?}", a.summary))
}

#[test]
fn every_sentence_is_there_when_its_figures_are() {
    let a = run(green_slas(970), Some(&survey(2.5)));
    assert_eq!(
        topics(&a),
        [
            "overall",
            "perception_gap",
            "symptoms",
            "activity_outcome",
            "calibration",
            "first_step"
        ]
    );
    let overall = text(&a, "overall");
    assert!(
        overall.contains("leadership (13 respondents) rates them 4.0"),
        "{overall}"
    );
    let gap = text(&a, "perception_gap");
    assert!(gap.contains("widest in"), "{gap}");
    assert!(
        gap.contains("13 leadership and 27 practitioner respondents"),
        "{gap}"
    );
    let symptoms = text(&a, "symptoms");
    assert!(
        symptoms.contains("repeat firefighting (repeat incidents 46.0 %, n = 1,000)"),
        "{symptoms}"
    );
    assert!(text(&a, "activity_outcome").contains("SLA attainment 97.0 %"));
    let belief = text(&a, "calibration");
    assert!(
        belief.starts_with("Leadership believes 3 in 100 changes fail"),
        "{belief}"
    );
    assert!(
        belief.contains("the data shows 12 in 100 (n = 500)"),
        "{belief}"
    );
    assert!(text(&a, "first_step").starts_with("First step: "));
}

#[test]
fn without_a_survey_only_the_evidence_speaks() {
    let a = run(green_slas(970), None);
    assert_eq!(
        topics(&a),
        ["overall", "symptoms", "activity_outcome", "first_step"]
    );
    assert!(!text(&a, "overall").contains("leadership"));
    // No role overrates without a survey: the first step follows the symptom.
    assert!(text(&a, "first_step").contains("repeat firefighting is present"));
}

#[test]
fn activity_in_line_with_outcomes_and_calibrated_leaders_say_nothing() {
    // SLA attainment 80 %: activity no longer ahead. Leaders estimate about
    // 12 in 100, as measured: nothing to say about beliefs.
    let a = run(green_slas(800), Some(&survey(11.0)));
    let t = topics(&a);
    assert!(!t.contains(&"activity_outcome"), "{t:?}");
    assert!(!t.contains(&"calibration"), "{t:?}");
    assert!(t.contains(&"perception_gap"));
}

#[test]
fn with_no_evaluable_metric_the_evidence_sentences_are_left_out() {
    let a = run(Vec::new(), Some(&survey(2.5)));
    assert_eq!(topics(&a), ["perception_gap"]);
    assert!(text(&a, "perception_gap").contains("the data cannot place it"));
}

#[test]
fn a_gap_the_sample_cannot_confirm_is_said_so() {
    let mut s = survey(2.5);
    // Both roles split evenly between 3 and 4.
    for a in &mut s.answers {
        let number: u32 = a.respondent[1..].parse().expect("number");
        a.score = 3.0 + f64::from(number % 2);
    }
    let a = run(green_slas(970), Some(&s));
    let gap = text(&a, "perception_gap");
    assert!(gap.starts_with("No discipline shows a gap"), "{gap}");
}

#[test]
fn leadership_overrating_names_the_first_step() {
    let a = run(green_slas(970), Some(&survey(2.5)));
    let im = a
        .disciplines
        .iter()
        .find(|d| d.discipline == "incident management")
        .expect("incident management");
    assert_eq!(im.flag_by_role.leadership, "overrated");
    let line = super::overrating(im).expect("overrating sentence");
    assert!(
        line.starts_with("Leadership overrates incident management by"),
        "{line}"
    );
    assert!(text(&a, "first_step").contains("leadership overrates"));
}
