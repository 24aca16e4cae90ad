//! Cookie-name patterns: the globs a charter or the built-in table writes
//! for families of cookies whose names carry an account or container id
//! (`_ga_*`, `_pk_id.*`, `_gac_xxx`, `_ga_<container-id>`, `id5id_{partnerId}_nb`).
//!
//! A pattern is normalised to one glob syntax, where `*` stands for any run of
//! characters (possibly empty) and every other character stands for itself.

/// How a charter writes a name: either exactly, or as a family of names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamePattern {
    /// A name to match exactly (case-sensitively, as browsers compare names).
    Exact(String),
    /// A glob in normalised form: `*` is any run of characters.
    Glob(String),
}

impl NamePattern {
    /// Reads a name as a charter writes it, turning the placeholders charters
    /// use into `*`: `<container-id>`, `{partnerId}`, `[id]`, `#`, a run of
    /// three or more `x` standing as a whole segment (`_gac_xxx`), and a
    /// trailing `...` or `…`.
    pub fn parse(written: &str) -> NamePattern {
        let written = written.trim();
        let mut glob = String::with_capacity(written.len());
        let mut chars = written.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let closing = match c {
                '<' => Some('>'),
                '{' => Some('}'),
                '[' => Some(']'),
                _ => None,
            };
            if let Some(close) = closing {
                if let Some(end) = written[at..].find(close) {
                    push_star(&mut glob);
                    while chars.peek().is_some_and(|&(i, _)| i <= at + end) {
                        chars.next();
                    }
                    continue;
                }
            }
            match c {
                '*' | '#' | '…' => push_star(&mut glob),
                '.' if written[at..].starts_with("...") && written[at..].trim_end_matches('.').is_empty() => {
                    push_star(&mut glob);
                    break;
                }
                'x' | 'X' if is_placeholder_run(written, at) => {
                    push_star(&mut glob);
                    while chars.peek().is_some_and(|&(_, n)| n == 'x' || n == 'X') {
                        chars.next();
                    }
                }
                _ => glob.push(c),
            }
        }
        if glob.contains('*') {
            NamePattern::Glob(glob)
        } else {
            NamePattern::Exact(glob)
        }
    }

    /// Whether `name` is this exact name or a member of this family.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            NamePattern::Exact(exact) => exact == name,
            NamePattern::Glob(glob) => glob_matches(glob, name),
        }
    }

    /// The glob, or `None` for an exact name.
    pub fn glob(&self) -> Option<&str> {
        match self {
            NamePattern::Exact(_) => None,
            NamePattern::Glob(glob) => Some(glob),
        }
    }
}

fn push_star(glob: &mut String) {
    if !glob.ends_with('*') {
        glob.push('*');
    }
}

/// A run of three or more `x` that fills a whole segment between `_`, `.`,
/// `-` or the ends of the name, as in `_gac_xxx` or `_hjSession_XXXXXX`.
fn is_placeholder_run(written: &str, at: usize) -> bool {
    let before = written[..at].chars().next_back();
    let run = written[at..]
        .chars()
        .take_while(|&c| c == 'x' || c == 'X')
        .count();
    let after = written[at + run..].chars().next();
    let separator = |c: Option<char>| c.is_none_or(|c| matches!(c, '_' | '.' | '-'));
    run >= 3 && separator(before) && separator(after)
}

/// Matches `name` against a normalised glob, where `*` is any run of
/// characters. Linear in the length of the name for each star.
pub fn glob_matches(glob: &str, name: &str) -> bool {
    let mut parts = glob.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let middle: Vec<&str> = parts.collect();
    let Some((last, middle)) = middle.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_globs() {
        let cases = [
            ("_ga", None),
            ("_ga_*", Some("_ga_*")),
            ("_ga_#", Some("_ga_*")),
            ("_ga_<container-id>", Some("_ga_*")),
            ("_gac_xxx", Some("_gac_*")),
            ("_hjSession_XXXXXX", Some("_hjSession_*")),
            ("_pk_id.*", Some("_pk_id.*")),
            ("_pk_id*", Some("_pk_id*")),
            ("_pk_id.<n>.<hash>", Some("_pk_id.*.*")),
            ("id5id_{partnerId}_nb", Some("id5id_*_nb")),
            ("SSESS*", Some("SSESS*")),
            ("wp-settings-[UID]", Some("wp-settings-*")),
            ("_hs...", Some("_hs*")),
            ("_hs…", Some("_hs*")),
            ("taxonomy", None),
            ("xxx", Some("*")),
            ("maxxx", None),
        ];
        for (written, expected) in cases {
            let pattern = NamePattern::parse(written);
            assert_eq!(pattern.glob(), expected, "case {written:?}");
        }
    }

    #[test]
    fn globs_match_account_specific_names() {
        let cases = [
            ("_ga_*", "_ga_K00BDHCKY3", true),
            ("_ga_*", "_ga", false),
            ("_ga_*", "_gat", false),
            ("_gat_*", "_gat_gtag_UA_4500835_55", true),
            ("_pk_id.*", "_pk_id.1.a7f3", true),
            ("_pk_id.*.*", "_pk_id.1.a7f3", true),
            ("_pk_id.*.*", "_pk_id.1", false),
            ("id5id_*_nb", "id5id_102_nb", true),
            ("id5id_*_nb", "id5id_102_nbx", false),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("*", "", true),
        ];
        for (glob, name, expected) in cases {
            assert_eq!(glob_matches(glob, name), expected, "{glob:?} ~ {name:?}");
        }
    }

    #[test]
    fn exact_names_are_case_sensitive() {
        assert!(NamePattern::parse("NID").matches("NID"));
        assert!(!NamePattern::parse("NID").matches("nid"));
    }
}
