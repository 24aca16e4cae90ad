// End to end in headless Chromium: the host registered by the real
// installer, the real extension loaded unpacked, the local multi-site test
// site, and every assertion made through the popup contract
// (support/popup.js). Run with tests/e2e/run.sh; screenshots land in
// tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { HOSTS, PATHS } from './site/pages.js';
import { startSite } from './site/server.js';
import { launch, openPopup, tabIdOf } from './support/chromium.js';
import {
  TIMEOUT_MS, assertBrowserHolds, assertCharterLine, assertNoValueReachedHost, assertReport, extension, messages,
  settledPopup,
} from './support/popup.js';
import {
  GAZETTE_CHARTER_PAGE, GAZETTE_CHARTER_PAGE_FINDINGS, GAZETTE_HOME, GAZETTE_HOME_FINDINGS, HERALD_HOME, HERALD_HOME_FINDINGS,
  TOKEN, leaks, namesOf,
} from './support/scenario.js';
import { EXTENSION_DIR, installHost, makeWorld, recordHost, saveArtifact } from './support/world.js';

let site;
before(async () => {
  site = await startSite({ token: TOKEN });
});
after(async () => {
  await site?.close();
});

/**
 * One test's browser: a fresh world, the host installed by scripts/install.sh,
 * Chromium launched; closed and removed when the test ends.
 */
async function browserFor(t, name, { lang, prepare = async () => {} }) {
  const world = makeWorld(name, 'chromium');
  let context = null;
  // Chromium first: it writes to the profile until it has exited.
  t.after(async () => {
    await context?.close();
    world.dispose();
  });
  const install = await installHost(world);
  await prepare(world, install);
  const launched = await launch(world, { lang });
  context = launched.context;
  return { world, t: messages(EXTENSION_DIR, lang), ...launched };
}

/**
 * Loads `url` in a tab (its cookies are all set by `load`), opens that tab's
 * popup, and checks that the browser stored the cookies `table` expects.
 */
async function visit({ context, worker }, url, table) {
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response.status(), 200, `${url} loaded`);
  const popup = await openPopup(context, await tabIdOf(worker, page));
  await assertBrowserHolds(popup.evaluate, table);
  return popup;
}

async function screenshot(popup, name) {
  saveArtifact(name, await popup.page.screenshot({ fullPage: true }));
}

/** Clicks an export button of the popup and returns the downloaded file's text. */
async function exported(popup, button) {
  const [download] = await Promise.all([popup.page.waitForEvent('download', { timeout: TIMEOUT_MS }), popup.page.click(button)]);
  return readFileSync(await download.path(), 'utf8');
}

describe('Chromium, French publisher (fr)', () => {
  test('every cookie of the home page gets the label, basis and findings its charter gives', async (t) => {
    const browser = await browserFor(t, 'gazette-fr', { lang: 'fr' });
    const popup = await visit(browser, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t: browser.t });
    assert.equal(shown.lang, 'fr', 'the popup speaks French');
    await screenshot(popup, 'popup-gazette-fr.png');
  });

  test('the extension finds the charter by itself, from the footer link, and fetches it without cookies', async (t) => {
    const browser = await browserFor(t, 'gazette-discovery', { lang: 'fr' });
    const before = site.requests.length;
    const popup = await visit(browser, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t: browser.t });
    const charterUrl = site.url(HOSTS.gazette, PATHS.gazetteCharter);
    assertCharterLine(shown, { url: charterUrl, format: 'HTML', origin: 'originDiscovered', t: browser.t });

    const requests = site.requests.slice(before).filter((request) => request.host === HOSTS.gazette);
    const charterFetches = requests.filter((request) => request.path === PATHS.gazetteCharter);
    assert.ok(charterFetches.length >= 1, 'the charter page was requested');
    assert.ok(charterFetches.every((request) => !request.withCookies), 'the charter was fetched without the person\'s cookies');
    assert.ok(!requests.some((request) => request.path === '/preferences'), 'the consent-settings link was not taken for the charter');

    const { local } = JSON.parse((await extension(popup.evaluate)).storage);
    assert.deepEqual(
      Object.entries(local).map(([key, entry]) => [key, entry.origin, entry.url]),
      [['charter:gazette-erdre.test', 'discovered', charterUrl]],
      'the one charter kept was discovered on the site, under its registrable domain',
    );
  });

  test('on the charter page itself, its rendered text (the seed\'s shape) is the charter', async (t) => {
    const browser = await browserFor(t, 'gazette-charter-page', { lang: 'fr' });
    const charterUrl = site.url(HOSTS.gazette, PATHS.gazetteCharter);
    const popup = await visit(browser, charterUrl, GAZETTE_CHARTER_PAGE);
    // All seven entries read from innerText: the four the page does not set are listed.
    const shown = await assertReport(popup.evaluate, { table: GAZETTE_CHARTER_PAGE, findings: GAZETTE_CHARTER_PAGE_FINDINGS, t: browser.t });
    assertCharterLine(shown, { url: charterUrl, format: 'TEXT', origin: 'originPage', t: browser.t });
  });
});

describe('Chromium, English publisher (en)', () => {
  test('an HTML table charter with a category column labels every cookie', async (t) => {
    const browser = await browserFor(t, 'herald-en', { lang: 'en' });
    const popup = await visit(browser, site.url(HOSTS.herald), HERALD_HOME);
    const shown = await assertReport(popup.evaluate, { table: HERALD_HOME, findings: HERALD_HOME_FINDINGS, t: browser.t });
    assertCharterLine(shown, { url: site.url(HOSTS.herald, PATHS.heraldCharter), format: 'HTML', origin: 'originDiscovered', t: browser.t });
    assert.equal(shown.lang, 'en', 'the popup speaks English');
    await screenshot(popup, 'popup-herald-en.png');
  });
});

describe('Chromium, cookie values never reach the host', () => {
  test('no value in the frames the host received, its log, the extension\'s storage, the popup or its exports', async (t) => {
    let recorder;
    const browser = await browserFor(t, 'no-values', {
      lang: 'en',
      prepare: async (world, manifest) => {
        recorder = recordHost(world, manifest);
      },
    });
    // visit() checks that the browser holds every test value: a leak would be caught.
    const popup = await visit(browser, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t: browser.t });
    await screenshot(popup, 'popup-gazette-en.png');

    await assertNoValueReachedHost({ recorder, evaluate: popup.evaluate, shown, table: GAZETTE_HOME });
    const json = await exported(popup, '#export-json');
    assert.equal(JSON.parse(json).classification.cookies.length, GAZETTE_HOME.length, 'the JSON export lists every cookie');
    assert.ok(!leaks(json), 'no test value in the JSON export');
    const csv = await exported(popup, '#export-csv');
    assert.equal(csv.trimEnd().split('\r\n').length, GAZETTE_HOME.length + 1, 'the CSV export has a row per cookie');
    assert.ok(!leaks(csv), 'no test value in the CSV export');
  });
});

describe('Chromium, without the host', () => {
  test('the popup says no-host once the installer removed the manifest, and recovers after a reinstall', async (t) => {
    const browser = await browserFor(t, 'no-host', {
      lang: 'en',
      prepare: async (world) => {
        await installHost(world, { uninstall: true });
        assert.equal(existsSync(world.manifestPath), false, 'the uninstaller removed the manifest');
      },
    });
    const popup = await visit(browser, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await settledPopup(popup.evaluate);
    assert.equal(shown.state, 'no-host', 'popup state');
    assert.equal(shown.noHost.shown, true, 'the no-host explanation is shown');
    assert.match(shown.noHost.detail, /native messaging host not found/i, 'the browser\'s reason');
    assert.equal(shown.rows.length, 0, 'no cookie rows without a host');
    await screenshot(popup, 'popup-no-host-en.png');

    await installHost(browser.world);
    await popup.page.locator('#no-host .retry').click();
    await settledPopup(popup.evaluate, { states: ['ready'], names: namesOf(GAZETTE_HOME) });
    await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t: browser.t });
  });
});
