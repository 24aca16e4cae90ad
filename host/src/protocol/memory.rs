//! The per-site memory requests (PROTOCOL.md, "Per-site memory"):
//! `remember_charter`, `site_state`, `set_override`, `forget_site`, and what
//! `classify` takes from and leaves in the store. The files themselves are
//! [`crate::store`]'s.
//!
//! A site is named by a URL or a host name and stored under its registrable
//! domain, the way `classify` reports it, so `https://www.a.example/x` and
//! `a.example` are one site.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{
    charter_error, invalid, typed, CharterInput, ClassificationAnswer, Context, ErrorCode, RequestError,
};
use crate::charter::Format;
use crate::site::{Host, Site};
use crate::store::{self, LastClassification, Override, RememberedCharter, Store, StoreError};

/// `remember_charter {site, charter: {format, url?, origin?, content}}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RememberRequest {
    site: String,
    charter: RememberInput,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RememberInput {
    format: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    origin: Option<String>,
    content: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteRequest {
    site: String,
}

/// `set_override {site, name, label}`; a `null` label removes the override.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideRequest {
    site: String,
    name: String,
    label: Option<String>,
}

/// The remembered charter as `site_state` shows it: what the host reads in
/// it, not its content (which may be larger than a frame).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CharterState {
    format: Format,
    url: Option<String>,
    origin: Option<String>,
    remembered_at: u64,
    size: usize,
    entries: Vec<crate::charter::Entry>,
    warnings: Vec<String>,
}

fn the_store<'c>(context: &'c Context, kind: &str) -> Result<&'c Store, RequestError> {
    context.store.as_ref().ok_or_else(|| {
        RequestError::new(
            ErrorCode::StoreFailed,
            format!("'{kind}' needs the per-site store, and this host has no data folder"),
        )
    })
}

/// The site a request names: a URL with a host, or a host name.
pub(super) fn site_of(input: &str, context: &Context) -> Result<Site, RequestError> {
    let host = match url::Url::parse(input) {
        Ok(url) => Host::from_url(&url),
        Err(_) => Host::parse(input).ok(),
    }
    .ok_or_else(|| {
        RequestError::new(
            ErrorCode::InvalidSite,
            format!("site '{input}' is neither a URL with a host nor a host name"),
        )
    })?;
    Ok(Site::from(context.list.site(&host)))
}

fn store_error(error: StoreError) -> RequestError {
    match error {
        StoreError::CharterTooLarge { .. } => {
            RequestError::new(ErrorCode::CharterTooLarge, error.to_string())
        }
        StoreError::FieldTooLong { .. } | StoreError::TooManyOverrides { .. } => invalid(error.to_string()),
        StoreError::Io { .. } | StoreError::Encode { .. } => {
            log::warn!("store: {error}");
            RequestError::new(ErrorCode::StoreFailed, error.to_string())
        }
    }
}

pub(super) fn remember_charter(
    request: Map<String, Value>,
    context: &Context,
) -> Result<Value, RequestError> {
    let store = the_store(context, "remember_charter")?;
    // Before typing the request: a charter too large is refused by its size,
    // whatever else is wrong with it.
    if let Some(length) = request
        .get("charter")
        .and_then(|c| c.get("content"))
        .and_then(Value::as_str)
        .map(str::len)
        .filter(|&length| length > store::MAX_CHARTER_BYTES)
    {
        return Err(store_error(StoreError::CharterTooLarge { length }));
    }
    let request: RememberRequest = typed(request)?;
    let site = site_of(&request.site, context)?;
    let format: Format = request.charter.format.parse().map_err(charter_error)?;
    // A charter that is not in its format at all is refused now, rather than
    // remembered and warned about at every classification.
    let entries = context
        .charters
        .read(format, &request.charter.content)
        .map_err(charter_error)?
        .entries
        .len();
    let charter = RememberedCharter {
        format,
        url: request.charter.url,
        origin: request.charter.origin,
        content: request.charter.content,
        remembered_at: store::unix_now(),
    };
    store.remember_charter(&site, &charter).map_err(store_error)?;
    Ok(json!({ "site": site, "entries": entries }))
}

pub(super) fn site_state(request: Map<String, Value>, context: &Context) -> Result<Value, RequestError> {
    let store = the_store(context, "site_state")?;
    let request: SiteRequest = typed(request)?;
    let site = site_of(&request.site, context)?;
    let charter = store.charter(&site).map_err(store_error)?;
    let charter = charter.map(|remembered| {
        let (entries, warnings) = match context.charters.read(remembered.format, &remembered.content) {
            Ok(charter) => (charter.entries.clone(), charter.warnings.clone()),
            Err(error) => (Vec::new(), vec![error.to_string()]),
        };
        CharterState {
            format: remembered.format,
            url: remembered.url,
            origin: remembered.origin,
            remembered_at: remembered.remembered_at,
            size: remembered.content.len(),
            entries,
            warnings,
        }
    });
    let last = store.last(&site).map_err(store_error)?;
    let overrides = store.overrides(&site).map_err(store_error)?;
    let mut answer = json!({ "site": site, "overrides": overrides });
    if let Some(charter) = charter {
        answer["charter"] = super::to_value(&charter)?;
    }
    if let Some(last) = last {
        answer["last"] = super::to_value(&last)?;
    }
    Ok(answer)
}

pub(super) fn set_override(request: Map<String, Value>, context: &Context) -> Result<Value, RequestError> {
    let store = the_store(context, "set_override")?;
    let request: OverrideRequest = typed(request)?;
    let site = site_of(&request.site, context)?;
    let label = request
        .label
        .as_deref()
        .map(|name| {
            store::parse_label(name).ok_or_else(|| {
                invalid(format!(
                    "label: unknown label '{name}' (expected necessary, statistics, first-party, third-party or null)"
                ))
            })
        })
        .transpose()?;
    let overrides = store
        .set_override(&site, &request.name, label)
        .map_err(store_error)?;
    Ok(json!({ "site": site, "overrides": overrides }))
}

pub(super) fn forget_site(request: Map<String, Value>, context: &Context) -> Result<Value, RequestError> {
    let store = the_store(context, "forget_site")?;
    let request: SiteRequest = typed(request)?;
    let site = site_of(&request.site, context)?;
    store.forget(&site).map_err(store_error)?;
    Ok(json!({ "site": site }))
}

/// A classify request without a charter uses the site's remembered one.
/// Best effort: a store that cannot be read leaves the request as it is.
pub(super) fn remembered_charter(site: &str, context: &Context) -> Option<CharterInput> {
    let store = context.store.as_ref()?;
    let site = site_of(site, context).ok()?;
    match store.charter(&site) {
        Ok(remembered) => remembered.map(|charter| CharterInput {
            format: charter.format.as_str().to_owned(),
            url: charter.url,
            content: charter.content,
        }),
        Err(error) => {
            log::warn!("store: the remembered charter of '{site}' is unavailable: {error}");
            None
        }
    }
}

/// After a classification: records its summary, and returns the person's
/// overrides for the site. Best effort: a store failure never fails a
/// classification; it is logged.
pub(super) fn after_classify(
    answer: &ClassificationAnswer,
    observed_at: f64,
    context: &Context,
) -> Vec<Override> {
    let Some(store) = context.store.as_ref() else {
        return Vec::new();
    };
    let site = &answer.classification.site.registrable_domain;
    let last = LastClassification::of(&answer.classification, observed_at);
    if let Err(error) = store.record_last(site, &last) {
        log::warn!("store: the last classification of '{site}' was not recorded: {error}");
    }
    store.overrides(site).unwrap_or_else(|error| {
        log::warn!("store: the overrides of '{site}' are unavailable: {error}");
        Vec::new()
    })
}

/// Marks each cookie a person relabelled with `override`: their label, next
/// to the host's own verdict.
pub(super) fn apply_overrides(answer: &mut Value, overrides: &[Override]) {
    if overrides.is_empty() {
        return;
    }
    let Some(cookies) = answer.get_mut("cookies").and_then(Value::as_array_mut) else {
        return;
    };
    for cookie in cookies {
        let found = cookie
            .get("name")
            .and_then(Value::as_str)
            .and_then(|name| overrides.iter().find(|o| o.name == name));
        if let (Some(found), Some(fields)) = (found, cookie.as_object_mut()) {
            fields.insert("override".to_owned(), Value::from(found.label.as_str()));
        }
    }
}
