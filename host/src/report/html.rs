//! One HTML page a person can open from a CI artefact or a mail: the summary,
//! each page's site findings and its cookies. Self-contained (inline CSS, no
//! script, nothing loaded from elsewhere, and a Content-Security-Policy that
//! would block anything else), and every string from the HAR or the charter
//! is escaped: cookie names and URLs are whatever a site chose to send.

use std::fmt::Write as _;

use super::{charter_line, evidence_of, findings_of, lifetime_of, purpose_word, tally, PageAnswer};
use crate::classify::{Counts, Finding};

/// `text` made safe as HTML text and as a double- or single-quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

const STYLE: &str = "\
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:78rem;padding:0 1rem;color:#1d1d1f}\
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.5rem;overflow-wrap:anywhere}\
table{border-collapse:collapse;margin:.6rem 0;width:100%}\
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
th{background:#f3f3f5}.meta{color:#555}.finding{color:#a40000;font-weight:600}\
.label{border-radius:.6rem;padding:.05rem .5rem;white-space:nowrap}\
.necessary{background:#d9f2dd}.statistics{background:#dbe7fb}.first-party{background:#fcefc7}\
.third-party{background:#f6d9f0}.none{color:#555}";

/// The whole report.
pub fn html(pages: &[PageAnswer]) -> String {
    let mut out = String::new();
    let title = match pages {
        [page] => format!("Cookie Charter report: {}", page.page),
        _ => format!("Cookie Charter report: {} pages", pages.len()),
    };
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Cookie Charter report</h1>\n",
        escape(&title)
    );
    summary(&mut out, pages);
    for page in pages {
        page_section(&mut out, page);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, pages: &[PageAnswer]) {
    let mut total = Counts::default();
    for page in pages {
        let counts = &page.answer.classification.summary.counts;
        total.necessary += counts.necessary;
        total.statistics += counts.statistics;
        total.first_party += counts.first_party;
        total.third_party += counts.third_party;
    }
    let cookies = total.necessary + total.statistics + total.first_party + total.third_party;
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} page{}, {cookies} cookie{}; classified by cookie-charter {}.</p>",
        pages.len(),
        plural(pages.len()),
        plural(cookies),
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("<section>\n<h2>Summary</h2>\n");
    counts_table(out, &total);
    let tallies = tally(pages);
    if tallies.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>finding</th><th>cookies</th><th>pages</th></tr>\n");
        for tally in tallies {
            let _ = writeln!(
                out,
                "<tr><td class=\"finding\">{}</td><td>{}</td><td>{}</td></tr>",
                tally.finding.as_str(),
                tally.cookies,
                tally.pages
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

fn counts_table(out: &mut String, counts: &Counts) {
    let _ = writeln!(
        out,
        "<table>\n<tr><th>necessary</th><th>statistics</th><th>first-party</th><th>third-party</th></tr>\n\
         <tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n</table>",
        counts.necessary, counts.statistics, counts.first_party, counts.third_party
    );
}

fn page_section(out: &mut String, page: &PageAnswer) {
    let classification = &page.answer.classification;
    let _ = writeln!(
        out,
        "<section>\n<h2>{}</h2>\n<p class=\"meta\">site {} · {}</p>",
        escape(&page.page),
        escape(classification.site.registrable_domain.as_str()),
        escape(&charter_line(&page.answer))
    );
    let summary = &classification.summary;
    let mut findings = Vec::new();
    if summary.findings.contains(&Finding::NoCharter) {
        findings.push(
            "<span class=\"finding\">no_charter</span>: no charter to check the cookies against".to_owned(),
        );
    }
    if !summary.undeclared.is_empty() {
        findings.push(format!(
            "<span class=\"finding\">undeclared</span>: {}",
            escape(&summary.undeclared.join(", "))
        ));
    }
    if !summary.declared_not_seen.is_empty() {
        findings.push(format!(
            "<span class=\"finding\">declared_not_seen</span>: {}",
            escape(&summary.declared_not_seen.join(", "))
        ));
    }
    if !findings.is_empty() {
        let _ = writeln!(out, "<ul>\n<li>{}</li>\n</ul>", findings.join("</li>\n<li>"));
    }
    counts_table(out, &summary.counts);
    if classification.cookies.is_empty() {
        out.push_str("<p class=\"none\">No cookies.</p>\n");
    } else {
        out.push_str(
            "<table>\n<tr><th>name</th><th>domain</th><th>label</th><th>party</th><th>purpose</th>\
             <th>why</th><th>consent</th><th>lifetime</th><th>findings</th></tr>\n",
        );
        for verdict in &classification.cookies {
            let label = verdict.label.as_str();
            let party = if verdict.partitioned {
                format!("{} (partitioned)", verdict.party.as_str())
            } else {
                verdict.party.as_str().to_owned()
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td><span class=\"label {label}\">{label}</span></td><td>{party}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"finding\">{}</td></tr>",
                escape(&verdict.name),
                escape(&verdict.domain),
                purpose_word(verdict),
                escape(&evidence_of(verdict)),
                verdict.consent.as_str(),
                lifetime_of(verdict),
                findings_of(verdict)
            );
        }
        out.push_str("</table>\n");
    }
    for warning in page.answer.charter.iter().flat_map(|c| &c.warnings) {
        let _ = writeln!(out, "<p class=\"meta\">warning: {}</p>", escape(warning));
    }
    out.push_str("</section>\n");
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entity decoding a browser does, for the round trip.
    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn hostile_text_is_inert() {
        let hostile = [
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "' onmouseover='alert(1)",
            "</td></tr></table><iframe src=//evil.example>",
            "&lt;already escaped&gt;",
            "<!--",
            "]]><![CDATA[",
        ];
        for text in hostile {
            let escaped = escape(text);
            for forbidden in ['<', '>', '"', '\''] {
                assert!(!escaped.contains(forbidden), "{text:?} -> {escaped:?}");
            }
            assert_eq!(unescape(&escaped), text);
        }
        assert_eq!(escape("a<b>\"c\"'d'&"), "a&lt;b&gt;&quot;c&quot;&#39;d&#39;&amp;");
        assert_eq!(escape("plain é ✓"), "plain é ✓");
    }
}
