//! The frame decoder over arbitrary bytes: see `checks::frames`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::frames(data));
