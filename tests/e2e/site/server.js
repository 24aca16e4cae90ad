// The local HTTPS server of the test site: one port on 127.0.0.1 serving
// every test host (the browser maps `*.test` there with
// `--host-resolver-rules`), under a self-signed certificate made at test time
// whose SAN names them all. It records each request (host, path, and whether
// it carried a Cookie header; never the header itself), so a test can tell
// who fetched what.
//
// Run alone for a manual look: `node tests/e2e/site/server.js` prints the
// port and serves until interrupted.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import { HOSTS, route } from './pages.js';

/** A self-signed certificate for every test host, made with openssl, valid two days. */
export function makeCertificate(hosts = Object.values(HOSTS)) {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-charter-cert-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=Cookie Charter e2e test site',
      '-addext', `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the site on an ephemeral port of 127.0.0.1.
 * @param {{token: string, key?: Buffer, cert?: Buffer}} options
 * @returns {Promise<{port: number, url: (host: string, path?: string) => string, requests: object[], close: () => Promise<void>}>}
 */
export async function startSite({ token, ...tls }) {
  const { key, cert } = tls.key ? tls : makeCertificate();
  const requests = [];
  let port;
  const origin = (host) => `https://${host}:${port}`;
  const server = createServer({ key, cert }, (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(request.url, 'https://x').pathname;
    requests.push({ host, path, withCookies: request.headers.cookie !== undefined });
    const answer = route(host, path, { token, origin });
    if (!answer) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response.writeHead(answer.status ?? 200, {
      'content-type': answer.type,
      'cache-control': 'no-store',
      ...(answer.cookies?.length && { 'set-cookie': answer.cookies }),
    });
    response.end(answer.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  ({ port } = server.address());
  return {
    port,
    url: (host, path = '/') => `${origin(host)}${path}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const site = await startSite({ token: randomBytes(6).toString('hex') });
  console.log(`test site on 127.0.0.1:${site.port}; start Chromium with --host-resolver-rules="MAP *.test 127.0.0.1" --ignore-certificate-errors`);
  for (const host of Object.values(HOSTS)) console.log(`  ${site.url(host)}`);
  process.on('SIGINT', () => site.close().then(() => process.exit(0)));
}
