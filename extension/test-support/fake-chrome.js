// Test doubles of the extension APIs, built fresh in each test: events,
// a manual clock, native-messaging ports, storage areas, a cookie jar and
// the i18n catalogues. Only what the extension's modules call is faked.
// (Kept out of test/, where `node --test` would run it as a test file.)

import { readFileSync } from 'node:fs';

/** A `chrome.events.Event`: listeners, plus `dispatch` for the test to fire it. */
export function createEvent() {
  const listeners = [];
  return {
    listeners,
    addListener: (listener) => listeners.push(listener),
    removeListener: (listener) => listeners.splice(listeners.indexOf(listener), 1),
    dispatch: (...args) => listeners.map((listener) => listener(...args)),
  };
}

/** setTimeout/clearTimeout driven by `advance(ms)`, so backoff and debouncing are tested without waiting. */
export function createFakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    get now() {
      return now;
    },
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    /** Delays of the timers still pending, soonest first. */
    pendingDelays() {
      return [...timers.values()].map((timer) => timer.at - now).sort((a, b) => a - b);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

/** A `runtime` with `connectNative`: every port it opened is in `ports`, the last one first to hand. */
export function createFakeRuntime({ id = 'ijpobdcfemepblmlapgegoacpidedcol', origin = `chrome-extension://${id}/` } = {}) {
  const runtime = {
    id,
    lastError: undefined,
    ports: [],
    connectNative(name) {
      const port = createFakePort(runtime, name);
      runtime.ports.push(port);
      return port;
    },
    getURL: (path) => origin + path,
    get port() {
      return runtime.ports.at(-1);
    },
  };
  return runtime;
}

function createFakePort(runtime, name) {
  const port = {
    name,
    sent: [],
    connected: true,
    error: null,
    onMessage: createEvent(),
    onDisconnect: createEvent(),
    postMessage(message) {
      if (!port.connected) throw new Error('Attempting to use a disconnected port object');
      port.sent.push(JSON.parse(JSON.stringify(message)));
    },
    disconnect() {
      port.connected = false;
    },
    /** The host sends a frame (as JSON, like the browser would deliver it). */
    reply(frame) {
      port.onMessage.dispatch(JSON.parse(JSON.stringify(frame)));
    },
    /** Answers the last request of type `type` with `{type: answerType, ...fields}`. */
    answer(type, answer) {
      const request = port.sent.findLast((message) => message.type === type);
      port.reply({ ...answer, id: request.id });
    },
    /** The browser closes the port: Chrome tells why in runtime.lastError, Firefox in port.error. */
    close({ chrome, firefox } = {}) {
      port.connected = false;
      if (firefox) port.error = { message: firefox };
      runtime.lastError = chrome ? { message: chrome } : undefined;
      port.onDisconnect.dispatch(port);
      runtime.lastError = undefined;
    },
  };
  return port;
}

/** A `storage.local` / `storage.session` area. Values are stored as JSON, as the browsers do. */
export function createStorageArea() {
  const data = new Map();
  return {
    data,
    async get(keys) {
      const wanted = keys === null || keys === undefined ? [...data.keys()] : [keys].flat();
      return Object.fromEntries(wanted.filter((key) => data.has(key)).map((key) => [key, JSON.parse(data.get(key))]));
    },
    async set(items) {
      for (const [key, value] of Object.entries(items)) data.set(key, JSON.stringify(value));
    },
    async remove(keys) {
      for (const key of [keys].flat()) data.delete(key);
    },
  };
}

const catalogues = new Map();

/** The extension's message catalogue for `locale`, as `_locales/<locale>/messages.json` has it. */
export function readCatalogue(locale) {
  if (!catalogues.has(locale)) {
    catalogues.set(locale, JSON.parse(readFileSync(new URL(`../_locales/${locale}/messages.json`, import.meta.url), 'utf8')));
  }
  return catalogues.get(locale);
}

/** `i18n.getMessage` over a catalogue, with the browsers' direct `$1`..`$9` substitutions and `$$` for "$". */
export function createFakeI18n(locale = 'en') {
  const catalogue = readCatalogue(locale);
  return {
    getMessage(key, substitutions = []) {
      const message = catalogue[key]?.message;
      if (message === undefined) return '';
      return message.replace(/\$(\$|[1-9])/g, (_, which) => (which === '$' ? '$' : substitutions[Number(which) - 1] ?? ''));
    },
  };
}

/**
 * A cookie jar answering `getAll` the way Chrome does for the filters the
 * extension uses: `domain` (the cookie's domain is it or under it), `url`
 * (the cookie would be sent to it), `partitionKey.topLevelSite` (only that
 * partition), `storeId`. Without `partitionKey`, partitioned cookies are left out.
 */
export function createFakeCookies(jar, { partitionKeySupported = true } = {}) {
  const calls = [];
  return {
    calls,
    onChanged: createEvent(),
    async getAll(filter) {
      calls.push(filter);
      if (filter.partitionKey && !partitionKeySupported) throw new Error("Unexpected property: 'partitionKey'.");
      return jar
        .filter((cookie) => (filter.partitionKey ? cookie.partitionKey?.topLevelSite === filter.partitionKey.topLevelSite : !cookie.partitionKey))
        .filter((cookie) => !filter.storeId || (cookie.storeId ?? '0') === filter.storeId)
        .filter((cookie) => !filter.domain || under(cookie.domain, filter.domain))
        .filter((cookie) => !filter.url || under(new URL(filter.url).hostname, cookie.domain))
        .map((cookie) => ({ ...cookie }));
    },
    async getAllCookieStores() {
      return [{ id: '0', tabIds: [1, 2, 3] }];
    },
  };
}

function under(host, domain) {
  const bare = domain.replace(/^\./, '');
  const name = host.replace(/^\./, '');
  return name === bare || name.endsWith(`.${bare}`);
}
