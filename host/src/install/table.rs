//! The one table: browser × OS × scope -> the folder its host manifest goes
//! in. Install, uninstall and doctor all read their folders here, so the
//! folder created is the folder written and the folder checked.
//!
//! Every folder is a [`Folder`]: a base the installer never creates nor
//! removes (the home folder, `~/.config`, `/etc/opt`...) and a relative part
//! below it that install creates and uninstall removes again once empty.
//! The OS is data, not `cfg!`, so the macOS and Windows rows are tested on
//! Linux too. Sources are native-messaging.md §3 (Chromium's
//! `chrome_paths.cc`, MDN, Edge's documentation, KeePassXC's table).

use std::fmt;
use std::path::{Path, PathBuf};

use super::InstallError;

/// The browsers the installer knows, in the order it reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Browser {
    Chrome,
    Chromium,
    Brave,
    Edge,
    Vivaldi,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 6] = [
        Browser::Chrome,
        Browser::Chromium,
        Browser::Brave,
        Browser::Edge,
        Browser::Vivaldi,
        Browser::Firefox,
    ];

    /// The name `--browser` takes and the reports print.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Chromium => "chromium",
            Browser::Brave => "brave",
            Browser::Edge => "edge",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "firefox",
        }
    }

    /// Which manifest shape and which launch arguments the browser uses.
    pub fn engine(self) -> Engine {
        match self {
            Browser::Firefox => Engine::Gecko,
            _ => Engine::Chromium,
        }
    }
}

impl fmt::Display for Browser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Chrome-family manifests list `allowed_origins`; Firefox's list
/// `allowed_extensions`. The two engines also start the host differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Gecko,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux and the other Unix-likes, which follow the freedesktop layout.
    Linux,
    MacOs,
    Windows,
}

impl Os {
    pub fn current() -> Os {
        match std::env::consts::OS {
            "macos" => Os::MacOs,
            "windows" => Os::Windows,
            _ => Os::Linux,
        }
    }

    pub fn exe_name(self) -> &'static str {
        match self {
            Os::Windows => "cookie-charter.exe",
            Os::Linux | Os::MacOs => "cookie-charter",
        }
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Os::Linux => "Linux",
            Os::MacOs => "macOS",
            Os::Windows => "Windows",
        })
    }
}

/// For the user running the installer, or for every user of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    User,
    System,
}

/// Where a [`Folder`] starts. Each base is a folder that exists apart from
/// us; only what lies below it is ours to create and remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// `$HOME` (`%USERPROFILE%` on Windows).
    Home,
    /// `${XDG_CONFIG_HOME:-~/.config}`: Chromium's `DIR_USER_DATA` parent.
    ConfigHome,
    /// `${XDG_DATA_HOME:-~/.local/share}`.
    DataHome,
    /// `~/Library/Application Support`.
    AppSupport,
    /// `%LOCALAPPDATA%`.
    LocalAppData,
    /// `%APPDATA%`.
    RoamingAppData,
    /// An absolute folder of the machine (`/etc/opt`, `/Library`...).
    Fixed(&'static str),
}

/// A folder as the table writes it: a base and a `/`-separated path below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folder {
    pub base: Base,
    pub below: &'static str,
}

const fn at(base: Base, below: &'static str) -> Folder {
    Folder { base, below }
}

/// One browser on one OS.
struct Row {
    browser: Browser,
    os: Os,
    /// The browser's own user-data folder: when it exists, the browser is
    /// taken to be installed (the default choice of browsers).
    profile: Folder,
    user: Folder,
    /// `None`: no system-wide location is supported for that OS.
    system: Option<Folder>,
    /// Windows only: the `HKCU\<key>\<host name>` whose default value is the
    /// manifest's path; the file itself may live anywhere.
    registry: Option<&'static str>,
}

use Base::{AppSupport, ConfigHome, Fixed, Home, LocalAppData, RoamingAppData};

#[rustfmt::skip]
const TABLE: [Row; 18] = [
    // Linux user folders: Chromium's DIR_USER_DATA + NativeMessagingHosts; Firefox keeps
    // ~/.mozilla even with XDG ("Keep forcing the legacy path for compatibility").
    // System: Chrome and Chromium from chrome_paths.cc, Edge from Edge's documentation.
    // Brave and Vivaldi: installers guess /etc/opt/brave, /etc/brave, /etc/vivaldi...;
    // a trace of Brave 1.96 and Vivaldi 8.2 shows both read /etc/opt/chrome only, so
    // they share Chrome's system manifest (native-messaging.md §3.2, §8).
    Row { browser: Browser::Chrome, os: Os::Linux, profile: at(ConfigHome, "google-chrome"),
          user: at(ConfigHome, "google-chrome/NativeMessagingHosts"),
          system: Some(at(Fixed("/etc/opt"), "chrome/native-messaging-hosts")), registry: None },
    Row { browser: Browser::Chromium, os: Os::Linux, profile: at(ConfigHome, "chromium"),
          user: at(ConfigHome, "chromium/NativeMessagingHosts"),
          system: Some(at(Fixed("/etc"), "chromium/native-messaging-hosts")), registry: None },
    Row { browser: Browser::Brave, os: Os::Linux, profile: at(ConfigHome, "BraveSoftware/Brave-Browser"),
          user: at(ConfigHome, "BraveSoftware/Brave-Browser/NativeMessagingHosts"),
          system: Some(at(Fixed("/etc/opt"), "chrome/native-messaging-hosts")), registry: None },
    Row { browser: Browser::Edge, os: Os::Linux, profile: at(ConfigHome, "microsoft-edge"),
          user: at(ConfigHome, "microsoft-edge/NativeMessagingHosts"),
          system: Some(at(Fixed("/etc/opt"), "edge/native-messaging-hosts")), registry: None },
    Row { browser: Browser::Vivaldi, os: Os::Linux, profile: at(ConfigHome, "vivaldi"),
          user: at(ConfigHome, "vivaldi/NativeMessagingHosts"),
          system: Some(at(Fixed("/etc/opt"), "chrome/native-messaging-hosts")), registry: None },
    Row { browser: Browser::Firefox, os: Os::Linux, profile: at(Home, ".mozilla"),
          user: at(Home, ".mozilla/native-messaging-hosts"),
          system: Some(at(Fixed("/usr/lib"), "mozilla/native-messaging-hosts")), registry: None },

    // macOS: the same folders under Application Support (MDN, Edge's documentation,
    // KeePassXC for Brave and Vivaldi); Edge's stable channel has no suffix.
    Row { browser: Browser::Chrome, os: Os::MacOs, profile: at(AppSupport, "Google/Chrome"),
          user: at(AppSupport, "Google/Chrome/NativeMessagingHosts"),
          system: Some(at(Fixed("/Library"), "Google/Chrome/NativeMessagingHosts")), registry: None },
    Row { browser: Browser::Chromium, os: Os::MacOs, profile: at(AppSupport, "Chromium"),
          user: at(AppSupport, "Chromium/NativeMessagingHosts"),
          system: Some(at(Fixed("/Library/Application Support"), "Chromium/NativeMessagingHosts")),
          registry: None },
    Row { browser: Browser::Brave, os: Os::MacOs, profile: at(AppSupport, "BraveSoftware/Brave-Browser"),
          user: at(AppSupport, "BraveSoftware/Brave-Browser/NativeMessagingHosts"),
          system: Some(at(Fixed("/Library/Application Support"), "BraveSoftware/Brave-Browser/NativeMessagingHosts")),
          registry: None },
    Row { browser: Browser::Edge, os: Os::MacOs, profile: at(AppSupport, "Microsoft Edge"),
          user: at(AppSupport, "Microsoft Edge/NativeMessagingHosts"),
          system: Some(at(Fixed("/Library"), "Microsoft/Edge/NativeMessagingHosts")), registry: None },
    Row { browser: Browser::Vivaldi, os: Os::MacOs, profile: at(AppSupport, "Vivaldi"),
          user: at(AppSupport, "Vivaldi/NativeMessagingHosts"),
          system: Some(at(Fixed("/Library/Application Support"), "Vivaldi/NativeMessagingHosts")),
          registry: None },
    Row { browser: Browser::Firefox, os: Os::MacOs, profile: at(AppSupport, "Firefox"),
          user: at(AppSupport, "Mozilla/NativeMessagingHosts"),
          system: Some(at(Fixed("/Library/Application Support"), "Mozilla/NativeMessagingHosts")),
          registry: None },

    // Windows: browsers find the manifest through HKCU\<key>\<host name>; we keep the
    // files beside the installed binary. Per user only.
    Row { browser: Browser::Chrome, os: Os::Windows, profile: at(LocalAppData, "Google/Chrome/User Data"),
          user: at(LocalAppData, "cookie-charter/manifests/chrome"), system: None,
          registry: Some(r"Software\Google\Chrome\NativeMessagingHosts") },
    Row { browser: Browser::Chromium, os: Os::Windows, profile: at(LocalAppData, "Chromium/User Data"),
          user: at(LocalAppData, "cookie-charter/manifests/chromium"), system: None,
          registry: Some(r"Software\Chromium\NativeMessagingHosts") },
    Row { browser: Browser::Brave, os: Os::Windows, profile: at(LocalAppData, "BraveSoftware/Brave-Browser/User Data"),
          user: at(LocalAppData, "cookie-charter/manifests/brave"), system: None,
          registry: Some(r"Software\BraveSoftware\Brave-Browser\NativeMessagingHosts") },
    Row { browser: Browser::Edge, os: Os::Windows, profile: at(LocalAppData, "Microsoft/Edge/User Data"),
          user: at(LocalAppData, "cookie-charter/manifests/edge"), system: None,
          registry: Some(r"Software\Microsoft\Edge\NativeMessagingHosts") },
    Row { browser: Browser::Vivaldi, os: Os::Windows, profile: at(LocalAppData, "Vivaldi/User Data"),
          user: at(LocalAppData, "cookie-charter/manifests/vivaldi"), system: None,
          registry: Some(r"Software\Vivaldi\NativeMessagingHosts") },
    Row { browser: Browser::Firefox, os: Os::Windows, profile: at(RoamingAppData, "Mozilla/Firefox"),
          user: at(LocalAppData, "cookie-charter/manifests/firefox"), system: None,
          registry: Some(r"Software\Mozilla\NativeMessagingHosts") },
];

/// Where the installed binary lives: a stable place, so that manifests never
/// point into a build tree that may move.
fn binary_folder(os: Os, scope: Scope) -> Option<Folder> {
    match (os, scope) {
        (Os::Linux, Scope::User) => Some(at(Base::DataHome, "cookie-charter")),
        (Os::MacOs, Scope::User) => Some(at(AppSupport, "cookie-charter")),
        (Os::Windows, Scope::User) => Some(at(LocalAppData, "cookie-charter")),
        (Os::Linux | Os::MacOs, Scope::System) => Some(at(Fixed("/usr/local/lib"), "cookie-charter")),
        (Os::Windows, Scope::System) => None,
    }
}

fn row(browser: Browser, os: Os) -> &'static Row {
    TABLE
        .iter()
        .find(|row| row.browser == browser && row.os == os)
        .expect("the table has a row for every browser on every OS (tested)")
}

/// What the installer reads about the machine and the user running it: the
/// OS, the folders from the environment (tests point `HOME` and `XDG_*`
/// elsewhere), and whether the user may write system folders.
#[derive(Debug, Clone)]
pub struct Env {
    pub os: Os,
    pub home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub xdg_data_home: Option<PathBuf>,
    pub local_app_data: Option<PathBuf>,
    pub app_data: Option<PathBuf>,
    pub is_root: bool,
}

impl Env {
    pub fn from_process() -> Env {
        let os = Os::current();
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Env {
            os,
            home: var(if os == Os::Windows { "USERPROFILE" } else { "HOME" }),
            // The XDG Base Directory specification: a relative value is invalid and ignored.
            xdg_config_home: var("XDG_CONFIG_HOME").filter(|p| p.is_absolute()),
            xdg_data_home: var("XDG_DATA_HOME").filter(|p| p.is_absolute()),
            local_app_data: var("LOCALAPPDATA"),
            app_data: var("APPDATA"),
            is_root: is_root(),
        }
    }

    pub fn base(&self, base: Base) -> Result<PathBuf, InstallError> {
        let home = |below: &str| {
            self.home
                .as_ref()
                .map(|home| join(home, below))
                .ok_or(InstallError::NoHome { variable: "HOME" })
        };
        let windows =
            |value: &Option<PathBuf>, variable| value.clone().ok_or(InstallError::NoHome { variable });
        match base {
            Base::Home => home(""),
            Base::ConfigHome => self.xdg_config_home.clone().map_or_else(|| home(".config"), Ok),
            Base::DataHome => self
                .xdg_data_home
                .clone()
                .map_or_else(|| home(".local/share"), Ok),
            Base::AppSupport => home("Library/Application Support"),
            Base::LocalAppData => windows(&self.local_app_data, "LOCALAPPDATA"),
            Base::RoamingAppData => windows(&self.app_data, "APPDATA"),
            Base::Fixed(path) => Ok(PathBuf::from(path)),
        }
    }

    /// The folder's base and its full path.
    pub fn resolve(&self, folder: Folder) -> Result<Place, InstallError> {
        let base = self.base(folder.base)?;
        let path = join(&base, folder.below);
        Ok(Place { base, path })
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Windows has no system scope here (see [`binary_folder`]).
#[cfg(not(unix))]
fn is_root() -> bool {
    false
}

fn join(base: &Path, below: &str) -> PathBuf {
    below
        .split('/')
        .filter(|part| !part.is_empty())
        .fold(base.to_path_buf(), |path, part| path.join(part))
}

/// A resolved folder: `path` lies below `base`, which is not ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub base: PathBuf,
    pub path: PathBuf,
}

/// The manifest of one browser: where it goes and how the browser finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub browser: Browser,
    pub folder: Place,
    /// `folder/org.cookie_charter.host.json`.
    pub manifest: PathBuf,
    /// Windows: the full `HKCU\...\org.cookie_charter.host` key.
    pub registry_key: Option<String>,
    /// The install options that write this manifest, for advice.
    pub options: String,
}

impl Location {
    fn new(browser: Browser, folder: Place, registry: Option<&str>, options: String) -> Location {
        let manifest = folder.path.join(super::manifest::FILE_NAME);
        Location {
            browser,
            folder,
            manifest,
            registry_key: registry.map(|key| format!(r"HKCU\{key}\{}", super::manifest::HOST_NAME)),
            options,
        }
    }

    /// Where the browser's manifest goes for that scope, if that scope exists there.
    pub fn of(browser: Browser, scope: Scope, env: &Env) -> Result<Location, InstallError> {
        let row = row(browser, env.os);
        let folder = match scope {
            Scope::User => row.user,
            Scope::System => row.system.ok_or(InstallError::NoSystemScope { os: env.os })?,
        };
        let options = match scope {
            Scope::User => format!("--browser {browser}"),
            Scope::System => format!("--browser {browser} --system"),
        };
        Ok(Location::new(
            browser,
            env.resolve(folder)?,
            row.registry,
            options,
        ))
    }

    /// Chromium started with `--user-data-dir=DIR` reads user manifests from
    /// `DIR/NativeMessagingHosts` only (Chromium `chrome_paths.cc`; verified
    /// with Chromium 156).
    pub fn chromium_profile(user_data_dir: &Path) -> Location {
        let folder = Place {
            base: user_data_dir.to_path_buf(),
            path: user_data_dir.join("NativeMessagingHosts"),
        };
        let options = format!("--chromium-profile {}", user_data_dir.display());
        Location::new(Browser::Chromium, folder, None, options)
    }
}

/// Where install puts the host binary for a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledBinary {
    pub folder: Place,
    /// `folder/cookie-charter[.exe]`: the `path` of every manifest.
    pub path: PathBuf,
}

impl InstalledBinary {
    pub fn of(scope: Scope, env: &Env) -> Result<InstalledBinary, InstallError> {
        let folder = binary_folder(env.os, scope).ok_or(InstallError::NoSystemScope { os: env.os })?;
        let folder = env.resolve(folder)?;
        let path = folder.path.join(env.os.exe_name());
        Ok(InstalledBinary { folder, path })
    }
}

/// The browsers whose own user-data folder exists; Chrome and Firefox when
/// none does, so that a first install still registers the common two.
pub fn detected_browsers(env: &Env) -> Vec<Browser> {
    let found: Vec<Browser> = Browser::ALL
        .into_iter()
        .filter(|&browser| {
            env.resolve(row(browser, env.os).profile)
                .is_ok_and(|place| place.path.is_dir())
        })
        .collect();
    if found.is_empty() {
        vec![Browser::Chrome, Browser::Firefox]
    } else {
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(os: Os) -> Env {
        Env {
            os,
            home: Some(PathBuf::from("/home/ann")),
            xdg_config_home: None,
            xdg_data_home: None,
            local_app_data: Some(PathBuf::from(r"C:\Users\ann\AppData\Local")),
            app_data: Some(PathBuf::from(r"C:\Users\ann\AppData\Roaming")),
            is_root: false,
        }
    }

    fn manifest(browser: Browser, scope: Scope, os: Os) -> PathBuf {
        Location::of(browser, scope, &env(os)).unwrap().manifest
    }

    #[test]
    fn every_browser_has_one_row_per_os() {
        for os in [Os::Linux, Os::MacOs, Os::Windows] {
            for browser in Browser::ALL {
                let rows = TABLE
                    .iter()
                    .filter(|r| r.browser == browser && r.os == os)
                    .count();
                assert_eq!(rows, 1, "{browser} on {os}");
            }
        }
    }

    #[test]
    fn linux_folders() {
        let cases = [
            (
                Browser::Chrome,
                Scope::User,
                "/home/ann/.config/google-chrome/NativeMessagingHosts",
            ),
            (
                Browser::Chromium,
                Scope::User,
                "/home/ann/.config/chromium/NativeMessagingHosts",
            ),
            (
                Browser::Brave,
                Scope::User,
                "/home/ann/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
            ),
            (
                Browser::Edge,
                Scope::User,
                "/home/ann/.config/microsoft-edge/NativeMessagingHosts",
            ),
            (
                Browser::Vivaldi,
                Scope::User,
                "/home/ann/.config/vivaldi/NativeMessagingHosts",
            ),
            (
                Browser::Firefox,
                Scope::User,
                "/home/ann/.mozilla/native-messaging-hosts",
            ),
            (
                Browser::Chrome,
                Scope::System,
                "/etc/opt/chrome/native-messaging-hosts",
            ),
            (
                Browser::Chromium,
                Scope::System,
                "/etc/chromium/native-messaging-hosts",
            ),
            (
                Browser::Brave,
                Scope::System,
                "/etc/opt/chrome/native-messaging-hosts",
            ),
            (
                Browser::Edge,
                Scope::System,
                "/etc/opt/edge/native-messaging-hosts",
            ),
            (
                Browser::Vivaldi,
                Scope::System,
                "/etc/opt/chrome/native-messaging-hosts",
            ),
            (
                Browser::Firefox,
                Scope::System,
                "/usr/lib/mozilla/native-messaging-hosts",
            ),
        ];
        for (browser, scope, folder) in cases {
            assert_eq!(
                manifest(browser, scope, Os::Linux),
                Path::new(folder).join("org.cookie_charter.host.json"),
                "{browser} {scope:?}"
            );
        }
    }

    #[test]
    fn macos_folders() {
        let user = "/home/ann/Library/Application Support";
        let cases = [
            (
                Browser::Chrome,
                Scope::User,
                format!("{user}/Google/Chrome/NativeMessagingHosts"),
            ),
            (
                Browser::Chromium,
                Scope::User,
                format!("{user}/Chromium/NativeMessagingHosts"),
            ),
            (
                Browser::Brave,
                Scope::User,
                format!("{user}/BraveSoftware/Brave-Browser/NativeMessagingHosts"),
            ),
            (
                Browser::Edge,
                Scope::User,
                format!("{user}/Microsoft Edge/NativeMessagingHosts"),
            ),
            (
                Browser::Vivaldi,
                Scope::User,
                format!("{user}/Vivaldi/NativeMessagingHosts"),
            ),
            (
                Browser::Firefox,
                Scope::User,
                format!("{user}/Mozilla/NativeMessagingHosts"),
            ),
            (
                Browser::Chrome,
                Scope::System,
                "/Library/Google/Chrome/NativeMessagingHosts".into(),
            ),
            (
                Browser::Chromium,
                Scope::System,
                "/Library/Application Support/Chromium/NativeMessagingHosts".into(),
            ),
            (
                Browser::Brave,
                Scope::System,
                "/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts".into(),
            ),
            (
                Browser::Edge,
                Scope::System,
                "/Library/Microsoft/Edge/NativeMessagingHosts".into(),
            ),
            (
                Browser::Vivaldi,
                Scope::System,
                "/Library/Application Support/Vivaldi/NativeMessagingHosts".into(),
            ),
            (
                Browser::Firefox,
                Scope::System,
                "/Library/Application Support/Mozilla/NativeMessagingHosts".into(),
            ),
        ];
        for (browser, scope, folder) in cases {
            assert_eq!(
                manifest(browser, scope, Os::MacOs),
                Path::new(&folder).join("org.cookie_charter.host.json"),
                "{browser} {scope:?}"
            );
        }
        let binary = InstalledBinary::of(Scope::User, &env(Os::MacOs)).unwrap();
        assert_eq!(binary.path, Path::new(user).join("cookie-charter/cookie-charter"));
    }

    #[test]
    fn windows_registers_keys_per_user_only() {
        let location = Location::of(Browser::Firefox, Scope::User, &env(Os::Windows)).unwrap();
        assert_eq!(
            location.registry_key.as_deref(),
            Some(r"HKCU\Software\Mozilla\NativeMessagingHosts\org.cookie_charter.host")
        );
        assert!(matches!(
            Location::of(Browser::Chrome, Scope::System, &env(Os::Windows)),
            Err(InstallError::NoSystemScope { os: Os::Windows })
        ));
    }

    #[test]
    fn xdg_variables_move_the_user_folders() {
        let mut env = env(Os::Linux);
        env.xdg_config_home = Some(PathBuf::from("/cfg"));
        env.xdg_data_home = Some(PathBuf::from("/data"));
        let chrome = Location::of(Browser::Chrome, Scope::User, &env).unwrap();
        assert_eq!(chrome.folder.base, Path::new("/cfg"));
        assert_eq!(
            chrome.folder.path,
            Path::new("/cfg/google-chrome/NativeMessagingHosts")
        );
        let firefox = Location::of(Browser::Firefox, Scope::User, &env).unwrap();
        assert_eq!(
            firefox.folder.path,
            Path::new("/home/ann/.mozilla/native-messaging-hosts")
        );
        let binary = InstalledBinary::of(Scope::User, &env).unwrap();
        assert_eq!(binary.folder.base, Path::new("/data"));
        assert_eq!(binary.path, Path::new("/data/cookie-charter/cookie-charter"));
        let system = InstalledBinary::of(Scope::System, &env).unwrap();
        assert_eq!(
            system.path,
            Path::new("/usr/local/lib/cookie-charter/cookie-charter")
        );
    }

    #[test]
    fn no_home_is_an_error_that_names_the_variable() {
        let mut env = env(Os::Linux);
        env.home = None;
        let error = Location::of(Browser::Chrome, Scope::User, &env).unwrap_err();
        assert_eq!(
            error.to_string(),
            "HOME is not set: cannot find the user's folders"
        );
    }
}
