import assert from 'node:assert/strict';
import test from 'node:test';

import { collectCookies, cookieKey, toCookieRecord } from '../lib/cookies.js';
import { createFakeCookies } from '../test-support/fake-chrome.js';

const SECRET = 'S3CR3T-session-token';

/** A cookie as chrome.cookies returns it. */
const browserCookie = (fields) => ({
  name: 'sid', value: SECRET, domain: 'www.shop.test', hostOnly: true, path: '/', secure: true, httpOnly: true,
  sameSite: 'lax', session: true, storeId: '0', ...fields,
});

test('toCookieRecord drops the value and any field outside the protocol', () => {
  const record = toCookieRecord(browserCookie({ session: false, expirationDate: 1798934400.5, futureField: SECRET, partitionKey: { topLevelSite: 'https://shop.test', hasCrossSiteAncestor: true, extra: SECRET } }));
  assert.deepEqual(record, {
    name: 'sid', domain: 'www.shop.test', path: '/', hostOnly: true, secure: true, httpOnly: true, sameSite: 'lax',
    session: false, expirationDate: 1798934400.5, storeId: '0', partitionKey: { topLevelSite: 'https://shop.test', hasCrossSiteAncestor: true },
  });
  assert.equal(JSON.stringify(record).includes(SECRET), false);
});

test('toCookieRecord leaves out absent optional fields', () => {
  const record = toCookieRecord({ name: 'a', value: 'v', domain: 'example.com' });
  assert.deepEqual(record, { name: 'a', domain: 'example.com' });
});

const JAR = [
  browserCookie({ name: 'sid', domain: 'www.shop.test' }),
  browserCookie({ name: '_ga', domain: '.shop.test', hostOnly: false, httpOnly: false }),
  browserCookie({ name: 'cart', domain: 'www.shop.test', path: '/cart' }),
  browserCookie({ name: 'uid', domain: '.tracker.test', hostOnly: false, sameSite: 'no_restriction' }),
  browserCookie({ name: 'chip', domain: 'cdn.tracker.test', partitionKey: { topLevelSite: 'https://shop.test', hasCrossSiteAncestor: true } }),
  browserCookie({ name: 'other_chip', domain: 'cdn.tracker.test', partitionKey: { topLevelSite: 'https://elsewhere.test' } }),
  browserCookie({ name: 'unrelated', domain: '.elsewhere.test' }),
  browserCookie({ name: 'sid', domain: 'www.shop.test', storeId: 'firefox-container-1' }),
];

test('collects the cookies of every host, parent domains and the partition, once each, without values', async () => {
  const cookies = createFakeCookies(JAR);
  const records = await collectCookies(cookies, { pageUrl: 'https://www.shop.test/cart', hosts: ['www.shop.test', 'cdn.tracker.test'], storeId: '0' });
  const found = records.map((r) => `${r.name}@${r.domain}`).sort();
  assert.deepEqual(found, ['_ga@.shop.test', 'cart@www.shop.test', 'chip@cdn.tracker.test', 'sid@www.shop.test', 'uid@.tracker.test']);
  assert.equal(JSON.stringify(records).includes(SECRET), false);
  assert.ok(cookies.calls.every((filter) => filter.storeId === '0'), 'every query names the tab\'s cookie store');
  assert.equal(new Set(records.map(cookieKey)).size, records.length);
  const partitions = cookies.calls.filter((filter) => filter.partitionKey).map((filter) => filter.partitionKey.topLevelSite);
  assert.deepEqual(partitions, ['https://www.shop.test', 'https://shop.test'], 'one of the parent domains is the site');
});

test('a browser without partitioned cookies: the partition query fails quietly', async () => {
  const cookies = createFakeCookies(JAR, { partitionKeySupported: false });
  const records = await collectCookies(cookies, { pageUrl: 'https://www.shop.test/', hosts: ['www.shop.test'], storeId: '0' });
  assert.deepEqual(records.map((r) => r.name).sort(), ['_ga', 'cart', 'sid']);
});

test('unpartitioned cookies a partition query may add are not taken', async () => {
  const everything = { ...createFakeCookies(JAR), getAll: async () => JAR };
  const records = await collectCookies(everything, { pageUrl: 'https://shop.test/', hosts: [] });
  assert.ok(records.every((r) => r.partitionKey), records.map((r) => r.name).join());
});
