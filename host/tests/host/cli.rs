//! The command line: `--version`, `charter` and `classify` on files.

use serde_json::{json, Value};

use crate::support::{run, seed_charter, shared};

fn seed_files() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let cookies = dir.path().join("cookies.json");
    std::fs::write(
        &cookies,
        serde_json::to_vec(&json!({
            "observedAt": 1_764_374_400,
            "cookies": [
                {"name": "sessionid", "domain": "data.nantesmetropole.fr", "session": true},
                {"name": "_ga", "domain": ".nantesmetropole.fr", "session": false, "expirationDate": 1_764_374_400.0 + 400.0 * 86_400.0},
                {"name": "VISITOR_INFO1_LIVE", "domain": ".youtube.com", "session": true},
                {"name": "odd, \"quoted\" name", "domain": "data.nantesmetropole.fr", "session": true},
            ]
        }))
        .unwrap(),
    )
    .unwrap();
    let charter = shared("seed/charte-cookies-data-nantesmetropole.txt");
    (dir, cookies.display().to_string(), charter.display().to_string())
}

#[test]
fn version_names_the_list_date() {
    let (status, stdout, _) = run(&["--version"]);
    assert!(status.success());
    assert_eq!(
        stdout,
        format!(
            "cookie-charter {} (Public Suffix List 2026-10-22)\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn charter_json_prints_the_entries() {
    let (_dir, _, charter) = seed_files();
    let (status, stdout, stderr) = run(&["charter", &charter, "--json"]);
    assert!(status.success(), "{stderr}");
    let parsed: Value = serde_json::from_str(&stdout).unwrap();
    let names: Vec<&str> = parsed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["sessionid", "django_language", "csrftoken", "cookies_preferences"]
    );
    assert_eq!(parsed["warnings"], json!([]));
    let keys: Vec<&String> = parsed["entries"][0].as_object().unwrap().keys().collect();
    for key in [
        "name",
        "pattern",
        "provider",
        "service",
        "purpose_text",
        "section",
        "category",
        "duration",
    ] {
        assert!(keys.iter().any(|k| *k == key), "entry lacks {key}");
    }
}

#[test]
fn charter_table_is_readable() {
    let (_dir, _, charter) = seed_files();
    let (status, stdout, _) = run(&["charter", &charter]);
    assert!(status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{stdout}");
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(
        lines[2].starts_with("django_language")
            && lines[2].contains("necessary")
            && lines[2].contains("Opendatasoft")
    );
}

#[test]
fn classify_json_is_the_protocol_answer() {
    let (_dir, cookies, charter) = seed_files();
    let site = "https://data.nantesmetropole.fr/";
    let (status, stdout, stderr) = run(&[
        "classify",
        "--site",
        site,
        "--cookies",
        &cookies,
        "--charter",
        &charter,
        "--format",
        "json",
    ]);
    assert!(status.success(), "{stderr}");
    let answer: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(answer["type"], "classification");
    let labels: Vec<(&str, &str)> = answer["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        labels,
        [
            ("sessionid", "necessary"),
            ("_ga", "statistics"),
            ("VISITOR_INFO1_LIVE", "third-party"),
            ("odd, \"quoted\" name", "first-party")
        ]
    );

    // The same request over the protocol gives the same classification.
    let mut host = crate::support::HostProcess::serve();
    let body: Value = serde_json::from_str(&std::fs::read_to_string(&cookies).unwrap()).unwrap();
    let mut over_the_wire = host.ask(&json!({
        "type": "classify", "id": 1, "site": site, "observedAt": body["observedAt"], "cookies": body["cookies"],
        "charter": {"format": "text", "content": seed_charter()},
    }));
    host.finish();
    over_the_wire.as_object_mut().unwrap().remove("id");
    assert_eq!(answer, over_the_wire);
}

#[test]
fn classify_table_and_csv() {
    let (_dir, cookies, charter) = seed_files();
    let site = "https://data.nantesmetropole.fr/";
    let (status, table, _) = run(&[
        "classify",
        "--site",
        site,
        "--cookies",
        &cookies,
        "--charter",
        &charter,
    ]);
    assert!(status.success());
    let ga = table.lines().find(|l| l.starts_with("_ga ")).expect("a _ga row");
    for word in [
        "statistics",
        "first",
        "known",
        "required",
        "400d",
        "undeclared statistics_not_exempt",
    ] {
        assert!(ga.contains(word), "{word} missing from {ga:?}");
    }
    assert!(
        table.contains("necessary 1, statistics 1, first-party 1, third-party 1"),
        "{table}"
    );

    let (status, csv, _) = run(&[
        "classify",
        "--site",
        site,
        "--cookies",
        &cookies,
        "--charter",
        &charter,
        "--format",
        "csv",
    ]);
    assert!(status.success());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "name,domain,label,party,partitioned,purpose,basis,consent,lifetime_days,declared_as,evidence,findings");
    assert!(lines[1].starts_with(
        "sessionid,data.nantesmetropole.fr,necessary,first,false,necessary,charter,exempt,,sessionid,"
    ));
    assert!(
        lines[4].starts_with("\"odd, \"\"quoted\"\" name\",data.nantesmetropole.fr,first-party,"),
        "{}",
        lines[4]
    );
}

#[test]
fn classify_refuses_bad_files_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let with_value = dir.path().join("values.json");
    std::fs::write(
        &with_value,
        r#"[{"name":"a","domain":"a.example","value":"SECRET"}]"#,
    )
    .unwrap();
    let (status, stdout, stderr) = run(&[
        "classify",
        "--site",
        "https://a.example/",
        "--cookies",
        with_value.to_str().unwrap(),
    ]);
    assert_eq!(status.code(), Some(2), "bad input");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("carries a value") && !stderr.contains("SECRET"),
        "{stderr}"
    );

    let (status, _, stderr) = run(&[
        "classify",
        "--site",
        "https://a.example/",
        "--cookies",
        "/nonexistent.json",
    ]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("cannot read '/nonexistent.json'"), "{stderr}");

    let (status, _, stderr) = run(&[
        "classify",
        "--site",
        "nowhere",
        "--cookies",
        with_value.to_str().unwrap(),
    ]);
    assert_eq!(status.code(), Some(2), "{stderr}");

    let (status, _, _) = run(&["classify", "--cookies", "x.json"]);
    assert_eq!(status.code(), Some(2), "a usage error");
}

#[test]
fn charter_json_reads_back_as_our_own_format() {
    let (dir, _, charter) = seed_files();
    let (status, first, _) = run(&["charter", &charter, "--json"]);
    assert!(status.success());
    let saved = dir.path().join("charter.json");
    std::fs::write(&saved, &first).unwrap();
    let (status, second, stderr) = run(&["charter", saved.to_str().unwrap(), "--json"]);
    assert!(status.success(), "{stderr}");
    assert_eq!(
        first, second,
        "charter --json output is valid input and reads back identically"
    );
}

#[test]
fn the_json_schema_names_every_field_an_entry_has() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../schema/charter.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let (_dir, _, charter) = seed_files();
    let (_, printed, _) = run(&["charter", &charter, "--json"]);
    let printed: Value = serde_json::from_str(&printed).unwrap();
    let mut printed_keys: Vec<&String> = printed["entries"][0].as_object().unwrap().keys().collect();
    let mut schema_keys: Vec<&String> = schema["$defs"]["entry"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    printed_keys.sort();
    schema_keys.sort();
    assert_eq!(printed_keys, schema_keys);
}
