//! What never leaves the browser: cookie values. A sentinel value is sent
//! every way a buggy extension could send it, and must appear in no frame,
//! no log line (at the most verbose level) and no file of the store. And the
//! host has no way to reach a network at all.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{frame, seed_charter, HostProcess, DATA_DIR_VAR};

const SENTINEL: &str = "SENTINEL-c00k1e-VALUE-5e7a1d9b";

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn no_cookie_value_reaches_a_frame_the_log_or_the_store() {
    let data = tempfile::tempdir().unwrap();
    let mut host = HostProcess::start_with(
        &["serve"],
        &[
            ("COOKIE_CHARTER_LOG", "trace"),
            (DATA_DIR_VAR, data.path().to_str().unwrap()),
        ],
    );
    let cookie = |extra: Value| {
        let mut cookie = json!({"name": "sid", "domain": "a.example", "session": true});
        cookie
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        cookie
    };
    let refused = [
        json!({"type": "classify", "id": 1, "site": "https://a.example/",
               "cookies": [cookie(json!({"value": SENTINEL}))]}),
        json!({"type": "classify", "id": 2, "site": "https://a.example/",
               "cookies": [cookie(json!({})), cookie(json!({"value": SENTINEL, "secure": "not a bool"}))]}),
        json!({"type": "classify", "id": 3, "site": "https://a.example/",
               "cookies": [cookie(json!({"value": SENTINEL}))],
               "charter": {"format": "text", "content": seed_charter()}}),
        json!({"type": "classify", "id": 4, "site": "not a url",
               "cookies": [cookie(json!({"value": SENTINEL}))]}),
    ];
    let mut received = Vec::new();
    for request in &refused {
        host.send(request);
        let answer = host.recv_raw();
        let parsed: Value = serde_json::from_slice(&answer).unwrap();
        assert_eq!(parsed["code"], "cookie_value_refused", "{parsed}");
        received.extend(answer);
    }
    // Requests without values: the store gets its files.
    let accepted = [
        json!({"type": "hello", "id": 10}),
        json!({"type": "remember_charter", "id": 11, "site": "a.example",
               "charter": {"format": "text", "content": seed_charter(), "origin": "page"}}),
        json!({"type": "set_override", "id": 12, "site": "a.example", "name": "sid", "label": "necessary"}),
        json!({"type": "classify", "id": 13, "site": "https://a.example/", "cookies": [cookie(json!({}))]}),
        json!({"type": "site_state", "id": 14, "site": "a.example"}),
    ];
    for request in &accepted {
        host.send(request);
        let answer = host.recv_raw();
        let parsed: Value = serde_json::from_slice(&answer).unwrap();
        assert_ne!(parsed["type"], "error", "{parsed}");
        received.extend(answer);
    }
    // A value in a frame cut short: the host stops reading there.
    let last = serde_json::to_vec(
        &json!({"type": "classify", "id": 20, "site": "https://a.example/",
                                          "cookies": [cookie(json!({"value": SENTINEL}))]}),
    )
    .unwrap();
    host.send_raw(&frame(&last)[..last.len() / 2]);
    host.close_stdin();
    received.extend(host.recv_raw());
    let (status, log) = host.finish();
    assert!(status.success());

    assert!(!contains(&received, SENTINEL), "a cookie value reached a frame");
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "the log is verbose: {log}"
    );
    assert!(!log.contains(SENTINEL), "a cookie value reached the log: {log}");
    let files = files_under(data.path());
    assert!(
        files.len() >= 3,
        "the store holds the charter, the override and the last summary: {files:?}"
    );
    for file in files {
        let bytes = fs::read(&file).unwrap();
        assert!(
            !contains(&bytes, SENTINEL),
            "a cookie value reached {}",
            file.display()
        );
    }
}

/// Crates that open connections. None may be in the dependency graph.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "isahc",
    "attohttpc",
    "surf",
    "tokio",
    "async-std",
    "mio",
    "socket2",
    "native-tls",
    "rustls",
    "openssl",
    "h2",
    "trust-dns-resolver",
    "hickory-resolver",
];

#[test]
fn the_host_has_no_network_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // 1. No networking crate anywhere in the lock file (dev and build
    //    dependencies included).
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap();
    for line in lock.lines() {
        if let Some(name) = line
            .strip_prefix("name = \"")
            .and_then(|rest| rest.strip_suffix('"'))
        {
            assert!(
                !NETWORK_CRATES.contains(&name),
                "Cargo.lock has the networking crate {name}"
            );
        }
    }
    // 2. No socket type in the host's own code.
    for file in files_under(&root.join("host/src")) {
        let text = fs::read_to_string(&file).unwrap();
        for word in [
            "TcpStream",
            "TcpListener",
            "UdpSocket",
            "UnixStream",
            "UnixListener",
            "ToSocketAddrs",
        ] {
            assert!(!text.contains(word), "{} uses {word}", file.display());
        }
    }
    // 3. The binary imports no call that opens a connection or resolves a
    //    name. (`socketpair`, `sendmsg`, `recvmsg` are std's process
    //    spawning: a local pair, no network.)
    #[cfg(target_os = "linux")]
    {
        let output = std::process::Command::new("nm")
            .args(["-D", "--undefined-only", crate::support::binary()])
            .output()
            .expect("nm (binutils) is installed");
        assert!(output.status.success());
        let imports = String::from_utf8_lossy(&output.stdout);
        let imported: Vec<&str> = imports
            .lines()
            .filter_map(|line| line.split_whitespace().last())
            .map(|symbol| symbol.split('@').next().unwrap_or(symbol))
            .collect();
        assert!(imported.contains(&"write"), "nm read the imports: {imports}");
        for call in [
            "socket",
            "connect",
            "bind",
            "listen",
            "accept",
            "accept4",
            "sendto",
            "getaddrinfo",
            "gethostbyname",
        ] {
            assert!(!imported.contains(&call), "the binary imports {call}()");
        }
    }
}
