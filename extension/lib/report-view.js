// What the popup says about a report, before any DOM: cookies grouped by
// label, the site's findings, and each cookie's basis, party and lifetime in
// words. Pure (the translator is passed in), so it is tested without a page;
// popup/render.js builds the elements.
//
// Message keys are written out in full (no `label_${x}`), so the i18n test
// can find every key the code uses.

/** The charter's four categories (DESIGN.md "Label"), in the order shown. */
export const LABELS = Object.freeze(['necessary', 'statistics', 'first-party', 'third-party']);

export const LABEL_MESSAGES = Object.freeze({
  necessary: 'labelNecessary',
  statistics: 'labelStatistics',
  'first-party': 'labelFirstParty',
  'third-party': 'labelThirdParty',
});

export const PURPOSE_MESSAGES = Object.freeze({
  necessary: 'purposeNecessary',
  statistics: 'purposeStatistics',
  preferences: 'purposePreferences',
  marketing: 'purposeMarketing',
  other: 'purposeOther',
  unknown: 'purposeUnknown',
});

/** One short, explained warning per cookie finding code (PROTOCOL.md, "Cookie findings"). */
export const FINDING_MESSAGES = Object.freeze({
  undeclared: 'findingUndeclared',
  no_charter: 'findingNoCharter',
  third_party_declared_necessary: 'findingThirdPartyDeclaredNecessary',
  statistics_not_exempt: 'findingStatisticsNotExempt',
  lifetime_exceeds_declared: 'findingLifetimeExceedsDeclared',
});

/** Site-level findings, in the order siteFindings lists them. */
export const SITE_FINDING_MESSAGES = Object.freeze({
  no_charter: 'siteNoCharter',
  undeclared: 'siteUndeclared',
  consent_required_statistics: 'siteStatisticsNeedConsent',
  third_party_declared_necessary: 'siteThirdPartyDeclaredNecessary',
  lifetime_exceeds_declared: 'siteLifetimeExceedsDeclared',
  declared_not_seen: 'siteDeclaredNotSeen',
});

/** Where the charter came from (charter-store.js's CharterOrigin). */
export const ORIGIN_MESSAGES = Object.freeze({
  discovered: 'originDiscovered',
  page: 'originPage',
  'user-url': 'originUserUrl',
  'user-text': 'originUserText',
});

const byNameThenDomain = (a, b) => a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain);

/**
 * Cookies grouped by label: the four labels first, in LABELS order, then any
 * label this version does not know (shown as is rather than dropped). Empty
 * groups are left out; rows are sorted by name, then domain.
 * @returns {{label: string, cookies: object[]}[]}
 */
export function groupByLabel(cookies) {
  const labels = [...new Set([...LABELS, ...cookies.map((cookie) => cookie.label)])];
  return labels
    .map((label) => ({ label, cookies: cookies.filter((cookie) => cookie.label === label).sort(byNameThenDomain) }))
    .filter((group) => group.cookies.length > 0);
}

/**
 * The site's findings, each with the cookie names it concerns: the host's
 * summary (no charter, undeclared, declared but not seen) plus the cookies
 * whose own findings deserve a line at the top (statistics that need
 * consent, necessary third parties, lifetimes longer than declared).
 * @returns {{code: string, names: string[]}[]}
 */
export function siteFindings({ cookies, summary }) {
  const namesWith = (finding) => [...new Set(cookies.filter((cookie) => cookie.findings.includes(finding)).map((cookie) => cookie.name))];
  const noCharter = summary.findings?.includes('no_charter') ? [{ code: 'no_charter', names: [] }] : [];
  const listed = [
    ['undeclared', summary.undeclared ?? []],
    ['consent_required_statistics', namesWith('statistics_not_exempt')],
    ['third_party_declared_necessary', namesWith('third_party_declared_necessary')],
    ['lifetime_exceeds_declared', namesWith('lifetime_exceeds_declared')],
    ['declared_not_seen', summary.declaredNotSeen ?? []],
  ];
  return noCharter.concat(listed.filter(([, names]) => names.length > 0).map(([code, names]) => ({ code, names })));
}

/** Longest charter section quoted in a basis sentence; the full text is in the export. */
const MAX_SECTION = 60;

/**
 * Why the cookie has its label, in words: the charter section that declares
 * it, the well-known cookie it is, or its party when nothing declares it.
 */
export function describeBasis(cookie, t) {
  if (cookie.basis === 'charter') {
    const section = cookie.declared?.section;
    return section ? t('basisCharterSection', [ellipsis(section, MAX_SECTION)]) : t('basisCharterPurpose', [purposeName(cookie.purpose, t)]);
  }
  if (cookie.basis === 'known' && cookie.known) {
    const service = cookie.known.service ?? cookie.known.provider;
    return service ? t('basisKnown', [service]) : t('basisKnownUnnamed');
  }
  return cookie.party === 'third' ? t('basisPartyThird') : t('basisPartyFirst');
}

export function describeParty(cookie, t) {
  return cookie.party === 'third' ? t('partyThird') : t('partyFirst');
}

/** Browsers keep a cookie at most 400 days (RFC 6265bis §5.5); a longer lifetime was asked for, not granted. */
const BROWSER_MAX_DAYS = 400;
const DAYS_PER_MONTH = 365.25 / 12;

/** The cookie's lifetime in words: session, hours, days or months, and whether the browser shortens it. */
export function describeLifetime(cookie, t) {
  const days = cookie.lifetimeDays;
  if (days === undefined || days === null) return t('lifetimeSession');
  let text;
  if (days < 1) text = t('lifetimeUnderADay');
  else if (days < 1.5) text = t('lifetimeOneDay');
  else if (days < 62) text = t('lifetimeDays', [Math.round(days)]);
  else text = t('lifetimeMonths', [Math.round(days / DAYS_PER_MONTH)]);
  return days > BROWSER_MAX_DAYS ? `${text} ${t('lifetimeClamped')}` : text;
}

/** The words for a code from one of the tables above; a code this version does not know is shown as is. */
function wordsFor(messages, code, t) {
  return Object.hasOwn(messages, code) ? t(messages[code]) : code;
}

export const describeFinding = (code, t) => wordsFor(FINDING_MESSAGES, code, t);
export const labelName = (label, t) => wordsFor(LABEL_MESSAGES, label, t);
const purposeName = (purpose, t) => wordsFor(PURPOSE_MESSAGES, purpose, t);
export const originName = (origin, t) => wordsFor(ORIGIN_MESSAGES, origin, t);

function ellipsis(text, max) {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}
