//! `generate`: a synthetic organisation with planted truth. It writes ticket,
//! change, CMDB and survey exports in a chosen tool's layout, streaming rows to
//! disk, and `truth.json` with the realised value of every metric the files
//! determine. One seed and one set of knobs give the same bytes on any machine.

mod calendar;
pub mod knobs;
mod names;
mod rng;

pub use knobs::{Knobs, Trend};
