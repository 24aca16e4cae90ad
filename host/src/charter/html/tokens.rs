//! html5gum's WHATWG tokenizer, told what to keep. The reader needs tag
//! names, text, the self-closing flag and three attributes (`colspan`,
//! `rowspan`, `shadowrootmode`), so other attribute values, comments and
//! doctypes are dropped as they are read instead of being built into
//! tokens: html5ever's tokenizer, which builds every token, took 9 ms of a
//! 1 MB page, and this takes 2.

use std::convert::Infallible;

use html5gum::{Emitter, Error, State, Tokenizer};

use super::Reader;

/// A start tag, as the reader sees it.
pub struct StartTag<'a> {
    /// Lower case, as the tokenizer writes tag names.
    pub name: &'a str,
    pub self_closing: bool,
    pub colspan: Option<usize>,
    pub rowspan: Option<usize>,
    /// A `<template shadowrootmode>`, whose content the page shows.
    pub shadow_root: bool,
}

/// Reads `content` into `reader`, token by token.
pub fn tokenize(content: &str, reader: &mut Reader) {
    let tags = Tags {
        reader,
        text: Vec::new(),
        name: Vec::new(),
        end: false,
        self_closing: false,
        attribute: Vec::new(),
        value: Vec::new(),
        attributes: Attributes::default(),
        last_start: Vec::new(),
    };
    // Every token is handed to the reader as it is read, none is yielded,
    // and reading a `&str` cannot fail.
    let Ok(()) = Tokenizer::new_with_emitter(content, tags).finish();
}

/// The attributes the reader reads; the first of a name counts, as in
/// browsers.
#[derive(Default)]
struct Attributes {
    colspan: Option<Option<usize>>,
    rowspan: Option<Option<usize>>,
    shadow_root: bool,
}

/// The tokenizer's callbacks, turned into the reader's calls.
struct Tags<'r> {
    reader: &'r mut Reader,
    /// The text read since the last tag.
    text: Vec<u8>,
    /// The name of the tag being read.
    name: Vec<u8>,
    /// Whether it is an end tag.
    end: bool,
    self_closing: bool,
    /// The name of the attribute being read, and its value if it is one
    /// the reader reads.
    attribute: Vec<u8>,
    value: Vec<u8>,
    attributes: Attributes,
    /// The name of the last start tag: only its end tag ends raw text
    /// (`<script>…</script>`).
    last_start: Vec<u8>,
}

/// Longer values of `colspan` and `rowspan` are not numbers worth reading.
const MAX_VALUE_BYTES: usize = 16;

impl Tags<'_> {
    fn init_tag(&mut self, end: bool) {
        self.name.clear();
        self.end = end;
        self.self_closing = false;
        self.attribute.clear();
        self.value.clear();
        self.attributes = Attributes::default();
    }

    /// Hands the text read since the last tag to the reader. It is kept
    /// until then because the tokenizer may cut it inside a character
    /// (`&r` then `é`, byte by byte).
    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(&self.text);
        if text.contains('\0') {
            // The tokenizer passes NUL on; tree construction drops it from
            // the page's text, as browsers do.
            self.reader.text(&text.replace('\0', ""));
        } else {
            self.reader.text(&text);
        }
        self.text.clear();
    }

    /// Keeps the attribute just read, if the reader reads it.
    fn finish_attribute(&mut self) {
        let number = || dimension(&self.value);
        match self.attribute.as_slice() {
            b"colspan" if self.attributes.colspan.is_none() => self.attributes.colspan = Some(number()),
            b"rowspan" if self.attributes.rowspan.is_none() => self.attributes.rowspan = Some(number()),
            b"shadowrootmode" => self.attributes.shadow_root = true,
            _ => {}
        }
        self.attribute.clear();
        self.value.clear();
    }

    fn reads_value(&self) -> bool {
        matches!(self.attribute.as_slice(), b"colspan" | b"rowspan")
    }
}

/// A `colspan` or `rowspan` as browsers read it: the digits after leading
/// white space, whatever follows (`"2;"` is 2).
fn dimension(value: &[u8]) -> Option<usize> {
    let value = value.trim_ascii_start();
    let digits = value.iter().take_while(|byte| byte.is_ascii_digit()).count();
    std::str::from_utf8(&value[..digits]).ok()?.parse().ok()
}

impl Emitter for Tags<'_> {
    type Token = Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start.clear();
        self.last_start
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_error(&mut self, _: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Infallible> {
        None
    }

    fn emit_string(&mut self, text: &[u8]) {
        self.text.extend_from_slice(text);
    }

    fn init_start_tag(&mut self) {
        self.init_tag(false);
    }

    fn init_end_tag(&mut self) {
        self.init_tag(true);
    }

    fn init_comment(&mut self) {}

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_text();
        self.finish_attribute();
        let name = String::from_utf8_lossy(&self.name);
        if self.end {
            self.reader.end(&name);
            return None;
        }
        self.last_start.clear();
        self.last_start.extend_from_slice(&self.name);
        self.reader.start(StartTag {
            name: &name,
            self_closing: self.self_closing,
            colspan: self.attributes.colspan.flatten(),
            rowspan: self.attributes.rowspan.flatten(),
            shadow_root: self.attributes.shadow_root,
        })
    }

    fn emit_current_comment(&mut self) {}

    fn emit_current_doctype(&mut self) {}

    fn set_self_closing(&mut self) {
        self.self_closing = true;
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, name: &[u8]) {
        self.name.extend_from_slice(name);
    }

    fn push_comment(&mut self, _: &[u8]) {}

    fn push_doctype_name(&mut self, _: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        self.finish_attribute();
    }

    fn push_attribute_name(&mut self, name: &[u8]) {
        self.attribute.extend_from_slice(name);
    }

    fn push_attribute_value(&mut self, value: &[u8]) {
        if self.reads_value() {
            let room = MAX_VALUE_BYTES.saturating_sub(self.value.len());
            self.value.extend_from_slice(&value[..value.len().min(room)]);
        }
    }

    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.end && self.name == self.last_start
    }

    /// `<![CDATA[…]]>` is a section of text inside `<svg>` and `<math>`,
    /// and a comment elsewhere.
    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        self.reader.in_foreign_content()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_browsers_read_them() {
        assert_eq!(dimension(b"2"), Some(2));
        assert_eq!(dimension(b" 3;"), Some(3));
        assert_eq!(dimension(b"2.5"), Some(2));
        assert_eq!(dimension(b"two"), None);
        assert_eq!(dimension(b""), None);
    }
}
