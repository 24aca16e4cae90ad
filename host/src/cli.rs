//! The command line: the same binary as the native host, with subcommands
//! for people and scripts. Every subcommand writes to the streams it is
//! given (never straight to stdout), so serve mode keeps stdout for frames.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::charter::{self, Charter, Format};
use crate::classify::{Finding, ObservedCookie};
use crate::har::{self, CharterChoice, HarError};
use crate::install;
use crate::known::{DatabaseError, OpenCookieDatabase};
use crate::protocol::{self, CharterInput, ClassifyRequest, Context};
use crate::report::{self, PageAnswer, Tally};
use crate::serve::serve;
use crate::site::{Host, ListError, SuffixList};

/// `--version`: the crate version and the date of the embedded list (kept
/// equal to `site::EMBEDDED_DATE` by a test).
const LONG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (Public Suffix List 2026-10-22)");

#[derive(Debug, Parser)]
#[command(
    name = "cookie-charter",
    version = LONG_VERSION,
    about = "Tells what each cookie of a site is for, and whether the site's cookie charter told the truth"
)]
pub struct Cli {
    /// Use this Public Suffix List file instead of the embedded snapshot.
    #[arg(long, global = true, value_name = "FILE")]
    psl_file: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Native messaging on stdin/stdout (what the browser starts).
    Serve,
    /// Print "HOST<TAB>registrable-domain" per host ("-" when there is none).
    Psl {
        #[arg(required = true, value_name = "HOST")]
        hosts: Vec<String>,
    },
    /// Read a charter file and print the cookies it declares.
    Charter {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        format: FormatArg,
        /// Print {"entries": [...], "warnings": [...]} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Classify the cookies of a page, or of every page of a HAR file.
    Classify(ClassifyArgs),
    /// Register the host with browsers: copy this binary to a stable place,
    /// write each browser's manifest, then check that the host answers.
    Install(install::InstallArgs),
    /// Remove what install wrote: its manifests, then the installed binary.
    Uninstall(install::Targets),
    /// Check every browser's registration and whether the host answers there.
    Doctor(install::DoctorArgs),
}

#[derive(Debug, clap::Args)]
struct ClassifyArgs {
    /// The top-level page URL. With --har, optional: only the pages of this
    /// URL's site are classified.
    #[arg(long, value_name = "URL", required_unless_present = "har")]
    site: Option<String>,
    /// A classify request body ({observedAt?, cookies: [...]}) or a bare
    /// array of cookies, as JSON.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "har",
        conflicts_with = "har"
    )]
    cookies: Option<PathBuf>,
    /// A HAR 1.2 file (a browser's devtools export, Playwright's recordHar):
    /// each of its pages, with the cookies set and sent on it.
    #[arg(long, value_name = "FILE")]
    har: Option<PathBuf>,
    /// The site's charter (with --har: for every page).
    #[arg(long, value_name = "FILE")]
    charter: Option<PathBuf>,
    /// Take each site's charter from the HAR: the visited page whose address
    /// or title names a cookie policy (French, English or German).
    #[arg(long, requires = "har", conflicts_with = "charter")]
    charter_url_from_har: bool,
    /// The charter's format.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    charter_format: FormatArg,
    /// How to print the classification.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Exit with 1 when any of these findings occurs, on a cookie or a site
    /// (comma-separated codes, as in PROTOCOL.md).
    #[arg(long, value_name = "CODES", value_delimiter = ',', value_parser = finding_code)]
    fail_on: Vec<Finding>,
    /// The Open Cookie Database's CSV: more fallback evidence, after the
    /// charter and the built-in table of well-known cookies.
    #[arg(long, value_name = "FILE")]
    known_db: Option<PathBuf>,
}

/// A finding code of `--fail-on`.
fn finding_code(code: &str) -> Result<Finding, String> {
    Finding::ALL
        .into_iter()
        .find(|finding| finding.as_str() == code.trim())
        .ok_or_else(|| {
            let codes: Vec<&str> = Finding::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown finding '{code}' (expected one of: {})", codes.join(", "))
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Auto,
    Text,
    Html,
    Tcf,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Aligned columns, coloured on a terminal.
    Table,
    /// The protocol's classification answer (with --har: one per page).
    Json,
    /// A row per cookie (with --har: its page first).
    Csv,
    /// One self-contained page to open in a browser.
    Html,
}

/// What went wrong on the command line; `main` prints it and exits with
/// [`CliError::exit_code`].
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    List(#[from] ListError),
    #[error("cannot read '{path}': {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("'{path}' is not a cookie list: {reason}")]
    Cookies { path: PathBuf, reason: String },
    #[error("cannot read the charter '{path}': {source}")]
    Charter {
        path: PathBuf,
        source: charter::CharterError,
    },
    #[error(transparent)]
    Request(#[from] protocol::RequestError),
    #[error(transparent)]
    Har(#[from] HarError),
    #[error("'{path}' is not an Open Cookie Database CSV: {source}")]
    KnownDb { path: PathBuf, source: DatabaseError },
    #[error("--site '{site}' is neither a URL nor a host name")]
    Site { site: String },
    #[error("give --har F, or --cookies F with --site URL")]
    Usage,
    #[error("--fail-on: {}", .hits.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]
    FailOn { hits: Vec<Tally> },
    #[error("{0}")]
    Serve(#[from] crate::messaging::FrameError),
    #[error("cannot write the output: {0}")]
    Write(#[from] io::Error),
    #[error(transparent)]
    Install(#[from] install::InstallError),
}

impl CliError {
    /// 2 when the input cannot be used (as clap does for usage errors), so
    /// that a CI step tells a broken audit from a failed one; 1 when the run
    /// worked and found what `--fail-on` names, or when something else
    /// failed (a browser registration, writing the output).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::FailOn { .. } | CliError::Serve(_) | CliError::Write(_) | CliError::Install(_) => 1,
            CliError::List(_)
            | CliError::Read { .. }
            | CliError::Cookies { .. }
            | CliError::Charter { .. }
            | CliError::Request(_)
            | CliError::Har(_)
            | CliError::KnownDb { .. }
            | CliError::Site { .. }
            | CliError::Usage => 2,
        }
    }
}

/// Runs a parsed command line. The output goes to `out`, notes for the
/// person to `notes`; `colour` says that `out` is a terminal that shows
/// colours.
pub fn run(cli: Cli, out: &mut impl Write, notes: &mut impl Write, colour: bool) -> Result<(), CliError> {
    let list = match &cli.psl_file {
        Some(path) => SuffixList::from_file(path)?,
        None => SuffixList::embedded(),
    };
    match cli.command {
        Command::Serve => serve_stdio(list),
        Command::Psl { hosts } => print_sites(&list, &hosts, out),
        Command::Charter { file, format, json } => {
            let charter = read_charter_file(&file, format)?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&charter).unwrap_or_default()
                )?;
            } else {
                out.write_all(report::charter_table(&charter).as_bytes())?;
            }
            Ok(())
        }
        Command::Classify(args) => classify(args, list, out, notes, colour),
        Command::Install(args) => Ok(install::install(&args, &install::Env::from_process(), out)?),
        Command::Uninstall(targets) => Ok(install::uninstall(&targets, &install::Env::from_process(), out)?),
        Command::Doctor(args) => Ok(install::doctor(&args, &install::Env::from_process(), out)?),
    }
}

/// Native-messaging mode on this process's stdin and stdout, with the
/// per-site store in the user's data folder.
pub fn serve_stdio(list: SuffixList) -> Result<(), CliError> {
    let store = crate::store::Store::from_env();
    if store.is_none() {
        log::warn!("no data folder found: the per-site store is unavailable");
    }
    let context = Context::new(list).with_store(store);
    serve(io::stdin().lock(), io::stdout().lock(), &context)?;
    Ok(())
}

/// `classify`: reads the input, classifies its pages, prints them in the
/// chosen format, then fails when a finding named by `--fail-on` occurred.
fn classify(
    args: ClassifyArgs,
    list: SuffixList,
    out: &mut impl Write,
    notes: &mut impl Write,
    colour: bool,
) -> Result<(), CliError> {
    let known_cookies = args
        .known_db
        .as_deref()
        .map(|path| read_known_db(path, &list, notes))
        .transpose()?;
    let context = Context::new(list).with_known_cookies(known_cookies);
    let charter = args
        .charter
        .as_deref()
        .map(|path| charter_input(path, args.charter_format))
        .transpose()?;
    let pages = match (&args.har, args.cookies, args.site) {
        (Some(path), _, site) => {
            let only_site = site.map(|site| site_of(site, &context.list)).transpose()?;
            let capture = har::read_file(path, args.charter_url_from_har)?;
            for note in &capture.notes {
                let _ = writeln!(notes, "cookie-charter: {note}");
            }
            let choice = match charter {
                Some(input) => CharterChoice::Given(input),
                None if args.charter_url_from_har => CharterChoice::FromHar,
                None => CharterChoice::None,
            };
            har::classify_pages(capture, path, &choice, only_site.as_deref(), &context, notes)?
        }
        (None, Some(cookies), Some(site)) => {
            let request = classify_request_from_file(site.clone(), &cookies, charter)?;
            let answer = protocol::classify_request(&request, &context, protocol::now())?;
            vec![PageAnswer { page: site, answer }]
        }
        _ => return Err(CliError::Usage),
    };
    let from_har = args.har.is_some();
    let text = match (args.format, pages.as_slice()) {
        (OutputFormat::Table, _) => report::table(&pages, colour),
        (OutputFormat::Json, [page]) if !from_har => report::answer_json(&page.answer),
        (OutputFormat::Json, _) => report::pages_json(&pages),
        (OutputFormat::Csv, _) => report::csv(&pages, from_har),
        (OutputFormat::Html, _) => report::html(&pages),
    };
    out.write_all(text.as_bytes())?;
    let hits: Vec<Tally> = report::tally(&pages)
        .into_iter()
        .filter(|tally| args.fail_on.contains(&tally.finding))
        .collect();
    if hits.is_empty() {
        Ok(())
    } else {
        Err(CliError::FailOn { hits })
    }
}

/// The site (registrable domain) `--site` names, as a URL or a host name.
fn site_of(site: String, list: &SuffixList) -> Result<String, CliError> {
    let host = match url::Url::parse(&site) {
        Ok(url) => Host::from_url(&url),
        Err(_) => Host::parse(&site).ok(),
    };
    match host {
        Some(host) => Ok(list.site(&host).to_owned()),
        None => Err(CliError::Site { site }),
    }
}

/// The Open Cookie Database from its CSV; rows it cannot use are named in
/// a note.
fn read_known_db(
    path: &Path,
    list: &SuffixList,
    notes: &mut impl Write,
) -> Result<OpenCookieDatabase, CliError> {
    let database =
        OpenCookieDatabase::from_csv(&read_file(path)?, list).map_err(|source| CliError::KnownDb {
            path: path.to_owned(),
            source,
        })?;
    let skipped = database.skipped_lines();
    if !skipped.is_empty() {
        let lines: Vec<String> = skipped.iter().take(10).map(ToString::to_string).collect();
        let more = if skipped.len() > 10 { ", …" } else { "" };
        let _ = writeln!(
            notes,
            "cookie-charter: {}: {} rows without a name or a usable Domain skipped (lines {}{more})",
            path.display(),
            skipped.len(),
            lines.join(", ")
        );
    }
    Ok(database)
}

fn print_sites(list: &SuffixList, hosts: &[String], out: &mut impl Write) -> Result<(), CliError> {
    for host in hosts {
        let parsed = Host::parse(host).ok();
        let domain = parsed.as_ref().and_then(|parsed| list.registrable_domain(parsed));
        writeln!(out, "{host}\t{}", domain.unwrap_or("-"))?;
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.to_owned(),
        source,
    })
}

fn read_charter_file(path: &Path, format: FormatArg) -> Result<Charter, CliError> {
    let content = read_file(path)?;
    charter::read(resolve_format(format, &content), &content).map_err(|error| CliError::Charter {
        path: path.to_owned(),
        source: error,
    })
}

/// The format named on the command line, or, for `auto`, the one the
/// content shows.
fn resolve_format(format: FormatArg, content: &str) -> Format {
    match format {
        FormatArg::Text => Format::Text,
        FormatArg::Html => Format::Html,
        FormatArg::Tcf => Format::Tcf,
        FormatArg::Json => Format::Json,
        FormatArg::Auto => Format::detect(content),
    }
}

/// A charter file as a classify request's charter.
fn charter_input(path: &Path, format: FormatArg) -> Result<CharterInput, CliError> {
    let content = read_file(path)?;
    Ok(CharterInput {
        format: resolve_format(format, &content).to_string(),
        url: None,
        content,
    })
}

/// A cookies file: a classify request body, or a bare array of cookies.
fn classify_request_from_file(
    site: String,
    cookies: &Path,
    charter: Option<CharterInput>,
) -> Result<ClassifyRequest, CliError> {
    let text = read_file(cookies)?;
    let bad = |reason: String| CliError::Cookies {
        path: cookies.to_owned(),
        reason,
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let (observed_at, cookie_values) = match value {
        Value::Array(items) => (None, Value::Array(items)),
        Value::Object(mut body) => (
            body.get("observedAt").and_then(Value::as_f64),
            body.remove("cookies")
                .ok_or_else(|| bad("no \"cookies\" array".to_owned()))?,
        ),
        _ => {
            return Err(bad(
                "expected an array of cookies or an object with \"cookies\"".to_owned()
            ))
        }
    };
    if let Some(index) = cookie_values
        .as_array()
        .and_then(|items| items.iter().position(|c| c.get("value").is_some()))
    {
        return Err(bad(format!(
            "cookies[{index}] carries a value; remove cookie values before classifying"
        )));
    }
    let cookies: Vec<ObservedCookie> = serde_path_to_error::deserialize(cookie_values)
        .map_err(|e| bad(format!("{}: {}", e.path(), e.inner())))?;
    Ok(ClassifyRequest {
        site,
        observed_at,
        cookies,
        charter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::EMBEDDED_DATE;

    #[test]
    fn version_names_the_embedded_list_date() {
        assert!(LONG_VERSION.contains(EMBEDDED_DATE));
    }

    #[test]
    fn fail_on_takes_every_finding_code_and_nothing_else() {
        for finding in Finding::ALL {
            assert_eq!(finding_code(finding.as_str()), Ok(finding));
        }
        let refused = finding_code("undeclard").unwrap_err();
        assert!(refused.contains("unknown finding 'undeclard'") && refused.contains("statistics_not_exempt"));
    }

    #[test]
    fn auto_format_detection() {
        let cases = [
            ("## Cookies\nName\tPurpose\n", Format::Text),
            ("  <!doctype html><html>", Format::Html),
            ("{\"disclosures\": []}", Format::Tcf),
            ("{\"entries\": []}", Format::Json),
            ("[not json", Format::Text),
        ];
        for (content, expected) in cases {
            assert_eq!(resolve_format(FormatArg::Auto, content), expected, "{content:?}");
        }
    }
}
