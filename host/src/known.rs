//! The built-in table of well-known cookies: fallback evidence for a cookie
//! the site's charter does not declare (`_ga` is Google Analytics' statistics
//! cookie, `PHPSESSID` a PHP session), written from the providers' public
//! documentation.
//!
//! A name alone is weak evidence: `sessionid` is a login cookie on one site
//! and a tracker on another. So an entry that knows where its cookie lives
//! (`domains`) matches only cookies of those sites, and the table never
//! outranks the site's own charter (that order is [`crate::classify`]'s).
//! The Open Cookie Database, when the command line is given its CSV, is
//! weaker evidence still ([`OpenCookieDatabase`]).

mod open_cookie_database;
mod table;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::pattern::glob_matches;
use crate::purpose::Purpose;

pub use open_cookie_database::{
    DatabaseError, ImportedCookie, OpenCookieDatabase, SOURCE as OPEN_COOKIE_DATABASE,
};

/// A well-known cookie, or family of cookies.
#[derive(Debug)]
pub struct KnownCookie {
    /// Exact cookie name, or a glob where `*` stands for any run of
    /// characters ("_ga_*", "_pk_id.*"). Names are case-sensitive.
    pub name: &'static str,
    /// The company behind it.
    pub provider: &'static str,
    /// The product that sets it.
    pub service: &'static str,
    pub purpose: Purpose,
    /// One sentence: what the cookie does.
    pub description: &'static str,
    /// Registrable domains the cookie is set on as a third-party cookie of
    /// its provider; empty when any site sets it as its own cookie.
    pub domains: &'static [&'static str],
}

impl KnownCookie {
    fn matches_name(&self, name: &str) -> bool {
        if self.name.contains('*') {
            glob_matches(self.name, name)
        } else {
            self.name == name
        }
    }

    fn lives_on(&self, site: &str) -> bool {
        self.domains.is_empty() || self.domains.contains(&site)
    }
}

/// Every entry of the table.
pub fn all() -> &'static [KnownCookie] {
    table::TABLE
}

/// The table indexed for lookups: exact names in a map, patterns in a list
/// (a few dozen), both in table order. Built on the first lookup.
struct Index {
    exact: HashMap<&'static str, Vec<&'static KnownCookie>>,
    patterns: Vec<&'static KnownCookie>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut exact: HashMap<&'static str, Vec<&'static KnownCookie>> = HashMap::new();
        let mut patterns = Vec::new();
        for known in table::TABLE {
            if known.name.contains('*') {
                patterns.push(known);
            } else {
                exact.entry(known.name).or_default().push(known);
            }
        }
        Index { exact, patterns }
    })
}

/// The entry for a cookie named `name` on the site `site`: an entry that
/// names the cookie's own site first, then an exact name before a pattern,
/// then the earlier entry of the table.
pub fn lookup(name: &str, site: &str) -> Option<&'static KnownCookie> {
    let index = index();
    let exact = index.exact.get(name).into_iter().flatten();
    let patterns = index.patterns.iter().filter(|known| known.matches_name(name));
    exact
        .chain(patterns)
        .copied()
        .filter(|known| known.lives_on(site))
        .min_by_key(|known| (known.domains.is_empty(), known.name.contains('*')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{Host, SuffixList};

    fn site(host: &str) -> String {
        SuffixList::embedded()
            .site(&Host::parse(host).unwrap())
            .to_owned()
    }

    #[test]
    fn the_table_is_large_and_well_formed() {
        assert!(all().len() >= 150, "only {} known cookies", all().len());
        for known in all() {
            assert!(!known.name.trim_matches('*').is_empty(), "{known:?}");
            assert!(!known.description.is_empty(), "{known:?}");
            for domain in known.domains {
                let normalised = site(domain);
                assert_eq!(
                    normalised.as_str(),
                    *domain,
                    "{} lists a non-registrable domain",
                    known.name
                );
            }
        }
    }

    #[test]
    fn no_two_entries_claim_the_same_name_everywhere() {
        let mut everywhere: Vec<&str> = all()
            .iter()
            .filter(|k| k.domains.is_empty())
            .map(|k| k.name)
            .collect();
        everywhere.sort_unstable();
        let before = everywhere.len();
        everywhere.dedup();
        assert_eq!(before, everywhere.len(), "duplicate first-party entries");
    }

    #[test]
    fn lookups_by_name_and_site() {
        let ga = lookup("_ga", &site("nantesmetropole.fr")).expect("_ga is known");
        assert_eq!(ga.purpose, Purpose::Statistics);
        let matomo = lookup("_pk_id.1.a7f3", &site("example.org")).expect("Matomo is known");
        assert_eq!(matomo.purpose, Purpose::Statistics);
        assert!(lookup("_ga_K00BDHCKY3", &site("example.org")).is_some());
        let youtube = lookup("VISITOR_INFO1_LIVE", &site(".youtube.com")).expect("YouTube is known");
        assert_eq!(youtube.purpose, Purpose::Marketing);
        // A provider-domain entry does not match the same name elsewhere.
        assert!(lookup("IDE", &site("example.org")).is_none());
        assert!(lookup("IDE", &site(".doubleclick.net")).is_some());
        assert!(lookup("definitely_not_a_known_cookie", &site("example.org")).is_none());
    }
}
