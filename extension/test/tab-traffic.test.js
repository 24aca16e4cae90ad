import assert from 'node:assert/strict';
import test from 'node:test';

import { createSessionStore } from '../lib/session-store.js';
import { declaredKey } from '../lib/set-cookie.js';
import { TabTraffic, observeTraffic } from '../lib/tab-traffic.js';
import { createEvent, createFakeClock, createStorageArea } from '../test-support/fake-chrome.js';

const T0 = Date.UTC(2026, 10, 28);
const SECRET = 'GA1.2.SECRET.VALUE';

const response = (fields) => ({ tabId: 1, type: 'script', requestId: 'r2', url: 'https://cdn.tracker.test/t.js', timeStamp: T0, ...fields });
const mainFrame = (requestId, url, responseHeaders = []) => response({ type: 'main_frame', requestId, url, responseHeaders });

function setUp() {
  const session = createStorageArea();
  const clock = createFakeClock();
  return { session, clock, traffic: new TabTraffic(createSessionStore({ session }), clock) };
}

test('hosts and declared lifetimes of the page, without cookie values', () => {
  const { traffic } = setUp();
  traffic.observe(mainFrame('r1', 'https://www.shop.test/', [{ name: 'Set-Cookie', value: `_ga=${SECRET}; Max-Age=63072000; Domain=shop.test` }]));
  traffic.observe(response({ url: 'https://cdn.tracker.test/pixel.gif', responseHeaders: [{ name: 'set-cookie', value: 'uid=1; Expires=Thu, 01 Jan 2027 00:00:00 GMT\nsess=2' }] }));
  traffic.observe(response({ url: 'https://www.shop.test/app.js' }));
  assert.deepEqual(traffic.hosts(1), ['www.shop.test', 'cdn.tracker.test']);
  const declared = traffic.declared(1);
  assert.equal(declared.get(declaredKey('_ga', '.shop.test')), T0 / 1000 + 63072000);
  assert.equal(declared.get(declaredKey('uid', 'cdn.tracker.test')), Date.UTC(2027, 0, 1) / 1000);
  assert.equal(declared.get(declaredKey('sess', 'cdn.tracker.test')), null);
  assert.equal(JSON.stringify([...declared]).includes(SECRET), false);
});

test('a new main-frame request starts a new page; its redirects do not', () => {
  const { traffic } = setUp();
  traffic.observe(mainFrame('r1', 'https://shop.test/'));
  traffic.observe(mainFrame('r1', 'https://www.shop.test/')); // redirect: same request
  traffic.observe(response({}));
  assert.deepEqual(traffic.hosts(1), ['shop.test', 'www.shop.test', 'cdn.tracker.test']);
  traffic.observe(mainFrame('r9', 'https://other.test/'));
  assert.deepEqual(traffic.hosts(1), ['other.test']);
});

test("requests outside any tab (the extension's own fetches) are ignored", () => {
  const { traffic } = setUp();
  traffic.observe(response({ tabId: -1 }));
  assert.deepEqual(traffic.tabIds(), []);
});

test('saved to the session store after a burst, restored by a new background, forgotten with the tab', async () => {
  const { session, clock, traffic } = setUp();
  traffic.observe(mainFrame('r1', 'https://www.shop.test/', [{ name: 'Set-Cookie', value: `sid=${SECRET}; Max-Age=60` }]));
  traffic.observe(response({}));
  assert.equal(session.data.size, 0, 'not on every response');
  clock.advance(250);
  await Promise.resolve();
  assert.equal(session.data.size, 1);
  assert.equal([...session.data.values()].join().includes(SECRET), false, 'no value in the session store');

  const restarted = new TabTraffic(createSessionStore({ session }), clock);
  await restarted.restore();
  assert.deepEqual(restarted.hosts(1), ['www.shop.test', 'cdn.tracker.test']);
  assert.equal(restarted.declared(1).get(declaredKey('sid', 'www.shop.test')), T0 / 1000 + 60);

  await restarted.forget(1);
  assert.equal(session.data.size, 0);
  assert.deepEqual(restarted.hosts(1), []);
});

test('responses that wake a restarted background join the saved page; a newer page wins', async () => {
  const { session, clock, traffic } = setUp();
  traffic.observe(mainFrame('r1', 'https://www.shop.test/', [{ name: 'Set-Cookie', value: '_ga=1; Max-Age=60; Domain=shop.test' }]));
  traffic.observe({ ...mainFrame('r5', 'https://news.test/'), tabId: 2 });
  clock.advance(250);
  await Promise.resolve();

  const restarted = new TabTraffic(createSessionStore({ session }), clock);
  restarted.observe(response({ url: 'https://cdn.tracker.test/late.gif' })); // tab 1: same page, woke the background
  restarted.observe({ ...mainFrame('r6', 'https://other.test/'), tabId: 2 }); // tab 2: a new page since
  await restarted.restore();
  assert.deepEqual(restarted.hosts(1), ['www.shop.test', 'cdn.tracker.test']);
  assert.equal(restarted.declared(1).get(declaredKey('_ga', '.shop.test')), T0 / 1000 + 60);
  assert.deepEqual(restarted.hosts(2), ['other.test']);
});

test('observeTraffic asks for Set-Cookie with extraHeaders where Chrome needs it, never for blocking', () => {
  const webRequest = () => ({ onHeadersReceived: createEvent(), onCompleted: createEvent() });
  const registrations = (api) => {
    const specs = [];
    api.onHeadersReceived.addListener = (fn, filter, spec) => specs.push(spec);
    api.onCompleted.addListener = (fn, filter, spec) => specs.push(spec);
    observeTraffic(api, setUp().traffic);
    return specs;
  };
  const chrome = { ...webRequest(), OnHeadersReceivedOptions: { EXTRA_HEADERS: 'extraHeaders', BLOCKING: 'blocking' } };
  assert.deepEqual(registrations(chrome), [['responseHeaders', 'extraHeaders'], undefined]);
  assert.deepEqual(registrations(webRequest()), [['responseHeaders'], undefined]);
});

test('the memory fallback where storage.session is missing', async () => {
  const store = createSessionStore({});
  await store.set('traffic:1', { hosts: ['a.test'] });
  await store.set('other', 1);
  assert.deepEqual(await store.entries('traffic:'), [['traffic:1', { hosts: ['a.test'] }]]);
  await store.remove('traffic:1');
  assert.deepEqual(await store.entries('traffic:'), []);
});
