/**
 * A TLS-terminating reverse proxy in front of larkcal, as a self-hosted
 * deployment puts one (nginx, Caddy): it answers for the public host with a
 * self-signed certificate made by openssl for the test, and forwards each
 * request over plain HTTP. `forwarded` passes the browser's host and scheme in
 * X-Forwarded-Host/Proto and sends larkcal its own address as the Host
 * (nginx's `proxy_pass` default); `host` passes the Host on and nothing else
 * (`proxy_set_header Host $host`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

export const opensslMissing = spawnSync('openssl', ['version']).status === 0 ? false : 'no openssl to make the proxy\'s certificate: skipped';

/** A self-signed certificate for `host`, made in a temporary directory that is removed at once. */
export function selfSignedCertificate(host: string): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-proxy-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`, '-keyout', key, '-out', cert], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReverseProxy {
  port: number;
  /** The path (and query) of every request the proxy forwarded, in order. */
  seen: string[];
  /** Where to forward: larkcal's listener, known once it has started. */
  forwardTo(upstream: string): void;
  close(): Promise<void>;
}

export async function startReverseProxy(certificate: Certificate, mode: 'forwarded' | 'host'): Promise<ReverseProxy> {
  let upstream: URL | undefined;
  const seen: string[] = [];
  const agent = new Agent({ keepAlive: false });
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (!upstream) return outgoing.writeHead(502).end('no upstream yet');
    seen.push(incoming.url ?? '');
    const headers: OutgoingHttpHeaders = { ...incoming.headers };
    if (mode === 'forwarded') Object.assign(headers, { host: upstream.host, 'x-forwarded-host': incoming.headers.host, 'x-forwarded-proto': 'https' });
    const upstreamRequest = request({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers, agent }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(outgoing);
    });
    upstreamRequest.on('error', () => outgoing.writeHead(502).end('upstream failed'));
    incoming.pipe(upstreamRequest);
  };
  const server = createServer({ key: certificate.key, cert: certificate.cert }, forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    forwardTo(url) {
      upstream = new URL(url);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
