// Reads a tab's page for charter discovery, by injecting a content script
// (`scripting.executeScript`) when the background needs it: its title, main
// headings and links, or its rendered text when the page is the charter
// itself. Injection on demand, rather than a script in every page, costs
// nothing on pages whose charter is already known, and the answer comes back
// as the call's result, with no message channel open to pages.
//
// The two functions below run inside the page: they are serialized, so they
// must use nothing but their arguments and the page's DOM.

/** Links kept per page; a footer's charter link sits near the end, so the last ones are kept. */
const MAX_LINKS = 3000;
/** Characters of link text kept: a charter link is a few words long. */
const MAX_LINK_TEXT = 200;
/** Characters of page text sent as a charter: far above any real charter, far below the host's 64 MiB limit. */
const MAX_TEXT = 4_000_000;

function snapshotPage(maxLinks, maxLinkText) {
  const textOf = (element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, maxLinkText);
  const links = [...document.links].slice(-maxLinks).map((link) => ({
    href: link.href,
    text: textOf(link) || link.getAttribute('aria-label') || link.title || '',
    footer: link.closest('footer, [role="contentinfo"]') !== null,
  }));
  // A consent banner's heading is not the page's.
  const headings = [...document.querySelectorAll('h1')]
    .filter((heading) => !heading.closest('dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"]'))
    .map(textOf);
  return { url: location.href, title: document.title, headings, links };
}

function renderedText(maxText) {
  return (document.body?.innerText ?? '').slice(0, maxText);
}

/**
 * @returns {Promise<{url: string, title: string, headings: string[], links: {href: string, text: string, footer: boolean}[]}>}
 * @throws when the page cannot be scripted (browser pages, add-on stores, no host permission)
 */
export async function readPage(scripting, tabId) {
  return runInPage(scripting, tabId, snapshotPage, [MAX_LINKS, MAX_LINK_TEXT]);
}

/** The page's `document.body.innerText`: tables come out as tab-separated rows, the form the host's text reader expects. */
export async function readPageText(scripting, tabId) {
  return runInPage(scripting, tabId, renderedText, [MAX_TEXT]);
}

async function runInPage(scripting, tabId, func, args) {
  const [frame] = await scripting.executeScript({ target: { tabId }, func, args });
  if (!frame || frame.error) throw new Error(`tab ${tabId}: the page could not be read (${frame?.error?.message ?? frame?.error ?? 'no result'})`);
  return frame.result;
}
