//! The maturity rubric: which metric speaks to which discipline, with the
//! values needed for each level, and the symptom checks. The default ships in
//! the binary (`default_rubric.toml`); `--rubric FILE` replaces it. A rubric
//! file is validated with errors that name its line.

use crate::error::{Error, Result};
use crate::metrics::catalog::is_metric_id;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use toml::Spanned;

/// The rubric's text as shipped.
pub const DEFAULT_RUBRIC: &str = include_str!("default_rubric.toml");

/// The disciplines the rubric and the survey speak of.
pub const DISCIPLINES: &[&str] = &[
    "incident management",
    "problem management",
    "change enablement",
    "service desk",
    "knowledge management",
    "configuration management",
    "service level management",
    "workforce",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

/// One metric's thresholds for levels 2..5.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub discipline: String,
    pub metric: String,
    pub variant: Option<String>,
    pub direction: Direction,
    pub thresholds: [f64; 4],
    pub weight: f64,
    pub source: Option<String>,
}

/// A condition on a metric that signals a symptom.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub metric: String,
    pub variant: Option<String>,
    pub above: Option<f64>,
    pub below: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Symptom {
    pub name: String,
    pub checks: Vec<Check>,
}

/// A validated rubric and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Rubric {
    pub name: String,
    pub sha256: String,
    pub min_sample: u64,
    pub indicators: Vec<Indicator>,
    pub symptoms: Vec<Symptom>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    name: String,
    min_sample: Option<u64>,
    #[serde(default)]
    indicator: Vec<Spanned<IndicatorFile>>,
    #[serde(default)]
    symptom: Vec<Spanned<SymptomFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFile {
    discipline: String,
    metric: String,
    variant: Option<String>,
    direction: String,
    thresholds: Vec<f64>,
    weight: Option<f64>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SymptomFile {
    name: String,
    checks: Vec<CheckFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckFile {
    metric: String,
    variant: Option<String>,
    above: Option<f64>,
    below: Option<f64>,
}

impl Rubric {
    /// The rubric shipped in the binary.
    pub fn default_rubric() -> Result<Self> {
        Self::parse(DEFAULT_RUBRIC, Path::new("(built-in rubric)"))
    }

    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::io(path, e),
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let line_of = |offset: usize| text[..offset.min(text.len())].lines().count().max(1);
        let err = |offset: usize, message: String| Error::Config {
            path: path.to_path_buf(),
            line: line_of(offset),
            message,
        };
        let file: RubricFile = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(s.start)).unwrap_or(1),
            message: e.message().to_string(),
        })?;
        let mut indicators = Vec::new();
        for spanned in &file.indicator {
            let at = spanned.span().start + 1;
            let i = spanned.get_ref();
            if !DISCIPLINES.contains(&i.discipline.as_str()) {
                return Err(err(
                    at,
                    format!(
                        "unknown discipline `{}`; expected one of {}",
                        i.discipline,
                        DISCIPLINES.join(", ")
                    ),
                ));
            }
            if !is_metric_id(&i.metric) {
                return Err(err(
                    at,
                    format!(
                        "unknown metric id `{}` (docs/metrics.md lists them)",
                        i.metric
                    ),
                ));
            }
            let direction = match i.direction.as_str() {
                "higher" => Direction::Higher,
                "lower" => Direction::Lower,
                other => {
                    return Err(err(
                        at,
                        format!("direction `{other}`: expected \"higher\" or \"lower\""),
                    ));
                }
            };
            let thresholds: [f64; 4] = i.thresholds.as_slice().try_into().map_err(|_| {
                err(
                    at,
                    format!(
                        "{}: thresholds must give the values for levels 2, 3, 4 and 5 (4 numbers), found {}",
                        i.metric,
                        i.thresholds.len()
                    ),
                )
            })?;
            let ordered = thresholds.windows(2).all(|w| match direction {
                Direction::Higher => w[0] < w[1],
                Direction::Lower => w[0] > w[1],
            });
            if !ordered || thresholds.iter().any(|t| !t.is_finite()) {
                let want = match direction {
                    Direction::Higher => "rise",
                    Direction::Lower => "fall",
                };
                return Err(err(
                    at,
                    format!(
                        "{}: with direction {} the thresholds must {want} from level 2 to 5",
                        i.metric, i.direction
                    ),
                ));
            }
            let weight = i.weight.unwrap_or(1.0);
            if !(weight.is_finite() && weight > 0.0) {
                return Err(err(
                    at,
                    format!("{}: weight {weight} must be a positive number", i.metric),
                ));
            }
            indicators.push(Indicator {
                discipline: i.discipline.clone(),
                metric: i.metric.clone(),
                variant: i.variant.clone().filter(|v| !v.is_empty()),
                direction,
                thresholds,
                weight,
                source: i.source.clone(),
            });
        }
        let mut symptoms = Vec::new();
        for spanned in &file.symptom {
            let at = spanned.span().start + 1;
            let s = spanned.get_ref();
            let mut checks = Vec::new();
            for c in &s.checks {
                if !is_metric_id(&c.metric) {
                    return Err(err(
                        at,
                        format!("symptom `{}`: unknown metric id `{}`", s.name, c.metric),
                    ));
                }
                if c.above.is_some() == c.below.is_some() {
                    return Err(err(
                        at,
                        format!(
                            "symptom `{}`: each check needs exactly one of above or below",
                            s.name
                        ),
                    ));
                }
                checks.push(Check {
                    metric: c.metric.clone(),
                    variant: c.variant.clone(),
                    above: c.above,
                    below: c.below,
                });
            }
            symptoms.push(Symptom {
                name: s.name.clone(),
                checks,
            });
        }
        Ok(Rubric {
            name: file.name,
            sha256: sha256_hex(text.as_bytes()),
            min_sample: file.min_sample.unwrap_or(30),
            indicators,
            symptoms,
        })
    }
}

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Rubric> {
        Rubric::parse(text, Path::new("r.toml"))
    }

    fn line_of_error(text: &str) -> (usize, String) {
        match parse(text) {
            Err(Error::Config { line, message, .. }) => (line, message),
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    const HEAD: &str = "name = \"test\"\n";

    #[test]
    fn default_rubric_is_valid_and_covers_the_contract() {
        let r = Rubric::default_rubric().expect("valid");
        assert_eq!(r.indicators.len(), 17);
        assert_eq!(r.symptoms.len(), 5);
        assert_eq!(r.sha256.len(), 64);
        let mttr = r
            .indicators
            .iter()
            .find(|i| i.metric == "incident.mttr_hours")
            .expect("mttr");
        assert_eq!(mttr.variant.as_deref(), Some("median/P2"));
    }

    #[test]
    fn unknown_metric_names_its_line() {
        let text = format!(
            "{HEAD}\n[[indicator]]\ndiscipline = \"workforce\"\nmetric = \"workforce.happiness\"\ndirection = \"higher\"\nthresholds = [1, 2, 3, 4]\n"
        );
        let (line, msg) = line_of_error(&text);
        assert!(
            msg.contains("unknown metric id `workforce.happiness`"),
            "{msg}"
        );
        assert_eq!(line, 3, "{msg}");
    }

    #[test]
    fn unknown_discipline() {
        let text = format!(
            "{HEAD}[[indicator]]\ndiscipline = \"vibes\"\nmetric = \"incident.repeat_rate\"\ndirection = \"lower\"\nthresholds = [4, 3, 2, 1]\n"
        );
        assert!(
            line_of_error(&text)
                .1
                .contains("unknown discipline `vibes`")
        );
    }

    #[test]
    fn thresholds_must_follow_the_direction() {
        let text = format!(
            "{HEAD}[[indicator]]\ndiscipline = \"workforce\"\nmetric = \"workforce.resolver_churn\"\ndirection = \"lower\"\nthresholds = [0.1, 0.2, 0.3, 0.4]\n"
        );
        assert!(line_of_error(&text).1.contains("must fall"));
        let text = format!(
            "{HEAD}[[indicator]]\ndiscipline = \"service desk\"\nmetric = \"desk.self_service_share\"\ndirection = \"higher\"\nthresholds = [0.4, 0.3, 0.5, 0.6]\n"
        );
        assert!(line_of_error(&text).1.contains("must rise"));
    }

    #[test]
    fn a_missing_level_and_a_bad_weight() {
        let text = format!(
            "{HEAD}[[indicator]]\ndiscipline = \"workforce\"\nmetric = \"workforce.resolver_churn\"\ndirection = \"lower\"\nthresholds = [0.5, 0.3, 0.2]\n"
        );
        assert!(line_of_error(&text).1.contains("4 numbers"));
        let text = format!(
            "{HEAD}[[indicator]]\ndiscipline = \"workforce\"\nmetric = \"workforce.resolver_churn\"\ndirection = \"lower\"\nthresholds = [0.5, 0.3, 0.2, 0.1]\nweight = -1\n"
        );
        assert!(line_of_error(&text).1.contains("weight"));
    }

    #[test]
    fn toml_mistakes_and_unknown_keys_name_the_line() {
        let (line, _) = line_of_error("name = \"x\"\nmin_sample = \"many\"\n");
        assert_eq!(line, 2);
        let (_, msg) = line_of_error("name = \"x\"\ncolour = 1\n");
        assert!(msg.contains("colour"), "{msg}");
    }
}
