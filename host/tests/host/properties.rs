//! Properties, checked on generated inputs (proptest): frames come back as
//! they were written however the pipe delivers them, and the registrable
//! domain behaves as a site must (a suffix of the host on a label boundary,
//! idempotent, blind to case).

use std::io::{self, Read};

use cookie_charter::messaging::{write_frame, FrameError, FrameReader, Inbound};
use cookie_charter::site::{Host, SuffixList};
use proptest::prelude::*;

/// A pipe that hands out at most a few bytes per read, as a real pipe may.
struct Trickle<'a> {
    bytes: &'a [u8],
    steps: Vec<usize>,
    at: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let step = self.steps[self.at % self.steps.len()].max(1);
        self.at += 1;
        let n = step.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn encode(payloads: &[Vec<u8>]) -> Vec<u8> {
    let mut stream = Vec::new();
    for payload in payloads {
        write_frame(&mut stream, payload).unwrap();
    }
    stream
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn frames_round_trip_through_any_pipe(
        payloads in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..3000), 0..8),
        steps in prop::collection::vec(1usize..700, 1..6),
    ) {
        let stream = encode(&payloads);
        let mut reader = FrameReader::new(Trickle { bytes: &stream, steps, at: 0 });
        for payload in &payloads {
            prop_assert_eq!(reader.next_frame().unwrap(), Inbound::Frame(payload.clone()));
        }
        prop_assert_eq!(reader.next_frame().unwrap(), Inbound::End);
    }

    #[test]
    fn a_stream_cut_anywhere_gives_its_whole_frames_then_end_or_truncation(
        payloads in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let stream = encode(&payloads);
        let cut = cut.index(stream.len() + 1);
        let mut reader = FrameReader::new(&stream[..cut]);
        let mut offset = 0;
        for payload in &payloads {
            let end = offset + 4 + payload.len();
            if end > cut {
                let truncated = matches!(reader.next_frame(), Err(FrameError::Truncated { .. }));
                prop_assert_eq!(truncated, cut > offset, "cut {} inside the frame at {}", cut, offset);
                return Ok(());
            }
            prop_assert_eq!(reader.next_frame().unwrap(), Inbound::Frame(payload.clone()));
            offset = end;
        }
        prop_assert_eq!(reader.next_frame().unwrap(), Inbound::End);
    }
}

/// Host names over the suffixes that make the PSL interesting: multi-label,
/// private section, wildcard (`*.ck`, `*.kawasaki.jp`) and exception rules
/// (`!www.ck`, `!city.kawasaki.jp`), IDN, unknown TLDs.
fn host_name() -> impl Strategy<Value = String> {
    let label = "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?";
    let suffix = prop::sample::select(vec![
        "com",
        "fr",
        "co.uk",
        "github.io",
        "s3.amazonaws.com",
        "blogspot.com",
        "kawasaki.jp",
        "city.kawasaki.jp",
        "ck",
        "www.ck",
        "xn--p1ai",
        "unknown-tld",
        "nantesmetropole.fr",
    ]);
    (prop::collection::vec(label, 0..4), suffix).prop_map(|(labels, suffix)| {
        let mut name = labels.join(".");
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(suffix);
        name
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_registrable_domain_is_a_label_suffix_idempotent_and_blind_to_case(name in host_name()) {
        let list = SuffixList::embedded();
        // Generated labels may spell invalid punycode (`xn--zz`): not hosts.
        let Ok(host) = Host::parse(&name) else {
            return Ok(());
        };
        let Some(domain) = list.registrable_domain(&host) else {
            return Ok(());
        };
        prop_assert!(
            host.as_str() == domain || host.as_str().ends_with(&format!(".{domain}")),
            "{} is not a suffix of {} on a label boundary", domain, name
        );
        let again = Host::parse(domain).unwrap();
        prop_assert_eq!(list.registrable_domain(&again), Some(domain), "not idempotent for {}", name);
        let upper = Host::parse(&name.to_uppercase()).unwrap();
        prop_assert_eq!(list.registrable_domain(&upper), Some(domain), "case changes {}", name);
    }

    #[test]
    fn an_ip_address_is_its_own_site(octets in any::<[u8; 4]>(), segments in any::<[u16; 8]>()) {
        let list = SuffixList::embedded();
        let v4 = std::net::Ipv4Addr::from(octets).to_string();
        let host = Host::parse(&v4).unwrap();
        prop_assert_eq!(list.registrable_domain(&host), Some(v4.as_str()));
        let v6 = std::net::Ipv6Addr::from(segments).to_string();
        let host = Host::parse(&format!("[{v6}]")).unwrap();
        prop_assert_eq!(list.registrable_domain(&host), Some(v6.as_str()));
    }
}
