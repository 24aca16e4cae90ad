//! The HTML reader: the policy page itself, parsed by a real HTML5 parser
//! (html5ever, through `scraper`), walked in document order into
//! [`Block`]s: headings, tables (with their `<caption>` and `<th>` rows),
//! definition lists, list items and prose. Consent managers' declaration
//! layouts (Cookiebot's `CookieDeclarationTable`, OneTrust's cookie list,
//! section titles in `<p><strong>`) come out as the same blocks.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::document::{self, Block};
use super::Charter;

pub fn read(content: &str) -> Charter {
    let html = Html::parse_document(content);
    let mut walker = Walker::default();
    walker.children(*html.root_element());
    walker.flush();
    document::declarations(walker.blocks)
}

/// Elements whose content is never charter text.
const SKIPPED: [&str; 9] = [
    "script", "style", "template", "noscript", "svg", "head", "iframe", "button", "select",
];

/// Elements that flow inside a line of text.
const INLINE: [&str; 17] = [
    "a", "abbr", "b", "bdi", "cite", "code", "data", "em", "i", "kbd", "label", "mark", "q", "s", "samp",
    "small", "span",
];
const MORE_INLINE: [&str; 6] = ["strong", "sub", "sup", "time", "u", "var"];

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    /// Inline text met directly inside a block container, waiting for the
    /// next block boundary.
    pending: String,
}

impl Walker {
    fn children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            self.node(child);
        }
    }

    fn node(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(text) => self.pending.push_str(text),
            Node::Element(_) => {
                if let Some(element) = ElementRef::wrap(node) {
                    self.element(element);
                }
            }
            _ => {}
        }
    }

    fn element(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        if SKIPPED.contains(&name) || element.value().attr("hidden").is_some() {
            return;
        }
        if INLINE.contains(&name) || MORE_INLINE.contains(&name) {
            self.pending.push_str(&inline_text(element));
            return;
        }
        if name == "br" {
            self.pending.push(' ');
            return;
        }
        self.flush();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.blocks.push(Block::Heading {
                    level,
                    text: text_of(element),
                });
            }
            "table" => self.table(element),
            "dl" => self.definitions(element),
            "li" => {
                self.blocks.push(Block::Item(text_without_lists(element)));
                for nested in element.children().filter_map(ElementRef::wrap) {
                    if matches!(nested.value().name(), "ul" | "ol" | "dl" | "table") {
                        self.element(nested);
                    }
                }
            }
            "p" | "summary" | "legend" | "figcaption" | "dt" | "dd" | "caption" => {
                self.blocks.push(Block::Text(text_of(element)));
            }
            _ => {
                self.children(*element);
                self.flush();
            }
        }
    }

    /// Emits the inline text gathered so far as a block of prose.
    fn flush(&mut self) {
        let text = document::collapse(&self.pending);
        self.pending.clear();
        if !text.is_empty() {
            self.blocks.push(Block::Text(text));
        }
    }

    fn table(&mut self, table: ElementRef<'_>) {
        let mut caption = None;
        let mut rows = Vec::new();
        let mut nested = Vec::new();
        collect_rows(table, &mut caption, &mut rows, &mut nested);
        self.blocks.push(Block::Table { caption, rows });
        for inner in nested {
            self.table(inner);
        }
    }

    fn definitions(&mut self, list: ElementRef<'_>) {
        let mut term: Option<String> = None;
        for child in list.descendants().filter_map(ElementRef::wrap) {
            match child.value().name() {
                "dt" => term = Some(text_of(child)),
                "dd" => {
                    if let Some(term) = term.take() {
                        self.blocks.push(Block::Definition {
                            term,
                            details: text_of(child),
                        });
                    }
                }
                _ => {}
            }
        }
    }
}

/// The rows of a table (through `thead`, `tbody`, `tfoot`), its caption,
/// and the tables nested in its cells, which are read on their own.
fn collect_rows<'a>(
    node: ElementRef<'a>,
    caption: &mut Option<String>,
    rows: &mut Vec<Vec<String>>,
    nested: &mut Vec<ElementRef<'a>>,
) {
    for child in node.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "caption" => *caption = Some(text_of(child)),
            "thead" | "tbody" | "tfoot" => collect_rows(child, caption, rows, nested),
            "tr" => {
                let mut cells = Vec::new();
                for cell in child.children().filter_map(ElementRef::wrap) {
                    if matches!(cell.value().name(), "td" | "th") {
                        outermost_tables(*cell, nested);
                        let span = cell
                            .value()
                            .attr("colspan")
                            .and_then(|s| s.parse::<usize>().ok())
                            .unwrap_or(1);
                        let text = cell_text(cell);
                        cells.push(text);
                        // A spanning cell covers the columns after it.
                        cells.extend(std::iter::repeat_n(String::new(), span.clamp(1, 20) - 1));
                    }
                }
                rows.push(cells);
            }
            _ => {}
        }
    }
}

/// The tables inside a cell, but not those inside them: each of those is
/// found when its own parent table is read. (Taking every descendant read a
/// table once per table around it: 2^n readings for n nested tables, which
/// fuzzing found as a 1.4 KB page taking seconds.)
fn outermost_tables<'a>(node: NodeRef<'a, Node>, tables: &mut Vec<ElementRef<'a>>) {
    for child in node.children() {
        if let Some(element) = ElementRef::wrap(child) {
            if element.value().name() == "table" {
                tables.push(element);
            } else {
                outermost_tables(child, tables);
            }
        }
    }
}

/// A cell's text, without the text of tables nested in it. Lines (`<br>`,
/// list items, paragraphs) stay lines, so that cookie names written one per
/// line remain separate names.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut text = String::new();
    gather(*cell, &mut text);
    document::collapse_lines(&text)
}

fn gather(node: NodeRef<'_, Node>, text: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(part) => text.push_str(part),
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED.contains(&name) || name == "table" {
                    continue;
                }
                let breaks = matches!(name, "br" | "li" | "p" | "div");
                if breaks {
                    text.push('\n');
                }
                gather(child, text);
                if breaks {
                    text.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// The text of an inline element; `<code>` keeps its backticks, so that a
/// list item "`_ga` : …" still marks its cookie name.
fn inline_text(element: ElementRef<'_>) -> String {
    let text = element.text().collect::<String>();
    if element.value().name() == "code" && !text.trim().is_empty() {
        format!("`{}`", text.trim())
    } else {
        text
    }
}

fn text_of(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Node::Text(part) = node.value() {
            let skipped = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| SKIPPED.contains(&a.value().name()));
            if !skipped {
                text.push_str(part);
            }
        }
    }
    document::collapse(&text)
}

/// A list item's own text, without its nested lists (read as items of
/// their own), `<code>` kept as backticks.
fn text_without_lists(item: ElementRef<'_>) -> String {
    let mut text = String::new();
    for child in item.children() {
        match child.value() {
            Node::Text(part) => text.push_str(part),
            Node::Element(element) if !matches!(element.name(), "ul" | "ol" | "dl" | "table") => {
                if let Some(child) = ElementRef::wrap(child) {
                    if element.name() == "code" {
                        text.push_str(&inline_text(child));
                    } else {
                        text.push_str(&text_of(child));
                        text.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    document::collapse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purpose::Purpose;

    #[test]
    fn tables_captions_lists_and_definitions() {
        let page = r#"<!doctype html><html><head><title>Cookies</title><script>var x = "<table>";</script></head>
        <body><nav><a href="/">Accueil</a></nav>
        <h1>Politique de cookies</h1>
        <p>Nous utilisons des cookies.</p>
        <h2>Cookies nécessaires</h2>
        <table><caption>Session</caption>
          <thead><tr><th>Nom du cookie</th><th>Finalité</th><th>Durée</th></tr></thead>
          <tbody><tr><td><code>sessionid</code></td><td>Se souvenir de vous</td><td>2 semaines</td></tr>
                 <tr><td>csrftoken<br>XSRF-TOKEN</td><td>Sécurité</td><td>1 an</td></tr></tbody>
        </table>
        <h2>Mesure d'audience</h2>
        <ul><li><code>_pk_id.*</code> : identifiant du visiteur (13 mois)</li><li>Rien d'autre ici.</li></ul>
        <h2>Vidéos YouTube</h2>
        <dl><dt>VISITOR_INFO1_LIVE</dt><dd>Publicité ciblée, 6 mois</dd></dl>
        </body></html>"#;
        let charter = read(page);
        let got: Vec<(&str, Purpose, Option<&str>, Option<f64>)> = charter
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.category,
                    e.section.as_deref(),
                    e.duration.as_ref().and_then(|d| d.days),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("sessionid", Purpose::Necessary, Some("Session"), Some(14.0)),
                ("csrftoken", Purpose::Necessary, Some("Session"), Some(365.0)),
                ("XSRF-TOKEN", Purpose::Necessary, Some("Session"), Some(365.0)),
                (
                    "_pk_id.*",
                    Purpose::Statistics,
                    Some("Mesure d'audience"),
                    Some(395.4)
                ),
                (
                    "VISITOR_INFO1_LIVE",
                    Purpose::Marketing,
                    Some("Vidéos YouTube"),
                    Some(182.5)
                ),
            ]
        );
        assert_eq!(charter.warnings, Vec::<String>::new());
    }

    #[test]
    fn cookiebot_declaration_layout() {
        let page = r#"<div id="CookieDeclaration"><div class="CookieDeclarationType">
          <p class="CookieDeclarationTypeHeader"><strong>Statistiken (2)</strong></p>
          <p class="CookieDeclarationTypeDescription">Statistik-Cookies helfen Webseiten-Besitzern zu verstehen, wie Besucher mit Webseiten interagieren.</p>
          <table class="CookieDeclarationTable"><colgroup><col><col></colgroup>
            <thead><tr><th scope="col">Name</th><th scope="col">Anbieter</th><th scope="col">Zweck</th><th scope="col">Ablauf</th><th scope="col">Typ</th></tr></thead>
            <tbody><tr><td class="CookieDeclarationTableCell">_ga</td><td>Google</td><td>Registriert eine eindeutige ID.</td><td>2 Jahre</td><td>HTTP</td></tr>
                   <tr><td>_ga_#</td><td>Google</td><td>Sammelt Daten.</td><td>2 Jahre</td><td>HTTP</td></tr></tbody>
          </table></div></div>"#;
        let charter = read(page);
        let got: Vec<(&str, Option<&str>, Purpose, Option<&str>)> = charter
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.pattern.as_deref(),
                    e.category,
                    e.section.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("_ga", None, Purpose::Statistics, Some("Statistiken (2)")),
                (
                    "_ga_#",
                    Some("_ga_*"),
                    Purpose::Statistics,
                    Some("Statistiken (2)")
                ),
            ]
        );
    }

    #[test]
    fn nested_tables_are_each_read_once() {
        // Fuzzing regression: every table used to be read again by each
        // table around it, 2^n times in all.
        let depth = 24;
        let mut page = String::new();
        for level in 0..depth {
            page.push_str(&format!("<table><tr><th>Name</th></tr><tr><td>c{level}"));
        }
        for _ in 0..depth {
            page.push_str("</td></tr></table>");
        }
        let started = std::time::Instant::now();
        let charter = read(&page);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let names: Vec<&str> = charter.entries.iter().map(|e| e.name.as_str()).collect();
        let expected: Vec<String> = (0..depth).map(|level| format!("c{level}")).collect();
        assert_eq!(names, expected);
    }
}
