// The site's report as files a person can keep or send: JSON (everything the
// host said) and CSV (one row per cookie, for a spreadsheet). Pure; the popup
// turns the text into a download. There are no cookie values to leak: the
// report never had any.

/** Everything the popup showed, with the charter used and the host's version. */
export function reportToJson(report) {
  const { url, observedAt, host, charter, charterProblem, classification } = report;
  return `${JSON.stringify({ generator: 'Cookie Charter', url, observedAt, host, charter, charterProblem, classification }, null, 2)}\n`;
}

/** Columns of the CSV export: name -> value of a cookie of the classification. */
export const CSV_COLUMNS = Object.freeze({
  name: (cookie) => cookie.name,
  domain: (cookie) => cookie.domain,
  label: (cookie) => cookie.label,
  party: (cookie) => cookie.party,
  partitioned: (cookie) => cookie.partitioned,
  purpose: (cookie) => cookie.purpose,
  basis: (cookie) => cookie.basis,
  consent: (cookie) => cookie.consent,
  lifetime_days: (cookie) => (cookie.lifetimeDays === undefined ? '' : Math.round(cookie.lifetimeDays * 10) / 10),
  declared_name: (cookie) => cookie.declared?.name,
  declared_section: (cookie) => cookie.declared?.section,
  declared_duration: (cookie) => cookie.declared?.duration?.text,
  known_service: (cookie) => cookie.known?.service,
  findings: (cookie) => cookie.findings.join(' '),
});

/**
 * One field of RFC 4180 CSV. Cookie names and charter text come from the
 * site, so a field that a spreadsheet would run as a formula (starting with
 * "=", "+", "-", "@", a tab or a carriage return; OWASP "CSV Injection") is
 * prefixed with "'" first.
 */
export function csvField(value) {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report's cookies as CSV with a header row, CRLF line ends (RFC 4180). */
export function reportToCsv(report) {
  const rows = [Object.keys(CSV_COLUMNS)];
  for (const cookie of report.classification.cookies) rows.push(Object.values(CSV_COLUMNS).map((column) => column(cookie)));
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** `cookie-charter-<registrable domain>-<YYYY-MM-DD>.<extension>` */
export function exportFileName(report, extension) {
  const site = report.classification.site?.registrableDomain ?? new URL(report.url).hostname;
  const day = new Date(report.observedAt * 1000).toISOString().slice(0, 10);
  return `cookie-charter-${site.replace(/[^a-z0-9.-]+/gi, '_')}-${day}.${extension}`;
}
