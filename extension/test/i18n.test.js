import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { REASON_MESSAGES } from '../lib/replies.js';
import { FINDING_MESSAGES, LABEL_MESSAGES, ORIGIN_MESSAGES, PURPOSE_MESSAGES, SITE_FINDING_MESSAGES } from '../lib/report-view.js';
import { readCatalogue } from '../test-support/fake-chrome.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCALES = readdirSync(join(ROOT, '_locales'));

/** The extension's own files: what ships (tests and their helpers excluded). */
function sources(extension) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !['test', 'test-support', 'node_modules', '_locales'].includes(entry.name)) walk(path);
      else if (entry.isFile() && entry.name.endsWith(extension)) found.push(path);
    }
  };
  walk(ROOT);
  return found;
}

/** Every message key the extension uses, with the file it is used in. */
function usedKeys() {
  const used = new Map();
  const use = (key, file) => used.set(key, [...(used.get(key) ?? []), relative(ROOT, file)]);
  for (const file of sources('.js')) {
    for (const [, key] of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) use(key, file);
  }
  for (const file of sources('.html')) {
    for (const [, key] of readFileSync(file, 'utf8').matchAll(/\bdata-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) use(key, file);
  }
  const manifest = join(ROOT, 'manifest.json');
  for (const [, key] of readFileSync(manifest, 'utf8').matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) use(key, manifest);
  const tables = { REASON_MESSAGES, FINDING_MESSAGES, LABEL_MESSAGES, ORIGIN_MESSAGES, PURPOSE_MESSAGES, SITE_FINDING_MESSAGES };
  for (const [name, table] of Object.entries(tables)) for (const key of Object.values(table)) use(key, name);
  return used;
}

const substitutions = (message) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort().join(' ');

test('the locales are English and French, English by default', () => {
  assert.deepEqual(LOCALES.sort(), ['en', 'fr']);
  assert.equal(JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')).default_locale, 'en');
});

test('every catalogue has the same keys, each with a message and the same substitutions', () => {
  const en = readCatalogue('en');
  for (const locale of LOCALES) {
    const catalogue = readCatalogue(locale);
    assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(en).sort(), `${locale} keys`);
    for (const [key, { message }] of Object.entries(catalogue)) {
      assert.ok(typeof message === 'string' && message.trim(), `${locale}/${key} has a message`);
      assert.equal(substitutions(message), substitutions(en[key].message), `${locale}/${key} substitutions`);
    }
  }
});

test('every key used in the code, the pages and the manifest exists', () => {
  const en = readCatalogue('en');
  const missing = [...usedKeys()].filter(([key]) => !Object.hasOwn(en, key)).map(([key, files]) => `${key} (${files.join(', ')})`);
  assert.deepEqual(missing, []);
});

test('every key of the catalogues is used', () => {
  const used = usedKeys();
  assert.deepEqual(Object.keys(readCatalogue('en')).filter((key) => !used.has(key)), []);
});

test('messages are only looked up with literal keys or through the tables above', () => {
  const dynamic = [];
  for (const file of sources('.js')) {
    for (const [call] of readFileSync(file, 'utf8').matchAll(/\bt\(\s*(?!')[^)]*/g)) {
      if (!/^t\(\s*(?:messages|[A-Z_]+_MESSAGES)\[|^t\(\s*element\.getAttribute\(marker$/.test(call)) dynamic.push(`${relative(ROOT, file)}: ${call}`);
    }
  }
  assert.deepEqual(dynamic, []);
});
