// The messages extension pages (popup, options) exchange with the background,
// named once here so the router, the pages and the tests agree. Only the
// background talks to the native host; pages ask the background.
//
// Every request is `{type, ...fields}`; every reply is `{ok: true, ...}` or
// `{ok: false, state: 'no-host' | 'error', message?, code?, reason?}` (see
// router.js), so a page can set `body[data-state]` from the reply alone.

export const Message = Object.freeze({
  /** `{tabId}` -> `{ok, report}`: the tab's latest report, classifying now when there is none. */
  GET_REPORT: 'get-report',
  /** `{tabId}` -> `{ok, report}`: classify the tab again, now. */
  RECHECK: 'recheck',
  /** `{}` -> `{ok}`: connect to the native host now instead of waiting for the next backoff step. */
  RETRY_HOST: 'retry-host',
  /** Background -> pages, `{tabId}`: a new report for that tab is ready. */
  REPORT_UPDATED: 'report-updated',
  /** `{}` -> `{ok, charters: [{site, origin, url, format, savedAt, size}]}` */
  LIST_CHARTERS: 'list-charters',
  /** `{site, url}` -> `{ok}`: use this page as the site's charter. */
  SET_CHARTER_URL: 'set-charter-url',
  /** `{site, text}` -> `{ok}`: use this pasted text as the site's charter. */
  SET_CHARTER_TEXT: 'set-charter-text',
  /** `{site}` -> `{ok}`: forget what is kept for the site. */
  FORGET_CHARTER: 'forget-charter',
});

/** Why a request failed, when a page can say it better than the error message. */
export const Reason = Object.freeze({
  UNSUPPORTED_PAGE: 'unsupported-page',
  NO_ACCESS: 'no-access',
  INVALID_SITE: 'invalid-site',
  INVALID_URL: 'invalid-url',
  EMPTY_CHARTER: 'empty-charter',
  UNKNOWN_MESSAGE: 'unknown-message',
});

/** A failure with a `Reason`; the router passes the reason on in its reply. */
export class RequestError extends Error {
  name = 'RequestError';
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}
