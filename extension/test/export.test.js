import assert from 'node:assert/strict';
import test from 'node:test';

import { CSV_COLUMNS, csvField, exportFileName, reportToCsv, reportToJson } from '../lib/export.js';
import { HOSTILE_NAME, report } from '../test-support/classification.js';

test('CSV fields: RFC 4180 quoting and formula neutralization', () => {
  const cases = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['=1+1', "'=1+1"],
    ['+33', "'+33"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
    [12.5, '12.5'],
  ];
  for (const [value, expected] of cases) assert.equal(csvField(value), expected, JSON.stringify(value));
});

/** Splits RFC 4180 CSV back into rows, to check the export reads back as written. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  return rows;
}

test('the CSV has a header and one row per cookie, and reads back', () => {
  const csv = reportToCsv(report());
  assert.ok(csv.endsWith('\r\n'));
  const rows = parseCsv(csv);
  assert.deepEqual(rows[0], Object.keys(CSV_COLUMNS));
  assert.equal(rows.length, 1 + report().classification.cookies.length);
  const byName = Object.fromEntries(rows.slice(1).map((row) => [row[0], Object.fromEntries(rows[0].map((column, i) => [column, row[i]]))]));
  assert.deepEqual(byName._ga, {
    name: '_ga', domain: '.nantesmetropole.fr', label: 'statistics', party: 'first', partitioned: 'false', purpose: 'statistics',
    basis: 'known', consent: 'required', lifetime_days: '730', declared_name: '', declared_section: '', declared_duration: '',
    known_service: 'Google Analytics', findings: 'undeclared statistics_not_exempt',
  });
  assert.equal(byName.sessionid.declared_section, 'Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels');
  assert.ok(byName[`'${HOSTILE_NAME}`], 'the formula-like name is neutralized, not lost');
});

test('the JSON export carries the whole report and no cookie value', () => {
  const parsed = JSON.parse(reportToJson(report()));
  assert.equal(parsed.generator, 'Cookie Charter');
  assert.deepEqual(parsed.classification, report().classification);
  assert.equal(parsed.charter.url, 'https://data.nantesmetropole.fr/pages/cookies/');
  assert.ok(parsed.classification.cookies.every((cookie) => !('value' in cookie)));
});

test('file names: registrable domain and day', () => {
  assert.equal(exportFileName(report(), 'csv'), 'cookie-charter-nantesmetropole.fr-2026-11-28.csv');
});
