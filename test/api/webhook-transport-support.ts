/** Receivers for the webhook transport tests: the SDK's own, and raw ones that misbehave on purpose. */
import * as lark from '@larksuiteoapi/node-sdk';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body as it arrived. */
  body: string;
}

export interface Receiver {
  /** `http://127.0.0.1:<port><path>` */
  url: string;
  port: number;
  received: Received[];
  /** What the SDK's handler was called with (own string keys), in order. */
  handled: Record<string, unknown>[];
  /** TCP connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

export const EVENT_PATH = '/lark/events';

/** Records each request's raw body while `handler` reads the same stream. */
async function listen(handler: http.RequestListener, path: string, handled: Record<string, unknown>[] = []): Promise<Receiver> {
  const received: Received[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    handled,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The SDK's receiver: `EventDispatcher` behind `adaptDefault`, as an app would run it. */
export function sdkReceiver(options: { encryptKey?: string; verificationToken?: string; autoChallenge?: boolean }): Promise<Receiver> {
  const handled: Record<string, unknown>[] = [];
  const dispatcher = new lark.EventDispatcher({
    encryptKey: options.encryptKey,
    verificationToken: options.verificationToken,
    loggerLevel: lark.LoggerLevel.error,
    logger: { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} },
  }).register({
    'calendar.calendar.event.changed_v4': async (data) => {
      handled.push(Object.fromEntries(Object.entries(data)));
    },
  });
  return listen(lark.adaptDefault(EVENT_PATH, dispatcher, { autoChallenge: options.autoChallenge ?? false }), EVENT_PATH, handled);
}

/** A receiver that answers with `respond` (after the body arrived). */
export function rawReceiver(respond: (res: http.ServerResponse) => void): Promise<Receiver> {
  return listen((req, res) => req.on('end', () => respond(res)).resume(), '/hook');
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
