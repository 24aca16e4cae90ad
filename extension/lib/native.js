// The one connection to the native host `org.cookie_charter.host`: a single
// `runtime.connectNative` port, request ids, the pending requests, multi-part
// reassembly (multipart.js), and reconnection with exponential backoff.
// It knows the protocol's envelopes (PROTOCOL.md), not what a classification
// means; tab-reports.js builds the requests.
//
// Why a port and not `sendNativeMessage`: the latter starts one host process
// per message, and only a port keeps Chrome's MV3 service worker alive while
// the host works (crbug 1189678).

import { PartCollector } from './multipart.js';

export const HOST_NAME = 'org.cookie_charter.host';
const PROTOCOL_VERSION = 1;

/** How a request to the host can fail; `no-host` and the rest map to the popup's states. */
export const Failure = Object.freeze({
  /** The host is not installed for this browser (or not for this extension's id). */
  NO_HOST: 'no-host',
  /** The port closed: the host exited, crashed, or sent an oversized frame. */
  DISCONNECTED: 'disconnected',
  /** The host answered `{"type":"error"}`; `code` is its error code. */
  HOST: 'host',
  /** The host did not answer in time. */
  TIMEOUT: 'timeout',
  /** The host spoke, but not the protocol this extension speaks. */
  PROTOCOL: 'protocol',
});

export class NativeError extends Error {
  name = 'NativeError';
  /**
   * @param {string} failure one of `Failure`
   * @param {string} message the browser's or the host's own words
   * @param {string|null} code the host's error code, for `Failure.HOST`
   */
  constructor(failure, message, code = null) {
    super(message);
    this.failure = failure;
    this.code = code;
  }
}

// What the browsers say when the host cannot be started for this extension;
// each one means "install (or re-install) the host".
const NO_HOST_MESSAGES = [
  /specified native messaging host not found/i, // Chromium RESULT_NOT_FOUND: no manifest, relative path, missing binary
  /access to the specified native messaging host is forbidden/i, // Chromium RESULT_FORBIDDEN: manifest made for another id
  /native messaging host .* is not registered/i, // Chromium on Windows: no registry key
  /no such native application/i, // Firefox says only this, "to not leak information about whether a native application is installed"
];

/** True when the browser's disconnect message means the host is not installed. */
export function isNoHostMessage(message) {
  return NO_HOST_MESSAGES.some((pattern) => pattern.test(message));
}

const DEFAULT_BACKOFF = Object.freeze({ initialMs: 500, maxMs: 5 * 60 * 1000 });

/** Delay before reconnect attempt number `failures` (1-based): doubling from `initialMs`, capped at `maxMs`. */
export function backoffDelay(failures, { initialMs, maxMs } = DEFAULT_BACKOFF) {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
}

/**
 * @typedef {{status: 'idle'|'connecting'|'ready'|'no-host'|'down', error: NativeError|null, hello: object|null}} NativeState
 */

export class NativeClient {
  #runtime;
  #hostName;
  #clock;
  #requestTimeoutMs;
  #backoff;

  #port = null;
  #nextId = 1;
  /** id -> {resolve, reject, parts: PartCollector, timer} */
  #pending = new Map();
  #failures = 0;
  #retryTimer = null;
  #status = 'idle';
  #error = null;
  #hello = null;

  /**
   * @param {object} options
   * @param {object} options.runtime `chrome.runtime` / `browser.runtime` (connectNative, lastError)
   * @param {{setTimeout: Function, clearTimeout: Function}} [options.clock]
   */
  constructor({ runtime, hostName = HOST_NAME, clock = globalThis, requestTimeoutMs = 30_000, backoff = DEFAULT_BACKOFF }) {
    this.#runtime = runtime;
    this.#hostName = hostName;
    this.#clock = clock;
    this.#requestTimeoutMs = requestTimeoutMs;
    this.#backoff = backoff;
  }

  /** @returns {NativeState} */
  get state() {
    return { status: this.#status, error: this.#error, hello: this.#hello };
  }

  /**
   * Sends `{type, ...}` with a fresh id and resolves with the (reassembled)
   * answer. While a reconnect is scheduled after a failure, rejects at once
   * with that failure: the popup shows it instead of waiting.
   * @returns {Promise<object>}
   * @throws {NativeError}
   */
  request(body) {
    if (this.#retryTimer === null) this.#connect();
    if (!this.#port) return Promise.reject(this.#error);
    return this.#send(body);
  }

  /** Connects now, skipping the rest of the backoff (the popup's "Try again"). */
  retryNow() {
    this.#cancelRetry();
    this.#connect();
  }

  #connect() {
    if (this.#port) return;
    let port;
    try {
      port = this.#runtime.connectNative(this.#hostName);
    } catch (error) {
      // Chrome throws at once for an invalid name or a missing permission.
      this.#fail(new NativeError(Failure.DISCONNECTED, String(error?.message ?? error)));
      return;
    }
    this.#port = port;
    port.onMessage.addListener((frame) => this.#receive(frame));
    port.onDisconnect.addListener((closed) => this.#disconnected(closed));
    this.#status = 'connecting';
    this.#send({ type: 'hello' }).then(
      (hello) => this.#greeted(hello),
      () => {}, // the disconnect that rejected it has already been reported
    );
  }

  #greeted(hello) {
    if (hello.protocol !== PROTOCOL_VERSION) {
      const error = new NativeError(
        Failure.PROTOCOL,
        `the host ${hello.version ?? ''} speaks protocol ${hello.protocol}, this extension speaks ${PROTOCOL_VERSION}`,
      );
      this.#port?.disconnect();
      this.#port = null;
      this.#fail(error);
      return;
    }
    this.#failures = 0;
    this.#error = null;
    this.#hello = hello;
    this.#status = 'ready';
  }

  #send(body) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        this.#pending.delete(id);
        reject(new NativeError(Failure.TIMEOUT, `the host did not answer "${body.type}" within ${this.#requestTimeoutMs} ms`));
      }, this.#requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, parts: new PartCollector(), timer });
      try {
        this.#port.postMessage({ ...body, id });
      } catch (error) {
        // Posting on a port the browser has just closed throws; onDisconnect follows.
        this.#settle(id, new NativeError(Failure.DISCONNECTED, String(error?.message ?? error)));
      }
    });
  }

  #receive(frame) {
    const id = frame?.id;
    if (!this.#pending.has(id)) {
      // An answer to a request that timed out, or an error the host could not
      // tie to a request (`id: null`, e.g. `invalid_json`): nothing waits for it.
      console.warn(`cookie-charter: unexpected host frame (id ${JSON.stringify(id)}, type ${frame?.type}, code ${frame?.code})`);
      return;
    }
    if (frame.type === 'error') {
      // Also mid-way through a multi-part answer: the parts already received are dropped.
      this.#settle(id, new NativeError(Failure.HOST, frame.message ?? frame.code, frame.code ?? null));
      return;
    }
    let answer;
    try {
      answer = this.#pending.get(id).parts.add(frame);
    } catch (error) {
      this.#settle(id, new NativeError(Failure.PROTOCOL, error.message));
      return;
    }
    if (answer) this.#settle(id, null, answer);
  }

  #settle(id, error, answer) {
    const entry = this.#pending.get(id);
    if (!entry) return;
    this.#pending.delete(id);
    this.#clock.clearTimeout(entry.timer);
    if (error) entry.reject(error);
    else entry.resolve(answer);
  }

  #disconnected(closed) {
    if (closed !== this.#port) return;
    this.#port = null;
    // Chrome reports why through runtime.lastError, read inside this callback;
    // Firefox through port.error. A clean exit has neither.
    const reason = this.#runtime.lastError?.message ?? closed.error?.message ?? 'the native host closed the connection';
    this.#fail(new NativeError(isNoHostMessage(reason) ? Failure.NO_HOST : Failure.DISCONNECTED, reason));
  }

  /** Rejects everything pending with `error` and schedules the next attempt. */
  #fail(error) {
    for (const id of [...this.#pending.keys()]) this.#settle(id, error);
    this.#error = error;
    this.#failures += 1;
    this.#cancelRetry();
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, backoffDelay(this.#failures, this.#backoff));
    this.#status = error.failure === Failure.NO_HOST ? 'no-host' : 'down';
  }

  #cancelRetry() {
    if (this.#retryTimer === null) return;
    this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
