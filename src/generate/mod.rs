//! `generate`: a synthetic organisation with planted truth. It writes ticket,
//! change, CMDB and survey exports in a chosen tool's layout, streaming rows to
//! disk, and `truth.json` with the realised value of every metric the files
//! determine. One seed and one set of knobs give the same bytes on any machine.

mod calendar;
pub mod knobs;
mod names;
mod organisation;
pub mod profile;
mod rng;
mod rows;
mod survey;
pub mod truth;
mod world;
mod writer;

pub use knobs::{Knobs, Trend};
pub use profile::Profile;
pub use writer::Written;
