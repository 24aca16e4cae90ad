//! A table being read: its caption, its rows of cells laid out on a grid
//! as browsers lay them out (a cell spanning columns or rows covers them),
//! and the text misplaced in it.

use crate::charter::document::{self, Block};

/// At most this many columns per cell, and rows per cell (HTML's own
/// limits are 1,000 and 65,534; a declaration table has a handful).
const MAX_COLUMN_SPAN: usize = 20;
const MAX_ROW_SPAN: usize = 1000;

pub struct TableReader {
    pub caption: Option<String>,
    rows: Vec<Vec<String>>,
    /// The open row.
    row: Option<Vec<String>>,
    /// Per column, the cell above that still covers it: its text, and how
    /// many more rows it covers.
    spans: Vec<Option<(String, usize)>>,
    /// Text misplaced between table parts: browsers show it before the table.
    pub fostered: String,
    /// Where its blocks go among the reader's: the fostered text, then the
    /// table. Kept free from the moment it opens, so that the tables nested
    /// in its cells, which end first, land after it without being moved.
    pub slot: usize,
}

impl TableReader {
    pub fn new(slot: usize) -> TableReader {
        TableReader {
            caption: None,
            rows: Vec::new(),
            row: None,
            spans: Vec::new(),
            fostered: String::new(),
            slot,
        }
    }

    pub fn start_row(&mut self) {
        self.end_row();
        self.row = Some(Vec::new());
    }

    /// A `<thead>`, `<tbody>` or `<tfoot>`: no cell spans rows across it.
    pub fn start_group(&mut self) {
        self.end_row();
        self.spans.clear();
    }

    pub fn end_row(&mut self) {
        if let Some(mut row) = self.row.take() {
            // Cells from above that cover the end of the row.
            if let Some(last) = self.spans.iter().rposition(Option::is_some) {
                while row.len() <= last {
                    self.cover(&mut row);
                }
            }
            self.rows.push(row);
        }
    }

    /// A cell, placed in the first column no cell above covers.
    pub fn cell(&mut self, text: String, columns: usize, rows: usize) {
        let mut row = self.row.take().unwrap_or_default();
        while self.spans.get(row.len()).is_some_and(Option::is_some) {
            self.cover(&mut row);
        }
        let columns = columns.clamp(1, MAX_COLUMN_SPAN);
        let rows = rows.clamp(1, MAX_ROW_SPAN);
        let first = row.len();
        if rows > 1 {
            if self.spans.len() < first + columns {
                self.spans.resize(first + columns, None);
            }
            // The text is repeated in the rows below: a provider cell that
            // spans two cookies' rows is each cookie's provider.
            self.spans[first] = Some((text.clone(), rows - 1));
            for span in &mut self.spans[first + 1..first + columns] {
                *span = Some((String::new(), rows - 1));
            }
        }
        row.push(text);
        row.extend(std::iter::repeat_n(String::new(), columns - 1));
        self.row = Some(row);
    }

    /// Fills the row's next column with what the cell above covers there.
    fn cover(&mut self, row: &mut Vec<String>) {
        let column = row.len();
        let covered = self.spans.get_mut(column).and_then(Option::take);
        match covered {
            Some((text, left)) => {
                row.push(text.clone());
                if left > 1 {
                    self.spans[column] = Some((text, left - 1));
                }
            }
            None => row.push(String::new()),
        }
    }

    /// The fostered text, if any, and the table.
    pub fn into_blocks(mut self) -> (Option<Block>, Block) {
        self.end_row();
        let fostered = document::collapse(&self.fostered);
        let table = Block::Table {
            caption: self.caption,
            rows: self.rows,
        };
        ((!fostered.is_empty()).then_some(Block::Text(fostered)), table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: TableReader) -> Vec<Vec<String>> {
        match table.into_blocks() {
            (_, Block::Table { rows, .. }) => rows,
            (_, other) => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn cells_spanning_rows_and_columns_cover_them() {
        let mut table = TableReader::new(0);
        // | _ga  | Google (2 rows) | 2 years |
        // | _gid |                 | 1 day   |
        // | note (3 columns)                 |
        table.start_row();
        table.cell("_ga".into(), 1, 1);
        table.cell("Google".into(), 1, 2);
        table.cell("2 years".into(), 1, 1);
        table.start_row();
        table.cell("_gid".into(), 1, 1);
        table.cell("1 day".into(), 1, 1);
        table.start_row();
        table.cell("note".into(), 3, 1);
        assert_eq!(
            rows(table),
            [
                ["_ga", "Google", "2 years"],
                ["_gid", "Google", "1 day"],
                ["note", "", ""],
            ]
        );
    }

    #[test]
    fn a_span_covers_the_end_of_a_short_row_and_stops_at_its_group() {
        let mut table = TableReader::new(0);
        table.start_row();
        table.cell("_ga".into(), 1, 1);
        table.cell("Statistics".into(), 1, 5);
        table.start_row();
        table.cell("_gid".into(), 1, 1);
        table.start_group();
        table.start_row();
        table.cell("NID".into(), 1, 1);
        assert_eq!(
            rows(table),
            [vec!["_ga", "Statistics"], vec!["_gid", "Statistics"], vec!["NID"]]
        );
    }
}
