// A test's world, whatever the browser: a throw-away HOME (the real one is
// never touched) and browser profile under one temporary folder, the host
// registered there by the real `scripts/install.sh`, and, for the test that
// needs it, a recorder of everything the browser sends to the host.

import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXTENSION_DIR = join(REPO, 'extension');
export const HOST_NAME = 'org.cookie_charter.host';
export const ARTIFACTS = join(REPO, 'tests/e2e/artifacts');

const run = promisify(execFile);

/**
 * @param {string} name names the temporary folder, for a person looking at a leftover
 * @param {'chromium'|'firefox'} browser
 */
export function makeWorld(name, browser) {
  const root = mkdtempSync(join(tmpdir(), `cookie-charter-e2e-${name}-`));
  const home = join(root, 'home');
  const profile = join(root, 'profile');
  mkdirSync(home);
  mkdirSync(profile);
  // Where each browser reads the host's manifest: Chromium started with
  // --user-data-dir reads only <dir>/NativeMessagingHosts/; Firefox reads ~/.mozilla/.
  const manifestDir = browser === 'chromium' ? join(profile, 'NativeMessagingHosts') : join(home, '.mozilla/native-messaging-hosts');
  return {
    browser,
    root,
    home,
    profile,
    manifestPath: join(manifestDir, `${HOST_NAME}.json`),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Runs the real `scripts/install.sh` (a release build, then `cookie-charter
 * install`, or `uninstall`) for the world's browser, in the world's HOME.
 * Cargo and rustup keep their own homes. Returns the manifest written.
 */
export async function installHost(world, { uninstall = false } = {}) {
  const realHome = homedir();
  const env = {
    ...process.env,
    RUSTUP_HOME: process.env.RUSTUP_HOME ?? join(realHome, '.rustup'),
    CARGO_HOME: process.env.CARGO_HOME ?? join(realHome, '.cargo'),
    HOME: world.home,
    XDG_DATA_HOME: join(world.home, '.local/share'),
    XDG_CONFIG_HOME: join(world.home, '.config'),
  };
  const target = world.browser === 'chromium' ? ['--browser', 'chromium', '--chromium-profile', world.profile] : ['--browser', 'firefox'];
  await run(join(REPO, 'scripts/install.sh'), [...target, ...(uninstall ? ['--uninstall'] : [])], { env, maxBuffer: 16 << 20 });
  return uninstall ? null : JSON.parse(readFileSync(world.manifestPath, 'utf8'));
}

/**
 * Points the installed manifest at a recorder: a shell script that appends
 * every byte the browser sends to `frames.bin`, and the host's stderr (with
 * debug logging) to `host.log`, then runs the installed host unchanged.
 */
export function recordHost(world, manifest) {
  const dir = join(world.root, 'recorder');
  mkdirSync(dir);
  const paths = { frames: join(dir, 'frames.bin'), log: join(dir, 'host.log'), script: join(dir, 'recording-host.sh') };
  const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
  writeFileSync(paths.script, [
    '#!/bin/sh',
    '# Test only: records what the browser sends to the host, then runs the host.',
    `exec 2>>${quote(paths.log)}`,
    `tee -a ${quote(paths.frames)} | COOKIE_CHARTER_LOG=debug ${quote(manifest.path)} "$@"`,
    '',
  ].join('\n'));
  chmodSync(paths.script, 0o755);
  writeFileSync(world.manifestPath, JSON.stringify({ ...manifest, path: paths.script }, null, 2));
  return paths;
}

/** Splits recorded native-messaging input into its JSON frames (u32 length in native byte order, then UTF-8). */
export function readFrames(bytes) {
  const frames = [];
  for (let at = 0; at + 4 <= bytes.length;) {
    const length = endianness() === 'LE' ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
    frames.push(JSON.parse(bytes.subarray(at + 4, at + 4 + length).toString('utf8')));
    at += 4 + length;
  }
  return frames;
}

/** Saves a PNG under tests/e2e/artifacts/ and returns its path. */
export function saveArtifact(name, png) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  writeFileSync(path, png);
  return path;
}
