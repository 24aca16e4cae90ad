// Builds the popup's report from a Report (tab-reports.js) with DOM APIs
// only: cookie names, charter text and host messages come from websites and
// are set as text (`textContent`, attributes), never parsed as HTML. The
// words come from lib/report-view.js; this module only lays them out.

import {
  LABELS, SITE_FINDING_MESSAGES, describeBasis, describeFinding, describeLifetime, describeParty, groupByLabel, labelName, originName, siteFindings,
} from '../lib/report-view.js';
import { el } from '../ui/dom.js';

/** Names listed after a site finding before "…": the export has them all. */
const MAX_NAMES = 12;

/**
 * Fills the `#report` part of popup.html and its header.
 * @param {import('../lib/tab-reports.js').Report} report
 * @param {(key: string, substitutions?: unknown[]) => string} t
 */
export function renderReport(report, t) {
  const { classification } = report;
  const byId = (id) => document.getElementById(id);

  byId('site-host').textContent = new URL(report.url).hostname;
  byId('site-domain').textContent = t('registrableDomain', [classification.site?.registrableDomain ?? '?']);

  byId('charter').replaceChildren(...charterLine(report, t));
  byId('charter-problem').hidden = !report.charterProblem;
  byId('charter-problem').textContent = report.charterProblem ? t('charterProblem', [report.charterProblem]) : '';

  byId('counts').replaceChildren(
    ...LABELS.map((label) => el('li', { class: `count label-${label}` },
      el('span', { class: 'count-number' }, String(classification.summary?.counts?.[label] ?? 0)),
      el('span', { class: 'count-label' }, labelName(label, t)))),
  );

  const findings = siteFindings(classification);
  byId('site-findings-section').hidden = findings.length === 0;
  byId('site-findings').replaceChildren(...findings.map((finding) => siteFindingItem(finding, t)));

  const groups = groupByLabel(classification.cookies);
  byId('no-cookies').hidden = groups.length > 0;
  byId('groups').replaceChildren(...groups.map((group) => groupSection(group, t)));

  byId('about').textContent = report.host
    ? t('aboutHost', [report.host.version ?? '?', report.host.psl?.date ?? '?'])
    : '';
}

/** "Charter: <link> · HTML · 28/11/2026 · found on the site", or "No charter found". */
function charterLine(report, t) {
  const { charter } = report;
  if (!charter) return [t('charterNone')];
  const date = new Date(charter.savedAt).toLocaleDateString(t('localeCode'));
  const details = [(charter.format ?? '').toUpperCase(), date, originName(charter.origin, t)];
  return [t('charterUsed'), ' ', charter.url ? charterLink(charter.url) : '', ` · ${details.join(' · ')}`];
}

/** A link to the charter; only web addresses become links. */
function charterLink(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return url ?? '';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return url;
  return el('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer' }, `${parsed.hostname}${parsed.pathname}`);
}

function siteFindingItem({ code, names }, t) {
  const text = t(SITE_FINDING_MESSAGES[code], [names.length]);
  const shown = names.slice(0, MAX_NAMES).join(', ') + (names.length > MAX_NAMES ? ', …' : '');
  return el('li', { class: `site-finding finding-${code}` }, text, names.length ? el('span', { class: 'names' }, shown) : null);
}

function groupSection({ label, cookies }, t) {
  return el('details', { class: `group label-${label}`, open: true },
    el('summary', {}, el('span', { class: 'group-name' }, labelName(label, t)), ` (${cookies.length})`),
    el('ul', { class: 'cookies' }, ...cookies.map((cookie) => cookieRow(cookie, t))));
}

function cookieRow(cookie, t) {
  const facts = [describeParty(cookie, t), cookie.partitioned ? t('partitioned') : null, describeLifetime(cookie, t)].filter(Boolean);
  return el('li', {
    class: 'cookie',
    dataset: {
      cookieName: cookie.name,
      cookieDomain: cookie.domain,
      label: cookie.label,
      basis: cookie.basis,
      findings: cookie.findings.join(' '),
    },
  },
  el('div', { class: 'cookie-head' }, el('code', { class: 'cookie-name' }, cookie.name), el('span', { class: 'cookie-domain' }, cookie.domain)),
  el('p', { class: 'cookie-facts' }, facts.join(' · ')),
  el('p', { class: 'cookie-basis' }, describeBasis(cookie, t)),
  cookie.findings.length
    ? el('ul', { class: 'cookie-findings' }, ...cookie.findings.map((code) => el('li', { class: `warning finding-${code}` }, describeFinding(code, t))))
    : null);
}
