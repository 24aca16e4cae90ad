//! What the HTML standard says about each element, as far as reading a
//! policy page needs it: which elements hold no charter text, which flow
//! inside a line, which never have content, which close an open paragraph,
//! and which switch the tokenizer to raw text. The lists follow the WHATWG
//! parsing section (§13.2.6, "tree construction").

use std::borrow::Cow;

use html5gum::State;

/// Elements whose content is never charter text: code, styles, forms'
/// controls, embedded documents, and the document's head.
pub fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "svg"
            | "math"
            | "title"
            | "iframe"
            | "button"
            | "select"
            | "textarea"
            | "noembed"
            | "noframes"
            | "object"
    )
}

/// Elements that flow inside a line of text (phrasing content).
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "nobr"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
    )
}

/// Elements that never have content or an end tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "image"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Headings `h1` to `h6`, with their level.
pub fn heading_level(name: &str) -> Option<usize> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] => Some(usize::from(level - b'0')),
        _ => None,
    }
}

/// The parts of a table, which only mean something inside one.
pub fn is_table_part(name: &str) -> bool {
    matches!(
        name,
        "caption" | "colgroup" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th"
    )
}

/// Start tags that close an open `<p>` ("a `<p>` cannot hold a `<div>`").
pub fn closes_paragraph(name: &str) -> bool {
    heading_level(name).is_some()
        || matches!(
            name,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "center"
                | "details"
                | "dialog"
                | "dir"
                | "div"
                | "dl"
                | "dd"
                | "dt"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "header"
                | "hgroup"
                | "hr"
                | "li"
                | "listing"
                | "main"
                | "menu"
                | "nav"
                | "ol"
                | "p"
                | "plaintext"
                | "pre"
                | "search"
                | "section"
                | "summary"
                | "table"
                | "ul"
                | "xmp"
        )
}

/// The "special" elements, which an implied `</li>`, `</dd>` or `</dt>`
/// does not reach past (§13.2.4.2), except `address`, `div` and `p`.
pub fn stops_implied_item_end(name: &str) -> bool {
    !matches!(name, "address" | "div" | "p")
        && (closes_paragraph(name)
            || is_skipped(name)
            || is_void(name)
            || matches!(
                name,
                "applet"
                    | "caption"
                    | "colgroup"
                    | "frameset"
                    | "marquee"
                    | "tbody"
                    | "td"
                    | "tfoot"
                    | "th"
                    | "thead"
                    | "tr"
            ))
}

/// Elements that bound a search for the element an end tag closes: an end
/// tag never closes anything outside the table, cell or caption it is in.
pub fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "applet" | "caption" | "html" | "marquee" | "object" | "table" | "td" | "template" | "th"
    )
}

/// The tokenizer state an element's content is read in, for the elements
/// whose content is not markup.
pub fn content_state(name: &str) -> Option<State> {
    match name {
        "title" | "textarea" => Some(State::RcData),
        // Scripting is on in the browsers the charter comes from, so
        // `<noscript>` content is raw text, as there.
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(State::RawText),
        "script" => Some(State::ScriptData),
        "plaintext" => Some(State::PlainText),
        _ => None,
    }
}

/// The names most pages use, sorted: an open element borrows its name from
/// here instead of allocating one.
const COMMON_NAMES: [&str; 84] = [
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "html",
    "i",
    "iframe",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "main",
    "mark",
    "math",
    "menu",
    "nav",
    "noscript",
    "ol",
    "p",
    "path",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// An element's name, borrowed if it is a common one.
pub fn intern(name: &str) -> Cow<'static, str> {
    match COMMON_NAMES.binary_search(&name) {
        Ok(at) => Cow::Borrowed(COMMON_NAMES[at]),
        Err(_) => Cow::Owned(name.to_owned()),
    }
}

/// HTML start tags that end an open `<svg>` or `<math>` (§13.2.6.5): a page
/// that forgets `</svg>` does not lose the rest of its text.
pub fn breaks_out_of_foreign_content(name: &str) -> bool {
    heading_level(name).is_some()
        || matches!(
            name,
            "b" | "big"
                | "blockquote"
                | "body"
                | "br"
                | "center"
                | "code"
                | "dd"
                | "div"
                | "dl"
                | "dt"
                | "em"
                | "embed"
                | "head"
                | "hr"
                | "i"
                | "img"
                | "li"
                | "listing"
                | "menu"
                | "meta"
                | "nobr"
                | "ol"
                | "p"
                | "pre"
                | "ruby"
                | "s"
                | "small"
                | "span"
                | "strong"
                | "strike"
                | "sub"
                | "sup"
                | "table"
                | "tt"
                | "u"
                | "ul"
                | "var"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_are_sorted_and_borrowed() {
        assert!(COMMON_NAMES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(matches!(intern("td"), Cow::Borrowed("td")));
        assert!(matches!(intern("cookie-table"), Cow::Owned(name) if name == "cookie-table"));
    }
}
