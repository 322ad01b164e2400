//! Wall-clock time per stage of a run, for `analyze --timings` and
//! `metrics --timings`: where a run spends its time, measured, not guessed.

use std::fmt::Write;
use std::time::{Duration, Instant};

/// Stages in the order they ran, each with its time; a stage may carry
/// details (the parts it is made of), shown indented below it.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    stages: Vec<(String, Duration)>,
    details: Vec<(String, Vec<(String, Duration)>)>,
}

impl Timings {
    pub fn new() -> Self {
        Timings::default()
    }

    /// Runs `f` and records its time under `stage`.
    pub fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.record(stage, start.elapsed());
        out
    }

    /// Adds `elapsed` to `stage` (stages of the same name add up).
    pub fn record(&mut self, stage: &str, elapsed: Duration) {
        match self.stages.iter_mut().find(|(s, _)| s == stage) {
            Some((_, d)) => *d += elapsed,
            None => self.stages.push((stage.to_string(), elapsed)),
        }
    }

    /// Takes over the stages of another run part, in their order.
    pub fn extend(&mut self, other: &Timings) {
        for (stage, d) in &other.stages {
            self.record(stage, *d);
        }
    }

    /// Shows the stages of `parts` as the details of `stage`.
    pub fn detail(&mut self, stage: &str, parts: &Timings) {
        self.details.push((stage.to_string(), parts.stages.clone()));
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    /// A table: stage, milliseconds, share of the total.
    pub fn render(&self) -> String {
        let total = self.total().as_secs_f64().max(1e-9);
        let width = self
            .stages
            .iter()
            .map(|(s, _)| s.len())
            .chain(
                self.details
                    .iter()
                    .flat_map(|(_, parts)| parts.iter().map(|(p, _)| p.len() + 2)),
            )
            .max()
            .unwrap_or(5)
            .max(5);
        let mut out = format!("{:<width$}  {:>9}  {:>6}\n", "stage", "ms", "share");
        let mut line = |name: String, d: &Duration| {
            let s = d.as_secs_f64();
            let _ = writeln!(
                out,
                "{name:<width$}  {:>9.1}  {:>5.1} %",
                s * 1000.0,
                100.0 * s / total
            );
        };
        for (stage, d) in &self.stages {
            line(stage.clone(), d);
            for (_, parts) in self.details.iter().filter(|(of, _)| of == stage) {
                for (part, d) in parts {
                    line(format!("  {part}"), d);
                }
            }
        }
        let _ = writeln!(out, "{:<width$}  {:>9.1}", "total", total * 1000.0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_and_keep_their_order() {
        let mut t = Timings::new();
        t.record("read", Duration::from_millis(30));
        t.record("metrics", Duration::from_millis(10));
        t.record("read", Duration::from_millis(20));
        assert_eq!(t.total(), Duration::from_millis(60));
        let text = t.render();
        let read = text.find("read").expect("read");
        let metrics = text.find("metrics").expect("metrics");
        assert!(read < metrics, "{text}");
        assert!(text.contains("50.0"), "{text}");
    }
}
