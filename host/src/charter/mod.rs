//! The charter model: what a site declares about its cookies, whatever the
//! format it was published in, and the readers that recover it.
//!
//! Every reader turns its input into a [`Charter`]: a list of [`Entry`]
//! (one per declared cookie name or name pattern) and the warnings a person
//! should see about what could not be read. Readers never fail on odd
//! content; they fail only when the content is not in their format at all.
//! Matching entries to observed cookies is [`crate::classify`]'s job.

mod cache;
mod document;
mod duration;
mod html;
mod json;
mod tcf;
mod text;
mod vocabulary;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use cache::CharterCache;
pub use duration::Duration;
pub use vocabulary::{address_policy_evidence, policy_evidence, PolicyEvidence};

use crate::pattern::glob_matches;
use crate::purpose::Purpose;

/// The formats a charter arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A page's `innerText` or markdown: headings, then tab-separated rows.
    Text,
    /// The policy page's HTML.
    Html,
    /// An IAB TCF device-storage disclosure (JSON).
    Tcf,
    /// Cookie Charter's own JSON schema.
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Tcf => "tcf",
            Format::Json => "json",
        }
    }
}

impl Format {
    /// The format a charter's content shows: markup is HTML, a JSON object
    /// with `disclosures` is a TCF disclosure, other JSON is ours, and the
    /// rest (innerText, markdown, plain text) is text.
    pub fn detect(content: &str) -> Format {
        let start = content.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with('<') {
            Format::Html
        } else if start.starts_with('{') || start.starts_with('[') {
            match serde_json::from_str::<serde_json::Value>(start) {
                Ok(value) if value.get("disclosures").is_some() => Format::Tcf,
                Ok(_) => Format::Json,
                Err(_) => Format::Text,
            }
        } else {
            Format::Text
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = CharterError;

    fn from_str(name: &str) -> Result<Format, CharterError> {
        match name {
            "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            "tcf" => Ok(Format::Tcf),
            "json" => Ok(Format::Json),
            other => Err(CharterError::UnknownFormat(other.to_owned())),
        }
    }
}

/// Why a charter could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CharterError {
    #[error("unknown charter format '{0}' (expected text, html, tcf or json)")]
    UnknownFormat(String),
    #[error("not a valid {format} charter: {reason}")]
    Malformed { format: Format, reason: String },
}

/// One declared cookie, or family of cookies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The name as the charter writes it.
    pub name: String,
    /// The name as a glob (`*` = any run of characters), or `None` when the
    /// charter names one exact cookie.
    pub pattern: Option<String>,
    pub provider: Option<String>,
    /// The domain the charter says the cookie is set on, if it says so.
    pub provider_domain: Option<String>,
    pub service: Option<String>,
    pub purpose_text: Option<String>,
    /// The heading the entry was declared under.
    pub section: Option<String>,
    pub category: Purpose,
    pub duration: Option<Duration>,
}

impl Entry {
    /// Whether this entry declares the cookie named `name`.
    pub fn matches(&self, name: &str) -> bool {
        match &self.pattern {
            Some(glob) => glob_matches(glob, name),
            None => self.name == name,
        }
    }
}

/// What a charter declares, and what a person should know about the reading.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Charter {
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
}

/// Reads a charter in the given format.
pub fn read(format: Format, content: &str) -> Result<Charter, CharterError> {
    match format {
        Format::Text => Ok(text::read(content)),
        Format::Html => Ok(html::read(content)),
        Format::Tcf => tcf::read(content),
        Format::Json => json::read(content),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_through_their_names() {
        for format in [Format::Text, Format::Html, Format::Tcf, Format::Json] {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        }
        assert!(matches!(
            "pdf".parse::<Format>(),
            Err(CharterError::UnknownFormat(name)) if name == "pdf"
        ));
    }
}
