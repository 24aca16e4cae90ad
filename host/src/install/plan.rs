//! What install and uninstall are about to do, as data: built and checked
//! in full before the first change, then either printed (`--dry-run`) or
//! applied step by step with the same words. So a dry run announces exactly
//! what a real run does, and a refusal (a foreign manifest in the way, a
//! folder that is not writable) comes before anything was touched.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::files::{self, Mode};
use super::manifest::{self, authorship, Authorship, Grant};
use super::table::{Browser, InstalledBinary, Location, Place};
use super::{registry, say, InstallError};

/// Whose line a step is: the installed binary's, or a browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Binary,
    Browser(Browser),
}

impl Subject {
    fn label(self) -> &'static str {
        match self {
            Subject::Binary => "binary",
            Subject::Browser(browser) => browser.name(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Write a file; `replace`: over one this installer wrote before.
    Write {
        path: PathBuf,
        bytes: Vec<u8>,
        mode: Mode,
        replace: bool,
    },
    /// The file already holds exactly what we would write.
    Keep {
        path: PathBuf,
    },
    /// Two browsers read the same manifest (Brave and Vivaldi read Chrome's
    /// system folder): it is written once.
    Share {
        path: PathBuf,
        with: Browser,
    },
    Remove {
        path: PathBuf,
    },
    /// Uninstall finds nothing there.
    Absent {
        path: PathBuf,
    },
    /// A manifest of our name that this installer did not write.
    LeaveForeign {
        path: PathBuf,
        reason: String,
    },
    /// The binary stays while a manifest of ours outside this run uses it.
    StillUsed {
        path: PathBuf,
        by: Browser,
    },
    Register {
        key: String,
        manifest: PathBuf,
    },
    Unregister {
        key: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub subject: Subject,
    pub action: Action,
}

/// Whether the plan is carried out or only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    Real,
    Dry,
}

#[derive(Debug, Default)]
pub struct Plan {
    steps: Vec<Step>,
    /// Folders to take away once empty, after the steps (uninstall).
    cleanup: Vec<Place>,
}

impl Plan {
    fn push(&mut self, subject: Subject, action: Action) {
        self.steps.push(Step { subject, action });
    }

    /// Copies `exe` to the installed binary, then writes each location's
    /// manifest.
    /// Refuses before any change when a manifest of our name was written by
    /// someone else, or a folder cannot be written.
    pub fn install(
        exe: &Path,
        installed: &InstalledBinary,
        locations: &[Location],
        grant: &Grant,
    ) -> Result<Plan, InstallError> {
        let binary = installed.path.as_path();
        let mut plan = Plan::default();
        let bytes = std::fs::read(exe).map_err(|source| InstallError::Read {
            path: exe.to_owned(),
            source,
        })?;
        plan.push(Subject::Binary, write_or_keep(binary, bytes, Mode::Executable)?);
        for location in locations {
            let subject = Subject::Browser(location.browser);
            if let Some(with) = plan.writer_of(&location.manifest) {
                plan.push(
                    subject,
                    Action::Share {
                        path: location.manifest.clone(),
                        with,
                    },
                );
                continue;
            }
            if let Some(existing) = files::read_if_present(&location.manifest)? {
                if let Authorship::Foreign { reason } = authorship(&existing, binary) {
                    return Err(InstallError::Foreign {
                        path: location.manifest.clone(),
                        reason,
                    });
                }
            }
            let bytes = manifest::render(location.browser.engine(), binary, grant)?;
            plan.push(subject, write_or_keep(&location.manifest, bytes, Mode::Readable)?);
            if let Some(key) = &location.registry_key {
                if !registry::points_to(key, &location.manifest) {
                    plan.push(
                        subject,
                        Action::Register {
                            key: key.clone(),
                            manifest: location.manifest.clone(),
                        },
                    );
                }
            }
        }
        plan.check_writable()?;
        Ok(plan)
    }

    /// Removes each location's manifest when it is ours, then the binary
    /// unless a manifest of ours in `others` (the locations not chosen)
    /// still starts it.
    pub fn uninstall(
        installed: &InstalledBinary,
        locations: &[Location],
        others: &[Location],
    ) -> Result<Plan, InstallError> {
        let binary = installed.path.as_path();
        let mut plan = Plan::default();
        for location in locations {
            let subject = Subject::Browser(location.browser);
            let path = location.manifest.clone();
            if let Some(with) = plan.writer_of(&path) {
                plan.push(subject, Action::Share { path, with });
                continue;
            }
            let action = match files::read_if_present(&path)? {
                None => Action::Absent { path },
                Some(existing) => match authorship(&existing, binary) {
                    Authorship::Ours => Action::Remove { path },
                    Authorship::Foreign { reason } => Action::LeaveForeign { path, reason },
                },
            };
            let removes = matches!(action, Action::Remove { .. });
            plan.push(subject, action);
            if let Some(key) = location.registry_key.as_ref().filter(|_| removes) {
                if registry::points_to(key, &location.manifest) {
                    plan.push(subject, Action::Unregister { key: key.clone() });
                }
            }
            plan.cleanup.push(location.folder.clone());
        }
        let still_used_by = others.iter().find(|other| {
            !locations.iter().any(|chosen| chosen.manifest == other.manifest)
                && files::read_if_present(&other.manifest)
                    .is_ok_and(|bytes| bytes.is_some_and(|b| authorship(&b, binary) == Authorship::Ours))
        });
        if binary.exists() {
            let path = binary.to_owned();
            plan.push(
                Subject::Binary,
                match still_used_by {
                    Some(other) => Action::StillUsed {
                        path,
                        by: other.browser,
                    },
                    None => Action::Remove { path },
                },
            );
        }
        plan.cleanup.push(installed.folder.clone());
        plan.check_writable()?;
        Ok(plan)
    }

    /// The browser whose step already deals with the manifest at `path`.
    fn writer_of(&self, path: &Path) -> Option<Browser> {
        self.steps
            .iter()
            .find_map(|step| match (step.subject, &step.action) {
                (
                    Subject::Browser(browser),
                    Action::Write { path: p, .. }
                    | Action::Keep { path: p }
                    | Action::Remove { path: p }
                    | Action::Absent { path: p }
                    | Action::LeaveForeign { path: p, .. },
                ) if p == path => Some(browser),
                _ => None,
            })
    }

    fn check_writable(&self) -> Result<(), InstallError> {
        for step in &self.steps {
            if let Action::Write { path, .. } | Action::Remove { path } = &step.action {
                files::check_writable(path.parent().unwrap_or(path))?;
            }
        }
        Ok(())
    }

    /// How many steps change something.
    pub fn changes(&self) -> usize {
        self.steps.iter().filter(|step| step.action.changes()).count()
    }

    /// Prints the plan as it would run.
    pub fn show(&self, out: &mut impl Write) -> Result<(), InstallError> {
        for step in &self.steps {
            step.report(out, Run::Dry)?;
        }
        Ok(())
    }

    /// Carries the plan out, reporting each step once done.
    pub fn apply(&self, out: &mut impl Write) -> Result<(), InstallError> {
        for step in &self.steps {
            match &step.action {
                Action::Write {
                    path, bytes, mode, ..
                } => files::write_atomically(path, bytes, *mode)?,
                Action::Remove { path } => files::remove(path)?,
                Action::Register { key, manifest } => registry::register(key, manifest)?,
                Action::Unregister { key } => registry::unregister(key)?,
                Action::Keep { .. }
                | Action::Share { .. }
                | Action::Absent { .. }
                | Action::LeaveForeign { .. }
                | Action::StillUsed { .. } => {}
            }
            step.report(out, Run::Real)?;
        }
        for place in &self.cleanup {
            files::remove_empty_folders(place);
        }
        Ok(())
    }
}

/// Keeps a file that already holds `bytes`; otherwise writes it, over the
/// old one if there is one (ours: foreign manifests were refused before).
fn write_or_keep(path: &Path, bytes: Vec<u8>, mode: Mode) -> Result<Action, InstallError> {
    if files::holds(path, &bytes, mode)? {
        return Ok(Action::Keep {
            path: path.to_owned(),
        });
    }
    Ok(Action::Write {
        path: path.to_owned(),
        replace: path.exists(),
        bytes,
        mode,
    })
}

impl Action {
    fn changes(&self) -> bool {
        matches!(
            self,
            Action::Write { .. }
                | Action::Remove { .. }
                | Action::Register { .. }
                | Action::Unregister { .. }
        )
    }
}

impl Step {
    fn report(&self, out: &mut impl Write, run: Run) -> Result<(), InstallError> {
        let would = |done: &'static str, planned: &'static str| match run {
            Run::Real => done,
            Run::Dry => planned,
        };
        let (verb, what) = match &self.action {
            Action::Write {
                path, replace: false, ..
            } => (would("wrote", "would write"), path.display().to_string()),
            Action::Write {
                path, replace: true, ..
            } => (would("updated", "would update"), path.display().to_string()),
            Action::Keep { path } => ("unchanged", path.display().to_string()),
            Action::Share { path, with } => ("shares", format!("{} with {with}", path.display())),
            Action::Remove { path } => (would("removed", "would remove"), path.display().to_string()),
            Action::Absent { path } => ("absent", path.display().to_string()),
            Action::LeaveForeign { path, reason } => (
                "warning",
                format!(
                    "{} was not written by this installer ({reason}): left alone",
                    path.display()
                ),
            ),
            Action::StillUsed { path, by } => (
                would("kept", "would keep"),
                format!("{} (the {by} manifest still starts it)", path.display()),
            ),
            Action::Register { key, manifest } => (
                would("registered", "would register"),
                format!("{key} -> {}", manifest.display()),
            ),
            Action::Unregister { key } => (would("unregistered", "would unregister"), key.clone()),
        };
        say(out, self.subject.label(), verb, what)
    }
}
