import assert from 'node:assert/strict';
import test from 'node:test';

import { domainMatches, parentDomains } from '../lib/domains.js';

test('domainMatches follows RFC 6265 §5.1.3', () => {
  const cases = [
    ['.example.com', 'example.com', true],
    ['.example.com', 'www.example.com', true],
    ['example.com', 'WWW.Example.com', true],
    ['www.example.com', 'example.com', false],
    ['.example.com', 'badexample.com', false],
    ['.com', 'example.com', true],
  ];
  for (const [domain, host, expected] of cases) assert.equal(domainMatches(domain, host), expected, `${domain} vs ${host}`);
});

test('parentDomains walks from the host to two labels', () => {
  const cases = [
    ['www.shop.example.co.uk', ['www.shop.example.co.uk', 'shop.example.co.uk', 'example.co.uk', 'co.uk']],
    ['Data.NantesMetropole.fr.', ['data.nantesmetropole.fr', 'nantesmetropole.fr']],
    ['example.com', ['example.com']],
    ['localhost', ['localhost']],
    ['192.168.0.1', ['192.168.0.1']],
    ['[::1]', ['[::1]']],
  ];
  for (const [host, expected] of cases) assert.deepEqual(parentDomains(host), expected, host);
});
