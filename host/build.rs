//! Derives the extension's ids from `extension/manifest.json` at build time,
//! so that every binary knows, without the source tree beside it, which
//! extension it serves: the installed copy and `cookie-charter doctor` check
//! the manifests against these exact values.
//!
//! - `COOKIE_CHARTER_EXTENSION_ID`: the Chrome-family id fixed by the public
//!   `key` (Chromium `components/crx_file/id_util.cc`: the first 16 bytes of
//!   SHA-256 of the DER public key, each hex digit `0-f` written as `a-p`).
//! - `COOKIE_CHARTER_GECKO_ID`: Firefox's `browser_specific_settings.gecko.id`.

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

fn main() {
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/manifest.json");
    println!("cargo:rerun-if-changed={}", manifest_path.display());
    let text = std::fs::read_to_string(&manifest_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest_path.display()));
    let manifest: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", manifest_path.display()));

    let key = manifest["key"].as_str().unwrap_or_else(|| {
        panic!(
            "{} has no \"key\": the Chrome id would not be fixed",
            manifest_path.display()
        )
    });
    let der = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap_or_else(|e| panic!("the \"key\" of {} is not base64: {e}", manifest_path.display()));
    println!(
        "cargo:rustc-env=COOKIE_CHARTER_EXTENSION_ID={}",
        extension_id(&der)
    );

    let gecko_id = manifest["browser_specific_settings"]["gecko"]["id"]
        .as_str()
        .unwrap_or_else(|| {
            panic!(
                "{} has no browser_specific_settings.gecko.id",
                manifest_path.display()
            )
        });
    println!("cargo:rustc-env=COOKIE_CHARTER_GECKO_ID={gecko_id}");
}

/// Chromium's `GenerateId`: hex of the first 16 bytes of SHA-256, digits
/// mapped `0-9a-f` -> `a-p` "to avoid ever having a completely numeric host".
fn extension_id(public_key_der: &[u8]) -> String {
    Sha256::digest(public_key_der)[..16]
        .iter()
        .flat_map(|byte| [byte >> 4, byte & 0x0f])
        .map(|nibble| char::from(b'a' + nibble))
        .collect()
}
