import assert from 'node:assert/strict';
import test from 'node:test';

import { Failure, HOST_NAME, NativeClient, NativeError, backoffDelay, isNoHostMessage } from '../lib/native.js';
import { createFakeClock, createFakeRuntime } from '../test-support/fake-chrome.js';

const HELLO = { type: 'hello', version: '0.1.0', protocol: 1, psl: { source: 'embedded', date: '2026-10-22' } };

function setUp(options = {}) {
  const runtime = createFakeRuntime();
  const clock = createFakeClock();
  const client = new NativeClient({ runtime, clock, backoff: { initialMs: 500, maxMs: 8000 }, ...options });
  return { runtime, clock, client };
}

/** Lets the client's promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('one port to the host, opened on the first request and greeted with hello', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'parse_charter', format: 'text', content: 'x' });
  client.request({ type: 'parse_charter', format: 'text', content: 'y' });
  assert.equal(runtime.ports.length, 1);
  assert.equal(runtime.port.name, HOST_NAME);
  assert.deepEqual(runtime.port.sent.map((m) => m.type), ['hello', 'parse_charter', 'parse_charter']);
  const ids = runtime.port.sent.map((m) => m.id);
  assert.equal(new Set(ids).size, 3, 'every request has its own id');

  runtime.port.answer('hello', HELLO);
  runtime.port.reply({ type: 'charter', id: ids[1], entries: [], warnings: [] });
  assert.deepEqual(await answer, { type: 'charter', id: ids[1], entries: [], warnings: [] });
  await settle();
  assert.equal(client.state.status, 'ready');
  assert.equal(client.state.hello.psl.date, '2026-10-22');
});

test('answers are matched by id, whatever their order', async () => {
  const { runtime, client } = setUp();
  const first = client.request({ type: 'parse_charter', content: '1' });
  const second = client.request({ type: 'parse_charter', content: '2' });
  const [, id1, id2] = runtime.port.sent.map((m) => m.id);
  runtime.port.reply({ type: 'charter', id: id2, entries: [{ name: 'second' }], warnings: [] });
  runtime.port.reply({ type: 'charter', id: id1, entries: [{ name: 'first' }], warnings: [] });
  assert.equal((await first).entries[0].name, 'first');
  assert.equal((await second).entries[0].name, 'second');
});

test('a multi-part answer is reassembled before it resolves', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', site: 'https://example.com/', cookies: [] });
  const { id } = runtime.port.sent[1];
  let resolved = false;
  answer.then(() => { resolved = true; });
  runtime.port.reply({ type: 'classification', id, part: 2, parts: 2, cookies: [{ name: 'b' }] });
  await settle();
  assert.equal(resolved, false, 'not before the last part');
  runtime.port.reply({ type: 'classification', id, part: 1, parts: 2, cookies: [{ name: 'a' }], summary: {} });
  assert.deepEqual((await answer).cookies, [{ name: 'a' }, { name: 'b' }]);
});

test('an error frame mid-way through a multi-part answer rejects it; later parts are ignored', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', site: 'https://example.com/', cookies: [] });
  const { id } = runtime.port.sent[1];
  runtime.port.reply({ type: 'classification', id, part: 1, parts: 3, cookies: [{ name: 'a' }] });
  runtime.port.reply({ type: 'error', id, code: 'answer_too_large', message: 'cookie 2 alone exceeds 1 MiB' });
  await assert.rejects(answer, (error) => error instanceof NativeError && error.failure === Failure.HOST
    && error.code === 'answer_too_large' && error.message === 'cookie 2 alone exceeds 1 MiB');
  runtime.port.reply({ type: 'classification', id, part: 2, parts: 3, cookies: [{ name: 'b' }] }); // nothing waits: logged, not thrown
});

test("the host's error answer rejects with its code and message", async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', site: 'nope', cookies: [] });
  runtime.port.answer('classify', { type: 'error', code: 'invalid_site', message: 'site: not a URL with a host' });
  await assert.rejects(answer, { failure: Failure.HOST, code: 'invalid_site', message: 'site: not a URL with a host' });
});

test('inconsistent parts reject the request as a protocol failure', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', cookies: [] });
  const { id } = runtime.port.sent[1];
  runtime.port.reply({ type: 'classification', id, part: 1, parts: 2 });
  runtime.port.reply({ type: 'classification', id, part: 1, parts: 2 });
  await assert.rejects(answer, { failure: Failure.PROTOCOL });
});

test('no-host detection from the messages Chrome and Firefox give', () => {
  const cases = [
    ['Specified native messaging host not found.', true],
    ['Access to the specified native messaging host is forbidden.', true],
    ['Native messaging host org.cookie_charter.host is not registered', true],
    ['No such native application org.cookie_charter.host', true],
    ['Native host has exited.', false],
    ['Error when communicating with the native messaging host.', false],
  ];
  for (const [message, expected] of cases) assert.equal(isNoHostMessage(message), expected, message);
});

test('a missing host (Chrome) rejects pending requests with no-host', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', cookies: [] });
  assert.equal(client.state.status, 'connecting');
  runtime.port.close({ chrome: 'Specified native messaging host not found.' });
  await assert.rejects(answer, { failure: Failure.NO_HOST, message: 'Specified native messaging host not found.' });
  assert.equal(client.state.status, 'no-host');
  assert.equal(client.state.error.failure, Failure.NO_HOST);
});

test('a missing host (Firefox, port.error) is no-host too', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', cookies: [] });
  runtime.port.close({ firefox: 'No such native application org.cookie_charter.host' });
  await assert.rejects(answer, { failure: Failure.NO_HOST });
});

test('while a reconnect is pending, requests fail at once with the last failure, without a new port', async () => {
  const { runtime, client } = setUp();
  client.request({ type: 'hello' }).catch(() => {});
  runtime.port.close({ chrome: 'Specified native messaging host not found.' });
  await assert.rejects(client.request({ type: 'classify', cookies: [] }), { failure: Failure.NO_HOST });
  assert.equal(runtime.ports.length, 1);
});

test('reconnects with exponential backoff, capped, and starts over after a successful hello', async () => {
  const { runtime, clock, client } = setUp();
  client.request({ type: 'hello' }).catch(() => {});
  const delays = [];
  for (let attempt = 1; attempt <= 6; attempt++) {
    runtime.port.close({ chrome: 'Native host has exited.' });
    delays.push(clock.pendingDelays().at(-1));
    const before = runtime.ports.length;
    clock.advance(delays.at(-1));
    assert.equal(runtime.ports.length, before + 1, `attempt ${attempt} reconnected`);
    await settle();
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 8000]);

  runtime.port.answer('hello', HELLO);
  await settle();
  assert.equal(client.state.status, 'ready');
  runtime.port.close({ chrome: 'Native host has exited.' });
  assert.equal(clock.pendingDelays().at(-1), 500, 'the backoff starts over');
  assert.equal(client.state.status, 'down');
});

test('backoffDelay doubles from the initial delay up to the cap', () => {
  const backoff = { initialMs: 250, maxMs: 3000 };
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, backoff)), [250, 500, 1000, 2000, 3000, 3000]);
});

test('retryNow connects at once and cancels the scheduled attempt', async () => {
  const { runtime, clock, client } = setUp();
  client.request({ type: 'hello' }).catch(() => {});
  runtime.port.close({ chrome: 'Specified native messaging host not found.' });
  client.retryNow();
  assert.equal(runtime.ports.length, 2);
  assert.equal(runtime.port.sent[0].type, 'hello');
  clock.advance(60_000);
  assert.equal(runtime.ports.length, 2, 'no second connection from the cancelled timer');
});

test('a request the host never answers times out', async () => {
  const { clock, client } = setUp({ requestTimeoutMs: 1000 });
  const answer = client.request({ type: 'classify', cookies: [] });
  clock.advance(1000);
  await assert.rejects(answer, { failure: Failure.TIMEOUT });
});

test('a host speaking another protocol version is refused', async () => {
  const { runtime, client } = setUp();
  const answer = client.request({ type: 'classify', cookies: [] });
  runtime.port.answer('hello', { ...HELLO, protocol: 2 });
  await assert.rejects(answer, { failure: Failure.PROTOCOL });
  assert.equal(runtime.port.connected, false);
  assert.equal(client.state.status, 'down');
});

test('connectNative throwing (no permission) is a failure, not an exception', async () => {
  const { runtime, client } = setUp();
  runtime.connectNative = () => {
    throw new Error("'runtime.connectNative' is not available in this context.");
  };
  await assert.rejects(client.request({ type: 'classify', cookies: [] }), { failure: Failure.DISCONNECTED });
});
