//! Integration tests: run the `itsm-evidence` binary the way a user does.
//! One test binary for all of them, since each links all of polars.

mod analyze;
mod assess;
mod bad_input;
mod browser;
mod common;
mod compare;
mod errors;
mod exports;
mod fuzz;
mod generate;
mod generate_recompute;
mod large_exports;
mod metrics;
mod network;
mod output_safety;
mod outputs;
mod privacy;
mod quirks;
mod real_data;
mod story;
mod teams;
mod trends;
mod truth;
