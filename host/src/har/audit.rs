//! A HAR's pages classified, one classify request per page through the same
//! procedure the extension's requests go through: which pages (`--site`
//! keeps one site's), and which charter each is judged against (one file for
//! every page, or each site's own charter page found in the HAR).

use std::io::Write;
use std::path::Path;

use super::{Capture, CharterPage, HarError};
use crate::protocol::{self, CharterInput, ClassifyRequest, Context};
use crate::report::PageAnswer;
use crate::site::{Host, SuffixList};

/// The charter the pages are judged against.
pub enum CharterChoice {
    None,
    /// One charter for every page (`--charter F`).
    Given(CharterInput),
    /// Each site's charter page, taken from the HAR (`--charter-url-from-har`).
    FromHar,
}

/// Classifies the pages of `capture` (only those of the site `only_site`,
/// a registrable domain, when given). What a person should know, such as
/// which charter page was used, goes to `notes`.
pub fn classify_pages(
    capture: Capture,
    path: &Path,
    charter: &CharterChoice,
    only_site: Option<&str>,
    context: &Context,
    notes: &mut dyn Write,
) -> Result<Vec<PageAnswer>, HarError> {
    let list = &context.list;
    let all_pages: Vec<String> = capture.pages.iter().map(|p| p.url.clone()).collect();
    let mut pages = Vec::new();
    for page in capture.pages {
        match site_of_url(&page.url, list) {
            Some(site) if only_site.is_none_or(|only| only == site) => pages.push((site, page)),
            Some(_) => {}
            None => {
                let _ = writeln!(
                    notes,
                    "cookie-charter: page {} is not a web address: skipped",
                    page.url
                );
            }
        }
    }
    if pages.is_empty() {
        return Err(match only_site {
            Some(site) => HarError::NoPageOfSite {
                path: path.to_owned(),
                site: site.to_owned(),
                pages: all_pages.join(", "),
            },
            None => HarError::NoPages {
                path: path.to_owned(),
            },
        });
    }

    let mut sites: Vec<&str> = Vec::new();
    for (site, _) in &pages {
        if !sites.contains(&site.as_str()) {
            sites.push(site);
        }
    }
    let charters: Vec<(String, Option<CharterInput>)> = sites
        .iter()
        .map(|&site| {
            let input = match charter {
                CharterChoice::None => None,
                CharterChoice::Given(input) => Some(input.clone()),
                CharterChoice::FromHar => {
                    charter_page(&capture.charters, site, list).map(|page| from_har(page, site, notes))
                }
            };
            (site.to_owned(), input)
        })
        .collect();
    if matches!(charter, CharterChoice::FromHar) {
        let missing: Vec<&str> = charters
            .iter()
            .filter(|(_, input)| input.is_none())
            .map(|(site, _)| site.as_str())
            .collect();
        if missing.len() == charters.len() {
            return Err(HarError::NoCharterPage {
                path: path.to_owned(),
                sites: missing.join(", "),
            });
        }
        for site in missing {
            let _ = writeln!(
                notes,
                "cookie-charter: no charter page of {site} in the HAR: its pages are classified without one"
            );
        }
    }

    let now = protocol::now();
    pages
        .into_iter()
        .map(|(site, page)| {
            let charter = charters
                .iter()
                .find(|(of, _)| *of == site)
                .and_then(|(_, input)| input.clone());
            let request = ClassifyRequest {
                site: page.url.clone(),
                observed_at: page.observed_at,
                cookies: page.cookies,
                charter,
            };
            let answer =
                protocol::classify_request(&request, context, now).map_err(|error| HarError::Page {
                    path: path.to_owned(),
                    page: page.url.clone(),
                    reason: error.message,
                })?;
            Ok(PageAnswer {
                page: page.url,
                answer,
            })
        })
        .collect()
}

/// The site (registrable domain) of a page's address; `None` when it has
/// no host.
fn site_of_url(url: &str, list: &SuffixList) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let host = Host::from_url(&url)?;
    Some(list.site(&host).to_owned())
}

/// The best-named charter page of `site`, the earliest among equals.
fn charter_page<'a>(charters: &'a [CharterPage], site: &str, list: &SuffixList) -> Option<&'a CharterPage> {
    charters
        .iter()
        .filter(|page| Host::parse(&page.host).is_ok_and(|host| list.site(&host) == site))
        .fold(None, |best: Option<&CharterPage>, page| match best {
            Some(best) if best.evidence >= page.evidence => Some(best),
            _ => Some(page),
        })
}

/// The charter page as a classify request's charter, saying which it is.
fn from_har(page: &CharterPage, site: &str, notes: &mut dyn Write) -> CharterInput {
    let _ = writeln!(
        notes,
        "cookie-charter: charter of {site}: {} ({}, from the HAR)",
        page.url, page.format
    );
    CharterInput {
        format: page.format.to_string(),
        url: Some(page.url.clone()),
        content: page.content.clone(),
    }
}
