//! Entries folded into pages: for each page, the distinct cookies its
//! responses set and its requests sent, and the address it was at; plus the
//! pages that may be the site's charter.
//!
//! A page is a `log.pages` entry, and its entries are those whose `pageref`
//! names it. An entry without `pageref` belongs to the page that started
//! last before it; a HAR without pages is one page. Playwright records one
//! page per tab, whatever it navigates to, so a top-level navigation
//! (`Sec-Fetch-Dest: document`) after a page's document starts a page of
//! its own (a "view" of the same `log.pages` entry).

use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use url::Url;

use super::cookies::{parse_date, Lifetime, SetCookie};
use super::stream::{Entry, HarCookie, PageRecord, Text};
use super::{CapturedPage, CharterPage};
use crate::charter::{address_policy_evidence, policy_evidence, Format, PolicyEvidence};
use crate::classify::{ObservedCookie, PartitionKey};
use crate::site::Host;

/// At most this many notes are kept; the rest are counted.
const MAX_NOTES: usize = 20;

/// What has been read so far.
pub struct Fold {
    /// Whether response bodies that may be a charter are kept.
    charter_pages: bool,
    declared: Vec<DeclaredPage>,
    /// Keyed by `pageref` ("" for entries of no page) and view.
    groups: HashMap<GroupKey, Group>,
    group_order: Vec<GroupKey>,
    /// The current view of each `pageref`.
    views: HashMap<String, usize>,
    /// Every cookie set in the session, by name: a cookie a page only sent
    /// is described by the response that set it, on whichever page.
    jar: HashMap<String, Vec<ObservedCookie>>,
    /// The best charter page of each host.
    charters: Vec<CharterPage>,
    notes: Vec<String>,
    more_notes: usize,
}

struct DeclaredPage {
    id: String,
    title: Option<String>,
    started: Option<f64>,
    title_evidence: PolicyEvidence,
}

/// A `pageref` and the view of it.
type GroupKey = (String, usize);

/// The entries of one page, as far as cookies go.
struct Group {
    /// The earliest entry: its start and its address.
    first: (f64, String),
    /// The page's document: the first one that is not a redirect, else the
    /// first one.
    document: Option<(String, bool)>,
    /// Cookies set, by (name, domain, path, partitioned), with the time of
    /// the response that set them last.
    set: Vec<(ObservedCookie, f64)>,
    set_at: HashMap<(String, String, Option<String>, bool), usize>,
    /// Cookies sent that no response of the page set, with the host they
    /// were sent to.
    sent: Vec<(ObservedCookie, String)>,
    sent_keys: HashSet<(String, String)>,
    /// The page's document, when its page's title names a cookie policy:
    /// a charter candidate once it is known to be the page the title is of.
    titled: Option<CharterPage>,
}

impl Fold {
    pub fn new(charter_pages: bool) -> Fold {
        Fold {
            charter_pages,
            declared: Vec::new(),
            groups: HashMap::new(),
            group_order: Vec::new(),
            views: HashMap::new(),
            jar: HashMap::new(),
            charters: Vec::new(),
            notes: Vec::new(),
            more_notes: 0,
        }
    }

    pub fn add_page(&mut self, page: PageRecord) {
        let title_evidence = page
            .title
            .as_deref()
            .map_or(PolicyEvidence::None, policy_evidence);
        self.declared.push(DeclaredPage {
            started: page.started_date_time.as_deref().and_then(parse_date),
            id: page.id,
            title: page.title,
            title_evidence,
        });
    }

    fn note(&mut self, note: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(note);
        } else {
            self.more_notes += 1;
        }
    }

    /// Whether the body of a response to `url` on page `pageref` may be a
    /// charter page, and so must be read. Unknowns (a response written
    /// before its request, a page not declared yet) count as yes: the body
    /// is then judged, and dropped, once the entry is complete.
    pub fn may_be_charter(&self, url: Option<&str>, pageref: Option<&str>) -> bool {
        if !self.charter_pages {
            return false;
        }
        let Some(url) = url else { return true };
        let title_may_say_so = pageref.is_some_and(|id| {
            self.declared
                .iter()
                .find(|page| page.id == id)
                .is_none_or(|page| page.title_evidence >= PolicyEvidence::Privacy)
        });
        title_may_say_so || address_evidence(url) >= PolicyEvidence::Privacy
    }

    pub fn add_entry(&mut self, entry: Entry) {
        let Some((url, host)) = Url::parse(&entry.request.url)
            .ok()
            .and_then(|url| Host::from_url(&url).map(|host| (url, host)))
        else {
            return; // data:, blob: and the like carry no cookies
        };
        // The page's own document: a top-level navigation when the request
        // says (a frame's is `iframe`), else the tool's resource type, else HTML.
        let fetch_dest = entry.request.headers.fetch_dest.as_deref();
        let is_document = match (fetch_dest, entry.resource_type.as_deref()) {
            (Some(dest), _) => dest == "document",
            (None, Some(kind)) => kind == "document",
            (None, None) => entry
                .response
                .mime_type
                .as_deref()
                .is_some_and(|m| m.contains("html")),
        };
        let redirect = entry.response.status.is_some_and(|s| (300..400).contains(&s));
        let key = self.group_key(&entry, fetch_dest == Some("document"));
        if !self.groups.contains_key(&key) {
            self.group_order.push(key.clone());
        }
        let group = self
            .groups
            .entry(key.clone())
            .or_insert_with(|| Group::new(entry.started, url.as_str()));
        group.see(entry.started, url.as_str(), is_document, redirect);
        let page_document = group.titled.is_none()
            && group
                .document
                .as_ref()
                .is_some_and(|(document, final_)| *final_ && document == url.as_str());

        // Set: the headers, then `response.cookies` for what they lack
        // (tools that strip headers keep the parsed cookies).
        let mut rejected = Vec::new();
        let from_headers: HashSet<String> = entry
            .response
            .set_cookies
            .iter()
            .map(|c| c.name.clone())
            .collect();
        let from_list = entry
            .response
            .cookies
            .iter()
            .filter(|c| !from_headers.contains(&c.name))
            .map(listed_set_cookie);
        for set in entry.response.set_cookies.iter().cloned().chain(from_list) {
            match observed(set, &host, entry.started) {
                Ok(Some(cookie)) => {
                    remember(&mut self.jar, &cookie);
                    group.set(cookie, entry.started);
                }
                Ok(None) => {} // a deletion
                Err(note) => rejected.push(note),
            }
        }

        // Sent: `request.cookies` (with the jar's domain and expiry when
        // the tool gives them), then the names of the `Cookie` header.
        let listed: HashSet<&str> = entry.request.cookies.iter().map(|c| c.name.as_str()).collect();
        for cookie in &entry.request.cookies {
            group.sent(sent_cookie(cookie, &host), &host);
        }
        for name in &entry.request.headers.cookie_names {
            if !listed.contains(name.as_str()) {
                group.sent(unknown_lifetime(name.clone(), host.as_str().to_owned()), &host);
            }
        }

        for note in rejected {
            self.note(note);
        }

        // A charter page: by its address now; by its page's title once the
        // page is known to end on it.
        let address = address_evidence(url.as_str());
        if address >= PolicyEvidence::Privacy && self.better_than_kept(host.as_str(), address) {
            if let Some(candidate) = self.charter_candidate(&entry, &url, &host, address) {
                self.offer(candidate);
            }
        }
        let title = self
            .declared
            .iter()
            .find(|page| page.id == key.0)
            .map_or(PolicyEvidence::None, |page| page.title_evidence);
        if page_document && title >= PolicyEvidence::Privacy {
            let titled = self.charter_candidate(&entry, &url, &host, title.max(address));
            if let Some(group) = self.groups.get_mut(&key) {
                group.titled = titled;
            }
        }
    }

    /// Whether a charter page of `host` with this evidence would replace
    /// the one kept (or there is none).
    fn better_than_kept(&self, host: &str, evidence: PolicyEvidence) -> bool {
        self.charters
            .iter()
            .find(|kept| kept.host == host)
            .is_none_or(|kept| kept.evidence < evidence)
    }

    /// Keeps `candidate` as its host's charter page unless a better-named
    /// one (or an equal one seen earlier) is kept.
    fn offer(&mut self, candidate: CharterPage) {
        match self.charters.iter().position(|kept| kept.host == candidate.host) {
            Some(at) if self.charters[at].evidence < candidate.evidence => self.charters[at] = candidate,
            Some(_) => {}
            None => self.charters.push(candidate),
        }
    }

    /// The entry's body as a charter page, when it is HTML or text that
    /// could be read.
    fn charter_candidate(
        &mut self,
        entry: &Entry,
        url: &Url,
        host: &Host,
        evidence: PolicyEvidence,
    ) -> Option<CharterPage> {
        let body = entry.response.body.as_ref()?;
        let format = entry.response.mime_type.as_deref().and_then(charter_format)?;
        let text = match &body.text {
            Text::Kept(text) => text,
            Text::TooLong(length) => {
                self.note(format!(
                    "the body of {url} ({length} bytes) is too long to be a charter: not read"
                ));
                return None;
            }
        };
        let content = if body.encoding.as_deref() == Some("base64") {
            match base64::engine::general_purpose::STANDARD.decode(text.trim()) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(error) => {
                    self.note(format!(
                        "the body of {url} is not valid base64 ({error}): not read as a charter"
                    ));
                    return None;
                }
            }
        } else {
            text.clone()
        };
        Some(CharterPage {
            url: url.to_string(),
            host: host.as_str().to_owned(),
            format,
            content,
            evidence,
        })
    }

    /// The page and view an entry belongs to. A top-level navigation after
    /// the current view's document starts the next view; the view it ends
    /// is not the last, so its titled candidate goes.
    fn group_key(&mut self, entry: &Entry, navigation: bool) -> GroupKey {
        let page = self.page_key(entry);
        let view = self.views.entry(page.clone()).or_default();
        let current = (page, *view);
        let ended = self
            .groups
            .get(&current)
            .is_some_and(|group| group.document.as_ref().is_some_and(|(_, final_)| *final_));
        if !(navigation && ended) {
            return current;
        }
        *view += 1;
        let next = (current.0.clone(), *view);
        if let Some(group) = self.groups.get_mut(&current) {
            group.titled = None;
        }
        next
    }

    /// The page an entry belongs to: its `pageref`, else the page that
    /// started last before it, else none ("").
    fn page_key(&self, entry: &Entry) -> String {
        if let Some(id) = &entry.pageref {
            return id.clone();
        }
        self.declared
            .iter()
            .filter_map(|page| {
                page.started
                    .filter(|&at| at <= entry.started)
                    .map(|at| (at, page))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, page)| page.id.clone())
            .unwrap_or_default()
    }

    /// The pages: declared ones first, in order, each followed by its later
    /// views, then groups of entries that name no declared page; the charter
    /// candidates; the notes.
    pub fn finish(mut self) -> (Vec<CapturedPage>, Vec<CharterPage>, Vec<String>) {
        let mut pages = Vec::new();
        for page in std::mem::take(&mut self.declared) {
            let last_view = self.views.get(&page.id).copied().unwrap_or(0);
            for view in 0..=last_view {
                let group = self.groups.remove(&(page.id.clone(), view));
                if let Some(titled) = group.as_ref().and_then(|g| g.titled.clone()) {
                    self.offer(titled);
                }
                // The page's own title and start belong to its first view.
                let (title, started) = match view {
                    0 => (page.title.as_deref(), page.started),
                    _ => (None, None),
                };
                let url = group
                    .as_ref()
                    .and_then(|g| g.document.as_ref().map(|(url, _)| url.clone()))
                    .or_else(|| title.and_then(page_url))
                    .or_else(|| group.as_ref().map(|g| g.first.1.clone()));
                let Some(url) = url else {
                    self.note(format!(
                        "page '{}' has no entries and its title is not an address: skipped",
                        page.id
                    ));
                    continue;
                };
                pages.push(CapturedPage {
                    observed_at: started.or(group.as_ref().map(|g| g.first.0)),
                    cookies: group.map(|g| g.cookies(&url, &self.jar)).unwrap_or_default(),
                    url,
                });
            }
        }
        for key in std::mem::take(&mut self.group_order) {
            if let Some(group) = self.groups.remove(&key) {
                let url = group
                    .document
                    .as_ref()
                    .map_or(&group.first.1, |(url, _)| url)
                    .clone();
                pages.push(CapturedPage {
                    observed_at: Some(group.first.0),
                    cookies: group.cookies(&url, &self.jar),
                    url,
                });
            }
        }
        if self.more_notes > 0 {
            self.notes.push(format!("… and {} more", self.more_notes));
        }
        (pages, self.charters, self.notes)
    }
}

impl Group {
    fn new(started: f64, url: &str) -> Group {
        Group {
            first: (started, url.to_owned()),
            document: None,
            set: Vec::new(),
            set_at: HashMap::new(),
            sent: Vec::new(),
            sent_keys: HashSet::new(),
            titled: None,
        }
    }

    fn see(&mut self, started: f64, url: &str, is_document: bool, redirect: bool) {
        if started < self.first.0 {
            self.first = (started, url.to_owned());
        }
        if is_document
            && self
                .document
                .as_ref()
                .is_none_or(|(_, final_)| !final_ && !redirect)
        {
            self.document = Some((url.to_owned(), !redirect));
        }
    }

    /// Keeps the cookie, or replaces the same cookie set earlier.
    fn set(&mut self, cookie: ObservedCookie, at: f64) {
        let key = (
            cookie.name.clone(),
            cookie.domain.clone(),
            cookie.path.clone(),
            cookie.partition_key.is_some(),
        );
        match self.set_at.get(&key) {
            Some(&index) if self.set[index].1 <= at => self.set[index] = (cookie, at),
            Some(_) => {}
            None => {
                self.set_at.insert(key, self.set.len());
                self.set.push((cookie, at));
            }
        }
    }

    fn sent(&mut self, cookie: ObservedCookie, host: &Host) {
        if self
            .sent_keys
            .insert((cookie.name.clone(), cookie.domain.clone()))
        {
            self.sent.push((cookie, host.as_str().to_owned()));
        }
    }

    /// The page's cookies: those set, then those only sent. A cookie sent
    /// to a host that a cookie of the same name set on the page covers is
    /// that cookie; one the HAR gives by name alone is the cookie of that
    /// name the session set for the host, when there is one. Partitioned
    /// cookies get the page as their partition.
    fn cookies(self, page_url: &str, jar: &HashMap<String, Vec<ObservedCookie>>) -> Vec<ObservedCookie> {
        let mut seen = HashSet::new();
        let mut only_sent = Vec::new();
        for (cookie, host) in &self.sent {
            let set_here = self
                .set
                .iter()
                .any(|(set, _)| set.name == cookie.name && domain_matches(host, &set.domain));
            if set_here {
                continue;
            }
            let from_jar = cookie.session.is_none().then(|| {
                jar.get(&cookie.name)
                    .and_then(|set| set.iter().find(|known| domain_matches(host, &known.domain)))
            });
            let cookie = from_jar.flatten().unwrap_or(cookie).clone();
            if seen.insert((cookie.name.clone(), cookie.domain.clone())) {
                only_sent.push(cookie);
            }
        }
        let partition = Url::parse(page_url)
            .ok()
            .map(|url| url.origin().ascii_serialization());
        self.set
            .into_iter()
            .map(|(cookie, _)| cookie)
            .chain(only_sent)
            .map(|mut cookie| {
                if let Some(key) = cookie.partition_key.as_mut() {
                    key.top_level_site.clone_from(&partition);
                }
                cookie
            })
            .collect()
    }
}

/// Keeps `cookie` as the session's latest of its name, domain and path.
fn remember(jar: &mut HashMap<String, Vec<ObservedCookie>>, cookie: &ObservedCookie) {
    let set = jar.entry(cookie.name.clone()).or_default();
    match set
        .iter_mut()
        .find(|known| known.domain == cookie.domain && known.path == cookie.path)
    {
        Some(known) => *known = cookie.clone(),
        None => set.push(cookie.clone()),
    }
}

/// RFC 6265 §5.1.3: `host` is `domain` or ends with "." + `domain`.
fn domain_matches(host: &str, domain: &str) -> bool {
    let domain = domain.trim_start_matches('.');
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

/// The cookie a `Set-Cookie` sets on a response from `host` at `now`: `None`
/// when it deletes one; an error (a note) when a browser would refuse it
/// because its `Domain` does not cover the host.
fn observed(set: SetCookie, host: &Host, now: f64) -> Result<Option<ObservedCookie>, String> {
    if set.lifetime.deletes(now) {
        return Ok(None);
    }
    let (domain, host_only) = match &set.domain {
        None => (host.as_str().to_owned(), true),
        Some(domain) => match Host::parse(domain) {
            Ok(parsed) if !host.is_ip() && domain_matches(host.as_str(), parsed.as_str()) => {
                (format!(".{parsed}"), false)
            }
            Ok(parsed) if parsed == *host => (host.as_str().to_owned(), false),
            _ => {
                return Err(format!(
                    "cookie '{}' from {host} names Domain={domain}, which does not cover it: ignored, as browsers do",
                    set.name.escape_debug()
                ))
            }
        },
    };
    Ok(Some(ObservedCookie {
        name: set.name,
        domain,
        path: set.path,
        host_only: Some(host_only),
        secure: Some(set.secure),
        http_only: Some(set.http_only),
        same_site: set.same_site,
        session: match set.lifetime {
            Lifetime::Session => Some(true),
            Lifetime::Unknown => None,
            Lifetime::MaxAge(_) | Lifetime::Expires(_) => Some(false),
        },
        expiration_date: set.lifetime.expires_at(now),
        partition_key: set.partitioned.then_some(PartitionKey { top_level_site: None }),
        store_id: None,
    }))
}

/// A cookie of `response.cookies`, read as its `Set-Cookie` line would be.
fn listed_set_cookie(cookie: &HarCookie) -> SetCookie {
    SetCookie {
        name: cookie.name.clone(),
        domain: cookie
            .domain
            .as_deref()
            .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty()),
        path: cookie.path.clone(),
        secure: cookie.secure.unwrap_or(false),
        http_only: cookie.http_only.unwrap_or(false),
        same_site: None,
        partitioned: false,
        lifetime: match &cookie.expires {
            None | Some(serde_json::Value::Null) => Lifetime::Session,
            Some(serde_json::Value::String(text)) => {
                parse_date(text).map_or(Lifetime::Unknown, Lifetime::Expires)
            }
            Some(_) => Lifetime::Unknown,
        },
    }
}

/// A cookie of `request.cookies`. Tools that copy the browser's jar
/// (Chrome) give its domain and expiry, and then a missing expiry is a
/// session cookie; tools that give only name and value (Firefox) leave the
/// cookie on the request's host, its lifetime unknown.
fn sent_cookie(cookie: &HarCookie, host: &Host) -> ObservedCookie {
    let domain = cookie
        .domain
        .as_deref()
        .map(str::to_ascii_lowercase)
        .filter(|d| !d.is_empty());
    let Some(domain) = domain else {
        return unknown_lifetime(cookie.name.clone(), host.as_str().to_owned());
    };
    let expires = cookie
        .expires
        .as_ref()
        .and_then(|e| e.as_str())
        .and_then(parse_date);
    ObservedCookie {
        session: Some(expires.is_none()),
        expiration_date: expires,
        path: cookie.path.clone(),
        secure: cookie.secure,
        http_only: cookie.http_only,
        ..unknown_lifetime(cookie.name.clone(), domain)
    }
}

/// A cookie known only by its name and where it was sent.
fn unknown_lifetime(name: String, domain: String) -> ObservedCookie {
    ObservedCookie {
        name,
        domain,
        path: None,
        host_only: None,
        secure: None,
        http_only: None,
        same_site: None,
        session: None,
        expiration_date: None,
        partition_key: None,
        store_id: None,
    }
}

/// What an address says about its page, from its path and query.
fn address_evidence(url: &str) -> PolicyEvidence {
    let Ok(url) = Url::parse(url) else {
        return PolicyEvidence::None;
    };
    let raw = format!("{} {}", url.path(), url.query().unwrap_or(""));
    let decoded = percent_encoding::percent_decode_str(&raw).decode_utf8_lossy();
    address_policy_evidence(&decoded)
}

/// The charter format of a body of this MIME type, if it can be one.
fn charter_format(mime_type: &str) -> Option<Format> {
    let mime_type = mime_type.to_ascii_lowercase();
    if mime_type.contains("html") {
        Some(Format::Html)
    } else if mime_type.starts_with("text/plain") || mime_type.starts_with("text/markdown") {
        Some(Format::Text)
    } else {
        None
    }
}

/// The address a page title is, when it is one (Chrome titles pages so).
fn page_url(title: &str) -> Option<String> {
    let url = Url::parse(title).ok()?;
    (matches!(url.scheme(), "http" | "https" | "file") && url.has_host()).then(|| url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_match_as_browsers_match_them() {
        assert!(domain_matches("www.example.com", ".example.com"));
        assert!(domain_matches("example.com", "example.com"));
        assert!(!domain_matches("badexample.com", "example.com"));
        assert!(!domain_matches("example.com", "www.example.com"));
    }

    #[test]
    fn a_domain_that_does_not_cover_the_host_is_refused() {
        let host = Host::parse("www.example.com").unwrap();
        let set = |domain: &str| SetCookie {
            name: "a".into(),
            domain: Some(domain.into()),
            path: None,
            secure: false,
            http_only: false,
            same_site: None,
            partitioned: false,
            lifetime: Lifetime::Session,
        };
        let cookie = observed(set("example.com"), &host, 0.0).unwrap().unwrap();
        assert_eq!(
            (cookie.domain.as_str(), cookie.host_only),
            (".example.com", Some(false))
        );
        let refused = observed(set("other.example"), &host, 0.0).unwrap_err();
        assert!(refused.contains("Domain=other.example"), "{refused}");
        let ip = Host::parse("192.0.2.1").unwrap();
        assert!(observed(set("0.2.1"), &ip, 0.0).is_err());
        assert!(observed(set("192.0.2.1"), &ip, 0.0).unwrap().is_some());
    }
}
