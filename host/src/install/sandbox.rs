//! Snap and Flatpak browsers: they run in a sandbox that a native host
//! outside it cannot simply join, so the manifests written for the
//! ordinary packages do not reach them. Detected from the folders they keep
//! in the home folder, and explained (native-messaging.md §3.6).

use std::path::PathBuf;

use super::table::{Browser, Env, Os};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Packaging {
    Snap,
    Flatpak,
}

/// Where each sandboxed package keeps its data, below the home folder.
const PACKAGES: [(Browser, Packaging, &str); 9] = [
    (Browser::Chromium, Packaging::Snap, "snap/chromium"),
    (Browser::Brave, Packaging::Snap, "snap/brave"),
    (Browser::Firefox, Packaging::Snap, "snap/firefox"),
    (Browser::Chrome, Packaging::Flatpak, ".var/app/com.google.Chrome"),
    (
        Browser::Chromium,
        Packaging::Flatpak,
        ".var/app/org.chromium.Chromium",
    ),
    (Browser::Brave, Packaging::Flatpak, ".var/app/com.brave.Browser"),
    (Browser::Edge, Packaging::Flatpak, ".var/app/com.microsoft.Edge"),
    (
        Browser::Vivaldi,
        Packaging::Flatpak,
        ".var/app/com.vivaldi.Vivaldi",
    ),
    (
        Browser::Firefox,
        Packaging::Flatpak,
        ".var/app/org.mozilla.firefox",
    ),
];

/// A sandboxed browser found in the home folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandboxed {
    pub browser: Browser,
    packaging: Packaging,
    pub folder: PathBuf,
}

impl Sandboxed {
    /// What it means for the user, and what they can do.
    pub fn advice(&self) -> String {
        let folder = self.folder.display();
        match (self.packaging, self.browser) {
            (Packaging::Snap, Browser::Firefox) => format!(
                "Firefox is installed as a snap ({folder}): it reaches native hosts only through the \
                 WebExtensions portal (Ubuntu 22.04 and later), which reads the manifest written here and \
                 asks once for permission; if the popup still says the host is missing, run \
                 `flatpak permission-set webextensions org.cookie_charter.host snap.firefox yes`"
            ),
            (Packaging::Snap, browser) => format!(
                "{browser} is installed as a snap ({folder}): a snap browser cannot start a program outside \
                 its sandbox, so it will not find the host; use {browser} from a .deb or your \
                 distribution's package"
            ),
            (Packaging::Flatpak, browser) => format!(
                "{browser} is installed as a Flatpak ({folder}): a Flatpak browser cannot start a program \
                 outside its sandbox without xdg-native-messaging-proxy (Firefox 157 and later, where the \
                 distribution ships it); otherwise use {browser} from your distribution's package"
            ),
        }
    }
}

/// The sandboxed browsers among `browsers` (Linux only: snaps and Flatpaks
/// are Linux packagings).
pub fn sandboxed(env: &Env, browsers: &[Browser]) -> Vec<Sandboxed> {
    let Some(home) = env.home.as_ref().filter(|_| env.os == Os::Linux) else {
        return Vec::new();
    };
    PACKAGES
        .iter()
        .filter(|(browser, _, _)| browsers.contains(browser))
        .map(|&(browser, packaging, below)| Sandboxed {
            browser,
            packaging,
            folder: home.join(below),
        })
        .filter(|found| found.folder.is_dir())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_and_flatpak_folders_are_found_and_explained() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join("snap/chromium/common")).unwrap();
        std::fs::create_dir_all(home.path().join(".var/app/org.mozilla.firefox")).unwrap();
        let env = Env {
            os: Os::Linux,
            home: Some(home.path().to_owned()),
            xdg_config_home: None,
            xdg_data_home: None,
            local_app_data: None,
            app_data: None,
            is_root: false,
        };
        let found = sandboxed(&env, &Browser::ALL);
        let browsers: Vec<Browser> = found.iter().map(|s| s.browser).collect();
        assert_eq!(browsers, [Browser::Chromium, Browser::Firefox]);
        assert!(found[0].advice().contains("snap"), "{}", found[0].advice());
        assert!(found[1].advice().contains("Flatpak"), "{}", found[1].advice());
        assert!(sandboxed(&env, &[Browser::Chrome]).is_empty());
    }
}
