//! Progress on stderr for the long steps (silent when stderr is not a
//! terminal or with `--quiet`), and the time each step took, for `--timings`.

use crate::timings::{Clock, Timings};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::RefCell;
use std::time::Duration;

pub struct Progress {
    bar: ProgressBar,
    current: RefCell<Option<(String, Clock)>>,
    timings: RefCell<Timings>,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            // indicatif draws nothing when stderr is not a terminal.
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar,
            current: RefCell::new(None),
            timings: RefCell::new(Timings::new()),
        }
    }

    /// Ends the running step (recording its time) and starts `message`.
    pub fn step(&self, message: &str) {
        self.close();
        *self.current.borrow_mut() = Some((message.to_string(), Clock::start()));
        self.bar.set_message(message.to_string());
    }

    /// The parts the running step is made of, timed by the code doing them.
    pub fn details(&self, parts: &Timings) {
        if let Some((stage, _)) = self.current.borrow().as_ref() {
            self.timings.borrow_mut().detail(stage, parts);
        }
    }

    fn close(&self) {
        if let Some((stage, start)) = self.current.borrow_mut().take() {
            self.timings.borrow_mut().record(&stage, start.elapsed());
        }
    }

    /// Clears the display; the time of every step.
    pub fn finish(&self) -> Timings {
        self.close();
        self.bar.finish_and_clear();
        self.timings.borrow().clone()
    }
}
