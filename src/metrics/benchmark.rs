//! Published references: where a named, dated source gives a figure for a
//! metric, the figure travels with ours so a reader can hold one against the
//! other. Only figures whose source was looked up are listed; docs/metrics.md
//! records each with what it measured. The rubric's level thresholds are a
//! separate matter and mostly judgment.

use super::result::MetricResult;
use serde::Serialize;

/// One labelled reference value (a fraction 0..1).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Point {
    pub label: &'static str,
    pub value: f64,
}

/// One labelled reference range (fractions 0..1, both ends included).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Band {
    pub label: &'static str,
    pub low: f64,
    pub high: f64,
}

/// A published reference for a metric and where it comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Benchmark {
    /// A single reference value, when the source gives one.
    pub value: Option<f64>,
    /// Reference values per group (high performers, others, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<Point>,
    /// Reference ranges per group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    pub source: &'static str,
    pub url: &'static str,
    /// The year the figures were published for.
    pub year: u16,
    /// What the source measured and how it differs from our figure.
    pub note: &'static str,
}

fn dora_2019() -> Benchmark {
    Benchmark {
        value: None,
        points: Vec::new(),
        bands: vec![
            Band {
                label: "elite performers",
                low: 0.0,
                high: 0.15,
            },
            Band {
                label: "low performers",
                low: 0.46,
                high: 0.60,
            },
        ],
        source: "DORA, Accelerate State of DevOps Report 2019, as reported by DevOps.com",
        url: "https://devops.com/dora-report-devops-maturity-levels-rise/",
        year: 2019,
        note: "share of software deployments that degrade service, from a survey of 31,000 professionals; \
               ours counts the change records of an ITSM tool. DORA re-clusters every year, so later bands differ",
    }
}

fn hdi_2015() -> Benchmark {
    Benchmark {
        value: Some(0.66),
        points: Vec::new(),
        bands: Vec::new(),
        source: "HDI, 2015 Support Center Practices & Salary Report, as reported by Freshservice",
        url: "http://blog.freshservice.com/it-service-desk-industry-metric-benchmarks/",
        year: 2015,
        note: "average first contact resolution of incidents in the support centres HDI surveyed (66.9 % for \
               service requests); ours is a proxy: resolved incidents never reassigned and never reopened",
    }
}

fn axios_2017() -> Benchmark {
    Benchmark {
        value: None,
        points: vec![
            Point {
                label: "high performers",
                value: 0.71,
            },
            Point {
                label: "other organisations",
                value: 0.36,
            },
            Point {
                label: "high performers' aim",
                value: 0.84,
            },
        ],
        bands: Vec::new(),
        source: "Axios Systems, The 7 Attributes of High-Performing IT Service Organizations (whitepaper)",
        url: "https://www.axiossystems.com/the-7-attributes-of-high-performing-it-service-organizations",
        year: 2017,
        note: "share of employee interactions with IT that are self-service; ours is the share of tickets \
               people raised through self-service channels",
    }
}

/// The published reference for a metric and variant, if one is sourced.
pub fn benchmark_for(id: &str, variant: Option<&str>) -> Option<Benchmark> {
    match (id, variant) {
        ("change.failure_rate", Some("explicit" | "inferred")) => Some(dora_2019()),
        ("desk.first_contact_resolution", None) => Some(hdi_2015()),
        ("desk.self_service_share", None) => Some(axios_2017()),
        _ => None,
    }
}

/// Gives every metric with a sourced reference its benchmark.
pub fn attach(metrics: &mut [MetricResult]) {
    for m in metrics {
        m.benchmark = benchmark_for(&m.id, m.variant.as_deref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sourced_metrics_carry_a_dated_reference() {
        for (id, variant) in [
            ("change.failure_rate", Some("explicit")),
            ("desk.first_contact_resolution", None),
            ("desk.self_service_share", None),
        ] {
            let b = benchmark_for(id, variant).expect("benchmark");
            assert!(b.url.starts_with("http"), "{id}");
            assert!(b.year >= 2015, "{id}");
            let values: Vec<f64> = b
                .value
                .into_iter()
                .chain(b.points.iter().map(|p| p.value))
                .chain(b.bands.iter().flat_map(|r| [r.low, r.high]))
                .collect();
            assert!(!values.is_empty(), "{id}");
            assert!(values.iter().all(|v| (0.0..=1.0).contains(v)), "{id}");
        }
        assert!(benchmark_for("incident.repeat_rate", None).is_none());
        assert!(benchmark_for("desk.channel_mix", Some("phone")).is_none());
    }
}
