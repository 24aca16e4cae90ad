//! Bad input of every kind: each gets a structured error, and the host
//! keeps serving; it never panics and never writes anything but frames.

use serde_json::{json, Value};

use crate::support::{frame, HostProcess};

fn assert_error(answer: &Value, id: Value, code: &str) {
    assert_eq!(answer["type"], "error", "{answer}");
    assert_eq!(answer["id"], id, "{answer}");
    assert_eq!(answer["code"], code, "{answer}");
    assert!(
        answer["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{answer}"
    );
}

#[test]
fn every_kind_of_bad_request_gets_its_error_and_the_host_goes_on() {
    let cookie = json!({"name": "a", "domain": "example.com"});
    let cases: Vec<(Vec<u8>, Value, &str)> = vec![
        (b"not json".to_vec(), Value::Null, "invalid_json"),
        (b"{\"type\":\"hello\"".to_vec(), Value::Null, "invalid_json"),
        (vec![0xff, 0xfe, b'{', b'}'], Value::Null, "invalid_utf8"),
        (Vec::new(), Value::Null, "invalid_json"),
        (b"[1,2,3]".to_vec(), Value::Null, "not_an_object"),
        (b"\"hello\"".to_vec(), Value::Null, "not_an_object"),
        (b"{\"id\":5}".to_vec(), json!(5), "missing_type"),
        (b"{\"id\":6,\"type\":12}".to_vec(), json!(6), "missing_type"),
        (
            b"{\"id\":\"x\",\"type\":\"launch_rockets\"}".to_vec(),
            json!("x"),
            "unknown_type",
        ),
        (
            serde_json::to_vec(
                &json!({"id": 8, "type": "classify", "site": "https://a.example/", "cookies": "none"}),
            )
            .unwrap(),
            json!(8),
            "invalid_request",
        ),
        (
            serde_json::to_vec(&json!({"id": 9, "type": "classify", "site": "https://a.example/",
                "cookies": [{"name": "a", "domain": "a.example", "secure": "yes"}]}))
            .unwrap(),
            json!(9),
            "invalid_request",
        ),
        (
            serde_json::to_vec(&json!({"id": 10, "type": "classify", "site": "https://a.example/"})).unwrap(),
            json!(10),
            "invalid_request",
        ),
        (
            serde_json::to_vec(
                &json!({"id": 11, "type": "classify", "site": "https://a.example/",
                "cookies": [cookie, {"name": "b", "domain": "a.example", "value": "SECRET-VALUE-1234"}]}),
            )
            .unwrap(),
            json!(11),
            "cookie_value_refused",
        ),
        (
            serde_json::to_vec(&json!({"id": 12, "type": "classify", "site": "not a url", "cookies": []}))
                .unwrap(),
            json!(12),
            "invalid_site",
        ),
        (
            serde_json::to_vec(
                &json!({"id": 13, "type": "classify", "site": "data:text/plain,hi", "cookies": []}),
            )
            .unwrap(),
            json!(13),
            "invalid_site",
        ),
        (
            serde_json::to_vec(
                &json!({"id": 14, "type": "classify", "site": "https://a.example/", "cookies": [],
                "charter": {"format": "pdf", "content": "x"}}),
            )
            .unwrap(),
            json!(14),
            "invalid_charter",
        ),
        (
            serde_json::to_vec(
                &json!({"id": 15, "type": "classify", "site": "https://a.example/",
                "cookies": [{"name": "a", "domain": "exa mple..com"}]}),
            )
            .unwrap(),
            json!(15),
            "invalid_request",
        ),
        (
            serde_json::to_vec(
                &json!({"id": 16, "type": "classify", "site": "https://a.example/",
                "cookies": [{"name": "n".repeat(5000), "domain": "a.example"}]}),
            )
            .unwrap(),
            json!(16),
            "invalid_request",
        ),
        (
            serde_json::to_vec(&json!({"id": 17, "type": "parse_charter", "format": "text"})).unwrap(),
            json!(17),
            "invalid_request",
        ),
        (
            serde_json::to_vec(&json!({"id": 18, "type": "site_state", "site": "https://a.example/"}))
                .unwrap(),
            json!(18),
            "unsupported_type",
        ),
        (
            format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            Value::Null,
            "invalid_json",
        ),
        (
            format!(
                "{{\"id\":19,\"type\":\"hello\",\"deep\":{}1{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
            Value::Null,
            "invalid_json",
        ),
    ];
    let mut host = HostProcess::serve();
    for (payload, id, code) in &cases {
        host.send_raw(&frame(payload));
        let answer = host.recv();
        assert_error(&answer, id.clone(), code);
        // Still in service after every bad request.
        assert_eq!(
            host.ask(&json!({"type": "hello", "id": "after"}))["type"],
            "hello"
        );
    }
    let (status, log) = host.finish();
    assert_eq!(status.code(), Some(0));
    assert!(
        !log.contains("SECRET-VALUE-1234"),
        "a cookie value reached the log"
    );
}

#[test]
fn a_frame_over_64_mib_is_refused_unread_and_the_stream_stays_in_sync() {
    let length = 64 * 1024 * 1024 + 1;
    let mut host = HostProcess::serve();
    let mut bytes = (length as u32).to_ne_bytes().to_vec();
    bytes.resize(4 + length, b' ');
    host.send_raw(&bytes);
    assert_error(&host.recv(), Value::Null, "frame_too_large");
    assert_eq!(host.ask(&json!({"type": "hello", "id": 2}))["id"], 2);
    let (status, _) = host.finish();
    assert!(status.success());
}

#[test]
fn input_that_ends_inside_a_frame_is_reported_then_the_host_exits_cleanly() {
    let truncations: [Vec<u8>; 3] = [
        vec![7, 0],                                           // half a length
        [100u32.to_ne_bytes().as_slice(), b"{\"ty"].concat(), // a short payload
        u32::MAX.to_ne_bytes().to_vec(),                      // a 4 GiB claim, then nothing
    ];
    for bytes in truncations {
        let mut host = HostProcess::serve();
        assert_eq!(host.ask(&json!({"type": "hello", "id": 1}))["id"], 1);
        host.send_raw(&bytes);
        host.close_stdin();
        assert_error(&host.recv(), Value::Null, "truncated_frame");
        let (status, _) = host.finish();
        assert_eq!(status.code(), Some(0), "after {bytes:?}");
    }
}

#[test]
fn random_bytes_never_crash_the_host() {
    // A small deterministic generator: the same bytes on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut host = HostProcess::serve();
    for round in 0..300 {
        let length = (next() % 300) as usize;
        let mut payload: Vec<u8> = (0..length).map(|_| next() as u8).collect();
        if round % 3 == 0 {
            // Mostly-valid JSON with random garbage inside.
            payload = format!("{{\"type\":\"classify\",\"id\":{round},\"site\":\"https://x.example/\",\"cookies\":[{{\"name\":{:?},\"domain\":\"x.example\"}}]}}", String::from_utf8_lossy(&payload)).into_bytes();
        }
        host.send_raw(&frame(&payload));
        let answer = host.recv();
        assert!(
            matches!(answer["type"].as_str(), Some("error" | "classification")),
            "{answer}"
        );
    }
    let (status, _) = host.finish();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn hostile_names_are_echoed_exactly_and_safely() {
    let names = [
        "\u{0}nul",
        "\u{202e}evil\u{202c}",
        "<script>alert(1)</script>",
        "名前",
        "a\"b\\c",
    ];
    let cookies: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "domain": "x.example"}))
        .collect();
    let mut host = HostProcess::serve();
    let answer =
        host.ask(&json!({"type": "classify", "id": 1, "site": "https://x.example/", "cookies": cookies}));
    host.finish();
    let echoed: Vec<&str> = answer["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(echoed, names);
}
