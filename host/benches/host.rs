//! Benchmarks of the host's steady state: registrable-domain lookups,
//! charter parsing (the seed, and a 1 MB policy page), and classification
//! (the pure procedure, and a whole request through the protocol).
//! Start-up and the persistent-port throughput are measured by
//! `scripts/bench.sh`, across processes.

use std::hint::black_box;
use std::path::Path;

use cookie_charter::charter::{self, Format};
use cookie_charter::classify::{classify, ObservedCookie, Page};
use cookie_charter::protocol::{self, Context};
use cookie_charter::site::{Host, SuffixList};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const SEED: &str = include_str!("../../../shared/seed/charte-cookies-data-nantesmetropole.txt");
const NOW: f64 = 1_764_374_400.0;

/// A mix of hosts as a browsing session meets them: multi-level suffixes,
/// private-section suffixes, wildcard and exception rules, IDN, IPs.
const HOSTS: [&str; 16] = [
    "www.example.com",
    "data.nantesmetropole.fr",
    "static.xx.fbcdn.net",
    "www.bbc.co.uk",
    "foo.github.io",
    "a.b.c.kawasaki.jp",
    "www.city.kawasaki.jp",
    "bucket.s3.eu-west-1.amazonaws.com",
    "www.xn--bcher-kva.de",
    "ads.doubleclick.net",
    "www.googletagmanager.com",
    "cdn.jsdelivr.net",
    "myblog.blogspot.com",
    "x.y.z.example.org",
    "www.gov.uk",
    "shop.example.co.jp",
];

fn seed_cookies() -> Vec<ObservedCookie> {
    serde_json::from_value(serde_json::json!([
        {"name": "sessionid", "domain": "data.nantesmetropole.fr", "session": true},
        {"name": "csrftoken", "domain": "data.nantesmetropole.fr", "expirationDate": NOW + 3e7},
        {"name": "django_language", "domain": "data.nantesmetropole.fr", "session": true},
        {"name": "cookies_preferences", "domain": "data.nantesmetropole.fr", "expirationDate": NOW + 1.5e7},
        {"name": "_ga", "domain": ".nantesmetropole.fr", "expirationDate": NOW + 400.0 * 86400.0},
        {"name": "_pk_id.7.1fff", "domain": "data.nantesmetropole.fr", "expirationDate": NOW + 3.3e7},
        {"name": "VISITOR_INFO1_LIVE", "domain": ".youtube.com", "expirationDate": NOW + 1.5e7},
        {"name": "ndm_banner_seen", "domain": "data.nantesmetropole.fr", "session": true}
    ]))
    .expect("valid cookies")
}

/// A policy page of about 1 MB: the HTML fixtures, repeated.
fn large_policy_page() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charters");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    pages.sort();
    let body: String = pages.concat();
    let mut page = String::from("<!doctype html><html><body>");
    while page.len() < 1_000_000 {
        page.push_str(&body);
    }
    page.push_str("</body></html>");
    page
}

fn lookups(c: &mut Criterion) {
    let list = SuffixList::embedded();
    let hosts: Vec<Host> = HOSTS
        .iter()
        .map(|h| Host::parse(h).expect("valid host"))
        .collect();
    let mut group = c.benchmark_group("psl");
    group.throughput(Throughput::Elements(hosts.len() as u64));
    group.bench_function("registrable_domain", |b| {
        b.iter(|| {
            for host in &hosts {
                black_box(list.registrable_domain(black_box(host)));
            }
        })
    });
    // The compiled list alone, without normalisation: the floor for the line above.
    group.bench_function("psl_crate_alone", |b| {
        b.iter(|| {
            for host in &hosts {
                black_box(psl::domain(black_box(host.as_str().as_bytes())));
            }
        })
    });
    group.bench_function("parse_and_registrable_domain", |b| {
        b.iter(|| {
            for name in HOSTS {
                if let Ok(host) = Host::parse(black_box(name)) {
                    black_box(list.registrable_domain(&host));
                }
            }
        })
    });
    group.finish();
}

fn parsing(c: &mut Criterion) {
    let page = large_policy_page();
    let mut group = c.benchmark_group("charter");
    group.throughput(Throughput::Bytes(SEED.len() as u64));
    group.bench_function("seed_text", |b| {
        b.iter(|| charter::read(Format::Text, black_box(SEED)))
    });
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.sample_size(20);
    group.bench_function("policy_page_1mb_html", |b| {
        b.iter(|| charter::read(Format::Html, black_box(&page)))
    });
    group.finish();
}

fn classification(c: &mut Criterion) {
    let list = SuffixList::embedded();
    let cookies = seed_cookies();
    let seed = charter::read(Format::Text, SEED).expect("the seed reads");
    let host = Host::parse("data.nantesmetropole.fr").expect("valid host");
    let page = Page {
        url: "https://data.nantesmetropole.fr/",
        host: &host,
        observed_at: NOW,
    };
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(cookies.len() as u64));
    group.bench_function("seed_8_cookies", |b| {
        b.iter(|| classify(&page, black_box(&cookies), Some(&seed), &list, None))
    });

    // A whole request: frame payload in, frames out, charter cached.
    let request = serde_json::to_vec(&serde_json::json!({
        "type": "classify", "id": 1, "site": "https://data.nantesmetropole.fr/", "observedAt": NOW,
        "cookies": serde_json::to_value(
            serde_json::from_str::<serde_json::Value>(&serde_json::to_string(&serde_json::json!([
                {"name": "sessionid", "domain": "data.nantesmetropole.fr", "session": true},
                {"name": "_ga", "domain": ".nantesmetropole.fr", "expirationDate": NOW + 400.0 * 86400.0},
                {"name": "VISITOR_INFO1_LIVE", "domain": ".youtube.com", "expirationDate": NOW + 1.5e7}
            ])).expect("json")).expect("json")).expect("json"),
        "charter": {"format": "text", "content": SEED},
    }))
    .expect("a request");
    let context = Context::new(SuffixList::embedded());
    group.throughput(Throughput::Elements(1));
    group.bench_function("request_through_protocol", |b| {
        b.iter(|| protocol::answer(black_box(&request), &context))
    });
    group.finish();
}

criterion_group!(benches, lookups, parsing, classification);
criterion_main!(benches);
