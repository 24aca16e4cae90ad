//! Requests and answers of the native-messaging protocol (PROTOCOL.md), and
//! their dispatch. Every answer echoes the request's `id`; every bad request
//! gets a structured error with a stable code, never a panic and never
//! silence.
//!
//! This module turns a frame's bytes into an answer's frames; the byte
//! stream itself is [`crate::messaging`]'s, the decisions are
//! [`crate::classify`]'s.

mod memory;
mod parts;

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use std::rc::Rc;

use crate::charter::{self, Charter, CharterCache, CharterError, Format};
use crate::classify::{self, Classification, ObservedCookie, Page};
use crate::known::OpenCookieDatabase;
use crate::messaging::MAX_OUTBOUND;
use crate::site::{Host, ListSource, SuffixList};
use crate::store::Store;

pub use parts::split_into_frames;

/// The protocol version `hello` announces.
pub const PROTOCOL_VERSION: u32 = 1;

/// Browsers cap a cookie's name and value together at 4096 bytes.
const MAX_COOKIE_NAME: usize = 4096;
/// DNS: a domain name is at most 253 characters (255 with dots and root).
const MAX_COOKIE_DOMAIN: usize = 255;
/// Largest charter read. Real policy pages weigh tens of kilobytes, a few
/// megabytes with inline scripts; reading a charter takes up to some 25
/// times its size in memory (an HTML page of dense tables), so this bounds
/// the host at a few hundred MiB whatever a page holds.
pub const MAX_CHARTER_BYTES: usize = 16 * 1024 * 1024;

/// Stable error codes; append-only (PROTOCOL.md, "Error codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    FrameTooLarge,
    TruncatedFrame,
    InvalidUtf8,
    InvalidJson,
    NotAnObject,
    MissingType,
    UnknownType,
    InvalidRequest,
    CookieValueRefused,
    InvalidSite,
    InvalidCharter,
    UnsupportedType,
    AnswerTooLarge,
    StoreFailed,
    CharterTooLarge,
}

/// A request the host cannot serve, and why, in words for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    pub code: ErrorCode,
    pub message: String,
}

impl RequestError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> RequestError {
        RequestError {
            code,
            message: message.into(),
        }
    }
}

/// What a serving host keeps: the list it uses, the charters it has read,
/// and, when serving a browser, the per-site store.
pub struct Context {
    pub list: SuffixList,
    pub charters: CharterCache,
    /// `None` for the command line, which remembers nothing: the per-site
    /// requests then answer `store_failed`.
    pub store: Option<Store>,
    /// Known cookies imported at run time (`classify --known-db`), consulted
    /// after the built-in table.
    pub known_cookies: Option<OpenCookieDatabase>,
}

impl Context {
    pub fn new(list: SuffixList) -> Context {
        Context {
            list,
            charters: CharterCache::default(),
            store: None,
            known_cookies: None,
        }
    }

    /// The same, remembering per-site state in `store`.
    pub fn with_store(self, store: Option<Store>) -> Context {
        Context { store, ..self }
    }

    /// The same, with more known cookies as fallback evidence.
    pub fn with_known_cookies(self, known_cookies: Option<OpenCookieDatabase>) -> Context {
        Context {
            known_cookies,
            ..self
        }
    }
}

impl Context {
    fn hello(&self) -> Value {
        let source = match self.list.source() {
            ListSource::Embedded => "embedded".to_owned(),
            ListSource::File(path) => path.display().to_string(),
        };
        serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "protocol": PROTOCOL_VERSION,
            "psl": { "source": source, "date": self.list.date() },
        })
    }
}

/// A charter as the extension sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharterInput {
    pub format: String,
    #[serde(default)]
    pub url: Option<String>,
    pub content: String,
}

/// The body of a `classify` request.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassifyRequest {
    pub site: String,
    #[serde(default)]
    pub observed_at: Option<f64>,
    pub cookies: Vec<ObservedCookie>,
    #[serde(default)]
    pub charter: Option<CharterInput>,
}

/// The charter a classification used, as the answer reports it.
#[derive(Debug, Clone, Serialize)]
pub struct CharterReport {
    pub url: Option<String>,
    pub format: String,
    pub entries: Vec<charter::Entry>,
    pub warnings: Vec<String>,
    /// The request had no charter, so the site's remembered one was used.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remembered: bool,
}

/// The `classification` answer.
#[derive(Debug, Clone, Serialize)]
pub struct ClassificationAnswer {
    #[serde(flatten)]
    pub classification: Classification,
    pub charter: Option<CharterReport>,
}

/// Handles one frame's payload and returns the frames of its answer.
pub fn answer(payload: &[u8], context: &Context) -> Vec<Vec<u8>> {
    let (id, result) = match parse(payload) {
        Ok((id, kind, request)) => {
            let result = dispatch(&kind, request, context);
            (id, result)
        }
        Err((id, error)) => (id, Err(error)),
    };
    let (kind, body) = match result {
        Ok(answer) => answer,
        Err(error) => {
            log::debug!(
                "answer: error {:?}: {}",
                error.code,
                shortened(&error.message, 300)
            );
            return vec![error_frame(&id, &error)];
        }
    };
    log::debug!("answer: {kind}");
    let body = match body {
        Body::Tree(tree) => tree,
        Body::Classification(classification) => {
            let envelope = Envelope {
                kind,
                id: &id,
                body: &*classification,
            };
            match serde_json::to_vec(&envelope) {
                Ok(frame) if frame.len() <= MAX_OUTBOUND => return vec![frame],
                _ => match to_value(&*classification) {
                    Ok(tree) => tree,
                    Err(error) => return vec![error_frame(&id, &error)],
                },
            }
        }
    };
    match split_into_frames(kind, &id, body, MAX_OUTBOUND) {
        Ok(frames) => frames,
        Err(error) => vec![error_frame(&id, &error)],
    }
}

/// At most `limit` bytes of `text`, cut on a character boundary.
fn shortened(text: &str, limit: usize) -> &str {
    let cut = (0..=limit.min(text.len()))
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0);
    &text[..cut]
}

/// The frame of an error answer; small enough for any limit.
pub fn error_frame(id: &Value, error: &RequestError) -> Vec<u8> {
    let mut message = error.message.clone();
    if message.len() > 4096 {
        let cut = (0..=4096)
            .rev()
            .find(|&at| message.is_char_boundary(at))
            .unwrap_or(0);
        message.truncate(cut);
        message.push('…');
    }
    let id = if serde_json::to_vec(id).map_or(0, |v| v.len()) > 4096 {
        &Value::Null
    } else {
        id
    };
    let answer = serde_json::json!({
        "type": "error",
        "id": id,
        "code": error.code,
        "message": message,
    });
    serde_json::to_vec(&answer).unwrap_or_default()
}

type Parsed = (Value, String, Map<String, Value>);

/// Reads the envelope: UTF-8, JSON, an object, an `id` and a `type`.
fn parse(payload: &[u8]) -> Result<Parsed, (Value, RequestError)> {
    let text = std::str::from_utf8(payload).map_err(|error| {
        (
            Value::Null,
            RequestError::new(
                ErrorCode::InvalidUtf8,
                format!("the request is not UTF-8: {error}"),
            ),
        )
    })?;
    let value: Value = serde_json::from_str(text).map_err(|error| {
        (
            Value::Null,
            RequestError::new(
                ErrorCode::InvalidJson,
                format!("the request is not JSON: {error}"),
            ),
        )
    })?;
    let Value::Object(mut object) = value else {
        let error = RequestError::new(ErrorCode::NotAnObject, "the request is not a JSON object");
        return Err((Value::Null, error));
    };
    let id = object.remove("id").unwrap_or(Value::Null);
    match object.remove("type") {
        Some(Value::String(kind)) => Ok((id, kind, object)),
        Some(_) => Err((
            id,
            RequestError::new(ErrorCode::MissingType, "the request's type is not a string"),
        )),
        None => Err((
            id,
            RequestError::new(ErrorCode::MissingType, "the request has no type"),
        )),
    }
}

/// An answer's body. A classification without overrides, the answer every
/// classify request gets, is encoded straight from its types; the others are
/// small JSON trees. An answer too large for one frame is split as a tree.
enum Body {
    Tree(Value),
    Classification(Box<ClassificationAnswer>),
}

type Answer = (&'static str, Body);

/// `type` and `id` first, then the answer's own fields.
#[derive(Serialize)]
struct Envelope<'a, T> {
    #[serde(rename = "type")]
    kind: &'a str,
    id: &'a Value,
    #[serde(flatten)]
    body: &'a T,
}

fn dispatch(kind: &str, request: Map<String, Value>, context: &Context) -> Result<Answer, RequestError> {
    match kind {
        "hello" => Ok(("hello", Body::Tree(context.hello()))),
        "classify" => {
            refuse_cookie_values(&request)?;
            let mut request: ClassifyRequest = typed(request)?;
            let remembered = request.charter.is_none();
            if remembered {
                request.charter = memory::remembered_charter(&request.site, context);
            }
            let now = now();
            let mut answer = classify_request(&request, context, now)?;
            if let Some(report) = answer.charter.as_mut() {
                report.remembered = remembered;
            }
            let overrides = memory::after_classify(&answer, request.observed_at.unwrap_or(now), context);
            if overrides.is_empty() {
                return Ok(("classification", Body::Classification(Box::new(answer))));
            }
            let mut answer = to_value(&answer)?;
            memory::apply_overrides(&mut answer, &overrides);
            Ok(("classification", Body::Tree(answer)))
        }
        "parse_charter" => {
            let input: CharterInput = typed(request)?;
            let format: Format = input.format.parse().map_err(charter_error)?;
            if input.content.len() > MAX_CHARTER_BYTES {
                return Err(charter_too_large(input.content.len()));
            }
            let charter = context
                .charters
                .read(format, &input.content)
                .map_err(charter_error)?;
            Ok(("charter", Body::Tree(to_value(&*charter)?)))
        }
        "remember_charter" => Ok((
            "remembered",
            Body::Tree(memory::remember_charter(request, context)?),
        )),
        "site_state" => Ok(("site_state", Body::Tree(memory::site_state(request, context)?))),
        "set_override" => Ok(("overrides", Body::Tree(memory::set_override(request, context)?))),
        "forget_site" => Ok(("forgotten", Body::Tree(memory::forget_site(request, context)?))),
        other => Err(RequestError::new(
            ErrorCode::UnknownType,
            format!(
                "unknown request type '{other}' (expected hello, classify, parse_charter, remember_charter, \
                 site_state, set_override or forget_site)"
            ),
        )),
    }
}

/// Classifies a request's cookies: the same procedure for the protocol and
/// the command line. `now` (unix seconds) is used when the request does not
/// say when the cookies were observed.
pub fn classify_request(
    request: &ClassifyRequest,
    context: &Context,
    now: f64,
) -> Result<ClassificationAnswer, RequestError> {
    let url = url::Url::parse(&request.site).map_err(|error| {
        RequestError::new(
            ErrorCode::InvalidSite,
            format!("site '{}' is not a URL: {error}", request.site),
        )
    })?;
    let host = Host::from_url(&url).ok_or_else(|| {
        RequestError::new(
            ErrorCode::InvalidSite,
            format!("site '{}' has no host", request.site),
        )
    })?;
    for (index, cookie) in request.cookies.iter().enumerate() {
        if cookie.name.len() > MAX_COOKIE_NAME {
            return Err(invalid(format!(
                "cookies[{index}].name: longer than {MAX_COOKIE_NAME} bytes"
            )));
        }
        if cookie.domain.len() > MAX_COOKIE_DOMAIN {
            return Err(invalid(format!(
                "cookies[{index}].domain: longer than {MAX_COOKIE_DOMAIN} bytes"
            )));
        }
    }
    let report = request
        .charter
        .as_ref()
        .map(|input| report_charter(input, &context.charters))
        .transpose()?;
    let charter = report.as_ref().and_then(|(_, charter)| charter.as_deref());
    let page = Page {
        url: url.as_str(),
        host: &host,
        observed_at: request.observed_at.unwrap_or(now),
    };
    let imported = context.known_cookies.as_ref();
    let classification = classify::classify(&page, &request.cookies, charter, &context.list, imported)
        .map_err(|error| invalid(error.to_string()))?;
    Ok(ClassificationAnswer {
        classification,
        charter: report.map(|(report, _)| report),
    })
}

/// Reads a classify request's charter. A charter that is not valid in its
/// format, or larger than [`MAX_CHARTER_BYTES`], is reported with a warning
/// and the cookies are classified as if the site had none (the user still
/// sees them); an unknown format is an
/// error, since the extension that sent it is out of step with the host.
fn report_charter(
    input: &CharterInput,
    charters: &CharterCache,
) -> Result<(CharterReport, Option<Rc<Charter>>), RequestError> {
    let format: Format = input.format.parse().map_err(charter_error)?;
    let read = if input.content.len() > MAX_CHARTER_BYTES {
        Err(charter_too_large(input.content.len()).message)
    } else {
        // The format is known by now: the only error left is content that
        // is not in that format.
        charters
            .read(format, &input.content)
            .map_err(|error| error.to_string())
    };
    let (charter, warnings) = match read {
        Ok(charter) => {
            let warnings = charter.warnings.clone();
            (Some(charter), warnings)
        }
        Err(warning) => (None, vec![warning]),
    };
    let report = CharterReport {
        url: input.url.clone(),
        format: format.to_string(),
        entries: charter.as_ref().map(|c| c.entries.clone()).unwrap_or_default(),
        warnings,
        remembered: false,
    };
    Ok((report, charter))
}

fn charter_too_large(length: usize) -> RequestError {
    RequestError::new(
        ErrorCode::CharterTooLarge,
        format!("a charter of {length} bytes exceeds the {MAX_CHARTER_BYTES}-byte limit"),
    )
}

fn charter_error(error: CharterError) -> RequestError {
    RequestError::new(ErrorCode::InvalidCharter, error.to_string())
}

/// Values never cross the wire: a cookie that carries one is refused whole,
/// so that an extension bug cannot leak values into logs or the store.
fn refuse_cookie_values(request: &Map<String, Value>) -> Result<(), RequestError> {
    let Some(Value::Array(cookies)) = request.get("cookies") else {
        return Ok(());
    };
    match cookies.iter().position(|c| c.get("value").is_some()) {
        Some(index) => Err(RequestError::new(
            ErrorCode::CookieValueRefused,
            format!("cookies[{index}] carries a value; cookie values must never be sent to the host"),
        )),
        None => Ok(()),
    }
}

/// Deserialises a request body, naming the field at fault in the error.
fn typed<T: serde::de::DeserializeOwned>(request: Map<String, Value>) -> Result<T, RequestError> {
    serde_path_to_error::deserialize(Value::Object(request)).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if path == "." {
            invalid(inner.to_string())
        } else {
            invalid(format!("{path}: {inner}"))
        }
    })
}

fn invalid(message: String) -> RequestError {
    RequestError::new(ErrorCode::InvalidRequest, message)
}

fn to_value(answer: &impl Serialize) -> Result<Value, RequestError> {
    serde_json::to_value(answer).map_err(|error| invalid(format!("cannot encode the answer: {error}")))
}

/// The host's clock, in unix seconds.
pub fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}
