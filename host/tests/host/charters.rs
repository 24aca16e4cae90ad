//! The charter fixtures: pages modelled on real published charters, each
//! with the entries a careful reader recovers from it. Every fixture is read
//! by the real binary (`charter FILE --json`, format detected), and the
//! recovery is measured against the expected entries.

use std::path::{Path, PathBuf};

use cookie_charter::charter::Format;
use serde_json::Value;

use crate::support::run;

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charters");
    let mut pairs: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            let stem = name.strip_suffix(".expected.json")?.to_owned();
            let fixture = std::fs::read_dir(&dir)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&format!("{stem}.")) && !n.ends_with(".expected.json"))
                })?;
            Some((fixture, path))
        })
        .collect();
    pairs.sort();
    pairs
}

/// How a recovered entry compares with the expected one.
#[derive(Default)]
struct Tally {
    expected: usize,
    found: usize,
    categorised: usize,
    durations: usize,
    sections: usize,
    extra: usize,
}

fn same_duration(expected: &Value, got: &Value) -> bool {
    let days = got["duration"]["days"].as_f64();
    let session = got["duration"]["session"].as_bool().unwrap_or(false);
    match (
        expected["duration_days"].as_f64(),
        expected["session"].as_bool().unwrap_or(false),
    ) {
        (Some(want), _) => days.is_some_and(|d| (d - want).abs() <= 0.051),
        (None, true) => session,
        (None, false) => days.is_none() && !session,
    }
}

#[test]
fn fixtures_are_recovered_and_categorised() {
    let pairs = fixtures();
    let mut total = Tally::default();
    let mut report = Vec::new();
    let mut problems = Vec::new();
    let mut languages = std::collections::BTreeMap::<String, usize>::new();
    for (fixture, expected_file) in &pairs {
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(expected_file).unwrap()).unwrap();
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        *languages
            .entry(expected["language"].as_str().unwrap_or("?").to_owned())
            .or_default() += 1;

        let content = std::fs::read_to_string(fixture).unwrap();
        let detected = Format::detect(&content).to_string();
        if expected["format"] != detected.as_str() {
            problems.push(format!(
                "{name}: detected as {detected}, expected {}",
                expected["format"]
            ));
        }
        let (status, stdout, stderr) = run(&["charter", fixture.to_str().unwrap(), "--json"]);
        assert!(status.success(), "{name}: {stderr}");
        let got: Value = serde_json::from_str(&stdout).unwrap();
        let entries = got["entries"].as_array().unwrap();
        let warnings = got["warnings"].as_array().unwrap();

        let mut tally = Tally::default();
        let mut used = vec![false; entries.len()];
        for want in expected["entries"].as_array().unwrap() {
            tally.expected += 1;
            let position = entries.iter().enumerate().position(|(i, e)| {
                !used[i]
                    && (e["name"] == want["name"]
                        || (!want["pattern"].is_null() && e["pattern"] == want["pattern"]))
            });
            let Some(at) = position else {
                problems.push(format!("{name}: {} not found", want["name"]));
                continue;
            };
            used[at] = true;
            let entry = &entries[at];
            tally.found += 1;
            if entry["pattern"] != want["pattern"] {
                problems.push(format!(
                    "{name}: {} pattern {} (expected {})",
                    want["name"], entry["pattern"], want["pattern"]
                ));
            }
            if entry["category"] == want["category"] {
                tally.categorised += 1;
            } else {
                problems.push(format!(
                    "{name}: {} is {} (expected {})",
                    want["name"], entry["category"], want["category"]
                ));
            }
            if same_duration(want, entry) {
                tally.durations += 1;
            } else {
                problems.push(format!(
                    "{name}: {} duration {} (expected {} days, session {})",
                    want["name"], entry["duration"], want["duration_days"], want["session"]
                ));
            }
            if entry["section"] == want["section"] {
                tally.sections += 1;
            } else {
                problems.push(format!(
                    "{name}: {} section {} (expected {})",
                    want["name"], entry["section"], want["section"]
                ));
            }
        }
        for (entry, _) in entries.iter().zip(&used).filter(|(_, used)| !**used) {
            tally.extra += 1;
            problems.push(format!("{name}: unexpected entry {}", entry["name"]));
        }
        for id in expected["not_cookies"].as_array().into_iter().flatten() {
            let id = id.as_str().unwrap();
            if !warnings
                .iter()
                .any(|w| w.as_str().is_some_and(|w| w.contains(&format!("«{id}»"))))
            {
                problems.push(format!("{name}: {id} not reported as not a cookie"));
            }
        }
        let at_least = expected["warnings_at_least"].as_u64().unwrap_or(0) as usize;
        if warnings.len() < at_least {
            problems.push(format!(
                "{name}: {} warnings, expected at least {at_least}",
                warnings.len()
            ));
        }
        report.push(format!(
            "| {name} | {} | {}/{} | {}/{} | {}/{} | {}/{} | {} |",
            expected["language"].as_str().unwrap_or("?"),
            tally.found,
            tally.expected,
            tally.categorised,
            tally.expected,
            tally.durations,
            tally.expected,
            tally.sections,
            tally.expected,
            tally.extra
        ));
        total.expected += tally.expected;
        total.found += tally.found;
        total.categorised += tally.categorised;
        total.durations += tally.durations;
        total.sections += tally.sections;
        total.extra += tally.extra;
    }
    let percent = |n: usize| 100.0 * n as f64 / total.expected.max(1) as f64;
    eprintln!(
        "| fixture | lang | found | category | duration | section | extra |\n|---|---|---|---|---|---|---|"
    );
    for line in &report {
        eprintln!("{line}");
    }
    eprintln!(
        "| **all {} fixtures** | | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {} |",
        pairs.len(),
        percent(total.found),
        percent(total.categorised),
        percent(total.durations),
        percent(total.sections),
        total.extra
    );
    for problem in &problems {
        eprintln!("  {problem}");
    }
    assert!(pairs.len() >= 12, "only {} fixtures", pairs.len());
    for language in ["fr", "en", "de"] {
        assert!(
            languages.get(language).copied().unwrap_or(0) >= 3,
            "fewer than 3 {language} fixtures"
        );
    }
    assert_eq!(total.found, total.expected, "every declared cookie is found");
    assert!(
        percent(total.categorised) >= 95.0,
        "categories: {:.1}%",
        percent(total.categorised)
    );
    assert_eq!(total.extra, 0, "entries that are not declarations");
}
