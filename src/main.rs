//! The `itsm-evidence` command: parses arguments and hands them to the
//! command's glue in `commands/`.

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // A panic is a bug: report it as one instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "itsm-evidence: internal error: {info} (this is a bug; please report it with the command you ran)"
        );
    }));
    let code = match std::panic::catch_unwind(|| commands::run(cli.command)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("itsm-evidence: error: {e}");
            e.exit_code()
        }
        Err(_) => 1,
    };
    ExitCode::from(code as u8)
}
