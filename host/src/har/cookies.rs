//! Cookie headers, read with the `cookie` crate and kept without their
//! values: a `Set-Cookie` line becomes a [`SetCookie`] (name and
//! attributes), a `Cookie` header a list of names.
//!
//! The crate's pitfalls, handled here: it parses one cookie per call and
//! does not split `a=b, c=d` (a comma also sits inside `Expires`), so lines
//! are split by the caller: Chrome writes one header per `Set-Cookie`,
//! Firefox joins several in one value with "\n". It drops a `Domain`'s
//! leading dot but keeps its case; it turns `Max-Age=-5` into 0.

use cookie::Cookie;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

/// Browsers keep a cookie at most 400 days, whatever it asks for
/// (RFC 6265bis §5.5), so the extension never sees a longer lifetime.
const MAX_LIFETIME_SECONDS: f64 = 400.0 * 86_400.0;

/// What a `Set-Cookie` line says, without the value.
#[derive(Debug, Clone, PartialEq)]
pub struct SetCookie {
    pub name: String,
    /// The `Domain` attribute, lower case, without a leading dot; `None` for
    /// a host-only cookie.
    pub domain: Option<String>,
    pub path: Option<String>,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<String>,
    pub partitioned: bool,
    pub lifetime: Lifetime,
}

/// How long a cookie is meant to live, as its attributes say.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lifetime {
    /// Neither `Max-Age` nor `Expires`: until the browser closes.
    Session,
    /// `Max-Age`, in seconds from the response (0 or less deletes the cookie).
    MaxAge(i64),
    /// `Expires`, in unix seconds.
    Expires(f64),
    /// The HAR gives a lifetime this reader cannot parse.
    Unknown,
}

impl Lifetime {
    /// The unix time the cookie expires at, for a response at `now`, at
    /// most 400 days later as browsers keep it; `None` for a session cookie
    /// or an unknown lifetime.
    pub fn expires_at(self, now: f64) -> Option<f64> {
        let asked = match self {
            Lifetime::Session | Lifetime::Unknown => return None,
            Lifetime::MaxAge(seconds) => now + seconds as f64,
            Lifetime::Expires(at) => at,
        };
        Some(asked.min(now + MAX_LIFETIME_SECONDS))
    }

    /// Whether a response at `now` deletes the cookie rather than sets it
    /// (RFC 6265 §5.3: an expiry in the past, or `Max-Age` of 0 or less,
    /// which the crate reports as 0).
    pub fn deletes(self, now: f64) -> bool {
        self.expires_at(now).is_some_and(|at| at <= now)
    }
}

/// The cookies of a `Set-Cookie` header value: one per line. A line that is
/// not `name=value[; attributes]`, or holds a control character, is skipped,
/// as browsers skip it (RFC 6265bis §5.7); so no name printed later can
/// carry a terminal escape.
pub fn set_cookies(header: &str) -> impl Iterator<Item = SetCookie> + '_ {
    let lines = header.lines().filter(|line| !has_control(line));
    lines.filter_map(|line| Cookie::parse(line).ok()).map(|cookie| {
        let lifetime = match (cookie.max_age(), cookie.expires_datetime()) {
            (Some(max_age), _) => Lifetime::MaxAge(max_age.whole_seconds()),
            (None, Some(at)) => Lifetime::Expires(unix_seconds(at)),
            (None, None) => Lifetime::Session,
        };
        SetCookie {
            name: cookie.name().to_owned(),
            domain: cookie
                .domain()
                .map(|domain| domain.trim_start_matches('.').to_ascii_lowercase())
                .filter(|domain| !domain.is_empty()),
            path: cookie.path().map(str::to_owned),
            secure: cookie.secure().unwrap_or(false),
            http_only: cookie.http_only().unwrap_or(false),
            same_site: cookie.same_site().map(|s| s.to_string().to_ascii_lowercase()),
            partitioned: cookie.partitioned().unwrap_or(false),
            lifetime,
        }
    })
}

/// The names of the cookies a `Cookie` header sends (none from a header
/// holding a control character, which no browser sends).
pub fn sent_names(header: &str) -> impl Iterator<Item = String> + '_ {
    let header = if has_control(header) { "" } else { header };
    Cookie::split_parse(header).filter_map(|cookie| cookie.ok().map(|c| c.name().to_owned()))
}

/// A control character other than a tab.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_control() && c != '\t')
}

/// A HAR date (`startedDateTime`, a cookie's `expires`): ISO 8601 as
/// RFC 3339, or, as some tools write `expires`, an HTTP date.
pub fn parse_date(text: &str) -> Option<f64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(text, &Rfc2822))
        .ok()
        .map(unix_seconds)
}

fn unix_seconds(at: OffsetDateTime) -> f64 {
    at.unix_timestamp() as f64 + f64::from(at.millisecond()) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_764_374_400.0; // 2025-11-29T00:00:00Z

    fn one(line: &str) -> SetCookie {
        let mut cookies: Vec<SetCookie> = set_cookies(line).collect();
        assert_eq!(cookies.len(), 1, "{line}");
        cookies.remove(0)
    }

    #[test]
    fn attributes_without_the_value() {
        let cookie =
            one("sid=SENTINEL; Domain=.Example.COM; Path=/app; Secure; HttpOnly; SameSite=None; Partitioned");
        assert_eq!(cookie.name, "sid");
        assert_eq!(cookie.domain.as_deref(), Some("example.com"));
        assert_eq!(cookie.path.as_deref(), Some("/app"));
        assert!(cookie.secure && cookie.http_only && cookie.partitioned);
        assert_eq!(cookie.same_site.as_deref(), Some("none"));
        assert_eq!(cookie.lifetime, Lifetime::Session);
        assert!(!format!("{cookie:?}").contains("SENTINEL"));
    }

    #[test]
    fn lifetimes_from_max_age_then_expires() {
        let max_age = one("a=1; Max-Age=3600; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
        assert_eq!(max_age.lifetime.expires_at(NOW), Some(NOW + 3600.0));
        let expires = one("a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
        assert_eq!(expires.lifetime, Lifetime::Expires(2_139_722_880.0));
        assert!(!expires.lifetime.deletes(NOW));
        assert!(
            one("a=1; Max-Age=-5").lifetime.deletes(NOW),
            "negative Max-Age deletes"
        );
        assert!(one("a=1; Max-Age=0").lifetime.deletes(NOW));
        assert!(one("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
            .lifetime
            .deletes(NOW));
        assert!(!one("a=1").lifetime.deletes(NOW));
        let huge = one("a=1; Max-Age=99999999999999999999");
        assert_eq!(
            huge.lifetime.expires_at(NOW),
            Some(NOW + 400.0 * 86_400.0),
            "browsers keep 400 days"
        );
        let far = one("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT");
        assert_eq!(far.lifetime.expires_at(NOW), Some(NOW + 400.0 * 86_400.0));
    }

    #[test]
    fn joined_lines_are_split_and_commas_are_not() {
        let header = "a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT\nb=2; Path=/\n\nnot a cookie\nc=3";
        let names: Vec<String> = set_cookies(header).map(|c| c.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn control_characters_drop_the_cookie() {
        assert_eq!(
            set_cookies("a\u{1b}[31m=1\nb=2")
                .map(|c| c.name)
                .collect::<Vec<_>>(),
            ["b"]
        );
        assert_eq!(sent_names("a=1; b\u{7}=2").count(), 0);
    }

    #[test]
    fn a_cookie_header_gives_names() {
        let names: Vec<String> = sent_names("a=SENTINEL; _ga=GA1.2.3;  empty=; broken").collect();
        assert_eq!(names, ["a", "_ga", "empty"]);
    }

    #[test]
    fn har_dates() {
        assert_eq!(parse_date("2025-11-29T00:00:00.000Z"), Some(NOW));
        assert_eq!(parse_date("2025-11-29T01:00:00.500+01:00"), Some(NOW + 0.5));
        assert_eq!(parse_date("Sat, 29 Nov 2025 00:00:00 GMT"), Some(NOW));
        assert_eq!(parse_date("yesterday"), None);
    }
}
