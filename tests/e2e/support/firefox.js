// Firefox ESR, driven over Marionette (support/marionette.js): Debian's
// binary, headless, the extension installed as a temporary add-on, the
// host's manifest in the world's HOME (`~/.mozilla/native-messaging-hosts/`).
// The recipe's Firefox notes (../shared/browser-e2e.md) hold: WebDriver
// refuses to navigate to `moz-extension://`, so the popup is opened from the
// chrome context, which needs `-remote-allow-system-access`.

import { spawn } from 'node:child_process';
import { readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { connect } from './marionette.js';
import { TIMEOUT_MS } from './popup.js';
import { EXTENSION_DIR } from './world.js';

export const FIREFOX = process.env.FIREFOX ?? '/usr/lib/firefox-esr/firefox-esr';
export const GECKO_ID = 'cookie-charter@cookie-charter.org';
/** The add-on's `moz-extension://` host, fixed by a pref (Firefox draws one per profile otherwise). */
export const MOZ_UUID = '6f1c2f0e-6d55-4c59-9c1e-2b5f0d7f3a11';

const PREFS = {
  'marionette.port': 0, // any free port, written to <profile>/MarionetteActivePort
  'network.dns.forceResolve': '127.0.0.1', // every host of the test site is on this machine
  'network.cookie.cookieBehavior': 0, // Firefox's default (5) partitions every third-party cookie
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: MOZ_UUID }),
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'network.proxy.type': 0,
};

/** The port Marionette listens on, once Firefox has written it to the profile; else null. */
function activePort(profile) {
  try {
    const port = Number.parseInt(readFileSync(join(profile, 'MarionetteActivePort'), 'utf8'), 10);
    return port > 0 ? port : null;
  } catch {
    return null;
  }
}

/** Resolves with Marionette's port, woken by the profile folder's change events. */
function marionettePort(profile, timeoutMs) {
  return new Promise((resolve, reject) => {
    const watcher = watch(profile, () => check());
    const timer = setTimeout(() => done(new Error(`Marionette did not start within ${timeoutMs} ms`)), timeoutMs);
    function check() {
      const port = activePort(profile);
      if (port) done(null, port);
    }
    function done(error, port) {
      watcher.close();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(port);
    }
    check();
  });
}

/**
 * Starts Firefox in the world's profile and HOME, opens a Marionette session
 * that accepts the test site's certificate, and installs the extension.
 */
export async function launch(world) {
  writeFileSync(join(world.profile, 'user.js'), Object.entries(PREFS)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`).join('\n') + '\n');
  const firefox = spawn(FIREFOX, ['-headless', '-marionette', '-remote-allow-system-access', '-no-remote', '-profile', world.profile], {
    env: { ...process.env, HOME: world.home, MOZ_HEADLESS: '1', LANG: 'en_US.UTF-8', LANGUAGE: 'en' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => firefox.once('exit', resolve));
  let marionette = null;
  // Quits over Marionette; a Firefox that has not exited 10 s later is killed by its pid.
  const close = async () => {
    if (firefox.exitCode !== null || firefox.signalCode !== null) return;
    const timer = setTimeout(() => firefox.kill('SIGKILL'), 10_000);
    marionette?.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => {});
    await exited;
    clearTimeout(timer);
    marionette?.close();
  };
  try {
    const port = await Promise.race([
      marionettePort(world.profile, TIMEOUT_MS),
      exited.then((code) => { throw new Error(`Firefox exited (${code}) before Marionette listened`); }),
    ]);
    marionette = await connect(port);
    // Marionette reads capabilities from the top level of the parameters.
    await marionette.send('WebDriver:NewSession', { acceptInsecureCerts: true });
    await marionette.send('WebDriver:SetTimeouts', { script: 2 * TIMEOUT_MS, pageLoad: TIMEOUT_MS });
    await marionette.send('WebDriver:SetWindowRect', { width: 480, height: 800 });
    await marionette.send('Addon:Install', { path: EXTENSION_DIR, temporary: true });
  } catch (error) {
    await close();
    throw error;
  }
  return new Firefox(marionette, close);
}

class Firefox {
  #marionette;
  close;

  constructor(marionette, close) {
    this.#marionette = marionette;
    this.close = close;
  }

  #send(name, params) {
    return this.#marionette.send(name, params);
  }

  /** Runs a privileged script in the browser's own window (`async`: it calls its last argument with the result). */
  async #inChrome(script, args = [], { async = false } = {}) {
    await this.#send('Marionette:SetContext', { value: 'chrome' });
    try {
      return (await this.#send(async ? 'WebDriver:ExecuteAsyncScript' : 'WebDriver:ExecuteScript', { script, args })).value;
    } finally {
      await this.#send('Marionette:SetContext', { value: 'content' });
    }
  }

  /** Loads `url` in the current tab (Navigate returns after `load`) and returns the add-on's id for that tab. */
  async visit(url) {
    await this.#send('WebDriver:Navigate', { url });
    return this.#inChrome(`
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const window = Services.wm.getMostRecentWindow('navigator:browser');
      return ExtensionParent.apiManager.global.tabTracker.getId(window.gBrowser.selectedTab);`);
  }

  /**
   * Opens the popup of a tab in a new tab, from the chrome context, waits
   * until its document has loaded (the tab's web progress stops on it), and
   * switches to it.
   */
  async openPopup(tabId) {
    const before = await this.#handles();
    await this.#inChrome(`
      const [url, resolve] = arguments;
      const window = Services.wm.getMostRecentWindow('navigator:browser');
      const tab = window.gBrowser.addTab(url, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      const browser = tab.linkedBrowser;
      const listener = {
        QueryInterface: ChromeUtils.generateQI(['nsIWebProgressListener', 'nsISupportsWeakReference']),
        onStateChange(webProgress, request, flags) {
          const stopped = flags & Ci.nsIWebProgressListener.STATE_STOP && flags & Ci.nsIWebProgressListener.STATE_IS_WINDOW;
          if (webProgress.isTopLevel && stopped && browser.currentURI.spec === url) {
            browser.removeProgressListener(listener);
            resolve(true);
          }
        },
      };
      browser.addProgressListener(listener, Ci.nsIWebProgress.NOTIFY_STATE_WINDOW);
      window.gBrowser.selectedTab = tab;`, [`moz-extension://${MOZ_UUID}/popup/popup.html?tab=${tabId}`], { async: true });
    const after = await this.#handles();
    const handle = after.find((candidate) => !before.includes(candidate));
    await this.#send('WebDriver:SwitchToWindow', { handle });
    return {
      evaluate: (fn, arg) => this.#evaluate(fn, arg),
      click: (selector) => this.#evaluate((css) => document.querySelector(css).click(), selector),
      screenshot: async () => Buffer.from((await this.#send('WebDriver:TakeScreenshot', { full: true, hash: false })).value, 'base64'),
    };
  }

  async #handles() {
    const answer = await this.#send('WebDriver:GetWindowHandles');
    return Array.isArray(answer) ? answer : answer.value;
  }

  /** Runs `fn(arg)` in the current page and resolves with its awaited result. */
  async #evaluate(fn, arg) {
    const script = `const [arg, resolve] = arguments;
      Promise.resolve().then(() => (${fn})(arg)).then(
        (value) => resolve({ value }),
        (error) => resolve({ error: error instanceof Error ? error.message + ' ' + error.stack : String(error) }));`;
    const { value } = await this.#send('WebDriver:ExecuteAsyncScript', { script, args: [arg ?? null] });
    if (value.error) throw new Error(`in the page: ${value.error}`);
    return value.value;
  }
}
