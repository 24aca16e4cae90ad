//! The json charter reader on arbitrary text: see `checks::charter`.
#![no_main]

use cookie_charter::charter::Format;
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::charter(Format::Json, data));
