//! Channel counts of every ticket (incidents and requests) per calendar month
//! of opening: the self-service share and the channel mix.

use super::super::calendar::{Ts, month_key, month_label};
use super::super::rows::{CHANNEL_CLASSES, Channel};
use super::metric::{Metric, MonthValue, rate};
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Desk {
    /// month -> tickets per channel class (in `CHANNEL_CLASSES` order)
    months: BTreeMap<i64, [u64; 6]>,
    /// Opening times of requests, to check they lie inside the window.
    pub request_span: Option<(Ts, Ts)>,
}

fn slot(c: Channel) -> usize {
    CHANNEL_CLASSES
        .iter()
        .position(|k| *k == c.class())
        .unwrap_or(0)
}

impl Desk {
    pub fn ticket(&mut self, opened: Ts, channel: Channel) {
        self.months.entry(month_key(opened)).or_default()[slot(channel)] += 1;
    }

    pub fn request(&mut self, opened: Ts, channel: Channel) {
        self.ticket(opened, channel);
        self.request_span = Some(match self.request_span {
            None => (opened, opened),
            Some((a, b)) => (a.min(opened), b.max(opened)),
        });
    }

    fn monthly(&self, f: impl Fn(&[u64; 6]) -> (u64, u64)) -> Vec<MonthValue> {
        self.months
            .iter()
            .map(|(m, counts)| {
                let (num, den) = f(counts);
                MonthValue {
                    month: month_label(*m),
                    value: (den > 0).then(|| num as f64 / den as f64),
                    numerator: Some(num),
                    denominator: Some(den),
                }
            })
            .collect()
    }

    fn self_service(counts: &[u64; 6]) -> (u64, u64) {
        let monitoring = CHANNEL_CLASSES.len() - 1;
        let by_person: u64 = counts[..monitoring].iter().sum();
        (counts[0], by_person)
    }

    /// Self-service tickets and tickets people raised, over every month.
    pub fn self_service_counts(&self) -> (u64, u64) {
        let mut total = [0u64; 6];
        for counts in self.months.values() {
            for (t, c) in total.iter_mut().zip(counts) {
                *t += c;
            }
        }
        Self::self_service(&total)
    }

    pub fn metrics(&self) -> Vec<Metric> {
        let mut total = [0u64; 6];
        for counts in self.months.values() {
            for (t, c) in total.iter_mut().zip(counts) {
                *t += c;
            }
        }
        let (num, den) = Self::self_service(&total);
        let mut share = rate("desk.self_service_share", None, num, den);
        share.by_month = Some(self.monthly(Self::self_service));
        let mut out = vec![share];
        let all: u64 = total.iter().sum();
        for (i, class) in CHANNEL_CLASSES.iter().enumerate() {
            let mut m = rate("desk.channel_mix", Some(class), total[i], all);
            m.by_month = Some(self.monthly(|c| (c[i], c.iter().sum())));
            out.push(m);
        }
        out
    }
}
