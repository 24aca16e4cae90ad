// The lifetime a server *declared* in its `Set-Cookie` headers, before the
// browser clamps it: Chrome and Firefox keep a cookie at most 400 days
// (RFC 6265bis §5.5), so `cookies.getAll` cannot tell a 13-month cookie from
// a 2-year one. Only the name, domain and expiry are read; the value is never
// kept. Where the headers come from is tab-traffic.js's job.

/**
 * One `Set-Cookie` line per cookie from webRequest's `responseHeaders`:
 * Chrome gives one header per cookie, Firefox joins them with "\n".
 */
export function setCookieLines(responseHeaders = []) {
  return responseHeaders
    .filter((header) => header.name.toLowerCase() === 'set-cookie')
    .flatMap((header) => (header.value ?? '').split('\n'))
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Reads one `Set-Cookie` line (RFC 6265 §5.2) into `{name, domain, expiresAt}`:
 * `domain` as the cookies API reports it (`.example.com` with a `Domain`
 * attribute, else the request's host), `expiresAt` in unix seconds, or null
 * for a session cookie. The value is never read.
 *
 * @param {string} line
 * @param {string} requestHost the host that answered
 * @param {number} nowMs when the header arrived, for `Max-Age`
 */
export function parseSetCookie(line, requestHost, nowMs) {
  const [pair, ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  // RFC 6265bis §5.6 step 3: a pair without "=" is a value with an empty name.
  const name = eq === -1 ? '' : pair.slice(0, eq).trim();
  let maxAge = null;
  let expires = null;
  let domain = null;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (key === 'max-age') {
      // §5.2.2: "If the first character of the attribute-value is not a DIGIT or a "-"
      // character, ignore the cookie-av" (and likewise for any later non-DIGIT).
      if (/^-?\d+$/.test(value)) maxAge = Number(value);
    } else if (key === 'expires') {
      expires = parseCookieDate(value) ?? expires;
    } else if (key === 'domain' && value) {
      // §5.2.3: a leading "." is ignored; the browser then reports ".domain".
      domain = value.replace(/^\./, '').toLowerCase();
    }
  }
  // §5.3 step 3: Max-Age wins over Expires.
  let expiresAt = null;
  if (maxAge !== null) expiresAt = Math.floor(nowMs / 1000) + maxAge;
  else if (expires !== null) expiresAt = expires / 1000;
  return { name, domain: domain ? `.${domain}` : requestHost.toLowerCase(), expiresAt };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * RFC 6265 §5.1.1, "Dates": the lenient cookie-date algorithm browsers use
 * for `Expires`, so that "Wed, 21-Oct-2015 07:28:00 GMT" and its variants
 * parse alike in every engine. Returns milliseconds since the epoch, or null
 * when the attribute is to be ignored.
 */
export function parseCookieDate(text) {
  // delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E (":" is not one)
  const tokens = text.split(/[\x09\x20-\x2F\x3B-\x40\x5B-\x60\x7B-\x7E]+/).filter(Boolean);
  let time = null;
  let day = null;
  let month = null;
  let year = null;
  // Step 2: each token sets the first field, in this order, it can still set.
  for (const token of tokens) {
    const hms = time === null && /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/.exec(token);
    if (hms) time = hms.slice(1).map(Number);
    else if (day === null && /^\d{1,2}(?:\D|$)/.test(token)) day = parseInt(token, 10);
    else if (month === null && MONTHS.includes(token.slice(0, 3).toLowerCase())) month = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
    else if (year === null && /^\d{2,4}(?:\D|$)/.test(token)) year = parseInt(token, 10);
  }
  // Steps 3 and 4: two-digit years.
  if (year !== null && year >= 70 && year <= 99) year += 1900;
  else if (year !== null && year >= 0 && year <= 69) year += 2000;
  // Step 5: abort when a field is missing or out of range.
  if (time === null || day === null || month === null || year === null) return null;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
  // Step 6: "If the day-of-month-value is greater than the number of days in the month, abort".
  const ms = Date.UTC(year, month, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : null;
}

/** Key of a declared lifetime: the cookie's name and domain, as the cookies API will report them. */
export function declaredKey(name, domain) {
  return `${name}\u0000${domain.toLowerCase()}`;
}

/**
 * Gives each cookie record the expiry its server declared when that is
 * later than the browser's (the 400-day clamp), so the host judges the
 * lifetime the site asked for. A cookie with no declared lifetime is left as
 * the browser reports it.
 *
 * @param {object[]} records cookie records (cookies.js)
 * @param {Map<string, number|null>} declared declaredKey -> expiresAt (unix s) or null
 */
export function applyDeclaredLifetimes(records, declared) {
  return records.map((record) => {
    const expiresAt = declared.get(declaredKey(record.name, record.domain));
    if (typeof expiresAt !== 'number' || record.session || !(expiresAt > (record.expirationDate ?? Infinity))) return record;
    return { ...record, expirationDate: expiresAt };
  });
}
