//! What a cookie is for, as a charter declares it or the built-in table knows it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The declared purpose of a cookie: the charter's category of an entry, or
/// the built-in table's purpose for a well-known cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Strictly necessary for the service the user asked for.
    Necessary,
    /// Audience measurement and analytics.
    Statistics,
    /// Remembers the user's choices (language, display).
    Preferences,
    /// Advertising, retargeting, cross-site profiles.
    Marketing,
    /// Declared, but for none of the purposes above.
    Other,
}

impl Purpose {
    pub const ALL: [Purpose; 5] = [
        Purpose::Necessary,
        Purpose::Statistics,
        Purpose::Preferences,
        Purpose::Marketing,
        Purpose::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Necessary => "necessary",
            Purpose::Statistics => "statistics",
            Purpose::Preferences => "preferences",
            Purpose::Marketing => "marketing",
            Purpose::Other => "other",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
