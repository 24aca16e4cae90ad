//! Hosts, registrable domains and party, from the Public Suffix List.
//!
//! A browser's "site" is the registrable domain (eTLD+1) of a host, computed
//! with both the ICANN and the private sections of the PSL: `foo.github.io`
//! and `bar.github.io` are different sites. This module owns the list (the
//! snapshot embedded in the binary, or a newer file given at run time), the
//! normalisation of hosts (case, trailing dot, IDN, IP literals) and the
//! comparison of two sites. It does not know about cookies or charters.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use publicsuffix::{List, Psl};
use serde::Serialize;

/// The date of the embedded snapshot, `data/public_suffix_list.dat`, as its
/// header states. The snapshot is compiled into code by the `psl` crate
/// (pinned to the release that carries exactly these rules), so that a
/// process pays nothing to load it; the integration tests prove that the
/// compiled list and the data file give the same answers, and that both
/// agree with libpsl.
pub const EMBEDDED_DATE: &str = "2026-10-22";

/// A host as browsers compare it: lower case, no trailing dot, IDN labels in
/// their ASCII (punycode) form, IP literals parsed. It keeps its text, so
/// that lookups answer with slices of it and never allocate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Host {
    name: String,
    kind: HostKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HostKind {
    Domain,
    Ip,
}

/// Why a string is not a host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    #[error("empty host")]
    Empty,
    #[error("host '{host}' has an empty label")]
    EmptyLabel { host: String },
    #[error("'{host}' is not a valid host name: {reason}")]
    Invalid { host: String, reason: String },
}

impl Host {
    /// Parses a host name or a cookie's `domain` attribute. One leading dot
    /// (RFC 6265 §5.2.3: "If the first character of the attribute-value string
    /// is %x2E ("."): Let cookie-domain be the attribute-value without the
    /// leading %x2E") and one trailing dot (the DNS root) are ignored.
    pub fn parse(input: &str) -> Result<Host, HostError> {
        let trimmed = input.trim();
        let trimmed = trimmed.strip_prefix('.').unwrap_or(trimmed);
        let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
        if trimmed.is_empty() {
            return Err(HostError::Empty);
        }
        let unbracketed = trimmed
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(trimmed);
        if let Ok(ip) = unbracketed.parse::<IpAddr>() {
            return Ok(Host::ip(ip));
        }
        if trimmed.split('.').any(str::is_empty) {
            return Err(HostError::EmptyLabel {
                host: input.to_owned(),
            });
        }
        match url::Host::parse(trimmed) {
            Ok(url::Host::Domain(name)) => Ok(Host {
                name,
                kind: HostKind::Domain,
            }),
            Ok(url::Host::Ipv4(ip)) => Ok(Host::ip(IpAddr::V4(ip))),
            Ok(url::Host::Ipv6(ip)) => Ok(Host::ip(IpAddr::V6(ip))),
            Err(error) => Err(HostError::Invalid {
                host: input.to_owned(),
                reason: error.to_string(),
            }),
        }
    }

    fn ip(ip: IpAddr) -> Host {
        Host {
            name: ip.to_string(),
            kind: HostKind::Ip,
        }
    }

    /// The host of a parsed URL, if it has one.
    pub fn from_url(url: &url::Url) -> Option<Host> {
        match url.host()? {
            url::Host::Domain(domain) => Host::parse(domain).ok(),
            url::Host::Ipv4(ip) => Some(Host::ip(IpAddr::V4(ip))),
            url::Host::Ipv6(ip) => Some(Host::ip(IpAddr::V6(ip))),
        }
    }

    /// The normalised host: `example.co.uk`, `xn--bcher-kva.de`, `::1`.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    pub fn is_ip(&self) -> bool {
        self.kind == HostKind::Ip
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A browser "site": the registrable domain of a host, or the host itself
/// when it has none (an IP address, a single label such as `localhost`, or a
/// host that is itself a public suffix, such as `github.io`). Owned, for the
/// answers that report it; lookups compare borrowed `&str` sites.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Site(String);

impl Site {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Site {
    fn from(site: &str) -> Site {
        Site(site.to_owned())
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a cookie belongs to the site of the page that shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    First,
    Third,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::First => "first",
            Party::Third => "third",
        }
    }
}

/// Where the list in use came from, as `hello` and `--version` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    Embedded,
    File(PathBuf),
}

/// Why a list file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("cannot read the Public Suffix List '{path}': {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot parse the Public Suffix List '{path}': {reason}")]
    Parse { path: PathBuf, reason: String },
}

/// The Public Suffix List in use: the embedded snapshot, or a file.
pub struct SuffixList {
    source: ListSource,
    /// The file's rules; `None` for the embedded snapshot.
    file: Option<List>,
}

impl SuffixList {
    /// The snapshot embedded in the binary.
    pub fn embedded() -> SuffixList {
        SuffixList {
            source: ListSource::Embedded,
            file: None,
        }
    }

    /// A list file in the PSL format, read and parsed now so that a bad file
    /// is reported at start rather than at the first lookup. Every answer
    /// then comes from this file alone.
    pub fn from_file(path: &Path) -> Result<SuffixList, ListError> {
        let text = std::fs::read_to_string(path).map_err(|source| ListError::Read {
            path: path.to_owned(),
            source,
        })?;
        let list = parse_list(&text).map_err(|reason| ListError::Parse {
            path: path.to_owned(),
            reason,
        })?;
        Ok(SuffixList {
            source: ListSource::File(path.to_owned()),
            file: Some(list),
        })
    }

    pub fn source(&self) -> &ListSource {
        &self.source
    }

    /// The snapshot date for the embedded list; `None` for a file.
    pub fn date(&self) -> Option<&'static str> {
        match self.source {
            ListSource::Embedded => Some(EMBEDDED_DATE),
            ListSource::File(_) => None,
        }
    }

    /// The registrable domain of `host` (eTLD+1, ICANN and private rules),
    /// or, for an IP address or a single label, the host itself. `None` when
    /// the host is itself a public suffix (`co.uk`, `github.io`). Both lists
    /// answer through the same `psl_types` trait, so the PSL algorithm itself
    /// is one piece of code.
    pub fn registrable_domain<'h>(&self, host: &'h Host) -> Option<&'h str> {
        let name = host.as_str();
        if host.is_ip() || !name.contains('.') {
            return Some(name);
        }
        let found = match &self.file {
            Some(list) => list.domain(name.as_bytes()),
            None => psl::List.domain(name.as_bytes()),
        }?;
        // The domain is a suffix of the bytes passed in: slice the host.
        Some(&name[name.len() - found.as_bytes().len()..])
    }

    /// The site of `host`: its registrable domain, or itself when it has none.
    pub fn site<'h>(&self, host: &'h Host) -> &'h str {
        self.registrable_domain(host).unwrap_or(host.as_str())
    }

    /// First party when both hosts belong to the same site.
    pub fn party(&self, page_site: &str, cookie_host: &Host) -> Party {
        if self.site(cookie_host) == page_site {
            Party::First
        } else {
            Party::Third
        }
    }
}

fn parse_list(text: &str) -> Result<List, String> {
    let list: List = text.parse().map_err(|error| format!("{error}"))?;
    // A list with no rule parses, and would make every host its own suffix.
    if list.suffix(b"example.com").is_none() {
        return Err("it contains no rule for 'com'".to_owned());
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_of(list: &SuffixList, host: &str) -> Option<String> {
        let host = Host::parse(host).unwrap_or_else(|e| panic!("{host}: {e}"));
        list.registrable_domain(&host).map(str::to_owned)
    }

    #[test]
    fn embedded_header_names_the_date() {
        let list = include_str!("../data/public_suffix_list.dat");
        let header = format!("// Snapshot-Date: {EMBEDDED_DATE}\n");
        assert!(list.contains(&header));
    }

    #[test]
    fn registrable_domains_of_edge_cases() {
        let list = SuffixList::embedded();
        let cases = [
            ("www.example.com", Some("example.com")),
            ("WWW.Example.CO.UK", Some("example.co.uk")),
            ("example.com.", Some("example.com")),
            (".nantesmetropole.fr", Some("nantesmetropole.fr")),
            ("co.uk", None),
            ("github.io", None),
            ("foo.github.io", Some("foo.github.io")),
            ("a.b.kawasaki.jp", Some("a.b.kawasaki.jp")),
            ("www.ck", Some("www.ck")),
            ("x.test", Some("x.test")),
            ("localhost", Some("localhost")),
            ("192.168.0.1", Some("192.168.0.1")),
            ("[::1]", Some("::1")),
            ("bücher.de", Some("xn--bcher-kva.de")),
            ("www.xn--bcher-kva.de", Some("xn--bcher-kva.de")),
        ];
        for (host, expected) in cases {
            assert_eq!(site_of(&list, host).as_deref(), expected, "host {host:?}");
        }
    }

    #[test]
    fn malformed_hosts_are_errors() {
        for bad in ["", ".", "example..com", "exa mple.com", "a..", "[::1"] {
            assert!(Host::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn party_compares_sites() {
        let list = SuffixList::embedded();
        let page_host = Host::parse("data.nantesmetropole.fr").unwrap();
        let page = list.site(&page_host);
        let first = Host::parse(".nantesmetropole.fr").unwrap();
        let third = Host::parse(".youtube.com").unwrap();
        assert_eq!(list.party(page, &first), Party::First);
        assert_eq!(list.party(page, &third), Party::Third);
    }
}
