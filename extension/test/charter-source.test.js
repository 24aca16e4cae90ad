import assert from 'node:assert/strict';
import test from 'node:test';

import { CHARTER_MAX_AGE_MS, createCharterSource, fetchCharter } from '../lib/charter-source.js';
import { CharterOrigin, createCharterStore } from '../lib/charter-store.js';
import { createStorageArea } from '../test-support/fake-chrome.js';

const NOW = Date.UTC(2026, 10, 28);
const HOME = 'https://data.nantesmetropole.fr/explore/';
const CHARTER_URL = 'https://data.nantesmetropole.fr/pages/cookies/';
const FOOTER = [{ href: CHARTER_URL, text: 'Charte cookies', footer: true }, { href: 'https://data.nantesmetropole.fr/pages/donnees-personnelles/', text: 'Données personnelles', footer: true }];
const PAGE_TEXT = 'Charte cookies\nNom du prestataire\tService\tNom du cookies\tFinalités\nOpendatasoft\tAuthentification\tsessionid\tSe souvenir';

/** The page a tab shows, as page-reader.js's injected functions would read it. */
function fakeScripting(page) {
  const calls = [];
  return {
    calls,
    async executeScript({ func }) {
      calls.push(func.name);
      if (page instanceof Error) throw page;
      return [{ result: func.name === 'renderedText' ? PAGE_TEXT : page }];
    },
  };
}

function fakeFetch(byUrl) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const answer = byUrl[url];
    if (!answer) return new Response('not found', { status: 404 });
    return new Response(answer.body, { headers: { 'content-type': answer.type } });
  };
  return { fetch, calls };
}

async function setUp({ page, byUrl = {}, saved = {} }) {
  const store = createCharterStore(createStorageArea());
  for (const [site, entry] of Object.entries(saved)) await store.put(site, entry);
  const scripting = fakeScripting(page);
  const network = fakeFetch(byUrl);
  const source = createCharterSource({ store, scripting, fetch: network.fetch, now: () => NOW });
  return { source, scripting, network };
}

const homePage = { url: HOME, title: 'Explorer — Data Nantes Métropole', headings: ['Explorer les données'], links: FOOTER };
const HTML = { body: '<html><h1>Charte cookies</h1><table>…</table></html>', type: 'text/html; charset=utf-8' };

test('discovers the charter link, fetches it without credentials, and asks to remember it', async () => {
  const { source, network } = await setUp({ page: homePage, byUrl: { [CHARTER_URL]: HTML } });
  const choice = await source.charterFor(1, HOME);
  assert.equal(choice.changed, true);
  assert.equal(choice.site, null, 'not remembered before: the caller keys it by registrable domain');
  assert.deepEqual({ ...choice.entry, content: choice.entry.content.length }, {
    origin: CharterOrigin.DISCOVERED, url: CHARTER_URL, format: 'html', content: HTML.body.length, savedAt: NOW, score: choice.entry.score,
  });
  assert.equal(network.calls[0].init.credentials, 'omit');
});

test("on the charter page itself, its rendered text is sent as `text`", async () => {
  const page = { url: CHARTER_URL, title: 'Charte cookies — Data Nantes Métropole', headings: ['Charte cookies'], links: FOOTER };
  const { source, network, scripting } = await setUp({ page });
  const choice = await source.charterFor(1, CHARTER_URL);
  assert.deepEqual([choice.entry.origin, choice.entry.format, choice.entry.url, choice.entry.content], [CharterOrigin.PAGE, 'text', CHARTER_URL, PAGE_TEXT]);
  assert.deepEqual(scripting.calls, ['snapshotPage', 'renderedText']);
  assert.equal(network.calls.length, 0);
});

test('a fresh remembered charter is used without fetching again', async () => {
  const saved = { 'nantesmetropole.fr': { origin: CharterOrigin.DISCOVERED, url: CHARTER_URL, format: 'html', content: 'kept', savedAt: NOW - 1000, score: 115 } };
  const { source, network } = await setUp({ page: homePage, saved });
  const choice = await source.charterFor(1, HOME);
  assert.deepEqual([choice.changed, choice.site, choice.entry.content], [false, 'nantesmetropole.fr', 'kept']);
  assert.equal(network.calls.length, 0);
});

test('a stale remembered charter is fetched again; if that fails the old one is kept, with the problem', async () => {
  const saved = { 'nantesmetropole.fr': { origin: CharterOrigin.DISCOVERED, url: CHARTER_URL, format: 'html', content: 'old', savedAt: NOW - CHARTER_MAX_AGE_MS - 1, score: 115 } };
  const { source } = await setUp({ page: homePage, saved });
  const choice = await source.charterFor(1, HOME);
  assert.deepEqual([choice.changed, choice.entry.content], [false, 'old']);
  assert.match(choice.problem, /HTTP 404/);
});

test('a more specific link replaces a fresh privacy page found earlier', async () => {
  const saved = { 'nantesmetropole.fr': { origin: CharterOrigin.DISCOVERED, url: 'https://data.nantesmetropole.fr/pages/donnees-personnelles/', format: 'html', content: 'privacy', savedAt: NOW, score: 35 } };
  const { source } = await setUp({ page: homePage, saved, byUrl: { [CHARTER_URL]: HTML } });
  const choice = await source.charterFor(1, HOME);
  assert.deepEqual([choice.changed, choice.site, choice.entry.url], [true, 'nantesmetropole.fr', CHARTER_URL]);
});

test("a person's pasted text wins, and the page is not even read", async () => {
  const saved = { 'data.nantesmetropole.fr': { origin: CharterOrigin.USER_TEXT, url: null, format: 'text', content: 'pasted', savedAt: 1 } };
  const { source, scripting } = await setUp({ page: homePage, saved });
  const choice = await source.charterFor(1, HOME);
  assert.deepEqual([choice.changed, choice.entry.content], [false, 'pasted']);
  assert.deepEqual(scripting.calls, []);
});

test("a person's URL wins over the page's links, and is fetched once", async () => {
  const chosen = 'https://www.nantesmetropole.fr/cookies.txt';
  const saved = { 'nantesmetropole.fr': { origin: CharterOrigin.USER_URL, url: chosen, format: null, content: null, savedAt: 1 } };
  const { source } = await setUp({ page: homePage, saved, byUrl: { [chosen]: { body: 'Charte', type: 'text/plain' } } });
  const choice = await source.charterFor(1, HOME);
  assert.deepEqual([choice.changed, choice.entry.origin, choice.entry.format, choice.entry.url], [true, CharterOrigin.USER_URL, 'text', chosen]);
});

test('a page that cannot be scripted keeps the remembered charter and says why', async () => {
  const saved = { 'nantesmetropole.fr': { origin: CharterOrigin.DISCOVERED, url: CHARTER_URL, format: 'html', content: 'kept', savedAt: NOW, score: 115 } };
  const { source } = await setUp({ page: new Error('Cannot access contents of the page'), saved });
  const choice = await source.charterFor(1, HOME);
  assert.deepEqual([choice.entry.content, choice.problem], ['kept', 'Cannot access contents of the page']);
});

test('no link and nothing remembered: no charter', async () => {
  const { source } = await setUp({ page: { ...homePage, links: [] } });
  assert.deepEqual(await source.charterFor(1, HOME), { entry: null, changed: false, site: null, problem: null });
});

test('fetchCharter refuses what is not a web page', async () => {
  const { fetch } = fakeFetch({ 'https://x.fr/c.pdf': { body: '%PDF', type: 'application/pdf' } });
  await assert.rejects(fetchCharter(fetch, 'https://x.fr/c.pdf'), /not a web page \(application\/pdf\)/);
  await assert.rejects(fetchCharter(fetch, 'https://x.fr/missing'), /HTTP 404/);
});
