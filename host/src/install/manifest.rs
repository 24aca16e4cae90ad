//! The host manifest: rendered with serde_json from the templates in
//! `manifests/`, and recognised again when uninstall or doctor reads it.
//!
//! The templates hold what never changes (name, description, type); the
//! installer fills in the binary's absolute path and the extension ids. The
//! ids come from `extension/manifest.json` at build time (see `build.rs`), so
//! an installed copy of the binary, far from the source tree, still knows
//! the exact ids its manifests must carry.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde_json::Value;

use super::table::Engine;
use super::InstallError;

/// The native-messaging host name: `[a-z0-9_.]` only, which both engines accept.
pub const HOST_NAME: &str = "org.cookie_charter.host";

/// Browsers look for `<host name>.json` and check that `name` matches it.
pub const FILE_NAME: &str = "org.cookie_charter.host.json";

/// Firefox's add-on id (`browser_specific_settings.gecko.id`).
pub const GECKO_ID: &str = env!("COOKIE_CHARTER_GECKO_ID");

const CHROME_FAMILY_TEMPLATE: &str = include_str!("../../../manifests/chrome-family.json");
const FIREFOX_TEMPLATE: &str = include_str!("../../../manifests/firefox.json");

/// A Chrome-family extension id: 32 letters `a` to `p`, as Chromium derives
/// it from the extension's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionId(String);

impl ExtensionId {
    /// The id fixed by the `key` in `extension/manifest.json`.
    pub fn ours() -> ExtensionId {
        ExtensionId(env!("COOKIE_CHARTER_EXTENSION_ID").to_owned())
    }

    /// `chrome-extension://<id>/`: Chromium compares `allowed_origins`
    /// exactly, trailing slash included.
    pub fn origin(&self) -> String {
        format!("chrome-extension://{}/", self.0)
    }
}

impl FromStr for ExtensionId {
    type Err = InstallError;

    fn from_str(text: &str) -> Result<ExtensionId, InstallError> {
        if text.len() == 32 && text.bytes().all(|b| (b'a'..=b'p').contains(&b)) {
            Ok(ExtensionId(text.to_owned()))
        } else {
            Err(InstallError::BadExtensionId { id: text.to_owned() })
        }
    }
}

impl fmt::Display for ExtensionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a manifest grants: the ids that may start the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Ours first, then every `--extension-id`, without repeats.
    pub extension_ids: Vec<ExtensionId>,
}

impl Grant {
    pub fn new(extra: &[ExtensionId]) -> Grant {
        let mut extension_ids = vec![ExtensionId::ours()];
        for id in extra {
            if !extension_ids.contains(id) {
                extension_ids.push(id.clone());
            }
        }
        Grant { extension_ids }
    }

    /// The key of the id list and its exact entries, for an engine.
    pub fn allowed(&self, engine: Engine) -> (&'static str, Vec<String>) {
        match engine {
            Engine::Chromium => (
                "allowed_origins",
                self.extension_ids.iter().map(ExtensionId::origin).collect(),
            ),
            Engine::Gecko => ("allowed_extensions", vec![GECKO_ID.to_owned()]),
        }
    }
}

/// The manifest's bytes: the engine's template with `path` and the ids set.
pub fn render(engine: Engine, binary: &Path, grant: &Grant) -> Result<Vec<u8>, InstallError> {
    let path = binary.to_str().ok_or_else(|| InstallError::NonUtf8Path {
        path: binary.to_owned(),
    })?;
    let template = match engine {
        Engine::Chromium => CHROME_FAMILY_TEMPLATE,
        Engine::Gecko => FIREFOX_TEMPLATE,
    };
    let mut manifest: Value = serde_json::from_str(template).expect("manifests/*.json are JSON (tested)");
    let (key, ids) = grant.allowed(engine);
    manifest["path"] = Value::from(path);
    manifest[key] = Value::from(ids);
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("a JSON value serialises");
    bytes.push(b'\n');
    Ok(bytes)
}

/// Who wrote a manifest file that bears our host's file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorship {
    /// Our host name and a `path` to the binary this installer put in place.
    Ours,
    /// Anything else: another install, a hand-written file, not JSON at all.
    Foreign { reason: String },
}

/// Ours by name and by content: a file of that name that registers another
/// binary was not written by this installer, and is left alone.
pub fn authorship(bytes: &[u8], installed_binary: &Path) -> Authorship {
    let foreign = |reason: String| Authorship::Foreign { reason };
    let Ok(manifest) = serde_json::from_slice::<Value>(bytes) else {
        return foreign("it is not JSON".to_owned());
    };
    if manifest["name"] != HOST_NAME {
        return foreign(format!("its name is {}", manifest["name"]));
    }
    match manifest["path"].as_str() {
        Some(path) if Path::new(path) == installed_binary => Authorship::Ours,
        Some(path) => foreign(format!("it starts {path}")),
        None => foreign("it has no path".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(engine: Engine, grant: &Grant) -> Value {
        let bytes = render(engine, Path::new("/opt/cc/cookie-charter"), grant).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn templates_are_manifests_of_our_host() {
        for template in [CHROME_FAMILY_TEMPLATE, FIREFOX_TEMPLATE] {
            let value: Value = serde_json::from_str(template).unwrap();
            assert_eq!(value["name"], HOST_NAME);
            assert_eq!(value["type"], "stdio");
            assert!(!value["description"].as_str().unwrap().is_empty());
        }
        assert_eq!(FILE_NAME, format!("{HOST_NAME}.json"));
    }

    #[test]
    fn chrome_family_manifest_allows_exactly_our_origins() {
        let extra: ExtensionId = "abcdefghijklmnopabcdefghijklmnop".parse().unwrap();
        let grant = Grant::new(&[extra.clone(), ExtensionId::ours(), extra]);
        let value = parsed(Engine::Chromium, &grant);
        assert_eq!(value["path"], "/opt/cc/cookie-charter");
        assert_eq!(
            value["allowed_origins"],
            serde_json::json!([
                format!("chrome-extension://{}/", ExtensionId::ours()),
                "chrome-extension://abcdefghijklmnopabcdefghijklmnop/"
            ])
        );
        assert!(value.get("allowed_extensions").is_none());
        assert!(!String::from_utf8(serde_json::to_vec(&value).unwrap())
            .unwrap()
            .contains("filled in"));
    }

    #[test]
    fn firefox_manifest_allows_the_gecko_id() {
        let value = parsed(Engine::Gecko, &Grant::new(&[]));
        assert_eq!(
            value["allowed_extensions"],
            serde_json::json!(["cookie-charter@cookie-charter.org"])
        );
        assert!(value.get("allowed_origins").is_none());
        assert_eq!(value["path"], "/opt/cc/cookie-charter");
    }

    #[test]
    fn extension_ids_are_32_letters_a_to_p() {
        assert!(ExtensionId::ours().to_string().parse::<ExtensionId>().is_ok());
        for bad in [
            "",
            "abc",
            "ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP",
            "abcdefghijklmnopabcdefghijklmnoq",
            "chrome-extension://x/",
        ] {
            let error = bad.parse::<ExtensionId>().unwrap_err();
            assert!(error.to_string().contains("32 letters"), "{bad}: {error}");
        }
    }

    #[test]
    fn authorship_needs_our_name_and_our_binary() {
        let binary = Path::new("/opt/cc/cookie-charter");
        let ours = render(Engine::Gecko, binary, &Grant::new(&[])).unwrap();
        assert_eq!(authorship(&ours, binary), Authorship::Ours);
        let cases: [(&[u8], &str); 4] = [
            (b"not json", "it is not JSON"),
            (
                br#"{"name":"other.host","path":"/opt/cc/cookie-charter"}"#,
                "its name is \"other.host\"",
            ),
            (
                br#"{"name":"org.cookie_charter.host","path":"/elsewhere"}"#,
                "it starts /elsewhere",
            ),
            (br#"{"name":"org.cookie_charter.host"}"#, "it has no path"),
        ];
        for (bytes, reason) in cases {
            assert_eq!(
                authorship(bytes, binary),
                Authorship::Foreign {
                    reason: reason.to_owned()
                }
            );
        }
    }
}
