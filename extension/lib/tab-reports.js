// The report of each tab: gathers its page's cookies (cookies.js), the
// lifetimes they declared (tab-traffic.js) and its charter
// (charter-source.js) into one `classify` request, keeps the host's answer
// as the tab's report, and shows its count on the toolbar badge. It decides
// when to classify; what the answer means is the host's business, how it is
// shown the popup's.

import { attentionCount, showAttention } from './badge.js';
import { collectCookies } from './cookies.js';
import { domainMatches } from './domains.js';
import { Reason, RequestError } from './messages.js';
import { applyDeclaredLifetimes } from './set-cookie.js';

/** Cookie changes and page loads come in bursts: one classification per burst. */
export const RECLASSIFY_DELAY_MS = 800;

/**
 * @typedef {object} Report
 * @property {number} tabId
 * @property {string} url the page classified
 * @property {number} observedAt unix seconds
 * @property {object|null} host the host's `hello` answer (version, PSL date)
 * @property {{url: string|null, format: string, origin: string, savedAt: number}|null} charter the charter sent, without its content
 * @property {string|null} charterProblem why no (fresh) charter could be read
 * @property {object} classification the host's `classification` answer
 */

export class TabReports {
  #api;
  #native;
  #traffic;
  #charters;
  #store;
  #t;
  #clock;
  #onReport;
  /** @type {Map<number, Report>} */
  #reports = new Map();
  /** tabId -> {promise, again}: one classification at a time per tab. */
  #running = new Map();
  #timers = new Map();

  /**
   * @param {object} deps
   * @param {object} deps.api the extension API (`tabs`, `cookies`, `action`)
   * @param {import('./native.js').NativeClient} deps.native
   * @param {import('./tab-traffic.js').TabTraffic} deps.traffic
   * @param {{charterFor: Function}} deps.charters charter-source.js
   * @param {object} deps.store charter-store.js's store
   * @param {(key: string, substitutions?: string[]) => string} deps.t
   * @param {(tabId: number) => void} [deps.onReport] told after each new report
   */
  constructor({ api, native, traffic, charters, store, t, clock = globalThis, onReport = () => {} }) {
    this.#api = api;
    this.#native = native;
    this.#traffic = traffic;
    this.#charters = charters;
    this.#store = store;
    this.#t = t;
    this.#clock = clock;
    this.#onReport = onReport;
  }

  /**
   * The tab's report for the page it shows now: the one being made, else the
   * one kept, else a new one when none is kept or a newer one is due.
   */
  async report(tabId) {
    const running = this.#running.get(tabId);
    if (running) return running.promise;
    const tab = await this.#api.tabs.get(tabId);
    const kept = this.#reports.get(tabId);
    return kept && kept.url === tab.url && !this.#timers.has(tabId) ? kept : this.refresh(tabId);
  }

  /** Classifies the tab now; a request made while one runs runs once more after it. */
  refresh(tabId) {
    this.#cancelSchedule(tabId);
    const running = this.#running.get(tabId);
    if (running) {
      running.again = true;
      return running.promise;
    }
    const job = { again: false };
    job.promise = (async () => {
      try {
        let report;
        do {
          job.again = false;
          report = await this.#classify(tabId);
        } while (job.again);
        return report;
      } catch (error) {
        this.#failed(tabId, error);
        throw error;
      } finally {
        this.#running.delete(tabId);
      }
    })();
    this.#running.set(tabId, job);
    return job.promise;
  }

  /** Classifies the tab after a quiet moment (page loads, cookie changes). */
  schedule(tabId) {
    this.#cancelSchedule(tabId);
    this.#timers.set(tabId, this.#clock.setTimeout(() => {
      this.#timers.delete(tabId);
      this.refresh(tabId).catch(() => {}); // already reported by #failed
    }, RECLASSIFY_DELAY_MS));
  }

  /** Tabs whose page a changed cookie concerns: one of the hosts it talked to domain-matches the cookie. */
  tabsConcernedBy(cookie) {
    return this.#traffic.tabIds().filter((tabId) => this.#traffic.hosts(tabId).some((host) => domainMatches(cookie.domain, host)));
  }

  forget(tabId) {
    this.#cancelSchedule(tabId);
    this.#reports.delete(tabId);
  }

  async #classify(tabId) {
    const tab = await this.#api.tabs.get(tabId);
    const url = tab.url;
    // Without a host permission for the page (Firefox asks the person for them), its URL is hidden.
    if (url === undefined) throw new RequestError(Reason.NO_ACCESS, `tab ${tabId}: no permission to read this page`);
    if (!/^https?:/.test(url)) throw new RequestError(Reason.UNSUPPORTED_PAGE, `${url} is not a web page`);
    const pageHost = new URL(url).hostname;
    const observedAt = Math.floor(Date.now() / 1000);
    const records = await collectCookies(this.#api.cookies, {
      pageUrl: url,
      hosts: [...new Set([pageHost, ...this.#traffic.hosts(tabId)])],
      storeId: await this.#storeId(tab),
    });
    const cookies = applyDeclaredLifetimes(records, this.#traffic.declared(tabId));
    const choice = await this.#charters.charterFor(tabId, url);
    const { entry } = choice;
    const classification = await this.#native.request({
      type: 'classify',
      site: url,
      observedAt,
      cookies,
      ...(entry && { charter: { format: entry.format, ...(entry.url && { url: entry.url }), content: entry.content } }),
    });
    if (choice.changed) await this.#store.put(choice.site ?? classification.site?.registrableDomain ?? pageHost, entry);
    const report = {
      tabId,
      url,
      observedAt,
      host: this.#native.state.hello,
      charter: entry && { url: entry.url, format: entry.format, origin: entry.origin, savedAt: entry.savedAt },
      charterProblem: choice.problem,
      classification,
    };
    this.#reports.set(tabId, report);
    await showAttention(this.#api.action, tabId, attentionCount(classification), this.#t);
    this.#onReport(tabId);
    return report;
  }

  /**
   * The cookie store of the tab: Firefox names it on the tab (containers,
   * private windows); Chrome lists the tabs of each store.
   */
  async #storeId(tab) {
    if (tab.cookieStoreId) return tab.cookieStoreId;
    const stores = await this.#api.cookies.getAllCookieStores();
    return stores.find((store) => store.tabIds.includes(tab.id))?.id;
  }

  #failed(tabId, error) {
    this.#reports.delete(tabId);
    showAttention(this.#api.action, tabId, null, this.#t).catch(() => {}); // the tab may be gone
    if (!(error instanceof RequestError)) console.warn(`cookie-charter: tab ${tabId} not classified: ${error.message}`);
  }

  #cancelSchedule(tabId) {
    this.#clock.clearTimeout(this.#timers.get(tabId));
    this.#timers.delete(tabId);
  }
}
