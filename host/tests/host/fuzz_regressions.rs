//! Inputs found by the fuzz targets (`host/fuzz/`), kept in
//! `tests/fixtures/fuzz-regressions/<target>/` and replayed here through the
//! same entry points with the same checks, so that a fixed crash (or hang)
//! stays fixed without libFuzzer. A new crash is added by copying libFuzzer's artifact
//! into the target's folder.

use std::fs;
use std::path::{Path, PathBuf};

use cookie_charter::charter::{self, Format};
use cookie_charter::messaging::{FrameError, FrameReader, Inbound, MAX_INBOUND, MAX_OUTBOUND};
use cookie_charter::protocol::{self, Context};
use cookie_charter::site::SuffixList;
use cookie_charter::store::Store;
use serde_json::Value;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions")
}

/// The inputs kept for a target (every file but the folder's README).
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(folder().join(target))
        .unwrap_or_else(|e| panic!("{target}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n != "README.md" && n != ".gitkeep")
        })
        .map(|path| {
            let bytes = fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

/// fuzz_targets/frames.rs
fn frames(data: &[u8]) {
    let mut reader = FrameReader::new(data);
    let mut consumed = 0usize;
    loop {
        match reader.next_frame() {
            Ok(Inbound::Frame(payload)) => {
                assert!(payload.len() as u64 <= MAX_INBOUND);
                assert_eq!(
                    &data[consumed + 4..consumed + 4 + payload.len()],
                    payload.as_slice()
                );
                consumed += 4 + payload.len();
            }
            Ok(Inbound::TooLarge { length }) => consumed += 4 + length as usize,
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

/// fuzz_targets/dispatch.rs
fn dispatch(data: &[u8], context: &Context) {
    let frames = protocol::answer(data, context);
    assert!(!frames.is_empty());
    for frame in frames {
        assert!(frame.len() <= MAX_OUTBOUND, "a frame of {} bytes", frame.len());
        let answer: Value = serde_json::from_slice(&frame).expect("every frame is JSON");
        assert!(answer["type"].is_string(), "{answer}");
        assert!(answer.get("id").is_some(), "{answer}");
    }
}

/// fuzz_targets/charter_*.rs
fn charter(format: Format, data: &[u8]) {
    let content = String::from_utf8_lossy(data);
    if let Ok(charter) = charter::read(format, &content) {
        serde_json::to_vec(&charter).expect("a charter serialises");
        for entry in &charter.entries {
            let _ = entry.matches(&entry.name);
        }
    }
    let _ = Format::detect(&content);
}

/// A target's entry point and checks.
type Check<'a> = dyn Fn(&[u8]) + 'a;

#[test]
fn inputs_found_by_fuzzing_stay_harmless() {
    let data_dir = tempfile::tempdir().unwrap();
    let context = Context::new(SuffixList::embedded()).with_store(Some(Store::open(data_dir.path())));
    let targets: [(&str, &Check); 6] = [
        ("frames", &frames),
        ("dispatch", &|data| dispatch(data, &context)),
        ("charter_text", &|data| charter(Format::Text, data)),
        ("charter_html", &|data| charter(Format::Html, data)),
        ("charter_tcf", &|data| charter(Format::Tcf, data)),
        ("charter_json", &|data| charter(Format::Json, data)),
    ];
    for entry in fs::read_dir(folder()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "README.md" || targets.iter().any(|(target, _)| *target == name),
            "fuzz-regressions/{name} is no fuzz target's folder"
        );
    }
    for (target, check) in targets {
        for (path, bytes) in inputs(target) {
            let started = std::time::Instant::now();
            let replay = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
            assert!(replay.is_ok(), "{target}: {} fails again", path.display());
            // libFuzzer's -timeout in the runs was 10 s; this is a debug build.
            let elapsed = started.elapsed();
            assert!(
                elapsed.as_secs() < 10,
                "{target}: {} is slow again ({elapsed:?})",
                path.display()
            );
        }
    }
}
