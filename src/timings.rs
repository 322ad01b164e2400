//! Wall-clock time per stage of a run, for `analyze --timings` and
//! `metrics --timings`: where a run spends its time, measured, not guessed;
//! the processor time of all threads in each stage, which says how much
//! work a stage is where the machine's speed varies; and the process's peak
//! memory when each stage ended, so that the stage that raised the peak can
//! be told.

use std::fmt::Write;
use std::time::{Duration, Instant};

/// Wall-clock and processor time spent since a clock started.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spent {
    pub wall: Duration,
    /// User and system time of every thread of the process; `None` where
    /// the system does not say or the time was measured apart.
    pub cpu: Option<Duration>,
}

impl From<Duration> for Spent {
    fn from(wall: Duration) -> Self {
        Spent { wall, cpu: None }
    }
}

/// A stage's start: the wall clock and the process's processor time.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    pub fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: process_cpu(),
        }
    }

    pub fn elapsed(&self) -> Spent {
        Spent {
            wall: self.wall.elapsed(),
            cpu: match (self.cpu, process_cpu()) {
                (Some(start), Some(now)) => Some(now.saturating_sub(start)),
                _ => None,
            },
        }
    }
}

/// One stage: its times, and the peak resident memory (MiB) of the process
/// at its end (0 where the system does not say).
#[derive(Debug, Clone)]
struct Stage {
    name: String,
    took: Duration,
    cpu: Option<Duration>,
    peak_mib: u64,
}

fn resource_usage() -> Option<libc::rusage> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes the struct it is given and nothing else.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        // SAFETY: getrusage succeeded, so the struct is written.
        return ok.then(|| unsafe { usage.assume_init() });
    }
    #[allow(unreachable_code)]
    None
}

/// User and system time of every thread of this process so far.
fn process_cpu() -> Option<Duration> {
    let usage = resource_usage()?;
    let micros = |t: libc::timeval| {
        u64::try_from(t.tv_sec).unwrap_or(0) * 1_000_000 + u64::try_from(t.tv_usec).unwrap_or(0)
    };
    Some(Duration::from_micros(
        micros(usage.ru_utime) + micros(usage.ru_stime),
    ))
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
    resource_usage().map_or(0, |u| u64::try_from(u.ru_maxrss).unwrap_or(0) / 1024)
}

impl Timings {
    pub fn new() -> Self {
        Timings::default()
    }

    /// Runs `f` and records its time under `stage`.
    pub fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Clock::start();
        let out = f();
        self.record(stage, start.elapsed());
        out
    }

    /// Adds `spent` to `stage` (stages of the same name add up).
    pub fn record(&mut self, stage: &str, spent: impl Into<Spent>) {
        let spent = spent.into();
        self.add(stage, spent.wall, spent.cpu, peak_memory_mib());
    }

    fn add(&mut self, stage: &str, took: Duration, cpu: Option<Duration>, peak_mib: u64) {
        match self.stages.iter_mut().find(|s| s.name == stage) {
            Some(s) => {
                s.took += took;
                s.cpu = match (s.cpu, cpu) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
                s.peak_mib = s.peak_mib.max(peak_mib);
            }
            None => self.stages.push(Stage {
                name: stage.to_string(),
                took,
                cpu,
                peak_mib,
            }),
        }
    }

    /// Takes over the stages of another run part, in their order.
    pub fn extend(&mut self, other: &Timings) {
        for s in &other.stages {
            self.add(&s.name, s.took, s.cpu, s.peak_mib);
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
            "{:<width$}  {:>9}  {:>6}  {:>9}  {:>8}\n",
            "stage", "ms", "share", "cpu ms", "peak MiB"
        );
        let mut line = |name: String, stage: &Stage| {
            let s = stage.took.as_secs_f64();
            let cpu = stage
                .cpu
                .map(|c| format!("{:.1}", c.as_secs_f64() * 1000.0))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{name:<width$}  {:>9.1}  {:>5.1} %  {cpu:>9}  {:>8}",
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
        let cpu: Duration = self.stages.iter().filter_map(|s| s.cpu).sum();
        let _ = writeln!(
            out,
            "{:<width$}  {:>9.1}  {:>6}  {:>9.1}  {:>8}",
            "total",
            total * 1000.0,
            "",
            cpu.as_secs_f64() * 1000.0,
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
