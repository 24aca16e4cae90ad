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
//! `dt`/`dd`, headings and table parts, raw-text elements, `<svg>` ended by
//! HTML, end tags that reach no further than their table, cell or list,
//! cells that span rows. Misnested formatting (`<b><i></b>`) is not
//! rebuilt: it changes no text; a block met inside `<code>` ends it.
//!
//! Collapsed panels (`hidden`, `<details>`) and declarative shadow roots
//! are read: what a visitor can unfold is part of what the site declares.
//! Buttons are read where they label a heading, a cell or an item (an
//! accordion's `<h2><button>`), and skipped elsewhere ("Accept all").

mod elements;
mod table;
mod tokens;

use std::borrow::Cow;

use html5gum::State;

use super::document::{self, Block};
use super::Charter;
use table::TableReader;
use tokens::StartTag;

pub fn read(content: &str) -> Charter {
    let mut reader = Reader::default();
    tokens::tokenize(content, &mut reader);
    document::declarations(reader.finish())
}

/// How far up the open elements a tag looks for the element it closes or
/// implies the end of. Real pages nest a few dozen levels; without a bound,
/// 100,000 `<div>`s followed by as many stray `</section>`s would take
/// quadratic time. (The stack itself is not bounded: it costs memory in
/// proportion to the page.)
const SEARCH_DEPTH: usize = 512;

/// How the text at some point of the page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Between blocks: prose waits in `pending` for the next block boundary.
    Flow,
    /// Not charter text (scripts, forms' controls, …): dropped. `foreign`
    /// inside `<svg>` and `<math>`, whose elements may close themselves.
    Skipped { foreign: bool },
    /// A heading, paragraph, caption, `<dt>` or `<dd>`: one line.
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
    /// Inside a `<dl>`, outside its terms and descriptions.
    Definitions,
}

impl Context {
    /// Whether text here goes to the innermost open line.
    fn is_line(self) -> bool {
        matches!(
            self,
            Context::Line | Context::Item | Context::Code | Context::Cell
        )
    }
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
        columns: usize,
        rows: usize,
    },
    Caption,
    Definitions,
    /// `<dt>`.
    Term,
    /// `<dd>`.
    Description,
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
                | Role::Description
        )
    }

    /// The context of the element's content, inside `parent`.
    fn inside(self, parent: Context) -> Context {
        match self {
            Role::Plain | Role::Separated(_) => parent,
            Role::Container => Context::Flow,
            Role::Heading(_) | Role::Paragraph | Role::Caption | Role::Term | Role::Description => {
                Context::Line
            }
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

/// The `<dt>`s and `<dd>`s of one entry of a definition list: several
/// terms may share descriptions, and a term may have several.
#[derive(Default)]
struct DefinitionGroup {
    terms: Vec<String>,
    descriptions: Vec<String>,
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
    /// The definition-list entry being read.
    definition: DefinitionGroup,
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

    /// A start tag; the tokenizer state its content is read in, for the
    /// elements whose content is not markup.
    fn start(&mut self, tag: StartTag<'_>) -> Option<State> {
        let name = tag.name;
        if let Context::Skipped { foreign } = self.context() {
            if !(foreign && elements::breaks_out_of_foreign_content(name)) {
                return self.skip(&tag, foreign);
            }
            self.leave_foreign_content();
            if let Context::Skipped { foreign } = self.context() {
                return self.skip(&tag, foreign);
            }
        }
        if matches!(name, "html" | "head" | "body") {
            return None;
        }
        let flows_in_line =
            elements::is_inline(name) || elements::is_void(name) || elements::is_skipped(name);
        if !flows_in_line && self.context() == Context::Code {
            // A block ends the `<code>` it was written in.
            if let Some(at) = self.innermost(|open| open.role == Role::Code, |_| true) {
                self.close_to(at);
            }
        }
        if elements::is_table_part(name) {
            self.table_part(&tag);
            return None;
        }
        self.implied_ends(name);
        if self.skips(&tag) {
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
        let role = role_of(name, context);
        match context {
            Context::Flow if !matches!(role, Role::Plain | Role::Code) => self.flush(),
            Context::Item if matches!(name, "ul" | "ol" | "dl") => self.end_item_line(),
            Context::Definitions if matches!(role, Role::Heading(_) | Role::Paragraph) => {
                self.end_definition()
            }
            _ => {}
        }
        self.push(name, role);
        elements::content_state(name)
    }

    /// Whether an element's content is not read.
    fn skips(&self, tag: &StartTag<'_>) -> bool {
        match tag.name {
            // A button labels the heading, cell or item it stands in.
            "button" => !self.context().is_line(),
            "template" => !tag.shadow_root,
            name => elements::is_skipped(name),
        }
    }

    /// An element in skipped content, or one that skips its content.
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
        while self.in_foreign_content() {
            self.pop();
        }
    }

    /// What a start tag closes before it opens: an open paragraph, a
    /// heading, the previous list item, term or description.
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
        let sibling = |open: &Open| siblings.contains(&&*open.name);
        if let Some(at) = self.innermost(sibling, |open| !elements::stops_implied_item_end(&open.name)) {
            self.close_to(at);
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
        // A table cannot stand in a caption, nor directly in a table: it
        // ends them.
        let caption = self.innermost(|open| open.role == Role::Caption, |open| open.role != Role::Table);
        if let Some(at) = caption {
            self.close_to(at);
        }
        if self.context() == Context::Table {
            if let Some(at) = self.innermost_table() {
                self.close_to(at);
            }
        }
        match self.context() {
            Context::Flow => self.flush(),
            Context::Item => self.end_item_line(),
            _ => {}
        }
        let slot = self.blocks.len();
        self.blocks
            .extend([Block::Text(String::new()), Block::Text(String::new())]);
        self.tables.push(TableReader::new(slot));
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
                let columns = tag.colspan.unwrap_or(1);
                let rows = tag.rowspan.unwrap_or(1);
                self.push(name, Role::Cell { columns, rows });
            }
            "tr" => self.open_row(name),
            "caption" => self.push(name, Role::Caption),
            _ => {
                if let Some(table) = self.tables.last_mut() {
                    table.start_group();
                }
                self.push(name, Role::Section);
            }
        }
    }

    fn open_row(&mut self, name: &str) {
        if let Some(table) = self.tables.last_mut() {
            table.start_row();
        }
        self.push(name, Role::Row);
    }

    fn innermost_table(&self) -> Option<usize> {
        self.innermost(|open| open.role == Role::Table, |_| true)
    }

    /// The innermost open element that is `wanted`, if every element
    /// opened after it `passes`.
    fn innermost(&self, wanted: impl Fn(&Open) -> bool, passes: impl Fn(&Open) -> bool) -> Option<usize> {
        for (at, open) in self.open.iter().enumerate().rev().take(SEARCH_DEPTH) {
            if wanted(open) {
                return Some(at);
            }
            if !passes(open) {
                return None;
            }
        }
        None
    }

    /// The innermost open element named `name`, if no table, cell or
    /// caption (nor, for `li`, a list; for `p`, a button) stands between.
    fn find_in_scope(&self, name: &str) -> Option<usize> {
        self.innermost(
            |open| open.name == name,
            |open| {
                let boundary = elements::is_scope_boundary(&open.name)
                    || (name == "li" && matches!(&*open.name, "ul" | "ol"))
                    || (name == "p" && open.name == "button");
                !boundary
            },
        )
    }

    fn end(&mut self, name: &str) {
        let named = |open: &Open| &*open.name == name;
        let found = match name {
            "html" | "head" | "body" => None,
            "br" => {
                self.line_break(self.context());
                None
            }
            // A table part's end closes what is open in it, up to its table.
            _ if elements::is_table_part(name) || name == "table" => {
                self.innermost(named, |open| open.role != Role::Table)
            }
            // Any heading's end tag ends the open heading (`<h2>…</h3>`).
            _ if elements::heading_level(name).is_some() => self.innermost(
                |open| elements::heading_level(&open.name).is_some(),
                |open| !elements::is_scope_boundary(&open.name),
            ),
            _ if elements::is_inline(name) => self.innermost(named, |open| elements::is_inline(&open.name)),
            _ => self.find_in_scope(name),
        };
        if let Some(at) = found {
            self.close_to(at);
        }
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
            Role::Table => self.end_table(),
            Role::Row => {
                if let Some(table) = self.tables.last_mut() {
                    table.end_row();
                }
            }
            Role::Cell { columns, rows } => {
                if let Some(table) = self.tables.last_mut() {
                    table.cell(document::collapse_lines(&line), columns, rows);
                }
            }
            Role::Caption => {
                if let Some(table) = self.tables.last_mut() {
                    table.caption = Some(document::collapse(&line));
                }
            }
            Role::Definitions => self.end_definition(),
            Role::Term => {
                if !self.definition.descriptions.is_empty() {
                    self.end_definition();
                }
                let term = document::collapse(&line);
                if !term.is_empty() {
                    self.definition.terms.push(term);
                }
            }
            Role::Description => {
                let description = document::collapse(&line);
                if !self.definition.terms.is_empty() && !description.is_empty() {
                    self.definition.descriptions.push(description);
                }
            }
        }
    }

    /// Puts a table's blocks in the slots it kept.
    fn end_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        let slot = table.slot;
        let (fostered, table) = table.into_blocks();
        if let Some(fostered) = fostered {
            self.blocks[slot] = fostered;
        }
        self.blocks[slot + 1] = table;
    }

    /// The definition-list entry read so far, as a block.
    fn end_definition(&mut self) {
        let DefinitionGroup { terms, descriptions } = std::mem::take(&mut self.definition);
        if !terms.is_empty() && !descriptions.is_empty() {
            self.blocks.push(Block::Definition {
                term: terms.join(", "),
                details: descriptions.join(" "),
            });
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
        let pending = std::mem::take(&mut self.pending);
        self.emit(pending, Block::Text);
    }

    fn finish(mut self) -> Vec<Block> {
        self.close_to(0);
        self.flush();
        // Slots kept for fostered text that never came are empty.
        self.blocks
            .retain(|block| !matches!(block, Block::Text(text) if text.is_empty()));
        self.blocks
    }
}

/// What an element is in the context it opens in.
fn role_of(name: &str, context: Context) -> Role {
    if name == "code" && matches!(context, Context::Flow | Context::Item) {
        return Role::Code;
    }
    if elements::is_inline(name) || name == "button" {
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
        Context::Flow => block(name),
        Context::Item if matches!(name, "ul" | "ol" | "dl") => block(name),
        Context::Definitions => match name {
            "dt" => Role::Term,
            "dd" => Role::Description,
            "p" => Role::Paragraph,
            _ => match elements::heading_level(name) {
                Some(level) => Role::Heading(level),
                None => Role::Plain,
            },
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
        let got = dated(&charter);
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

    /// Name, category, section and duration in days of each entry.
    fn dated(charter: &Charter) -> Vec<(&str, Purpose, Option<&str>, Option<f64>)> {
        charter
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
            .collect()
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

    #[test]
    fn an_end_tag_inside_a_button_does_not_end_it() {
        // `</p>` does not reach the paragraph around the button it is in:
        // " et mesure" is still the button's, and the paragraph's.
        let page = "<p>Cookies <button>statistiques</p> et mesure</button></p>\
            <table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table>";
        assert_eq!(
            summary(page),
            [entry(
                "_ga",
                Purpose::Statistics,
                "Cookies statistiques et mesure"
            )]
        );
    }

    #[test]
    fn any_heading_end_tag_ends_the_open_heading() {
        let page = "<h2>Marketing</h3>\
            <table><tr><th>Name</th></tr><tr><td>_fbp</td></tr></table>";
        assert_eq!(summary(page), [entry("_fbp", Purpose::Marketing, "Marketing")]);
    }

    #[test]
    fn html_that_ends_an_svg_inside_skipped_content_stays_skipped() {
        let page = "<template><svg><table><tr><th>Name<tr><td>_fake</table></template>\
            <h2>Analytics</h2><table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table>";
        assert_eq!(summary(page), [entry("_ga", Purpose::Statistics, "Analytics")]);
    }

    #[test]
    fn xmp_and_plaintext_show_markup_as_text() {
        let page = "<h2>Analytics</h2><table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table>\
            <xmp><table><tr><th>Name</th></tr><tr><td>_xmp</td></tr></table></xmp>\
            <plaintext><table><tr><th>Name</th></tr><tr><td>_plain</td></tr></table>";
        assert_eq!(summary(page), [entry("_ga", Purpose::Statistics, "Analytics")]);
    }

    #[test]
    fn a_block_ends_the_code_it_is_written_in() {
        let unclosed = "<div>Set by <code>_ga<h2>Marketing</h2>\
            <table><tr><th>Name</th></tr><tr><td>_fbp</td></tr></table></div>";
        assert_eq!(
            summary(unclosed),
            [entry("_fbp", Purpose::Marketing, "Marketing")]
        );
        let misnested = "<div><code>_ga <p>is set</code></p><h2>Marketing</h2>\
            <table><tr><th>Name</th></tr><tr><td>_fbp</td></tr></table>";
        assert_eq!(
            summary(misnested),
            [entry("_fbp", Purpose::Marketing, "Marketing")]
        );
    }

    #[test]
    fn buttons_label_headings_and_header_cells_but_controls_are_skipped() {
        let page = "<div><button>Tout accepter</button></div>\
            <h2><button aria-expanded=false>Cookies de mesure d'audience</button></h2>\
            <div hidden><table><tr><th><button>Nom</button></th><th><button>Durée</button></th></tr>\
            <tr><td>_pk_id</td><td>13 mois</td></tr></table></div>";
        let charter = read(page);
        let got = dated(&charter);
        assert_eq!(
            got,
            [(
                "_pk_id",
                Purpose::Statistics,
                Some("Cookies de mesure d'audience"),
                Some(395.4)
            )]
        );
    }

    #[test]
    fn a_provider_cell_spanning_rows_is_each_rows_provider() {
        let page = "<h2>Analytics</h2><table>\
            <tr><th>Name</th><th>Provider</th><th>Purpose</th></tr>\
            <tr><td>_ga</td><td rowspan=2>Google</td><td>Distinguishes users</td></tr>\
            <tr><td>_gid</td><td>Distinguishes users</td></tr></table>";
        let charter = read(page);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = charter
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.provider.as_deref(), e.purpose_text.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("_ga", Some("Google"), Some("Distinguishes users")),
                ("_gid", Some("Google"), Some("Distinguishes users")),
            ]
        );
        assert_eq!(charter.warnings, Vec::<String>::new());
    }

    #[test]
    fn terms_sharing_descriptions_and_descriptions_sharing_a_term() {
        let page = "<h2>Analytics</h2><dl><dt>_ga<dt>_gid<dd>Google Analytics\
            <dt>_pk_id<dd>Matomo<dd>Expires: 13 months</dl>";
        let charter = read(page);
        let got: Vec<(&str, Option<&str>, Option<f64>)> = charter
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.purpose_text.as_deref(),
                    e.duration.as_ref().and_then(|d| d.days),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("_ga", Some("Google Analytics"), None),
                ("_gid", Some("Google Analytics"), None),
                ("_pk_id", Some("Matomo Expires: 13 months"), Some(395.4)),
            ]
        );
    }

    #[test]
    fn declarative_shadow_roots_are_read() {
        let page = "<cookie-declaration><template shadowrootmode=open><h2>Analytics</h2>\
            <table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table></template></cookie-declaration>";
        assert_eq!(summary(page), [entry("_ga", Purpose::Statistics, "Analytics")]);
    }
}
