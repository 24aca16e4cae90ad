//! Windows: a browser finds the host through the key
//! `HKCU\Software\<browser>\NativeMessagingHosts\org.cookie_charter.host`,
//! whose default value is the manifest's absolute path (native-messaging.md
//! §3.4). We drive `reg.exe`, which every Windows has, rather than link a
//! registry crate for three calls. Untested here: no Windows machine.

use std::path::Path;
use std::process::{Command, Output};

use super::InstallError;

/// Whether the key's default value is `manifest`.
pub fn points_to(key: &str, manifest: &Path) -> bool {
    reg(&["query", key, "/ve"]).is_ok_and(|output| {
        output.status.success()
            && String::from_utf8_lossy(&output.stdout).contains(&*manifest.to_string_lossy())
    })
}

pub fn register(key: &str, manifest: &Path) -> Result<(), InstallError> {
    let manifest = manifest.to_string_lossy();
    checked(
        key,
        reg(&["add", key, "/ve", "/t", "REG_SZ", "/d", &manifest, "/f"]),
    )
}

pub fn unregister(key: &str) -> Result<(), InstallError> {
    checked(key, reg(&["delete", key, "/f"]))
}

fn reg(args: &[&str]) -> std::io::Result<Output> {
    Command::new("reg").args(args).output()
}

fn checked(key: &str, output: std::io::Result<Output>) -> Result<(), InstallError> {
    let failed = |message: String| InstallError::Registry {
        key: key.to_owned(),
        message,
    };
    let output = output.map_err(|e| failed(format!("cannot run reg.exe: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(failed(String::from_utf8_lossy(&output.stderr).trim().to_owned()))
    }
}
