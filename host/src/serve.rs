//! The native-messaging loop: read a frame, answer it, until the browser
//! closes the pipe. Nothing but frames is ever written to the output.

use std::io::{Read, Write};

use serde_json::Value;

use crate::messaging::{write_frame, FrameError, FrameReader, Inbound, MAX_INBOUND};
use crate::protocol::{self, Context, ErrorCode, RequestError};

/// Serves requests from `input` to `output` until `input` ends. Returns an
/// error only when the pipes themselves fail.
pub fn serve(input: impl Read, mut output: impl Write, context: &Context) -> Result<(), FrameError> {
    let mut reader = FrameReader::new(input);
    loop {
        match reader.next_frame() {
            Ok(Inbound::Frame(payload)) => {
                log::debug!("request of {} bytes", payload.len());
                for frame in protocol::answer(&payload, context) {
                    write_frame(&mut output, &frame)?;
                }
            }
            Ok(Inbound::TooLarge { length }) => {
                log::warn!("refused a frame of {length} bytes");
                let error = RequestError::new(
                    ErrorCode::FrameTooLarge,
                    format!("a message of {length} bytes exceeds the {MAX_INBOUND}-byte limit"),
                );
                write_frame(&mut output, &protocol::error_frame(&Value::Null, &error))?;
            }
            Ok(Inbound::End) => {
                log::debug!("input closed; exiting");
                return Ok(());
            }
            Err(truncated @ FrameError::Truncated { .. }) => {
                log::warn!("{truncated}");
                let error = RequestError::new(ErrorCode::TruncatedFrame, truncated.to_string());
                // The browser may already be gone; there is nothing left to serve.
                let _ = write_frame(&mut output, &protocol::error_frame(&Value::Null, &error));
                return Ok(());
            }
            Err(error) => return Err(error),
        }
    }
}
