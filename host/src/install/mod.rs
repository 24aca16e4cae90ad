//! Registering the host with browsers, taking it away again, and checking
//! it: `cookie-charter install`, `uninstall` and `doctor`.
//!
//! Install copies this very binary to a stable place (so a manifest never
//! points into a build tree that may move), then writes one manifest per
//! browser, in the folder the `table` gives for the browser, the OS and
//! the scope, rendered from the templates in `manifests/` (`manifest`).
//! Uninstall and doctor read the same table, so the folder created is the
//! folder written, removed and checked. Every run is first a `plan`:
//! checked whole before the first change, printed as is by `--dry-run`.
//! Install ends by starting the installed host as each browser would and
//! asking it `hello` (`doctor`, `probe`).
//!
//! The Chrome extension id is computed at build time from the public key in
//! `extension/manifest.json` (`build.rs`), not at install time: the
//! installed copy of the binary, away from the source tree, must still know
//! which id its manifests have to carry when `doctor` checks them.

mod doctor;
mod files;
mod manifest;
mod plan;
mod probe;
mod registry;
mod sandbox;
mod table;

use std::fmt::Display;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::ValueEnum;

use doctor::Health;
use plan::Plan;

use manifest::{ExtensionId, HOST_NAME};
use table::{Browser, Scope};

pub use table::{Env, Os};

/// What went wrong while installing, uninstalling or checking; each error
/// names the file, folder or value that failed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("cannot read '{path}': {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write '{path}': {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot remove '{path}': {source}")]
    Remove { path: PathBuf, source: io::Error },
    #[error("'{path}' is not writable ({source}); nothing was changed")]
    NotWritable { path: PathBuf, source: io::Error },
    #[error(
        "'{path}' is a manifest of {HOST_NAME} that this installer did not write ({reason}); \
         nothing was changed: remove it if it is stale, then run again"
    )]
    Foreign { path: PathBuf, reason: String },
    #[error("--system writes system folders and needs root: run it with sudo")]
    NotRoot,
    #[error("there is no system-wide install on {os}: install per user, without --system")]
    NoSystemScope { os: Os },
    #[error("{variable} is not set: cannot find the user's folders")]
    NoHome { variable: &'static str },
    #[error("'{id}' is not a Chrome extension id: 32 letters a to p")]
    BadExtensionId { id: String },
    #[error("'{path}' is not UTF-8, which a manifest's path must be")]
    NonUtf8Path { path: PathBuf },
    #[error("cannot find this program's own path: {0}")]
    CurrentExe(io::Error),
    #[error("cannot set the registry key {key}: {message}")]
    Registry { key: String, message: String },
    #[error("{count} of the registrations above do not work")]
    Unhealthy { count: usize },
    #[error("the host is registered with no browser: run scripts/install.sh")]
    NotRegistered,
    #[error("cannot write the output: {0}")]
    Output(io::Error),
}

/// One `--browser` value: a browser of the table, or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection(Option<Browser>);

impl Selection {
    fn browsers(self) -> Vec<Browser> {
        self.0
            .map_or_else(|| Browser::ALL.to_vec(), |browser| vec![browser])
    }
}

impl ValueEnum for Selection {
    fn value_variants<'a>() -> &'a [Selection] {
        &[
            Selection(Some(Browser::Chrome)),
            Selection(Some(Browser::Chromium)),
            Selection(Some(Browser::Brave)),
            Selection(Some(Browser::Edge)),
            Selection(Some(Browser::Vivaldi)),
            Selection(Some(Browser::Firefox)),
            Selection(None),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.map_or("all", Browser::name)))
    }
}

/// Where install and uninstall work.
#[derive(Debug, Clone, clap::Args)]
pub struct Targets {
    /// A browser to register with (repeatable). Default for install: every
    /// browser whose profile folder exists, else chrome and firefox; for
    /// uninstall: all.
    #[arg(long = "browser", value_name = "BROWSER")]
    browsers: Vec<Selection>,
    /// For every user of the machine (system folders; needs root).
    #[arg(long)]
    system: bool,
    /// Print every file that would be written or removed, and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Also the Chromium started with --user-data-dir=DIR, which reads
    /// DIR/NativeMessagingHosts/ only.
    #[arg(long, value_name = "DIR")]
    chromium_profile: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct InstallArgs {
    #[command(flatten)]
    targets: Targets,
    /// Also allow this Chrome-family extension id (a store build; repeatable).
    #[arg(long = "extension-id", value_name = "ID")]
    extension_ids: Vec<ExtensionId>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DoctorArgs {
    /// Also check the Chromium started with --user-data-dir=DIR.
    #[arg(long, value_name = "DIR")]
    chromium_profile: Option<PathBuf>,
}

/// The chosen scope, installed binary and manifest locations of a run.
struct Request {
    scope: Scope,
    binary: table::InstalledBinary,
    locations: Vec<table::Location>,
}

impl Request {
    fn new(targets: &Targets, env: &Env, default: fn(&Env) -> Vec<Browser>) -> Result<Request, InstallError> {
        let scope = if targets.system {
            Scope::System
        } else {
            Scope::User
        };
        if scope == Scope::System && !env.is_root {
            return Err(InstallError::NotRoot);
        }
        let binary = table::InstalledBinary::of(scope, env)?;
        let mut browsers: Vec<Browser> = targets.browsers.iter().flat_map(|s| s.browsers()).collect();
        if browsers.is_empty() && targets.chromium_profile.is_none() {
            browsers = default(env);
        }
        browsers.sort();
        browsers.dedup();
        let mut locations = browsers
            .into_iter()
            .map(|browser| table::Location::of(browser, scope, env))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(profile) = &targets.chromium_profile {
            locations.push(table::Location::chromium_profile(&absolute(profile)?));
        }
        Ok(Request {
            scope,
            binary,
            locations,
        })
    }

    fn browsers(&self) -> Vec<Browser> {
        self.locations.iter().map(|location| location.browser).collect()
    }
}

fn absolute(path: &std::path::Path) -> Result<PathBuf, InstallError> {
    std::path::absolute(path).map_err(|source| InstallError::Read {
        path: path.to_owned(),
        source,
    })
}

/// `cookie-charter install`.
pub fn install(args: &InstallArgs, env: &Env, out: &mut impl Write) -> Result<(), InstallError> {
    let request = Request::new(&args.targets, env, table::detected_browsers)?;
    let exe = std::env::current_exe().map_err(InstallError::CurrentExe)?;
    let grant = manifest::Grant::new(&args.extension_ids);
    let plan = Plan::install(&exe, &request.binary, &request.locations, &grant)?;
    for found in sandbox::sandboxed(env, &request.browsers()) {
        say(out, found.browser.name(), "note", found.advice())?;
    }
    if args.targets.dry_run {
        plan.show(out)?;
        return line(out, "dry run: nothing was changed");
    }
    plan.apply(out)?;
    if plan.changes() == 0 {
        line(out, "nothing changed: the host was already installed this way")?;
    }
    // Each manifest once: Brave and Vivaldi may share Chrome's.
    let mut checked: Vec<&PathBuf> = Vec::new();
    let mut broken = 0;
    for location in &request.locations {
        if checked.contains(&&location.manifest) {
            continue;
        }
        checked.push(&location.manifest);
        let health = doctor::examine(location, &request.binary.path, env.os);
        report(out, location, &health)?;
        broken += usize::from(!matches!(health, Health::Healthy { .. }));
    }
    if broken > 0 {
        return Err(InstallError::Unhealthy { count: broken });
    }
    Ok(())
}

/// `cookie-charter uninstall`.
pub fn uninstall(targets: &Targets, env: &Env, out: &mut impl Write) -> Result<(), InstallError> {
    let request = Request::new(targets, env, |_| Browser::ALL.to_vec())?;
    let others = Browser::ALL
        .into_iter()
        .map(|browser| table::Location::of(browser, request.scope, env))
        .collect::<Result<Vec<_>, _>>()?;
    let plan = Plan::uninstall(&request.binary, &request.locations, &others)?;
    if targets.dry_run {
        plan.show(out)?;
        return line(out, "dry run: nothing was changed");
    }
    plan.apply(out)?;
    if plan.changes() == 0 {
        line(out, "nothing removed: nothing of this installer was there")?;
    }
    Ok(())
}

/// `cookie-charter doctor`: every browser of the table, per user and
/// system-wide, plus a `--chromium-profile`. Fails unless every browser the
/// host is registered with starts it and gets its `hello`.
pub fn doctor(args: &DoctorArgs, env: &Env, out: &mut impl Write) -> Result<(), InstallError> {
    let mut checked = Vec::new();
    for scope in [Scope::User, Scope::System] {
        let binary = match table::InstalledBinary::of(scope, env) {
            Err(InstallError::NoSystemScope { .. }) => continue,
            binary => binary?.path,
        };
        for browser in Browser::ALL {
            checked.push((table::Location::of(browser, scope, env)?, binary.clone(), scope));
        }
    }
    if let Some(profile) = &args.chromium_profile {
        let location = table::Location::chromium_profile(&absolute(profile)?);
        let binary = table::InstalledBinary::of(Scope::User, env)?.path;
        checked.push((location, binary, Scope::User));
    }
    let (mut registered, mut broken) = (0, 0);
    for (location, binary, scope) in &checked {
        let health = doctor::examine(location, binary, env.os);
        if health == Health::Absent && *scope == Scope::System {
            continue;
        }
        report(out, location, &health)?;
        match health {
            Health::Absent => {}
            Health::Healthy { .. } => registered += 1,
            Health::Broken { .. } => (registered, broken) = (registered + 1, broken + 1),
        }
    }
    for found in sandbox::sandboxed(env, &Browser::ALL) {
        say(out, found.browser.name(), "note", found.advice())?;
    }
    match (registered, broken) {
        (0, _) => Err(InstallError::NotRegistered),
        (_, 0) => line(out, &format!("{registered} registrations, all healthy")),
        (_, count) => Err(InstallError::Unhealthy { count }),
    }
}

/// Prints what [`doctor::examine`] found at `location`, and how to fix it.
fn report(out: &mut impl Write, location: &table::Location, health: &Health) -> Result<(), InstallError> {
    let name = location.browser.name();
    let manifest = location.manifest.display();
    match health {
        Health::Absent => say(out, name, "absent", format!("{manifest}: not registered")),
        Health::Healthy { hello, ours } => {
            let whose = if *ours {
                ""
            } else {
                " (not written by this installer)"
            };
            let answer = format!("cookie-charter {} answers hello", hello.version);
            say(out, name, "ok", format!("{manifest}: {answer}{whose}"))
        }
        Health::Broken { problem, ours } => {
            say(out, name, "broken", format!("{manifest}: {problem}"))?;
            let reinstall = format!("scripts/install.sh {}", location.options);
            let fix = if *ours {
                format!("run {reinstall}")
            } else {
                format!("remove {manifest} (not written by this installer), then run {reinstall}")
            };
            say(out, "", "fix", fix)
        }
    }
}

/// One report line: who, what happened, to what.
fn say(out: &mut impl Write, subject: &str, verb: &str, what: impl Display) -> Result<(), InstallError> {
    writeln!(out, "{subject:<9} {verb:<12} {what}").map_err(InstallError::Output)
}

fn line(out: &mut impl Write, text: &str) -> Result<(), InstallError> {
    writeln!(out, "{text}").map_err(InstallError::Output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_without_root(home: &std::path::Path) -> Env {
        Env {
            os: Os::Linux,
            home: Some(home.to_owned()),
            xdg_config_home: None,
            xdg_data_home: None,
            local_app_data: None,
            app_data: None,
            is_root: false,
        }
    }

    #[test]
    fn system_scope_without_root_is_refused_before_anything_is_read() {
        let home = tempfile::tempdir().unwrap();
        let args = InstallArgs {
            targets: Targets {
                browsers: vec![Selection(None)],
                system: true,
                dry_run: false,
                chromium_profile: None,
            },
            extension_ids: Vec::new(),
        };
        let mut out = Vec::new();
        let error = install(&args, &env_without_root(home.path()), &mut out).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--system writes system folders and needs root: run it with sudo"
        );
        let error = uninstall(&args.targets, &env_without_root(home.path()), &mut out).unwrap_err();
        assert!(matches!(error, InstallError::NotRoot));
        assert!(out.is_empty());
        assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0);
    }
}
