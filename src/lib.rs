//! itsm-evidence: turns the exports of IT service management tools into
//! evidence of process maturity.
//!
//! Data flows one way: [`ingest`] reads exports into the [`canonical`]
//! tables; [`metrics`] computes the contract's figures over them; [`maturity`]
//! levels them and holds them against the survey; [`report`] and [`analyze`]
//! render what was found. [`generate`] writes a synthetic organisation's
//! exports with its planted truth. The binary is a thin layer over these modules.

pub mod analyze;
pub mod canonical;
pub mod compare;
pub mod error;
pub mod freed_memory;
pub mod generate;
pub mod ingest;
pub mod inspect;
pub mod local_path;
pub mod maturity;
pub mod metrics;
pub mod report;
pub mod safe_csv;
pub mod timings;

pub use error::{Error, Result};

/// The version of the tool, as written into every machine-readable output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
