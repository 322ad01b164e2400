//! Wall-clock time per stage of a run, for `analyze --timings` and
//! `metrics --timings`: where a run spends its time, measured, not guessed,
//! and the process's peak memory when each stage ended, so that the stage
//! that raised the peak can be told.

use std::fmt::Write;
use std::time::{Duration, Instant};

/// One stage: its time, and the peak resident memory (MiB) of the process
/// at its end (0 where the system does not say).
#[derive(Debug, Clone)]
struct Stage {
    name: String,
    took: Duration,
    peak_mib: u64,
}

/// Stages in the order they ran, each with its time; a stage may carry
/// details (the parts it is made of), shown indented below it.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    stages: Vec<Stage>,
    details: Vec<(String, Vec<Stage>)>,
}

/// The peak resident memory of this process so far, in MiB.
pub fn peak_memory_mib() -> u64 {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes the struct it is given and nothing else.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: getrusage succeeded, so the struct is written.
            let kib = unsafe { usage.assume_init() }.ru_maxrss;
            return u64::try_from(kib).unwrap_or(0) / 1024;
        }
    }
    0
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
        self.add(stage, elapsed, peak_memory_mib());
    }

    fn add(&mut self, stage: &str, elapsed: Duration, peak_mib: u64) {
        match self.stages.iter_mut().find(|s| s.name == stage) {
            Some(s) => {
                s.took += elapsed;
                s.peak_mib = s.peak_mib.max(peak_mib);
            }
            None => self.stages.push(Stage {
                name: stage.to_string(),
                took: elapsed,
                peak_mib,
            }),
        }
    }

    /// Takes over the stages of another run part, in their order.
    pub fn extend(&mut self, other: &Timings) {
        for s in &other.stages {
            self.add(&s.name, s.took, s.peak_mib);
        }
    }

    /// Shows the stages of `parts` as the details of `stage`.
    pub fn detail(&mut self, stage: &str, parts: &Timings) {
        self.details.push((stage.to_string(), parts.stages.clone()));
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|s| s.took).sum()
    }

    /// A table: stage, milliseconds, share of the total, and the peak
    /// memory when the stage ended.
    pub fn render(&self) -> String {
        let total = self.total().as_secs_f64().max(1e-9);
        let width = self
            .stages
            .iter()
            .map(|s| s.name.len())
            .chain(
                self.details
                    .iter()
                    .flat_map(|(_, parts)| parts.iter().map(|p| p.name.len() + 2)),
            )
            .max()
            .unwrap_or(5)
            .max(5);
        let mut out = format!(
            "{:<width$}  {:>9}  {:>6}  {:>8}\n",
            "stage", "ms", "share", "peak MiB"
        );
        let mut line = |name: String, stage: &Stage| {
            let s = stage.took.as_secs_f64();
            let _ = writeln!(
                out,
                "{name:<width$}  {:>9.1}  {:>5.1} %  {:>8}",
                s * 1000.0,
                100.0 * s / total,
                stage.peak_mib
            );
        };
        for stage in &self.stages {
            line(stage.name.clone(), stage);
            for (_, parts) in self.details.iter().filter(|(of, _)| *of == stage.name) {
                for part in parts {
                    line(format!("  {}", part.name), part);
                }
            }
        }
        let _ = writeln!(
            out,
            "{:<width$}  {:>9.1}  {:>6}  {:>8}",
            "total",
            total * 1000.0,
            "",
            peak_memory_mib()
        );
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
