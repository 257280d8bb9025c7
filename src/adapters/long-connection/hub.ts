/**
 * The long-connection transport (platform.md §9): hands out one-use
 * connection URLs, accepts the SDK's WebSocket on larkcal's own port and
 * delivers each event to one live connection of its app, chosen at random
 * ("cluster mode", never a broadcast). The outbox decides what to send and
 * when to retry; this only carries one attempt and reports how it went.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AttemptOutcome } from '../delivery/transport.js';
import { Connection, type HubLog } from './connection.js';
import { CLIENT_CONFIG_DEFAULTS, clientConfigJson, type ClientConfig } from './messages.js';
import { TICKET_DEFAULTS, TicketBook, type Ticket } from './tickets.js';

export type { ClientConfig, HubLog };

export interface LongConnectionOptions {
  /** Where the WebSocket upgrade is served on larkcal's port. */
  path?: `/${string}`;
  /** Event payloads longer than this many bytes go out in fragments. */
  fragmentBytes?: number;
  /** Feishu's documented cap is 50 (§9). */
  maxConnectionsPerApp?: number;
  /** Deliveries awaiting an ack, over all connections; beyond it an attempt fails at once. */
  maxInFlight?: number;
  /** Handed out by the endpoint and in every pong; seconds. */
  clientConfig?: ClientConfig;
  ticketTtlMs?: number;
  maxTickets?: number;
  /**
   * A socket that sends nothing (not even its pings, every PingInterval) for
   * this long is terminated. Default: two ping intervals and a half.
   */
  idleTimeoutMs?: number;
  /** Largest message accepted from a client: pings and acks are small. */
  maxInboundBytes?: number;
  log?: HubLog;
}

export type ConnectUrl = { ok: true; url: string; clientConfig: ClientConfig } | { ok: false; reason: 'connection_limit' | 'closed' };

const SILENT: HubLog = { debug() {}, warn() {} };

export class LongConnectionHub {
  readonly path: `/${string}`;
  readonly clientConfig: ClientConfig;
  private readonly fragmentBytes: number;
  private readonly maxConnectionsPerApp: number;
  private readonly maxInFlight: number;
  private readonly idleTimeoutMs: number;
  private readonly configJson: string;
  private readonly log: HubLog;
  private readonly tickets: TicketBook;
  private readonly sockets: WebSocketServer;
  private readonly apps = new Map<string, Set<Connection>>();
  private readonly attached = new Set<Server>();
  private isClosed = false;

  constructor(options: LongConnectionOptions = {}) {
    this.path = options.path ?? '/ws/v2';
    this.fragmentBytes = positive(options.fragmentBytes ?? 64 * 1024, 'fragmentBytes');
    this.maxConnectionsPerApp = positive(options.maxConnectionsPerApp ?? 50, 'maxConnectionsPerApp');
    this.maxInFlight = positive(options.maxInFlight ?? 10_000, 'maxInFlight');
    this.clientConfig = { ...(options.clientConfig ?? CLIENT_CONFIG_DEFAULTS) };
    this.configJson = clientConfigJson(this.clientConfig);
    this.idleTimeoutMs = positive(options.idleTimeoutMs ?? this.clientConfig.PingInterval * 2500, 'idleTimeoutMs');
    this.log = options.log ?? SILENT;
    this.tickets = new TicketBook({ ttlMs: options.ticketTtlMs ?? TICKET_DEFAULTS.ttlMs, max: options.maxTickets ?? TICKET_DEFAULTS.max });
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxInboundBytes ?? 1024 * 1024 });
  }

  /**
   * A one-use URL for `appId` on the host the client reached us by. The SDK
   * reads `device_id` and `service_id` with `qs.parse` on the whole URL, which
   * swallows the first key into the prefix, so `fpid` goes first (§9.1).
   */
  connectUrl(appId: string, host: string, scheme: 'ws' | 'wss' = 'ws'): ConnectUrl {
    if (this.isClosed) return { ok: false, reason: 'closed' };
    if (this.connectionCount(appId) >= this.maxConnectionsPerApp) return { ok: false, reason: 'connection_limit' };
    const ticket = this.tickets.issue(appId);
    const query = new URLSearchParams({ fpid: '1', device_id: ticket.deviceId, service_id: String(ticket.serviceId), ticket: ticket.value });
    return { ok: true, url: `${scheme}://${host}${this.path}?${query}`, clientConfig: { ...this.clientConfig } };
  }

  /** Takes over `server`'s WebSocket upgrades: this path is served, any other refused. */
  attach(server: Server): void {
    if (this.attached.has(server)) return;
    this.attached.add(server);
    server.on('upgrade', this.upgrade);
  }

  /** One attempt: one random live connection of the app, its ack within ATTEMPT_TIMEOUT_MS. */
  async deliver(appId: string, envelopeJson: string): Promise<AttemptOutcome> {
    const startedAt = performance.now();
    const fail = (error: string): AttemptOutcome => ({ ok: false, code: null, latencyMs: Math.round(performance.now() - startedAt), error });
    if (this.isClosed) return fail('the long-connection hub is closed');
    const open = [...(this.apps.get(appId) ?? [])];
    if (open.length === 0) return fail('no live long connection for the app');
    // Just opened: wait (briefly, see Connection.ready) until one listens.
    if (!open.some((connection) => connection.ready)) await Promise.race(open.map((connection) => connection.whenReady));
    const connections = open.filter((connection) => connection.ready);
    if (connections.length === 0) return fail('no live long connection for the app');
    if (this.inFlight() >= this.maxInFlight) return fail(`too many deliveries awaiting an ack (limit ${this.maxInFlight})`);
    const connection = connections[randomInt(connections.length)]!;
    return connection.deliver(Buffer.from(envelopeJson, 'utf8'), this.fragmentBytes, startedAt);
  }

  connectedApps(): ReadonlySet<string> {
    return new Set(this.apps.keys());
  }

  /** Of those, the ones whose client listens (Connection.ready). */
  readyCount(appId: string): number {
    return [...(this.apps.get(appId) ?? [])].filter((connection) => connection.ready).length;
  }

  connectionCount(appId: string): number {
    return this.apps.get(appId)?.size ?? 0;
  }

  /** Server shutdown: refuses new work, fails pending attempts, terminates every socket. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const server of this.attached) server.off('upgrade', this.upgrade);
    this.attached.clear();
    this.tickets.clear();
    const connections = [...this.apps.values()].flatMap((set) => [...set]);
    for (const connection of connections) {
      connection.failAll('the long-connection hub closed');
      connection.socket.terminate();
    }
    await Promise.all(connections.map((connection) => connection.closed));
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }

  private inFlight(): number {
    let count = 0;
    for (const set of this.apps.values()) for (const connection of set) count += connection.inFlight;
    return count;
  }

  private readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'ws://larkcal');
    if (url.pathname !== this.path) return refuse(socket, '404 Not Found');
    if (this.isClosed) return refuse(socket, '503 Service Unavailable');
    const ticket = this.tickets.redeem(url.searchParams.get('ticket') ?? '');
    // The Go SDK reads these headers (§9.1): 514 alone is retried, 514 with 1000040350 is fatal.
    if (!ticket) return refuse(socket, '401 Unauthorized', { 'Handshake-Status': '514', 'Handshake-Msg': 'ticket unknown, used or expired' });
    if (this.connectionCount(ticket.appId) >= this.maxConnectionsPerApp) {
      return refuse(socket, '403 Forbidden', { 'Handshake-Status': '514', 'Handshake-Autherrcode': '1000040350', 'Handshake-Msg': 'exceeded connection limit' });
    }
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.adopt(ws, ticket));
  };

  private adopt(socket: WebSocket, ticket: Ticket): void {
    const connection = new Connection(socket, ticket, this.configJson, this.idleTimeoutMs, this.log);
    let set = this.apps.get(ticket.appId);
    if (!set) this.apps.set(ticket.appId, (set = new Set()));
    set.add(connection);
    this.log.debug({ appId: ticket.appId, connections: set.size }, 'long connection opened');
    void connection.closed.then(() => {
      set.delete(connection);
      if (set.size === 0 && this.apps.get(ticket.appId) === set) this.apps.delete(ticket.appId);
      this.log.debug({ appId: ticket.appId, connections: set.size }, 'long connection closed');
    });
  }
}

/** A plain HTTP answer on the raw socket, then hang up once it is written. */
function refuse(socket: Duplex, status: string, headers: Record<string, string> = {}): void {
  const lines = [`HTTP/1.1 ${status}`, 'Connection: close', 'Content-Length: 0', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
