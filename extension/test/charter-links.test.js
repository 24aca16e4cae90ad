import assert from 'node:assert/strict';
import test from 'node:test';

import { Evidence, chooseCharterLink, fold, isCharterPage, sameDocument, scoreLink, textEvidence, urlEvidence } from '../lib/charter-links.js';

/** `[text, href, footer?]` rows, the way page-reader.js reports a page's links. */
const links = (rows) => rows.map(([text, href, footer = true]) => ({ text, href, footer }));

// Footers and banners written after real sites of each language.
const PAGES = [
  {
    name: 'fr: open-data portal footer (charter, privacy, legal, consent button)',
    url: 'https://data.nantesmetropole.fr/explore/',
    links: links([
      ['Accueil', '/', false], ['Données', '/explore/', false], ['API', '/api/', false],
      ['Mentions légales', '/pages/mentions-legales/'],
      ['Politique de confidentialité', '/pages/donnees-personnelles/'],
      ['Charte cookies', '/pages/cookies/'],
      ['Paramétrer les cookies', '#'],
      ['Accessibilité : partiellement conforme', '/pages/accessibilite/'],
      ['Nantes Métropole', 'https://metropole.nantes.fr/'],
    ]),
    expected: 'https://data.nantesmetropole.fr/pages/cookies/',
  },
  {
    name: 'fr: "Gestion des cookies" beats "Données personnelles"',
    url: 'https://www.service-public.fr/particuliers/vosdroits/F1234',
    links: links([
      ['Données personnelles', '/P10000'],
      ['Gestion des cookies', '/P10050'],
      ['Mentions légales', '/P10001'],
      ['Gérer mes cookies', 'javascript:tarteaucitron.userInterface.openPanel();'],
    ]),
    expected: 'https://www.service-public.fr/P10050',
  },
  {
    name: 'fr: consent banner links are not charters, its "En savoir plus" link to the policy is',
    url: 'https://www.exemple.fr/',
    links: links([
      ['Tout accepter', '#', false], ['Personnaliser mes choix', 'javascript:void(0)', false],
      ['Continuer sans accepter', '#', false],
      ['En savoir plus', '/politique-de-cookies', false],
      ['Politique de confidentialité', '/confidentialite'],
    ]),
    expected: 'https://www.exemple.fr/politique-de-cookies',
  },
  {
    name: 'en: broadcaster footer (Cookies beside Privacy Policy)',
    url: 'https://www.bbc.co.uk/news',
    links: links([
      ['Terms of Use', 'https://www.bbc.co.uk/usingthebbc/terms'],
      ['About the BBC', 'https://www.bbc.co.uk/aboutthebbc'],
      ['Privacy Policy', 'https://www.bbc.co.uk/usingthebbc/privacy/'],
      ['Cookies', 'https://www.bbc.co.uk/usingthebbc/cookies/'],
      ['Accessibility Help', 'https://www.bbc.co.uk/accessibility/'],
      ['Do not share or sell my info', 'https://www.bbc.co.uk/usingthebbc/cookies/how-can-i-change-my-bbc-cookie-settings/'],
    ]),
    expected: 'https://www.bbc.co.uk/usingthebbc/cookies/',
  },
  {
    name: 'en: "Cookie Policy" beats "Privacy Policy"; "Cookie settings" is a button',
    url: 'https://shop.example.com/products/42',
    links: links([
      ['Cookie settings', 'https://shop.example.com/products/42#'],
      ['Privacy Policy', '/legal/privacy'],
      ['Cookie Policy', '/legal/cookie-policy'],
      ['Terms', '/legal/terms'],
    ]),
    expected: 'https://shop.example.com/legal/cookie-policy',
  },
  {
    name: "en: the site's own cookie page beats an embedded widget's",
    url: 'https://news.example.org/story',
    links: links([
      ['Cookies', 'https://policies.google.com/technologies/cookies', false],
      ['Cookies', 'https://news.example.org/cookies', false],
    ]),
    expected: 'https://news.example.org/cookies',
  },
  {
    name: 'en: a link named only by its URL',
    url: 'https://www.example.com/',
    links: links([['Read more', '/cookie-policy.html', false], ['Home', '/']]),
    expected: 'https://www.example.com/cookie-policy.html',
  },
  {
    name: 'de: Cookie-Richtlinie beats Datenschutzerklärung; Impressum and settings are ignored',
    url: 'https://www.firma.de/produkte/',
    links: links([
      ['Impressum', '/impressum/'],
      ['Datenschutzerklärung', '/datenschutzerklaerung/'],
      ['Cookie-Richtlinie (EU)', '/cookie-richtlinie-eu/'],
      ['Cookie-Einstellungen', '#'],
      ['Datenschutz-Einstellungen', 'javascript:Didomi.preferences.show()'],
    ]),
    expected: 'https://www.firma.de/cookie-richtlinie-eu/',
  },
  {
    name: 'de: news site "Cookies & Tracking" beats "Datenschutz"',
    url: 'https://www.spiegel.de/politik/',
    links: links([
      ['Impressum', 'https://www.spiegel.de/impressum'],
      ['Datenschutz', 'https://www.spiegel.de/datenschutz-spiegel'],
      ['Nutzungsbedingungen', 'https://www.spiegel.de/nutzungsbedingungen'],
      ['Cookies & Tracking', 'https://www.spiegel.de/cookies-und-tracking'],
      ['Hilfe', 'https://www.spiegel.de/hilfe'],
    ]),
    expected: 'https://www.spiegel.de/cookies-und-tracking',
  },
  {
    name: 'de: only a privacy page: Datenschutz is the fallback, not Impressum',
    url: 'https://www.verein.de/',
    links: links([['Impressum', '/impressum'], ['Datenschutz', '/datenschutz'], ['AGB', '/agb']]),
    expected: 'https://www.verein.de/datenschutz',
  },
  {
    name: 'no charter link at all',
    url: 'https://www.example.com/',
    links: links([['Home', '/'], ['About us', '/about'], ['Contact', 'mailto:hello@example.com'], ['Blog', '/blog']]),
    expected: null,
  },
];

for (const page of PAGES) {
  test(`chooseCharterLink: ${page.name}`, () => {
    assert.equal(chooseCharterLink(page.links, page.url)?.url ?? null, page.expected);
  });
}

test('fold: case, accents, apostrophes and punctuation', () => {
  assert.equal(fold('Politique d’utilisation des Cookies'), 'politique d utilisation des cookies');
  assert.equal(fold('Cookie-Erklärung'), 'cookie erklarung');
  assert.equal(fold('  DATENSCHUTZ & Cookies '), 'datenschutz cookies');
});

test('textEvidence in French, English and German', () => {
  const cases = [
    ['Charte cookies', Evidence.COOKIE_POLICY],
    ['Politique de cookies', Evidence.COOKIE_POLICY],
    ['Politique cookies', Evidence.COOKIE_POLICY],
    ['Gestion des cookies', Evidence.COOKIE_POLICY],
    ['Utilisation des cookies', Evidence.COOKIE_POLICY],
    ['Cookie policy', Evidence.COOKIE_POLICY],
    ['Cookie Notice', Evidence.COOKIE_POLICY],
    ['Cookie-Richtlinie', Evidence.COOKIE_POLICY],
    ['Cookie-Hinweise', Evidence.COOKIE_POLICY],
    ['Datenschutz & Cookies', Evidence.COOKIE_POLICY],
    ['Cookies', Evidence.COOKIES],
    ['Cookies & Tracking', Evidence.COOKIES],
    ['Datenschutz', Evidence.PRIVACY],
    ['Datenschutzerklärung', Evidence.PRIVACY],
    ['Privacy policy', Evidence.PRIVACY],
    ['Vie privée', Evidence.PRIVACY],
    ['Cookie settings', Evidence.SETTINGS],
    ['Paramètres des cookies', Evidence.SETTINGS],
    ['Gérer mes cookies', Evidence.SETTINGS],
    ['Cookie-Einstellungen', Evidence.SETTINGS],
    ['Accepter les cookies', Evidence.SETTINGS],
    ['Datenschutz-Einstellungen', Evidence.SETTINGS],
    ['Fortune cookies recipes', Evidence.COOKIES],
    ['Mentions légales', Evidence.NONE],
    ['', Evidence.NONE],
  ];
  for (const [text, expected] of cases) assert.equal(textEvidence(text), expected, text);
});

test('urlEvidence reads the path and query', () => {
  assert.equal(urlEvidence('https://x.fr/pages/cookies/'), Evidence.COOKIES);
  assert.equal(urlEvidence('https://x.fr/politique-cookies'), Evidence.COOKIE_POLICY);
  assert.equal(urlEvidence('https://x.de/cookie-richtlinie'), Evidence.COOKIE_POLICY);
  assert.equal(urlEvidence('https://x.de/cookie-einstellungen'), Evidence.COOKIES);
  assert.equal(urlEvidence('https://x.de/datenschutz'), Evidence.PRIVACY);
  assert.equal(urlEvidence('https://x.com/index.php?page=cookie%20policy'), Evidence.COOKIE_POLICY);
  assert.equal(urlEvidence('https://cookies.example.com/'), Evidence.NONE, 'the host name is not evidence');
  assert.equal(urlEvidence('not a url'), Evidence.NONE);
});

test('scoreLink refuses what cannot be a page to fetch', () => {
  const page = 'https://www.example.com/';
  assert.equal(scoreLink({ href: 'javascript:showCookies()', text: 'Cookies' }, page), null);
  assert.equal(scoreLink({ href: 'mailto:dpo@example.com', text: 'Cookie policy' }, page), null);
  assert.equal(scoreLink({ href: '/prefs', text: 'Manage cookies' }, page), null);
  assert.equal(scoreLink({ href: 'http://[bad', text: 'Cookies' }, page), null);
  assert.equal(scoreLink({ href: '/cookies#top', text: 'Cookies' }, page).url, 'https://www.example.com/cookies', 'the fragment is dropped');
});

test('isCharterPage: a title or main heading naming a cookie policy', () => {
  const cases = [
    [{ url: 'https://data.nantesmetropole.fr/pages/cookies/', title: 'Charte cookies — Data Nantes Métropole', headings: [] }, true],
    [{ url: 'https://data.nantesmetropole.fr/pages/cookies/', title: 'Data Nantes Métropole', headings: ['Cookies'] }, true],
    [{ url: 'https://www.firma.de/cookie-richtlinie-eu/', title: 'Cookie-Richtlinie (EU) - Firma GmbH', headings: [] }, true],
    [{ url: 'https://www.example.com/legal/42', title: 'Example', headings: ['Cookie Policy'] }, true],
    [{ url: 'https://blog.example.com/recipes/', title: 'Recipes', headings: ['Cookies'] }, false],
    [{ url: 'https://www.example.com/privacy', title: 'Privacy Policy', headings: ['Privacy Policy'] }, false],
    [{ url: 'https://www.example.com/', title: 'Home', headings: [] }, false],
  ];
  for (const [page, expected] of cases) assert.equal(isCharterPage(page), expected, `${page.title} ${page.headings}`);
});

test('sameDocument ignores the fragment only', () => {
  assert.equal(sameDocument('https://a.fr/cookies/', 'https://a.fr/cookies/#top'), true);
  assert.equal(sameDocument('https://a.fr/cookies/', 'https://a.fr/cookies'), false);
  assert.equal(sameDocument('https://a.fr/cookies/', 'not a url'), false);
});
