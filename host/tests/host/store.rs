//! The per-site store over the wire: what is remembered comes back, survives
//! a restart, a hand-corrupted file, two hosts writing at once, and hosts
//! killed in the middle of their writes.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{binary, frame, seed_charter, HostProcess, DATA_DIR_VAR};

fn host_in(data_dir: &Path) -> HostProcess {
    HostProcess::start_with(&["serve"], &[(DATA_DIR_VAR, data_dir.to_str().unwrap())])
}

fn seed_cookies() -> Value {
    json!([
        {"name": "sessionid", "domain": "data.nantesmetropole.fr", "session": true},
        {"name": "_ga", "domain": ".nantesmetropole.fr", "session": false, "expirationDate": 1798934400},
        {"name": "VISITOR_INFO1_LIVE", "domain": ".youtube.com", "session": false, "expirationDate": 1779926400}
    ])
}

/// The `*.json` files of a store, each parsed; panics naming a file that is not JSON.
fn store_files(data_dir: &Path) -> Vec<(String, Value)> {
    let Ok(entries) = fs::read_dir(data_dir.join("sites")) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Value)> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let bytes = fs::read(&path).unwrap();
            let value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            (path.file_name().unwrap().to_string_lossy().into_owned(), value)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn a_remembered_charter_serves_later_classifications_and_is_forgotten() {
    let data = tempfile::tempdir().unwrap();
    let mut host = host_in(data.path());
    let remembered = host.ask(&json!({
        "type": "remember_charter", "id": 1, "site": "https://data.nantesmetropole.fr/explore/",
        "charter": {"format": "text", "url": "https://data.nantesmetropole.fr/pages/cookies/",
                    "origin": "page", "content": seed_charter()}
    }));
    assert_eq!(
        remembered,
        json!({"type": "remembered", "id": 1, "site": "nantesmetropole.fr", "entries": 4})
    );
    let overrides = host.ask(&json!({
        "type": "set_override", "id": 2, "site": "nantesmetropole.fr", "name": "_ga", "label": "necessary"
    }));
    assert_eq!(
        overrides,
        json!({"type": "overrides", "id": 2, "site": "nantesmetropole.fr",
               "overrides": [{"name": "_ga", "label": "necessary"}]})
    );
    host.finish();

    // A new host (the browser restarted) still knows.
    let mut host = host_in(data.path());
    let answer = host.ask(&json!({
        "type": "classify", "id": 3, "site": "https://data.nantesmetropole.fr/explore/",
        "observedAt": 1764374400, "cookies": seed_cookies()
    }));
    assert_eq!(answer["type"], "classification", "{answer}");
    assert_eq!(answer["charter"]["remembered"], true);
    assert_eq!(
        answer["charter"]["url"],
        "https://data.nantesmetropole.fr/pages/cookies/"
    );
    let cookies = answer["cookies"].as_array().unwrap();
    assert_eq!(
        cookies[0]["basis"], "charter",
        "sessionid is declared in the remembered charter"
    );
    assert_eq!(cookies[1]["label"], "statistics", "the host's own verdict stays");
    assert_eq!(cookies[1]["override"], "necessary", "next to the person's");
    assert!(cookies[0].get("override").is_none());

    let state = host.ask(&json!({"type": "site_state", "id": 4, "site": "www.nantesmetropole.fr"}));
    assert_eq!(state["type"], "site_state", "{state}");
    assert_eq!(state["site"], "nantesmetropole.fr");
    assert_eq!(state["charter"]["format"], "text");
    assert_eq!(state["charter"]["origin"], "page");
    assert_eq!(state["charter"]["size"], seed_charter().len());
    assert_eq!(state["charter"]["entries"].as_array().unwrap().len(), 4);
    assert_eq!(
        state["last"],
        json!({
            "url": "https://data.nantesmetropole.fr/explore/", "observedAt": 1764374400.0, "cookies": 3,
            "counts": answer["summary"]["counts"], "undeclared": answer["summary"]["undeclared"],
            "declaredNotSeen": answer["summary"]["declaredNotSeen"],
            "findings": answer["summary"]["findings"], "truncated": false
        })
    );
    assert_eq!(state["overrides"], json!([{"name": "_ga", "label": "necessary"}]));

    // A charter sent with the request wins over the remembered one.
    let answer = host.ask(&json!({
        "type": "classify", "id": 5, "site": "https://data.nantesmetropole.fr/", "cookies": seed_cookies(),
        "charter": {"format": "text", "content": "Nom\tFinalité\nautre\tx\n"}
    }));
    assert!(
        answer["charter"].get("remembered").is_none(),
        "{}",
        answer["charter"]
    );

    assert_eq!(
        host.ask(&json!({"type": "forget_site", "id": 6, "site": "https://nantesmetropole.fr/"})),
        json!({"type": "forgotten", "id": 6, "site": "nantesmetropole.fr"})
    );
    let state = host.ask(&json!({"type": "site_state", "id": 7, "site": "nantesmetropole.fr"}));
    assert_eq!(
        state,
        json!({"type": "site_state", "id": 7, "site": "nantesmetropole.fr", "overrides": []})
    );
    let answer = host.ask(&json!({
        "type": "classify", "id": 8, "site": "https://data.nantesmetropole.fr/", "cookies": seed_cookies()
    }));
    assert!(answer["charter"].is_null(), "forgotten: {}", answer["charter"]);
    let (status, _) = host.finish();
    assert!(status.success());
}

#[test]
fn store_requests_refuse_what_the_store_cannot_keep() {
    let mut host = HostProcess::serve();
    let cases = [
        (
            json!({"type": "remember_charter", "id": 1, "site": "a.example",
                   "charter": {"format": "text", "content": "x".repeat(4 * 1024 * 1024 + 1)}}),
            "charter_too_large",
        ),
        (
            json!({"type": "remember_charter", "id": 2, "site": "a.example",
                   "charter": {"format": "tcf", "content": "{not json"}}),
            "invalid_charter",
        ),
        (
            json!({"type": "remember_charter", "id": 3, "site": "a.example",
                   "charter": {"format": "text", "content": "x", "origin": "o".repeat(65)}}),
            "invalid_request",
        ),
        (
            json!({"type": "remember_charter", "id": 4, "site": "",
                   "charter": {"format": "text", "content": "x"}}),
            "invalid_site",
        ),
        (
            json!({"type": "set_override", "id": 5, "site": "a.example", "name": "a", "label": "tasty"}),
            "invalid_request",
        ),
        (
            json!({"type": "set_override", "id": 6, "site": "a.example", "name": "n".repeat(5000),
                   "label": "necessary"}),
            "invalid_request",
        ),
        (
            json!({"type": "forget_site", "id": 7, "site": "a.example", "also": 1}),
            "invalid_request",
        ),
    ];
    for (request, code) in cases {
        let answer = host.ask(&request);
        assert_eq!(answer["code"], code, "{answer}");
        assert_eq!(answer["id"], request["id"]);
    }
    assert!(
        store_files(host.data_dir()).is_empty(),
        "nothing refused was kept"
    );
    host.finish();
}

#[test]
fn a_store_that_cannot_be_written_fails_its_requests_but_never_a_classification() {
    let blocker = tempfile::NamedTempFile::new().unwrap();
    // The data folder is a file: nothing can be created under it.
    let mut host = host_in(blocker.path());
    let answer = host.ask(
        &json!({"type": "set_override", "id": 1, "site": "a.example", "name": "a",
                                  "label": "necessary"}),
    );
    assert_eq!(answer["code"], "store_failed", "{answer}");
    let answer = host.ask(&json!({"type": "classify", "id": 2, "site": "https://a.example/",
                                  "cookies": [{"name": "a", "domain": "a.example"}]}));
    assert_eq!(answer["type"], "classification", "{answer}");
    let (status, log) = host.finish();
    assert!(status.success());
    assert!(log.contains("was not recorded"), "the failure is logged: {log}");
}

#[test]
fn a_file_corrupted_by_hand_is_moved_aside_and_the_rest_kept() {
    let data = tempfile::tempdir().unwrap();
    let mut host = host_in(data.path());
    host.ask(&json!({"type": "remember_charter", "id": 1, "site": "a.example",
                     "charter": {"format": "text", "content": seed_charter()}}));
    host.ask(
        &json!({"type": "set_override", "id": 2, "site": "a.example", "name": "a", "label": "necessary"}),
    );
    host.ask(
        &json!({"type": "set_override", "id": 3, "site": "b.example", "name": "b", "label": "statistics"}),
    );
    let overrides = data.path().join("sites/a.example.overrides.json");
    let text = fs::read_to_string(&overrides).unwrap();
    fs::write(&overrides, text.replace("necessary", "necessary\",,")).unwrap();

    let state = host.ask(&json!({"type": "site_state", "id": 4, "site": "a.example"}));
    assert_eq!(state["overrides"], json!([]), "{state}");
    assert_eq!(
        state["charter"]["entries"].as_array().unwrap().len(),
        4,
        "the charter is kept"
    );
    let other = host.ask(&json!({"type": "site_state", "id": 5, "site": "b.example"}));
    assert_eq!(other["overrides"], json!([{"name": "b", "label": "statistics"}]));
    let (_, log) = host.finish();
    assert!(log.contains("is corrupt") && log.contains("moved aside"), "{log}");
    let aside: Vec<String> = fs::read_dir(data.path().join("sites"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("a.example.overrides.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept for a person to see");
}

#[test]
fn two_hosts_at_once_keep_each_others_writes() {
    let data = tempfile::tempdir().unwrap();
    let mut first = host_in(data.path());
    let mut second = host_in(data.path());
    // Both send all their requests before reading any answer, so that the
    // two processes really write at the same time.
    const EACH: usize = 60;
    for i in 0..EACH {
        for (host, who) in [(&mut first, "first"), (&mut second, "second")] {
            host.send(&json!({"type": "set_override", "id": i, "site": "shared.example",
                              "name": format!("{who}-{i:03}"), "label": "statistics"}));
            host.send(
                &json!({"type": "classify", "id": i, "site": "https://shared.example/",
                              "cookies": [{"name": who, "domain": "shared.example"}]}),
            );
        }
    }
    for host in [&mut first, &mut second] {
        for _ in 0..EACH * 2 {
            let answer = host.recv();
            assert!(
                answer["type"] == "overrides" || answer["type"] == "classification",
                "{answer}"
            );
        }
    }
    let state = first.ask(&json!({"type": "site_state", "id": "end", "site": "shared.example"}));
    let names: Vec<&str> = state["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    let mut expected: Vec<String> = (0..EACH)
        .flat_map(|i| [format!("first-{i:03}"), format!("second-{i:03}")])
        .collect();
    expected.sort();
    assert_eq!(names, expected, "no override was lost");
    first.finish();
    second.finish();
}

#[test]
fn hosts_killed_in_the_middle_of_writes_leave_every_file_whole() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let data = tempfile::tempdir().unwrap();
    // A large charter makes each write long enough to be interrupted.
    let charter = format!(
        "{}\n{}",
        seed_charter(),
        "Ces cookies ne sont déposés qu'avec votre accord.\n".repeat(8_000)
    );
    let sites = ["a.example", "b.example", "c.example"];
    for round in 0..25u64 {
        // Answers go nowhere: only the files matter here.
        let mut host = Command::new(binary())
            .arg("serve")
            .env(DATA_DIR_VAR, data.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = host.stdin.take().unwrap();
        for (i, site) in sites.iter().enumerate() {
            let requests = [
                json!({"type": "remember_charter", "id": i, "site": site,
                       "charter": {"format": "text", "content": charter}}),
                json!({"type": "set_override", "id": i, "site": site, "name": format!("r{round}"),
                       "label": "necessary"}),
                json!({"type": "classify", "id": i, "site": format!("https://{site}/"),
                       "cookies": [{"name": "a", "domain": site}]}),
            ];
            for request in requests {
                stdin
                    .write_all(&frame(&serde_json::to_vec(&request).unwrap()))
                    .unwrap();
            }
        }
        stdin.flush().unwrap();
        // Let it get somewhere, a different distance each round.
        std::thread::sleep(Duration::from_millis(2 + (round * 37) % 150));
        host.kill().unwrap(); // SIGKILL
        host.wait().unwrap();
    }
    let files = store_files(data.path());
    assert!(!files.is_empty(), "some writes completed");
    for (name, value) in &files {
        assert_eq!(value["version"], 1, "{name}");
    }
    // And a host starting afterwards finds nothing to move aside.
    let mut host = host_in(data.path());
    for site in sites {
        let state = host.ask(&json!({"type": "site_state", "id": 1, "site": site}));
        assert_eq!(state["type"], "site_state", "{state}");
    }
    let (_, log) = host.finish();
    assert!(!log.contains("corrupt"), "{log}");
    let leftovers: Vec<String> = fs::read_dir(data.path().join("sites"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("corrupt") || name.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
