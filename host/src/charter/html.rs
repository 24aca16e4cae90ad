//! The HTML reader: the policy page, tokenized by a WHATWG tokenizer
//! ([`tokens`]) and read in one pass, in document order, into [`Block`]s:
//! headings, tables (with their `<caption>` and `<th>` rows), definition
//! lists, list items and prose. Consent managers' layouts (Cookiebot's
//! `CookieDeclarationTable`, OneTrust's cookie list, section titles in
//! `<p><strong>`) come out as the same blocks.
//!
//! No DOM is built: building one took half the time of reading a 1 MB page
//! and most of its memory, and the blocks only need the elements open at
//! each point. The tree-construction rules that decide which text belongs
//! where are applied to that stack: implied end tags of `p`, `li`,
//! `dt`/`dd` and of table parts, raw-text elements, `<svg>` ended by HTML,
//! end tags that reach no further than their table, cell or list.
//! Misnested formatting (`<b><i></b>`) is not rebuilt: it moves no text
//! from one block to another.
//!
//! Collapsed panels (`hidden`, `<details>`) are read: what a visitor can
//! unfold is part of what the site declares.

mod elements;
mod tokens;

use std::borrow::Cow;

use html5gum::State;

use super::document::{self, Block};
use super::Charter;
use tokens::StartTag;

pub fn read(content: &str) -> Charter {
    let mut reader = Reader::default();
    tokens::tokenize(content, &mut reader);
    document::declarations(reader.finish())
}

/// How far up the open elements a tag looks for the element it closes.
/// Browsers stop nesting at 512 levels too; without a bound, a page of
/// 100,000 `<div>`s and as many stray `</section>`s takes quadratic time.
const SEARCH_DEPTH: usize = 512;

/// How the text at some point of the page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Between blocks: prose waits in `pending` for the next block boundary.
    Flow,
    /// Not charter text (scripts, forms' controls, …): dropped. `foreign`
    /// inside `<svg>` and `<math>`, whose elements may close themselves.
    Skipped { foreign: bool },
    /// A heading, paragraph, caption, term or details: one line.
    Line,
    /// A list item: one line, but nested lists are blocks of their own and
    /// `<code>` keeps backticks ("`_ga` : …" marks its cookie name).
    Item,
    /// `<code>` in prose or in a list item.
    Code,
    /// A table cell: lines stay lines, so that names written one per line
    /// stay separate names; nested tables are read on their own.
    Cell,
    /// Inside a table, outside its cells and caption.
    Table,
    /// Inside a `<dl>`, outside its terms and details.
    Definitions,
}

/// What an open element is, and so what its end does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Nothing at its end: inline and skipped elements, wrappers.
    Plain,
    /// A block container: the prose gathered before its end is a block.
    Container,
    /// A block inside a line or cell: its edges separate words, or lines.
    Separated(char),
    Heading(usize),
    Paragraph,
    Item,
    Code,
    Table,
    Section,
    Row,
    Cell {
        span: usize,
    },
    Caption,
    Definitions,
    Term,
    Details,
}

impl Role {
    /// Whether the element gathers its text into a line of its own.
    fn has_line(self) -> bool {
        matches!(
            self,
            Role::Heading(_)
                | Role::Paragraph
                | Role::Item
                | Role::Code
                | Role::Cell { .. }
                | Role::Caption
                | Role::Term
                | Role::Details
        )
    }

    /// The context of the element's content, inside `parent`.
    fn inside(self, parent: Context) -> Context {
        match self {
            Role::Plain | Role::Separated(_) => parent,
            Role::Container => Context::Flow,
            Role::Heading(_) | Role::Paragraph | Role::Caption | Role::Term | Role::Details => Context::Line,
            Role::Item => Context::Item,
            Role::Code => Context::Code,
            Role::Table | Role::Section | Role::Row => Context::Table,
            Role::Cell { .. } => Context::Cell,
            Role::Definitions => Context::Definitions,
        }
    }
}

struct Open {
    name: Cow<'static, str>,
    role: Role,
    /// The context of its content.
    inside: Context,
}

/// A table being read.
#[derive(Default)]
struct TableReader {
    caption: Option<String>,
    rows: Vec<Vec<String>>,
    /// The open row.
    row: Option<Vec<String>>,
    /// Text misplaced between table parts: browsers show it before the table.
    fostered: String,
    /// The tables in its cells, read after it.
    nested: Vec<Block>,
}

impl TableReader {
    fn end_row(&mut self) {
        if let Some(row) = self.row.take() {
            self.rows.push(row);
        }
    }

    fn cell(&mut self, text: String, span: usize) {
        let row = self.row.get_or_insert_with(Vec::new);
        row.push(text);
        // A spanning cell covers the columns after it.
        row.extend(std::iter::repeat_n(String::new(), span - 1));
    }

    fn into_blocks(mut self) -> impl Iterator<Item = Block> {
        self.end_row();
        let fostered = document::collapse(&self.fostered);
        let fostered = (!fostered.is_empty()).then_some(Block::Text(fostered));
        let table = Block::Table {
            caption: self.caption,
            rows: self.rows,
        };
        fostered.into_iter().chain([table]).chain(self.nested)
    }
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The open elements, innermost last.
    open: Vec<Open>,
    /// The text of the open elements that gather a line, innermost last.
    lines: Vec<String>,
    /// The open tables, innermost last.
    tables: Vec<TableReader>,
    /// Prose met in block containers, waiting for the next block boundary.
    pending: String,
    /// A `<dt>`'s text, waiting for its `<dd>`.
    term: Option<String>,
}

impl Reader {
    fn context(&self) -> Context {
        self.open.last().map_or(Context::Flow, |open| open.inside)
    }

    fn text(&mut self, text: &str) {
        match self.context() {
            Context::Flow => self.pending.push_str(text),
            Context::Table => {
                if let Some(table) = self.tables.last_mut() {
                    table.fostered.push_str(text);
                }
            }
            Context::Skipped { .. } | Context::Definitions => {}
            Context::Line | Context::Item | Context::Code | Context::Cell => self.line_push(text),
        }
    }

    fn line_push(&mut self, text: &str) {
        if let Some(line) = self.lines.last_mut() {
            line.push_str(text);
        }
    }

    fn start(&mut self, tag: StartTag<'_>) -> Option<State> {
        let name = tag.name;
        if let Context::Skipped { foreign } = self.context() {
            if !(foreign && elements::breaks_out_of_foreign_content(name)) {
                return self.skip(&tag, foreign);
            }
            self.leave_foreign_content();
        }
        if matches!(name, "html" | "head" | "body") {
            return None;
        }
        if matches!(
            name,
            "caption" | "colgroup" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th"
        ) {
            self.table_part(&tag);
            return None;
        }
        self.implied_ends(name);
        if elements::is_skipped(name) {
            return self.skip(&tag, false);
        }
        if name == "table" {
            self.open_table();
            return None;
        }
        let context = self.context();
        if elements::is_void(name) {
            if name == "br" {
                self.line_break(context);
            }
            return None;
        }
        let role = self.role_of(name, context);
        self.push(name, role);
        None
    }

    /// An element in skipped content, or one that skips its content; the
    /// tokenizer state its content is read in.
    fn skip(&mut self, tag: &StartTag<'_>, in_foreign: bool) -> Option<State> {
        let name = tag.name;
        let foreign = in_foreign || matches!(name, "svg" | "math");
        // Only foreign elements close themselves (`<path/>`); `<div/>` opens.
        let closed = elements::is_void(name) || (foreign && tag.self_closing);
        if !closed {
            self.open.push(Open {
                name: elements::intern(name),
                role: Role::Plain,
                inside: Context::Skipped { foreign },
            });
        }
        elements::content_state(name).filter(|_| !foreign)
    }

    fn in_foreign_content(&self) -> bool {
        self.context() == (Context::Skipped { foreign: true })
    }

    /// An HTML element met in `<svg>` or `<math>` ends them.
    fn leave_foreign_content(&mut self) {
        while self.context() == (Context::Skipped { foreign: true }) {
            self.pop();
        }
    }

    /// What a start tag closes before it opens: an open paragraph, a
    /// heading, the previous list item, term or details.
    fn implied_ends(&mut self, name: &str) {
        if elements::closes_paragraph(name) {
            if let Some(at) = self.find_in_scope("p") {
                self.close_to(at);
            }
        }
        if elements::heading_level(name).is_some()
            && self
                .open
                .last()
                .is_some_and(|open| elements::heading_level(&open.name).is_some())
        {
            self.pop();
        }
        let siblings: &[&str] = match name {
            "li" => &["li"],
            "dd" | "dt" => &["dd", "dt"],
            _ => return,
        };
        let found = self
            .open
            .iter()
            .enumerate()
            .rev()
            .take(SEARCH_DEPTH)
            .take_while(|(_, open)| {
                siblings.contains(&&*open.name) || !elements::stops_implied_item_end(&open.name)
            })
            .find(|(_, open)| siblings.contains(&&*open.name));
        if let Some((at, _)) = found {
            self.close_to(at);
        }
    }

    /// What an element is in the context it opens in.
    fn role_of(&mut self, name: &str, context: Context) -> Role {
        if name == "code" && matches!(context, Context::Flow | Context::Item) {
            return Role::Code;
        }
        if elements::is_inline(name) {
            return Role::Plain;
        }
        let block = |name: &str| match name {
            "p" | "summary" | "legend" | "figcaption" | "dt" | "dd" => Role::Paragraph,
            "li" => Role::Item,
            "dl" => Role::Definitions,
            _ => match elements::heading_level(name) {
                Some(level) => Role::Heading(level),
                None => Role::Container,
            },
        };
        match context {
            Context::Flow => {
                self.flush();
                block(name)
            }
            Context::Item if matches!(name, "ul" | "ol" | "dl") => {
                self.end_item_line();
                block(name)
            }
            Context::Definitions => match name {
                "dt" => Role::Term,
                "dd" => Role::Details,
                _ => Role::Plain,
            },
            Context::Cell
                if matches!(name, "li" | "p" | "div" | "dt" | "dd")
                    || elements::heading_level(name).is_some() =>
            {
                Role::Separated('\n')
            }
            Context::Line | Context::Item | Context::Code | Context::Cell => Role::Separated(' '),
            Context::Table | Context::Skipped { .. } => Role::Plain,
        }
    }

    fn push(&mut self, name: &str, role: Role) {
        if let Role::Separated(separator) = role {
            self.line_push(separator.encode_utf8(&mut [0; 4]));
        }
        if role.has_line() {
            self.lines.push(String::new());
        }
        let inside = role.inside(self.context());
        self.open.push(Open {
            name: elements::intern(name),
            role,
            inside,
        });
    }

    fn line_break(&mut self, context: Context) {
        match context {
            Context::Flow => self.pending.push(' '),
            Context::Cell => self.line_push("\n"),
            Context::Line | Context::Item | Context::Code => self.line_push(" "),
            Context::Table | Context::Skipped { .. } | Context::Definitions => {}
        }
    }

    fn open_table(&mut self) {
        loop {
            match self.context() {
                // A table cannot stand directly in a table: it ends that one.
                Context::Table => match self.innermost_table() {
                    Some(at) => self.close_to(at),
                    None => break,
                },
                Context::Flow => {
                    self.flush();
                    break;
                }
                Context::Item => {
                    self.end_item_line();
                    break;
                }
                _ => break,
            }
        }
        self.tables.push(TableReader::default());
        self.push("table", Role::Table);
    }

    /// A table part's start tag closes the cell, row or section it implies
    /// the end of, and opens (under an implied row, for a cell without
    /// one); outside a table it is ignored, as browsers do.
    fn table_part(&mut self, tag: &StartTag<'_>) {
        let Some(table_at) = self.innermost_table() else {
            return;
        };
        let name = tag.name;
        let parent = |role: Role| {
            self.open[table_at..]
                .iter()
                .rposition(|open| open.role == role)
                .map(|at| table_at + at)
        };
        let keep = match name {
            "td" | "th" => parent(Role::Row).or_else(|| parent(Role::Section)),
            "tr" => parent(Role::Section),
            _ => None,
        }
        .unwrap_or(table_at);
        self.close_to(keep + 1);
        match name {
            "td" | "th" => {
                if self.open.last().map(|open| open.role) != Some(Role::Row) {
                    self.open_row("tr");
                }
                let span = tag.colspan.unwrap_or(1).clamp(1, 20);
                self.push(name, Role::Cell { span });
            }
            "tr" => self.open_row(name),
            "caption" => self.push(name, Role::Caption),
            _ => self.push(name, Role::Section),
        }
    }

    fn open_row(&mut self, name: &str) {
        if let Some(table) = self.tables.last_mut() {
            table.end_row();
            table.row = Some(Vec::new());
        }
        self.push(name, Role::Row);
    }

    fn innermost_table(&self) -> Option<usize> {
        self.open
            .iter()
            .enumerate()
            .rev()
            .take(SEARCH_DEPTH)
            .find(|(_, open)| open.role == Role::Table)
            .map(|(at, _)| at)
    }

    fn end(&mut self, name: &str) {
        match name {
            "html" | "head" | "body" => {}
            "br" => self.line_break(self.context()),
            "caption" | "colgroup" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "table" => {
                // A table part's end closes what is open in it, up to its table.
                let found = self
                    .open
                    .iter()
                    .enumerate()
                    .rev()
                    .take(SEARCH_DEPTH)
                    .take_while(|(_, open)| open.role != Role::Table || name == "table")
                    .find(|(_, open)| &*open.name == name);
                if let Some((at, _)) = found {
                    self.close_to(at);
                }
            }
            _ if elements::is_inline(name) => {
                let found = self
                    .open
                    .iter()
                    .enumerate()
                    .rev()
                    .take(SEARCH_DEPTH)
                    .take_while(|(_, open)| &*open.name == name || elements::is_inline(&open.name))
                    .find(|(_, open)| &*open.name == name);
                if let Some((at, _)) = found {
                    self.close_to(at);
                }
            }
            _ => {
                if let Some(at) = self.find_in_scope(name) {
                    self.close_to(at);
                }
            }
        }
    }

    /// The innermost open element named `name`, if no table, cell or
    /// caption (nor, for `li`, a list) stands between it and the end tag.
    fn find_in_scope(&self, name: &str) -> Option<usize> {
        self.open
            .iter()
            .enumerate()
            .rev()
            .take(SEARCH_DEPTH)
            .find(|(_, open)| {
                &*open.name == name
                    || elements::is_scope_boundary(&open.name)
                    || (name == "li" && matches!(&*open.name, "ul" | "ol"))
                    || (name == "p" && &*open.name == "button")
            })
            .filter(|(_, open)| &*open.name == name)
            .map(|(at, _)| at)
    }

    /// Closes the open elements from the innermost down to the one at `at`.
    fn close_to(&mut self, at: usize) {
        while self.open.len() > at {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        let line = if open.role.has_line() {
            self.lines.pop().unwrap_or_default()
        } else {
            String::new()
        };
        match open.role {
            Role::Plain | Role::Section => {}
            Role::Container => self.flush(),
            Role::Separated(separator) => self.line_push(separator.encode_utf8(&mut [0; 4])),
            Role::Heading(level) => self.emit(line, |text| Block::Heading { level, text }),
            Role::Paragraph => self.emit(line, Block::Text),
            Role::Item => self.emit(line, Block::Item),
            Role::Code => {
                let code = line.trim();
                if !code.is_empty() {
                    let code = format!("`{code}`");
                    match self.context() {
                        Context::Flow => self.pending.push_str(&code),
                        _ => self.line_push(&code),
                    }
                }
            }
            Role::Table => {
                if let Some(table) = self.tables.pop() {
                    let blocks = table.into_blocks();
                    match self.tables.last_mut() {
                        Some(outer) => outer.nested.extend(blocks),
                        None => self.blocks.extend(blocks),
                    }
                }
            }
            Role::Row => {
                if let Some(table) = self.tables.last_mut() {
                    table.end_row();
                }
            }
            Role::Cell { span } => {
                if let Some(table) = self.tables.last_mut() {
                    table.cell(document::collapse_lines(&line), span);
                }
            }
            Role::Caption => {
                if let Some(table) = self.tables.last_mut() {
                    table.caption = Some(document::collapse(&line));
                }
            }
            Role::Definitions => self.term = None,
            Role::Term => self.term = Some(document::collapse(&line)),
            Role::Details => {
                if let Some(term) = self.term.take() {
                    let details = document::collapse(&line);
                    self.blocks.push(Block::Definition { term, details });
                }
            }
        }
    }

    /// A block from a line of text, unless it is empty.
    fn emit(&mut self, line: String, block: impl FnOnce(String) -> Block) {
        let text = document::collapse(&line);
        if !text.is_empty() {
            self.blocks.push(block(text));
        }
    }

    /// A list item's text so far, as an item: the nested list that follows
    /// is read as blocks of its own.
    fn end_item_line(&mut self) {
        let line = self.lines.last_mut().map(std::mem::take).unwrap_or_default();
        self.emit(line, Block::Item);
    }

    /// Emits the prose gathered so far as a block.
    fn flush(&mut self) {
        let text = document::collapse(&self.pending);
        self.pending.clear();
        if !text.is_empty() {
            self.blocks.push(Block::Text(text));
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.close_to(0);
        self.flush();
        self.blocks
    }
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

    /// Name, category and section of each entry.
    fn summary(page: &str) -> Vec<(String, Purpose, Option<String>)> {
        read(page)
            .entries
            .into_iter()
            .map(|e| (e.name, e.category, e.section))
            .collect()
    }

    fn entry(name: &str, category: Purpose, section: &str) -> (String, Purpose, Option<String>) {
        (name.to_owned(), category, Some(section.to_owned()))
    }

    #[test]
    fn omitted_end_tags_are_implied_as_browsers_do() {
        let closed = "<h2>Cookies nécessaires</h2>\
            <p>Ils sont indispensables.</p>\
            <table><thead><tr><th>Nom</th><th>Finalité</th></tr></thead>\
            <tbody><tr><td>sessionid</td><td>Session</td></tr><tr><td>csrftoken</td><td>Sécurité</td></tr></tbody></table>\
            <h2>Mesure d'audience</h2>\
            <ul><li><code>_pk_id.*</code> : identifiant</li><li><code>_pk_ses.*</code> : session</li></ul>\
            <dl><dt>_ga</dt><dd>Google Analytics</dd><dt>_gid</dt><dd>Google Analytics</dd></dl>";
        let open = "<h2>Cookies nécessaires</h2>\
            <p>Ils sont indispensables.\
            <table><thead><tr><th>Nom<th>Finalité\
            <tbody><tr><td>sessionid<td>Session<tr><td>csrftoken<td>Sécurité</table>\
            <h2>Mesure d'audience</h2>\
            <ul><li><code>_pk_id.*</code> : identifiant<li><code>_pk_ses.*</code> : session</ul>\
            <dl><dt>_ga<dd>Google Analytics<dt>_gid<dd>Google Analytics</dl>";
        let necessary = "Cookies nécessaires";
        let audience = "Mesure d'audience";
        let expected = vec![
            entry("sessionid", Purpose::Necessary, necessary),
            entry("csrftoken", Purpose::Necessary, necessary),
            entry("_pk_id.*", Purpose::Statistics, audience),
            entry("_pk_ses.*", Purpose::Statistics, audience),
            entry("_ga", Purpose::Statistics, audience),
            entry("_gid", Purpose::Statistics, audience),
        ];
        assert_eq!(summary(closed), expected);
        assert_eq!(summary(open), expected);
    }

    #[test]
    fn unclosed_inline_and_foreign_elements_do_not_swallow_the_page() {
        let page = "<p>Voir <a href=/x>nos partenaires<span>.</p>\
            <svg viewBox='0 0 1 1'><path d='M0'/><g><title>icône</title>\
            <h2>Statistics</h2>\
            <table><tr><th>Name</th><th>Purpose</th></tr><tr><td>_ga</td><td>Counts visits</td></tr></table>";
        assert_eq!(summary(page), [entry("_ga", Purpose::Statistics, "Statistics")]);
    }

    #[test]
    fn scripts_and_templates_are_not_read_but_hidden_panels_are() {
        let page =
            "<script>document.write('<table><tr><th>Name</th></tr><tr><td>_fake</td></tr></table>')</script>\
            <template><table><tr><th>Name</th></tr><tr><td>_template</td></tr></table></template>\
            <h2>Analytics</h2>\
            <div hidden><table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table></div>";
        assert_eq!(summary(page), [entry("_ga", Purpose::Statistics, "Analytics")]);
    }

    #[test]
    fn text_misplaced_in_a_table_reads_before_it() {
        // Browsers move ("foster-parent") it above the table.
        let page = "<table>Analytics<tr><th>Name</th></tr><tr><td>_ga</td></tr></table>";
        assert_eq!(summary(page), [entry("_ga", Purpose::Statistics, "Analytics")]);
    }

    #[test]
    fn a_list_item_before_its_nested_list_is_an_item_of_its_own() {
        let page = "<h2>Cookies</h2><ul><li>Google Analytics\
            <ul><li><code>_ga</code> : distingue les visiteurs</li></ul> (Google)</li></ul>";
        let charter = read(page);
        let names: Vec<&str> = charter.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["_ga"]);
        assert_eq!(
            charter.entries[0].purpose_text.as_deref(),
            Some("distingue les visiteurs")
        );
    }

    #[test]
    fn stray_end_tags_do_not_close_past_their_table() {
        let page = "<div><table><tr><th>Name</th><th>Purpose</th></tr>\
            <tr><td>_ga</td><td>Counts</div> visits</td></tr>\
            <tr><td>_gid</td><td>Counts visits</td></tr></table></div>";
        let charter = read(page);
        let rows: Vec<(&str, Option<&str>)> = charter
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.purpose_text.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [("_ga", Some("Counts visits")), ("_gid", Some("Counts visits"))]
        );
    }

    #[test]
    fn deep_nesting_and_stray_end_tags_are_read_through() {
        let depth = 50_000;
        let mut page = "<div>".repeat(depth);
        page.push_str(&"</section>".repeat(depth));
        page.push_str("<h2>Analytics</h2><table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table>");
        assert_eq!(summary(&page), [entry("_ga", Purpose::Statistics, "Analytics")]);
    }

    #[test]
    fn character_references_and_nul_read_as_browsers_show_them() {
        // `&r` is no reference, and the tokenizer hands the `é` after it
        // over byte by byte; NUL is dropped from a page's text.
        let page = "<h2>Mesure d&rsquo;audience &amp; de f&r\u{e9}\0quentation</h2>\
            <table><tr><th>Nom</th></tr><tr><td>_pk_id&#46;*</td></tr></table>";
        assert_eq!(
            summary(page),
            [entry(
                "_pk_id.*",
                Purpose::Statistics,
                "Mesure d\u{2019}audience & de f&r\u{e9}quentation"
            )]
        );
    }
}
