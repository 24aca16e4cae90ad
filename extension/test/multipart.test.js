import assert from 'node:assert/strict';
import test from 'node:test';

import { PartCollector, PartError, reassemble } from '../lib/multipart.js';

const cookie = (name) => ({ name, domain: '.example.com', label: 'necessary', findings: [] });

/** A classification answer split in three, as PROTOCOL.md describes: only part 1 carries the other fields. */
function threeParts(id = 7) {
  return [
    {
      type: 'classification', id, part: 1, parts: 3,
      site: { url: 'https://www.example.com/', registrableDomain: 'example.com' },
      cookies: [cookie('a'), cookie('b')],
      summary: { counts: { necessary: 5 }, undeclared: [], declaredNotSeen: [], findings: [] },
      charter: { url: 'https://www.example.com/cookies', format: 'html', entries: [{ name: 'a' }], warnings: ['w1'] },
    },
    { type: 'classification', id, part: 2, parts: 3, cookies: [cookie('c')], charter: { entries: [{ name: 'b' }], warnings: [] } },
    { type: 'classification', id, part: 3, parts: 3, cookies: [cookie('d'), cookie('e')], charter: { entries: [], warnings: ['w2'] } },
  ];
}

const names = (answer) => answer.cookies.map((c) => c.name).join('');

test('a single-frame answer is returned as it came', () => {
  const frame = { type: 'hello', id: 1, version: '0.1.0', protocol: 1 };
  assert.deepEqual(new PartCollector().add(frame), frame);
});

test('parts in order: split arrays concatenated, other fields from part 1, part markers gone', () => {
  const collector = new PartCollector();
  const [p1, p2, p3] = threeParts();
  assert.equal(collector.add(p1), null);
  assert.equal(collector.add(p2), null);
  const answer = collector.add(p3);
  assert.equal(names(answer), 'abcde');
  assert.deepEqual(answer.charter.entries.map((e) => e.name), ['a', 'b']);
  assert.deepEqual(answer.charter.warnings, ['w1', 'w2']);
  assert.equal(answer.charter.url, 'https://www.example.com/cookies');
  assert.equal(answer.summary.counts.necessary, 5);
  assert.equal(answer.site.registrableDomain, 'example.com');
  assert.equal('part' in answer || 'parts' in answer, false);
});

test('parts out of order are rebuilt in part order', () => {
  for (const order of [[2, 0, 1], [2, 1, 0], [1, 2, 0]]) {
    const parts = threeParts();
    const collector = new PartCollector();
    const results = order.map((i) => collector.add(parts[i]));
    assert.deepEqual(results.slice(0, 2), [null, null], `order ${order}`);
    assert.equal(names(results[2]), 'abcde', `order ${order}`);
  }
});

test('a charter answer splits entries and warnings', () => {
  const answer = reassemble('charter', [
    { type: 'charter', id: 3, part: 1, parts: 2, entries: [{ name: 'x' }], warnings: [] },
    { type: 'charter', id: 3, part: 2, parts: 2, entries: [{ name: 'y' }], warnings: ['late'] },
  ]);
  assert.deepEqual(answer, { type: 'charter', id: 3, entries: [{ name: 'x' }, { name: 'y' }], warnings: ['late'] });
});

test('the frames given are not modified', () => {
  const parts = threeParts();
  const copy = structuredClone(parts);
  reassemble('classification', parts);
  assert.deepEqual(parts, copy);
});

test('inconsistent parts are refused', () => {
  const cases = [
    ['part number out of range', [{ type: 'classification', id: 1, part: 4, parts: 3 }]],
    ['part zero', [{ type: 'classification', id: 1, part: 0, parts: 3 }]],
    ['parts not an integer', [{ type: 'classification', id: 1, part: 1, parts: '3' }]],
    ['the count changes', [{ type: 'classification', id: 1, part: 1, parts: 3 }, { type: 'classification', id: 1, part: 2, parts: 4 }]],
    ['the type changes', [{ type: 'classification', id: 1, part: 1, parts: 2 }, { type: 'charter', id: 1, part: 2, parts: 2 }]],
    ['a part twice', [{ type: 'classification', id: 1, part: 1, parts: 3 }, { type: 'classification', id: 1, part: 1, parts: 3 }]],
    ['a whole answer among parts', [{ type: 'classification', id: 1, part: 1, parts: 2 }, { type: 'classification', id: 1 }]],
    ['a split field that is not an array', [{ type: 'charter', id: 1, part: 1, parts: 2, entries: {} }, { type: 'charter', id: 1, part: 2, parts: 2 }]],
    ['a type that is never split', [{ type: 'hello', id: 1, part: 1, parts: 1 }]],
  ];
  for (const [name, frames] of cases) {
    const collector = new PartCollector();
    assert.throws(() => frames.forEach((frame) => collector.add(frame)), PartError, name);
  }
});
