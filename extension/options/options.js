// The options page: set or clear the charter of a site (a URL, or a pasted
// text), and see what is kept. Everything goes through the background
// (messages.js), which owns the charter store.

import { localizeDocument, translator } from '../lib/i18n.js';
import { Message } from '../lib/messages.js';
import { ask, describeFailure } from '../lib/replies.js';
import { originName } from '../lib/report-view.js';
import { el } from '../ui/dom.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = translator(api.i18n);

localizeDocument(document, t);
const site = new URLSearchParams(location.search).get('site');
if (site) for (const input of document.querySelectorAll('input[name="site"]')) input.value = site;

submitTo('set-url', Message.SET_CHARTER_URL, (site) => t('savedUrl', [site])); // fields: site, url
submitTo('set-text', Message.SET_CHARTER_TEXT, (site) => t('savedText', [site])); // fields: site, text
showKept();

/** Sends a form's fields as a `type` message; says what happened (`done(site)`) and refreshes the table. */
function submitTo(formId, type, done) {
  const form = document.getElementById(formId);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reply = await ask(api.runtime, { ...Object.fromEntries(new FormData(form)), type });
    say(reply.ok ? done(reply.site) : describeFailure(reply, t));
    if (reply.ok) await showKept();
  });
}

async function showKept() {
  const reply = await ask(api.runtime, { type: Message.LIST_CHARTERS });
  if (!reply.ok) {
    say(describeFailure(reply, t));
    return;
  }
  document.getElementById('kept-empty').hidden = reply.charters.length > 0;
  document.getElementById('kept').hidden = reply.charters.length === 0;
  document.querySelector('#kept tbody').replaceChildren(...reply.charters.map(keptRow));
}

function keptRow(charter) {
  const what = charter.url ?? t('charterSize', [charter.size]);
  const forget = el('button', { type: 'button' }, t('forgetButton'));
  forget.setAttribute('aria-label', t('forgetLabel', [charter.site]));
  forget.addEventListener('click', async () => {
    const reply = await ask(api.runtime, { type: Message.FORGET_CHARTER, site: charter.site });
    say(reply.ok ? t('forgotten', [charter.site]) : describeFailure(reply, t));
    await showKept();
  });
  return el('tr', {},
    el('th', { scope: 'row' }, charter.site),
    el('td', {}, originName(charter.origin, t)),
    el('td', { class: 'charter' }, what, charter.format ? ` (${charter.format})` : ''),
    el('td', {}, new Date(charter.savedAt).toLocaleString(t('localeCode'))),
    el('td', {}, forget));
}

function say(text) {
  document.getElementById('status').textContent = text;
}
