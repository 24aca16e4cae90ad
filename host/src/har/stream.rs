//! The HAR's JSON, visited rather than built: `log.entries` is walked one
//! entry at a time, each entry handed to the [`Fold`] and dropped, so memory
//! follows the number of distinct cookies, not the size of the file.
//! Everything this reader does not use (timings, query strings, post data,
//! and response bodies unless a charter may be read from one) is skipped
//! with `IgnoredAny`, which scans without keeping.
//!
//! Typed fields name the JSON path of what is wrong (`log.entries[3].request:
//! missing field \`url\``). Header and cookie values are read only to be
//! dropped: the `Set-Cookie` and `Cookie` headers are parsed where they are
//! read, and no type here has a field for a cookie's value.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::cookies::{self, SetCookie};
use super::pages::Fold;

/// HAR versions read: 1.2, and 1.1, which differs only in fields this reader
/// does not use.
const VERSIONS: [&str; 2] = ["1.2", "1.1"];

/// A body longer than this is no charter page; its text is not kept. (The
/// store keeps charters of at most 4 MiB; base64 makes a body a third longer.)
const MAX_CHARTER_BODY: usize = 16 * 1024 * 1024;

/// The whole file: `{"log": {...}}`.
pub struct HarSeed<'a> {
    pub fold: &'a mut Fold,
}

impl<'de> DeserializeSeed<'de> for HarSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HarSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR object, {\"log\": {...}}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "camelCase")]
        enum Key {
            Log,
            #[serde(other)]
            Other,
        }
        let mut log = false;
        while let Some(key) = map.next_key()? {
            match key {
                Key::Log => {
                    map.next_value_seed(LogSeed {
                        fold: &mut *self.fold,
                    })?;
                    log = true;
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if log {
            Ok(())
        } else {
            Err(de::Error::missing_field("log"))
        }
    }
}

/// `log`: its version, its pages, and its entries, folded as they come.
struct LogSeed<'a> {
    fold: &'a mut Fold,
}

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR's log object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "camelCase")]
        enum Key {
            Version,
            Pages,
            Entries,
            #[serde(other)]
            Other,
        }
        let (mut version, mut entries) = (false, false);
        while let Some(key) = map.next_key()? {
            match key {
                Key::Version => {
                    map.next_value::<Version>()?;
                    version = true;
                }
                Key::Pages => {
                    for page in map.next_value::<Vec<PageRecord>>()? {
                        self.fold.add_page(page);
                    }
                }
                Key::Entries => {
                    map.next_value_seed(EntriesSeed {
                        fold: &mut *self.fold,
                    })?;
                    entries = true;
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (version, entries) {
            (false, _) => Err(de::Error::missing_field("version")),
            (_, false) => Err(de::Error::missing_field("entries")),
            _ => Ok(()),
        }
    }
}

/// `log.version`, refused as soon as it is read when it is not one this
/// reader knows, before any entry is read.
struct Version;

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Version, D::Error> {
        let version = String::deserialize(deserializer)?;
        if VERSIONS.contains(&version.as_str()) {
            Ok(Version)
        } else {
            Err(de::Error::custom(format!(
                "HAR version '{}' is not supported (expected 1.2)",
                version.escape_debug()
            )))
        }
    }
}

/// An entry of `log.pages`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageRecord {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub started_date_time: Option<String>,
}

/// `log.entries`, one entry at a time.
struct EntriesSeed<'a> {
    fold: &'a mut Fold,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element_seed(EntrySeed { fold: &*self.fold })? {
            self.fold.add_entry(entry);
        }
        Ok(())
    }
}

/// One request and its response, as the fold needs them.
#[derive(Debug)]
pub struct Entry {
    pub pageref: Option<String>,
    /// `startedDateTime`, unix seconds.
    pub started: f64,
    /// Chrome's and Playwright's `_resourceType` (`document`, `script`…).
    pub resource_type: Option<String>,
    pub request: Request,
    pub response: Response,
}

#[derive(Debug, Deserialize)]
pub struct Request {
    pub url: String,
    #[serde(default)]
    pub headers: RequestHeaders,
    #[serde(default)]
    pub cookies: Vec<HarCookie>,
}

#[derive(Debug, Default)]
pub struct Response {
    pub status: Option<i64>,
    pub set_cookies: Vec<SetCookie>,
    pub cookies: Vec<HarCookie>,
    pub mime_type: Option<String>,
    /// The body, only when it may be a charter page.
    pub body: Option<Body>,
}

/// A response body as the HAR stores it.
#[derive(Debug)]
pub struct Body {
    pub text: Text,
    /// `base64` for binary bodies and some tools' text bodies.
    pub encoding: Option<String>,
}

/// A body's text, unless it is too long to be a charter page.
#[derive(Debug)]
pub enum Text {
    Kept(String),
    /// Its length in bytes.
    TooLong(usize),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct TextVisitor;

        impl Visitor<'_> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(if text.len() > MAX_CHARTER_BODY {
                    Text::TooLong(text.len())
                } else {
                    Text::Kept(text.to_owned())
                })
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

/// A cookie of `request.cookies` or `response.cookies`; its `value` is
/// left unread.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HarCookie {
    pub name: String,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    /// ISO 8601; tools write `null`, omit it, or write other things.
    #[serde(default)]
    pub expires: Option<serde_json::Value>,
    #[serde(default)]
    pub http_only: Option<bool>,
    #[serde(default)]
    pub secure: Option<bool>,
}

/// One entry. The response's body is kept only when a charter may be read
/// from it: when the fold wants charter pages and the request's address
/// (or its page's title) names a cookie policy. A response written before
/// its request (no browser does) keeps its body until the entry is judged.
struct EntrySeed<'a> {
    fold: &'a Fold,
}

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = Entry;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "camelCase")]
        enum Key {
            Pageref,
            StartedDateTime,
            #[serde(rename = "_resourceType")]
            ResourceType,
            Request,
            Response,
            #[serde(other)]
            Other,
        }
        let mut pageref: Option<String> = None;
        let mut started = None;
        let mut resource_type = None;
        let mut request: Option<Request> = None;
        let mut response = None;
        while let Some(key) = map.next_key()? {
            match key {
                Key::Pageref => pageref = map.next_value()?,
                Key::StartedDateTime => started = Some(map.next_value::<Date>()?.0),
                Key::ResourceType => resource_type = map.next_value()?,
                Key::Request => request = Some(map.next_value()?),
                Key::Response => {
                    let keep_body = self
                        .fold
                        .may_be_charter(request.as_ref().map(|r| r.url.as_str()), pageref.as_deref());
                    response = Some(map.next_value_seed(ResponseSeed { keep_body })?);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Entry {
            pageref,
            started: started.ok_or_else(|| de::Error::missing_field("startedDateTime"))?,
            resource_type,
            request: request.ok_or_else(|| de::Error::missing_field("request"))?,
            response: response.ok_or_else(|| de::Error::missing_field("response"))?,
        })
    }
}

/// An ISO 8601 date, as unix seconds.
struct Date(f64);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        cookies::parse_date(&text)
            .map(Date)
            .ok_or_else(|| de::Error::custom(format!("'{}' is not an ISO 8601 date", text.escape_debug())))
    }
}

struct ResponseSeed {
    keep_body: bool,
}

impl<'de> DeserializeSeed<'de> for ResponseSeed {
    type Value = Response;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Response, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ResponseSeed {
    type Value = Response;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Response, A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "camelCase")]
        enum Key {
            Status,
            Headers,
            Cookies,
            Content,
            #[serde(other)]
            Other,
        }
        let mut response = Response::default();
        while let Some(key) = map.next_key()? {
            match key {
                Key::Status => response.status = map.next_value()?,
                Key::Headers => response.set_cookies = map.next_value::<SetCookies>()?.0,
                Key::Cookies => response.cookies = map.next_value()?,
                Key::Content => {
                    let content = map.next_value_seed(ContentSeed {
                        keep_body: self.keep_body,
                    })?;
                    response.mime_type = content.mime_type;
                    response.body = content.text.map(|text| Body {
                        text,
                        encoding: content.encoding,
                    });
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(response)
    }
}

struct Content {
    mime_type: Option<String>,
    text: Option<Text>,
    encoding: Option<String>,
}

/// `response.content`: its type always, its text only when asked.
struct ContentSeed {
    keep_body: bool,
}

impl<'de> DeserializeSeed<'de> for ContentSeed {
    type Value = Content;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Content, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ContentSeed {
    type Value = Content;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR response content")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Content, A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "camelCase")]
        enum Key {
            MimeType,
            Text,
            Encoding,
            #[serde(other)]
            Other,
        }
        let mut content = Content {
            mime_type: None,
            text: None,
            encoding: None,
        };
        while let Some(key) = map.next_key()? {
            match key {
                Key::MimeType => content.mime_type = map.next_value()?,
                Key::Encoding => content.encoding = map.next_value()?,
                Key::Text if self.keep_body => content.text = map.next_value()?,
                Key::Text | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(content)
    }
}

/// The cookies a response's `Set-Cookie` headers set, without values.
#[derive(Debug, Default)]
struct SetCookies(Vec<SetCookie>);

impl<'de> Deserialize<'de> for SetCookies {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SetCookies, D::Error> {
        let mut set = Vec::new();
        deserializer.deserialize_seq(HeadersVisitor {
            wanted: &["set-cookie"],
            take: |_: &str, value: &str| set.extend(cookies::set_cookies(value)),
        })?;
        Ok(SetCookies(set))
    }
}

/// What a request's headers tell: the names its `Cookie` headers send
/// (without values), and its `Sec-Fetch-Dest`, which tells a top-level
/// navigation (`document`) from a frame's (`iframe`).
#[derive(Debug, Default)]
pub struct RequestHeaders {
    pub cookie_names: Vec<String>,
    pub fetch_dest: Option<String>,
}

impl<'de> Deserialize<'de> for RequestHeaders {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RequestHeaders, D::Error> {
        let mut headers = RequestHeaders::default();
        deserializer.deserialize_seq(HeadersVisitor {
            wanted: &["cookie", "sec-fetch-dest"],
            take: |name: &str, value: &str| match name {
                "cookie" => headers.cookie_names.extend(cookies::sent_names(value)),
                _ => headers.fetch_dest = Some(value.trim().to_ascii_lowercase()),
            },
        })?;
        Ok(headers)
    }
}

/// A header list, `[{"name": ..., "value": ...}]`: each header whose name is
/// one of `wanted` (any case) goes to `take` with that name, then its value
/// is dropped; other headers' values are skipped unread.
struct HeadersVisitor<F> {
    wanted: &'static [&'static str],
    take: F,
}

impl<'de, F: FnMut(&str, &str)> Visitor<'de> for HeadersVisitor<F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of headers")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(HeaderSeed {
                wanted: self.wanted,
                take: &mut self.take,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct HeaderSeed<'a, F> {
    wanted: &'static [&'static str],
    take: &'a mut F,
}

impl<F> HeaderSeed<'_, F> {
    /// The entry of `wanted` this header name is, in any case.
    fn wanted(&self, name: &str) -> Option<&'static str> {
        self.wanted
            .iter()
            .copied()
            .find(|wanted| name.eq_ignore_ascii_case(wanted))
    }
}

impl<'de, F: FnMut(&str, &str)> DeserializeSeed<'de> for HeaderSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(&str, &str)> Visitor<'de> for HeaderSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a header, {\"name\": ..., \"value\": ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "camelCase")]
        enum Key {
            Name,
            Value,
            #[serde(other)]
            Other,
        }
        let mut name: Option<String> = None;
        let mut value: Option<String> = None;
        while let Some(key) = map.next_key()? {
            let unwanted = name.as_deref().is_some_and(|name| self.wanted(name).is_none());
            match key {
                Key::Name => name = Some(map.next_value()?),
                Key::Value if !unwanted => value = Some(map.next_value()?),
                Key::Value | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let name = name.ok_or_else(|| de::Error::missing_field("name"))?;
        if let Some(wanted) = self.wanted(&name) {
            (self.take)(wanted, &value.ok_or_else(|| de::Error::missing_field("value"))?);
        }
        Ok(())
    }
}
