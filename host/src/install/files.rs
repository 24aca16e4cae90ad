//! The installer's only hands on the disk: atomic writes, removals, and the
//! clean-up of the folders it created.
//!
//! A file is written to a temporary file in its own folder, synced, then
//! renamed over the target: a browser reading the manifest sees the old
//! file or the new one, never half of either.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::table::Place;
use super::InstallError;

/// Permissions of what we write: the host must be executable, and system
/// manifests readable by every user's browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Executable,
    Readable,
}

impl Mode {
    #[cfg(unix)]
    fn bits(self) -> u32 {
        match self {
            Mode::Executable => 0o755,
            Mode::Readable => 0o644,
        }
    }
}

/// Whether `path` already holds exactly `bytes` with `mode`.
pub fn holds(path: &Path, bytes: &[u8], mode: Mode) -> Result<bool, InstallError> {
    Ok(read_if_present(path)?.is_some_and(|existing| existing == bytes && has_mode(path, mode)))
}

#[cfg(unix)]
fn has_mode(path: &Path, mode: Mode) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o777 == mode.bits())
}

#[cfg(not(unix))]
fn has_mode(_: &Path, _: Mode) -> bool {
    true
}

/// Reads a file that may be absent (or whose folder may be a file: then
/// the write will be refused, with a clearer message).
pub fn read_if_present(path: &Path) -> Result<Option<Vec<u8>>, InstallError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if is_absent(&error) => Ok(None),
        Err(source) => Err(InstallError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

fn is_absent(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Writes `bytes` to `path` atomically, creating its folder first.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: Mode) -> Result<(), InstallError> {
    let failed = |source: io::Error| InstallError::Write {
        path: path.to_owned(),
        source,
    };
    let folder = path.parent().expect("an installed file lives in a folder");
    fs::create_dir_all(folder).map_err(failed)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".cookie-charter-")
        .tempfile_in(folder)
        .map_err(failed)?;
    temporary.write_all(bytes).map_err(failed)?;
    set_mode(temporary.path(), mode).map_err(failed)?;
    temporary.as_file().sync_all().map_err(failed)?;
    temporary.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: Mode) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode.bits()))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: Mode) -> io::Result<()> {
    Ok(())
}

/// Checks, before anything is written, that `folder` can be created and
/// written to: its nearest existing ancestor must be a folder that takes a
/// new file. Trying is the only test that knows about root, ACLs and
/// read-only mounts alike.
pub fn check_writable(folder: &Path) -> Result<(), InstallError> {
    let existing = folder
        .ancestors()
        .find(|ancestor| fs::symlink_metadata(ancestor).is_ok())
        .unwrap_or(folder);
    let not_writable = |source: io::Error| InstallError::NotWritable {
        path: existing.to_owned(),
        source,
    };
    if !existing.is_dir() {
        return Err(not_writable(io::Error::new(
            io::ErrorKind::NotADirectory,
            "it is not a folder",
        )));
    }
    tempfile::Builder::new()
        .prefix(".cookie-charter-check-")
        .tempfile_in(existing)
        .map(drop)
        .map_err(not_writable)
}

pub fn remove(path: &Path) -> Result<(), InstallError> {
    fs::remove_file(path).map_err(|source| InstallError::Remove {
        path: path.to_owned(),
        source,
    })
}

/// Removes `place.path` and then each parent up to (not including)
/// `place.base`, as long as they are empty: what install created, uninstall
/// takes away, and a folder holding anything else stays.
pub fn remove_empty_folders(place: &Place) {
    for folder in place.path.ancestors() {
        if folder == place.base || !folder.starts_with(&place.base) || fs::remove_dir(folder).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_creates_the_folder_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/file.json");
        write_atomically(&path, b"{}\n", Mode::Readable).unwrap();
        assert!(holds(&path, b"{}\n", Mode::Readable).unwrap());
        assert!(!holds(&path, b"{}\n", Mode::Executable).unwrap());
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["file.json"]);
    }

    #[test]
    fn a_file_in_the_way_is_not_a_writable_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("config"), "").unwrap();
        let error = check_writable(&dir.path().join("config/chromium/NativeMessagingHosts")).unwrap_err();
        assert!(
            matches!(&error, InstallError::NotWritable { path, .. } if path == &dir.path().join("config"))
        );
        check_writable(&dir.path().join("new/folder")).unwrap();
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the check leaves nothing behind"
        );
    }

    #[test]
    fn empty_folders_go_up_to_the_base_only() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("base");
        fs::create_dir_all(base.join("x/y/z")).unwrap();
        fs::write(base.join("x/keep"), "").unwrap();
        remove_empty_folders(&Place {
            base: base.clone(),
            path: base.join("x/y/z"),
        });
        assert!(!base.join("x/y").exists());
        assert!(base.join("x/keep").exists());
        fs::remove_file(base.join("x/keep")).unwrap();
        remove_empty_folders(&Place {
            base: base.clone(),
            path: base.join("x"),
        });
        assert!(base.is_dir() && !base.join("x").exists());
    }
}
