//! Integration tests: run the `itsm-evidence` binary the way a user does.
//! One test binary for all of them, since each links all of polars.

mod assess;
mod common;
mod errors;
mod metrics;
mod quirks;
mod real_data;
