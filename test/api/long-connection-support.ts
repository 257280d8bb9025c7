/**
 * Shared by the long-connection tests: a server with the hub wired in, the
 * SDK's WSClient pointed at it, and a raw `ws` client for what the SDK hides
 * (frame bytes, ack order, a socket that vanishes mid-delivery).
 */
import { request } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import WebSocket from 'ws';
import { appSecretAuth } from '../../src/adapters/long-connection/auth.js';
import { decodeFrame, encodeFrame, type Frame } from '../../src/adapters/long-connection/frames.js';
import { LongConnectionHub, type LongConnectionOptions } from '../../src/adapters/long-connection/hub.js';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { ACME, APPS, type AppName } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

/** Apps whose event configuration says long connection; `noscope` stays on webhooks. */
export const LONG_CONNECTION_APPS: ReadonlySet<string> = new Set([APPS.full.app_id, APPS.nobot.app_id, APPS.globex.app_id]);

export interface HubServer extends TestServer {
  hub: LongConnectionHub;
}

export async function startHubServer(options: LongConnectionOptions = {}): Promise<HubServer> {
  const hub = new LongConnectionHub(options);
  const server = await startServer({
    longConnection: (store, clock) => ({ hub, auth: appSecretAuth(new TokenService(store, clock), (app) => LONG_CONNECTION_APPS.has(app.appId)) }),
  });
  return { ...server, hub };
}

export const EVENT_CHANGED = 'calendar.calendar.event.changed_v4';

/** A schema-2.0 envelope (platform.md §8.3, §10.3). */
export function envelope(appId: string, eventId: string, type: string = EVENT_CHANGED, extra: Record<string, unknown> = {}) {
  return {
    schema: '2.0',
    header: { event_id: eventId, event_type: type, create_time: '1773648000000', token: 'verification-token', app_id: appId, tenant_key: ACME },
    event: {
      calendar_id: 'feishu.cn_aaaaaaaaaa@group.calendar.feishu.cn',
      user_id_list: [{ union_id: 'on_1', user_id: 'alice', open_id: 'ou_1' }],
      calendar_event_id: 'efa67a98-06a8-4df5-8559-746c8f4477ef_0',
      change_type: 'update',
      ...extra,
    },
  };
}

/** What the dispatcher hands a handler: header and event merged into one object (symbol key left out). */
export function flattened(body: ReturnType<typeof envelope>) {
  return { schema: body.schema, ...body.header, ...body.event };
}

/** Records what the SDK logs at error level, so a test can assert it stayed quiet. */
export class SdkLog {
  readonly errors: string[] = [];
  readonly logger = {
    error: (...msg: unknown[]) => {
      this.errors.push(msg.flat().map(String).join(' '));
    },
    warn() {}, info() {}, debug() {}, trace() {},
  };
}

export interface SdkClient {
  ws: lark.WSClient;
  log: SdkLog;
  errors: Error[];
}

type Handler = (data: any) => Promise<unknown>;

/**
 * A started WSClient, once it is connected or has given up: `start` itself
 * returns before the first connect (it does not await it).
 */
export async function sdkClient(url: string, name: AppName, handlers: Record<string, Handler> = {}): Promise<SdkClient> {
  const log = new SdkLog();
  const errors: Error[] = [];
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const ws = new lark.WSClient({
    appId: APPS[name].app_id, appSecret: APPS[name].app_secret, domain: url, logger: log.logger, loggerLevel: lark.LoggerLevel.error,
    onReady: () => settle(),
    onError: (error) => {
      errors.push(error);
      settle();
    },
  });
  const eventDispatcher = new lark.EventDispatcher({ logger: log.logger, loggerLevel: lark.LoggerLevel.error }).register(handlers);
  await ws.start({ eventDispatcher });
  const timeout = setTimeout(() => settle(), 2000);
  await settled;
  clearTimeout(timeout);
  return { ws, log, errors };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface EndpointAnswer {
  status: number;
  type: string | undefined;
  body: any;
}

/** POSTs to the endpoint over node:http, so the Host header can be chosen (fetch forbids it). */
export function postEndpoint(url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Promise<EndpointAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/callback/ws/endpoint`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function connectUrl(url: string, name: AppName = 'full'): Promise<string> {
  const answer = await postEndpoint(url, JSON.stringify({ AppID: APPS[name].app_id, AppSecret: APPS[name].app_secret }));
  if (answer.body.code !== 0) throw new Error(`endpoint said ${JSON.stringify(answer.body)}`);
  return answer.body.data.URL as string;
}

/** A bare client: decodes every frame it receives into a queue, sends whatever frame it is given. */
export class RawClient {
  private readonly received: Frame[] = [];
  private waiting: ((frame: Frame) => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(readonly socket: WebSocket, readonly serviceId: number) {
    socket.on('message', (data: Buffer) => {
      const frame = decodeFrame(data);
      const waiter = this.waiting;
      this.waiting = undefined;
      if (waiter) waiter(frame);
      else this.received.push(frame);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(url: string): Promise<RawClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket, Number(new URL(url).searchParams.get('service_id')));
  }

  next(timeoutMs = 2000): Promise<Frame> {
    const queued = this.received.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame arrived')), timeoutMs);
      this.waiting = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
    });
  }

  send(frame: Frame | Uint8Array): void {
    this.socket.send(frame instanceof Uint8Array ? frame : encodeFrame(frame));
  }

  /** Acknowledges like the Node SDK: the received frame, its headers plus biz_rt, a JSON payload. */
  ack(frame: Frame, body: object): void {
    this.send({ ...frame, headers: [...frame.headers, { key: 'biz_rt', value: '0' }], payload: Buffer.from(JSON.stringify(body)) });
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
  }
}

export const headersOf = (frame: Frame) => Object.fromEntries(frame.headers.map(({ key, value }) => [key, value]));
