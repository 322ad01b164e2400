//! The simulated time span: the window's days, their months, the rhythm of a
//! week and a day, and the export moment at its end.

use super::calendar::{self, DAY, DateStyle, HOUR, Ts};
use super::knobs::Knobs;
use super::rng::Draw;
use crate::error::Result;

/// Relative ticket volume by hour of the day.
const HOURS: [f64; 24] = [
    0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1.2, 2.6, 3.2, 3.1, 2.8, 2.2, 2.7, 2.9, 2.6, 2.2, 1.5,
    0.9, 0.6, 0.5, 0.4, 0.3, 0.2,
];
/// Relative ticket volume by weekday, Monday first.
const WEEKDAYS: [f64; 7] = [1.2, 1.15, 1.1, 1.05, 0.95, 0.35, 0.3];
/// Relative change volume by weekday.
const CHANGE_WEEKDAYS: [f64; 7] = [1.1, 1.2, 1.2, 1.1, 0.8, 0.1, 0.05];

pub struct World {
    /// Midnight of the first day.
    pub start: Ts,
    /// Midnight after the last day: the moment of the export.
    pub end: Ts,
    pub days: usize,
    /// Month index (0 = first month) of each day.
    month_of_day: Vec<u32>,
    /// Weekday (0 = Monday) of each day.
    weekday: Vec<u32>,
    /// The smallest step of the profile's dates.
    pub quantum: Ts,
}

impl World {
    pub fn new(knobs: &Knobs, style: DateStyle) -> Result<World> {
        let first = knobs.start_day()?;
        let (y, m, d) = calendar::civil_from_days(first);
        let (ey, em) = calendar::add_months(y, m, knobs.months);
        let last = calendar::days_from_civil(ey, em, d);
        let days = (last - first).max(3) as usize;
        let first_month = calendar::month_key(first * DAY);
        let month_of_day = (0..days as i64)
            .map(|i| (calendar::month_key((first + i) * DAY) - first_month) as u32)
            .collect();
        let weekday = (0..days as i64)
            .map(|i| calendar::weekday(first + i))
            .collect();
        Ok(World {
            start: first * DAY,
            end: (first + days as i64) * DAY,
            days,
            month_of_day,
            weekday,
            quantum: style.quantum(),
        })
    }

    pub fn day_start(&self, day: usize) -> Ts {
        self.start + day as i64 * DAY
    }

    /// The day a timestamp falls on (clamped to the window).
    pub fn day_of(&self, t: Ts) -> usize {
        ((t - self.start).div_euclid(DAY)).clamp(0, self.days as i64 - 1) as usize
    }

    pub fn month(&self, t: Ts) -> u32 {
        self.month_of_day[self.day_of(t)]
    }

    /// `t` on the profile's grid (whole minutes for Jira).
    pub fn q(&self, t: Ts) -> Ts {
        t - t.rem_euclid(self.quantum)
    }

    /// Relative ticket volume of each day: weekly rhythm, quieter August and December.
    pub fn ticket_weights(&self) -> Vec<f64> {
        (0..self.days)
            .map(|d| {
                let (_, month, _) = calendar::civil_from_days(self.day_start(d).div_euclid(DAY));
                let season = match month {
                    8 => 0.85,
                    12 => 0.8,
                    _ => 1.0,
                };
                WEEKDAYS[self.weekday[d] as usize] * season
            })
            .collect()
    }

    pub fn change_weights(&self) -> Vec<f64> {
        (0..self.days)
            .map(|d| CHANGE_WEEKDAYS[self.weekday[d] as usize])
            .collect()
    }

    /// A time on `day`, following the daily rhythm (never in its last minute).
    pub fn ticket_time(&self, day: usize, draw: &mut Draw) -> Ts {
        let hour = draw.weighted(&HOURS) as i64;
        let within = draw.range(0, if hour == 23 { HOUR - 60 } else { HOUR });
        self.q(self.day_start(day) + hour * HOUR + within)
    }

    /// A time on `day` in office hours (08:00-18:00), when changes are raised.
    pub fn office_time(&self, day: usize, draw: &mut Draw) -> Ts {
        self.q(self.day_start(day) + 8 * HOUR + draw.range(0, 10 * HOUR))
    }
}

/// Splits `total` over the days in proportion to `weights`, with the days
/// outside `from..to` left empty.
pub fn allocate(total: u64, weights: &[f64], from: usize, to: usize, draw: &mut Draw) -> Vec<u64> {
    let masked: Vec<f64> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| if (from..to).contains(&i) { *w } else { 0.0 })
        .collect();
    draw.multinomial(total, &masked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rng::Stream;

    #[test]
    fn a_year_from_january() {
        let knobs = Knobs::default();
        let w = World::new(&knobs, DateStyle::Space).expect("world");
        assert_eq!(w.days, 365);
        assert_eq!(
            calendar::format(w.start, DateStyle::Space),
            "2025-01-01 00:00:00"
        );
        assert_eq!(
            calendar::format(w.end, DateStyle::Space),
            "2026-01-01 00:00:00"
        );
        assert_eq!(w.month(w.end - 1), 11);
        assert_eq!(w.month(w.start), 0);
        let jira = World::new(&knobs, DateStyle::Jira).expect("world");
        assert_eq!(jira.q(w.start + 119), w.start + 60);
    }

    #[test]
    fn allocation_respects_the_mask() {
        let mut d = Draw::new(1, Stream::Calendar);
        let a = allocate(1000, &[1.0; 10], 1, 9, &mut d);
        assert_eq!(a.iter().sum::<u64>(), 1000);
        assert_eq!((a[0], a[9]), (0, 0));
    }
}
