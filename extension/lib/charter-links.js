// Finding a site's cookie charter among a page's links, in French, English
// and German: which link most likely leads to the page that declares the
// site's cookies. Pure: the links come from page-reader.js, and fetching the
// chosen one is charter-source.js's job.
//
// The evidence, strongest first: a link whose text (or URL) names a cookie
// *policy* ("Charte cookies", "Cookie policy", "Cookie-Richtlinie"); a link
// that just says "Cookies"; a general privacy page ("Datenschutz", "Privacy
// policy"), which often holds the cookie table too. Buttons that open a
// consent manager ("Cookie settings", "Gérer mes cookies") are not charters.

/**
 * Lower case, accents and typographic marks folded, punctuation turned into
 * spaces: "Politique d’utilisation des Cookies" and "cookie-erklärung"
 * compare as "politique d utilisation des cookies" and "cookie erklarung".
 */
export function fold(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Word stems, folded. A stem matches at the start of a word, so "cookie"
// also matches "cookies" and "cookiepolicy", and "datenschutz" matches
// "datenschutzerklarung".
const COOKIE = ['cookie', 'traceur', 'temoin de connexion', 'temoins de connexion'];
const POLICY = [
  'charte', 'politique', 'policy', 'policies', 'notice', 'statement', 'declaration', 'information', 'utilisation',
  'usage', 'use of', 'gestion', 'about', 'a propos', 'en savoir plus', 'richtlinie', 'hinweis', 'erklarung',
  'verwendung', 'einsatz', 'nutzung', 'datenschutz', 'privacy', 'confidentialite',
];
// Not "Impressum" nor "Mentions légales": a legal imprint rarely lists cookies.
const PRIVACY = [
  'privacy', 'datenschutz', 'confidentialite', 'vie privee', 'donnees personnelles', 'protection des donnees',
  'data protection', 'rgpd', 'gdpr', 'dsgvo',
];
// Words of a consent-manager button, not of a page to read.
const SETTINGS = [
  'setting', 'preference', 'parametr', 'reglage', 'manage', 'gerer', 'personnalis', 'customi',
  'einstellung', 'verwalten', 'anpassen', 'accept', 'akzeptier', 'refus', 'reject', 'ablehnen', 'deny', 'allow',
  'autoriser', 'consent', 'zustimm', 'widerruf', 'opt out',
];

const stemPattern = (stems) => new RegExp(`(?:^| )(?:${stems.join('|')})`);
const HAS_COOKIE = stemPattern(COOKIE);
const HAS_POLICY = stemPattern(POLICY);
const HAS_PRIVACY = stemPattern(PRIVACY);
const HAS_SETTINGS = stemPattern(SETTINGS);

/** What a text says about the page it names. */
export const Evidence = Object.freeze({
  COOKIE_POLICY: 'cookie-policy',
  COOKIES: 'cookies',
  PRIVACY: 'privacy',
  SETTINGS: 'settings',
  NONE: 'none',
});

/** Classifies a link text, a title or a heading (any language of the three). */
export function textEvidence(text) {
  const folded = fold(text ?? '');
  if (!folded) return Evidence.NONE;
  if (HAS_COOKIE.test(folded)) {
    if (HAS_SETTINGS.test(folded)) return Evidence.SETTINGS;
    // A policy word makes it specific; else it is a bare "Cookies" (or "Cookies & more").
    return HAS_POLICY.test(folded) ? Evidence.COOKIE_POLICY : Evidence.COOKIES;
  }
  if (HAS_SETTINGS.test(folded)) return Evidence.SETTINGS;
  return HAS_PRIVACY.test(folded) ? Evidence.PRIVACY : Evidence.NONE;
}

/** Classifies a URL by its path and query (`/pages/cookies/`, `/datenschutz`, `?page=cookie-policy`). */
export function urlEvidence(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return Evidence.NONE;
  }
  let path = `${parsed.pathname} ${parsed.search}`;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded: a broken escape only hides words
  }
  const evidence = textEvidence(path);
  // "/cookie-settings" in a URL is still a page about cookies, not a button.
  return evidence === Evidence.SETTINGS && HAS_COOKIE.test(fold(path)) ? Evidence.COOKIES : evidence;
}

// Points per evidence: a link's score is its stronger evidence (text or
// URL), plus a bonus when both agree, plus small tie-breakers.
const TEXT_POINTS = { 'cookie-policy': 100, cookies: 70, privacy: 30, settings: -100, none: 0 };
const URL_POINTS = { 'cookie-policy': 90, cookies: 65, privacy: 25, settings: 0, none: 0 };
const AGREEMENT_BONUS = 10;
const SAME_HOST_BONUS = 3;
const FOOTER_BONUS = 2;
/** Below this nothing is taken for a charter: a privacy page named by its URL alone is the weakest accepted. */
const MIN_SCORE = 25;

/**
 * Scores one link of the page at `pageUrl`; null for a link that cannot be a
 * charter page (not http(s), or a button that opens a consent manager).
 *
 * @param {{href: string, text?: string, footer?: boolean}} link
 * @returns {{url: string, score: number, evidence: string}|null}
 */
export function scoreLink(link, pageUrl) {
  let url;
  try {
    url = new URL(link.href, pageUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const text = textEvidence(link.text);
  if (text === Evidence.SETTINGS) return null;
  const fromUrl = urlEvidence(url.href);
  const textPoints = TEXT_POINTS[text];
  const urlPoints = URL_POINTS[fromUrl];
  let score = Math.max(textPoints, urlPoints);
  if (textPoints > 0 && urlPoints > 0) score += AGREEMENT_BONUS;
  if (url.hostname === new URL(pageUrl).hostname) score += SAME_HOST_BONUS;
  if (link.footer) score += FOOTER_BONUS;
  url.hash = '';
  return { url: url.href, score, evidence: textPoints >= urlPoints ? text : fromUrl };
}

/**
 * The most likely charter link of a page, or null when no link scores
 * MIN_SCORE. Ties go to the first link in the list.
 *
 * @param {{href: string, text?: string, footer?: boolean}[]} links
 * @param {string} pageUrl
 */
export function chooseCharterLink(links, pageUrl) {
  let best = null;
  for (const link of links) {
    const scored = scoreLink(link, pageUrl);
    if (scored && scored.score >= MIN_SCORE && (!best || scored.score > best.score)) best = scored;
  }
  return best;
}

/**
 * True when the page itself is a cookie charter: its title or a main heading
 * names a cookie policy, or says "Cookies" on a page whose URL is about
 * cookies. Then its rendered text is read instead of fetching anything.
 *
 * @param {{url: string, title?: string, headings?: string[]}} page
 */
export function isCharterPage({ url, title, headings = [] }) {
  const evidence = [title, ...headings].map(textEvidence);
  if (evidence.includes(Evidence.COOKIE_POLICY)) return true;
  const aboutCookies = [Evidence.COOKIE_POLICY, Evidence.COOKIES].includes(urlEvidence(url));
  return aboutCookies && evidence.includes(Evidence.COOKIES);
}

/** Two URLs name the same document when they differ at most by their fragment. */
export function sameDocument(a, b) {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}
