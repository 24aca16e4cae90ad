// A classification answer shaped as PROTOCOL.md's `classify` answer, for the
// popup's, the export's and the badge's tests: a French charter, a declared
// necessary cookie, an undeclared known statistics cookie, a third-party
// partitioned cookie, and a name chosen to break CSV and HTML alike.

export const HOSTILE_NAME = '=HYPERLINK("http://evil.test","x"),<img src=x onerror=alert(1)>';

export function classification() {
  return {
    type: 'classification',
    id: 2,
    site: { url: 'https://data.nantesmetropole.fr/explore/', registrableDomain: 'nantesmetropole.fr' },
    cookies: [
      {
        name: 'sessionid', domain: 'data.nantesmetropole.fr', label: 'necessary', party: 'first', partitioned: false,
        purpose: 'necessary', basis: 'charter', consent: 'exempt', findings: [],
        declared: {
          name: 'sessionid', pattern: null, provider: 'Opendatasoft', service: 'Authentification (front et back office)',
          purpose_text: "Se souvenir de l'utilisateur d'une page à une autre.",
          section: 'Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels',
          category: 'necessary', duration: { text: 'Session', days: null, session: true },
        },
      },
      {
        name: '_ga', domain: '.nantesmetropole.fr', label: 'statistics', party: 'first', partitioned: false,
        purpose: 'statistics', basis: 'known', consent: 'required', lifetimeDays: 730,
        known: { provider: 'Google', service: 'Google Analytics', description: 'Distinguishes users.' },
        findings: ['undeclared', 'statistics_not_exempt'],
      },
      {
        name: 'uid', domain: '.tracker.test', label: 'third-party', party: 'third', partitioned: true,
        purpose: 'unknown', basis: 'party', consent: 'required', lifetimeDays: 30, findings: ['undeclared'],
      },
      {
        name: HOSTILE_NAME, domain: 'data.nantesmetropole.fr', label: 'first-party', party: 'first', partitioned: false,
        purpose: 'unknown', basis: 'party', consent: 'required', lifetimeDays: 0.5, findings: ['undeclared'],
      },
    ],
    summary: {
      counts: { necessary: 1, statistics: 1, 'first-party': 1, 'third-party': 1 },
      undeclared: ['_ga', 'uid', HOSTILE_NAME],
      declaredNotSeen: ['csrftoken', 'django_language'],
      findings: ['undeclared', 'declared_not_seen'],
    },
    charter: { url: 'https://data.nantesmetropole.fr/pages/cookies/', format: 'text', entries: [], warnings: [] },
  };
}

export function report() {
  return {
    tabId: 1,
    url: 'https://data.nantesmetropole.fr/explore/',
    observedAt: Date.UTC(2026, 10, 28) / 1000,
    host: { type: 'hello', version: '0.1.0', protocol: 1, psl: { source: 'embedded', date: '2026-10-22' } },
    charter: { url: 'https://data.nantesmetropole.fr/pages/cookies/', format: 'text', origin: 'page', savedAt: Date.UTC(2026, 10, 28) },
    charterProblem: null,
    classification: classification(),
  };
}
