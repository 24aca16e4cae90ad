// A failed reply from the background (router.js) in words a person can read:
// the page's own sentence for a known reason, else the host's or the
// browser's message, with the host's error code when there is one.

import { Reason } from './messages.js';

export const REASON_MESSAGES = Object.freeze({
  [Reason.UNSUPPORTED_PAGE]: 'reasonUnsupportedPage',
  [Reason.NO_ACCESS]: 'reasonNoAccess',
  [Reason.INVALID_SITE]: 'reasonInvalidSite',
  [Reason.INVALID_URL]: 'reasonInvalidUrl',
  [Reason.EMPTY_CHARTER]: 'reasonEmptyCharter',
  [Reason.UNKNOWN_MESSAGE]: 'reasonUnknownMessage',
});

/** @param {{reason?: string|null, code?: string|null, message?: string}} reply */
export function describeFailure(reply, t) {
  if (reply.reason && Object.hasOwn(REASON_MESSAGES, reply.reason)) return t(REASON_MESSAGES[reply.reason]);
  const message = reply.message || t('errorUnknown');
  return reply.code ? `${message} (${reply.code})` : message;
}

/**
 * Sends a request to the background; a background that cannot be reached
 * (being restarted, or the extension reloaded) is a failure like any other.
 */
export async function ask(runtime, message) {
  try {
    return await runtime.sendMessage(message);
  } catch (error) {
    return { ok: false, state: 'error', message: String(error?.message ?? error) };
  }
}
