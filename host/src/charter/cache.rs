//! Charters already read in this session. The extension sends a site's
//! charter with every classify request (on each navigation and cookie
//! change), so a host serving a port reads each charter once.
//!
//! Entries are keyed by format and a 64-bit SipHash of the content under a
//! key drawn at random per process, so that a page cannot craft two
//! charters that share an entry; the content's length is part of the key.

use std::cell::RefCell;
use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::rc::Rc;

use super::{read, Charter, CharterError, Format};

/// How many charters are kept; a session rarely visits more sites at once.
const CAPACITY: usize = 16;

/// Charters larger than this are read every time rather than kept.
const MAX_CACHED_BYTES: usize = 4 * 1024 * 1024;

type Key = (Format, usize, u64);

/// The most recently used charters, most recent first.
pub struct CharterCache {
    hasher: RandomState,
    entries: RefCell<VecDeque<(Key, Rc<Charter>)>>,
}

impl Default for CharterCache {
    fn default() -> CharterCache {
        CharterCache {
            hasher: RandomState::new(),
            entries: RefCell::new(VecDeque::with_capacity(CAPACITY)),
        }
    }
}

impl CharterCache {
    /// Reads a charter, or returns the reading of the same content done
    /// earlier in this session.
    pub fn read(&self, format: Format, content: &str) -> Result<Rc<Charter>, CharterError> {
        if content.len() > MAX_CACHED_BYTES {
            return read(format, content).map(Rc::new);
        }
        let key = (format, content.len(), self.hasher.hash_one(content));
        let mut entries = self.entries.borrow_mut();
        if let Some(at) = entries.iter().position(|(k, _)| *k == key) {
            let entry = entries.remove(at).expect("the position was just found");
            let charter = Rc::clone(&entry.1);
            entries.push_front(entry);
            return Ok(charter);
        }
        let charter = Rc::new(read(format, content)?);
        if entries.len() == CAPACITY {
            entries.pop_back();
        }
        entries.push_front((key, Rc::clone(&charter)));
        Ok(charter)
    }

    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_content_is_read_once() {
        let cache = CharterCache::default();
        let first = cache.read(Format::Text, "Name\tPurpose\n_ga\tstats\n").unwrap();
        let second = cache.read(Format::Text, "Name\tPurpose\n_ga\tstats\n").unwrap();
        assert!(Rc::ptr_eq(&first, &second));
        let html = cache.read(Format::Html, "Name\tPurpose\n_ga\tstats\n").unwrap();
        assert!(!Rc::ptr_eq(&first, &html), "the format is part of the key");
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn the_least_recently_used_charter_leaves_first() {
        let cache = CharterCache::default();
        let contents: Vec<String> = (0..=CAPACITY).map(|i| format!("Name\n_c{i}\tx\n")).collect();
        let first = cache.read(Format::Text, &contents[0]).unwrap();
        for content in &contents[1..CAPACITY] {
            cache.read(Format::Text, content).unwrap();
        }
        // Touch the first, then overflow: the second is evicted, not the first.
        assert!(Rc::ptr_eq(
            &first,
            &cache.read(Format::Text, &contents[0]).unwrap()
        ));
        cache.read(Format::Text, &contents[CAPACITY]).unwrap();
        assert_eq!(cache.len(), CAPACITY);
        assert!(Rc::ptr_eq(
            &first,
            &cache.read(Format::Text, &contents[0]).unwrap()
        ));
    }
}
