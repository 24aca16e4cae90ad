//! What every fuzz input must satisfy, per entry point. The fuzz targets
//! (`fuzz_targets/*.rs`) and the replay of kept inputs
//! (`tests/host/fuzz_regressions.rs`) both include this file, so a kept
//! crash is replayed with exactly the checks that found it.

// Each fuzz target uses one of these checks.
#![allow(dead_code)]

use cookie_charter::charter::{self, Format};
use cookie_charter::messaging::{FrameError, FrameReader, Inbound, MAX_INBOUND, MAX_OUTBOUND};
use cookie_charter::protocol::{self, Context};
use serde_json::Value;

/// The frame decoder never panics, never hands out a frame over the inbound
/// limit, and what it decodes is exactly what was sent.
pub fn frames(data: &[u8]) {
    let mut reader = FrameReader::new(data);
    let mut consumed = 0usize;
    loop {
        match reader.next_frame() {
            Ok(Inbound::Frame(payload)) => {
                assert!(payload.len() as u64 <= MAX_INBOUND);
                let length = (payload.len() as u32).to_ne_bytes();
                assert_eq!(&data[consumed..consumed + 4], &length);
                assert_eq!(
                    &data[consumed + 4..consumed + 4 + payload.len()],
                    payload.as_slice()
                );
                consumed += 4 + payload.len();
            }
            Ok(Inbound::TooLarge { length }) => {
                assert!(length > MAX_INBOUND);
                consumed += 4 + length as usize;
            }
            Ok(Inbound::End) => {
                assert_eq!(consumed, data.len());
                break;
            }
            Err(FrameError::Truncated { expected, got }) => {
                assert!(got < expected);
                break;
            }
            Err(other) => panic!("an in-memory stream cannot fail: {other}"),
        }
    }
}

/// Every request gets one or more frames of JSON within the 1 MiB outbound
/// limit, each with a `type` and the request's `id`.
pub fn dispatch(data: &[u8], context: &Context) {
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
}

/// A charter reader never panics, and what it reads serialises to JSON (as
/// the `charter` answer sends it) and can be matched against.
pub fn charter(format: Format, data: &[u8]) {
    let content = String::from_utf8_lossy(data);
    if let Ok(charter) = charter::read(format, &content) {
        serde_json::to_vec(&charter).expect("a charter serialises");
        for entry in &charter.entries {
            // Matching is what classification does with every entry.
            let _ = entry.matches(&entry.name);
        }
    }
    let _ = Format::detect(&content);
}
