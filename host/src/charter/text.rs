//! The text reader: a policy page as a browser's `innerText` renders it, or
//! as markdown. It turns lines into [`Block`]s: markdown headings, tables of
//! tab-separated cells (the seed's shape) or of pipes, list items, and prose;
//! and it recovers two shapes that lost their table on the way: one cell per
//! line under a header of one column name per line, and rows whose cells
//! lost their separators under a header of one word per column.

use super::document::{self, Block};
use super::vocabulary::{self, Column};
use super::Charter;

pub fn read(content: &str) -> Charter {
    document::declarations(blocks(content))
}

fn blocks(content: &str) -> Vec<Block> {
    let lines: Vec<&str> = content.lines().map(str::trim_end).collect();
    let mut blocks = Vec::new();
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        if let Some(cells) = table_row(line) {
            if !is_pipe_separator(line) {
                table.get_or_insert_with(Vec::new).push(cells);
            }
            at += 1;
            continue;
        }
        if line.trim().is_empty() {
            // Tables go on across blank lines, as innerText renders them.
            at += 1;
            continue;
        }
        if let Some(rows) = table.take() {
            blocks.push(Block::Table { caption: None, rows });
        }
        if let Some((rows, used)) = one_cell_per_line(&lines[at..]).or_else(|| unseparated(&lines[at..])) {
            blocks.push(Block::Table { caption: None, rows });
            at += used;
            continue;
        }
        blocks.push(line_block(line));
        at += 1;
    }
    if let Some(rows) = table {
        blocks.push(Block::Table { caption: None, rows });
    }
    blocks
}

/// A row of a tab-separated or a pipe table.
fn table_row(line: &str) -> Option<Vec<String>> {
    if line.contains('\t') {
        return Some(line.split('\t').map(|c| c.trim().to_owned()).collect());
    }
    let trimmed = line.trim();
    if trimmed.starts_with('|') && trimmed.len() > 1 && trimmed[1..].contains('|') {
        let inner = trimmed.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        return Some(inner.split('|').map(|c| c.trim().to_owned()).collect());
    }
    None
}

/// `|---|:---:|`, the line under a markdown table's header.
fn is_pipe_separator(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with('|') && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn line_block(line: &str) -> Block {
    let trimmed = line.trim();
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        return Block::Heading {
            level: hashes,
            text: trimmed[hashes..].trim().to_owned(),
        };
    }
    for bullet in ["- ", "* ", "• ", "+ ", "– "] {
        if let Some(item) = trimmed.strip_prefix(bullet) {
            return Block::Item(item.to_owned());
        }
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(item) = trimmed[digits..].strip_prefix(". ") {
            return Block::Item(item.to_owned());
        }
    }
    Block::Text(trimmed.to_owned())
}

/// A table whose cells stand one per line: a header of two to seven lines,
/// each naming a column (a cookie-name column among them), then the rows,
/// as many lines each, until a blank line between rows is followed by prose
/// or a heading. Cells may end with " |".
fn one_cell_per_line(lines: &[&str]) -> Option<(Vec<Vec<String>>, usize)> {
    let cell = |line: &str| line.trim().trim_end_matches('|').trim().to_owned();
    let mut header: Vec<String> = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    for line in lines.iter().take(7) {
        let text = cell(line);
        // "Necessary cookies" names a section, not a column.
        let short_label = text.chars().count() <= 40 && vocabulary::category_in_heading(&text).is_none();
        let column = short_label.then(|| vocabulary::column_of(&text)).flatten();
        match column {
            Some(column) if !columns.contains(&column) => {
                columns.push(column);
                header.push(text);
            }
            _ => break,
        }
    }
    let width = header.len();
    let name_at = columns.iter().position(|c| *c == Column::Name);
    if width < 2 || name_at.is_none() {
        return None;
    }
    let mut rows = vec![header];
    let mut at = width;
    loop {
        while lines.get(at).is_some_and(|l| l.trim().is_empty()) {
            at += 1;
        }
        let Some(candidate) = lines.get(at..at + width) else {
            break;
        };
        let complete = candidate
            .iter()
            .all(|l| !l.trim().is_empty() && table_row(l).is_none());
        // A row's name cell is one token: prose after the table ends it.
        let named = name_at.is_some_and(|at| document::is_single_token(&cell(candidate[at])));
        if !complete || !named {
            break;
        }
        rows.push(candidate.iter().map(|l| cell(l)).collect());
        at += width;
    }
    (rows.len() > 1).then_some((rows, at))
}

/// A table that lost its separators: a header of one word per column
/// ("Provider Cookie Duration Purpose"), then rows whose cells are recovered
/// by what each column holds: a cookie name is one token, a duration is a
/// number and a unit, free text fills the rest.
fn unseparated(lines: &[&str]) -> Option<(Vec<Vec<String>>, usize)> {
    let header_words: Vec<&str> = lines.first()?.split_whitespace().collect();
    if !(3..=8).contains(&header_words.len()) {
        return None;
    }
    let columns: Vec<Column> = header_words
        .iter()
        .filter_map(|w| vocabulary::column_of(w))
        .collect();
    let distinct = columns.iter().enumerate().all(|(i, c)| !columns[..i].contains(c));
    if header_words.len() < 3
        || columns.len() != header_words.len()
        || !distinct
        || !columns.contains(&Column::Name)
    {
        return None;
    }
    let mut rows = vec![header_words.iter().map(|w| (*w).to_owned()).collect()];
    let mut at = 1;
    while let Some(line) = lines.get(at) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') || table_row(line).is_some() {
            break;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        match recover_cells(&tokens, &columns) {
            Some(cells) => rows.push(cells),
            None => break,
        }
        at += 1;
    }
    (rows.len() > 1).then_some((rows, at))
}

/// Shares a row's tokens out between the columns, in order.
fn recover_cells(tokens: &[&str], columns: &[Column]) -> Option<Vec<String>> {
    let mut cells = Vec::with_capacity(columns.len());
    let mut at = 0;
    for (index, column) in columns.iter().enumerate() {
        let rest = &tokens[at.min(tokens.len())..];
        let taken = match column {
            Column::Name => {
                let names = rest
                    .iter()
                    .position(|t| !t.ends_with(','))
                    .map_or(rest.len(), |p| p + 1);
                names.min(rest.len())
            }
            Column::Duration => duration_tokens(rest),
            _ => match columns.get(index + 1) {
                None => rest.len(),
                Some(Column::Duration) => (0..rest.len()).find(|&i| duration_tokens(&rest[i..]) > 0)?,
                // The name is the token just before the duration, when one
                // follows; else the first token that can only be a name.
                Some(Column::Name) if columns.get(index + 2) == Some(&Column::Duration) => {
                    (1..rest.len()).find(|&i| duration_tokens(&rest[i + 1..]) > 0)?
                }
                Some(Column::Name) => rest
                    .iter()
                    .position(|t| is_cookie_token(t))
                    .filter(|&p| p > 0)
                    .unwrap_or(1),
                Some(_) => 1,
            },
        };
        let taken = taken.min(rest.len());
        cells.push(rest[..taken].join(" "));
        at += taken;
    }
    let named = columns
        .iter()
        .zip(&cells)
        .any(|(c, cell)| *c == Column::Name && !cell.is_empty());
    named.then_some(cells)
}

/// How many leading tokens make a duration: "2 weeks", "13 mois", "session".
fn duration_tokens(tokens: &[&str]) -> usize {
    match tokens {
        [amount, unit, ..]
            if amount.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                && vocabulary::time_unit_in_days(unit).is_some() =>
        {
            2
        }
        [word, ..] if vocabulary::names_a_session(word) => 1,
        _ => 0,
    }
}

/// A token that can only be a cookie name: it has `_`, a digit, a dot
/// inside, or a `*`.
fn is_cookie_token(token: &str) -> bool {
    token
        .chars()
        .any(|c| matches!(c, '_' | '*') || c.is_ascii_digit())
        || token.trim_end_matches('.').contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purpose::Purpose;

    const SEED: &str = include_str!("../../../../shared/seed/charte-cookies-data-nantesmetropole.txt");

    #[test]
    fn the_seed_declares_four_necessary_cookies() {
        let charter = read(SEED);
        assert_eq!(charter.warnings, Vec::<String>::new());
        let names: Vec<&str> = charter.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["sessionid", "django_language", "csrftoken", "cookies_preferences"]
        );
        let section = "Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels";
        for entry in &charter.entries {
            assert_eq!(entry.category, Purpose::Necessary, "{}", entry.name);
            assert_eq!(entry.provider.as_deref(), Some("Opendatasoft"));
            assert_eq!(entry.section.as_deref(), Some(section));
            assert_eq!(entry.pattern, None);
        }
        let language = &charter.entries[1];
        assert_eq!(
            language.service.as_deref(),
            Some("Sélection de la langue (front et back office)")
        );
        assert_eq!(
            language.purpose_text.as_deref(),
            Some("Se souvenir de la langue du visiteur")
        );
    }

    #[test]
    fn category_from_cell_then_heading_then_description() {
        let text = "## Mesure d'audience\n\
                    ### Matomo\n\
                    Cookie\tFinalité\tDurée\tType\n\
                    _pk_id.*\tDistinguer les visiteurs\t13 mois\t\n\
                    _pk_ses.*\tSession de visite\t30 minutes\tNécessaire\n\
                    # Other\n\
                    Name\tPurpose\n\
                    lang\tRemembers your language\n\
                    x\tSomething\n";
        let charter = read(text);
        let got: Vec<(&str, Purpose, Option<&str>)> = charter
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.category, e.section.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("_pk_id.*", Purpose::Statistics, Some("Matomo")),
                ("_pk_ses.*", Purpose::Necessary, Some("Matomo")),
                ("lang", Purpose::Preferences, Some("Other")),
                ("x", Purpose::Other, Some("Other")),
            ]
        );
        assert_eq!(charter.entries[0].pattern.as_deref(), Some("_pk_id.*"));
        assert_eq!(
            charter.entries[0].duration.as_ref().and_then(|d| d.days),
            Some(395.4)
        );
    }

    #[test]
    fn markdown_pipe_tables_and_bullets() {
        let text = "## Essential cookies\n\n\
                    | Name | Purpose | Expires |\n\
                    |------|---------|---------|\n\
                    | cookies_policy | Saves your cookie consent settings | 1 year |\n\
                    \n## Analytics cookies (optional)\n\
                    - `_ga`: used to distinguish users, expires after 2 years\n\
                    - Our analytics provider is Google.\n";
        let charter = read(text);
        let got: Vec<(&str, Purpose, Option<f64>)> = charter
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.category,
                    e.duration.as_ref().and_then(|d| d.days),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("cookies_policy", Purpose::Necessary, Some(365.0)),
                ("_ga", Purpose::Statistics, Some(730.0))
            ]
        );
    }

    #[test]
    fn tables_that_lost_their_separators() {
        let text = "Necessary cookies\n\
                    Provider Cookie Duration Purpose\n\
                    Opendatasoft sessionid 2 weeks Authentication of the user\n\
                    Opendatasoft csrftoken 1 year Protection against cross-site request forgery\n\
                    \n\
                    Mesure d'audience\n\
                    Nom |\nFinalité |\nDurée |\n\
                    _pk_id.* |\nIdentifie le visiteur |\n13 mois |\n\
                    _pk_ses.* |\nSession de visite |\n30 minutes |\n";
        let charter = read(text);
        let got: Vec<(&str, Option<&str>, Option<&str>, Purpose)> = charter
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.provider.as_deref(),
                    e.purpose_text.as_deref(),
                    e.category,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "sessionid",
                    Some("Opendatasoft"),
                    Some("Authentication of the user"),
                    Purpose::Necessary
                ),
                (
                    "csrftoken",
                    Some("Opendatasoft"),
                    Some("Protection against cross-site request forgery"),
                    Purpose::Necessary
                ),
                (
                    "_pk_id.*",
                    None,
                    Some("Identifie le visiteur"),
                    Purpose::Statistics
                ),
                ("_pk_ses.*", None, Some("Session de visite"), Purpose::Statistics),
            ]
        );
        assert_eq!(
            charter.entries[0].duration.as_ref().and_then(|d| d.days),
            Some(14.0)
        );
        assert_eq!(charter.warnings, Vec::<String>::new());
    }

    #[test]
    fn unreadable_parts_are_warned_about() {
        let text = "Cookies\nFoo\tBar\nbaz\tqux\n\nDeclared\nName\tPurpose\n\tno name here\nGoogle Analytics\tstats\n";
        let charter = read(text);
        assert!(charter.entries.is_empty());
        let expected = [
            "a table under «Cookies» has no cookie-name column (header: «Foo | Bar»); its rows were skipped",
            "a row under «Declared» has no cookie name: «| no name here»",
            "«Google Analytics» under «Declared»: not a cookie name",
            "no cookie declared: no table or list of cookie names was found",
        ];
        assert_eq!(charter.warnings, expected);
    }
}
