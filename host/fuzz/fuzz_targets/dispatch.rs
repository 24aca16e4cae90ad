//! The request dispatcher on arbitrary payloads, with a per-site store in a
//! scratch folder (on tmpfs when there is one): see `checks::dispatch`.
#![no_main]

use cookie_charter::protocol::Context;
use cookie_charter::site::SuffixList;
use cookie_charter::store::Store;
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

thread_local! {
    static CONTEXT: Context = {
        let base = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
        let dir = std::path::PathBuf::from(base).join(format!("cookie-charter-fuzz-{}", std::process::id()));
        Context::new(SuffixList::embedded()).with_store(Some(Store::open(dir)))
    };
}

fuzz_target!(|data: &[u8]| CONTEXT.with(|context| checks::dispatch(data, context)));
