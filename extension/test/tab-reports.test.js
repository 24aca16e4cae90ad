import assert from 'node:assert/strict';
import test from 'node:test';

import { createCharterSource } from '../lib/charter-source.js';
import { createCharterStore } from '../lib/charter-store.js';
import { translator } from '../lib/i18n.js';
import { Reason } from '../lib/messages.js';
import { NativeClient } from '../lib/native.js';
import { createSessionStore } from '../lib/session-store.js';
import { RECLASSIFY_DELAY_MS, TabReports } from '../lib/tab-reports.js';
import { TabTraffic } from '../lib/tab-traffic.js';
import { classification } from '../test-support/classification.js';
import {
  createFakeClock, createFakeCookies, createFakeI18n, createFakeRuntime, createStorageArea,
} from '../test-support/fake-chrome.js';

const SECRET = 'VALUE-THAT-MUST-NOT-LEAVE';
const PAGE = 'https://data.nantesmetropole.fr/explore/';
const CHARTER_URL = 'https://data.nantesmetropole.fr/pages/cookies/';
const NOW_S = Math.floor(Date.now() / 1000);

/** A background with every browser API faked: one tab showing PAGE, a cookie jar with values, a host to answer by hand. */
function setUp({ url = PAGE } = {}) {
  const runtime = createFakeRuntime();
  const clock = createFakeClock();
  const badges = [];
  const jar = [
    { name: 'sessionid', value: SECRET, domain: 'data.nantesmetropole.fr', hostOnly: true, path: '/', secure: true, httpOnly: true, sameSite: 'lax', session: true, storeId: '0' },
    { name: '_ga', value: SECRET, domain: '.nantesmetropole.fr', hostOnly: false, path: '/', secure: false, httpOnly: false, sameSite: 'unspecified', session: false, expirationDate: NOW_S + 400 * 86400, storeId: '0' },
    { name: 'uid', value: SECRET, domain: '.tracker.test', hostOnly: false, path: '/', secure: true, httpOnly: false, sameSite: 'no_restriction', session: false, expirationDate: NOW_S + 30 * 86400, storeId: '0', partitionKey: { topLevelSite: 'https://data.nantesmetropole.fr' } },
  ];
  const api = {
    tabs: { get: async (tabId) => ({ id: tabId, url: api.url }) },
    cookies: createFakeCookies(jar),
    action: {
      setBadgeText: async ({ tabId, text }) => badges.push({ tabId, text }),
      setBadgeBackgroundColor: async () => {},
      setTitle: async () => {},
    },
    scripting: {
      executeScript: async ({ func }) => [{ result: func.name === 'snapshotPage'
        ? { url: api.url, title: 'Explorer', headings: [], links: [{ href: CHARTER_URL, text: 'Charte cookies', footer: true }] }
        : 'text' }],
    },
    url,
  };
  const fetch = async () => new Response('<h1>Charte cookies</h1>', { headers: { 'content-type': 'text/html' } });
  const local = createStorageArea();
  const store = createCharterStore(local);
  const traffic = new TabTraffic(createSessionStore({ session: createStorageArea() }), clock);
  const native = new NativeClient({ runtime, clock });
  const notified = [];
  const reports = new TabReports({
    api, native, traffic, store, t: translator(createFakeI18n('en')), clock,
    charters: createCharterSource({ store, scripting: api.scripting, fetch }),
    onReport: (tabId) => notified.push(tabId),
  });
  return { api, runtime, clock, badges, local, store, traffic, reports, notified };
}

/** Waits until the fake host has received a `classify` request, and returns it. */
async function classifyRequest(runtime, count = 1) {
  for (let i = 0; i < 1000; i++) {
    const requests = runtime.port?.sent.filter((m) => m.type === 'classify') ?? [];
    if (requests.length >= count) return requests[count - 1];
    await new Promise(setImmediate);
  }
  throw new Error(`no classify request #${count} reached the host`);
}

function answer(runtime, request) {
  runtime.port.reply({ ...classification(), id: request.id });
}

test('one classify request with the page, its cookies without values, and its charter', async () => {
  const { runtime, traffic, reports, badges, store, notified } = setUp();
  traffic.observe({ tabId: 1, type: 'main_frame', requestId: 'r1', url: PAGE, timeStamp: Date.now(), responseHeaders: [{ name: 'Set-Cookie', value: `_ga=${SECRET}; Max-Age=63072000; Domain=.nantesmetropole.fr` }] });
  traffic.observe({ tabId: 1, type: 'image', requestId: 'r2', url: 'https://px.tracker.test/p.gif', timeStamp: Date.now() });

  const reportPromise = reports.refresh(1);
  const request = await classifyRequest(runtime);
  assert.equal(JSON.stringify(request).includes(SECRET), false, 'no cookie value reaches the host');
  assert.ok(request.cookies.every((cookie) => !('value' in cookie)));
  assert.equal(request.site, PAGE);
  assert.deepEqual(request.cookies.map((c) => c.name).sort(), ['_ga', 'sessionid', 'uid']);
  const ga = request.cookies.find((c) => c.name === '_ga');
  assert.ok(ga.expirationDate >= NOW_S + 63072000 - 5, 'the two years _ga declared, not the 400 days the browser kept');
  assert.deepEqual(request.charter, { format: 'html', url: CHARTER_URL, content: '<h1>Charte cookies</h1>' });

  answer(runtime, request);
  const report = await reportPromise;
  assert.equal(report.classification.site.registrableDomain, 'nantesmetropole.fr');
  assert.deepEqual(report.charter && [report.charter.url, report.charter.format, report.charter.origin], [CHARTER_URL, 'html', 'discovered']);
  assert.equal('content' in report.charter, false, 'the report does not carry the charter text');
  assert.deepEqual(badges.at(-1), { tabId: 1, text: '3' });
  assert.deepEqual(notified, [1]);
  assert.equal((await store.find('data.nantesmetropole.fr')).site, 'nantesmetropole.fr', 'remembered under the registrable domain the host named');
});

test('the kept report is reused while the page is the same; a new page is classified again', async () => {
  const { api, runtime, reports } = setUp();
  const first = reports.report(1);
  answer(runtime, await classifyRequest(runtime, 1));
  const report = await first;
  assert.equal(await reports.report(1), report);

  api.url = 'https://data.nantesmetropole.fr/explore/dataset/42/';
  const second = reports.report(1);
  answer(runtime, await classifyRequest(runtime, 2));
  assert.equal((await second).url, api.url);
});

test('a report asked for while one is being made waits for it', async () => {
  const { runtime, reports } = setUp();
  const made = reports.refresh(1);
  const asked = reports.report(1);
  answer(runtime, await classifyRequest(runtime, 1));
  assert.equal(await asked, await made);
  for (let i = 0; i < 20; i++) await new Promise(setImmediate);
  assert.equal(runtime.port.sent.filter((m) => m.type === 'classify').length, 1);
});

test('scheduled classifications are debounced into one', async () => {
  const { runtime, clock, reports } = setUp();
  reports.schedule(1);
  clock.advance(RECLASSIFY_DELAY_MS - 1);
  reports.schedule(1);
  clock.advance(RECLASSIFY_DELAY_MS - 1);
  reports.schedule(1);
  assert.equal(runtime.ports.length, 0, 'nothing sent yet');
  clock.advance(RECLASSIFY_DELAY_MS);
  answer(runtime, await classifyRequest(runtime, 1));
  for (let i = 0; i < 20; i++) await new Promise(setImmediate);
  assert.equal(runtime.port.sent.filter((m) => m.type === 'classify').length, 1);
});

test('a refresh asked while one runs runs once more after it, and both callers get the latest', async () => {
  const { runtime, reports } = setUp();
  const first = reports.refresh(1);
  const request = await classifyRequest(runtime, 1);
  const second = reports.refresh(1);
  answer(runtime, request);
  answer(runtime, await classifyRequest(runtime, 2));
  const [a, b] = await Promise.all([first, second]);
  assert.equal(a, b);
  assert.equal(runtime.port.sent.filter((m) => m.type === 'classify').length, 2);
});

test('a browser page is not classified, and its badge is cleared', async () => {
  const { reports, badges } = setUp({ url: 'chrome://newtab/' });
  await assert.rejects(reports.refresh(1), { reason: Reason.UNSUPPORTED_PAGE });
  assert.deepEqual(badges.at(-1), { tabId: 1, text: '' });
});

test('a cookie change concerns the tabs whose page talked to its domain', () => {
  const { traffic, reports } = setUp();
  traffic.observe({ tabId: 1, type: 'main_frame', requestId: 'a', url: PAGE, timeStamp: 0 });
  traffic.observe({ tabId: 1, type: 'script', requestId: 'b', url: 'https://cdn.tracker.test/x.js', timeStamp: 0 });
  traffic.observe({ tabId: 2, type: 'main_frame', requestId: 'c', url: 'https://www.example.com/', timeStamp: 0 });
  assert.deepEqual(reports.tabsConcernedBy({ domain: '.nantesmetropole.fr' }), [1]);
  assert.deepEqual(reports.tabsConcernedBy({ domain: 'tracker.test' }), [1]);
  assert.deepEqual(reports.tabsConcernedBy({ domain: '.example.com' }), [2]);
  assert.deepEqual(reports.tabsConcernedBy({ domain: 'elsewhere.test' }), []);
});
