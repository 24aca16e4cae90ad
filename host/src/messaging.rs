//! Native-messaging frames: a `u32` length in native byte order, then that
//! many bytes of UTF-8 JSON, in both directions.
//!
//! Chrome: "each message is serialized using JSON, UTF-8 encoded and is
//! preceded with 32-bit message length in native byte order". This module
//! owns the byte stream and its limits; what the bytes mean is
//! [`crate::protocol`]'s business.

use std::io::{self, Read, Write};

use byteorder::{ByteOrder, NativeEndian};

/// Largest inbound payload: Chrome's browser-to-host limit is 64 MiB (its IPC
/// limit). A longer frame is discarded, never stored.
pub const MAX_INBOUND: u64 = 64 * 1024 * 1024;

/// Largest outbound payload. Chromium: `kMaximumNativeMessageSize = 1024 * 1024`;
/// Firefox: `MAX_READ = 1024 * 1024`. Beyond it both close the port.
pub const MAX_OUTBOUND: usize = 1024 * 1024;

/// What the next frame on the stream turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Inbound {
    /// A complete payload within the limit.
    Frame(Vec<u8>),
    /// A frame whose announced length exceeds [`MAX_INBOUND`]; its payload
    /// was read and thrown away, so the stream is still in sync.
    TooLarge { length: u64 },
    /// The stream ended on a frame boundary.
    End,
}

/// A stream that cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("input ended inside a frame: {got} of {expected} bytes")]
    Truncated { expected: u64, got: u64 },
    #[error("an answer of {length} bytes exceeds the {MAX_OUTBOUND}-byte frame limit")]
    OutboundTooLarge { length: usize },
    #[error("i/o error on the native-messaging pipe: {0}")]
    Io(#[from] io::Error),
}

/// Reads frames one after another from the browser's end of the pipe.
pub struct FrameReader<R> {
    inner: R,
}

impl<R: Read> FrameReader<R> {
    pub fn new(inner: R) -> FrameReader<R> {
        FrameReader { inner }
    }

    /// Reads the next frame. Memory grows with the bytes actually received,
    /// never with what a length prefix claims.
    pub fn next_frame(&mut self) -> Result<Inbound, FrameError> {
        let mut header = [0u8; 4];
        let got = read_up_to(&mut self.inner, &mut header)?;
        if got == 0 {
            return Ok(Inbound::End);
        }
        if got < header.len() {
            return Err(FrameError::Truncated {
                expected: header.len() as u64,
                got: got as u64,
            });
        }
        let length = u64::from(NativeEndian::read_u32(&header));
        let mut payload = (&mut self.inner).take(length);
        if length > MAX_INBOUND {
            let discarded = io::copy(&mut payload, &mut io::sink())?;
            return if discarded == length {
                Ok(Inbound::TooLarge { length })
            } else {
                Err(FrameError::Truncated {
                    expected: length,
                    got: discarded,
                })
            };
        }
        let mut bytes = Vec::new();
        payload.read_to_end(&mut bytes)?;
        if bytes.len() as u64 != length {
            return Err(FrameError::Truncated {
                expected: length,
                got: bytes.len() as u64,
            });
        }
        Ok(Inbound::Frame(bytes))
    }
}

/// Fills `buf` as far as the stream allows; returns how many bytes were read.
fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Writes one frame and flushes it, so the browser sees each answer at once.
/// Refuses a payload over [`MAX_OUTBOUND`]: the caller splits answers.
pub fn write_frame(writer: &mut impl Write, payload: &[u8]) -> Result<(), FrameError> {
    if payload.len() > MAX_OUTBOUND {
        return Err(FrameError::OutboundTooLarge {
            length: payload.len(),
        });
    }
    // One write per frame: the length and the payload together, so that a
    // busy port costs one system call per answer, not two.
    let mut frame = vec![0u8; 4];
    // Fits: MAX_OUTBOUND is far below u32::MAX.
    NativeEndian::write_u32(&mut frame, payload.len() as u32);
    frame.extend_from_slice(payload);
    writer.write_all(&frame)?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_frame(&mut out, payload).unwrap();
        out
    }

    #[test]
    fn frames_round_trip() {
        let mut stream = framed(b"{\"type\":\"hello\"}");
        stream.extend(framed(b""));
        let mut reader = FrameReader::new(stream.as_slice());
        assert_eq!(
            reader.next_frame().unwrap(),
            Inbound::Frame(b"{\"type\":\"hello\"}".to_vec())
        );
        assert_eq!(reader.next_frame().unwrap(), Inbound::Frame(Vec::new()));
        assert_eq!(reader.next_frame().unwrap(), Inbound::End);
    }

    #[test]
    fn oversized_frames_are_skipped_without_losing_sync() {
        let length = MAX_INBOUND + 1;
        let mut stream = (length as u32).to_ne_bytes().to_vec();
        stream.resize(stream.len() + length as usize, b'x');
        stream.extend(framed(b"{}"));
        let mut reader = FrameReader::new(stream.as_slice());
        assert_eq!(reader.next_frame().unwrap(), Inbound::TooLarge { length });
        assert_eq!(reader.next_frame().unwrap(), Inbound::Frame(b"{}".to_vec()));
    }

    #[test]
    fn a_lying_length_is_truncation_not_allocation() {
        let stream = u32::MAX.to_ne_bytes();
        let mut reader = FrameReader::new(stream.as_slice());
        assert!(matches!(
            reader.next_frame(),
            Err(FrameError::Truncated { got: 0, .. })
        ));
        let stream = 1000u32
            .to_ne_bytes()
            .into_iter()
            .chain(*b"{}")
            .collect::<Vec<_>>();
        let mut reader = FrameReader::new(stream.as_slice());
        assert!(matches!(
            reader.next_frame(),
            Err(FrameError::Truncated {
                expected: 1000,
                got: 2
            })
        ));
    }

    #[test]
    fn half_a_length_is_truncation() {
        let mut reader = FrameReader::new(&[1u8, 0][..]);
        assert!(matches!(
            reader.next_frame(),
            Err(FrameError::Truncated { expected: 4, got: 2 })
        ));
    }

    #[test]
    fn outbound_limit_is_enforced() {
        let mut sink = Vec::new();
        let big = vec![b' '; MAX_OUTBOUND + 1];
        assert!(matches!(
            write_frame(&mut sink, &big),
            Err(FrameError::OutboundTooLarge { .. })
        ));
        assert!(sink.is_empty());
        write_frame(&mut sink, &big[..MAX_OUTBOUND]).unwrap();
    }
}
