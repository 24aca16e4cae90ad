//! A charter as a person reads it, whatever its format: headings, tables,
//! list items, definitions and prose, in document order. The text and HTML
//! readers turn their input into these [`Block`]s; [`declarations`] turns the
//! blocks into entries, the same way for both, so a charter reads alike
//! whether it arrives as a page's HTML or as its `innerText`.

use super::vocabulary::{self, Column};
use super::{Charter, Duration, Entry};
use crate::pattern::NamePattern;
use crate::purpose::Purpose;

/// Cells longer than this are cut: a declaration is a few sentences, and no
/// single entry may grow an answer past the frame limit.
const MAX_CELL_CHARS: usize = 4096;

/// Lines longer than this are prose, not titles.
const MAX_TITLE_CHARS: usize = 120;

/// Plain-text headings have no level; they nest under every explicit one.
pub const UNRANKED: usize = 7;

/// One piece of a charter.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// An explicit heading (`<h2>`, `## …`), level 1 to 6.
    Heading { level: usize, text: String },
    /// A paragraph or a line of prose; a short one that reads as a title
    /// (no final full stop) acts as a heading, as consent managers' layouts
    /// write section titles in `<p>` or `<div>`.
    Text(String),
    /// A table: its caption and its rows of cells, header rows included.
    Table {
        caption: Option<String>,
        rows: Vec<Vec<String>>,
    },
    /// A list item ("`_ga`: distinguishes users, 2 years").
    Item(String),
    /// A definition-list pair (`<dt>_ga</dt><dd>…</dd>`).
    Definition { term: String, details: String },
}

/// Reads the declarations out of a charter's blocks.
pub fn declarations(blocks: impl IntoIterator<Item = Block>) -> Charter {
    let mut reader = Reader::default();
    for block in blocks {
        reader.block(block);
    }
    reader.finish()
}

#[derive(Default)]
struct Reader {
    charter: Charter,
    /// Open headings, outermost first.
    headings: Vec<Heading>,
}

/// An open heading (or table caption): its level, its text, and the
/// category it names, read once when it opens rather than for every row.
struct Heading {
    level: usize,
    text: String,
    category: Option<Purpose>,
}

impl Heading {
    fn new(level: usize, text: String) -> Heading {
        let category = vocabulary::category_in_heading(&text);
        Heading {
            level,
            text,
            category,
        }
    }
}

/// The cells of one declaration, by what they hold.
#[derive(Default)]
struct Row {
    names: Option<String>,
    provider: Option<String>,
    service: Option<String>,
    purpose_text: Option<String>,
    duration: Option<String>,
    category: Option<String>,
    domain: Option<String>,
}

impl Row {
    fn set(&mut self, column: Column, text: String) {
        let slot = match column {
            Column::Name => &mut self.names,
            Column::Provider => &mut self.provider,
            Column::Service => &mut self.service,
            Column::Purpose => &mut self.purpose_text,
            Column::Duration => &mut self.duration,
            Column::Category => &mut self.category,
            Column::Domain => &mut self.domain,
        };
        if slot.is_none() && !text.is_empty() {
            *slot = Some(text);
        }
    }
}

impl Reader {
    fn block(&mut self, block: Block) {
        match block {
            Block::Heading { level, text } => self.open_heading(level, text),
            Block::Text(text) => {
                if reads_as_title(&text) {
                    self.open_heading(UNRANKED, text);
                }
            }
            Block::Table { caption, rows } => self.table(caption, rows),
            Block::Item(text) => self.item(&text),
            Block::Definition { term, details } => self.definition(term, details),
        }
    }

    fn open_heading(&mut self, level: usize, text: String) {
        let text = collapse(&text);
        if text.is_empty() {
            return;
        }
        self.headings.retain(|open| open.level < level);
        self.headings.push(Heading::new(level, text));
    }

    fn table(&mut self, caption: Option<String>, rows: Vec<Vec<String>>) {
        let caption = caption.map(|c| collapse(&c)).filter(|c| !c.is_empty());
        let opened = caption.is_some();
        if let Some(caption) = caption {
            self.headings.push(Heading::new(UNRANKED + 1, caption));
        }
        self.rows(&rows);
        if opened {
            self.headings.pop();
        }
    }

    /// A table's rows: the first row that names a cookie-name column is its
    /// header; a table whose first column names the fields is read as one
    /// declaration per name row (key/value layouts).
    fn rows(&mut self, rows: &[Vec<String>]) {
        if let Some(row) = key_value_row(rows) {
            self.declare(row, || "a key/value table".to_owned());
            return;
        }
        // A header stands among the first rows; data rows are not scanned.
        let header_at = rows.iter().take(3).position(|row| {
            row.iter()
                .filter_map(|cell| vocabulary::column_of(cell))
                .any(|column| column == Column::Name)
                && row.iter().all(|cell| fits_a_title(cell))
        });
        let Some(header_at) = header_at else {
            if !rows.is_empty() {
                let header = rows[0].join(" | ");
                self.warn(format!(
                    "a table{} has no cookie-name column (header: «{}»); its rows were skipped",
                    self.under_section(),
                    clip(&header)
                ));
            }
            return;
        };
        let columns: Vec<Option<Column>> = rows[header_at].iter().map(|c| vocabulary::column_of(c)).collect();
        for cells in &rows[header_at + 1..] {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut row = Row::default();
            for (column, cell) in columns.iter().zip(cells) {
                match column {
                    // Names one per line are separate names.
                    Some(Column::Name) => row.set(Column::Name, clip(&collapse_lines(cell))),
                    Some(column) => row.set(*column, clip(&collapse(cell))),
                    None => {}
                }
            }
            self.declare(row, || cells.join(" | "));
        }
    }

    /// "`_ga`: distinguishes users (2 years)", "_pk_id.* – …", "**NID** - …".
    fn item(&mut self, text: &str) {
        if let Some((name, rest)) = split_item(text) {
            let row = Row {
                names: Some(name.to_owned()),
                purpose_text: Some(clip(&collapse(rest))).filter(|t| !t.is_empty()),
                ..Row::default()
            };
            self.declare(row, || text.to_owned());
        }
    }

    /// A definition list under a cookie section names cookies in its terms;
    /// a glossary ("Cookie", "Traceur") names the vocabulary instead.
    fn definition(&mut self, term: String, details: String) {
        let term = collapse(&term);
        let names_cookies = looks_like_cookie_names(&term)
            || split_names(&term)
                .iter()
                .all(|name| is_single_token(name) && vocabulary::column_of(name).is_none());
        if names_cookies {
            let row = Row {
                names: Some(term),
                purpose_text: Some(clip(&collapse(&details))).filter(|t| !t.is_empty()),
                ..Row::default()
            };
            self.declare(row, || details);
        }
    }

    /// `source` is the declaration as written, for a warning only: most
    /// rows never need it built.
    fn declare(&mut self, row: Row, source: impl FnOnce() -> String) {
        let Some(names) = &row.names else {
            self.warn(format!(
                "a row{} has no cookie name: «{}»",
                self.under_section(),
                clip(&collapse(&source()))
            ));
            return;
        };
        let category = self.category_of(&row);
        let section = self.headings.last().map(|heading| heading.text.clone());
        let duration = row
            .duration
            .as_deref()
            .and_then(Duration::parse)
            .or_else(|| row.purpose_text.as_deref().and_then(Duration::find_in));
        let provider_domain = row.domain.as_deref().and_then(domain_of).or_else(|| {
            row.provider
                .as_deref()
                .filter(|p| is_domain(p))
                .and_then(domain_of)
        });
        for written in split_names(names) {
            let pattern = match parse_name(written) {
                Ok(pattern) => pattern,
                Err(reason) => {
                    self.warn(format!("«{written}»{}: {reason}", self.under_section()));
                    continue;
                }
            };
            self.charter.entries.push(Entry {
                name: written.to_owned(),
                pattern: pattern.glob().map(str::to_owned),
                provider: row.provider.clone(),
                provider_domain: provider_domain.clone(),
                service: row.service.clone(),
                purpose_text: row.purpose_text.clone(),
                section: section.clone(),
                category,
                duration: duration.clone(),
            });
        }
    }

    /// The row's own category cell, else the nearest heading that names a
    /// category, else what the row's purpose text says, else `Other`.
    fn category_of(&self, row: &Row) -> Purpose {
        row.category
            .as_deref()
            .and_then(vocabulary::category_in_heading)
            .or_else(|| self.headings.iter().rev().find_map(|heading| heading.category))
            .or_else(|| {
                let described = [&row.purpose_text, &row.service];
                described
                    .into_iter()
                    .flatten()
                    .find_map(|text| vocabulary::category_in_description(text))
            })
            .unwrap_or(Purpose::Other)
    }

    fn under_section(&self) -> String {
        match self.headings.last() {
            Some(heading) => format!(" under «{}»", heading.text),
            None => String::new(),
        }
    }

    fn warn(&mut self, warning: String) {
        self.charter.warnings.push(warning);
    }

    fn finish(mut self) -> Charter {
        if self.charter.entries.is_empty() {
            self.warn("no cookie declared: no table or list of cookie names was found".to_owned());
        }
        self.charter
    }
}

/// A table laid out as field/value rows ("Name | _ga", "Purpose | …").
/// Each row names a different field in its first cell, and only there (a
/// first row whose every cell names a column is a header, not a field).
fn key_value_row(rows: &[Vec<String>]) -> Option<Row> {
    let first_row_columns = rows
        .first()?
        .iter()
        .filter(|c| vocabulary::column_of(c).is_some())
        .count();
    if rows.len() < 2 || first_row_columns != 1 {
        return None;
    }
    let mut row = Row::default();
    let mut seen = Vec::new();
    for cells in rows {
        let [key, value, ..] = cells.as_slice() else {
            return None;
        };
        let column = vocabulary::column_of(key).filter(|c| !seen.contains(c))?;
        seen.push(column);
        row.set(column, clip(&collapse(value)));
    }
    row.names.is_some().then_some(row)
}

/// Whether a line reads as a title rather than a sentence.
pub fn reads_as_title(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && fits_a_title(text) && !text.ends_with(['.', ':', ';', ',', '!', '?', '…'])
}

/// At most [`MAX_TITLE_CHARS`] characters, counted no further than that.
fn fits_a_title(text: &str) -> bool {
    text.len() <= MAX_TITLE_CHARS || text.chars().nth(MAX_TITLE_CHARS).is_none()
}

/// Splits a list item into a leading cookie name and its description:
/// "`_ga`: …", "_pk_id.* – …", "**NID** - …", "_ga (2 years): …".
fn split_item(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let end = text
        .find([':', '–', '—', '(', '='])
        .or_else(|| text.find(" - "))
        .unwrap_or(text.len());
    let name = text[..end].trim();
    let name = name
        .strip_prefix("**")
        .and_then(|n| n.strip_suffix("**"))
        .unwrap_or(name);
    let name = name.trim_matches(['`', '"', '\'', '«', '»', '“', '”']).trim();
    let rest = text[end..].trim_start_matches([':', '–', '—', '-', '=', ' ']);
    (looks_like_cookie_names(name) && end < text.len()).then_some((name, rest))
}

/// A term that can only name cookies: each name is one token with a
/// character plain words do not have (`_`, `.`, `-`, a digit, `*`, a
/// placeholder), or in capitals (`SERVERID`, `NID`), or a "starting with"
/// phrase.
fn looks_like_cookie_names(term: &str) -> bool {
    let names = split_names(term);
    !names.is_empty()
        && names.iter().all(|name| {
            let marked = name
                .chars()
                .any(|c| matches!(c, '_' | '.' | '-' | '*' | '<' | '{' | '#') || c.is_ascii_digit());
            let capitals = name.len() >= 3 && name.chars().all(|c| c.is_ascii_uppercase());
            (is_single_token(name) && (marked || capitals)) || is_starts_with_phrase(name)
        })
}

/// One word: no white space inside.
pub fn is_single_token(name: &str) -> bool {
    !name.is_empty() && !name.contains(char::is_whitespace)
}

/// Splits a cell that names several cookies: "`_hjSessionUser; _hjid`",
/// "1P_JAR, NID and CONSENT", "_pk_id / _pk_ses", "NID et CONSENT".
pub fn split_names(cell: &str) -> Vec<&str> {
    let mut names = vec![cell];
    for separator in [
        ",", ";", " / ", "\n", " et ", " and ", " und ", " ou ", " or ", " oder ",
    ] {
        // Most cells name one cookie: look before splitting.
        if names.iter().any(|name| name.contains(separator)) {
            names = names.into_iter().flat_map(|name| name.split(separator)).collect();
        }
    }
    names
        .into_iter()
        .map(|name| {
            let name = name.trim();
            // Markdown bold (`**NID**`), not a glob's star.
            let name = name
                .strip_prefix("**")
                .and_then(|n| n.strip_suffix("**"))
                .unwrap_or(name);
            name.trim_matches(['`', '"', '\'', '«', '»', '“', '”', '‘', '’'])
                .trim()
        })
        .map(strip_annotation)
        .filter(|name| !name.is_empty())
        .collect()
}

/// "_ga (Google Analytics)" names `_ga`: a parenthesised note after a name
/// is not part of it.
fn strip_annotation(name: &str) -> &str {
    match name.find(" (") {
        Some(at) if name.ends_with(')') => name[..at].trim(),
        _ => name,
    }
}

/// "any cookie starting with _hs", "cookies commençant par _pk_", "alle
/// Cookies, die mit _pk_ beginnen".
fn is_starts_with_phrase(text: &str) -> bool {
    starts_with_prefix(text).is_some()
}

fn starts_with_prefix(text: &str) -> Option<&str> {
    const PHRASES: [&str; 8] = [
        "starting with ",
        "beginning with ",
        "that start with ",
        "prefixed with ",
        "commençant par ",
        "commencant par ",
        "débutant par ",
        "beginnend mit ",
    ];
    // Every phrase has a space: a single token is never one.
    if !text.contains(' ') {
        return None;
    }
    let lower = text.to_lowercase();
    PHRASES.iter().find_map(|phrase| {
        let at = lower.find(phrase)? + phrase.len();
        // Lower-casing keeps byte offsets for these ASCII phrases only when
        // the text before them is ASCII; check before slicing.
        let rest = text.get(at..)?;
        let prefix = rest.split_whitespace().next()?;
        let prefix = prefix.trim_matches(['`', '"', '\'', '«', '»', '“', '”', '.', ',', ')']);
        (!prefix.is_empty()).then_some(prefix)
    })
}

/// A cookie name or pattern; prose in the name column is refused, except
/// for "starting with" phrases.
fn parse_name(written: &str) -> Result<NamePattern, &'static str> {
    if let Some(prefix) = starts_with_prefix(written) {
        return Ok(NamePattern::Glob(format!("{}*", prefix.trim_end_matches('*'))));
    }
    if written.chars().any(char::is_whitespace) {
        return Err("not a cookie name");
    }
    let pattern = NamePattern::parse(written);
    if pattern.glob().is_some_and(|glob| glob.chars().all(|c| c == '*')) {
        return Err("a pattern that would match every cookie");
    }
    Ok(pattern)
}

fn is_domain(text: &str) -> bool {
    let text = text.trim().trim_start_matches('.');
    !text.contains(char::is_whitespace)
        && text.contains('.')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '*'))
}

/// The domain a Domain cell states: lower case, without a leading dot or a
/// `*.` wildcard; `None` for a cell that names no domain ("1st party").
fn domain_of(cell: &str) -> Option<String> {
    let first = cell.split([',', ';', ' ']).find(|part| is_domain(part))?;
    let domain = first.trim().trim_start_matches("*.").trim_start_matches('.');
    Some(domain.to_lowercase())
}

/// White space folded to single spaces.
pub fn collapse(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    push_collapsed(&mut folded, text);
    folded
}

/// White space folded within lines; blank lines dropped.
pub fn collapse_lines(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for line in text.lines() {
        let before = folded.len();
        if before > 0 {
            folded.push('\n');
        }
        if !push_collapsed(&mut folded, line) {
            folded.truncate(before);
        }
    }
    folded
}

/// Appends `text`'s words, one space apart, and says whether it had any.
/// Bytes are scanned, and only a non-ASCII character is decoded: every
/// cell and line of a page passes here.
fn push_collapsed(folded: &mut String, text: &str) -> bool {
    let mut words = 0;
    let mut push = |word: &str| {
        if words > 0 {
            folded.push(' ');
        }
        folded.push_str(word);
        words += 1;
    };
    let mut word: Option<usize> = None;
    let mut at = 0;
    while at < text.len() {
        let byte = text.as_bytes()[at];
        let (space, width) = if byte.is_ascii() {
            (
                matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'),
                1,
            )
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        match (space, word) {
            (true, Some(start)) => {
                push(&text[start..at]);
                word = None;
            }
            (false, None) => word = Some(at),
            _ => {}
        }
        at += width;
    }
    if let Some(start) = word {
        push(&text[start..]);
    }
    words > 0
}

fn clip(text: &str) -> String {
    if text.len() <= MAX_CELL_CHARS {
        // No more characters than bytes: nothing to count.
        return text.to_owned();
    }
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_folds_as_split_whitespace_does() {
        let cases = [
            "",
            "   ",
            "one",
            "  two  words ",
            "tab\tand\nnew line\r\n",
            "nbsp\u{a0}and\u{2003}em space, «accents» é",
            "\u{3000}ideographic\u{3000}",
            "vertical\u{b}tab\u{c}feed",
        ];
        for text in cases {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(text), expected, "{text:?}");
        }
        assert_eq!(collapse_lines(" a  b \n\n  \n c\td \n"), "a b\nc d");
    }

    #[test]
    fn several_names_in_one_cell() {
        let cases = [
            ("_hjSessionUser; _hjid", vec!["_hjSessionUser", "_hjid"]),
            ("1P_JAR, NID and CONSENT", vec!["1P_JAR", "NID", "CONSENT"]),
            ("`_pk_id.*` / `_pk_ses.*`", vec!["_pk_id.*", "_pk_ses.*"]),
            ("«NID» et «CONSENT»", vec!["NID", "CONSENT"]),
            ("_ga (Google Analytics)", vec!["_ga"]),
        ];
        for (cell, expected) in cases {
            assert_eq!(split_names(cell), expected, "cell {cell:?}");
        }
    }

    #[test]
    fn starts_with_phrases_are_patterns() {
        let cases = [
            ("any cookie starting with _hs", "_hs*"),
            ("cookies commençant par _pk_", "_pk_*"),
            ("Cookies beginnend mit «_ga»", "_ga*"),
        ];
        for (written, glob) in cases {
            assert_eq!(
                parse_name(written),
                Ok(NamePattern::Glob(glob.to_owned())),
                "{written:?}"
            );
        }
        assert!(parse_name("Google Analytics").is_err());
    }

    #[test]
    fn list_items_name_cookies() {
        let cases = [
            (
                "`_ga`: distinguishes users (2 years)",
                Some(("_ga", "distinguishes users (2 years)")),
            ),
            (
                "_pk_id.* – identifiant du visiteur",
                Some(("_pk_id.*", "identifiant du visiteur")),
            ),
            ("**NID_2** - préférences", Some(("NID_2", "préférences"))),
            ("Sélection de la langue", None),
            ("Nous utilisons des cookies : voici lesquels", None),
        ];
        for (item, expected) in cases {
            assert_eq!(split_item(item), expected, "{item:?}");
        }
    }

    #[test]
    fn captions_and_key_value_tables() {
        let blocks = vec![
            Block::Heading {
                level: 2,
                text: "Our cookies".into(),
            },
            Block::Table {
                caption: Some("Analytics".into()),
                rows: vec![
                    vec!["Name".into(), "Purpose".into()],
                    vec!["_ga".into(), "Counts visits".into()],
                ],
            },
            Block::Table {
                caption: None,
                rows: vec![
                    vec!["Name".into(), "lang".into()],
                    vec!["Purpose".into(), "Remembers your language".into()],
                    vec!["Expiry".into(), "1 year".into()],
                ],
            },
        ];
        let charter = declarations(blocks);
        let got: Vec<(&str, Purpose, Option<&str>)> = charter
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.category, e.section.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("_ga", Purpose::Statistics, Some("Analytics")),
                ("lang", Purpose::Preferences, Some("Our cookies")),
            ]
        );
        assert_eq!(
            charter.entries[1].duration.as_ref().and_then(|d| d.days),
            Some(365.0)
        );
    }
}
