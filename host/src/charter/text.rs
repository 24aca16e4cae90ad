//! The text reader: a policy page as a browser's `innerText` renders it, or
//! as markdown. Headings set the section; tables are rows of tab-separated
//! cells whose first row names the columns.
//!
//! This reader handles the shape of the seed charter (headings, then tables
//! as tab-separated rows, possibly interrupted by blank lines). What it
//! cannot read, it reports as a warning rather than guessing.

use super::vocabulary::{self, Column};
use super::{Charter, Duration, Entry};
use crate::pattern::NamePattern;
use crate::purpose::Purpose;

/// Cells longer than this are cut: a declaration is a few sentences, and no
/// single entry may grow an answer past the frame limit.
const MAX_CELL_CHARS: usize = 4096;

/// Lines longer than this are not headings but prose.
const MAX_HEADING_CHARS: usize = 120;

pub fn read(content: &str) -> Charter {
    let mut reader = Reader::default();
    for line in content.lines() {
        reader.line(line);
    }
    reader.finish()
}

#[derive(Default)]
struct Reader {
    charter: Charter,
    /// Open headings, outermost first, with their markdown level (plain-text
    /// headings count as the deepest level).
    headings: Vec<(usize, String)>,
    table: Option<Table>,
}

/// The table being read: what each column holds, or `None` while rows are
/// skipped because no header named a cookie-name column.
struct Table {
    columns: Option<Vec<Option<Column>>>,
}

impl Reader {
    fn line(&mut self, line: &str) {
        let line = line.trim_end();
        if line.contains('\t') {
            self.row(line);
        } else if line.trim().is_empty() {
            // Tables go on across blank lines, as innerText renders them.
        } else {
            self.table = None;
            if let Some((level, heading)) = heading(line) {
                self.headings.retain(|(open, _)| *open < level);
                self.headings.push((level, heading));
            }
        }
    }

    fn row(&mut self, line: &str) {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let Some(table) = &self.table else {
            let columns: Vec<Option<Column>> = cells.iter().map(|c| vocabulary::column_of(c)).collect();
            let names_cookies = columns.contains(&Some(Column::Name));
            if !names_cookies {
                self.warn(format!(
                    "a table{} has no cookie-name column (header: «{}»); its rows were skipped",
                    self.under_section(),
                    cells.join(" | ")
                ));
            }
            self.table = Some(Table {
                columns: names_cookies.then_some(columns),
            });
            return;
        };
        let Some(columns) = &table.columns else {
            return;
        };
        let cell = |wanted: Column| {
            columns
                .iter()
                .position(|c| *c == Some(wanted))
                .and_then(|at| cells.get(at))
                .map(|text| clip(text))
                .filter(|text| !text.is_empty())
        };
        let row = Row {
            names: cell(Column::Name),
            provider: cell(Column::Provider),
            service: cell(Column::Service),
            purpose_text: cell(Column::Purpose),
            duration: cell(Column::Duration),
            category: cell(Column::Category),
            domain: cell(Column::Domain),
        };
        self.declare(row, line);
    }

    fn declare(&mut self, row: Row, line: &str) {
        let Some(names) = &row.names else {
            self.warn(format!(
                "a row{} has no cookie name: «{}»",
                self.under_section(),
                clip(&line.replace('\t', " | "))
            ));
            return;
        };
        let category = self.category_of(&row);
        let section = self.headings.last().map(|(_, text)| text.clone());
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
                provider_domain: row.domain.as_deref().map(domain_of),
                service: row.service.clone(),
                purpose_text: row.purpose_text.clone(),
                section: section.clone(),
                category,
                duration: row.duration.as_deref().and_then(Duration::parse),
            });
        }
    }

    /// The row's own category cell, else the nearest heading that names a
    /// category, else what the row's purpose text says, else `Other`.
    fn category_of(&self, row: &Row) -> Purpose {
        row.category
            .as_deref()
            .and_then(vocabulary::category_in_heading)
            .or_else(|| {
                self.headings
                    .iter()
                    .rev()
                    .find_map(|(_, heading)| vocabulary::category_in_heading(heading))
            })
            .or_else(|| {
                row.purpose_text
                    .as_deref()
                    .and_then(vocabulary::category_in_description)
            })
            .unwrap_or(Purpose::Other)
    }

    fn under_section(&self) -> String {
        match self.headings.last() {
            Some((_, heading)) => format!(" under «{heading}»"),
            None => String::new(),
        }
    }

    fn warn(&mut self, warning: String) {
        self.charter.warnings.push(warning);
    }

    fn finish(mut self) -> Charter {
        if self.charter.entries.is_empty() {
            self.warn("no cookie declared: no table with a cookie-name column was found".to_owned());
        }
        self.charter
    }
}

/// The cells of one declaration row, by column.
struct Row {
    names: Option<String>,
    provider: Option<String>,
    service: Option<String>,
    purpose_text: Option<String>,
    duration: Option<String>,
    category: Option<String>,
    domain: Option<String>,
}

/// A markdown heading (`## Title`, level = number of `#`), or a short line
/// that reads as a title rather than a sentence (deepest level).
fn heading(line: &str) -> Option<(usize, String)> {
    let trimmed = line.trim();
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let title = trimmed[hashes..].trim();
        return (!title.is_empty()).then(|| (hashes, title.to_owned()));
    }
    let reads_as_title = trimmed.chars().count() <= MAX_HEADING_CHARS
        && !trimmed.ends_with(['.', ':', ';', ',', '!', '?', '…']);
    reads_as_title.then(|| (7, trimmed.to_owned()))
}

/// Splits a cell that names several cookies: "`_hjSessionUser; _hjid`",
/// "1P_JAR, NID and CONSENT", "_pk_id / _pk_ses", "NID et CONSENT".
fn split_names(cell: &str) -> Vec<&str> {
    let mut names = vec![cell];
    for separator in [
        ",", ";", " / ", "\n", " et ", " and ", " und ", " ou ", " or ", " oder ",
    ] {
        names = names.into_iter().flat_map(|name| name.split(separator)).collect();
    }
    names
        .into_iter()
        .map(|name| {
            name.trim()
                .trim_matches(['`', '"', '\'', '«', '»', '“', '”'])
                .trim()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// A cookie name or pattern; prose in the name column is refused.
fn parse_name(written: &str) -> Result<NamePattern, &'static str> {
    if written.chars().any(char::is_whitespace) {
        return Err("not a cookie name");
    }
    let pattern = NamePattern::parse(written);
    if pattern.glob().is_some_and(|glob| glob.chars().all(|c| c == '*')) {
        return Err("a pattern that would match every cookie");
    }
    Ok(pattern)
}

/// The domain a Domain cell states: lower case, without a leading dot.
fn domain_of(cell: &str) -> String {
    cell.trim().trim_start_matches('.').to_lowercase()
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn several_names_in_one_cell() {
        let cases = [
            ("_hjSessionUser; _hjid", vec!["_hjSessionUser", "_hjid"]),
            ("1P_JAR, NID and CONSENT", vec!["1P_JAR", "NID", "CONSENT"]),
            ("`_pk_id.*` / `_pk_ses.*`", vec!["_pk_id.*", "_pk_ses.*"]),
            ("«NID» et «CONSENT»", vec!["NID", "CONSENT"]),
        ];
        for (cell, expected) in cases {
            assert_eq!(split_names(cell), expected, "cell {cell:?}");
        }
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
    fn unreadable_parts_are_warned_about() {
        let text = "Cookies\nFoo\tBar\nbaz\tqux\n\nDeclared\nName\tPurpose\n\tno name here\nGoogle Analytics\tstats\n";
        let charter = read(text);
        assert!(charter.entries.is_empty());
        let expected = [
            "a table under «Cookies» has no cookie-name column (header: «Foo | Bar»); its rows were skipped",
            "a row under «Declared» has no cookie name: « | no name here»",
            "«Google Analytics» under «Declared»: not a cookie name",
            "no cookie declared: no table with a cookie-name column was found",
        ];
        assert_eq!(charter.warnings, expected);
        let charter = read("just prose.\n");
        assert_eq!(charter.warnings.len(), 1);
    }
}
