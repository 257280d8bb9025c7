/**
 * Two ways to send: node:http over kept-alive sockets for requests Node will
 * write, and a bare socket for the ones it refuses to (CONNECT, invalid bytes
 * in the path, broken request lines, duplicated or oversized headers).
 */
import http from 'node:http';
import net from 'node:net';

export interface Outgoing {
  method: string;
  /** As sent on the request line: percent-encoding is the case's business. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  /** Set when no whole answer came: `no answer` (timed out), `dropped` (closed), or the socket error. */
  error?: string;
}

/** Past this a request is abandoned; the checks call anything over 5 s slow. */
export const GIVE_UP_MS = 6_000;
const HALF_CLOSE_AFTER_MS = 2_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/**
 * Sends over a pooled socket; when that socket turns out to have been closed
 * by the server meanwhile (the keep-alive race), once more on a fresh one:
 * only a drop on a fresh socket is the server's.
 */
export async function sendHttp(base: URL, request: Outgoing): Promise<Answer> {
  const first = await sendOnce(base, request, agent);
  return first.error === 'dropped (reused socket)' ? sendOnce(base, request, false) : first;
}

function sendOnce(base: URL, request: Outgoing, via: http.Agent | false): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - started });
    };
    let outgoing: http.ClientRequest;
    // Node writes a GET's or DELETE's body with neither length nor chunking: the length keeps the stream well framed.
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
    try {
      outgoing = http.request({ host: base.hostname, port: base.port, method: request.method, path: request.path, headers, agent: via });
    } catch (error) {
      // Node refused to write it (an invalid header or path): a case for sendRaw, not a server failure.
      resolve({ status: 0, headers: {}, body: '', ms: 0, error: `client refused: ${(error as Error).message}` });
      return;
    }
    const timer = setTimeout(() => { finish({ status: 0, headers: {}, body: '', error: 'no answer' }); outgoing.destroy(); }, GIVE_UP_MS);
    // A socket handed back to the pool once the answer is read may still fail writing the rest of a
    // large body (the server answered 413 and closed): with no request left to tell, that is not ours to crash on.
    outgoing.on('socket', (socket) => {
      if (!socket.listeners('error').includes(ignore)) socket.on('error', ignore);
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => finish({ status: response.statusCode ?? 0, headers: flat(response.headers), body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => finish({ status: response.statusCode ?? 0, headers: flat(response.headers), body: Buffer.concat(chunks).toString('utf8'), error: error.message }));
    });
    // A server may answer (413) and close before the body is written: the answer wins over the write's EPIPE.
    outgoing.on('error', (error) => {
      const name = errorName(error);
      const reported = name === 'dropped' && outgoing.reusedSocket ? 'dropped (reused socket)' : name;
      setTimeout(() => finish({ status: 0, headers: {}, body: '', error: reported }), 50);
    });
    outgoing.end(request.body);
  });
}

/** Writes `bytes` as they are on a fresh socket and reads one answer, to the socket's end or its Content-Length. */
export function sendRaw(base: URL, bytes: Buffer): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: base.hostname, port: Number(base.port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(giveUp);
      socket.destroy();
      const parsed = parseAnswer(Buffer.concat(chunks));
      resolve(parsed ? { ...parsed, ms: performance.now() - started, ...(error && !parsed.complete && { error }) } : { status: 0, headers: {}, body: '', ms: performance.now() - started, error: error ?? 'dropped' });
    };
    const timer = setTimeout(() => finish('no answer'), GIVE_UP_MS);
    // Written, not ended: a half-close before the answer is a client Node's server may hang up on,
    // and none of the SDKs does it. Only a request still unanswered after a while is ended, as a giving-up client would.
    socket.on('connect', () => socket.write(bytes));
    const giveUp = setTimeout(() => socket.end(), HALF_CLOSE_AFTER_MS);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (parseAnswer(Buffer.concat(chunks))?.complete) finish();
    });
    socket.on('end', () => finish('dropped'));
    socket.on('error', (error) => finish(errorName(error)));
  });
}

interface Parsed { status: number; headers: Record<string, string>; body: string; complete: boolean }

/** The first HTTP/1.1 answer in `data`, if its head has arrived. */
export function parseAnswer(data: Buffer): Parsed | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = data.subarray(end + 4);
  let complete = false;
  if (headers['transfer-encoding']?.includes('chunked')) {
    const unchunked = dechunk(body);
    complete = unchunked !== undefined;
    body = unchunked ?? body;
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    complete = body.length >= length;
    body = body.subarray(0, length);
  }
  return { status, headers, body: body.toString('utf8'), complete };
}

function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    if (data.length < lineEnd + 2 + size) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

const ignore = () => {};

function flat(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function errorName(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE' ? 'dropped' : code ?? error.message;
}
