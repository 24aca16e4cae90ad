//! Plain-text tables for a terminal: columns padded to their widest cell,
//! coloured only when the command line says its output is a terminal, so
//! that piped output stays plain text for `grep` and diffs.

use std::fmt::Write as _;

use super::{charter_line, findings_of, lifetime_of, tally, PageAnswer};
use crate::charter::Charter;
use crate::classify::Label;

/// ANSI colours (SGR codes).
#[derive(Debug, Clone, Copy)]
enum Paint {
    Bold,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
}

impl Paint {
    fn apply(self, text: &str) -> String {
        let code = match self {
            Paint::Bold => "1",
            Paint::Red => "31",
            Paint::Green => "32",
            Paint::Yellow => "33",
            Paint::Blue => "34",
            Paint::Magenta => "35",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// Paints `text` when `colour` is on.
fn painted(text: &str, paint: Paint, colour: bool) -> String {
    if colour && !text.is_empty() {
        paint.apply(text)
    } else {
        text.to_owned()
    }
}

const COLUMNS: [&str; 8] = [
    "NAME", "DOMAIN", "LABEL", "PARTY", "BASIS", "CONSENT", "LIFETIME", "FINDINGS",
];
const LABEL_COLUMN: usize = 2;
const FINDINGS_COLUMN: usize = 7;

/// Every page's classification table, one after the other; for more than
/// one page, a last line of totals.
pub fn table(pages: &[PageAnswer], colour: bool) -> String {
    let mut text = pages
        .iter()
        .map(|page| page_table(page, colour))
        .collect::<Vec<_>>()
        .join("\n");
    if pages.len() > 1 {
        let cookies: usize = pages.iter().map(|p| p.answer.classification.cookies.len()).sum();
        let findings: Vec<String> = tally(pages).iter().map(ToString::to_string).collect();
        let findings = if findings.is_empty() {
            "no findings".to_owned()
        } else {
            format!("findings: {}", findings.join(", "))
        };
        let totals = format!("{} pages, {cookies} cookies; {findings}", pages.len());
        let _ = writeln!(text, "\n{}", painted(&totals, Paint::Bold, colour));
    }
    text
}

fn page_table(page: &PageAnswer, colour: bool) -> String {
    let classification = &page.answer.classification;
    let rows: Vec<[String; 8]> = classification
        .cookies
        .iter()
        .map(|v| {
            [
                v.name.clone(),
                v.domain.clone(),
                v.label.as_str().to_owned(),
                v.party.as_str().to_owned(),
                v.basis.as_str().to_owned(),
                v.consent.as_str().to_owned(),
                lifetime_of(v),
                findings_of(v),
            ]
        })
        .collect();
    let mut text = String::new();
    let heading = format!(
        "{} (site {})",
        classification.site.url, classification.site.registrable_domain
    );
    let _ = writeln!(text, "{}", painted(&heading, Paint::Bold, colour));
    let _ = writeln!(text, "{}", charter_line(&page.answer));
    text.push('\n');
    text.push_str(&aligned(&COLUMNS, &rows, colour.then_some(cell_paint)));
    let counts = &classification.summary.counts;
    let _ = writeln!(
        text,
        "\nnecessary {}, statistics {}, first-party {}, third-party {}",
        counts.necessary, counts.statistics, counts.first_party, counts.third_party
    );
    let summary = &classification.summary;
    if !summary.undeclared.is_empty() {
        let _ = writeln!(text, "undeclared: {}", summary.undeclared.join(", "));
    }
    if !summary.declared_not_seen.is_empty() {
        let _ = writeln!(
            text,
            "declared but not seen: {}",
            summary.declared_not_seen.join(", ")
        );
    }
    for warning in page.answer.charter.iter().flat_map(|c| &c.warnings) {
        let _ = writeln!(text, "warning: {warning}");
    }
    text
}

/// The colour of a cell of the classification table: labels by category,
/// findings in red.
fn cell_paint(column: usize, cell: &str) -> Option<Paint> {
    match column {
        LABEL_COLUMN => {
            Label::ALL
                .into_iter()
                .find(|label| label.as_str() == cell)
                .map(|label| match label {
                    Label::Necessary => Paint::Green,
                    Label::Statistics => Paint::Blue,
                    Label::FirstParty => Paint::Yellow,
                    Label::ThirdParty => Paint::Magenta,
                })
        }
        FINDINGS_COLUMN => Some(Paint::Red),
        _ => None,
    }
}

/// The entries a charter declares (`cookie-charter charter FILE`).
pub fn charter_table(charter: &Charter) -> String {
    let header = ["NAME", "CATEGORY", "PROVIDER", "DURATION", "SECTION"];
    let rows: Vec<[String; 5]> = charter
        .entries
        .iter()
        .map(|e| {
            [
                e.name.clone(),
                e.category.to_string(),
                e.provider.clone().unwrap_or_default(),
                e.duration.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
                e.section.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut text = aligned(&header, &rows, None);
    for warning in &charter.warnings {
        let _ = writeln!(text, "warning: {warning}");
    }
    text
}

/// Columns padded to their widest cell (in characters), two spaces apart.
/// With `paint`, the header is bold and each cell gets the paint it names;
/// padding stays outside the colour codes, so columns align either way.
fn aligned<const N: usize>(
    header: &[&str; N],
    rows: &[[String; N]],
    paint: Option<fn(usize, &str) -> Option<Paint>>,
) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut line = |cells: Vec<&str>, paint: &dyn Fn(usize, &str) -> Option<Paint>| {
        let mut out = String::new();
        for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
            match paint(index, cell) {
                Some(colour) => out.push_str(&colour.apply(cell)),
                None => out.push_str(cell),
            }
            if index + 1 < N {
                let padding = width - cell.chars().count() + 2;
                out.extend(std::iter::repeat_n(' ', padding));
            }
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    let bold_header = |_: usize, cell: &str| (paint.is_some() && !cell.is_empty()).then_some(Paint::Bold);
    line(header.to_vec(), &bold_header);
    let cells = |column: usize, cell: &str| {
        paint
            .filter(|_| !cell.is_empty())
            .and_then(|paint| paint(column, cell))
    };
    for row in rows {
        line(row.iter().map(String::as_str).collect(), &cells);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_colours(text: &str) -> String {
        let mut plain = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("\x1b[") {
            plain.push_str(&rest[..at]);
            let end = rest[at..].find('m').map_or(rest.len(), |m| at + m + 1);
            rest = &rest[end..];
        }
        plain + rest
    }

    #[test]
    fn colour_changes_nothing_but_the_codes() {
        let rows = [
            ["_ga".to_owned(), "statistics".to_owned(), "undeclared".to_owned()],
            ["sessionid".to_owned(), "necessary".to_owned(), String::new()],
        ];
        let header = ["NAME", "LABEL", "FINDINGS"];
        fn paint(column: usize, _: &str) -> Option<Paint> {
            (column > 0).then_some(Paint::Red)
        }
        let plain = aligned(&header, &rows, None);
        let coloured = aligned(&header, &rows, Some(paint));
        assert!(!plain.contains('\x1b'));
        assert!(coloured.contains("\x1b[31mstatistics\x1b[0m"), "{coloured:?}");
        assert!(coloured.starts_with("\x1b[1mNAME\x1b[0m"), "{coloured:?}");
        assert_eq!(strip_colours(&coloured), plain);
        assert_eq!(
            plain,
            "NAME       LABEL       FINDINGS\n_ga        statistics  undeclared\nsessionid  necessary\n"
        );
    }

    #[test]
    fn labels_and_findings_have_colours() {
        assert!(matches!(
            cell_paint(LABEL_COLUMN, "statistics"),
            Some(Paint::Blue)
        ));
        assert!(matches!(
            cell_paint(LABEL_COLUMN, "third-party"),
            Some(Paint::Magenta)
        ));
        assert!(matches!(
            cell_paint(FINDINGS_COLUMN, "undeclared"),
            Some(Paint::Red)
        ));
        assert!(cell_paint(0, "_ga").is_none());
    }
}
