//! Declared cookie lifetimes, as charters write them ("13 mois", "2 years",
//! "2 Jahre", "Session", "Up to 12 months", "30 minutes"), read into days.

use serde::Serialize;

use super::vocabulary;

/// A declared lifetime: the text as written and, where it could be read,
/// its length in days. A session cookie lasts until the browser closes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duration {
    pub text: String,
    pub days: Option<f64>,
    pub session: bool,
}

impl Duration {
    /// Reads a duration cell. The first "number unit" pair wins ("13 mois
    /// (395 jours)" is 13 months); a text naming only a session is a session
    /// cookie. Returns `None` for an empty cell.
    pub fn parse(text: &str) -> Option<Duration> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let days = first_length_in_days(text);
        let session = days.is_none()
            && (vocabulary::names_a_session(text) || vocabulary::names_a_session_lifetime(text));
        Some(Duration {
            text: text.to_owned(),
            days: days.map(|d| (d * 10.0).round() / 10.0),
            session,
        })
    }
}

impl Duration {
    /// Finds a duration written inside a purpose text ("… Durée : 6 mois",
    /// "expires after 2 years", "a session cookie"). Only explicit session
    /// wording counts there: "the user's session" says nothing of lifetime.
    pub fn find_in(text: &str) -> Option<Duration> {
        let (days, matched) = match first_length_in_days(text) {
            Some(days) => (Some(days), true),
            None => (None, vocabulary::names_a_session_lifetime(text)),
        };
        matched.then(|| Duration {
            text: text.to_owned(),
            days: days.map(|d| (d * 10.0).round() / 10.0),
            session: days.is_none(),
        })
    }
}

/// Finds the first number followed by a time unit and converts it to days.
fn first_length_in_days(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let tokens = tokens(&lower);
    tokens.windows(2).find_map(|pair| {
        let amount = number(pair[0])?;
        let unit = vocabulary::time_unit_in_days(pair[1])?;
        Some(amount * unit)
    })
}

/// Splits into runs of digits (with a decimal point or comma) and runs of
/// letters; everything else separates.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    // The start of the current token, and whether it is a number.
    let mut current: Option<(usize, bool)> = None;
    for (at, c) in text.char_indices() {
        let continues = match current {
            Some((_, true)) => c.is_ascii_digit() || c == '.' || c == ',',
            Some((_, false)) => c.is_alphabetic(),
            None => false,
        };
        if continues {
            continue;
        }
        if let Some((start, _)) = current.take() {
            tokens.push(&text[start..at]);
        }
        if c.is_ascii_digit() {
            current = Some((at, true));
        } else if c.is_alphabetic() {
            current = Some((at, false));
        }
    }
    if let Some((start, _)) = current {
        tokens.push(&text[start..]);
    }
    tokens
}

fn number(token: &str) -> Option<f64> {
    let token = token.trim_end_matches(['.', ',']);
    token
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .or_else(|| vocabulary::number_word(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_three_languages() {
        let cases: [(&str, Option<f64>, bool); 16] = [
            ("13 mois", Some(395.4), false),
            ("2 years", Some(730.0), false),
            ("2 Jahre", Some(730.0), false),
            ("session", None, true),
            ("Fin de session", None, true),
            ("Sitzung", None, true),
            ("6 months", Some(182.5), false),
            ("Up to 12 months", Some(365.0), false),
            ("30 minutes", Some(0.0), false),
            ("24 heures", Some(1.0), false),
            ("1 an", Some(365.0), false),
            ("un an", Some(365.0), false),
            ("2 weeks", Some(14.0), false),
            ("1,5 Jahre", Some(547.5), false),
            ("13mois", Some(395.4), false),
            ("persistant", None, false),
        ];
        for (text, days, session) in cases {
            let duration = Duration::parse(text).expect(text);
            assert_eq!(duration.days, days, "days of {text:?}");
            assert_eq!(duration.session, session, "session of {text:?}");
            assert_eq!(duration.text, text);
        }
        assert_eq!(Duration::parse("  "), None);
    }
}
