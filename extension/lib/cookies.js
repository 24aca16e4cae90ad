// Cookie collection for one page: every cookie of the top-level site and of
// every host the page talked to, partitioned (CHIPS) ones included, read
// through the `cookies` API and stripped of their value at the source.
// Which hosts a page talked to is tab-traffic.js's job; what the cookies mean
// is the host's.

import { parentDomains } from './domains.js';

/**
 * The fields of a browser cookie the host may see (PROTOCOL.md, `classify`).
 * `value` is absent on purpose: values never leave the browser, and the host
 * refuses a cookie that carries one (`cookie_value_refused`).
 */
const RECORD_FIELDS = Object.freeze([
  'name', 'domain', 'path', 'hostOnly', 'secure', 'httpOnly', 'sameSite', 'session', 'expirationDate', 'storeId',
]);

/**
 * Copies the allowed fields of a `cookies.Cookie` into a plain record; the
 * value, and any field a browser adds later, stay behind. Every cookie read
 * from the browser goes through here before anything else touches it.
 */
export function toCookieRecord(cookie) {
  const record = {};
  for (const field of RECORD_FIELDS) {
    if (cookie[field] !== undefined) record[field] = cookie[field];
  }
  const { topLevelSite, hasCrossSiteAncestor } = cookie.partitionKey ?? {};
  if (topLevelSite) {
    record.partitionKey = { topLevelSite };
    if (hasCrossSiteAncestor !== undefined) record.partitionKey.hasCrossSiteAncestor = hasCrossSiteAncestor;
  }
  return record;
}

/** Identity of a cookie in the browser's jar: two records with the same key are the same cookie. */
export function cookieKey(record) {
  return [record.name, record.domain, record.path ?? '', record.storeId ?? '', record.partitionKey?.topLevelSite ?? ''].join('\u0000');
}

/**
 * Reads the cookies that concern a page, without values and without duplicates.
 *
 * Per host two queries: `{domain}` finds the host's cookies and its
 * subdomains' whatever their path, `{url}` finds those of its parent domains
 * (`.example.com` for `www.example.com`) that the page can receive.
 * Partitioned cookies come back only when a partition is asked for
 * (`partitionKey: {topLevelSite}`), and the partition is named by the page's
 * *site* (scheme and registrable domain). Without a PSL the extension asks
 * for each parent domain of the page's host: one of them is the site.
 *
 * @param {object} cookiesApi `chrome.cookies` / `browser.cookies`
 * @param {{pageUrl: string, hosts: string[], storeId?: string}} scope
 *   the top-level page, and every host it talked to (its own included)
 * @returns {Promise<object[]>} cookie records (see toCookieRecord)
 */
export async function collectCookies(cookiesApi, { pageUrl, hosts, storeId }) {
  const store = storeId ? { storeId } : {};
  const { protocol, hostname } = new URL(pageUrl);
  const queries = hosts.flatMap((host) => [
    { ...store, domain: host },
    { ...store, url: `https://${host}/` },
  ]);
  const partitions = parentDomains(hostname).map((site) => ({ ...store, partitionKey: { topLevelSite: `${protocol}//${site}` } }));
  const batches = await Promise.all([
    ...queries.map((filter) => getAllRecords(cookiesApi, filter)),
    ...partitions.map((filter) => getPartitionedRecords(cookiesApi, filter)),
  ]);
  const unique = new Map();
  for (const record of batches.flat()) unique.set(cookieKey(record), record);
  return [...unique.values()];
}

async function getAllRecords(cookiesApi, filter) {
  const cookies = await cookiesApi.getAll(filter);
  return cookies.map(toCookieRecord);
}

/**
 * The partition's own cookies only: a browser may add unpartitioned cookies of
 * every domain to the answer, and those are not this page's. Browsers without
 * partitioned cookies (Chrome < 119, older Firefox) reject the `partitionKey`
 * filter: then there are none to read.
 */
async function getPartitionedRecords(cookiesApi, filter) {
  try {
    return (await getAllRecords(cookiesApi, filter)).filter((record) => record.partitionKey);
  } catch (error) {
    console.info(`cookie-charter: no partitioned cookies in this browser (${error?.message ?? error})`);
    return [];
  }
}
