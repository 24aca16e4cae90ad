//! `cookie-charter`: a browser's native-messaging host, or a command line.
//!
//! Browsers start the host with their own arguments (Chrome:
//! `chrome-extension://<id>/`, plus `--parent-window=` on Windows; Firefox:
//! the manifest's path and the add-on id), so those select serve mode before
//! clap sees them. Everything else is a subcommand. Exit codes: 0 success;
//! 1 a `--fail-on` finding occurred, or something failed (a registration,
//! the output); 2 the input cannot be used (usage, unreadable or invalid
//! files).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use cookie_charter::cli::{self, Cli};
use cookie_charter::site::SuffixList;

fn main() -> ExitCode {
    // Logs go to stderr: stdout carries native-messaging frames only.
    env_logger::Builder::from_env(env_logger::Env::new().filter_or("COOKIE_CHARTER_LOG", "warn"))
        .target(env_logger::Target::Stderr)
        .init();

    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if launched_by_browser(&args) {
        log::debug!("started by a browser: {:?}", args.get(1));
        return exit(cli::serve_stdio(SuffixList::embedded()));
    }
    let cli = Cli::parse_from(args);
    let stdout = io::stdout();
    // Colours only on a terminal, and never when NO_COLOR is set (no-color.org).
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = stdout.lock();
    let result = cli::run(cli, &mut out, &mut io::stderr(), colour);
    let _ = out.flush();
    exit(result)
}

/// Chrome passes the caller's origin first; Firefox passes the path of the
/// host manifest, then the add-on id.
fn launched_by_browser(args: &[std::ffi::OsString]) -> bool {
    let Some(first) = args.get(1).and_then(|a| a.to_str()) else {
        return false;
    };
    first.starts_with("chrome-extension://")
        || (first.ends_with(".json") && args.len() >= 3 && std::path::Path::new(first).is_absolute())
}

fn exit(result: Result<(), cli::CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cookie-charter: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
