//! Inputs found by the fuzz targets (`host/fuzz/`), kept in
//! `tests/fixtures/fuzz-regressions/<target>/` and replayed here through the
//! same entry points with the same checks, so that a fixed crash (or hang)
//! stays fixed without libFuzzer. A new crash is added by copying libFuzzer's artifact
//! into the target's folder.

use std::fs;
use std::path::{Path, PathBuf};

use cookie_charter::charter::Format;
use cookie_charter::protocol::Context;
use cookie_charter::site::SuffixList;
use cookie_charter::store::Store;

use checks::{charter, dispatch, frames};

/// The fuzz targets' own checks (`host/fuzz/checks.rs`).
#[path = "../../fuzz/checks.rs"]
mod checks;

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
