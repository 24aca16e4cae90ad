//! The `psl` subcommand against libpsl (Debian's `psl` tool), on every rule
//! of the list: the same registrable domain for the same list.

use std::path::Path;
use std::process::Command;

use cookie_charter::site::Host;

use crate::support::run;

const EMBEDDED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/public_suffix_list.dat");
const DEBIAN_LIST: &str = "/usr/share/publicsuffix/public_suffix_list.dat";

/// libpsl is a test dependency installed by .ci/run; a developer machine
/// without it skips loudly, CI fails.
fn libpsl_available() -> bool {
    let found = Command::new("psl").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "libpsl's `psl` tool is required in CI (apt-get install psl)"
        );
        eprintln!("SKIPPED: libpsl's `psl` tool is not installed (apt-get install psl)");
    }
    found
}

/// Hosts around every rule: the suffix itself, one label under it, two
/// labels under it; wildcards and exceptions made concrete; IDN in ASCII.
fn hosts_around_rules(list: &str) -> Vec<String> {
    let mut hosts = Vec::new();
    for line in list.lines() {
        let rule = line.split_whitespace().next().unwrap_or_default();
        if rule.is_empty() || rule.starts_with("//") {
            continue;
        }
        let rule = rule.trim_start_matches('!').replace('*', "wild");
        let Ok(host) = Host::parse(&rule) else {
            continue;
        };
        let ascii = host.as_str().to_owned();
        for host in [ascii.clone(), format!("x.{ascii}"), format!("y.x.{ascii}")] {
            if host.contains('.') {
                hosts.push(host);
            }
        }
    }
    hosts
}

fn libpsl(list_file: &str, hosts: &[String]) -> Vec<String> {
    let output = Command::new("psl")
        .args(["--load-psl-file", list_file, "--print-reg-domain", "-b"])
        .args(hosts)
        .output()
        .expect("psl runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            if line == "(null)" {
                "-".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect()
}

fn ours(psl_file: Option<&str>, hosts: &[String]) -> Vec<String> {
    let mut args: Vec<&str> = Vec::new();
    if let Some(file) = psl_file {
        args.extend(["--psl-file", file]);
    }
    args.push("psl");
    args.extend(hosts.iter().map(String::as_str));
    let (status, stdout, stderr) = run(&args);
    assert!(status.success(), "{stderr}");
    stdout
        .lines()
        .map(|line| {
            let (host, domain) = line.split_once('\t').expect("HOST<TAB>DOMAIN");
            assert!(!host.is_empty());
            domain.to_owned()
        })
        .collect()
}

fn assert_agree(list_file: &str, psl_file: Option<&str>) {
    let list = std::fs::read_to_string(list_file).unwrap();
    let hosts = hosts_around_rules(&list);
    assert!(hosts.len() > 20_000, "only {} hosts", hosts.len());
    let expected = libpsl(list_file, &hosts);
    let got = ours(psl_file, &hosts);
    assert_eq!(expected.len(), hosts.len());
    let disagreements: Vec<String> = hosts
        .iter()
        .zip(expected.iter().zip(&got))
        .filter(|(_, (want, have))| want != have)
        .map(|(host, (want, have))| format!("{host}: libpsl {want}, ours {have}"))
        .collect();
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first: {:#?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(20)]
    );
}

#[test]
fn the_embedded_list_agrees_with_libpsl_on_every_rule() {
    if libpsl_available() {
        assert_agree(EMBEDDED, None);
    }
}

#[test]
fn the_compiled_snapshot_is_the_data_file() {
    // The embedded list is compiled into code by the `psl` crate; the data
    // file is its human-readable source. Every host around every rule gets
    // the same answer from both, with or without libpsl on the machine.
    let list = std::fs::read_to_string(EMBEDDED).unwrap();
    let hosts = hosts_around_rules(&list);
    assert_eq!(ours(None, &hosts), ours(Some(EMBEDDED), &hosts));
}

#[test]
fn a_psl_file_is_used_alone_and_agrees_with_libpsl() {
    if libpsl_available() && Path::new(DEBIAN_LIST).exists() {
        assert_agree(DEBIAN_LIST, Some(DEBIAN_LIST));
    }
}

#[test]
fn hosts_are_normalised_before_lookup() {
    let hosts = [
        "WWW.Example.CO.UK",
        "www.example.co.uk.",
        ".www.example.co.uk",
        "foo.bar.github.io",
        "GitHub.io",
        "x.y.s3.eu-west-1.amazonaws.com",
        "a.b.c.kawasaki.jp",
        "www.city.kawasaki.jp",
        "bücher.de",
        "WWW.BÜCHER.DE",
        "www.xn--bcher-kva.de",
        "localhost",
        "192.168.0.1",
        "[2001:db8::1]",
        "foo.test",
        "example..com",
    ];
    let (status, stdout, _) = run(&[&["psl"][..], &hosts[..]].concat());
    assert!(status.success());
    let expected = "WWW.Example.CO.UK\texample.co.uk\n\
                    www.example.co.uk.\texample.co.uk\n\
                    .www.example.co.uk\texample.co.uk\n\
                    foo.bar.github.io\tbar.github.io\n\
                    GitHub.io\t-\n\
                    x.y.s3.eu-west-1.amazonaws.com\ty.s3.eu-west-1.amazonaws.com\n\
                    a.b.c.kawasaki.jp\tb.c.kawasaki.jp\n\
                    www.city.kawasaki.jp\tcity.kawasaki.jp\n\
                    bücher.de\txn--bcher-kva.de\n\
                    WWW.BÜCHER.DE\txn--bcher-kva.de\n\
                    www.xn--bcher-kva.de\txn--bcher-kva.de\n\
                    localhost\tlocalhost\n\
                    192.168.0.1\t192.168.0.1\n\
                    [2001:db8::1]\t2001:db8::1\n\
                    foo.test\tfoo.test\n\
                    example..com\t-\n";
    assert_eq!(stdout, expected);
}

#[test]
fn a_missing_or_empty_psl_file_is_a_clear_error() {
    let (status, _, stderr) = run(&["--psl-file", "/nonexistent/list.dat", "psl", "example.com"]);
    assert_eq!(status.code(), Some(2), "bad input");
    assert!(
        stderr.contains("cannot read the Public Suffix List '/nonexistent/list.dat'"),
        "{stderr}"
    );
    let empty = tempfile::NamedTempFile::new().unwrap();
    let (status, _, stderr) = run(&["--psl-file", empty.path().to_str().unwrap(), "psl", "example.com"]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("cannot parse the Public Suffix List"), "{stderr}");
}
