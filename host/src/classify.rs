//! The decision procedure: for each cookie a page set, its party, its
//! declared purpose, its label, whether it needs consent, and what in it
//! contradicts the site's charter. Pure: no I/O, no clock (the caller gives
//! "now"), so the same input always gives the same answer.
//!
//! The contract is DESIGN.md's "Classification": party from the Public
//! Suffix List; purpose from the charter (exact name, then pattern,
//! preferring an entry whose domain agrees), else from the built-in table of
//! well-known cookies, else from an imported known-cookie database (the Open
//! Cookie Database, on the command line), else unknown; the label from the
//! purpose, else from the party; consent and findings from all of it.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::{Deserialize, Serialize, Serializer};

use crate::charter::{Charter, Entry};
use crate::known::{self, ImportedCookie, KnownCookie, OpenCookieDatabase};
use crate::purpose::Purpose;
use crate::site::{Host, HostError, Party, Site, SuffixList};

/// CNIL: audience-measurement cookies are exempt from consent only if,
/// among other conditions, "la durée de vie des traceurs est limitée à une
/// durée permettant une comparaison pertinente des audiences dans le temps,
/// comme c'est le cas d'une durée de treize mois". Thirteen months, counted
/// in whole days.
pub const STATISTICS_MAX_DAYS: f64 = 395.0;

/// A cookie lives longer than declared only beyond this many days more,
/// so that clocks and month lengths do not raise false alarms.
const LIFETIME_TOLERANCE_DAYS: f64 = 1.0;

/// A cookie as the browser reports it (`cookies.getAll`), without its value.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedCookie {
    pub name: String,
    pub domain: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub host_only: Option<bool>,
    #[serde(default)]
    pub secure: Option<bool>,
    #[serde(default)]
    pub http_only: Option<bool>,
    #[serde(default)]
    pub same_site: Option<String>,
    #[serde(default)]
    pub session: Option<bool>,
    /// Unix seconds, possibly fractional; absent for session cookies.
    #[serde(default)]
    pub expiration_date: Option<f64>,
    /// Set for partitioned (CHIPS) cookies.
    #[serde(default)]
    pub partition_key: Option<PartitionKey>,
    #[serde(default)]
    pub store_id: Option<String>,
}

/// The partition a CHIPS cookie lives in.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartitionKey {
    #[serde(default)]
    pub top_level_site: Option<String>,
}

/// One of the four categories a cookie ends up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Label {
    #[serde(rename = "necessary")]
    Necessary,
    #[serde(rename = "statistics")]
    Statistics,
    #[serde(rename = "first-party")]
    FirstParty,
    #[serde(rename = "third-party")]
    ThirdParty,
}

impl Label {
    pub const ALL: [Label; 4] = [
        Label::Necessary,
        Label::Statistics,
        Label::FirstParty,
        Label::ThirdParty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Necessary => "necessary",
            Label::Statistics => "statistics",
            Label::FirstParty => "first-party",
            Label::ThirdParty => "third-party",
        }
    }
}

/// What the purpose of a cookie rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The site's charter declares it.
    Charter,
    /// The built-in table knows it.
    Known,
    /// Nothing says what it is for: only its party is known.
    Party,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Charter => "charter",
            Basis::Known => "known",
            Basis::Party => "party",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Consent {
    Exempt,
    Required,
}

impl Consent {
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Exempt => "exempt",
            Consent::Required => "required",
        }
    }
}

/// Stable codes for what contradicts, or is missing from, the charter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Undeclared,
    NoCharter,
    ThirdPartyDeclaredNecessary,
    StatisticsNotExempt,
    LifetimeExceedsDeclared,
    DeclaredNotSeen,
}

impl Finding {
    pub const ALL: [Finding; 6] = [
        Finding::Undeclared,
        Finding::NoCharter,
        Finding::ThirdPartyDeclaredNecessary,
        Finding::StatisticsNotExempt,
        Finding::LifetimeExceedsDeclared,
        Finding::DeclaredNotSeen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Undeclared => "undeclared",
            Finding::NoCharter => "no_charter",
            Finding::ThirdPartyDeclaredNecessary => "third_party_declared_necessary",
            Finding::StatisticsNotExempt => "statistics_not_exempt",
            Finding::LifetimeExceedsDeclared => "lifetime_exceeds_declared",
            Finding::DeclaredNotSeen => "declared_not_seen",
        }
    }
}

/// What the fallback evidence says of a cookie, as the answer shows it.
/// Borrowed from the built-in table; owned when it comes from a database
/// read at run time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnownEvidence {
    pub provider: Cow<'static, str>,
    pub service: Cow<'static, str>,
    pub description: Cow<'static, str>,
    /// Where the evidence comes from, when it is not the built-in table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

impl From<&'static KnownCookie> for KnownEvidence {
    fn from(known: &'static KnownCookie) -> KnownEvidence {
        KnownEvidence {
            provider: Cow::Borrowed(known.provider),
            service: Cow::Borrowed(known.service),
            description: Cow::Borrowed(known.description),
            source: None,
        }
    }
}

impl From<&ImportedCookie> for KnownEvidence {
    fn from(row: &ImportedCookie) -> KnownEvidence {
        KnownEvidence {
            provider: Cow::Owned(row.provider.clone()),
            service: Cow::Owned(row.service.clone()),
            description: Cow::Owned(row.description.clone()),
            source: Some(known::OPEN_COOKIE_DATABASE),
        }
    }
}

/// The verdict on one cookie.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CookieVerdict {
    pub name: String,
    pub domain: String,
    pub label: Label,
    pub party: Party,
    pub partitioned: bool,
    #[serde(serialize_with = "purpose_or_unknown")]
    pub purpose: Option<Purpose>,
    pub basis: Basis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<Entry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known: Option<KnownEvidence>,
    pub consent: Consent,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_days: Option<f64>,
    pub findings: Vec<Finding>,
}

fn purpose_or_unknown<S: Serializer>(purpose: &Option<Purpose>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(purpose.map_or("unknown", Purpose::as_str))
}

/// Counts per label, keyed as the popup shows them; the store keeps them
/// too, and reads them back strictly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub necessary: usize,
    pub statistics: usize,
    #[serde(rename = "first-party")]
    pub first_party: usize,
    #[serde(rename = "third-party")]
    pub third_party: usize,
}

impl Counts {
    fn add(&mut self, label: Label) {
        match label {
            Label::Necessary => self.necessary += 1,
            Label::Statistics => self.statistics += 1,
            Label::FirstParty => self.first_party += 1,
            Label::ThirdParty => self.third_party += 1,
        }
    }
}

/// The site-level view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub counts: Counts,
    /// Names of the cookies the charter does not declare, each once.
    pub undeclared: Vec<String>,
    /// Names (or patterns, as written) the charter declares that no cookie
    /// of the page matched, each once.
    pub declared_not_seen: Vec<String>,
    pub findings: Vec<Finding>,
}

/// The page the cookies were observed on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSite {
    pub url: String,
    pub registrable_domain: Site,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub site: PageSite,
    pub cookies: Vec<CookieVerdict>,
    pub summary: Summary,
}

/// A cookie whose domain is not a host.
#[derive(Debug, thiserror::Error)]
#[error("cookies[{index}].domain: {source}")]
pub struct ClassifyError {
    pub index: usize,
    pub source: HostError,
}

/// What the procedure needs to know about the page.
pub struct Page<'a> {
    pub url: &'a str,
    pub host: &'a Host,
    /// "Now", in unix seconds, for lifetime arithmetic.
    pub observed_at: f64,
}

/// Classifies every cookie of a page against its charter (when the site has
/// one that could be read), with `imported` as the last fallback evidence.
pub fn classify(
    page: &Page<'_>,
    cookies: &[ObservedCookie],
    charter: Option<&Charter>,
    list: &SuffixList,
    imported: Option<&OpenCookieDatabase>,
) -> Result<Classification, ClassifyError> {
    let page_site = list.site(page.host);
    let mut matched = vec![false; charter.map_or(0, |c| c.entries.len())];
    let mut verdicts = Vec::with_capacity(cookies.len());
    for (index, cookie) in cookies.iter().enumerate() {
        let host = Host::parse(&cookie.domain).map_err(|source| ClassifyError { index, source })?;
        let cookie_site = list.site(&host);
        let party = if cookie_site == page_site {
            Party::First
        } else {
            Party::Third
        };
        let entry = charter.and_then(|charter| declaration(charter, &cookie.name, cookie_site, list));
        if let (Some(charter), Some(_)) = (charter, entry) {
            // Every entry that this cookie's name satisfies has been seen.
            for (seen, candidate) in matched.iter_mut().zip(&charter.entries) {
                *seen |= candidate.matches(&cookie.name);
            }
        }
        let declared = charter.zip(entry).map(|(charter, at)| &charter.entries[at]);
        let fallback = match declared {
            Some(_) => None,
            None => fallback(&cookie.name, cookie_site, imported),
        };
        verdicts.push(judge(
            cookie,
            party,
            declared,
            fallback,
            charter.is_some(),
            page.observed_at,
        ));
    }
    let summary = summarise(&verdicts, charter, &matched);
    Ok(Classification {
        site: PageSite {
            url: page.url.to_owned(),
            registrable_domain: Site::from(page_site),
        },
        cookies: verdicts,
        summary,
    })
}

/// The charter entry that declares `name`: an exact name before a pattern,
/// and within each, an entry whose stated domain is the cookie's site first.
fn declaration(charter: &Charter, name: &str, cookie_site: &str, list: &SuffixList) -> Option<usize> {
    charter
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.matches(name))
        .min_by_key(|(_, entry)| {
            let domain_agrees = entry
                .provider_domain
                .as_deref()
                .and_then(|domain| Host::parse(domain).ok())
                .is_some_and(|host| list.site(&host) == cookie_site);
            (entry.pattern.is_some(), !domain_agrees)
        })
        .map(|(at, _)| at)
}

/// What the evidence beyond the charter says of a cookie: the built-in
/// table first, whatever the imported database says, since the table was
/// written from each provider's own documentation.
fn fallback(
    name: &str,
    cookie_site: &str,
    imported: Option<&OpenCookieDatabase>,
) -> Option<(Purpose, KnownEvidence)> {
    if let Some(known) = known::lookup(name, cookie_site) {
        return Some((known.purpose, KnownEvidence::from(known)));
    }
    let row = imported?.lookup(name, cookie_site)?;
    Some((row.purpose, KnownEvidence::from(row)))
}

fn judge(
    cookie: &ObservedCookie,
    party: Party,
    declared: Option<&Entry>,
    fallback: Option<(Purpose, KnownEvidence)>,
    has_charter: bool,
    now: f64,
) -> CookieVerdict {
    let (purpose, basis, known) = match (declared, fallback) {
        (Some(entry), _) => (Some(entry.category), Basis::Charter, None),
        (None, Some((purpose, known))) => (Some(purpose), Basis::Known, Some(known)),
        (None, None) => (None, Basis::Party, None),
    };
    let label = match (purpose, party) {
        (Some(Purpose::Necessary), _) => Label::Necessary,
        (Some(Purpose::Statistics), _) => Label::Statistics,
        (_, Party::First) => Label::FirstParty,
        (_, Party::Third) => Label::ThirdParty,
    };
    let lifetime_days = lifetime_days(cookie, now);
    let declared_days = declared.and_then(|e| e.duration.as_ref()).and_then(|d| d.days);
    let consent = match label {
        Label::Necessary => Consent::Exempt,
        Label::Statistics
            if party == Party::First
                && basis == Basis::Charter
                && within_statistics_limit(lifetime_days)
                && within_statistics_limit(declared_days) =>
        {
            Consent::Exempt
        }
        _ => Consent::Required,
    };

    let mut findings = Vec::new();
    if declared.is_none() {
        findings.push(if has_charter {
            Finding::Undeclared
        } else {
            Finding::NoCharter
        });
    }
    if party == Party::Third && purpose == Some(Purpose::Necessary) && basis == Basis::Charter {
        findings.push(Finding::ThirdPartyDeclaredNecessary);
    }
    if label == Label::Statistics && consent == Consent::Required {
        findings.push(Finding::StatisticsNotExempt);
    }
    if let Some(duration) = declared.and_then(|e| e.duration.as_ref()) {
        let exceeds = match (lifetime_days, duration.days) {
            (Some(lives), Some(allowed)) => lives > allowed + LIFETIME_TOLERANCE_DAYS,
            (Some(_), None) => duration.session,
            (None, _) => false,
        };
        if exceeds {
            findings.push(Finding::LifetimeExceedsDeclared);
        }
    }

    CookieVerdict {
        name: cookie.name.clone(),
        domain: cookie.domain.clone(),
        label,
        party,
        partitioned: cookie.partition_key.is_some(),
        purpose,
        basis,
        declared: declared.cloned(),
        known,
        consent,
        lifetime_days,
        findings,
    }
}

/// Days from now to the cookie's expiry, to a tenth of a day; `None` for a
/// session cookie.
fn lifetime_days(cookie: &ObservedCookie, now: f64) -> Option<f64> {
    if cookie.session == Some(true) {
        return None;
    }
    let expires = cookie.expiration_date?;
    let days = ((expires - now) / 86_400.0).max(0.0);
    Some((days * 10.0).round() / 10.0)
}

fn within_statistics_limit(days: Option<f64>) -> bool {
    days.is_none_or(|days| days.floor() <= STATISTICS_MAX_DAYS)
}

fn summarise(verdicts: &[CookieVerdict], charter: Option<&Charter>, matched: &[bool]) -> Summary {
    let mut counts = Counts::default();
    for verdict in verdicts {
        counts.add(verdict.label);
    }
    let undeclared = unique(
        verdicts
            .iter()
            .filter(|v| v.findings.contains(&Finding::Undeclared))
            .map(|v| v.name.as_str()),
    );
    let not_seen = charter
        .into_iter()
        .flat_map(|c| c.entries.iter().zip(matched))
        .filter(|(_, seen)| !**seen)
        .map(|(entry, _)| entry.name.as_str());
    let declared_not_seen = unique(not_seen);
    let mut findings = Vec::new();
    if charter.is_none() {
        findings.push(Finding::NoCharter);
    }
    if !undeclared.is_empty() {
        findings.push(Finding::Undeclared);
    }
    if !declared_not_seen.is_empty() {
        findings.push(Finding::DeclaredNotSeen);
    }
    Summary {
        counts,
        undeclared,
        declared_not_seen,
        findings,
    }
}

/// The names in first-seen order, each once.
fn unique<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .filter(|name| seen.insert(*name))
        .map(str::to_owned)
        .collect()
}
