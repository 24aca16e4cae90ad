//! `classify --har`: HAR files from devtools and Playwright, read into pages
//! and cookies, judged against a charter file or the charter page the HAR
//! itself visited, printed in every format, with `--fail-on` exit codes,
//! `--known-db`, bad input, and a 100 MB file in bounded memory.
//!
//! Every hand-made fixture carries cookie values set to [`SENTINEL`], and
//! the Playwright recording of the end-to-end site its own
//! ([`RECORDED_SENTINEL`]), which no output may ever show.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::{binary, run, shared};

/// The value of every cookie in the hand-made fixtures.
const SENTINEL: &str = "SENTINEL-7c1e-VALUE";
/// How every cookie value of the recorded end-to-end site begins.
const RECORDED_SENTINEL: &str = "SENTINEL-VALUE-rec0rd-";

const CHROME: &str = "chrome-two-pages.har";
const FIREFOX: &str = "firefox-joined-headers.har";
const NO_PAGES: &str = "no-pages.har";
const HOSTILE: &str = "hostile-names.har";
/// Playwright's `recordHar` of the end-to-end test site (how: the
/// `.record.mjs` beside it).
const PLAYWRIGHT: &str = "playwright-e2e-site.har";

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/har")
        .join(name)
        .display()
        .to_string()
}

fn open_cookie_database() -> String {
    shared("data/open-cookie-database.csv").display().to_string()
}

fn seed_path() -> String {
    shared("seed/charte-cookies-data-nantesmetropole.txt")
        .display()
        .to_string()
}

/// Runs `classify --har FIXTURE ARGS...`, checks that no cookie value
/// leaked, and returns (status, stdout, stderr).
fn classify(har: &str, args: &[&str]) -> (ExitStatus, String, String) {
    let path = fixture(har);
    let mut all = vec!["classify", "--har", path.as_str()];
    all.extend_from_slice(args);
    let (status, stdout, stderr) = run(&all);
    for sentinel in [SENTINEL, RECORDED_SENTINEL] {
        assert!(
            !stdout.contains(sentinel) && !stderr.contains(sentinel),
            "a cookie value leaked from {har} {args:?}"
        );
    }
    (status, stdout, stderr)
}

fn json(har: &str, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (status, stdout, stderr) = classify(har, &all);
    assert!(status.code() == Some(0), "{stderr}");
    serde_json::from_str(&stdout).expect("JSON output")
}

fn pages(answer: &Value) -> &Vec<Value> {
    answer["pages"].as_array().expect("pages")
}

fn cookie<'a>(page: &'a Value, name: &str) -> &'a Value {
    page["classification"]["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no cookie {name} in {page}"))
}

fn names(page: &Value) -> Vec<&str> {
    page["classification"]["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[test]
fn chrome_one_header_per_set_cookie() {
    let answer = json(CHROME, &[]);
    let pages = pages(&answer);
    let urls: Vec<&str> = pages.iter().map(|p| p["page"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://data.nantesmetropole.fr/explore/",
            "https://data.nantesmetropole.fr/pages/cookies/"
        ]
    );
    // Deleted (Max-Age=-5, Expires in the past) and refused (a Domain that
    // does not cover the host) cookies are not there.
    assert_eq!(
        names(&pages[0]),
        [
            "sessionid",
            "csrftoken",
            "_ga",
            "VISITOR_INFO1_LIVE",
            "YSC",
            "__Host-embed_id",
            "ndm_banner_seen",
            "_pk_id.7.1fff"
        ]
    );
    let first = &pages[0];
    // Host-only: the response's host; Domain=.NantesMetropole.FR: lower case, one dot.
    assert_eq!(cookie(first, "sessionid")["domain"], "data.nantesmetropole.fr");
    assert_eq!(
        cookie(first, "sessionid").get("lifetimeDays"),
        None,
        "a session cookie"
    );
    assert_eq!(cookie(first, "_ga")["domain"], ".nantesmetropole.fr");
    // Expires against the entry's startedDateTime; Max-Age from it.
    assert_eq!(cookie(first, "_ga")["lifetimeDays"], 398.0);
    assert_eq!(cookie(first, "csrftoken")["lifetimeDays"], 364.0);
    // Third-party cookies of embedded sites; one from response.cookies only.
    assert_eq!(cookie(first, "VISITOR_INFO1_LIVE")["party"], "third");
    assert_eq!(cookie(first, "VISITOR_INFO1_LIVE")["lifetimeDays"], 180.0);
    assert_eq!(cookie(first, "YSC")["domain"], ".youtube.com");
    // CHIPS.
    let partitioned = cookie(first, "__Host-embed_id");
    assert_eq!(
        (&partitioned["partitioned"], &partitioned["party"]),
        (&Value::Bool(true), &Value::from("third"))
    );
    // Sent, never set in the HAR: the jar's domain and expiry, as Chrome copies them.
    assert_eq!(
        cookie(first, "ndm_banner_seen")["domain"],
        "data.nantesmetropole.fr"
    );
    assert_eq!(cookie(first, "_pk_id.7.1fff")["lifetimeDays"], 395.0);
    // The second page only sends what the first set.
    assert_eq!(names(&pages[1]), ["django_language", "sessionid", "csrftoken"]);
    assert_eq!(pages[1]["classification"]["charter"], Value::Null);

    let (_, _, stderr) = classify(CHROME, &[]);
    assert!(
        stderr.contains("cookie 'evil' from data.nantesmetropole.fr names Domain=other.example"),
        "{stderr}"
    );
}

#[test]
fn firefox_joined_headers_and_name_only_cookies() {
    let answer = json(FIREFOX, &[]);
    let pages = pages(&answer);
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0]["page"], "https://www.ville-exemple.fr/");
    assert_eq!(
        names(&pages[0]),
        [
            "PHPSESSID",
            "_pk_id.1.ab12",
            "_pk_ses.1.ab12",
            "prefs",
            "cookiePreferences",
            "uid",
            "lang"
        ]
    );
    let first = &pages[0];
    assert_eq!(cookie(first, "prefs")["domain"], ".ville-exemple.fr");
    assert_eq!(
        cookie(first, "_pk_id.1.ab12")["lifetimeDays"],
        365.0,
        "startedDateTime at +01:00"
    );
    assert_eq!(cookie(first, "uid")["domain"], ".tracker-exemple.net");
    assert_eq!(cookie(first, "uid")["party"], "third");
    // Sent by name only and never set: on the request's host, lifetime unknown.
    assert_eq!(cookie(first, "lang")["domain"], "www.ville-exemple.fr");
    assert_eq!(cookie(first, "lang").get("lifetimeDays"), None);
    // Sent by name only on the second page: the cookie the first page set.
    assert_eq!(cookie(&pages[1], "prefs")["domain"], ".ville-exemple.fr");
    assert_eq!(cookie(&pages[1], "prefs")["lifetimeDays"], 180.0);
}

#[test]
fn a_playwright_recording_of_the_e2e_site() {
    // One HAR page for the whole tab: each navigation is a page of its own,
    // judged against its own site's charter, recorded in the same HAR.
    let answer = json(PLAYWRIGHT, &["--charter-url-from-har"]);
    let pages = pages(&answer);
    let paths: Vec<String> = pages
        .iter()
        .map(|p| {
            let url = url::Url::parse(p["page"].as_str().unwrap()).unwrap();
            format!("{}{}", url.host_str().unwrap(), url.path())
        })
        .collect();
    assert_eq!(
        paths,
        [
            "www.gazette-erdre.test/",
            "www.gazette-erdre.test/pages/charte-cookies/",
            "www.riverside-herald.test/",
            "www.riverside-herald.test/legal/cookie-policy"
        ]
    );
    for (page, charter) in pages.iter().zip([
        "charte-cookies",
        "charte-cookies",
        "cookie-policy",
        "cookie-policy",
    ]) {
        let url = page["classification"]["charter"]["url"].as_str().unwrap();
        assert!(
            url.ends_with(&format!("{charter}/")) || url.ends_with(charter),
            "{url}"
        );
    }
    let gazette = &pages[0];
    assert_eq!(names(gazette), ["gz_session", "_as_uid", "pub_id", "pub_part"]);
    assert_eq!(cookie(gazette, "gz_session")["basis"], "charter");
    assert_eq!(cookie(gazette, "_as_uid")["domain"], ".audimetrie.test");
    assert_eq!(cookie(gazette, "pub_part")["partitioned"], true);
    // Two years asked, 400 days kept, as the browser keeps it: longer than declared.
    assert_eq!(cookie(gazette, "pub_id")["lifetimeDays"], 400.0);
    assert_eq!(
        cookie(gazette, "pub_id")["findings"],
        serde_json::json!(["lifetime_exceeds_declared"])
    );
    // Cookies a script set show when a later request sends them.
    let charter_page = &pages[1];
    assert_eq!(
        cookie(charter_page, "gz_ab")["findings"],
        serde_json::json!(["undeclared"])
    );
    assert_eq!(cookie(charter_page, "gz_mesure")["label"], "statistics");
    assert_eq!(
        cookie(&pages[3], "rh_trial")["findings"],
        serde_json::json!(["undeclared"])
    );
    assert_eq!(cookie(&pages[3], "rh_theme")["purpose"], "preferences");
}

#[test]
fn a_har_without_pages_is_one_page_at_its_final_document() {
    let answer = json(NO_PAGES, &[]);
    let pages = pages(&answer);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["page"], "https://shop.example/", "after the redirect");
    assert_eq!(names(&pages[0]), ["visited", "cart"]);
    assert_eq!(cookie(&pages[0], "cart")["lifetimeDays"], 7.0);
}

#[test]
fn the_charter_page_is_taken_from_the_har() {
    // Chrome: found by its address, /pages/cookies/.
    let answer = json(CHROME, &["--charter-url-from-har"]);
    let pages = pages(&answer);
    let charter_url = "https://data.nantesmetropole.fr/pages/cookies/";
    for page in pages {
        assert_eq!(page["classification"]["charter"]["url"], charter_url);
        assert_eq!(page["classification"]["charter"]["format"], "html");
    }
    let first = &pages[0];
    assert_eq!(cookie(first, "sessionid")["basis"], "charter");
    assert_eq!(cookie(first, "sessionid")["declared"]["provider"], "Opendatasoft");
    assert_eq!(
        cookie(first, "_ga")["findings"],
        serde_json::json!(["statistics_not_exempt", "lifetime_exceeds_declared"])
    );
    assert_eq!(
        cookie(first, "ndm_banner_seen")["findings"],
        serde_json::json!(["undeclared"])
    );
    assert_eq!(
        first["classification"]["summary"]["declaredNotSeen"],
        serde_json::json!(["django_language"])
    );
    let (_, table, stderr) = classify(CHROME, &["--charter-url-from-har"]);
    assert!(
        stderr.contains(&format!(
            "charter of nantesmetropole.fr: {charter_url} (html, from the HAR)"
        )),
        "{stderr}"
    );
    assert!(
        table.contains(&format!("charter: 4 entries (html) from {charter_url}")),
        "{table}"
    );

    // Firefox: found by its page title, its body base64; the other site's
    // page has no charter, and says so.
    let answer = json(FIREFOX, &["--charter-url-from-har"]);
    let ville = super::har::pages(&answer);
    let legal = "https://www.ville-exemple.fr/legal/";
    assert_eq!(ville[0]["classification"]["charter"]["url"], legal);
    assert_eq!(cookie(&ville[0], "PHPSESSID")["basis"], "charter");
    let pk = cookie(&ville[0], "_pk_id.1.ab12");
    assert_eq!(
        (&pk["label"], &pk["consent"]),
        (&Value::from("statistics"), &Value::from("exempt"))
    );
    assert_eq!(
        cookie(&ville[0], "cookiePreferences")["findings"],
        serde_json::json!(["undeclared"])
    );
    assert_eq!(ville[2]["classification"]["charter"], Value::Null);
    assert_eq!(
        cookie(&ville[2], "visitor")["findings"],
        serde_json::json!(["no_charter"])
    );
    let (_, _, stderr) = classify(FIREFOX, &["--charter-url-from-har"]);
    assert!(
        stderr.contains(&format!(
            "charter of ville-exemple.fr: {legal} (html, from the HAR)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("no charter page of autre-site.example in the HAR"),
        "{stderr}"
    );

    // No charter page at all: an error rather than a silent "no charter".
    let (status, stdout, stderr) = classify(NO_PAGES, &["--charter-url-from-har"]);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("holds no cookie-policy page") && stderr.contains("shop.example"),
        "{stderr}"
    );
}

#[test]
fn a_charter_file_judges_every_page() {
    let seed = seed_path();
    let answer = json(CHROME, &["--charter", &seed]);
    for page in pages(&answer) {
        assert_eq!(cookie(page, "sessionid")["basis"], "charter");
        assert_eq!(page["classification"]["charter"]["format"], "text");
    }
    let (status, _, stderr) = classify(CHROME, &["--charter", &seed, "--charter-url-from-har"]);
    assert_eq!(status.code(), Some(2), "one charter or the other: {stderr}");
}

#[test]
fn site_keeps_one_sites_pages() {
    let answer = json(FIREFOX, &["--site", "https://www.ville-exemple.fr/"]);
    let urls: Vec<&str> = pages(&answer)
        .iter()
        .map(|p| p["page"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://www.ville-exemple.fr/",
            "https://www.ville-exemple.fr/legal/"
        ]
    );
    let answer = json(FIREFOX, &["--site", "autre-site.example"]);
    assert_eq!(pages(&answer).len(), 1);
    let (status, _, stderr) = classify(FIREFOX, &["--site", "https://nowhere.example/"]);
    assert_eq!(status.code(), Some(2));
    assert!(
        stderr.contains("has no page of the site nowhere.example"),
        "{stderr}"
    );
}

#[test]
fn every_output_format() {
    // Table: each page's table, then the totals; plain when piped.
    let (status, table, _) = classify(CHROME, &["--charter-url-from-har"]);
    assert!(status.success());
    assert!(!table.contains('\u{1b}'), "no colours in a pipe");
    assert_eq!(table.matches("NAME  ").count(), 2, "{table}");
    assert!(table
        .lines()
        .any(|l| l.starts_with("_ga ") && l.contains("lifetime_exceeds_declared")));
    assert!(table.trim_end().ends_with(
        "2 pages, 11 cookies; findings: undeclared (5 cookies, 1 page), statistics_not_exempt (3 cookies), \
         lifetime_exceeds_declared (1 cookie), declared_not_seen (2 pages)"
    ), "{table}");

    // CSV: a row per cookie, its page first.
    let (status, csv, _) = classify(CHROME, &["--format", "csv"]);
    assert!(status.success());
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "page,name,domain,label,party,partitioned,purpose,basis,consent,lifetime_days,declared_as,evidence,findings"
    );
    assert_eq!(lines.len(), 1 + 11);
    assert!(
        lines[1].starts_with("https://data.nantesmetropole.fr/explore/,sessionid,data.nantesmetropole.fr,")
    );
    assert!(lines[11].starts_with("https://data.nantesmetropole.fr/pages/cookies/,csrftoken,"));

    // HTML: one page that loads nothing and runs nothing.
    let (status, html, _) = classify(CHROME, &["--format", "html", "--charter-url-from-har"]);
    assert!(status.success());
    assert!(html.starts_with("<!doctype html>") && html.trim_end().ends_with("</html>"));
    assert!(
        html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"")
    );
    for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<iframe"] {
        assert!(!html.contains(forbidden), "the report has {forbidden}");
    }
    for name in [
        "sessionid",
        "VISITOR_INFO1_LIVE",
        "__Host-embed_id",
        "_pk_id.7.1fff",
    ] {
        assert!(html.contains(&format!("<td>{name}</td>")), "{name} missing");
    }
    assert!(html.contains("<td class=\"finding\">lifetime_exceeds_declared</td>"));
    assert!(html.contains("declared_not_seen</span>: django_language"));
}

#[test]
fn hostile_names_stay_text_in_every_format() {
    let (status, html, _) = classify(HOSTILE, &["--format", "html"]);
    assert!(status.success());
    assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("</td></tr></table><b>"));
    assert!(
        html.contains("<td>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
        "{html}"
    );
    assert!(html.contains("<td>&#39;onmouseover&#39;alert(1)</td>"));
    assert!(html.contains("<td>&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;x&lt;/b&gt;</td>"));

    let (_, csv, _) = classify(HOSTILE, &["--format", "csv"]);
    assert!(csv.contains(",\"a,b \"\"c\"\"\",hostile.example,"), "{csv}");
    // A name with a control character is dropped, as browsers drop it:
    // nothing can write a terminal escape through a cookie name.
    for format in ["table", "csv", "json", "html"] {
        let (_, out, _) = classify(HOSTILE, &["--format", format]);
        assert!(!out.contains('\u{1b}') && !out.contains("esc"), "{format}: {out}");
    }
    let answer = json(HOSTILE, &[]);
    assert_eq!(names(&pages(&answer)[0]).len(), 4);
}

#[test]
fn the_table_is_coloured_on_a_terminal_only() {
    let command = format!(
        "{} classify --har {} --charter-url-from-har",
        binary(),
        fixture(CHROME)
    );
    let on_terminal = |no_color: bool| {
        let mut script = Command::new("script");
        script.args(["-qec", &command, "/dev/null"]).stdin(Stdio::null());
        if no_color {
            script.env("NO_COLOR", "1");
        } else {
            script.env_remove("NO_COLOR");
        }
        let output = script.output().expect("script (util-linux) runs");
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let coloured = on_terminal(false);
    assert!(coloured.contains("\u{1b}[34mstatistics\u{1b}[0m"), "{coloured:?}");
    assert!(coloured.contains("\u{1b}[31mundeclared\u{1b}[0m"));
    assert!(
        !on_terminal(true).contains('\u{1b}'),
        "NO_COLOR turns colours off"
    );
}

#[test]
fn fail_on_gates_a_deployment() {
    let from_har = ["--charter-url-from-har", "--fail-on"];
    let gate = |codes: &str| {
        let mut args = from_har.to_vec();
        args.push(codes);
        classify(CHROME, &args)
    };
    let (status, stdout, stderr) = gate("third_party_declared_necessary");
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("2 pages, 11 cookies"));

    let (status, stdout, stderr) = gate("undeclared,statistics_not_exempt");
    assert_eq!(status.code(), Some(1));
    assert!(
        stdout.contains("2 pages, 11 cookies"),
        "the report is printed all the same"
    );
    assert!(
        stderr.contains("--fail-on: undeclared (5 cookies, 1 page), statistics_not_exempt (3 cookies)"),
        "{stderr}"
    );
    let (status, _, stderr) = gate("declared_not_seen");
    assert_eq!(status.code(), Some(1), "a site finding counts: {stderr}");
    let (status, _, _) = classify(CHROME, &["--fail-on", "no_charter"]);
    assert_eq!(status.code(), Some(1));

    let (status, stdout, stderr) = gate("undeclared,statistcs_not_exempt");
    assert_eq!(status.code(), Some(2), "a misspelt code is a usage error");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("unknown finding 'statistcs_not_exempt'"),
        "{stderr}"
    );

    let (status, _, stderr) = run(&["classify", "--har", "/nonexistent.har", "--fail-on", "undeclared"]);
    assert_eq!(status.code(), Some(2), "bad input is not a clean audit: {stderr}");

    // The same gate on a cookies file.
    let dir = tempfile::tempdir().unwrap();
    let cookies = dir.path().join("cookies.json");
    std::fs::write(
        &cookies,
        r#"[{"name": "_ga", "domain": ".nantesmetropole.fr", "session": true}]"#,
    )
    .unwrap();
    let (status, _, stderr) = run(&[
        "classify",
        "--site",
        "https://data.nantesmetropole.fr/",
        "--cookies",
        cookies.to_str().unwrap(),
        "--charter",
        &seed_path(),
        "--fail-on",
        "undeclared",
    ]);
    assert_eq!(status.code(), Some(1));
    assert!(
        stderr.contains("--fail-on: undeclared (1 cookie, 1 page)"),
        "{stderr}"
    );
}

#[test]
fn the_open_cookie_database_is_fallback_evidence_only() {
    let db = open_cookie_database();
    let dir = tempfile::tempdir().unwrap();
    let cookies = dir.path().join("cookies.json");
    std::fs::write(
        &cookies,
        serde_json::to_vec(&serde_json::json!({"observedAt": 1_764_374_400, "cookies": [
            {"name": "cookiePreferences", "domain": "data.nantesmetropole.fr", "session": true},
            {"name": "sessionid", "domain": "data.nantesmetropole.fr", "session": true},
            {"name": "_ga", "domain": ".nantesmetropole.fr", "session": true},
            {"name": "uid", "domain": ".tracker-exemple.net", "session": true},
        ]}))
        .unwrap(),
    )
    .unwrap();
    let classify_cookies = |extra: &[&str]| {
        let mut args = vec![
            "classify",
            "--site",
            "https://data.nantesmetropole.fr/",
            "--cookies",
            cookies.to_str().unwrap(),
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (status, stdout, stderr) = run(&args);
        assert!(status.success(), "{stderr}");
        let answer: Value = serde_json::from_str(&stdout).unwrap();
        answer["cookies"].as_array().unwrap().clone()
    };
    let seed = seed_path();
    let with_db = classify_cookies(&["--charter", &seed, "--known-db", &db]);
    let by_name = |cookies: &[Value], name: &str| cookies.iter().find(|c| c["name"] == name).unwrap().clone();

    // Only the database knows it: known, and it says where from.
    let preferences = by_name(&with_db, "cookiePreferences");
    assert_eq!(preferences["basis"], "known");
    assert_eq!(preferences["purpose"], "preferences");
    assert_eq!(preferences["known"]["source"], "Open Cookie Database");
    assert_eq!(preferences["known"]["service"], "Google Tag Manager");
    assert_eq!(
        by_name(&classify_cookies(&["--charter", &seed]), "cookiePreferences")["basis"],
        "party"
    );

    // The charter declares it: Instagram's `sessionid` claims nothing.
    let session = by_name(&with_db, "sessionid");
    assert_eq!(session["basis"], "charter");
    assert_eq!(session["declared"]["provider"], "Opendatasoft");
    assert_eq!(session.get("known"), None);
    assert_eq!(session["label"], "necessary");

    // The built-in table outranks it, and says nothing of a source.
    let ga = by_name(&with_db, "_ga");
    assert_eq!(ga["known"]["provider"], "Google");
    assert_eq!(ga["known"].get("source"), None);
    // A row for another site's `uid` (Adform's) does not claim this one.
    assert_eq!(by_name(&with_db, "uid")["basis"], "party");

    // Without a charter, a name-only row never outranks a domain-specific one:
    // Instagram's sessionid stays Instagram's.
    let no_charter = classify_cookies(&["--known-db", &db]);
    assert_ne!(by_name(&no_charter, "sessionid")["known"]["service"], "Instagram");

    // The same through a HAR.
    let answer = json(FIREFOX, &["--known-db", &db]);
    let first = &pages(&answer)[0];
    assert_eq!(
        cookie(first, "cookiePreferences")["known"]["source"],
        "Open Cookie Database"
    );
    let (_, csv, _) = classify(FIREFOX, &["--known-db", &db, "--format", "csv"]);
    assert!(
        csv.contains("known Google Tag Manager cookie (Open Cookie Database)"),
        "{csv}"
    );

    // A file that is not the database.
    let (status, _, stderr) = classify(FIREFOX, &["--known-db", &fixture(NO_PAGES)]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("is not an Open Cookie Database CSV"), "{stderr}");
}

#[test]
fn bad_har_input_is_named_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 7] = [
        ("empty.har", "", "EOF while parsing a value"),
        (
            "html.har",
            "<!doctype html><title>Not a HAR</title>",
            "expected value at line 1 column 1",
        ),
        (
            "array.har",
            "[1, 2]",
            "invalid type: sequence, expected a HAR object",
        ),
        (
            "version.har",
            r#"{"log": {"version": "2.0", "entries": []}}"#,
            "log.version: HAR version '2.0' is not supported (expected 1.2)",
        ),
        (
            "no-version.har",
            r#"{"log": {"entries": []}}"#,
            "log: missing field `version`",
        ),
        (
            "no-url.har",
            r#"{"log": {"version": "1.2", "entries": [{"startedDateTime": "2025-11-29T00:00:00Z",
               "request": {"method": "GET"}, "response": {}}]}}"#,
            "log.entries[0].request: missing field `url`",
        ),
        (
            "value-type.har",
            r#"{"log": {"version": "1.2", "entries": [{"startedDateTime": "2025-11-29T00:00:00Z",
               "request": {"url": "https://a.example/"},
               "response": {"headers": [{"name": "Set-Cookie", "value": ["SENTINEL-7c1e-VALUE"]}]}}]}}"#,
            "log.entries[0].response.headers[0].value: invalid type: sequence, expected a string",
        ),
    ];
    for (name, content, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let (status, stdout, stderr) = run(&["classify", "--har", path.to_str().unwrap()]);
        assert_eq!(status.code(), Some(2), "{name}: {stderr}");
        assert!(stdout.is_empty(), "{name}");
        assert!(
            stderr.contains(&format!("'{}' is not a HAR file: {expected}", path.display())),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains(SENTINEL));
    }

    let no_entries = dir.path().join("no-entries.har");
    std::fs::write(&no_entries, r#"{"log": {"version": "1.2", "entries": []}}"#).unwrap();
    let (status, _, stderr) = run(&["classify", "--har", no_entries.to_str().unwrap()]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("records no page"), "{stderr}");

    let (status, _, stderr) = run(&["classify", "--har", "/nonexistent.har"]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("cannot read '/nonexistent.har'"), "{stderr}");

    // 100 MB of zeros (a sparse file): refused at its first byte.
    let zeros = dir.path().join("zeros.har");
    File::create(&zeros).unwrap().set_len(100 << 20).unwrap();
    let (status, _, stderr) = run(&["classify", "--har", zeros.to_str().unwrap()]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("expected value at line 1 column 1"), "{stderr}");

    // Usage: --cookies and --har together; --charter-url-from-har without --har.
    let chrome = fixture(CHROME);
    let (status, _, _) = run(&["classify", "--har", &chrome, "--cookies", &chrome]);
    assert_eq!(status.code(), Some(2));
    let (status, _, _) = run(&[
        "classify",
        "--site",
        "https://a.example/",
        "--cookies",
        &chrome,
        "--charter-url-from-har",
    ]);
    assert_eq!(status.code(), Some(2));
}

/// Writes a HAR of about `size` bytes: 20 pages, entries whose bodies are
/// about 8 KB each (as a HAR with content holds them), each setting and
/// sending a few of 60 cookies. Written as it goes.
fn write_large_har(path: &Path, size: u64) -> u64 {
    let mut out = BufWriter::new(File::create(path).unwrap());
    write!(out, "{{\"log\": {{\"version\": \"1.2\", \"creator\": {{\"name\": \"test\", \"version\": \"1\"}}, \"pages\": [").unwrap();
    for page in 0..20 {
        let comma = if page == 0 { "" } else { "," };
        write!(
            out,
            "{comma}{{\"id\": \"page_{page}\", \"title\": \"https://big.example/page/{page}\", \
             \"startedDateTime\": \"2025-11-29T00:{page:02}:00.000Z\", \"pageTimings\": {{}}}}"
        )
        .unwrap();
    }
    write!(out, "], \"entries\": [").unwrap();
    let body = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVmZ2hpams=".repeat(136);
    let mut written = 0u64;
    let mut entries = 0u64;
    while written < size {
        let page = entries % 20;
        let (a, b, c) = (entries % 60, (entries + 7) % 60, (entries + 19) % 60);
        let entry = format!(
            "{comma}{{\"pageref\": \"page_{page}\", \"startedDateTime\": \"2025-11-29T00:{page:02}:01.000Z\", \
             \"time\": 10, \"_resourceType\": \"script\", \
             \"request\": {{\"method\": \"GET\", \"url\": \"https://cdn{a}.big.example/app/{entries}.js\", \
             \"httpVersion\": \"HTTP/2\", \"headers\": [{{\"name\": \"accept\", \"value\": \"*/*\"}}, \
             {{\"name\": \"cookie\", \"value\": \"sent{b}={SENTINEL}; c{c}={SENTINEL}\"}}], \
             \"cookies\": [{{\"name\": \"sent{b}\", \"value\": \"{SENTINEL}\"}}], \"queryString\": [], \
             \"headersSize\": -1, \"bodySize\": 0}}, \
             \"response\": {{\"status\": 200, \"statusText\": \"OK\", \"httpVersion\": \"HTTP/2\", \
             \"headers\": [{{\"name\": \"content-type\", \"value\": \"text/javascript\"}}, \
             {{\"name\": \"set-cookie\", \"value\": \"c{a}={SENTINEL}; Domain=big.example; Max-Age=86400; Path=/\"}}, \
             {{\"name\": \"set-cookie\", \"value\": \"c{c}={SENTINEL}; Path=/; Secure\"}}], \
             \"cookies\": [], \"content\": {{\"size\": {len}, \"mimeType\": \"text/javascript\", \
             \"encoding\": \"base64\", \"text\": \"{body}\"}}, \"redirectURL\": \"\", \"headersSize\": -1, \
             \"bodySize\": -1}}, \"cache\": {{}}, \"timings\": {{\"send\": 0, \"wait\": 5, \"receive\": 1}}}}",
            comma = if entries == 0 { "" } else { "," },
            len = body.len(),
        );
        out.write_all(entry.as_bytes()).unwrap();
        written += entry.len() as u64;
        entries += 1;
    }
    write!(out, "]}}}}").unwrap();
    out.flush().unwrap();
    entries
}

/// Runs the binary with stdout and stderr to files, polling its peak
/// resident memory (`VmHWM`, a high-water mark) until it exits.
fn run_measured(args: &[&str], dir: &Path) -> (ExitStatus, String, String, u64) {
    let (out, err): (PathBuf, PathBuf) = (dir.join("stdout"), dir.join("stderr"));
    let mut child = Command::new(binary())
        .args(args)
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let status_file = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        if let Some(kib) = status_file
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (
        status,
        std::fs::read_to_string(out).unwrap(),
        std::fs::read_to_string(err).unwrap(),
        peak_kib,
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_100_mb_har_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.har");
    let entries = write_large_har(&path, 100 << 20);
    let size = std::fs::metadata(&path).unwrap().len();
    let har = path.to_str().unwrap();

    let (status, stdout, stderr, peak_kib) =
        run_measured(&["classify", "--har", har, "--format", "json"], dir.path());
    assert!(status.success(), "{stderr}");
    eprintln!("{size} bytes, {entries} entries: peak RSS {peak_kib} KiB");
    assert!(peak_kib > 0, "the peak was read");
    assert!(peak_kib < 48 * 1024, "{peak_kib} KiB for a {size}-byte HAR");
    assert!(!stdout.contains(SENTINEL) && !stderr.contains(SENTINEL));
    let answer: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(pages(&answer).len(), 20);
    let first = &pages(&answer)[0];
    assert_eq!(first["page"], "https://big.example/page/0");
    // Page 0 has the entries 0, 20, 40…: six cookies set, three more only sent.
    assert_eq!(
        names(first),
        ["c0", "c19", "c20", "c39", "c40", "c59", "sent7", "sent27", "sent47"]
    );

    // Cut in the middle: an error naming the entry, memory bounded all the same.
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(size / 2)
        .unwrap();
    let (status, stdout, stderr, peak_kib) = run_measured(&["classify", "--har", har], dir.path());
    assert_eq!(status.code(), Some(2));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("is not a HAR file: log.entries[") && stderr.contains("EOF while parsing"),
        "{stderr}"
    );
    assert!(!stderr.contains(SENTINEL));
    assert!(peak_kib < 48 * 1024, "{peak_kib} KiB");
}

#[test]
fn no_output_ever_shows_a_cookie_value() {
    let db = open_cookie_database();
    let seed = seed_path();
    for har in [CHROME, FIREFOX, NO_PAGES, HOSTILE, PLAYWRIGHT] {
        for format in ["table", "json", "csv", "html"] {
            for extra in [
                &[][..],
                &["--charter-url-from-har"][..],
                &["--charter", &seed, "--known-db", &db][..],
            ] {
                let mut args = vec!["--format", format];
                args.extend_from_slice(extra);
                classify(har, &args); // asserts the sentinel is absent
            }
        }
    }
}
