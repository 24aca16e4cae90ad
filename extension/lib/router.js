// The background's message router: checks who is asking, rejects message
// types it does not know, waits until the background has restored its
// state, and turns every outcome into a reply a page can show (messages.js).

import { Reason } from './messages.js';
import { Failure, NativeError } from './native.js';

/**
 * True for the extension's own pages (popup, options), whether opened as a
 * popup or in a tab. Content scripts and other extensions are refused: they
 * have nothing to ask the background.
 */
export function isExtensionPage(sender, runtimeId, extensionOrigin) {
  return sender?.id === runtimeId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/** The reply for a failed request: the popup's `no-host` or `error` state, with the words to show. */
export function failureReply(error) {
  if (error instanceof NativeError) {
    const state = error.failure === Failure.NO_HOST ? 'no-host' : 'error';
    return { ok: false, state, failure: error.failure, code: error.code, message: error.message };
  }
  return { ok: false, state: 'error', reason: error?.reason ?? null, message: String(error?.message ?? error) };
}

/**
 * @param {object} options
 * @param {string} options.runtimeId `runtime.id`
 * @param {string} options.extensionOrigin `runtime.getURL('')`
 * @param {Promise<unknown>} options.ready settles once the background has restored its state
 * @param {Record<string, (message: object) => Promise<object>>} options.handlers by message type
 * @returns a `runtime.onMessage` listener
 */
export function createRouter({ runtimeId, extensionOrigin, ready, handlers }) {
  return (message, sender, sendResponse) => {
    if (!isExtensionPage(sender, runtimeId, extensionOrigin)) {
      console.warn(`cookie-charter: message from ${sender?.url ?? sender?.id ?? 'an unknown sender'} refused`);
      return false;
    }
    const type = message?.type;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
      sendResponse({ ok: false, state: 'error', reason: Reason.UNKNOWN_MESSAGE, message: `unknown message type: ${JSON.stringify(type)}` });
      return false;
    }
    ready
      .then(() => handlers[type](message))
      .then((reply) => sendResponse({ ok: true, ...reply }), (error) => sendResponse(failureReply(error)));
    return true; // the answer comes asynchronously
  };
}
