// The popup, read through its contract (DESIGN.md, "Popup contract"):
// `body[data-state]`, and per cookie row `data-cookie-name`,
// `data-cookie-domain`, `data-label`, `data-basis`, `data-findings`; plus
// the words a person reads (party, charter line), in the extension's own
// catalogues. The same in every browser: each driver only supplies
// `evaluate(fn, arg)`, which runs `fn` in the popup page and resolves with
// its (awaited) result.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SENTINEL, countsOf, leaks, namesOf } from './scenario.js';
import { readFrames } from './world.js';

export const EXTENSION_ID = 'ijpobdcfemepblmlapgegoacpidedcol';
/** Long enough for a cold host and a slow CI machine, short enough to fail fast. */
export const TIMEOUT_MS = 20_000;

/** The extension's own words, from its catalogues, so assertions follow its wording. */
export function messages(extensionDir, lang) {
  const catalogue = JSON.parse(readFileSync(join(extensionDir, `_locales/${lang}/messages.json`), 'utf8'));
  return (key, substitutions = []) =>
    substitutions.reduce((text, value, index) => text.replaceAll(`$${index + 1}`, String(value)), catalogue[key].message);
}

// ---- Run inside the popup page: self-contained, serialised by the drivers ----

/**
 * Resolves once the popup has settled: its state is one of `states` (any
 * but `loading` when null) and, when `ready`, it lists every cookie of
 * `names`. Cookie changes after `load` re-classify the page and the popup
 * redraws by itself, so this waits on the DOM's own mutations. Resolves
 * false after `timeoutMs`, leaving the assertions to say what is missing.
 */
export function settle({ states = null, names = [], timeoutMs }) {
  const settled = () => {
    const state = document.body.dataset.state;
    if (state === 'loading' || (states && !states.includes(state))) return false;
    if (state !== 'ready') return true;
    const shown = new Set([...document.querySelectorAll('li.cookie')].map((row) => row.dataset.cookieName));
    return names.every((name) => shown.has(name));
  };
  return new Promise((resolve) => {
    if (settled()) {
      resolve(true);
      return;
    }
    const observer = new MutationObserver(() => settled() && finish(true));
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(result) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(result);
    }
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Everything the tests read from the popup, in one pass. */
export function readPopup() {
  const suffix = (element, prefix) => [...element.classList].find((name) => name.startsWith(prefix))?.slice(prefix.length);
  const byId = (id) => document.getElementById(id);
  return {
    state: document.body.dataset.state,
    lang: document.documentElement.lang,
    rows: [...document.querySelectorAll('li.cookie')].map((row) => ({
      name: row.dataset.cookieName,
      domain: row.dataset.cookieDomain,
      label: row.dataset.label,
      basis: row.dataset.basis,
      findings: row.dataset.findings ? row.dataset.findings.split(' ').sort() : [],
      facts: row.querySelector('.cookie-facts')?.textContent ?? '',
    })),
    siteFindings: Object.fromEntries([...document.querySelectorAll('li.site-finding')].map((item) => [
      suffix(item, 'finding-'),
      (item.querySelector('.names')?.textContent ?? '').split(', ').filter(Boolean).sort(),
    ])),
    counts: Object.fromEntries([...document.querySelectorAll('li.count')].map((item) => [
      suffix(item, 'label-'),
      Number(item.querySelector('.count-number').textContent),
    ])),
    charter: {
      line: byId('charter').textContent,
      href: byId('charter').querySelector('a')?.getAttribute('href') ?? null,
      problem: byId('charter-problem').hidden ? null : byId('charter-problem').textContent,
    },
    error: byId('error-message').textContent,
    noHost: {
      shown: getComputedStyle(byId('no-host')).display !== 'none',
      detail: byId('no-host-detail').textContent,
    },
    html: document.documentElement.outerHTML,
  };
}

/**
 * What the extension keeps (storage.local: charters; storage.session: tab
 * traffic), as JSON, and the names of the browser's cookies whose value is
 * a test value: the popup is an extension page, with the extension's APIs.
 * The values themselves never leave the page.
 */
export async function extensionState(sentinel) {
  const api = globalThis.browser ?? globalThis.chrome;
  const all = [
    ...(await api.cookies.getAll({})),
    ...(await api.cookies.getAll({ partitionKey: {} }).catch(() => [])),
  ];
  return {
    storage: JSON.stringify({ local: await api.storage.local.get(null), session: await api.storage.session.get(null) }),
    sentinelCookies: [...new Set(all.filter((cookie) => cookie.value.startsWith(sentinel)).map((cookie) => cookie.name))].sort(),
  };
}

// ---- Assertions, in the test process ----

/** Waits for the popup to settle, then reads it. */
export async function settledPopup(evaluate, { states = null, names = [] } = {}) {
  await evaluate(settle, { states, names, timeoutMs: TIMEOUT_MS });
  return evaluate(readPopup);
}

export async function extension(evaluate) {
  return evaluate(extensionState, SENTINEL);
}

const byName = (a, b) => a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain);

/** The rows as the popup must show them: the facts line starts with the party, then "partitioned (CHIPS)" when it is. */
function expectedRows(table, t) {
  return table
    .map(([name, domain, label, basis, findings, party, partitioned]) => ({
      name, domain, label, basis, findings: [...findings].sort(),
      party: t(party === 'first' ? 'partyFirst' : 'partyThird'),
      partitioned,
    }))
    .sort(byName);
}

function shownRows(rows, t) {
  return rows
    .map(({ facts, ...row }) => {
      const parts = facts.split(' · ');
      return { ...row, party: parts[0], partitioned: parts[1] === t('partitioned') };
    })
    .sort(byName);
}

/**
 * The popup settles in `ready` and lists exactly the expected cookies (label,
 * basis, findings, party, partition), counts and site findings. `traffic`
 * (the extension's record of the hosts the tab talked to) is named in the
 * failure message, to tell a missed host from a wrong classification.
 */
export async function assertReport(evaluate, { table, findings, t }) {
  const popup = await settledPopup(evaluate, { names: table.map(([name]) => name) });
  assert.equal(popup.state, 'ready', `popup state (${popup.error || popup.noHost.detail})`);
  const { storage } = await extension(evaluate);
  const traffic = JSON.stringify(JSON.parse(storage).session);
  assert.deepEqual(shownRows(popup.rows, t), expectedRows(table, t), `cookie rows (the extension's tab traffic: ${traffic})`);
  assert.deepEqual(popup.counts, countsOf(table), 'counts by label');
  assert.deepEqual(popup.siteFindings, findings, 'site findings');
  return popup;
}

/** The charter line: a link to `url`, its format, and where the extension got it. */
export function assertCharterLine(popup, { url, format, origin, t }) {
  const { line, href, problem } = popup.charter;
  assert.equal(href, url, 'charter link');
  assert.ok(line.startsWith(t('charterUsed')), `charter line starts with «${t('charterUsed')}»: «${line}»`);
  assert.ok(line.includes(` · ${format} · `), `charter line names the format ${format}: «${line}»`);
  assert.ok(line.endsWith(` · ${t(origin)}`), `charter line says «${t(origin)}»: «${line}»`);
  assert.equal(problem, null, 'no charter problem shown');
}

/** A precondition, not the extension's doing: a browser that blocks third-party cookies fails here. */
export async function assertBrowserHolds(evaluate, table) {
  const { sentinelCookies } = await extension(evaluate);
  assert.deepEqual(sentinelCookies, table.map(([name]) => name).sort(), 'cookies the browser stored');
}

/**
 * What the recording host saw: the page's cookies, none with a `value`, and
 * no test value anywhere in the bytes it received or in its debug log; nor
 * in the extension's storage or the popup (`shown`, from `assertReport`).
 */
export async function assertNoValueReachedHost({ recorder, evaluate, shown, table }) {
  const classify = readFrames(readFileSync(recorder.frames)).filter((frame) => frame.type === 'classify');
  assert.ok(classify.length >= 1, 'the host received a classify request');
  assert.deepEqual(classify.at(-1).cookies.map((cookie) => cookie.name).sort(), namesOf(table), 'cookies sent');
  assert.ok(classify.every((frame) => frame.cookies.every((cookie) => !Object.hasOwn(cookie, 'value'))), 'no cookie carries `value`');
  assert.ok(!leaks(readFileSync(recorder.frames, 'latin1')), 'no test value in the bytes the host received');
  const log = readFileSync(recorder.log, 'utf8');
  assert.match(log, /started by a browser/, 'the host logged at debug level');
  assert.ok(!leaks(log), 'no test value in the host\'s log');
  assert.ok(!leaks((await extension(evaluate)).storage), 'no test value in the extension\'s storage');
  assert.ok(!leaks(shown.html), 'no test value in the popup');
}
