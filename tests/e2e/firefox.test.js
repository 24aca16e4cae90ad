// The same scenario in headless Firefox ESR: the host registered for
// Firefox by the real installer (in a throw-away HOME), the real extension
// installed as a temporary add-on, Marionette driving the browser
// (support/firefox.js), and the same popup contract and expectations as in
// Chromium (support/popup.js, support/scenario.js).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { HOSTS, PATHS } from './site/pages.js';
import { startSite } from './site/server.js';
import { FIREFOX, launch } from './support/firefox.js';
import {
  assertBrowserHolds, assertCharterLine, assertNoValueReachedHost, assertReport, messages, settledPopup,
} from './support/popup.js';
import { GAZETTE_HOME, GAZETTE_HOME_FINDINGS, TOKEN, namesOf } from './support/scenario.js';
import { EXTENSION_DIR, installHost, makeWorld, recordHost, saveArtifact } from './support/world.js';

const missing = !existsSync(FIREFOX) && `Firefox ESR is not installed at ${FIREFOX} (apt-get install firefox-esr)`;
if (missing) console.log(`\n#### FIREFOX TESTS SKIPPED: ${missing} ####\n`);

// The popup speaks the browser's language: Debian's firefox-esr ships English only.
const t = messages(EXTENSION_DIR, 'en');

let site;
before(async () => {
  if (!missing) site = await startSite({ token: TOKEN });
});
after(async () => {
  await site?.close();
});

/** One test's Firefox: a fresh world, the host installed for Firefox, the add-on installed; closed and removed at the end. */
async function firefoxFor(testContext, name, { prepare = async () => {} } = {}) {
  const world = makeWorld(name, 'firefox');
  let firefox = null;
  testContext.after(async () => {
    await firefox?.close();
    world.dispose();
  });
  const manifest = await installHost(world);
  await prepare(world, manifest);
  firefox = await launch(world);
  return { world, firefox };
}

/** Loads `url`, opens its tab's popup, and checks that the browser stored the cookies `table` expects. */
async function visit(firefox, url, table) {
  const popup = await firefox.openPopup(await firefox.visit(url));
  await assertBrowserHolds(popup.evaluate, table);
  return popup;
}

describe('Firefox ESR', { skip: missing }, () => {
  test('every cookie of the French publisher gets its label, basis and findings, from the charter found on the site', async (tc) => {
    const { firefox } = await firefoxFor(tc, 'firefox-gazette');
    const popup = await visit(firefox, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t });
    assertCharterLine(shown, { url: site.url(HOSTS.gazette, PATHS.gazetteCharter), format: 'HTML', origin: 'originDiscovered', t });
    assert.equal(shown.lang, 'en', 'the popup speaks English');
    saveArtifact('popup-gazette-firefox-en.png', await popup.screenshot());
  });

  test('no value in the frames the host received, its log, the extension\'s storage or the popup', async (tc) => {
    let recorder;
    const { firefox } = await firefoxFor(tc, 'firefox-no-values', {
      prepare: async (world, manifest) => {
        recorder = recordHost(world, manifest);
      },
    });
    const popup = await visit(firefox, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t });

    await assertNoValueReachedHost({ recorder, evaluate: popup.evaluate, shown, table: GAZETTE_HOME });
  });

  test('the popup says no-host once the installer removed the manifest, and recovers after a reinstall', async (tc) => {
    const { world, firefox } = await firefoxFor(tc, 'firefox-no-host', {
      prepare: async (world) => {
        await installHost(world, { uninstall: true });
        assert.equal(existsSync(world.manifestPath), false, 'the uninstaller removed the manifest');
      },
    });
    const popup = await visit(firefox, site.url(HOSTS.gazette), GAZETTE_HOME);
    const shown = await settledPopup(popup.evaluate);
    assert.equal(shown.state, 'no-host', 'popup state');
    assert.equal(shown.noHost.shown, true, 'the no-host explanation is shown');
    assert.match(shown.noHost.detail, /no such native application/i, 'the browser\'s reason');
    assert.equal(shown.rows.length, 0, 'no cookie rows without a host');
    saveArtifact('popup-no-host-firefox-en.png', await popup.screenshot());

    await installHost(world);
    await popup.click('#no-host .retry');
    await settledPopup(popup.evaluate, { states: ['ready'], names: namesOf(GAZETTE_HOME) });
    await assertReport(popup.evaluate, { table: GAZETTE_HOME, findings: GAZETTE_HOME_FINDINGS, t });
  });
});
