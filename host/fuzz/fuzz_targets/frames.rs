//! The frame decoder over arbitrary bytes: it never panics, never hands out
//! a frame over the inbound limit, and what it decodes is exactly what was
//! sent (re-encoding the frames gives back the bytes consumed).
#![no_main]

use cookie_charter::messaging::{FrameError, FrameReader, Inbound, MAX_INBOUND};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
