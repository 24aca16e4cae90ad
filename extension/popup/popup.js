// The popup's controller: finds the tab (`?tab=<id>`, else the active tab),
// asks the background for its report, and moves `body[data-state]` through
// loading -> ready | no-host | error. Rendering is render.js's; the
// background alone talks to the native host.

import { reportToCsv, reportToJson, exportFileName } from '../lib/export.js';
import { localizeDocument, translator } from '../lib/i18n.js';
import { Message } from '../lib/messages.js';
import { ask, describeFailure } from '../lib/replies.js';
import { renderReport } from './render.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = translator(api.i18n);
/** Firefox grants MV3 host permissions only when the person agrees; without them no cookie can be read. */
const ALL_SITES = { origins: ['<all_urls>'] };

localizeDocument(document, t);
let report = null;
const tabId = await targetTabId();

document.getElementById('grant-access').addEventListener('click', async () => {
  if (await api.permissions.request(ALL_SITES)) load(Message.RECHECK);
  showAccess();
});
for (const button of document.querySelectorAll('.retry')) {
  button.addEventListener('click', async () => {
    await ask(api.runtime, { type: Message.RETRY_HOST });
    load(Message.RECHECK);
  });
}
document.getElementById('recheck').addEventListener('click', () => load(Message.RECHECK));
document.getElementById('export-json').addEventListener('click', () => download(reportToJson(report), 'application/json', 'json'));
document.getElementById('export-csv').addEventListener('click', () => download(reportToCsv(report), 'text/csv', 'csv'));
document.getElementById('open-options').addEventListener('click', () => {
  const site = report?.classification.site?.registrableDomain ?? '';
  api.tabs.create({ url: api.runtime.getURL(`options/options.html?site=${encodeURIComponent(site)}`) });
});
api.runtime.onMessage.addListener((message) => {
  if (message?.type === Message.REPORT_UPDATED && message.tabId === tabId) load(Message.GET_REPORT, { quiet: true });
});

showAccess();
load(Message.GET_REPORT);

/** `popup.html?tab=<id>` (deep links, tests), else the tab the popup was opened over. */
async function targetTabId() {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null) return Number(param);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Asks for the report; `quiet` keeps the current view up while a newer report is fetched. */
async function load(type, { quiet = false } = {}) {
  if (!quiet) document.body.dataset.state = 'loading';
  const reply = tabId === null
    ? { ok: false, state: 'error', message: t('errorNoTab') }
    : await ask(api.runtime, { type, tabId });
  if (reply.ok) {
    try {
      renderReport(reply.report, t);
    } catch (error) {
      showError({ message: t('errorBadReport', [error.message]) });
      return;
    }
    report = reply.report;
    document.body.dataset.state = 'ready';
  } else if (reply.state === 'no-host') {
    document.getElementById('no-host-detail').textContent = reply.message ?? '';
    document.body.dataset.state = 'no-host';
  } else {
    showError(reply);
  }
}

function showError(reply) {
  document.getElementById('error-message').textContent = describeFailure(reply, t);
  document.body.dataset.state = 'error';
}

async function showAccess() {
  document.getElementById('access').hidden = await api.permissions.contains(ALL_SITES);
}

/** Saves text as a file through a blob URL: no `downloads` permission needed. */
function download(text, type, extension) {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = Object.assign(document.createElement('a'), { href: url, download: exportFileName(report, extension) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
