//! `compare`: two assessments side by side, written into a folder and printed.

use super::common::print;
use crate::cli::{CompareArgs, CompareFormat};
use itsm_evidence::Error;
use itsm_evidence::compare;

pub fn run(args: CompareArgs) -> Result<i32, Error> {
    let comparison = compare::compare(&args.before, &args.after, args.strict)?;
    compare::write(&comparison, &args.out, args.force)?;
    print(&match args.format {
        CompareFormat::Table => compare::render::table(&comparison),
        CompareFormat::Json => compare::render::json(&comparison),
    });
    Ok(0)
}
