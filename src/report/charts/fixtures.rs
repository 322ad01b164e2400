//! Hand-made chart inputs for the tests: a full set where every chart has
//! data, and an empty one where none has.

use super::ChartInput;
use crate::maturity::calibration::calibrate;
use crate::maturity::stats::Summary;
use crate::maturity::survey::Estimate;
use crate::maturity::{self, Assessment, Rubric, gaps};
use crate::metrics::result::MonthPoint;
use crate::metrics::{self, Inputs, MetricResult, MetricsReport, Parameters, WindowOptions};

pub(crate) struct Data {
    pub metrics: MetricsReport,
    pub assessment: Assessment,
    pub rubric: Rubric,
    pub repeats: Vec<(String, u64)>,
}

impl Data {
    pub(crate) fn input(&self) -> ChartInput<'_> {
        ChartInput {
            metrics: &self.metrics,
            assessment: &self.assessment,
            rubric: &self.rubric,
            repeats_by_ci: &self.repeats,
        }
    }
}

/// A report with every metric not evaluable: what a run over no exports gives.
fn empty_report() -> MetricsReport {
    metrics::compute(
        &Inputs::default(),
        &Parameters::default(),
        &WindowOptions::default(),
    )
    .expect("metrics over no inputs")
}

/// Month `i` (0-based) from January 2023.
fn month(i: usize) -> String {
    format!("{}-{:02}", 2023 + i / 12, i % 12 + 1)
}

/// A monthly rate: `k(i)` of `n(i)`, thin below 30.
fn monthly(
    id: &str,
    variant: Option<&str>,
    months: usize,
    n: impl Fn(usize) -> u64,
    k: impl Fn(usize) -> u64,
) -> MetricResult {
    let (kt, nt) = (0..months).fold((0, 0), |(a, b), i| (a + k(i), b + n(i)));
    let mut r = MetricResult::rate(id, variant, kt, nt, "none");
    r.by_month = (0..months)
        .map(|i| {
            let (k, n) = (k(i), n(i));
            MonthPoint {
                month: month(i),
                value: (n > 0).then(|| k as f64 / n as f64),
                numerator: Some(k),
                denominator: Some(n),
                thin: n < 30,
            }
        })
        .collect();
    r
}

fn hours(variant: &str, value: f64, n: u64) -> MetricResult {
    MetricResult::hours("incident.mttr_hours", Some(variant), Some(value), n, "none")
}

fn set(report: &mut MetricsReport, result: MetricResult) {
    report
        .metrics
        .retain(|m| !(m.id == result.id && m.variant == result.variant));
    report.metrics.push(result);
}

fn survey(mean: f64) -> Option<Summary> {
    Some(Summary {
        mean,
        sd: Some(0.8),
        n: 6,
        respondents: 6,
    })
}

/// Every chart has data: 14 months (two of them thin), a survey, 20 CIs.
pub(crate) fn full() -> Data {
    let rubric = Rubric::default_rubric().expect("default rubric");
    let mut report = empty_report();
    let months = 14;
    let n = |i: usize| {
        if i == 0 || i == 13 {
            12
        } else {
            80 + 7 * i as u64
        }
    };
    set(
        &mut report,
        monthly("change.failure_rate", Some("explicit"), months, n, |i| {
            n(i) * (30 - i as u64) / 100
        }),
    );
    set(
        &mut report,
        monthly("incident.repeat_rate", None, months, n, |i| {
            n(i) * (18 + (i as u64 % 4)) / 100
        }),
    );
    set(
        &mut report,
        monthly("desk.self_service_share", None, months, n, |i| {
            n(i) * (20 + 2 * i as u64) / 100
        }),
    );
    let mut median = hours("median", 20.5, 900);
    median.by_month = (0..months)
        .map(|i| MonthPoint {
            month: month(i),
            value: (i != 5).then_some(30.0 - i as f64),
            numerator: None,
            denominator: Some(if i == 5 { 0 } else { n(i) }),
            thin: n(i) < 30,
        })
        .collect();
    set(&mut report, median);
    let channels: [(&str, u64); 4] = [
        ("phone", 45),
        ("self_service", 30),
        ("email", 20),
        ("walk_in", 5),
    ];
    for (c, share) in channels {
        set(
            &mut report,
            monthly("desk.channel_mix", Some(c), months, n, move |i| {
                let drift = if c == "self_service" { i as u64 } else { 0 };
                let drop = if c == "phone" { i as u64 } else { 0 };
                n(i) * (share + drift - drop) / 100
            }),
        );
    }
    for (p, med, p90) in [
        ("P1", 3.5, 9.0),
        ("P2", 12.0, 40.0),
        ("P3", 26.0, 120.0),
        ("P4", 60.0, 400.0),
    ] {
        set(&mut report, hours(&format!("median/{p}"), med, 50));
        set(&mut report, hours(&format!("p90/{p}"), p90, 50));
    }
    set(
        &mut report,
        MetricResult::rate("incident.reopen_rate", None, 8, 200, "none"),
    );
    set(
        &mut report,
        MetricResult::rate("cmdb.incident_ci_coverage", None, 150, 200, "none"),
    );
    let mut assessment = maturity::assess(&rubric, &report, None).expect("assess");
    let scores = [
        (4.2, 2.9),
        (3.5, 2.0),
        (4.5, 2.5),
        (3.0, 3.2),
        (3.8, 2.4),
        (2.5, 2.0),
    ];
    let mut rows = Vec::new();
    for (d, (lead, prac)) in assessment.disciplines.iter_mut().zip(scores) {
        d.survey.leadership = survey(lead);
        d.survey.practitioner = survey(prac);
        rows.push(gaps::row(
            &d.discipline,
            d.survey.leadership.as_ref(),
            d.survey.practitioner.as_ref(),
            d.evidence_level,
        ));
    }
    for d in assessment.disciplines.iter().skip(scores.len()) {
        rows.push(gaps::row(&d.discipline, None, None, d.evidence_level));
    }
    assessment.perception_gaps = gaps::rank(rows);
    let mut estimates = Vec::new();
    for (metric, role, percents) in [
        (
            "change.failure_rate",
            "leadership",
            &[2.5, 8.0, 2.5, 8.0, 8.0][..],
        ),
        (
            "change.failure_rate",
            "practitioner",
            &[8.0, 15.5, 15.5, 8.0, 15.5, 15.5],
        ),
        (
            "sla.attainment",
            "leadership",
            &[95.0, 99.0, 95.0, 99.0, 99.0],
        ),
    ] {
        for (i, percent) in percents.iter().enumerate() {
            estimates.push(Estimate {
                respondent: format!("{role}-{i}"),
                role: role.into(),
                metric,
                percent: *percent,
            });
        }
    }
    assessment.calibration = calibrate(&estimates, &report.metrics);
    let repeats = (0..20u64)
        .map(|i| {
            let name = if i % 3 == 0 {
                format!("prod-database-cluster-eu-west-{i:02}.internal.example.com")
            } else {
                format!("app server {i}")
            };
            (name, 200 / (i + 1) + (i % 2))
        })
        .collect();
    Data {
        metrics: report,
        assessment,
        rubric,
        repeats,
    }
}

/// Nothing evaluable, no survey, no repeats.
pub(crate) fn empty() -> Data {
    let rubric = Rubric::default_rubric().expect("default rubric");
    let report = empty_report();
    let assessment = maturity::assess(&rubric, &report, None).expect("assess");
    Data {
        metrics: report,
        assessment,
        rubric,
        repeats: Vec::new(),
    }
}
