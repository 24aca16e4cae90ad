// Cookie Charter's background (a service worker in Chrome, an event page in
// Firefox): wires the browser's events to the modules in lib/ and answers the
// extension's pages. It holds no logic of its own.
//
// Listeners are added synchronously at the top level: a restarted service
// worker only receives the events whose listeners exist when its script has
// run. Handlers wait for `ready` (state restored from storage.session).

import { CharterOrigin, createCharterStore, normalizeSite } from './lib/charter-store.js';
import { createCharterSource } from './lib/charter-source.js';
import { translator } from './lib/i18n.js';
import { Message, Reason, RequestError } from './lib/messages.js';
import { NativeClient } from './lib/native.js';
import { createRouter } from './lib/router.js';
import { createSessionStore } from './lib/session-store.js';
import { TabReports } from './lib/tab-reports.js';
import { TabTraffic, observeTraffic } from './lib/tab-traffic.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = translator(api.i18n);

const traffic = new TabTraffic(createSessionStore(api.storage));
const native = new NativeClient({ runtime: api.runtime });
const store = createCharterStore(api.storage.local);
const reports = new TabReports({
  api,
  native,
  traffic,
  store,
  t,
  charters: createCharterSource({ store, scripting: api.scripting, fetch: globalThis.fetch.bind(globalThis) }),
  onReport: (tabId) => {
    // Tells an open popup; with none open, nobody receives it, and that is fine.
    api.runtime.sendMessage({ type: Message.REPORT_UPDATED, tabId }).catch(() => {});
  },
});
const ready = traffic.restore().catch((error) => console.warn(`cookie-charter: earlier tab traffic not restored: ${error.message}`));

observeTraffic(api.webRequest, traffic);

api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'complete' || change.url) ready.then(() => reports.schedule(tabId));
});

api.tabs.onRemoved.addListener((tabId) => {
  reports.forget(tabId);
  ready.then(() => traffic.forget(tabId)).catch(() => {});
});

// The changed cookie (value included) is only asked for its domain, never kept.
api.cookies.onChanged.addListener(({ cookie }) => {
  ready.then(() => reclassifyTabsOf(cookie.domain));
});

api.runtime.onMessage.addListener(createRouter({
  runtimeId: api.runtime.id,
  extensionOrigin: api.runtime.getURL(''),
  ready,
  handlers: {
    [Message.GET_REPORT]: async ({ tabId }) => ({ report: await reports.report(tabId) }),
    [Message.RECHECK]: async ({ tabId }) => ({ report: await reports.refresh(tabId) }),
    [Message.RETRY_HOST]: async () => {
      native.retryNow();
      return {};
    },
    [Message.LIST_CHARTERS]: async () => ({ charters: await store.list() }),
    [Message.SET_CHARTER_URL]: async ({ site, url }) => {
      const checkedUrl = httpUrl(url);
      return remember(site, { origin: CharterOrigin.USER_URL, url: checkedUrl, format: null, content: null, savedAt: Date.now() });
    },
    [Message.SET_CHARTER_TEXT]: async ({ site, text }) => {
      if (typeof text !== 'string' || !text.trim()) throw new RequestError(Reason.EMPTY_CHARTER, 'the charter text is empty');
      return remember(site, { origin: CharterOrigin.USER_TEXT, url: null, format: 'text', content: text, savedAt: Date.now() });
    },
    [Message.FORGET_CHARTER]: async ({ site }) => {
      const key = siteKey(site);
      await store.forget(key);
      reclassifyTabsOf(key);
      return { site: key };
    },
  },
}));

function reclassifyTabsOf(domain) {
  for (const tabId of reports.tabsConcernedBy({ domain })) reports.schedule(tabId);
}

async function remember(site, entry) {
  const key = siteKey(site);
  await store.put(key, entry);
  reclassifyTabsOf(key);
  return { site: key };
}

function siteKey(site) {
  const key = normalizeSite(site);
  if (!key) throw new RequestError(Reason.INVALID_SITE, `not a site: ${JSON.stringify(site)}`);
  return key;
}

function httpUrl(text) {
  try {
    const url = new URL(String(text ?? '').trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // reported below
  }
  throw new RequestError(Reason.INVALID_URL, `not a web address: ${JSON.stringify(text)}`);
}
