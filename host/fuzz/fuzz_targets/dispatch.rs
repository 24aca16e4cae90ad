//! The request dispatcher on arbitrary payloads, with a per-site store in a
//! scratch folder (on tmpfs when there is one): every answer is one or more
//! frames of JSON within the 1 MiB outbound limit, each with a `type` and
//! the request's `id`, and nothing panics.
#![no_main]

use cookie_charter::messaging::MAX_OUTBOUND;
use cookie_charter::protocol::{self, Context};
use cookie_charter::site::SuffixList;
use cookie_charter::store::Store;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

thread_local! {
    static CONTEXT: Context = {
        let base = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
        let dir = std::path::PathBuf::from(base).join(format!("cookie-charter-fuzz-{}", std::process::id()));
        Context::new(SuffixList::embedded()).with_store(Some(Store::open(dir)))
    };
}

fuzz_target!(|data: &[u8]| {
    CONTEXT.with(|context| {
        let frames = protocol::answer(data, context);
        assert!(!frames.is_empty(), "every request gets an answer");
        let parts = frames.len();
        for frame in frames {
            assert!(frame.len() <= MAX_OUTBOUND, "a frame of {} bytes", frame.len());
            let answer: Value = serde_json::from_slice(&frame).expect("every frame is JSON");
            assert!(answer["type"].is_string(), "{answer}");
            assert!(answer.get("id").is_some(), "{answer}");
            if parts > 1 {
                assert_eq!(answer["parts"], Value::from(parts));
            }
        }
    });
});
