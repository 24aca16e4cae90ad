import assert from 'node:assert/strict';
import test from 'node:test';

import { attentionCount } from '../lib/badge.js';
import { translator } from '../lib/i18n.js';
import { describeBasis, describeFinding, describeLifetime, groupByLabel, labelName, siteFindings } from '../lib/report-view.js';
import { HOSTILE_NAME, classification } from '../test-support/classification.js';
import { createFakeI18n } from '../test-support/fake-chrome.js';

const en = translator(createFakeI18n('en'));
const fr = translator(createFakeI18n('fr'));

test('groupByLabel: the four labels in order, empty ones left out, rows sorted by name then domain', () => {
  const cookies = [
    { name: 'z', domain: 'b.test', label: 'third-party' },
    { name: 'a', domain: 'b.test', label: 'third-party' },
    { name: 'a', domain: 'a.test', label: 'third-party' },
    { name: 'sid', domain: 'a.test', label: 'necessary' },
    { name: 'x', domain: 'a.test', label: 'something-new' },
  ];
  const groups = groupByLabel(cookies);
  assert.deepEqual(groups.map((g) => g.label), ['necessary', 'third-party', 'something-new']);
  assert.deepEqual(groups[1].cookies.map((c) => `${c.name}@${c.domain}`), ['a@a.test', 'a@b.test', 'z@b.test']);
  assert.deepEqual(groupByLabel([]), []);
});

test('siteFindings: what to look at first, with the names concerned', () => {
  assert.deepEqual(siteFindings(classification()), [
    { code: 'undeclared', names: ['_ga', 'uid', HOSTILE_NAME] },
    { code: 'consent_required_statistics', names: ['_ga'] },
    { code: 'declared_not_seen', names: ['csrftoken', 'django_language'] },
  ]);
  const none = { cookies: [{ name: 'a', findings: ['no_charter'] }], summary: { counts: {}, undeclared: [], declaredNotSeen: [], findings: ['no_charter'] } };
  assert.deepEqual(siteFindings(none), [{ code: 'no_charter', names: [] }]);
});

test('the basis in words, in English and French', () => {
  const [sessionid, ga, uid] = classification().cookies;
  assert.equal(describeBasis(sessionid, en), 'declared in the charter under «Cookies nécessaires au bon fonctionnement de la plateforme…»');
  assert.equal(describeBasis(sessionid, fr), 'déclaré dans la charte sous « Cookies nécessaires au bon fonctionnement de la plateforme… »');
  assert.equal(describeBasis(ga, en), 'known Google Analytics cookie');
  assert.equal(describeBasis(uid, en), 'no declaration: third-party');
  assert.equal(describeBasis({ ...uid, party: 'first' }, fr), 'aucune déclaration : interne');
  assert.equal(describeBasis({ basis: 'charter', purpose: 'statistics', declared: { section: null } }, en), 'declared in the charter as statistics');
});

test('lifetimes in words, with the 400-day clamp said', () => {
  const cases = [
    [undefined, 'session'],
    [0.2, 'less than a day'],
    [1.2, '1 day'],
    [30, '30 days'],
    [395, '13 months'],
    [730, '24 months (asked for; browsers keep a cookie 400 days at most)'],
  ];
  for (const [lifetimeDays, expected] of cases) assert.equal(describeLifetime({ lifetimeDays }, en), expected, String(lifetimeDays));
  assert.equal(describeLifetime({ lifetimeDays: 395 }, fr), '13 mois');
});

test('labels and findings in words; an unknown code is shown as is', () => {
  assert.equal(labelName('first-party', fr), 'Internes');
  assert.equal(describeFinding('statistics_not_exempt', en).startsWith('Needs your consent'), true);
  assert.equal(describeFinding('a_future_code', en), 'a_future_code');
});

test('the badge counts cookies undeclared or needing consent, once each', () => {
  assert.equal(attentionCount(classification()), 3);
  assert.equal(attentionCount({ cookies: [] }), 0);
});
