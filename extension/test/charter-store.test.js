import assert from 'node:assert/strict';
import test from 'node:test';

import { CharterOrigin, createCharterStore, normalizeSite } from '../lib/charter-store.js';
import { createStorageArea } from '../test-support/fake-chrome.js';

test('normalizeSite accepts what a person types', () => {
  const cases = [
    ['example.com', 'example.com'],
    [' https://www.Example.com/cookies?x=1 ', 'www.example.com'],
    ['.example.com', 'example.com'],
    ['example.com.', 'example.com'],
    ['', null],
    ['http://', null],
    ['not a site', null],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeSite(input), expected, JSON.stringify(input));
});

test('find, put, list and forget', async () => {
  const area = createStorageArea();
  const store = createCharterStore(area);
  const entry = { origin: CharterOrigin.DISCOVERED, url: 'https://data.nantesmetropole.fr/pages/cookies/', format: 'html', content: '<h1>Charte</h1>', savedAt: 1 };
  await store.put('nantesmetropole.fr', entry);
  await store.put('data.nantesmetropole.fr', { origin: CharterOrigin.USER_TEXT, url: null, format: 'text', content: 'abc', savedAt: 2 });
  await area.set({ unrelated: 1 });

  assert.equal((await store.find('data.nantesmetropole.fr')).origin, CharterOrigin.USER_TEXT, 'the most specific key wins');
  assert.deepEqual(await store.find('www.nantesmetropole.fr'), { ...entry, site: 'nantesmetropole.fr' });
  assert.equal(await store.find('example.com'), null);

  assert.deepEqual(await store.list(), [
    { site: 'data.nantesmetropole.fr', origin: 'user-text', url: null, format: 'text', savedAt: 2, size: 3 },
    { site: 'nantesmetropole.fr', origin: 'discovered', url: entry.url, format: 'html', savedAt: 1, size: 15 },
  ]);
  await store.forget('data.nantesmetropole.fr');
  assert.equal((await store.find('data.nantesmetropole.fr')).site, 'nantesmetropole.fr');
});
