import assert from 'node:assert/strict';
import test from 'node:test';

import { Message, Reason, RequestError } from '../lib/messages.js';
import { Failure, NativeError } from '../lib/native.js';
import { createRouter, failureReply, isExtensionPage } from '../lib/router.js';

const ID = 'ijpobdcfemepblmlapgegoacpidedcol';
const ORIGIN = `chrome-extension://${ID}/`;
const POPUP = { id: ID, url: `${ORIGIN}popup/popup.html?tab=4` };

/** Calls the listener like the browser does and resolves with what it sent back (undefined if nothing). */
function send(listener, message, sender) {
  return new Promise((resolve) => {
    const keepsChannel = listener(message, sender, resolve);
    if (keepsChannel !== true) setImmediate(() => resolve(undefined));
  });
}

function setUp(handlers, ready = Promise.resolve()) {
  return createRouter({ runtimeId: ID, extensionOrigin: ORIGIN, ready, handlers });
}

test('only the extension\'s own pages are heard', () => {
  assert.equal(isExtensionPage(POPUP, ID, ORIGIN), true);
  assert.equal(isExtensionPage({ id: ID, url: `${ORIGIN}options/options.html` }, ID, ORIGIN), true);
  assert.equal(isExtensionPage({ id: ID, url: 'https://evil.test/', tab: { id: 3 } }, ID, ORIGIN), false, 'a content script');
  assert.equal(isExtensionPage({ id: 'other', url: 'chrome-extension://other/x.html' }, ID, ORIGIN), false, 'another extension');
  assert.equal(isExtensionPage({ id: ID }, ID, ORIGIN), false);
});

test('a message from a web page gets no answer and reaches no handler', async () => {
  let called = false;
  const listener = setUp({ [Message.GET_REPORT]: async () => { called = true; return {}; } });
  assert.equal(await send(listener, { type: Message.GET_REPORT, tabId: 1 }, { id: ID, url: 'https://evil.test/' }), undefined);
  assert.equal(called, false);
});

test('unknown types are refused, inherited names included', async () => {
  const listener = setUp({ [Message.GET_REPORT]: async () => ({}) });
  for (const type of ['nope', 'toString', '__proto__', undefined, 42]) {
    const reply = await send(listener, { type }, POPUP);
    assert.deepEqual([reply.ok, reply.state, reply.reason], [false, 'error', Reason.UNKNOWN_MESSAGE], String(type));
  }
});

test('handlers run once the background is ready, and their result is the reply', async () => {
  let ready;
  const order = [];
  const listener = setUp({ [Message.GET_REPORT]: async ({ tabId }) => { order.push('handler'); return { report: { tabId } }; } }, new Promise((r) => { ready = r; }));
  const reply = send(listener, { type: Message.GET_REPORT, tabId: 4 }, POPUP);
  await new Promise(setImmediate);
  order.push('ready');
  ready();
  assert.deepEqual(await reply, { ok: true, report: { tabId: 4 } });
  assert.deepEqual(order, ['ready', 'handler']);
});

test('failures become the popup\'s states', async () => {
  const cases = [
    [new NativeError(Failure.NO_HOST, 'Specified native messaging host not found.'), { ok: false, state: 'no-host', failure: 'no-host', code: null, message: 'Specified native messaging host not found.' }],
    [new NativeError(Failure.HOST, 'site: not a URL', 'invalid_site'), { ok: false, state: 'error', failure: 'host', code: 'invalid_site', message: 'site: not a URL' }],
    [new RequestError(Reason.UNSUPPORTED_PAGE, 'chrome://newtab/ is not a web page'), { ok: false, state: 'error', reason: 'unsupported-page', message: 'chrome://newtab/ is not a web page' }],
    [new Error('boom'), { ok: false, state: 'error', reason: null, message: 'boom' }],
  ];
  for (const [error, expected] of cases) {
    assert.deepEqual(failureReply(error), expected);
    const listener = setUp({ [Message.RECHECK]: async () => { throw error; } });
    assert.deepEqual(await send(listener, { type: Message.RECHECK, tabId: 1 }, POPUP), expected);
  }
});
