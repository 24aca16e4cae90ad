//! The per-site memory on disk: the charter a person (or the extension)
//! chose for a site, the summary of the site's last classification, and the
//! person's own label for a cookie name. Cookie values are never stored: the
//! host never receives them.
//!
//! Layout: `<data folder>/sites/<site>.<kind>.json`, one file per site and
//! kind (`charter`, `last`, `overrides`), so that recording a page's last
//! classification never rewrites a 4 MiB charter. The data folder is
//! `$COOKIE_CHARTER_DATA_DIR` when set, else the platform's data folder
//! (`${XDG_DATA_HOME:-~/.local/share}/cookie-charter` on Linux).
//!
//! Every write is atomic: a temporary file in the same folder, written,
//! fsynced, renamed over the old one, then the folder fsynced; a reader sees
//! the old file or the new one, never half of either, even when the host is
//! killed mid-write. Writes (read, merge, write) hold an advisory lock on
//! `sites/.lock`, so two hosts started by two browser windows never lose
//! each other's changes. A file that does not parse (edited by hand, or
//! damaged) is renamed `<file>.corrupt-<unix time>` with a warning in the
//! log, and the site's other files are kept.
//!
//! What the protocol answers from it is [`crate::protocol`]'s business.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::charter::Format;
use crate::classify::{Classification, Counts, Label};
use crate::site::Site;

/// An unchanged last classification is refreshed at most this often.
pub const LAST_REFRESH_SECONDS: f64 = 3600.0;

/// Largest charter the store keeps. Real policy pages are tens of kilobytes;
/// the largest in the fixtures is under 100 KiB.
pub const MAX_CHARTER_BYTES: usize = 4 * 1024 * 1024;
/// Overrides per site: a person sets a handful.
pub const MAX_OVERRIDES: usize = 1000;
/// Browsers cap a cookie's name and value together at 4096 bytes.
pub const MAX_NAME_BYTES: usize = 4096;
/// Longest `url` and `origin` kept with a charter.
pub const MAX_URL_BYTES: usize = 8 * 1024;
pub const MAX_ORIGIN_BYTES: usize = 64;
/// The names a last-classification summary keeps per list, in bytes: enough
/// to show, small enough to rewrite on every classification.
const MAX_SUMMARY_NAMES_BYTES: usize = 64 * 1024;
/// A store file larger than this was not written by the host.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The version of the files' layout, written in each file.
const FILE_VERSION: u32 = 1;
/// The environment variable that chooses the data folder (tests, portable use).
pub const DATA_DIR_VAR: &str = "COOKIE_CHARTER_DATA_DIR";
const PARTIAL_SUFFIX: &str = ".partial";

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} '{path}': {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("a charter of {length} bytes exceeds the store's limit of {MAX_CHARTER_BYTES} bytes")]
    CharterTooLarge { length: usize },
    #[error("{field} of {length} bytes exceeds the store's limit of {limit} bytes")]
    FieldTooLong {
        field: &'static str,
        length: usize,
        limit: usize,
    },
    #[error("site '{site}' already has {MAX_OVERRIDES} overrides, the store's limit")]
    TooManyOverrides { site: String },
    #[error("cannot encode '{path}': {source}")]
    Encode {
        path: PathBuf,
        source: serde_json::Error,
    },
}

fn io_error<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> StoreError + 'p {
    move |source| StoreError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}

/// A charter as remembered for a site: the content itself, so that a newer
/// host reads it with its newer readers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RememberedCharter {
    pub format: Format,
    pub url: Option<String>,
    /// Where the extension found it (`discovered`, `page`, `user-url`,
    /// `user-text`); opaque to the host.
    pub origin: Option<String>,
    pub content: String,
    /// Unix seconds.
    pub remembered_at: u64,
}

/// What the site's last classification found: its summary, never a cookie
/// value (the host has none) nor the cookies' attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LastClassification {
    /// The page URL classified, without its query and fragment.
    pub url: String,
    /// When the cookies were observed, unix seconds.
    pub observed_at: f64,
    pub cookies: usize,
    pub counts: Counts,
    pub undeclared: Vec<String>,
    pub declared_not_seen: Vec<String>,
    /// Site finding codes.
    pub findings: Vec<String>,
    /// Whether `undeclared` or `declaredNotSeen` were cut to fit the store.
    pub truncated: bool,
}

impl LastClassification {
    /// Whether this record already says what `newer` says, recently enough
    /// that rewriting it would only update its time.
    fn is_fresh_for(&self, newer: &LastClassification) -> bool {
        let same = LastClassification {
            observed_at: self.observed_at,
            ..newer.clone()
        } == *self;
        same && (newer.observed_at - self.observed_at).abs() < LAST_REFRESH_SECONDS
    }

    /// The summary of a classification made at `observed_at`.
    pub fn of(classification: &Classification, observed_at: f64) -> LastClassification {
        let summary = &classification.summary;
        let (undeclared, cut_undeclared) = capped_names(&summary.undeclared);
        let (declared_not_seen, cut_declared) = capped_names(&summary.declared_not_seen);
        LastClassification {
            url: without_query(&classification.site.url),
            observed_at,
            cookies: classification.cookies.len(),
            counts: summary.counts.clone(),
            undeclared,
            declared_not_seen,
            findings: summary.findings.iter().map(|f| f.as_str().to_owned()).collect(),
            truncated: cut_undeclared || cut_declared,
        }
    }
}

/// A page URL without its query and fragment, which may carry tokens or a
/// person's details: the store keeps where, not what.
fn without_query(page: &str) -> String {
    match url::Url::parse(page) {
        Ok(mut url) => {
            url.set_query(None);
            url.set_fragment(None);
            url.into()
        }
        Err(_) => String::new(),
    }
}

/// The first names of a list, up to [`MAX_SUMMARY_NAMES_BYTES`]; whether
/// some were left out.
fn capped_names(names: &[String]) -> (Vec<String>, bool) {
    let mut used = 0;
    let mut kept = Vec::new();
    for name in names {
        used += name.len();
        if used > MAX_SUMMARY_NAMES_BYTES {
            return (kept, true);
        }
        kept.push(name.clone());
    }
    (kept, false)
}

/// A person's own label for the cookies of a site with this exact name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub name: String,
    #[serde(with = "label_text")]
    pub label: Label,
}

/// `Label` as its wire name; the classification types only serialise.
mod label_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::classify::Label;

    pub fn serialize<S: Serializer>(label: &Label, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(label.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Label, D::Error> {
        let name = String::deserialize(deserializer)?;
        super::parse_label(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown label '{name}' (expected necessary, statistics, first-party or third-party)"
            ))
        })
    }
}

/// A label from its wire name (`first-party`).
pub fn parse_label(name: &str) -> Option<Label> {
    Label::ALL.into_iter().find(|label| label.as_str() == name)
}

/// Each file: the layout version, the site it belongs to, and its data.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreFile<T> {
    version: u32,
    site: String,
    data: T,
}

/// The kinds of file a site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Charter,
    Last,
    Overrides,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Charter, Kind::Last, Kind::Overrides];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Charter => "charter",
            Kind::Last => "last",
            Kind::Overrides => "overrides",
        }
    }
}

/// The per-site memory in one folder.
#[derive(Debug)]
pub struct Store {
    sites: PathBuf,
    /// Whether leftovers of killed writes were swept in this process.
    swept: std::cell::Cell<bool>,
    /// The last classification this process recorded per site, so that an
    /// unchanged one costs no disk access at all.
    recorded: RefCell<HashMap<Site, LastClassification>>,
}

impl Store {
    /// The store under `data_dir` (its `sites/` folder). Nothing is created
    /// until the first write, so a host that only says hello touches no disk.
    pub fn open(data_dir: impl Into<PathBuf>) -> Store {
        Store {
            sites: data_dir.into().join("sites"),
            swept: std::cell::Cell::new(false),
            recorded: RefCell::new(HashMap::new()),
        }
    }

    /// The store in `$COOKIE_CHARTER_DATA_DIR`, else in the platform's data
    /// folder; `None` when neither can be found (no home folder).
    pub fn from_env() -> Option<Store> {
        if let Some(dir) = std::env::var_os(DATA_DIR_VAR).filter(|dir| !dir.is_empty()) {
            return Some(Store::open(PathBuf::from(dir)));
        }
        directories::ProjectDirs::from("org", "cookie-charter", "cookie-charter")
            .map(|dirs| Store::open(dirs.data_dir()))
    }

    /// The folder holding the sites' files.
    pub fn folder(&self) -> &Path {
        &self.sites
    }

    /// Remembers `charter` as the site's, replacing any other.
    pub fn remember_charter(&self, site: &Site, charter: &RememberedCharter) -> Result<(), StoreError> {
        if charter.content.len() > MAX_CHARTER_BYTES {
            return Err(StoreError::CharterTooLarge {
                length: charter.content.len(),
            });
        }
        check_length("the charter's url", charter.url.as_deref(), MAX_URL_BYTES)?;
        check_length(
            "the charter's origin",
            charter.origin.as_deref(),
            MAX_ORIGIN_BYTES,
        )?;
        let _lock = self.lock()?;
        self.write(site, Kind::Charter, charter)
    }

    /// The site's remembered charter.
    pub fn charter(&self, site: &Site) -> Result<Option<RememberedCharter>, StoreError> {
        self.read(site, Kind::Charter)
    }

    /// Records the site's last classification. The extension classifies on
    /// every navigation and cookie change, mostly with the same outcome; an
    /// unchanged summary is rewritten (two fsyncs) at most once in
    /// [`LAST_REFRESH_SECONDS`], so that a busy port does not wear the disk
    /// nor wait on it.
    pub fn record_last(&self, site: &Site, last: &LastClassification) -> Result<(), StoreError> {
        if self
            .recorded
            .borrow()
            .get(site)
            .is_some_and(|recorded| recorded.is_fresh_for(last))
        {
            return Ok(());
        }
        let _lock = self.lock()?;
        let stored = self.read_locked::<LastClassification>(site, Kind::Last)?;
        if !stored.as_ref().is_some_and(|stored| stored.is_fresh_for(last)) {
            self.write(site, Kind::Last, last)?;
        }
        let kept = stored
            .filter(|stored| stored.is_fresh_for(last))
            .unwrap_or_else(|| last.clone());
        self.recorded.borrow_mut().insert(site.clone(), kept);
        Ok(())
    }

    pub fn last(&self, site: &Site) -> Result<Option<LastClassification>, StoreError> {
        self.read(site, Kind::Last)
    }

    /// Sets (or, with `None`, removes) a person's label for the cookies of
    /// `site` named `name`; returns the site's overrides, sorted by name.
    pub fn set_override(
        &self,
        site: &Site,
        name: &str,
        label: Option<Label>,
    ) -> Result<Vec<Override>, StoreError> {
        check_length("the cookie name", Some(name), MAX_NAME_BYTES)?;
        let _lock = self.lock()?;
        let mut overrides = self
            .read_locked::<Vec<Override>>(site, Kind::Overrides)?
            .unwrap_or_default();
        overrides.retain(|o| o.name != name);
        if let Some(label) = label {
            if overrides.len() >= MAX_OVERRIDES {
                return Err(StoreError::TooManyOverrides {
                    site: site.to_string(),
                });
            }
            overrides.push(Override {
                name: name.to_owned(),
                label,
            });
        }
        overrides.sort_by(|a, b| a.name.cmp(&b.name));
        if overrides.is_empty() {
            self.remove(site, Kind::Overrides)?;
        } else {
            self.write(site, Kind::Overrides, &overrides)?;
        }
        Ok(overrides)
    }

    /// The site's overrides, sorted by name.
    pub fn overrides(&self, site: &Site) -> Result<Vec<Override>, StoreError> {
        Ok(self.read(site, Kind::Overrides)?.unwrap_or_default())
    }

    /// Forgets everything about a site; returns whether there was anything.
    /// Files moved aside as corrupt are left for a person to look at.
    pub fn forget(&self, site: &Site) -> Result<bool, StoreError> {
        self.recorded.borrow_mut().remove(site);
        let _lock = self.lock()?;
        let mut any = false;
        for kind in Kind::ALL {
            any |= self.remove(site, kind)?;
        }
        Ok(any)
    }

    /// The file of a site's `kind` of data.
    fn path(&self, site: &Site, kind: Kind) -> PathBuf {
        self.sites
            .join(format!("{}.{}.json", file_stem(site.as_str()), kind.as_str()))
    }

    /// Reads without the lock: a rename is atomic, so the file is whole. A
    /// corrupt file is moved aside under the lock.
    fn read<T: DeserializeOwned>(&self, site: &Site, kind: Kind) -> Result<Option<T>, StoreError> {
        match self.load(site, kind)? {
            Loaded::Missing => Ok(None),
            Loaded::Data(data) => Ok(Some(data)),
            Loaded::Corrupt(_) => {
                let _lock = self.lock()?;
                self.read_locked(site, kind)
            }
        }
    }

    /// Reads while holding the lock; a file still corrupt is moved aside.
    fn read_locked<T: DeserializeOwned>(&self, site: &Site, kind: Kind) -> Result<Option<T>, StoreError> {
        match self.load(site, kind)? {
            Loaded::Missing => Ok(None),
            Loaded::Data(data) => Ok(Some(data)),
            Loaded::Corrupt(reason) => {
                self.quarantine(&self.path(site, kind), &reason)?;
                Ok(None)
            }
        }
    }

    fn load<T: DeserializeOwned>(&self, site: &Site, kind: Kind) -> Result<Loaded<T>, StoreError> {
        let path = self.path(site, kind);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Loaded::Missing),
            Err(error) => return Err(io_error("read", &path)(error)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error("read", &path))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Ok(Loaded::Corrupt(format!("larger than {MAX_FILE_BYTES} bytes")));
        }
        match serde_json::from_slice::<StoreFile<T>>(&bytes) {
            Ok(file) if file.version != FILE_VERSION => Ok(Loaded::Corrupt(format!(
                "unknown layout version {}",
                file.version
            ))),
            Ok(file) if file.site != site.as_str() => Ok(Loaded::Corrupt(format!(
                "it belongs to site '{}', not '{site}'",
                file.site
            ))),
            Ok(file) => Ok(Loaded::Data(file.data)),
            Err(error) => Ok(Loaded::Corrupt(error.to_string())),
        }
    }

    /// Renames a corrupt file `<file>.corrupt-<unix time>`, keeping it for a
    /// person to look at, and says so in the log.
    fn quarantine(&self, path: &Path, reason: &str) -> Result<(), StoreError> {
        let stamp = unix_now();
        let mut aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
        let mut n = 1;
        while aside.exists() {
            aside = PathBuf::from(format!("{}.corrupt-{stamp}-{n}", path.display()));
            n += 1;
        }
        match fs::rename(path, &aside) {
            Ok(()) => {
                log::warn!(
                    "store: '{}' is corrupt ({reason}); moved aside to '{}', the site's other data kept",
                    path.display(),
                    aside.display()
                );
                Ok(())
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(io_error("move aside", path)(error)),
        }
    }

    /// Writes a file atomically: temporary file, fsync, rename, fsync of the
    /// folder. The caller holds the lock.
    fn write<T: Serialize>(&self, site: &Site, kind: Kind, data: &T) -> Result<(), StoreError> {
        let path = self.path(site, kind);
        let file = StoreFile {
            version: FILE_VERSION,
            site: site.as_str().to_owned(),
            data,
        };
        let bytes = serde_json::to_vec(&file).map_err(|source| StoreError::Encode {
            path: path.clone(),
            source,
        })?;
        let mut temporary = tempfile::Builder::new()
            .prefix(".")
            .suffix(PARTIAL_SUFFIX)
            .tempfile_in(&self.sites)
            .map_err(io_error("create a file in", &self.sites))?;
        temporary
            .write_all(&bytes)
            .map_err(io_error("write", temporary.path()))?;
        temporary
            .as_file()
            .sync_all()
            .map_err(io_error("sync", temporary.path()))?;
        temporary
            .persist(&path)
            .map_err(|error| io_error("replace", &path)(error.error))?;
        sync_folder(&self.sites)
    }

    /// Removes a file; whether it was there.
    fn remove(&self, site: &Site, kind: Kind) -> Result<bool, StoreError> {
        let path = self.path(site, kind);
        match fs::remove_file(&path) {
            Ok(()) => {
                sync_folder(&self.sites)?;
                Ok(true)
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(io_error("remove", &path)(error)),
        }
    }

    /// Takes the store's advisory lock, creating the folder on first use
    /// (private to the user: it tells which sites they visit). Every write
    /// happens under it, so the first time a process holds it, any partial
    /// file left in the folder is the leftover of a killed write: swept.
    fn lock(&self) -> Result<File, StoreError> {
        create_private_folder(&self.sites)?;
        let path = self.sites.join(".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_error("open", &path))?;
        lock.lock().map_err(io_error("lock", &path))?;
        if !self.swept.replace(true) {
            self.sweep_partials();
        }
        Ok(lock)
    }

    fn sweep_partials(&self) {
        let Ok(entries) = fs::read_dir(&self.sites) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(PARTIAL_SUFFIX) {
                log::debug!("store: removing '{name}', left by an interrupted write");
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

enum Loaded<T> {
    Missing,
    Data(T),
    Corrupt(String),
}

fn check_length(field: &'static str, value: Option<&str>, limit: usize) -> Result<(), StoreError> {
    match value {
        Some(value) if value.len() > limit => Err(StoreError::FieldTooLong {
            field,
            length: value.len(),
            limit,
        }),
        _ => Ok(()),
    }
}

/// A site's file name stem. Sites are lower-case ASCII host names (IDN in
/// punycode) or IP addresses; anything outside `[a-z0-9.-]` is written
/// `%XX`, so that no two sites share a file, no name climbs out of the
/// folder, and case-insensitive file systems see the same names. A stem
/// that would pass the 255-byte limit of file names is cut and completed by
/// a hash of the whole site (the site inside the file still tells).
fn file_stem(site: &str) -> String {
    let mut stem = String::with_capacity(site.len());
    for byte in site.bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => stem.push(char::from(byte)),
            b'.' if !stem.is_empty() => stem.push('.'),
            other => stem.push_str(&format!("%{other:02X}")),
        }
    }
    const MAX_STEM: usize = 200;
    if stem.len() > MAX_STEM {
        stem.truncate(MAX_STEM - 17);
        stem.push_str(&format!("~{:016x}", fnv1a(site.as_bytes())));
    }
    stem
}

/// FNV-1a, 64 bits: stable across processes and versions, unlike std's.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn create_private_folder(path: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(io_error("create", path))
}

/// Makes a rename or removal durable: POSIX keeps directory entries in the
/// directory, which has its own fsync. (Windows has no such call.)
fn sync_folder(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    File::open(path)
        .and_then(|folder| folder.sync_all())
        .map_err(io_error("sync", path))?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The clock, in whole unix seconds.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charter(content: &str) -> RememberedCharter {
        RememberedCharter {
            format: Format::Text,
            url: Some("https://a.example/cookies".to_owned()),
            origin: Some("page".to_owned()),
            content: content.to_owned(),
            remembered_at: 1_764_374_400,
        }
    }

    fn site(name: &str) -> Site {
        Site::from(name)
    }

    #[test]
    fn a_remembered_charter_comes_back_and_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let a = site("a.example");
        assert_eq!(store.charter(&a).unwrap(), None);
        assert!(!store.folder().exists(), "reading creates nothing");
        store
            .remember_charter(&a, &charter("Name\n_ga\tstats\n"))
            .unwrap();
        assert_eq!(store.charter(&a).unwrap(), Some(charter("Name\n_ga\tstats\n")));
        assert_eq!(store.charter(&site("b.example")).unwrap(), None);
        assert!(store.forget(&a).unwrap());
        assert!(!store.forget(&a).unwrap());
        assert_eq!(store.charter(&a).unwrap(), None);
    }

    #[test]
    fn overrides_are_set_replaced_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let a = site("a.example");
        store.set_override(&a, "sid", Some(Label::Necessary)).unwrap();
        store.set_override(&a, "_ga", Some(Label::Statistics)).unwrap();
        let all = store.set_override(&a, "sid", Some(Label::FirstParty)).unwrap();
        assert_eq!(
            all,
            vec![
                Override {
                    name: "_ga".into(),
                    label: Label::Statistics
                },
                Override {
                    name: "sid".into(),
                    label: Label::FirstParty
                },
            ]
        );
        assert_eq!(store.overrides(&a).unwrap(), all);
        store.set_override(&a, "_ga", None).unwrap();
        store.set_override(&a, "sid", None).unwrap();
        assert_eq!(store.overrides(&a).unwrap(), vec![]);
        assert!(!store.path(&a, Kind::Overrides).exists());
    }

    #[test]
    fn limits_are_refused_with_their_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let big = "x".repeat(MAX_CHARTER_BYTES + 1);
        assert!(matches!(
            store.remember_charter(&site("a.example"), &charter(&big)),
            Err(StoreError::CharterTooLarge { length }) if length == MAX_CHARTER_BYTES + 1
        ));
        let name = "n".repeat(MAX_NAME_BYTES + 1);
        assert!(matches!(
            store.set_override(&site("a.example"), &name, Some(Label::Necessary)),
            Err(StoreError::FieldTooLong { .. })
        ));
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let a = site("a.example");
        store
            .remember_charter(&a, &charter("Name\n_ga\tstats\n"))
            .unwrap();
        store.set_override(&a, "sid", Some(Label::Necessary)).unwrap();
        let cases: [(&str, &[u8]); 4] = [
            ("not json", b"{\"version\":1,\"site\":\"a.exa"),
            (
                "wrong shape",
                b"{\"version\":1,\"site\":\"a.example\",\"data\":[{\"name\":1}]}",
            ),
            (
                "other site",
                b"{\"version\":1,\"site\":\"b.example\",\"data\":[]}",
            ),
            ("binary", &[0xff, 0x00, 0x13]),
        ];
        for (case, bytes) in cases {
            let path = store.path(&a, Kind::Overrides);
            fs::write(&path, bytes).unwrap();
            assert_eq!(store.overrides(&a).unwrap(), vec![], "{case}");
            assert!(!path.exists(), "{case}: moved aside");
            assert_eq!(
                store.charter(&a).unwrap(),
                Some(charter("Name\n_ga\tstats\n")),
                "{case}: the charter is kept"
            );
        }
        let aside = fs::read_dir(store.folder())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .contains(".overrides.json.corrupt-")
            })
            .count();
        assert_eq!(aside, 4, "every corrupt file is kept for a person to see");
        // The site works again after.
        store.set_override(&a, "x", Some(Label::ThirdParty)).unwrap();
        assert_eq!(store.overrides(&a).unwrap().len(), 1);
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        let cases = [
            ("example.com", "example.com"),
            ("xn--bcher-kva.de", "xn--bcher-kva.de"),
            ("::1", "%3A%3A1"),
            ("192.168.0.1", "192.168.0.1"),
            ("../etc", "%2E.%2Fetc"),
            ("A.b", "%41.b"),
            ("a_b", "a%5Fb"),
            ("a/b\\c\0", "a%2Fb%5Cc%00"),
        ];
        for (site, stem) in cases {
            assert_eq!(file_stem(site), stem, "site {site:?}");
        }
        let long_a = format!("{}.com", "a".repeat(250));
        let long_b = format!("{}.org", "a".repeat(250));
        assert!(file_stem(&long_a).len() <= 200);
        assert_ne!(file_stem(&long_a), file_stem(&long_b));
    }

    #[test]
    fn leftovers_of_killed_writes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        create_private_folder(store.folder()).unwrap();
        let leftover = store.folder().join(".tmpXYZ.partial");
        fs::write(&leftover, b"{\"version\":1,").unwrap();
        store.record_last(&site("a.example"), &last()).unwrap();
        assert!(!leftover.exists());
        assert_eq!(store.last(&site("a.example")).unwrap(), Some(last()));
    }

    fn last() -> LastClassification {
        LastClassification {
            url: "https://a.example/".into(),
            observed_at: 1.5,
            cookies: 2,
            counts: Counts {
                necessary: 1,
                ..Counts::default()
            },
            undeclared: vec!["_ga".into()],
            declared_not_seen: vec![],
            findings: vec!["undeclared".into()],
            truncated: false,
        }
    }

    #[test]
    fn an_unchanged_summary_is_rewritten_at_most_hourly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let a = site("a.example");
        store.record_last(&a, &last()).unwrap();
        let later = |seconds: f64| LastClassification {
            observed_at: last().observed_at + seconds,
            ..last()
        };
        store.record_last(&a, &later(60.0)).unwrap();
        assert_eq!(
            store.last(&a).unwrap(),
            Some(last()),
            "same summary a minute later: not rewritten"
        );
        store.record_last(&a, &later(LAST_REFRESH_SECONDS + 1.0)).unwrap();
        assert_eq!(store.last(&a).unwrap(), Some(later(LAST_REFRESH_SECONDS + 1.0)));
        let changed = LastClassification {
            cookies: 3,
            ..later(LAST_REFRESH_SECONDS + 2.0)
        };
        store.record_last(&a, &changed).unwrap();
        assert_eq!(
            store.last(&a).unwrap(),
            Some(changed.clone()),
            "a changed summary is written at once"
        );
        assert!(store.forget(&a).unwrap());
        store.record_last(&a, &changed).unwrap();
        assert_eq!(
            store.last(&a).unwrap(),
            Some(changed),
            "after forget_site, the same summary is written again"
        );
    }

    #[test]
    fn page_urls_are_kept_without_query_or_fragment() {
        assert_eq!(
            without_query("https://a.example/account?token=s3cr3t&mail=a%40b.example#top"),
            "https://a.example/account"
        );
        assert_eq!(without_query("https://a.example/"), "https://a.example/");
    }

    #[test]
    fn long_name_lists_are_capped_in_the_summary() {
        let names: Vec<String> = (0..100).map(|i| format!("{i:04}{}", "n".repeat(4000))).collect();
        let (kept, cut) = capped_names(&names);
        assert!(cut);
        assert_eq!(kept.len(), MAX_SUMMARY_NAMES_BYTES / 4004);
        assert_eq!(capped_names(&names[..3]), (names[..3].to_vec(), false));
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("data"));
        store.record_last(&site("a.example"), &last()).unwrap();
        let mode = fs::metadata(store.folder()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
        let file = fs::metadata(store.path(&site("a.example"), Kind::Last)).unwrap();
        assert_eq!(file.permissions().mode() & 0o077, 0);
    }
}
