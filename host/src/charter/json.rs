//! The JSON reader: Cookie Charter's own schema (`schema/charter.schema.json`)
//! for site owners who publish a machine-readable charter. `charter --json`
//! prints this format, so a charter read from any format can be saved,
//! reviewed and published as is.

use serde::Deserialize;

use super::{Charter, CharterError, Duration, Entry, Format};
use crate::pattern::NamePattern;
use crate::purpose::Purpose;

/// The document: metadata fields (`$schema`, `site`, `updated`, a previous
/// reading's `warnings`) are allowed and ignored; entries are strict, so a
/// misspelt field is an error rather than a silently lost declaration.
#[derive(Deserialize)]
struct Document {
    entries: Vec<DeclaredEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclaredEntry {
    name: String,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    provider_domain: Option<String>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    purpose_text: Option<String>,
    #[serde(default)]
    section: Option<String>,
    category: Purpose,
    #[serde(default)]
    duration: Option<DeclaredDuration>,
}

/// A duration as words ("13 months") or as `charter --json` prints it.
#[derive(Deserialize)]
#[serde(untagged)]
enum DeclaredDuration {
    Words(String),
    Read {
        text: String,
        #[serde(default)]
        days: Option<f64>,
        #[serde(default)]
        session: bool,
    },
}

pub fn read(content: &str) -> Result<Charter, CharterError> {
    let document: Document = serde_json::from_str(content).map_err(|error| CharterError::Malformed {
        format: Format::Json,
        reason: error.to_string(),
    })?;
    let mut charter = Charter::default();
    for (index, entry) in document.entries.into_iter().enumerate() {
        let written = entry.pattern.as_deref().unwrap_or(&entry.name);
        let pattern = NamePattern::parse(written);
        if pattern.glob().is_some_and(|glob| glob.chars().all(|c| c == '*')) {
            charter.warnings.push(format!(
                "entries[{index}] «{written}»: a pattern that would match every cookie"
            ));
            continue;
        }
        let duration = entry.duration.map(|duration| match duration {
            DeclaredDuration::Words(text) => Duration::parse(&text).unwrap_or(Duration {
                text,
                days: None,
                session: false,
            }),
            DeclaredDuration::Read { text, days, session } => Duration { text, days, session },
        });
        charter.entries.push(Entry {
            pattern: pattern.glob().map(str::to_owned),
            name: entry.name,
            provider: entry.provider,
            provider_domain: entry.provider_domain,
            service: entry.service,
            purpose_text: entry.purpose_text,
            section: entry.section,
            category: entry.category,
            duration,
        });
    }
    Ok(charter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_written_charter_reads() {
        let content = r#"{"$schema": "https://cookie-charter.org/schema/charter.schema.json", "site": "https://example.org/",
            "entries": [
              {"name": "session", "category": "necessary", "duration": "session", "purpose_text": "Keeps you signed in"},
              {"name": "_pk_id.<n>.<hash>", "category": "statistics", "duration": "13 months", "provider": "Matomo"},
              {"name": "_ga_*", "pattern": "_ga_*", "category": "statistics", "duration": {"text": "2 years", "days": 730.0, "session": false}}
            ]}"#;
        let charter = read(content).unwrap();
        type Reading<'a> = (&'a str, Option<&'a str>, Purpose, Option<f64>, bool);
        let got: Vec<Reading> = charter
            .entries
            .iter()
            .map(|e| {
                let duration = e.duration.as_ref().unwrap();
                (
                    e.name.as_str(),
                    e.pattern.as_deref(),
                    e.category,
                    duration.days,
                    duration.session,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("session", None, Purpose::Necessary, None, true),
                (
                    "_pk_id.<n>.<hash>",
                    Some("_pk_id.*.*"),
                    Purpose::Statistics,
                    Some(395.4),
                    false
                ),
                ("_ga_*", Some("_ga_*"), Purpose::Statistics, Some(730.0), false),
            ]
        );
    }

    #[test]
    fn mistakes_are_errors_not_silence() {
        for bad in [
            r#"{"entries": [{"name": "a", "category": "tasty"}]}"#,
            r#"{"entries": [{"name": "a", "category": "necessary", "purpose": "typo"}]}"#,
            r#"{"entries": [{"category": "necessary"}]}"#,
            r#"[]"#,
        ] {
            assert!(matches!(read(bad), Err(CharterError::Malformed { .. })), "{bad}");
        }
    }
}
