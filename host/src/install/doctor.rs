//! Is the host registered with a browser, and does it work there? For one
//! manifest location: is the file there, is it ours, is its `path`
//! absolute, existing and executable, are the ids exact, and does the host
//! answer `hello` when started with that browser's arguments. Install ends
//! with this check; `cookie-charter doctor` runs it for every browser.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::files;
use super::manifest::{authorship, Authorship, Grant, HOST_NAME};
use super::probe::{self, Hello, Silence};
use super::registry;
use super::table::{Engine, Location, Os};

/// What is wrong with a registration, worded for the person who must fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Unreadable(String),
    NotJson(String),
    WrongName(String),
    NotStdio(String),
    NoPath,
    RelativePath(String),
    HostNotFound(PathBuf),
    NotExecutable(PathBuf),
    MissingId {
        key: &'static str,
        expected: String,
        near_miss: Option<String>,
    },
    NotInRegistry {
        key: String,
    },
    Silent(Silence),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable(error) => error.fmt(f),
            Problem::NotJson(error) => write!(f, "the manifest is not JSON: {error}"),
            Problem::WrongName(name) => write!(f, "the manifest's name is {name}, not \"{HOST_NAME}\""),
            Problem::NotStdio(kind) => write!(f, "the manifest's type is {kind}, not \"stdio\""),
            Problem::NoPath => f.write_str("the manifest has no path"),
            // Chromium and Firefox refuse a relative path on Linux and macOS.
            Problem::RelativePath(path) => write!(f, "the host path {path} is not absolute"),
            Problem::HostNotFound(path) => write!(f, "host not found: {} does not exist", path.display()),
            Problem::NotExecutable(path) => write!(f, "the host {} is not executable", path.display()),
            Problem::MissingId {
                key,
                expected,
                near_miss,
            } => {
                write!(f, "{key} lacks {expected}")?;
                match near_miss {
                    Some(near) => write!(f, " (it has {near}: Chrome needs the trailing slash)"),
                    None => Ok(()),
                }
            }
            Problem::NotInRegistry { key } => write!(f, "{key} does not point to this manifest"),
            Problem::Silent(silence) => silence.fmt(f),
        }
    }
}

/// The state of one manifest location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Absent,
    Healthy { hello: Hello, ours: bool },
    Broken { problem: Problem, ours: bool },
}

/// Examines the manifest at `location`; `installed_binary` is where this
/// installer puts the host for that scope, which tells ours from foreign.
pub fn examine(location: &Location, installed_binary: &Path, os: Os) -> Health {
    let bytes = match files::read_if_present(&location.manifest) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Health::Absent,
        Err(error) => {
            return Health::Broken {
                problem: Problem::Unreadable(error.to_string()),
                ours: false,
            }
        }
    };
    let ours = authorship(&bytes, installed_binary) == Authorship::Ours;
    match check(location, &bytes, os) {
        Ok(hello) => Health::Healthy { hello, ours },
        Err(problem) => Health::Broken { problem, ours },
    }
}

/// The checks in the order a browser meets them: parse, name, path, ids,
/// then the launch itself.
fn check(location: &Location, bytes: &[u8], os: Os) -> Result<Hello, Problem> {
    let manifest: Value = serde_json::from_slice(bytes).map_err(|e| Problem::NotJson(e.to_string()))?;
    if manifest["name"] != HOST_NAME {
        return Err(Problem::WrongName(manifest["name"].to_string()));
    }
    if manifest["type"] != "stdio" {
        return Err(Problem::NotStdio(manifest["type"].to_string()));
    }
    let path = manifest["path"].as_str().ok_or(Problem::NoPath)?;
    let binary = Path::new(path);
    if !binary.is_absolute() {
        return Err(Problem::RelativePath(path.to_owned()));
    }
    if !binary.exists() {
        return Err(Problem::HostNotFound(binary.to_owned()));
    }
    if !is_executable(binary) {
        return Err(Problem::NotExecutable(binary.to_owned()));
    }
    check_ids(location.browser.engine(), &manifest)?;
    if let Some(key) = &location.registry_key {
        if !registry::points_to(key, &location.manifest) {
            return Err(Problem::NotInRegistry { key: key.clone() });
        }
    }
    let arguments = probe::browser_arguments(location.browser.engine(), os, &location.manifest);
    probe::ask_hello(binary, &arguments).map_err(Problem::Silent)
}

/// Our id must be there exactly: Chromium compares `allowed_origins` as
/// strings, and Firefox looks the add-on id up in `allowed_extensions`.
fn check_ids(engine: Engine, manifest: &Value) -> Result<(), Problem> {
    let (key, expected) = Grant::new(&[]).allowed(engine);
    let listed: Vec<&str> = manifest[key]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match expected.into_iter().find(|id| !listed.contains(&id.as_str())) {
        None => Ok(()),
        Some(expected) => {
            let near_miss = listed
                .iter()
                .find(|id| engine == Engine::Chromium && expected.trim_end_matches('/') == **id)
                .map(|id| (*id).to_owned());
            Err(Problem::MissingId {
                key,
                expected,
                near_miss,
            })
        }
    }
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::install::manifest::ExtensionId;
    use serde_json::json;

    #[test]
    fn ids_must_be_exact() {
        let origin = ExtensionId::ours().origin();
        assert_eq!(
            check_ids(Engine::Chromium, &json!({"allowed_origins": [origin]})),
            Ok(())
        );
        let without_slash = origin.trim_end_matches('/').to_owned();
        let problem = check_ids(Engine::Chromium, &json!({"allowed_origins": [without_slash]})).unwrap_err();
        assert!(problem.to_string().contains("trailing slash"), "{problem}");
        let problem = check_ids(
            Engine::Gecko,
            &json!({"allowed_extensions": ["other@example.org"]}),
        )
        .unwrap_err();
        assert_eq!(
            problem.to_string(),
            "allowed_extensions lacks cookie-charter@cookie-charter.org"
        );
        assert!(check_ids(Engine::Gecko, &json!({})).is_err());
    }
}
