//! The html charter reader on arbitrary text: it never panics, and what it
//! reads serialises to JSON (as the `charter` answer sends it).
#![no_main]

use cookie_charter::charter::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let content = String::from_utf8_lossy(data);
    if let Ok(charter) = charter::read(Format::Html, &content) {
        serde_json::to_vec(&charter).expect("a charter serialises");
        for entry in &charter.entries {
            // Matching is what classification does with every entry.
            let _ = entry.matches(&entry.name);
        }
    }
});
