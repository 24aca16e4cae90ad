// Which charter goes with a tab's page, in this order:
//   1. a text a person pasted for the site;
//   2. the page itself, when it is the charter (its rendered text, `text` format);
//   3. the URL a person set for the site, else the best charter link on the
//      page (charter-links.js), fetched without credentials (`html` format);
//   4. the charter remembered for the site, while it is fresh.
// It reads pages (page-reader.js) and the network, and says what to
// remember; the caller stores it once the host has named the site's
// registrable domain (tab-reports.js).

import { chooseCharterLink, isCharterPage, sameDocument } from './charter-links.js';
import { CharterOrigin } from './charter-store.js';
import { readPage, readPageText } from './page-reader.js';

/** A fetched or read charter is read again after a week; a pasted one never expires. */
export const CHARTER_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 15_000;
/** A charter page is a few hundred kB at most; more is not a charter. */
const MAX_FETCH_BYTES = 8 * 1024 * 1024;
/** The score of a charter read from its own page: no link to it can be more specific. */
const PAGE_SCORE = 1000;

/**
 * What charterFor decided.
 * @typedef {object} CharterChoice
 * @property {import('./charter-store.js').CharterEntry|null} entry the charter to send, or null for none
 * @property {boolean} changed true when `entry` is new and should be remembered
 * @property {string|null} site the site key it was found under, if it was remembered before
 * @property {string|null} problem why a charter could not be read, for the popup
 */

/**
 * @param {object} deps
 * @param {object} deps.store charter-store.js's store
 * @param {object} deps.scripting `chrome.scripting`
 * @param {typeof fetch} deps.fetch
 * @param {() => number} [deps.now]
 */
export function createCharterSource({ store, scripting, fetch, now = Date.now }) {
  /** @returns {Promise<CharterChoice>} */
  async function charterFor(tabId, pageUrl) {
    const saved = await store.find(new URL(pageUrl).hostname);
    const site = saved?.site ?? null;
    const keep = (problem = null) => ({ entry: saved?.content ? saved : null, changed: false, site, problem });
    if (saved?.origin === CharterOrigin.USER_TEXT) return keep();

    let page;
    try {
      page = await readPage(scripting, tabId);
    } catch (error) {
      return keep(error.message); // a page that cannot be scripted still has its remembered charter
    }
    const userUrl = saved?.origin === CharterOrigin.USER_URL ? saved.url : null;
    const link = userUrl ? null : chooseCharterLink(page.links, page.url);
    const onCharter = userUrl
      ? sameDocument(userUrl, page.url)
      : (saved?.url && sameDocument(saved.url, page.url)) || (link && sameDocument(link.url, page.url)) || isCharterPage(page);
    if (onCharter) {
      try {
        const content = await readPageText(scripting, tabId);
        const origin = userUrl ? CharterOrigin.USER_URL : CharterOrigin.PAGE;
        return { entry: { origin, url: page.url, format: 'text', content, savedAt: now(), score: PAGE_SCORE }, changed: true, site, problem: null };
      } catch (error) {
        return keep(error.message);
      }
    }

    // A remembered charter gives way to a more specific link: a privacy page
    // found first, to the dedicated cookie page found later.
    const better = link && (!saved?.content || link.score > (saved.score ?? 0));
    const target = userUrl ?? (better ? link.url : saved?.url) ?? null;
    const fresh = saved?.content && now() - saved.savedAt < CHARTER_MAX_AGE_MS;
    if (!target || (fresh && sameDocument(target, saved.url))) return keep();
    try {
      const fetched = await fetchCharter(fetch, target);
      const origin = userUrl ? CharterOrigin.USER_URL : CharterOrigin.DISCOVERED;
      const score = better ? link.score : saved?.score;
      return { entry: { origin, ...fetched, savedAt: now(), score }, changed: true, site, problem: null };
    } catch (error) {
      return keep(error.message);
    }
  }

  return { charterFor };
}

/**
 * GETs a charter page with the extension's host permissions and without the
 * person's cookies (`credentials: 'omit'`: the request neither sends nor
 * stores any), and tells its format from the Content-Type.
 * @returns {Promise<{url: string, format: 'html'|'text', content: string}>}
 */
export async function fetchCharter(fetch, url) {
  const response = await fetch(url, {
    credentials: 'omit',
    redirect: 'follow',
    headers: { Accept: 'text/html, text/plain;q=0.9' },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  const format = type.startsWith('text/plain') ? 'text' : !type || /html|xml/.test(type) ? 'html' : null;
  if (!format) throw new Error(`${url}: not a web page (${type})`);
  const length = Number(response.headers.get('content-length'));
  if (length > MAX_FETCH_BYTES) throw new Error(`${url}: ${length} bytes, more than a charter page`);
  const content = await response.text();
  if (content.length > MAX_FETCH_BYTES) throw new Error(`${url}: ${content.length} characters, more than a charter page`);
  return { url: response.url || url, format, content };
}
