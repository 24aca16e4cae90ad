// Chromium, driven by playwright-core, as ../shared/browser-e2e.md
// describes: Debian's binary, the unpacked extension, its service worker,
// and the popup of a tab opened in a page of its own.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { EXTENSION_ID, TIMEOUT_MS } from './popup.js';
import { EXTENSION_DIR } from './world.js';

/** Debian's real binary, not the /usr/bin/chromium wrapper script. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/lib/chromium/chromium';

/**
 * Chromium with the unpacked extension, in the world's profile, speaking
 * `lang` (`fr` or `en`). Resolves once the extension's service worker runs:
 * pages loaded before it would be missed by its listeners.
 */
export async function launch(world, { lang = 'en' } = {}) {
  // Without this pref Chromium 156 blocks every unpartitioned third-party cookie; no flag undoes it.
  mkdirSync(join(world.profile, 'Default'), { recursive: true });
  writeFileSync(join(world.profile, 'Default/Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const context = await chromium.launchPersistentContext(world.profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 480, height: 800 },
    // Chromium on Linux takes its UI and extension language from the environment.
    env: { ...process.env, HOME: world.home, LANGUAGE: lang, LANG: lang === 'fr' ? 'fr_FR.UTF-8' : 'en_US.UTF-8' },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--lang=${lang}`,
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--disable-gpu',
      '--no-proxy-server',
      '--host-resolver-rules=MAP *.test 127.0.0.1',
      '--ignore-certificate-errors',
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: TIMEOUT_MS }));
    // The worker shows up before its module has run. Until background.js has
    // added its listeners, Chromium knows of none for a newly installed
    // extension and drops the page's webRequest events: its third-party hosts
    // would never be seen. Nothing signals the end of the module's
    // evaluation, so this polls for its listeners, inside the worker.
    await worker.evaluate(async (timeoutMs) => {
      const listening = () => [chrome.webRequest.onHeadersReceived, chrome.tabs.onUpdated, chrome.cookies.onChanged, chrome.runtime.onMessage]
        .every((event) => event.hasListeners());
      for (const end = Date.now() + timeoutMs; !listening(); await new Promise((resolve) => setTimeout(resolve, 10))) {
        if (Date.now() > end) throw new Error(`the extension's background added no listeners within ${timeoutMs} ms`);
      }
    }, TIMEOUT_MS);
    return { context, worker };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** The browser's id of the tab showing `page`, asked of the extension's service worker. */
export async function tabIdOf(worker, page) {
  const id = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id, page.url());
  if (id === undefined) throw new Error(`no tab shows ${page.url()}`);
  return id;
}

/**
 * Opens the popup of a tab in a page of its own, through the popup contract's
 * deep link (`popup.html?tab=<id>`, which forwards to `popup/popup.html`).
 */
export async function openPopup(context, tabId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
  await page.waitForURL(`chrome-extension://${EXTENSION_ID}/popup/popup.html?tab=${tabId}`);
  return { page, evaluate: (fn, arg) => page.evaluate(fn, arg) };
}
