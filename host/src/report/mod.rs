//! What `classify` prints: the classification of one page (`--cookies`) or
//! of every page of a HAR (`--har`), as a table for people, JSON and CSV for
//! programs, and one self-contained HTML page. Each format has one renderer
//! for both sources, so that a page reads the same whichever way it came.
//!
//! Renderers build strings; the command line decides where they go.

mod html;
mod table;

use serde::Serialize;
use serde_json::Value;

use crate::classify::{CookieVerdict, Finding};
use crate::csv;
use crate::protocol::ClassificationAnswer;

pub use html::html;
pub use table::{charter_table, table};

/// One page and its classification. `page` is the URL the page was found
/// under (the HAR's, or `--site`); the classification's own `site.url` is
/// that URL as parsed.
#[derive(Debug, Clone, Serialize)]
pub struct PageAnswer {
    pub page: String,
    #[serde(rename = "classification")]
    pub answer: ClassificationAnswer,
}

/// How often a finding occurs across pages: on how many cookies, and on
/// how many pages as a site finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub finding: Finding,
    pub cookies: usize,
    pub pages: usize,
}

/// Every finding that occurs on any page, in the order of [`Finding::ALL`].
pub fn tally(pages: &[PageAnswer]) -> Vec<Tally> {
    Finding::ALL
        .into_iter()
        .map(|finding| Tally {
            finding,
            cookies: pages
                .iter()
                .flat_map(|p| &p.answer.classification.cookies)
                .filter(|verdict| verdict.findings.contains(&finding))
                .count(),
            pages: pages
                .iter()
                .filter(|p| p.answer.classification.summary.findings.contains(&finding))
                .count(),
        })
        .filter(|tally| tally.cookies + tally.pages > 0)
        .collect()
}

impl std::fmt::Display for Tally {
    /// "undeclared (3 cookies, 2 pages)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural =
            |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
        let mut counts = Vec::new();
        if self.cookies > 0 {
            counts.push(plural(self.cookies, "cookie"));
        }
        if self.pages > 0 {
            counts.push(plural(self.pages, "page"));
        }
        write!(f, "{} ({})", self.finding.as_str(), counts.join(", "))
    }
}

/// One page's answer as the protocol sends it, `"type": "classification"`
/// first (`classify --cookies --format json`).
pub fn answer_json(answer: &ClassificationAnswer) -> String {
    let mut value = serde_json::to_value(answer).unwrap_or_default();
    if let Value::Object(fields) = &mut value {
        let mut typed = serde_json::Map::new();
        typed.insert("type".to_owned(), Value::from("classification"));
        typed.extend(std::mem::take(fields));
        *fields = typed;
    }
    pretty(&value)
}

/// `{"pages": [{"page": URL, "classification": {...}}]}` (`classify --har`).
pub fn pages_json(pages: &[PageAnswer]) -> String {
    pretty(&serde_json::json!({ "pages": pages }))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
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

/// A row per cookie; with `page_column`, each row starts with its page.
pub fn csv(pages: &[PageAnswer], page_column: bool) -> String {
    let page_header = page_column.then(|| "page".to_owned());
    let header = page_header.into_iter().chain(CSV_HEADER.map(str::to_owned));
    let mut text = csv::line(header);
    for page in pages {
        for verdict in &page.answer.classification.cookies {
            let page_cell = page_column.then(|| page.page.clone());
            text.push_str(&csv::line(page_cell.into_iter().chain(csv_row(verdict))));
        }
    }
    text
}

fn csv_row(verdict: &CookieVerdict) -> [String; 12] {
    [
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
    ]
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
        match known.source {
            Some(source) => format!("known {} cookie ({source})", known.service),
            None => format!("known {} cookie", known.service),
        }
    } else {
        "no declaration".to_owned()
    }
}

/// "charter: 4 entries (html) from URL", or "charter: none".
fn charter_line(answer: &ClassificationAnswer) -> String {
    match &answer.charter {
        Some(charter) => {
            let from = charter
                .url
                .as_deref()
                .map(|url| format!(" from {url}"))
                .unwrap_or_default();
            format!(
                "charter: {} entries ({}){from}",
                charter.entries.len(),
                charter.format
            )
        }
        None => "charter: none".to_owned(),
    }
}
