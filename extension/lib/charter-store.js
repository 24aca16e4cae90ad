// The charter remembered for each site, with where it came from and when.
// Kept in `storage.local` until the host serves its per-site memory
// (`remember_charter`, `site_state` answer `unsupported_type` for now,
// PROTOCOL.md): this module is the only one that knows where charters are
// kept, so that switch will touch nothing else.
//
// A site key is a registrable domain as the host computed it
// (`nantesmetropole.fr`), or a host name a person typed in the options
// page. The extension has no Public Suffix List of its own, so a page's
// charter is looked up by walking its host name's parent domains.

import { parentDomains } from './domains.js';

const KEY_PREFIX = 'charter:';

/** Where a remembered charter came from; a person's choice outranks discovery. */
export const CharterOrigin = Object.freeze({
  /** Found among a page's links and fetched. */
  DISCOVERED: 'discovered',
  /** Read from the charter page itself while it was open. */
  PAGE: 'page',
  /** A URL a person set in the options page. */
  USER_URL: 'user-url',
  /** A text a person pasted in the options page. */
  USER_TEXT: 'user-text',
});

/**
 * @typedef {object} CharterEntry
 * @property {string} origin one of CharterOrigin
 * @property {string|null} url
 * @property {'text'|'html'|null} format null until a set URL has been fetched
 * @property {string|null} content
 * @property {number} savedAt milliseconds since the epoch
 * @property {number} [score] the discovered link's score (charter-links.js)
 */

/**
 * A site key from what a person typed: a URL, a host name, or `.domain`.
 * Returns null when it names no host.
 */
export function normalizeSite(input) {
  const text = String(input ?? '').trim().replace(/^\.+/, '');
  if (!text) return null;
  try {
    const { hostname } = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    return hostname ? hostname.replace(/\.$/, '') : null;
  } catch {
    return null;
  }
}

/** @param {object} area `chrome.storage.local` / `browser.storage.local` */
export function createCharterStore(area) {
  return {
    /**
     * The entry of the most specific site key among `hostname`'s parent
     * domains. Only registrable domains and typed hosts are ever keys, so a
     * public suffix such as `co.uk` matches nothing.
     * @returns {Promise<(CharterEntry & {site: string})|null>}
     */
    async find(hostname) {
      const keys = parentDomains(hostname).map((site) => KEY_PREFIX + site);
      const found = await area.get(keys);
      const key = keys.find((candidate) => found[candidate]);
      return key ? { ...found[key], site: key.slice(KEY_PREFIX.length) } : null;
    },

    /** @param {string} site @param {CharterEntry} entry */
    async put(site, entry) {
      await area.set({ [KEY_PREFIX + site]: entry });
    },

    async forget(site) {
      await area.remove(KEY_PREFIX + site);
    },

    /** Every remembered charter, without its content, sorted by site. */
    async list() {
      const all = await area.get(null);
      return Object.entries(all)
        .filter(([key]) => key.startsWith(KEY_PREFIX))
        .map(([key, { content, ...entry }]) => ({ site: key.slice(KEY_PREFIX.length), ...entry, size: content?.length ?? 0 }))
        .sort((a, b) => a.site.localeCompare(b.site));
    },
  };
}
