//! Resolver churn and resolution concentration from the resolutions written.
//!
//! The first and last quarters of the window depend on the window's end, which
//! is known only when the last incident is written. Resolutions whose quarter
//! is already certain set a flag; the few near a boundary that is still moving
//! (under two days' worth) are kept and decided at the end.

use super::super::calendar::Ts;

#[derive(Debug, Clone, Copy, Default)]
struct Person {
    resolutions: u64,
    first_quarter: bool,
    last_quarter: bool,
}

#[derive(Debug)]
pub struct Workforce {
    people: Vec<Person>,
    /// Start of the last day of the window and the export moment: the window's
    /// end (the last incident opened) lies between them.
    last_day: Ts,
    end: Ts,
    from: Option<Ts>,
    undecided: Vec<(u32, Ts)>,
}

/// (first-quarter resolvers absent in the last quarter, first-quarter resolvers).
pub struct Churn {
    pub left: u64,
    pub active_first: u64,
}

impl Workforce {
    pub fn new(resolvers: usize, last_day: Ts, end: Ts) -> Self {
        Workforce {
            people: vec![Person::default(); resolvers],
            last_day,
            end,
            from: None,
            undecided: Vec::new(),
        }
    }

    /// The window's start (the first incident opened), known before any resolution.
    pub fn start(&mut self, from: Ts) {
        self.from.get_or_insert(from);
    }

    pub fn resolution(&mut self, resolver: u32, t: Ts) {
        let Some(p) = self.people.get_mut(resolver as usize) else {
            return;
        };
        p.resolutions += 1;
        let Some(from) = self.from else {
            self.undecided.push((resolver, t));
            return;
        };
        let (lo, hi) = (self.last_day, self.end);
        // First quarter: 4 (t - from) < to - from, for some `to` in [lo, hi].
        let q1_sure = 4 * (t - from) < lo - from;
        let q1_maybe = 4 * (t - from) < hi - from;
        // Last quarter: 4 (to - t) <= to - from and t <= to, i.e. 3 to <= 4 t - from.
        let q4_sure = t <= lo && 3 * hi <= 4 * t - from;
        let q4_maybe = 3 * lo <= 4 * t - from;
        if q1_sure {
            p.first_quarter = true;
        }
        if q4_sure {
            p.last_quarter = true;
        }
        if (q1_maybe && !q1_sure) || (q4_maybe && !q4_sure) {
            self.undecided.push((resolver, t));
        }
    }

    /// Decides the kept resolutions once the window [from, to] is known.
    pub fn churn(&mut self, from: Ts, to: Ts) -> Churn {
        let span = to - from;
        for &(r, t) in &self.undecided {
            let p = &mut self.people[r as usize];
            if from <= t && 4 * (t - from) < span {
                p.first_quarter = true;
            }
            if t <= to && 4 * (to - t) <= span {
                p.last_quarter = true;
            }
        }
        self.undecided.clear();
        let first: Vec<&Person> = self.people.iter().filter(|p| p.first_quarter).collect();
        Churn {
            left: first.iter().filter(|p| !p.last_quarter).count() as u64,
            active_first: first.len() as u64,
        }
    }

    /// (resolutions by the top ceil(resolvers / 10), all resolutions).
    pub fn concentration(&self) -> (u64, u64) {
        let mut counts: Vec<u64> = self
            .people
            .iter()
            .map(|p| p.resolutions)
            .filter(|&n| n > 0)
            .collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let top = counts.len().div_ceil(10);
        (counts.iter().take(top).sum(), counts.iter().sum())
    }

    /// Resolutions still waiting for the window's end.
    #[cfg(test)]
    pub fn undecided(&self) -> usize {
        self.undecided.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::calendar::DAY;

    #[test]
    fn quarters_are_decided_exactly() {
        // Window 0 .. 100 days; the last incident opens at 99.5 days.
        let (from, to) = (0, 99 * DAY + DAY / 2);
        let mut w = Workforce::new(4, 99 * DAY, 100 * DAY);
        w.start(from);
        w.resolution(0, DAY); // first quarter only: leaves
        w.resolution(1, DAY);
        w.resolution(1, 90 * DAY); // both quarters: stays
        w.resolution(2, 50 * DAY); // neither
        // Near the first-quarter boundary (to - from) / 4 = 24.875 days.
        w.resolution(3, 24 * DAY + 20 * 3600); // 24.83 days: inside
        w.resolution(3, 99 * DAY + DAY / 4); // inside the last quarter (<= to)
        let churn = w.churn(from, to);
        assert_eq!(churn.active_first, 3);
        assert_eq!(churn.left, 1);
        assert!(w.undecided() == 0);
        assert_eq!(w.concentration(), (2, 6));
    }

    #[test]
    fn a_resolution_after_the_window_is_not_in_the_last_quarter() {
        let (from, to) = (0, 99 * DAY);
        let mut w = Workforce::new(1, 99 * DAY, 100 * DAY);
        w.start(from);
        w.resolution(0, DAY);
        w.resolution(0, 99 * DAY + 3600);
        let churn = w.churn(from, to);
        assert_eq!((churn.left, churn.active_first), (1, 1));
    }
}
