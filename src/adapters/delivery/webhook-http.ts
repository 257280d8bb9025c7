/**
 * One POST to a webhook URL, always settled as an `AttemptOutcome` (never a
 * throw, never an unhandled rejection): the URL's scheme and address policy,
 * keep-alive agents, one deadline for connect and answer, a bounded read.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { describeRange, nonPublicRange, publicOnlyLookup } from './address-policy.js';
import type { AttemptOutcome } from './transport.js';

/** Enough for any `{"challenge": …}`; a longer answer is cut and its socket dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One keep-alive pool per scheme and policy, per process: a bench pushes
 * 1000 events/s to one receiver, and a handshake per push would dominate.
 * The policy has pools of its own because the address check runs when a
 * socket connects: a socket opened without it must never carry a push that
 * requires it. 256 sockets per origin bounds a hanging receiver's cost; a
 * push queued behind them spends its own deadline waiting.
 */
function agents(lookup?: ReturnType<typeof publicOnlyLookup>) {
  const options = { keepAlive: true, maxSockets: 256, ...(lookup ? { lookup } : {}) };
  return { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };
}
const POOLS = { open: agents(), publicOnly: agents(publicOnlyLookup()) };

export interface PostOptions {
  denyPrivate: boolean;
  timeoutMs: number;
}

export interface PostResult {
  outcome: AttemptOutcome;
  /** The response body as UTF-8 when it was read whole within the deadline and the bound. */
  response: string | null;
}

/** Why `url` is not delivered to, or the parsed URL. */
function target(url: string, denyPrivate: boolean): URL | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the URL is not a valid absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${parsed.protocol} URLs are not delivered to (http and https only)`;
  // An IP literal is connected to without a lookup (net.connect), so it is checked here.
  const host = bare(parsed.hostname);
  const range = denyPrivate && isIP(host) ? nonPublicRange(host) : null;
  return range ? `${host} is ${describeRange(range)}; private addresses are refused` : parsed;
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');
const since = (started: number) => Math.round(performance.now() - started);

/** POSTs `body` with `headers`; the whole attempt, retry included, ends by `timeoutMs`. */
export async function post(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const parsed = target(url, options.denyPrivate);
  if (typeof parsed === 'string') return { outcome: { ok: false, code: null, latencyMs: since(started), error: parsed }, response: null };
  // A pooled socket the receiver had just closed: the push never reached it,
  // so it goes once more, with what is left of the deadline (node's docs on
  // `request.reusedSocket`). At-least-once delivery tolerates the rare
  // duplicate should the receiver have read it after all (platform.md §8.8).
  return (await send(parsed, body, headers, options, started, true)) ?? (await send(parsed, body, headers, options, started, false))!;
}

/** The attempt's result, or null when it met a stale pooled socket and `mayRetry`. */
function send(url: URL, body: string, headers: Record<string, string>, options: PostOptions, started: number, mayRetry: boolean): Promise<PostResult | null> {
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    let latencyMs = 0;
    let timer: NodeJS.Timeout | undefined;
    const settle = (result: PostResult | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const failed = (error: string) => settle({ outcome: { ok: false, code: null, latencyMs: since(started), error }, response: null });
    /** The verdict is the status; the body only matters to a challenge. */
    const answered = (response: string | null) => {
      const ok = status !== null && status >= 200 && status < 300;
      settle({ outcome: { ok, code: status, latencyMs, error: ok ? null : `HTTP ${status}` }, response });
    };

    let client: http.ClientRequest;
    try {
      client = request(url, body, headers, options.denyPrivate, (res) => {
        status = res.statusCode ?? null;
        latencyMs = since(started);
        drain(res, answered);
      });
    } catch (err) {
      // http.request throws on what it cannot send (a header it refuses, say).
      return failed(err instanceof Error ? err.message : String(err));
    }
    client.on('error', (err: NodeJS.ErrnoException) => {
      if (status !== null) return answered(null);
      if (mayRetry && client.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return settle(null);
      failed(err.message);
    });
    timer = setTimeout(
      () => {
        if (status === null) failed(`no answer within ${options.timeoutMs} ms`);
        else answered(null);
        client.destroy();
      },
      Math.max(0, options.timeoutMs - (performance.now() - started)),
    );
    client.end(body);
  });
}

function request(url: URL, body: string, headers: Record<string, string>, denyPrivate: boolean, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
  const options: http.RequestOptions = {
    method: 'POST',
    hostname: bare(url.hostname),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body, 'utf8')) },
    agent: (denyPrivate ? POOLS.publicOnly : POOLS.open)[url.protocol as 'http:' | 'https:'],
  };
  return (url.protocol === 'https:' ? https : http).request(options, onResponse);
}

/**
 * Reads the answer so its socket can serve the next push, at most
 * MAX_RESPONSE_BYTES of it; `done` gets the text, or null when it was cut
 * (too long, or broken off) and the socket dropped.
 */
function drain(res: http.IncomingMessage, done: (text: string | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_RESPONSE_BYTES) return void chunks.push(chunk);
    res.destroy();
    done(null);
  });
  res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  res.on('error', () => done(null));
  res.on('close', () => done(null));
}
