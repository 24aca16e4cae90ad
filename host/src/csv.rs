//! RFC 4180 CSV, both ways: the rows `classify --format csv` writes, and the
//! records of a CSV file the command line reads (the Open Cookie Database).
//!
//! Hand-written rather than the `csv` crate: the two directions together are
//! a few dozen lines, and the only file read is a few hundred kilobytes.

/// One line of fields, quoting a field that holds a comma, a quote or a line
/// break (quotes doubled), ended by CRLF.
pub fn line(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields
        .map(|field| {
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A quoted field that never closes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: a quoted field is never closed")]
pub struct Unterminated {
    /// The line (1-based) where the field opens.
    pub line: usize,
}

/// The records of a CSV text, each with the line (1-based) it starts on.
/// Fields may be quoted, with commas, doubled quotes and line breaks inside;
/// records end with LF or CRLF; blank lines are skipped. A quote inside an
/// unquoted field is kept as it is, as spreadsheets write it.
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, Unterminated> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                let opened = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(inner) => {
                            line += usize::from(inner == '\n');
                            field.push(inner);
                        }
                        None => return Err(Unterminated { line: opened }),
                    }
                }
                at_field_start = false;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                if fields.len() > 1 || !fields[0].is_empty() {
                    records.push((record_line, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                record_line = line;
                at_field_start = true;
            }
            other => {
                field.push(other);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text)
            .expect("valid CSV")
            .into_iter()
            .map(|(_, fields)| fields)
            .collect()
    }

    #[test]
    fn writing_quotes_what_needs_quoting() {
        let written = line(["a".into(), "b,c".into(), "say \"hi\"".into(), "x\ny".into()].into_iter());
        assert_eq!(written, "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n");
    }

    #[test]
    fn what_is_written_reads_back() {
        let row: Vec<String> = ["plain", "", "b,c", "say \"hi\"", "two\r\nlines", " spaced "]
            .map(str::to_owned)
            .to_vec();
        let text = line(row.clone().into_iter()) + &line(["next".to_owned()].into_iter());
        assert_eq!(fields(&text), vec![row, vec!["next".to_owned()]]);
    }

    #[test]
    fn quoted_fields_and_line_numbers() {
        let text = "\u{feff}ID,Name,Description\n1,_ga,\"Distinguishes users, \"\"2 years\"\"\"\n\n2,x,\"one\ntwo\"\r\n3,y,\n";
        let read = records(text).unwrap();
        assert_eq!(read.len(), 4);
        assert_eq!(
            read[0],
            (1, vec!["ID".into(), "Name".into(), "Description".into()])
        );
        assert_eq!(read[1].1[2], "Distinguishes users, \"2 years\"");
        assert_eq!(read[2], (4, vec!["2".into(), "x".into(), "one\ntwo".into()]));
        assert_eq!(read[3], (6, vec!["3".into(), "y".into(), String::new()]));
    }

    #[test]
    fn odd_input_is_read_or_refused_clearly() {
        assert_eq!(fields("a,b"), vec![vec!["a".to_owned(), "b".to_owned()]]);
        assert_eq!(
            fields("5\" screen,x\n"),
            vec![vec!["5\" screen".to_owned(), "x".to_owned()]]
        );
        assert_eq!(fields(""), Vec::<Vec<String>>::new());
        assert_eq!(records("a\n\"open,\nnever closed"), Err(Unterminated { line: 2 }));
    }
}
