//! The TCF reader: an IAB TCF "Device Storage Disclosure", the JSON file a
//! vendor publishes at its `deviceStorageDisclosureUrl`. Purposes map to
//! categories; web and app storage is reported, not classified, since it is
//! not a cookie.

use serde::Deserialize;

use super::{Charter, CharterError, Duration, Entry, Format};
use crate::pattern::NamePattern;
use crate::purpose::Purpose;

#[derive(Deserialize)]
struct Disclosures {
    disclosures: Vec<Disclosure>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Disclosure {
    identifier: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    max_age_seconds: Option<f64>,
    #[serde(default)]
    domains: Vec<String>,
    /// TCF 2.0 files name one domain.
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    purposes: Vec<u32>,
    #[serde(default)]
    special_purposes: Vec<u32>,
    #[serde(default)]
    description: Option<String>,
}

pub fn read(content: &str) -> Result<Charter, CharterError> {
    let file: Disclosures = serde_json::from_str(content).map_err(|error| CharterError::Malformed {
        format: Format::Tcf,
        reason: error.to_string(),
    })?;
    let mut charter = Charter::default();
    for disclosure in file.disclosures {
        if disclosure.kind != "cookie" {
            charter.warnings.push(format!(
                "«{}» is {} storage, not a cookie: reported, not classified",
                disclosure.identifier, disclosure.kind
            ));
            continue;
        }
        let pattern = NamePattern::parse(&disclosure.identifier);
        let provider_domain = disclosure
            .domains
            .iter()
            .chain(&disclosure.domain)
            .map(|d| d.trim_start_matches("*.").trim_start_matches('.').to_lowercase())
            .find(|d| d.contains('.'));
        let purposes = purposes_text(&disclosure.purposes, &disclosure.special_purposes);
        charter.entries.push(Entry {
            pattern: pattern.glob().map(str::to_owned),
            name: disclosure.identifier,
            provider: None,
            provider_domain,
            service: None,
            purpose_text: Some(match disclosure.description {
                Some(description) => format!("{description} ({purposes})"),
                None => purposes,
            }),
            section: None,
            category: category(&disclosure.purposes, &disclosure.special_purposes),
            duration: disclosure.max_age_seconds.map(duration),
        });
    }
    if charter.entries.is_empty() {
        charter.warnings.push("no cookie disclosed".to_owned());
    }
    Ok(charter)
}

/// TCF purposes: 1 store/access on a device; 2-6 ads and content
/// profiles; 7-10 measurement and service development; special purposes
/// 1 security, 2 delivery, 3 saving privacy choices.
fn category(purposes: &[u32], special: &[u32]) -> Purpose {
    if purposes.iter().any(|p| (2..=6).contains(p)) {
        Purpose::Marketing
    } else if purposes.iter().any(|p| (7..=10).contains(p))
        && purposes.iter().all(|p| [1, 7, 8, 9, 10].contains(p))
    {
        Purpose::Statistics
    } else if purposes.iter().all(|&p| p == 1) && special.iter().all(|s| [1, 3].contains(s)) {
        Purpose::Necessary
    } else {
        Purpose::Other
    }
}

fn purposes_text(purposes: &[u32], special: &[u32]) -> String {
    let list = |numbers: &[u32]| numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    match (purposes.is_empty(), special.is_empty()) {
        (false, false) => format!(
            "TCF purposes {}; special purposes {}",
            list(purposes),
            list(special)
        ),
        (false, true) => format!("TCF purposes {}", list(purposes)),
        (true, false) => format!("TCF special purposes {}", list(special)),
        (true, true) => "no TCF purpose stated".to_owned(),
    }
}

/// `maxAgeSeconds`: 0 is a session cookie.
fn duration(seconds: f64) -> Duration {
    let session = seconds <= 0.0;
    Duration {
        text: format!("{seconds} s"),
        days: (!session).then(|| (seconds / 86_400.0 * 10.0).round() / 10.0),
        session,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_map_to_categories() {
        let cases: [(&[u32], &[u32], Purpose); 8] = [
            (&[1], &[], Purpose::Necessary),
            (&[], &[1], Purpose::Necessary),
            (&[1], &[3], Purpose::Necessary),
            (&[1, 8, 9], &[], Purpose::Statistics),
            (&[1, 7, 10], &[1], Purpose::Statistics),
            (&[1, 3, 4], &[1], Purpose::Marketing),
            (&[1, 9, 2], &[], Purpose::Marketing),
            (&[1, 11], &[], Purpose::Other),
        ];
        for (purposes, special, expected) in cases {
            assert_eq!(
                category(purposes, special),
                expected,
                "{purposes:?} / {special:?}"
            );
        }
    }

    #[test]
    fn the_shared_example_reads() {
        let content = include_str!("../../../../shared/data/tcf-device-storage.example.json");
        let charter = read(content).unwrap();
        let got: Vec<(&str, Purpose, Option<f64>, Option<&str>)> = charter
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.category,
                    e.duration.as_ref().and_then(|d| d.days),
                    e.provider_domain.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "retarget-adtech123",
                    Purpose::Marketing,
                    Some(30.0),
                    Some("retarget.adtech123.com")
                ),
                ("optOut", Purpose::Marketing, Some(365.0), Some("adtech123.com")),
            ]
        );
        assert_eq!(
            charter.warnings,
            ["«id» is web storage, not a cookie: reported, not classified"]
        );
        assert!(read("{\"disclosures\": 3}").is_err());
    }
}
