import assert from 'node:assert/strict';
import test from 'node:test';

import { applyDeclaredLifetimes, declaredKey, parseCookieDate, parseSetCookie, setCookieLines } from '../lib/set-cookie.js';

const NOW_MS = Date.UTC(2026, 10, 28, 12, 0, 0);
const NOW = NOW_MS / 1000;
const DAY = 86400;

test('Set-Cookie lines: one header per cookie (Chrome) or joined by newlines (Firefox)', () => {
  const lines = setCookieLines([
    { name: 'Content-Type', value: 'text/html' },
    { name: 'set-cookie', value: 'a=1; Path=/' },
    { name: 'Set-Cookie', value: 'b=2\nc=3; Secure\n' },
  ]);
  assert.deepEqual(lines, ['a=1; Path=/', 'b=2', 'c=3; Secure']);
  assert.deepEqual(setCookieLines(undefined), []);
});

test('parseSetCookie reads name, domain and declared lifetime, never the value', () => {
  const cases = [
    ['max-age', '_ga=GA1.2.3; Max-Age=63072000; Domain=.Example.com; Path=/', { name: '_ga', domain: '.example.com', expiresAt: NOW + 2 * 365 * DAY }],
    ['expires', 'sid=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT', { name: 'sid', domain: 'www.example.com', expiresAt: Date.UTC(2026, 9, 21, 7, 28) / 1000 }],
    ['max-age wins over expires', 'a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60', { name: 'a', domain: 'www.example.com', expiresAt: NOW + 60 }],
    ['session', 'sessionid=abc; HttpOnly; SameSite=Lax', { name: 'sessionid', domain: 'www.example.com', expiresAt: null }],
    ['domain without dot', 'a=1; domain=example.com', { name: 'a', domain: '.example.com', expiresAt: null }],
    ['invalid max-age is ignored', 'a=1; Max-Age=1e3; Expires=Thu, 01 Jan 2026 00:00:00 GMT', { name: 'a', domain: 'www.example.com', expiresAt: Date.UTC(2026, 0, 1) / 1000 }],
    ['negative max-age deletes', 'a=1; Max-Age=-1', { name: 'a', domain: 'www.example.com', expiresAt: NOW - 1 }],
    ['no "=": empty name', 'lonelyvalue; Path=/', { name: '', domain: 'www.example.com', expiresAt: null }],
    ['value with "="', 'pref=a=b=c; Max-Age=10', { name: 'pref', domain: 'www.example.com', expiresAt: NOW + 10 }],
    ['spaces around', '  id = 42 ;  max-age = 100 ', { name: 'id', domain: 'www.example.com', expiresAt: NOW + 100 }],
  ];
  for (const [name, line, expected] of cases) {
    const parsed = parseSetCookie(line, 'WWW.example.com', NOW_MS);
    assert.deepEqual(parsed, expected, name);
    assert.equal(Object.keys(parsed).includes('value'), false, name);
  }
});

test('cookie dates per RFC 6265 §5.1.1', () => {
  const cases = [
    ['Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)],
    ['Wed, 21-Oct-2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Thu, 07 Jan 30 07:07:07 GMT', Date.UTC(2030, 0, 7, 7, 7, 7)],
    ['7 January 2030 7:7:7', Date.UTC(2030, 0, 7, 7, 7, 7)],
    ['Thu, 31 Feb 2030 00:00:00 GMT', null],
    ['Thu, 01 Jan 1600 00:00:00 GMT', null],
    ['Thu, 01 Jan 2030 24:00:00 GMT', null],
    ['Thu, 01 Jan 2030', null],
    ['tomorrow', null],
  ];
  for (const [text, expected] of cases) assert.equal(parseCookieDate(text), expected, text);
});

test('declared lifetimes longer than the browser granted replace its clamped expiry', () => {
  const clamped = NOW + 400 * DAY;
  const records = [
    { name: '_ga', domain: '.example.com', session: false, expirationDate: clamped },
    { name: 'short', domain: 'www.example.com', session: false, expirationDate: NOW + 30 * DAY },
    { name: 'sid', domain: 'www.example.com', session: true },
    { name: 'unseen', domain: 'www.example.com', session: false, expirationDate: clamped },
  ];
  const declared = new Map([
    [declaredKey('_ga', '.example.com'), NOW + 730 * DAY],
    [declaredKey('short', 'www.example.com'), NOW + 10 * DAY],
    [declaredKey('sid', 'www.example.com'), NOW + 5 * DAY],
  ]);
  const result = applyDeclaredLifetimes(records, declared);
  assert.equal(result[0].expirationDate, NOW + 730 * DAY, 'two years declared, 400 days kept');
  assert.equal(result[1].expirationDate, NOW + 30 * DAY, 'a later browser expiry (cookie refreshed) stays');
  assert.equal(result[2].expirationDate, undefined, 'a session cookie stays a session cookie');
  assert.equal(result[3], records[3]);
  assert.equal(records[0].expirationDate, clamped, 'the records given are not changed');
});
