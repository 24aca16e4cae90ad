import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { translator } from '../lib/i18n.js';
import { renderReport } from '../popup/render.js';
import { report } from '../test-support/classification.js';
import { createFakeI18n } from '../test-support/fake-chrome.js';
import { createFakeDocument } from '../test-support/fake-dom.js';

// What websites control: cookie names and domains, the charter's words and
// its address, and the host's messages quoting them. Each must reach the
// popup as text, never as markup.
const SCRIPT = '<script>alert("charter")</script>';
const IMAGE = '<img src=x onerror=alert(1)>';
const CLOSE = '</li></ul><iframe src="https://evil.test/"></iframe>';

function hostileReport() {
  const hostile = report();
  const [sessionid, ga, uid, other] = hostile.classification.cookies;
  sessionid.name = SCRIPT;
  sessionid.declared.section = `${SCRIPT} Cookies nécessaires`;
  sessionid.declared.purpose_text = IMAGE;
  ga.known.service = `<b onmouseover=alert(2)>Analytics</b>`;
  uid.domain = `${CLOSE}.tracker.test`;
  other.label = `<svg onload=alert(3)>`;
  other.findings = ['undeclared', '<marquee>new_finding</marquee>'];
  hostile.classification.summary.undeclared = [SCRIPT, IMAGE];
  hostile.classification.summary.declaredNotSeen = [CLOSE];
  hostile.charter = { ...hostile.charter, url: 'javascript:alert(document.cookie)', format: `<i>${SCRIPT}</i>`, origin: IMAGE };
  hostile.charterProblem = `not a valid tcf charter: ${SCRIPT}`;
  hostile.host.version = IMAGE;
  return hostile;
}

const BUILT_TAGS = new Set(['DIV', 'LI', 'UL', 'SPAN', 'P', 'CODE', 'DETAILS', 'SUMMARY', 'A']);

test('a charter and cookie names full of markup and <script> are rendered as inert text', () => {
  const document = createFakeDocument();
  globalThis.document = document;
  try {
    renderReport(hostileReport(), translator(createFakeI18n('en')));
  } finally {
    delete globalThis.document;
  }
  const elements = document.roots.flatMap((root) => [...root.walk()]);
  assert.ok(elements.length > 30, `the report was rendered (${elements.length} elements)`);
  for (const element of elements) {
    assert.ok(BUILT_TAGS.has(element.tagName), `no <${element.localName}> is ever made from a page's words`);
    for (const name of element.attributes.keys()) assert.ok(!name.startsWith('on'), `no ${name} attribute`);
  }
  for (const link of elements.filter((element) => element.tagName === 'A')) {
    assert.match(link.href, /^https?:/, 'only web addresses become links');
  }
  const text = document.roots.map((root) => root.textContent).join('\n');
  for (const words of [SCRIPT, IMAGE, CLOSE, 'javascript:alert(document.cookie)']) {
    assert.ok(text.includes(words), `shown as text: ${words}`);
  }
  const rows = elements.filter((element) => element.dataset.cookieName !== undefined);
  assert.deepEqual(rows.map((row) => row.dataset.cookieName).sort(), hostileReport().classification.cookies.map((c) => c.name).sort());
  assert.ok(rows.some((row) => row.dataset.cookieDomain === `${CLOSE}.tracker.test`));
});

test('the fake document refuses every HTML sink, so the test above would see one', () => {
  const document = createFakeDocument();
  const element = document.createElement('p');
  assert.throws(() => { element.innerHTML = SCRIPT; }, /parses markup/);
  assert.throws(() => element.insertAdjacentHTML('beforeend', SCRIPT), /parses markup/);
  assert.throws(() => document.write(SCRIPT), /parses markup/);
});

const root = fileURLToPath(new URL('..', import.meta.url));

/** The extension's own files: everything but its tests and their support. */
function shippedFiles(folder = root) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return ['test', 'test-support', 'node_modules'].includes(name) ? [] : shippedFiles(path);
    return /\.(js|html)$/.test(name) ? [path] : [];
  });
}

/** Ways to turn a string into markup or code. */
const SINKS = [
  ['innerHTML', /\.innerHTML\b/],
  ['outerHTML', /\.outerHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\.write(ln)?\b/],
  ['eval', /(^|[^.\w])eval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['a string as a timer', /\bset(Timeout|Interval)\(\s*['"`]/],
  ['srcdoc', /\bsrcdoc\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
];

test('no code of the extension turns a string into markup or code', () => {
  const files = shippedFiles();
  assert.ok(files.length > 20, `found the extension's files (${files.length})`);
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      // Comments may name the sinks they avoid.
      const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
      for (const [name, pattern] of SINKS) {
        assert.ok(!pattern.test(code), `${relative(root, file)}:${index + 1} uses ${name}: ${line.trim()}`);
      }
    });
    if (file.endsWith('.html')) {
      const html = lines.join('\n');
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${relative(root, file)} has an inline script`);
      assert.ok(!/\son[a-z]+\s*=/i.test(html), `${relative(root, file)} has an inline event handler`);
    }
  }
});

test('the manifest keeps the browsers\' default content security policy', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  assert.equal(manifest.content_security_policy, undefined, 'no custom CSP: MV3\'s default forbids eval and remote code');
  assert.equal(manifest.externally_connectable, undefined, 'no web page may message the extension');
  assert.equal(manifest.web_accessible_resources, undefined, 'no page may load the extension\'s files');
});
