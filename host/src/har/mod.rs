//! HAR 1.2 files, what every browser's devtools (and Playwright's
//! `recordHar`) export: the pages a session visited and, for each, the
//! cookies its responses set (`Set-Cookie`, `response.cookies`) and its
//! requests sent (`Cookie`, `request.cookies`), so that `classify --har`
//! can judge a recorded session as the extension judges a live page.
//!
//! Cookie values are read only to be dropped: no type here has a field for
//! one, and nothing here prints one. Large files stream from a buffered
//! reader with bounded memory ([`stream`]).

mod audit;
mod cookies;
mod pages;
mod stream;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::de::DeserializeSeed;

use crate::charter::{Format, PolicyEvidence};
use crate::classify::ObservedCookie;

pub use audit::{classify_pages, CharterChoice};

/// What a HAR recorded.
#[derive(Debug)]
pub struct Capture {
    pub pages: Vec<CapturedPage>,
    /// Pages that may be a site's charter, the best-named one per host;
    /// only when asked for.
    pub charters: Vec<CharterPage>,
    /// What a person should know about the reading (cookies a browser would
    /// have refused, pages skipped).
    pub notes: Vec<String>,
}

/// One page of the session and its cookies.
#[derive(Debug)]
pub struct CapturedPage {
    /// Its address: its document's, or its title when that is an address.
    pub url: String,
    /// When it started (unix seconds), for lifetimes.
    pub observed_at: Option<f64>,
    pub cookies: Vec<ObservedCookie>,
}

/// A response whose address or page title names a cookie policy, with an
/// HTML or text body.
#[derive(Debug, Clone)]
pub struct CharterPage {
    pub url: String,
    pub host: String,
    pub format: Format,
    pub content: String,
    pub evidence: PolicyEvidence,
}

/// What went wrong with a HAR file, naming it.
#[derive(Debug, thiserror::Error)]
pub enum HarError {
    #[error("cannot read '{path}': {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("'{path}' is not a HAR file: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("'{path}' records no page")]
    NoPages { path: PathBuf },
    #[error("'{path}' has no page of the site {site} (its pages: {pages})")]
    NoPageOfSite {
        path: PathBuf,
        site: String,
        pages: String,
    },
    #[error(
        "'{path}' holds no cookie-policy page with an HTML or text body for {sites}: \
         visit the charter while recording, or give it with --charter"
    )]
    NoCharterPage { path: PathBuf, sites: String },
    #[error("'{path}': the page {page} cannot be classified: {reason}")]
    Page {
        path: PathBuf,
        page: String,
        reason: String,
    },
}

/// Reads a HAR file. With `charter_pages`, the bodies of pages that may be
/// a charter are kept ([`Capture::charters`]).
pub fn read_file(path: &Path, charter_pages: bool) -> Result<Capture, HarError> {
    let file = File::open(path).map_err(|source| HarError::Read {
        path: path.to_owned(),
        source,
    })?;
    let capture = read(BufReader::new(file), charter_pages).map_err(|error| match error {
        ReadError::Io(source) => HarError::Read {
            path: path.to_owned(),
            source,
        },
        ReadError::Invalid(reason) => HarError::Invalid {
            path: path.to_owned(),
            reason,
        },
    })?;
    if capture.pages.is_empty() {
        return Err(HarError::NoPages {
            path: path.to_owned(),
        });
    }
    Ok(capture)
}

enum ReadError {
    Io(io::Error),
    Invalid(String),
}

impl From<serde_json::Error> for ReadError {
    fn from(error: serde_json::Error) -> ReadError {
        if error.is_io() {
            ReadError::Io(error.into())
        } else {
            ReadError::Invalid(error.to_string())
        }
    }
}

/// Streams a HAR from `reader`; an invalid one is described with the JSON
/// path of what is wrong ("log.entries[3].request: missing field `url`").
fn read(reader: impl Read, charter_pages: bool) -> Result<Capture, ReadError> {
    let mut fold = pages::Fold::new(charter_pages);
    let mut json = serde_json::Deserializer::from_reader(reader);
    let mut track = serde_path_to_error::Track::new();
    let seed = stream::HarSeed { fold: &mut fold };
    if let Err(error) = seed.deserialize(serde_path_to_error::Deserializer::new(&mut json, &mut track)) {
        let path = track.path().to_string();
        return Err(match ReadError::from(error) {
            ReadError::Invalid(reason) if path != "." => ReadError::Invalid(format!("{path}: {reason}")),
            other => other,
        });
    }
    json.end()?;
    let (pages, charters, notes) = fold.finish();
    Ok(Capture {
        pages,
        charters,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> String {
        match read(text.as_bytes(), false) {
            Err(ReadError::Invalid(reason)) => reason,
            Err(ReadError::Io(error)) => panic!("an I/O error: {error}"),
            Ok(capture) => panic!("read: {capture:?}"),
        }
    }

    #[test]
    fn bad_files_are_described_with_their_path() {
        assert!(invalid("").contains("EOF while parsing"), "{}", invalid(""));
        assert!(invalid("<html>").contains("expected value at line 1 column 1"));
        assert!(
            invalid("[]").contains("expected a HAR object"),
            "{}",
            invalid("[]")
        );
        assert!(invalid("{}").contains("missing field `log`"));
        assert_eq!(
            invalid(r#"{"log": {"version": "2.0", "entries": []}}"#),
            "log.version: HAR version '2.0' is not supported (expected 1.2) at line 1 column 26"
        );
        assert!(invalid(r#"{"log": {"entries": []}}"#).contains("missing field `version`"));
        assert!(invalid(r#"{"log": {"version": "1.2"}}"#).contains("missing field `entries`"));
        let no_url = r#"{"log": {"version": "1.2", "entries": [
            {"startedDateTime": "2025-11-29T00:00:00Z", "request": {"method": "GET"}, "response": {}}]}}"#;
        assert!(
            invalid(no_url).starts_with("log.entries[0].request: missing field `url`"),
            "{}",
            invalid(no_url)
        );
        let bad_date = r#"{"log": {"version": "1.2", "entries": [
            {"startedDateTime": "yesterday", "request": {"url": "https://a.example/"}, "response": {}}]}}"#;
        assert!(
            invalid(bad_date)
                .starts_with("log.entries[0].startedDateTime: 'yesterday' is not an ISO 8601 date"),
            "{}",
            invalid(bad_date)
        );
        let bad_header = r#"{"log": {"version": "1.2", "entries": [
            {"startedDateTime": "2025-11-29T00:00:00Z", "request": {"url": "https://a.example/"},
             "response": {"headers": [{"name": "Set-Cookie", "value": 5}]}}]}}"#;
        assert!(
            invalid(bad_header).starts_with("log.entries[0].response.headers[0].value: invalid type"),
            "{}",
            invalid(bad_header)
        );
        assert!(
            invalid(r#"{"log": {"version": "1.2", "entries": []}} trailing"#).contains("trailing characters")
        );
    }

    #[test]
    fn charter_pages_are_kept_only_when_asked_and_not_too_long() {
        let har = |path: &str, text: &str| {
            format!(
                r#"{{"log": {{"version": "1.2", "entries": [{{"startedDateTime": "2025-11-29T00:00:00Z",
                   "request": {{"url": "https://www.a.example{path}"}},
                   "response": {{"content": {{"mimeType": "text/html", "text": "{text}"}}}}}}]}}}}"#
            )
        };
        let read_charters = |har: &str, wanted: bool| match read(har.as_bytes(), wanted) {
            Ok(capture) => (capture.charters, capture.notes),
            Err(_) => panic!("a valid HAR"),
        };
        let policy = har("/politique-de-cookies", "<h1>Cookies</h1>");
        let (charters, _) = read_charters(&policy, true);
        assert_eq!(charters.len(), 1);
        assert_eq!(
            (charters[0].format, charters[0].evidence),
            (Format::Html, PolicyEvidence::CookiePolicy)
        );
        assert_eq!(charters[0].content, "<h1>Cookies</h1>");
        assert!(
            read_charters(&policy, false).0.is_empty(),
            "bodies are skipped unless asked for"
        );
        assert!(read_charters(&har("/shop", "<h1>Shop</h1>"), true).0.is_empty());

        let (charters, notes) = read_charters(&har("/cookies", &"x".repeat(17 << 20)), true);
        assert!(charters.is_empty());
        assert!(notes[0].contains("is too long to be a charter"), "{notes:?}");
    }

    #[test]
    fn a_har_without_pages_is_one_page() {
        let har = r#"{"log": {"version": "1.2", "entries": [
            {"startedDateTime": "2025-11-29T00:00:00Z", "request": {"url": "https://www.a.example/"},
             "response": {"status": 200, "headers": [{"name": "set-cookie", "value": "one=1; Max-Age=60"}],
                          "content": {"mimeType": "text/html"}}},
            {"startedDateTime": "2025-11-29T00:00:01Z", "request": {"url": "https://cdn.b.example/x.js",
             "headers": [{"name": "Cookie", "value": "two=2"}]},
             "response": {"status": 200, "content": {"mimeType": "text/javascript"}}}]}}"#;
        let Ok(capture) = read(har.as_bytes(), false) else {
            panic!("a valid HAR")
        };
        assert_eq!(capture.pages.len(), 1);
        let page = &capture.pages[0];
        assert_eq!(page.url, "https://www.a.example/");
        assert_eq!(page.observed_at, Some(1_764_374_400.0));
        let cookies: Vec<(&str, &str)> = page
            .cookies
            .iter()
            .map(|c| (c.name.as_str(), c.domain.as_str()))
            .collect();
        assert_eq!(cookies, [("one", "www.a.example"), ("two", "cdn.b.example")]);
        assert_eq!(page.cookies[0].expiration_date, Some(1_764_374_460.0));
    }
}
