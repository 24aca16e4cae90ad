//! The protocol's happy paths: hello, the ways a browser starts the host,
//! and multi-part answers.

use serde_json::{json, Value};

use crate::support::HostProcess;

fn assert_hello(answer: &Value, id: Value) {
    assert_eq!(answer["type"], "hello");
    assert_eq!(answer["id"], id);
    assert_eq!(answer["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(answer["protocol"], 1);
    assert_eq!(answer["psl"], json!({"source": "embedded", "date": "2026-10-22"}));
}

#[test]
fn hello_answers_with_version_protocol_and_list_date() {
    let mut host = HostProcess::serve();
    assert_hello(&host.ask(&json!({"type": "hello", "id": 1})), json!(1));
    assert_hello(&host.ask(&json!({"type": "hello", "id": "abc"})), json!("abc"));
    assert_hello(&host.ask(&json!({"type": "hello"})), Value::Null);
    let (status, log) = host.finish();
    assert_eq!(status.code(), Some(0), "log: {log}");
}

#[test]
fn browsers_start_the_host_with_their_own_arguments() {
    let launches: [&[&str]; 4] = [
        &["chrome-extension://pkhkcnjfmkhabkicbbfgjfmpjmekigpd/"],
        &[
            "chrome-extension://pkhkcnjfmkhabkicbbfgjfmpjmekigpd/",
            "--parent-window=0",
        ],
        &[
            "chrome-extension://pkhkcnjfmkhabkicbbfgjfmpjmekigpd/",
            "--reconnect-command=e30=",
        ],
        &[
            "/home/u/.mozilla/native-messaging-hosts/org.cookie_charter.host.json",
            "cookie-charter@cookie-charter.org",
        ],
    ];
    for args in launches {
        let mut host = HostProcess::start(args);
        assert_hello(&host.ask(&json!({"type": "hello", "id": 7})), json!(7));
        let (status, _) = host.finish();
        assert!(status.success(), "launched with {args:?}");
    }
}

#[test]
fn a_psl_file_is_named_by_hello() {
    let list = "/usr/share/publicsuffix/public_suffix_list.dat";
    if !std::path::Path::new(list).exists() {
        eprintln!("SKIPPED: {list} is missing (Debian package publicsuffix)");
        return;
    }
    let mut host = HostProcess::start(&["--psl-file", list, "serve"]);
    let answer = host.ask(&json!({"type": "hello", "id": 1}));
    host.finish();
    assert_eq!(answer["psl"], json!({"source": list, "date": null}));
}

#[test]
fn twenty_thousand_cookies_come_back_in_parts_under_one_mebibyte() {
    let cookies: Vec<Value> = (0..20_000)
        .map(|i| json!({"name": format!("cookie_{i:05}"), "domain": if i % 2 == 0 { ".shop.example" } else { "ads.tracker.example" }, "session": true}))
        .collect();
    let mut host = HostProcess::serve();
    host.send(
        &json!({"type": "classify", "id": 42, "site": "https://www.shop.example/", "cookies": cookies}),
    );
    let first = host.recv();
    let parts = first["parts"].as_u64().expect("a multi-part answer") as usize;
    assert!(parts >= 2, "{parts} parts");
    let mut all = vec![first];
    for _ in 1..parts {
        all.push(host.recv());
    }
    // The host still serves after a multi-part answer.
    assert_eq!(host.ask(&json!({"type": "hello", "id": 43}))["id"], 43);
    host.finish();

    let mut names = Vec::new();
    for (index, part) in all.iter().enumerate() {
        assert_eq!(part["type"], "classification");
        assert_eq!(part["id"], 42);
        assert_eq!(part["part"], index + 1);
        assert_eq!(part["parts"], parts);
        names.extend(
            part["cookies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_owned()),
        );
    }
    let expected: Vec<String> = (0..20_000).map(|i| format!("cookie_{i:05}")).collect();
    assert_eq!(names, expected);
    assert_eq!(
        all[0]["summary"]["counts"],
        json!({"necessary": 0, "statistics": 0, "first-party": 10_000, "third-party": 10_000})
    );
    assert!(all[1].get("summary").is_none(), "only part 1 carries the summary");
}
