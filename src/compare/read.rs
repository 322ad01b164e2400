//! Reading one assessment: a report folder (its `metrics.json`, and its
//! `maturity.json` when present), or a `metrics.json` path (with the
//! `maturity.json` beside it when present). Read leniently as JSON, so that
//! folders written by other versions of the tool still compare.

use super::error::CompareError;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One metric figure as a report folder holds it.
#[derive(Debug, Clone)]
pub struct Figure {
    pub id: String,
    pub variant: Option<String>,
    pub unit: String,
    pub value: Option<f64>,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// `higher` / `lower` from the figure's trend, when it has one.
    pub better: Option<String>,
}

/// One discipline's evidence level and perception gap.
#[derive(Debug, Clone)]
pub struct Discipline {
    pub name: String,
    pub level: Option<f64>,
    pub range: Option<[f64; 2]>,
    pub gap: Option<f64>,
}

/// One assessment, as read from its folder.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub metrics: Vec<Figure>,
    pub parameters: Value,
    pub rubric: Option<String>,
    pub disciplines: Vec<Discipline>,
}

fn read_json(path: &Path) -> Result<Value, CompareError> {
    let text = std::fs::read_to_string(path).map_err(|e| CompareError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| CompareError::NotMetrics {
        path: path.to_path_buf(),
        why: format!("not JSON: {e}"),
    })
}

/// The metrics.json and (if any) maturity.json of a folder or metrics path.
fn files(path: &Path) -> Result<(PathBuf, Option<PathBuf>), CompareError> {
    if path.is_dir() {
        let metrics = path.join("metrics.json");
        if !metrics.is_file() {
            return Err(CompareError::NoMetrics {
                path: path.to_path_buf(),
            });
        }
        let maturity = path.join("maturity.json");
        return Ok((metrics, maturity.is_file().then_some(maturity)));
    }
    if !path.is_file() {
        return Err(CompareError::Missing {
            path: path.to_path_buf(),
        });
    }
    let maturity = path
        .parent()
        .map(|p| p.join("maturity.json"))
        .filter(|m| m.is_file() && m != path);
    Ok((path.to_path_buf(), maturity))
}

pub fn read(path: &Path) -> Result<Assessment, CompareError> {
    let (metrics_path, maturity_path) = files(path)?;
    let doc = read_json(&metrics_path)?;
    let not_metrics = |why: &str| CompareError::NotMetrics {
        path: metrics_path.clone(),
        why: why.to_string(),
    };
    let list = doc["metrics"]
        .as_array()
        .ok_or_else(|| not_metrics("no `metrics` list"))?;
    let mut metrics = Vec::with_capacity(list.len());
    for m in list {
        let id = m["id"]
            .as_str()
            .ok_or_else(|| not_metrics("a metric without an `id`"))?;
        metrics.push(Figure {
            id: id.to_string(),
            variant: m["variant"].as_str().map(str::to_string),
            unit: m["unit"].as_str().unwrap_or("").to_string(),
            value: m["value"].as_f64().filter(|v| v.is_finite()),
            numerator: m["numerator"].as_u64(),
            denominator: m["denominator"].as_u64(),
            ci_low: m["ci_low"].as_f64(),
            ci_high: m["ci_high"].as_f64(),
            better: m["trend"]["better"].as_str().map(str::to_string),
        });
    }
    let (rubric, disciplines) = match maturity_path {
        Some(p) => maturity(&p)?,
        None => (None, Vec::new()),
    };
    Ok(Assessment {
        metrics,
        parameters: doc["parameters"].clone(),
        rubric,
        disciplines,
    })
}

fn maturity(path: &Path) -> Result<(Option<String>, Vec<Discipline>), CompareError> {
    let doc = read_json(path).map_err(|e| match e {
        CompareError::NotMetrics { path, why } => CompareError::NotMaturity { path, why },
        other => other,
    })?;
    let list = doc["disciplines"]
        .as_array()
        .ok_or_else(|| CompareError::NotMaturity {
            path: path.to_path_buf(),
            why: "no `disciplines` list".into(),
        })?;
    let disciplines = list
        .iter()
        .filter_map(|d| {
            let range = d["evidence_range"]
                .as_array()
                .and_then(|r| Some([r.first()?.as_f64()?, r.get(1)?.as_f64()?]));
            Some(Discipline {
                name: d["discipline"].as_str()?.to_string(),
                level: d["evidence_level"].as_f64(),
                range,
                gap: d["perception_gap"]["value"].as_f64(),
            })
        })
        .collect();
    Ok((
        doc["rubric"]["sha256"].as_str().map(str::to_string),
        disciplines,
    ))
}

/// Why two runs may not compare like with like: a different rubric, or
/// different metric parameters.
pub fn differences(before: &Assessment, after: &Assessment) -> Vec<String> {
    let mut out = Vec::new();
    if before.rubric != after.rubric {
        out.push(format!(
            "the runs used different rubrics (sha256 {} and {}): levels are not on the same scale",
            before.rubric.as_deref().unwrap_or("none"),
            after.rubric.as_deref().unwrap_or("none")
        ));
    }
    if let (Some(b), Some(a)) = (before.parameters.as_object(), after.parameters.as_object()) {
        let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            if b.get(name) != a.get(name) {
                let show = |v: Option<&Value>| v.map_or("none".to_string(), Value::to_string);
                out.push(format!(
                    "parameter {name} differs ({} before, {} after): figures that use it are not defined alike",
                    show(b.get(name)),
                    show(a.get(name))
                ));
            }
        }
    }
    out
}
