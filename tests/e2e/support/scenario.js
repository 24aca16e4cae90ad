// What the popup must show for each page of the test site (site/pages.js),
// the same in every browser: one row per cookie with the label, basis and
// findings the classification contract (DESIGN.md) gives it, and the site
// findings. Also the run's sentinel, to tell a leaked cookie value.

import { randomBytes } from 'node:crypto';

import { HOSTS } from '../site/pages.js';

/** Drawn per run: every cookie value of the site contains it (site/pages.js). */
export const TOKEN = randomBytes(8).toString('hex');
export const SENTINEL = 'SENTINEL-VALUE-';

/** True when the text holds a cookie value of the test site. Never prints it. */
export const leaks = (text) => text.includes(SENTINEL) || text.includes(TOKEN);

//   name, domain, label, basis, findings, party, partitioned
export const GAZETTE_HOME = [
  ['gz_session', HOSTS.gazette, 'necessary', 'charter', [], 'first', false], // HTTP header, HttpOnly
  ['gz_lang', HOSTS.gazette, 'necessary', 'charter', [], 'first', false], // document.cookie
  ['gz_mesure', HOSTS.gazette, 'statistics', 'charter', [], 'first', false], // declared, first-party, 30 days: exempt
  ['gz_ab', HOSTS.gazette, 'first-party', 'party', ['undeclared'], 'first', false],
  ['_as_uid', '.audimetrie.test', 'statistics', 'charter', ['statistics_not_exempt'], 'third', false], // third party: needs consent
  ['pub_id', HOSTS.ads, 'third-party', 'charter', ['lifetime_exceeds_declared'], 'third', false], // 2 years asked, 13 mois declared
  ['pub_part', HOSTS.ads, 'third-party', 'charter', [], 'third', true], // CHIPS
];
export const GAZETTE_HOME_FINDINGS = {
  undeclared: ['gz_ab'],
  consent_required_statistics: ['_as_uid'],
  lifetime_exceeds_declared: ['pub_id'],
  declared_not_seen: ['gz_consentement'],
};

/** On the charter page itself: the first-party cookies only, and the four entries the page does not set. */
export const GAZETTE_CHARTER_PAGE = GAZETTE_HOME.filter(([, domain]) => domain === HOSTS.gazette);
export const GAZETTE_CHARTER_PAGE_FINDINGS = {
  undeclared: ['gz_ab'],
  declared_not_seen: ['_as_uid', 'gz_consentement', 'pub_id', 'pub_part'],
};

export const HERALD_HOME = [
  ['rh_session', HOSTS.herald, 'necessary', 'charter', [], 'first', false],
  ['rh_theme', HOSTS.herald, 'first-party', 'charter', [], 'first', false], // declared "Preferences"
  ['rh_trial', HOSTS.herald, 'first-party', 'party', ['undeclared'], 'first', false],
  ['_as_uid', '.audimetrie.test', 'statistics', 'charter', ['statistics_not_exempt'], 'third', false],
];
export const HERALD_HOME_FINDINGS = {
  undeclared: ['rh_trial'],
  consent_required_statistics: ['_as_uid'],
  declared_not_seen: ['rh_newsletter'],
};

export const namesOf = (table) => table.map(([name]) => name).sort();

export const countsOf = (table) => Object.fromEntries(
  ['necessary', 'statistics', 'first-party', 'third-party'].map((label) => [label, table.filter((row) => row[2] === label).length]),
);
