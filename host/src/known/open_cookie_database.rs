//! The Open Cookie Database (github.com/jkwakman/Open-Cookie-Database), read
//! from its CSV at run time (`classify --known-db F.csv`): more fallback
//! evidence for cookies the site's charter is silent about.
//!
//! It is weaker evidence than the built-in table: its rows are contributed,
//! and one name often means different things on different platforms
//! (`sessionid` is Instagram's advertising cookie there, and the login cookie
//! of every Opendatasoft portal). So [`crate::classify`] consults it last,
//! after the charter and the built-in table, and here a row that names the
//! cookie's own site comes before a row any site may set.

use std::collections::HashMap;

use crate::csv;
use crate::pattern::glob_matches;
use crate::purpose::Purpose;
use crate::site::{Host, SuffixList};

/// How answers name this evidence.
pub const SOURCE: &str = "Open Cookie Database";

const NAME_COLUMN: &str = "Cookie / Data Key name";
const CATEGORY_COLUMN: &str = "Category";
const DOMAIN_COLUMN: &str = "Domain";

/// One row of the database.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCookie {
    /// The name as the row writes it.
    pub name: String,
    /// The row's name as a glob, when it stands for a family of names
    /// (`Wildcard match` = 1 makes the name a prefix).
    glob: Option<String>,
    /// The sites (registrable domains) the row says the cookie is set on;
    /// empty when any site sets it as its own.
    sites: Vec<String>,
    pub purpose: Purpose,
    /// `Data Controller`.
    pub provider: String,
    /// `Platform`.
    pub service: String,
    pub description: String,
}

impl ImportedCookie {
    fn matches_name(&self, name: &str) -> bool {
        match &self.glob {
            Some(glob) => glob_matches(glob, name),
            None => self.name == name,
        }
    }

    fn lives_on(&self, site: &str) -> bool {
        self.sites.is_empty() || self.sites.iter().any(|s| s == site)
    }
}

/// Why a file is not an Open Cookie Database CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseError {
    #[error(transparent)]
    Csv(#[from] csv::Unterminated),
    #[error("no '{0}' column in the header line: not an Open Cookie Database CSV")]
    MissingColumn(&'static str),
}

/// The rows of the database, indexed by exact name; globs are few (a few
/// hundred) and scanned.
#[derive(Debug, Default)]
pub struct OpenCookieDatabase {
    cookies: Vec<ImportedCookie>,
    exact: HashMap<String, Vec<usize>>,
    globs: Vec<usize>,
    /// Lines of rows left out: no name, or a `Domain` that names no host.
    skipped: Vec<usize>,
}

impl OpenCookieDatabase {
    /// Reads the CSV. Columns are found by their header, so that a release
    /// that reorders or adds columns still reads; the sites of the `Domain`
    /// column are computed with `list`, as the cookies' will be.
    pub fn from_csv(text: &str, list: &SuffixList) -> Result<OpenCookieDatabase, DatabaseError> {
        let mut records = csv::records(text)?.into_iter();
        let header = records.next().map(|(_, fields)| fields).unwrap_or_default();
        let column = |name: &'static str| {
            header
                .iter()
                .position(|h| h.trim() == name)
                .ok_or(DatabaseError::MissingColumn(name))
        };
        let (name_at, category_at, domain_at) = (
            column(NAME_COLUMN)?,
            column(CATEGORY_COLUMN)?,
            column(DOMAIN_COLUMN)?,
        );
        let optional = |name: &'static str| column(name).ok();
        let (wildcard_at, platform_at, controller_at, description_at) = (
            optional("Wildcard match"),
            optional("Platform"),
            optional("Data Controller"),
            optional("Description"),
        );

        let mut database = OpenCookieDatabase::default();
        for (line, fields) in records {
            let cell = |at: Option<usize>| at.and_then(|at| fields.get(at)).map_or("", |s| s.trim());
            let name = cell(Some(name_at));
            let domain = cell(Some(domain_at));
            let sites = sites_of(domain, list);
            if name.is_empty() || (sites.is_empty() && !domain.is_empty()) {
                database.skipped.push(line);
                continue;
            }
            let glob = if cell(wildcard_at) == "1" {
                Some(format!("{}*", name.trim_end_matches('*')))
            } else {
                name.contains('*').then(|| name.to_owned())
            };
            database.add(ImportedCookie {
                name: name.to_owned(),
                glob,
                sites,
                purpose: purpose_of(cell(Some(category_at))),
                provider: cell(controller_at).to_owned(),
                service: cell(platform_at).to_owned(),
                description: cell(description_at).to_owned(),
            });
        }
        Ok(database)
    }

    fn add(&mut self, cookie: ImportedCookie) {
        let at = self.cookies.len();
        match cookie.glob {
            Some(_) => self.globs.push(at),
            None => self.exact.entry(cookie.name.clone()).or_default().push(at),
        }
        self.cookies.push(cookie);
    }

    /// The lines of the rows that were left out (no name, or a `Domain`
    /// naming no host), for a note to the person who gave the file.
    pub fn skipped_lines(&self) -> &[usize] {
        &self.skipped
    }

    /// The row for a cookie named `name` on the site `site`: a row naming
    /// the cookie's site first, then an exact name before a glob, a longer
    /// glob before a shorter one, then the earlier row.
    pub fn lookup(&self, name: &str, site: &str) -> Option<&ImportedCookie> {
        let exact = self.exact.get(name).into_iter().flatten();
        let globs = self
            .globs
            .iter()
            .filter(|&&at| self.cookies[at].matches_name(name));
        exact
            .chain(globs)
            .map(|&at| (at, &self.cookies[at]))
            .filter(|(_, cookie)| cookie.lives_on(site))
            .min_by_key(|(at, cookie)| {
                let glob_length = cookie.glob.as_ref().map_or(0, String::len);
                (
                    cookie.sites.is_empty(),
                    cookie.glob.is_some(),
                    usize::MAX - glob_length,
                    *at,
                )
            })
            .map(|(_, cookie)| cookie)
    }
}

/// The database's categories as purposes; an unknown category claims
/// nothing (`other`), so it never earns a consent exemption.
fn purpose_of(category: &str) -> Purpose {
    match category.to_ascii_lowercase().as_str() {
        "functional" | "personalization" => Purpose::Preferences,
        "analytics" => Purpose::Statistics,
        "marketing" => Purpose::Marketing,
        "security" | "necessary" => Purpose::Necessary,
        _ => Purpose::Other,
    }
}

/// The sites a `Domain` cell names. The database writes `youtube.com (3rd
/// party)`, `.linkedin.com`, `accounts.google.com`, and several joined by
/// "or" (`.bing.com (3rd party) or .microsoft.com (3rd party)`, or with a
/// side missing: ` or 207.net (3rd party)`); an empty cell is a first-party
/// cookie of any site.
fn sites_of(cell: &str, list: &SuffixList) -> Vec<String> {
    let mut sites: Vec<String> = Vec::new();
    let cell = cell.replace("(3rd party)", " ");
    for word in cell.split_whitespace().filter(|&word| word != "or") {
        // A label with a placeholder (`ads-[account].adhese.com`) stands
        // for any host under its parent.
        let parent = word.rsplit_once("].").map_or(word, |(_, parent)| parent);
        let Ok(host) = Host::parse(parent) else { continue };
        let site = list.site(&host).to_owned();
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    sites
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,\
                          Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n";

    fn database(rows: &str) -> OpenCookieDatabase {
        OpenCookieDatabase::from_csv(&format!("{HEADER}{rows}"), &SuffixList::embedded()).expect("valid CSV")
    }

    #[test]
    fn rows_become_evidence_with_their_purpose() {
        let db = database(
            "1,Google Analytics,Analytics,_ga,,\"Distinguishes users, for 2 years\",2 years,Google,https://x,0\n\
             2,Cookiebot,Functional,CookieConsent,,Consent state,1 year,Cookiebot,https://x,0\n\
             3,Odd,Unheard-of,weird,,?,?,Someone,,0\n",
        );
        let ga = db.lookup("_ga", "example.org").expect("_ga");
        assert_eq!(ga.purpose, Purpose::Statistics);
        assert_eq!(
            (ga.provider.as_str(), ga.service.as_str()),
            ("Google", "Google Analytics")
        );
        assert_eq!(ga.description, "Distinguishes users, for 2 years");
        assert_eq!(
            db.lookup("CookieConsent", "a.example").map(|c| c.purpose),
            Some(Purpose::Preferences)
        );
        assert_eq!(
            db.lookup("weird", "a.example").map(|c| c.purpose),
            Some(Purpose::Other)
        );
        assert!(db.lookup("_gid", "example.org").is_none());
    }

    #[test]
    fn a_domain_restricts_a_row_to_its_sites() {
        let db = database(
            "1,Instagram,Marketing,sessionid,instagram.com,Login,1 year,Meta,,0\n\
             2,Youtube,Marketing,VISITOR_INFO1_LIVE,youtube.com (3rd party),Bandwidth,6 months,Google,,0\n\
             3,Bing,Marketing,MUID,.bing.com (3rd party) or .microsoft.com (3rd party),Id,1 year,Microsoft,,0\n\
             4,Broken,Marketing,nowhere,\" or \",?,?,?,,0\n\
             5,Adobe,Analytics,s_vi,\" or 207.net (3rd party)\",Id,2 years,Adobe,,0\n\
             6,Adhese,Marketing,cap,ads-[account].adhese.com,Capping,30 days,Adhese,,1\n",
        );
        assert!(db.lookup("sessionid", "nantesmetropole.fr").is_none());
        assert!(db.lookup("sessionid", "instagram.com").is_some());
        assert!(db.lookup("VISITOR_INFO1_LIVE", "youtube.com").is_some());
        assert!(db.lookup("VISITOR_INFO1_LIVE", "example.org").is_none());
        assert!(db.lookup("MUID", "microsoft.com").is_some() && db.lookup("MUID", "bing.com").is_some());
        assert!(
            db.lookup("nowhere", "example.org").is_none(),
            "a Domain naming no host is skipped"
        );
        assert!(db.lookup("s_vi", "207.net").is_some() && db.lookup("s_vi", "example.org").is_none());
        assert!(db.lookup("cap_7", "adhese.com").is_some());
        assert_eq!(db.skipped_lines(), [5]);
    }

    #[test]
    fn the_own_site_row_wins_then_exact_then_the_longest_prefix() {
        let db = database(
            "1,Generic,Functional,sid,,Any site,?,A,,0\n\
             2,Specific,Marketing,sid,tracker.example,On its site,?,B,,0\n\
             3,Short,Analytics,_hj,,Short prefix,?,Hotjar,,1\n\
             4,Long,Functional,_hjSession_,,Long prefix,?,Hotjar,,1\n\
             5,Exact,Security,_hjSession_1,,Exact,?,Hotjar,,0\n",
        );
        assert_eq!(db.lookup("sid", "tracker.example").unwrap().service, "Specific");
        assert_eq!(db.lookup("sid", "other.example").unwrap().service, "Generic");
        assert_eq!(db.lookup("_hjSession_1", "a.example").unwrap().service, "Exact");
        assert_eq!(db.lookup("_hjSession_2", "a.example").unwrap().service, "Long");
        assert_eq!(
            db.lookup("_hjAbsoluteSessionInProgress", "a.example")
                .unwrap()
                .service,
            "Short"
        );
        assert!(db.lookup("_h", "a.example").is_none());
    }

    #[test]
    fn a_file_without_the_columns_is_refused() {
        let list = SuffixList::embedded();
        assert_eq!(
            OpenCookieDatabase::from_csv("name,purpose\n_ga,stats\n", &list).unwrap_err(),
            DatabaseError::MissingColumn(NAME_COLUMN)
        );
        assert!(matches!(
            OpenCookieDatabase::from_csv(&format!("{HEADER}1,\"open"), &list),
            Err(DatabaseError::Csv(_))
        ));
    }
}
