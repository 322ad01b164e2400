//! itsm-evidence: turns the exports of IT service management tools into
//! evidence of process maturity.
//!
//! Data flows one way: [`ingest`] reads exports into the [`canonical`]
//! tables; [`metrics`] computes the contract's figures over them; [`report`]
//! renders what was found. The binary is a thin layer over
//! these modules.

pub mod analyze;
pub mod canonical;
pub mod error;
pub mod ingest;
pub mod inspect;
pub mod maturity;
pub mod metrics;
pub mod report;

pub use error::{Error, Result};

/// The version of the tool, as written into every machine-readable output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
