// Per tab, what the current page talked to: the hosts of its responses and
// the lifetimes their `Set-Cookie` headers declared (set-cookie.js), observed
// through webRequest without blocking or changing any request. Kept in the
// session store so a restarted background still knows the page. Reading the
// cookies themselves is cookies.js's job.

import { declaredKey, parseSetCookie, setCookieLines } from './set-cookie.js';

const KEY_PREFIX = 'traffic:';
/** Declared lifetimes kept per page: a page setting endless cookies cannot grow the store without bound. */
const MAX_DECLARED = 2000;
/** Responses come in bursts; the store is written once per burst. */
const SAVE_DELAY_MS = 250;

/** @typedef {{requestId: string|null, hosts: Set<string>, declared: Map<string, number|null>}} Page */

export class TabTraffic {
  #store;
  #clock;
  /** @type {Map<number, Page>} */
  #pages = new Map();
  #saveTimers = new Map();

  /** @param {ReturnType<import('./session-store.js').createSessionStore>} store */
  constructor(store, clock = globalThis) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * Loads what an earlier run of the background saw. The responses that woke
   * this run may already be recorded: when they continue the saved page (no
   * new main-frame request), they are added to it; a page started since then
   * replaces it.
   */
  async restore() {
    for (const [key, saved] of await this.#store.entries(KEY_PREFIX)) {
      const tabId = Number(key.slice(KEY_PREFIX.length));
      const seen = this.#pages.get(tabId);
      if (seen && seen.requestId !== null && seen.requestId !== saved.requestId) continue;
      this.#pages.set(tabId, {
        requestId: saved.requestId,
        hosts: new Set([...saved.hosts, ...(seen?.hosts ?? [])]),
        declared: new Map([...saved.declared, ...(seen?.declared ?? [])]),
      });
    }
  }

  /**
   * Records one webRequest response (`onHeadersReceived` with its headers, or
   * `onCompleted`, which also sees responses from the cache). A main-frame
   * request other than the current one starts a new page; its redirects share
   * its requestId and so stay in the same page.
   */
  observe({ tabId, type, requestId, url, responseHeaders, timeStamp }) {
    if (tabId < 0) return; // the extension's own requests, and workers' without a tab
    let page = this.#pages.get(tabId);
    if (!page || (type === 'main_frame' && page.requestId !== requestId)) {
      page = { requestId: type === 'main_frame' ? requestId : null, hosts: new Set(), declared: new Map() };
      this.#pages.set(tabId, page);
    }
    const host = hostOf(url);
    if (!host) return;
    page.hosts.add(host);
    for (const line of setCookieLines(responseHeaders)) {
      const { name, domain, expiresAt } = parseSetCookie(line, host, timeStamp);
      const key = declaredKey(name, domain);
      if (page.declared.has(key) || page.declared.size < MAX_DECLARED) page.declared.set(key, expiresAt);
    }
    this.#scheduleSave(tabId);
  }

  /** The hosts the tab's page talked to, in the order first seen. */
  hosts(tabId) {
    return [...(this.#pages.get(tabId)?.hosts ?? [])];
  }

  /** declaredKey -> expiry (unix s) or null (session), from the page's Set-Cookie headers. */
  declared(tabId) {
    return new Map(this.#pages.get(tabId)?.declared ?? []);
  }

  tabIds() {
    return [...this.#pages.keys()];
  }

  forget(tabId) {
    this.#pages.delete(tabId);
    this.#clock.clearTimeout(this.#saveTimers.get(tabId));
    this.#saveTimers.delete(tabId);
    return this.#store.remove(KEY_PREFIX + tabId);
  }

  #scheduleSave(tabId) {
    if (this.#saveTimers.has(tabId)) return;
    this.#saveTimers.set(tabId, this.#clock.setTimeout(() => {
      this.#saveTimers.delete(tabId);
      const page = this.#pages.get(tabId);
      if (!page) return;
      const saved = { requestId: page.requestId, hosts: [...page.hosts], declared: [...page.declared] };
      this.#store.set(KEY_PREFIX + tabId, saved).catch((error) => console.warn(`cookie-charter: tab ${tabId} traffic not saved: ${error.message}`));
    }, SAVE_DELAY_MS));
  }
}

/**
 * Feeds a TabTraffic from webRequest. Observation only: no `blocking`.
 * Chrome: "Starting from Chrome 72, the Set-Cookie response header is not
 * provided ... without specifying 'extraHeaders' in opt_extraInfoSpec";
 * Firefox has no such option and gives the header anyway, hence the feature test.
 */
export function observeTraffic(webRequest, traffic) {
  const filter = { urls: ['<all_urls>'] };
  const spec = ['responseHeaders'];
  if (webRequest.OnHeadersReceivedOptions?.EXTRA_HEADERS) spec.push('extraHeaders');
  webRequest.onHeadersReceived.addListener((details) => traffic.observe(details), filter, spec);
  webRequest.onCompleted.addListener((details) => traffic.observe(details), filter);
}

function hostOf(url) {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
