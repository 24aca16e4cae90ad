// The test site's pages: two publishers, each with its cookie charter, and the
// analytics and ad hosts they embed, on four registrable domains. Every
// cookie is set before the page's `load` event (response headers of the page
// and of its embeds, and a script the page loads), so a loaded page has all
// of them.
//
// Each cookie value is `SENTINEL-VALUE-<token>-<name>`, the token drawn per
// run: a value found anywhere but in these responses and the browser's own
// cookie jar is a leak (tests/e2e/chromium.test.js looks for it).

/** The hosts of the site; the certificate's SAN lists them all. */
export const HOSTS = Object.freeze({
  gazette: 'www.gazette-erdre.test', // French publisher, registrable gazette-erdre.test
  herald: 'www.riverside-herald.test', // English publisher, registrable riverside-herald.test
  analytics: 'collect.audimetrie.test', // audience measurement, registrable audimetrie.test
  ads: 'ads.regiepub.test', // advertising, registrable regiepub.test
});

export const PATHS = Object.freeze({
  gazetteCharter: '/pages/charte-cookies/',
  heraldCharter: '/legal/cookie-policy',
  gazetteScript: '/js/gazette.js',
  heraldScript: '/js/herald.js',
  pixel: '/pixel.gif',
  banner: '/banner',
});

const DAY = 24 * 60 * 60;
/** The ad cookie asks for two years; browsers keep it at most 400 days (RFC 6265bis §5.5). */
export const TWO_YEARS = 2 * 365 * DAY;

export const sentinel = (token, name) => `SENTINEL-VALUE-${token}-${name}`;

// A 1x1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const html = (body, { lang, title }) =>
  `<!doctype html>\n<html lang="${lang}">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${body}\n</body>\n</html>\n`;

/**
 * A script setting first-party cookies through `document.cookie`. Served as
 * its own file, as sites do, so that a page's HTML (which the extension may
 * send to the host as a charter) holds no cookie value.
 */
const cookieScript = (token, cookies) =>
  cookies
    .map(([name, attributes]) => `document.cookie = ${JSON.stringify(`${name}=${sentinel(token, name)}; ${attributes}`)};`)
    .join('\n') + '\n';

const table = (header, rows) =>
  `<table>\n<thead><tr>${header.map((cell) => `<th>${cell}</th>`).join('')}</tr></thead>\n<tbody>\n${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('\n')}\n</tbody>\n</table>`;

// ---- La Gazette de l'Erdre (French) ----------------------------------------

const gazetteScript = (token) =>
  cookieScript(token, [
    ['gz_lang', `path=/; max-age=${30 * DAY}; samesite=lax`], // declared necessary
    ['gz_mesure', `path=/; max-age=${30 * DAY}; samesite=lax`], // declared statistics, 13 mois: exempt
    ['gz_ab', `path=/; max-age=${7 * DAY}; samesite=lax`], // declared nowhere
  ]);

const gazetteFooter = `<footer>
  <a href="/mentions-legales">Mentions légales</a> ·
  <a href="/preferences" id="consent-settings">Gérer mes cookies</a> ·
  <a href="${PATHS.gazetteCharter}">Charte cookies</a>
</footer>`;

function gazetteHome(origin) {
  return html(
    `<header><h1>La Gazette de l'Erdre</h1></header>
<main>
  <p>Toute l'actualité des bords de l'Erdre.</p>
  <img id="mesure" src="${origin(HOSTS.analytics)}${PATHS.pixel}" alt="" width="1" height="1">
  <iframe id="pub" src="${origin(HOSTS.ads)}${PATHS.banner}" title="Publicité" width="300" height="60"></iframe>
</main>
<script src="${PATHS.gazetteScript}"></script>
${gazetteFooter}`,
    { lang: 'fr', title: "La Gazette de l'Erdre" },
  );
}

/**
 * The charter, shaped like the seed (`../shared/seed/`): headings, then tables
 * whose rows `innerText` renders tab-separated. Seven entries; the site never
 * sets `gz_consentement`.
 */
function gazetteCharter() {
  const header = ['Nom du prestataire', 'Service et emplacement', 'Nom du cookie', 'Finalités', 'Durée de conservation'];
  return html(
    `<header><p>La Gazette de l'Erdre</p></header>
<main>
<h1>Charte cookies</h1>
<p>Afin de vous proposer le meilleur service possible nous utilisons des cookies pour assurer son bon fonctionnement.</p>
<h2>Qu'est ce qu'un cookie ?</h2>
<p>Un « cookie » est une suite d'informations, généralement de petite taille et identifié par un nom, qui peut être transmis à votre navigateur par un site web sur lequel vous vous connectez.</p>
<h2>A quoi servent les cookies sur le site de la Gazette</h2>
<h3>Cookies nécessaires au bon fonctionnement du site</h3>
${table(header, [
  ['La Gazette', 'Authentification des abonnés', 'gz_session', "Se souvenir de l'utilisateur d'une page à une autre.", 'Session'],
  ['La Gazette', 'Sélection de la langue', 'gz_lang', 'Se souvenir de la langue du visiteur', '13 mois'],
  ['La Gazette', 'Choix concernant vos préférences sur les cookies', 'gz_consentement', 'Permet de se souvenir du choix opéré par le visiteur concernant les cookies', '6 mois'],
])}
<h3>Cookies statistiques</h3>
${table(header, [
  ['La Gazette', "Mesure d'audience anonyme", 'gz_mesure', 'Compter les visites de façon anonyme', '13 mois'],
  ['Audimétrie (audimetrie.test)', "Mesure d'audience", '_as_uid', 'Distinguer les visiteurs', '13 mois'],
])}
<h3>Cookies tiers publicitaires</h3>
${table(header, [
  ['Régie Pub (regiepub.test)', 'Bannières publicitaires', 'pub_id', 'Identifier le navigateur pour choisir les annonces', '13 mois'],
  ['Régie Pub (regiepub.test)', 'Bannières publicitaires', 'pub_part', 'Limiter la répétition des annonces sur ce site', '30 jours'],
])}
</main>
<script src="${PATHS.gazetteScript}"></script>
${gazetteFooter}`,
    { lang: 'fr', title: "Charte cookies - La Gazette de l'Erdre" },
  );
}

// ---- The Riverside Herald (English) ----------------------------------------

const heraldScript = (token) =>
  cookieScript(token, [
    ['rh_theme', `path=/; max-age=${90 * DAY}; samesite=lax`], // declared preferences
    ['rh_trial', `path=/; max-age=${DAY}; samesite=lax`], // declared nowhere
  ]);

function heraldHome(origin) {
  return html(
    `<header><h1>The Riverside Herald</h1></header>
<main>
  <p>News from along the river.</p>
  <img id="measure" src="${origin(HOSTS.analytics)}${PATHS.pixel}" alt="" width="1" height="1">
</main>
<script src="${PATHS.heraldScript}"></script>
<footer>
  <a href="/about">About us</a> ·
  <a href="/privacy/settings">Cookie settings</a> ·
  <a href="${PATHS.heraldCharter}">Cookie policy</a>
</footer>`,
    { lang: 'en', title: 'The Riverside Herald' },
  );
}

/** A cookie table with a category column, the way English publishers lay theirs out. */
function heraldCharter() {
  return html(
    `<main>
<h1>Cookie policy</h1>
<p>This policy lists the cookies the Riverside Herald uses and what each one is for.</p>
${table(['Cookie', 'Provider', 'Category', 'Purpose', 'Expiry'], [
  ['rh_session', 'Riverside Herald', 'Strictly necessary', 'Keeps you signed in', 'Session'],
  ['rh_theme', 'Riverside Herald', 'Preferences', 'Remembers the light or dark theme', '3 months'],
  ['rh_newsletter', 'Riverside Herald', 'Preferences', 'Hides the newsletter box once closed', '1 year'],
  ['_as_uid', 'Audimetrie (audimetrie.test)', 'Statistics', 'Audience measurement', '13 months'],
])}
</main>`,
    { lang: 'en', title: 'Cookie policy - The Riverside Herald' },
  );
}

// ---- Routes -----------------------------------------------------------------

const secureThirdParty = 'Path=/; Secure; SameSite=None';

/**
 * The response for a request, or null for a 404. `origin(host)` is the
 * scheme, host and port under which the site serves `host`.
 * @returns {{status?: number, type: string, body: string|Buffer, cookies?: string[]}|null}
 */
export function route(host, path, { token, origin }) {
  const page = (body, cookies = []) => ({ type: 'text/html; charset=utf-8', body, cookies });
  switch (`${host}${path}`) {
    case `${HOSTS.gazette}/`:
      return page(gazetteHome(origin), [`gz_session=${sentinel(token, 'gz_session')}; Path=/; Secure; HttpOnly; SameSite=Lax`]);
    case `${HOSTS.gazette}${PATHS.gazetteCharter}`:
      return page(gazetteCharter(), [`gz_session=${sentinel(token, 'gz_session')}; Path=/; Secure; HttpOnly; SameSite=Lax`]);
    case `${HOSTS.gazette}${PATHS.gazetteScript}`:
      return { type: 'text/javascript; charset=utf-8', body: gazetteScript(token) };
    case `${HOSTS.herald}${PATHS.heraldScript}`:
      return { type: 'text/javascript; charset=utf-8', body: heraldScript(token) };
    case `${HOSTS.herald}/`:
      return page(heraldHome(origin), [`rh_session=${sentinel(token, 'rh_session')}; Path=/; Secure; HttpOnly; SameSite=Lax`]);
    case `${HOSTS.herald}${PATHS.heraldCharter}`:
      return page(heraldCharter());
    case `${HOSTS.analytics}${PATHS.pixel}`:
      return {
        type: 'image/gif',
        body: PIXEL,
        cookies: [`_as_uid=${sentinel(token, '_as_uid')}; Domain=audimetrie.test; Max-Age=${180 * DAY}; ${secureThirdParty}`],
      };
    case `${HOSTS.ads}${PATHS.banner}`:
      return page('<!doctype html><html><body><p>Annonce</p></body></html>', [
        `pub_id=${sentinel(token, 'pub_id')}; Max-Age=${TWO_YEARS}; ${secureThirdParty}`,
        `pub_part=${sentinel(token, 'pub_part')}; Max-Age=${30 * DAY}; ${secureThirdParty}; Partitioned`,
      ]);
    default:
      return null;
  }
}
