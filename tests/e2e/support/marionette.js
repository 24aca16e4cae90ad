// A minimal client of Marionette, the remote protocol built into Firefox
// (what geckodriver translates WebDriver into), so the Firefox tests need no
// driver to build or download.
//
// Protocol level 3: every packet is `<byte length>:<JSON>`. The server first
// sends `{"applicationType":"gecko","marionetteProtocol":3}`; a command is
// `[0, id, name, params]`, its answer `[1, id, error|null, result|null]`.
// Commands are the WebDriver ones, prefixed (`WebDriver:Navigate`), plus
// Marionette's own (`Marionette:SetContext`, `Addon:Install`,
// `Marionette:Quit`).

import { connect as connectTcp } from 'node:net';

export class MarionetteError extends Error {
  name = 'MarionetteError';
}

/** Connects to Marionette on 127.0.0.1:`port` and resolves once it has greeted. */
export async function connect(port) {
  const socket = connectTcp(port, '127.0.0.1');
  const pending = new Map();
  let buffer = Buffer.alloc(0);
  let greeted;
  const greeting = new Promise((resolve, reject) => {
    greeted = resolve;
    socket.once('error', reject);
  });

  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString('ascii'));
      if (buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      buffer = buffer.subarray(colon + 1 + length);
      if (!Array.isArray(packet)) {
        greeted(packet);
        continue;
      }
      const [, id, error, result] = packet;
      const waiter = pending.get(id);
      pending.delete(id);
      if (error) waiter?.reject(new MarionetteError(`${waiter.name}: ${error.error}: ${error.message}`));
      else waiter?.resolve(result);
    }
  });
  socket.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new MarionetteError(`${waiter.name}: the connection closed`));
    pending.clear();
  });

  const hello = await greeting;
  if (hello.marionetteProtocol !== 3) throw new MarionetteError(`Marionette protocol ${hello.marionetteProtocol}, this client speaks 3`);
  let nextId = 1;
  return {
    /** Sends a command; resolves with its result (WebDriver wraps most in `{value}`). */
    send(name, params = {}) {
      const id = nextId++;
      const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
      return new Promise((resolve, reject) => {
        pending.set(id, { name, resolve, reject });
        socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
      });
    },
    close: () => socket.destroy(),
  };
}
