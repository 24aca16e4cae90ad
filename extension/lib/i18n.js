// Every string a person reads goes through the browser's i18n and the
// `_locales/{en,fr}/messages.json` catalogues, so it follows the browser's
// language (English by default). Pages mark their static text with
// `data-i18n*` attributes; code calls the translator with literal keys, which
// the i18n test finds and checks against both catalogues.

/**
 * @param {object} i18n `chrome.i18n` / `browser.i18n`
 * @returns {(key: string, substitutions?: (string|number)[]) => string}
 */
export function translator(i18n) {
  return (key, substitutions = []) => {
    const text = i18n.getMessage(key, substitutions.map(String));
    if (!text) console.warn(`cookie-charter: no message "${key}"`);
    return text || key;
  };
}

/** Attribute -> what it localizes: the text itself, or another attribute. */
const LOCALIZED_ATTRIBUTES = Object.freeze({
  'data-i18n': null,
  'data-i18n-title': 'title',
  'data-i18n-placeholder': 'placeholder',
  'data-i18n-aria-label': 'aria-label',
});

/** Fills the marked elements of a page through `textContent` and attributes, never as HTML. */
export function localizeDocument(document, t) {
  document.documentElement.lang = t('localeCode');
  for (const [marker, target] of Object.entries(LOCALIZED_ATTRIBUTES)) {
    for (const element of document.querySelectorAll(`[${marker}]`)) {
      const text = t(element.getAttribute(marker));
      if (target) element.setAttribute(target, text);
      else element.textContent = text;
    }
  }
}
