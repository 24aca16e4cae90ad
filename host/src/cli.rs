//! The command line: the same binary as the native host, with subcommands
//! for people and scripts. Every subcommand writes to the streams it is
//! given (never straight to stdout), so serve mode keeps stdout for frames.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::charter::{self, Charter, Format};
use crate::classify::{CookieVerdict, ObservedCookie};
use crate::install;
use crate::protocol::{self, CharterInput, ClassificationAnswer, ClassifyRequest, Context};
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
    /// Classify the cookies of a page.
    Classify {
        /// The top-level page URL.
        #[arg(long, value_name = "URL")]
        site: String,
        /// A classify request body ({observedAt?, cookies: [...]}) or a bare
        /// array of cookies, as JSON.
        #[arg(long, value_name = "FILE")]
        cookies: PathBuf,
        /// The site's charter.
        #[arg(long, value_name = "FILE")]
        charter: Option<PathBuf>,
        /// The charter's format.
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        charter_format: FormatArg,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Register the host with browsers: copy this binary to a stable place,
    /// write each browser's manifest, then check that the host answers.
    Install(install::InstallArgs),
    /// Remove what install wrote: its manifests, then the installed binary.
    Uninstall(install::Targets),
    /// Check every browser's registration and whether the host answers there.
    Doctor(install::DoctorArgs),
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
    Table,
    Json,
    Csv,
}

/// What went wrong on the command line; `main` prints it and exits 1.
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
    #[error("{0}")]
    Serve(#[from] crate::messaging::FrameError),
    #[error("cannot write the output: {0}")]
    Write(#[from] io::Error),
    #[error(transparent)]
    Install(#[from] install::InstallError),
}

/// Runs a parsed command line.
pub fn run(cli: Cli, out: &mut impl Write) -> Result<(), CliError> {
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
                out.write_all(charter_table(&charter).as_bytes())?;
            }
            Ok(())
        }
        Command::Classify {
            site,
            cookies,
            charter,
            charter_format,
            format,
        } => {
            let request = classify_request_from_files(site, &cookies, charter.as_deref(), charter_format)?;
            let answer = protocol::classify_request(&request, &Context::new(list), protocol::now())?;
            let text = match format {
                OutputFormat::Json => classification_json(&answer),
                OutputFormat::Csv => classification_csv(&answer),
                OutputFormat::Table => classification_table(&answer),
            };
            out.write_all(text.as_bytes())?;
            Ok(())
        }
        Command::Install(args) => Ok(install::install(&args, &install::Env::from_process(), out)?),
        Command::Uninstall(targets) => Ok(install::uninstall(&targets, &install::Env::from_process(), out)?),
        Command::Doctor(args) => Ok(install::doctor(&args, &install::Env::from_process(), out)?),
    }
}

/// Native-messaging mode on this process's stdin and stdout.
pub fn serve_stdio(list: SuffixList) -> Result<(), CliError> {
    let context = Context::new(list);
    serve(io::stdin().lock(), io::stdout().lock(), &context)?;
    Ok(())
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

/// A cookies file: a classify request body, or a bare array of cookies.
fn classify_request_from_files(
    site: String,
    cookies: &Path,
    charter: Option<&Path>,
    charter_format: FormatArg,
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
    let charter = match charter {
        Some(path) => {
            let content = read_file(path)?;
            Some(CharterInput {
                format: resolve_format(charter_format, &content).to_string(),
                url: None,
                content,
            })
        }
        None => None,
    };
    Ok(ClassifyRequest {
        site,
        observed_at,
        cookies,
        charter,
    })
}

fn classification_json(answer: &ClassificationAnswer) -> String {
    let mut value = serde_json::to_value(answer).unwrap_or_default();
    if let Value::Object(fields) = &mut value {
        let mut typed = serde_json::Map::new();
        typed.insert("type".to_owned(), Value::from("classification"));
        typed.extend(std::mem::take(fields));
        *fields = typed;
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn findings_of(verdict: &CookieVerdict) -> String {
    verdict
        .findings
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn lifetime_of(verdict: &CookieVerdict) -> String {
    verdict
        .lifetime_days
        .map_or_else(|| "session".to_owned(), |days| format!("{days}d"))
}

const CSV_HEADER: [&str; 12] = [
    "name",
    "domain",
    "label",
    "party",
    "partitioned",
    "purpose",
    "basis",
    "consent",
    "lifetime_days",
    "declared_as",
    "evidence",
    "findings",
];

fn classification_csv(answer: &ClassificationAnswer) -> String {
    let mut text = csv_line(CSV_HEADER.iter().map(|s| s.to_string()));
    for verdict in &answer.classification.cookies {
        let row = [
            verdict.name.clone(),
            verdict.domain.clone(),
            verdict.label.as_str().to_owned(),
            verdict.party.as_str().to_owned(),
            verdict.partitioned.to_string(),
            purpose_word(verdict).to_owned(),
            verdict.basis.as_str().to_owned(),
            verdict.consent.as_str().to_owned(),
            verdict.lifetime_days.map(|d| d.to_string()).unwrap_or_default(),
            verdict
                .declared
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            evidence_of(verdict),
            findings_of(verdict),
        ];
        text.push_str(&csv_line(row.into_iter()));
    }
    text
}

/// RFC 4180: quote a field holding a comma, quote or line break, doubling quotes.
fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields
        .map(|field| {
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn purpose_word(verdict: &CookieVerdict) -> &'static str {
    verdict.purpose.map_or("unknown", |p| p.as_str())
}

/// Why the cookie has its purpose, in words.
fn evidence_of(verdict: &CookieVerdict) -> String {
    if let Some(entry) = &verdict.declared {
        match &entry.section {
            Some(section) => format!("declared under «{section}»"),
            None => "declared in the charter".to_owned(),
        }
    } else if let Some(known) = &verdict.known {
        format!("known {} cookie", known.service)
    } else {
        "no declaration".to_owned()
    }
}

fn classification_table(answer: &ClassificationAnswer) -> String {
    let classification = &answer.classification;
    let header = [
        "NAME", "DOMAIN", "LABEL", "PARTY", "BASIS", "CONSENT", "LIFETIME", "FINDINGS",
    ];
    let rows: Vec<[String; 8]> = classification
        .cookies
        .iter()
        .map(|v| {
            [
                v.name.clone(),
                v.domain.clone(),
                v.label.as_str().to_owned(),
                v.party.as_str().to_owned(),
                v.basis.as_str().to_owned(),
                v.consent.as_str().to_owned(),
                lifetime_of(v),
                findings_of(v),
            ]
        })
        .collect();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} (site {})",
        classification.site.url, classification.site.registrable_domain
    );
    match &answer.charter {
        Some(charter) => {
            let _ = writeln!(
                text,
                "charter: {} entries ({})",
                charter.entries.len(),
                charter.format
            );
        }
        None => text.push_str("charter: none\n"),
    }
    text.push('\n');
    text.push_str(&aligned(&header, &rows));
    let counts = &classification.summary.counts;
    let _ = writeln!(
        text,
        "\nnecessary {}, statistics {}, first-party {}, third-party {}",
        counts.necessary, counts.statistics, counts.first_party, counts.third_party
    );
    let summary = &classification.summary;
    if !summary.undeclared.is_empty() {
        let _ = writeln!(text, "undeclared: {}", summary.undeclared.join(", "));
    }
    if !summary.declared_not_seen.is_empty() {
        let _ = writeln!(
            text,
            "declared but not seen: {}",
            summary.declared_not_seen.join(", ")
        );
    }
    for warning in answer.charter.iter().flat_map(|c| &c.warnings) {
        let _ = writeln!(text, "warning: {warning}");
    }
    text
}

fn charter_table(charter: &Charter) -> String {
    let header = ["NAME", "CATEGORY", "PROVIDER", "DURATION", "SECTION"];
    let rows: Vec<[String; 5]> = charter
        .entries
        .iter()
        .map(|e| {
            [
                e.name.clone(),
                e.category.to_string(),
                e.provider.clone().unwrap_or_default(),
                e.duration.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
                e.section.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut text = aligned(&header, &rows);
    for warning in &charter.warnings {
        let _ = writeln!(text, "warning: {warning}");
    }
    text
}

/// Columns padded to their widest cell (in characters), two spaces apart.
fn aligned<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if index + 1 == N {
                out.push_str(cell);
            } else {
                let _ = write!(out, "{cell:<width$}  ");
            }
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    text
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
    fn csv_quotes_what_needs_quoting() {
        let line = csv_line(["a".into(), "b,c".into(), "say \"hi\"".into(), "x\ny".into()].into_iter());
        assert_eq!(line, "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n");
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
