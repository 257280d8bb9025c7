/**
 * larkcal inside a test process (issue #12 §6): `startLarkcal(options)` starts
 * the same server `larkcal serve` runs — by default on a free port over an
 * in-memory database without rate limits — and resolves once it listens.
 *
 * ```ts
 * const larkcal = await startLarkcal({ fixture: './test/fixture.json', clock: '2026-03-16T09:00:00+08:00' });
 * const token = await larkcal.userToken('cli_a1b2c3d4e5f60718', 'alice');
 * await larkcal.admin.clock({ advance_ms: 3_600_000 });
 * await larkcal.stop();
 * ```
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AdminClient, segment, type AdminMethod } from './cli/admin-client.js';
import { issueUserToken } from './cli/token.js';
import { loadConfig } from './config/load.js';
import { CONFIG, type Config } from './config/schema.js';
import type { ClockState } from './core/sandbox/clock.js';
import { parseFixture, type Fixture } from './core/tenancy/fixture.js';
import type { SeededTenant } from './core/tenancy/seed.js';
import { launch } from './launch.js';

export { AdminApiError } from './cli/admin-client.js';
export type { Fixture } from './core/tenancy/fixture.js';
export type { ClockState } from './core/sandbox/clock.js';
export type { SeededTenant } from './core/tenancy/seed.js';

/** `serve`'s options by their camelCase names (`rateLimit`, `deliveryRetries`, `logLevel`, …), as typed values. */
export type ServeOptions = Partial<Omit<Config, 'db' | 'clock'>>;

export interface StartOptions extends ServeOptions {
  /** A fixture (as `larkcal seed` reads it) or the path of its JSON file. Without one, an empty database gets the demo tenant. */
  fixture?: Fixture | string;
  /** `sqlite::memory:` (default: nothing persists), `sqlite:FILE` or `postgres://user:pass@host/db`. */
  db?: string;
  /** Start the virtual clock running from this instant (RFC 3339 text, epoch ms or a Date); default: real time. */
  clock?: string | number | Date;
}

/** What `admin.clock` sends: exactly one of the admin API's `POST /_larkcal/clock` bodies. */
export type ClockChange = { set: string | number | Date } | { advance_ms: number } | { mode: 'running' | 'system' };

/** `GET /_larkcal/journal`'s filters. */
export interface JournalQuery {
  limit?: number;
  app_id?: string;
  path?: string;
  status?: number;
  since?: string | number;
}

/** The admin API (`/_larkcal/`), called over HTTP with the server's admin token. */
export interface LarkcalAdmin {
  /** Without an argument: the clock as it stands. */
  clock(change?: ClockChange): Promise<ClockState>;
  /** Back to the state right after the seed (the fixture, or the demo tenant). */
  reset(): Promise<unknown>;
  /** Keeps the whole state under `name`. */
  snapshot(name: string): Promise<unknown>;
  /** Brings back the state kept under `name`, tokens included. */
  restore(name: string): Promise<unknown>;
  snapshots(): Promise<unknown>;
  deleteSnapshot(name: string): Promise<unknown>;
  /** The newest calls first. */
  journal(query?: JournalQuery): Promise<{ items: unknown[] }>;
  faults: {
    add(fault: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>>;
    list(): Promise<unknown>;
    delete(id: string): Promise<unknown>;
  };
  /** Any admin route, relative to `/_larkcal` (e.g. `call('GET', '/deliveries')`). */
  call<T = unknown>(method: AdminMethod, path: string, body?: unknown): Promise<T>;
}

export interface Larkcal {
  /** The base URL: the SDK's `domain`. */
  url: string;
  adminToken: string;
  /** The demo tenant (its app's id and secret, its users), when this start created it. */
  demo: SeededTenant | undefined;
  /** A user_access_token as if `userId` had signed in through `appId` granting every scope it holds. */
  userToken(appId: string, userId: string): Promise<string>;
  admin: LarkcalAdmin;
  /** Finishes in-flight requests and deliveries, then closes the database. */
  stop(): Promise<void>;
}

export async function startLarkcal(options: StartOptions = {}): Promise<Larkcal> {
  const { fixture, db, clock, ...serve } = options;
  const config: Config = {
    ...loadConfig({}, {}),
    port: 0,
    rateLimit: false,
    ...definedOnly(serve),
    db: parseOption('db', db ?? 'sqlite::memory:'),
    clock: clockOption(clock),
  };
  const loaded = typeof fixture === 'string' ? parseFixture(await readFile(fixture, 'utf8'), { baseDir: dirname(resolve(fixture)) }) : fixture;
  const running = await launch(config, loaded ? { fixture: loaded } : {});
  const client = new AdminClient(running.url, running.adminToken);
  return {
    url: running.url,
    adminToken: running.adminToken,
    demo: running.demo,
    userToken: async (appId, userId) => (await issueUserToken(running.store, running.clock, appId, userId)).value,
    admin: adminOf(client),
    stop: () => running.stop(),
  };
}

function adminOf(client: AdminClient): LarkcalAdmin {
  return {
    clock: (change) => (change ? client.call('POST', '/clock', clockBody(change)) : client.call('GET', '/clock')),
    reset: () => client.call('POST', '/reset'),
    snapshot: (name) => client.call('POST', '/snapshots', { name }),
    restore: (name) => client.call('POST', `/snapshots/${segment(name)}/restore`),
    snapshots: () => client.call('GET', '/snapshots'),
    deleteSnapshot: (name) => client.call('DELETE', `/snapshots/${segment(name)}`),
    journal: (query = {}) => {
      const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      return client.call('GET', `/journal${params.size > 0 ? `?${params}` : ''}`);
    },
    faults: {
      add: (fault) => client.call('POST', '/faults', fault),
      list: () => client.call('GET', '/faults'),
      delete: (id) => client.call('DELETE', `/faults/${segment(id)}`),
    },
    call: (method, path, body) => client.call(method, path, body),
  };
}

const clockBody = (change: ClockChange): ClockChange =>
  'set' in change && change.set instanceof Date ? { set: change.set.toISOString() } : change;

function clockOption(clock: StartOptions['clock']): number | undefined {
  if (clock === undefined) return undefined;
  if (clock instanceof Date) return clock.getTime();
  return typeof clock === 'number' ? clock : parseOption('clock', clock);
}

/** A text option through the schema, so a bad value reads as it would from the command line. */
function parseOption<K extends 'db' | 'clock'>(key: K, text: string): Config[K] {
  const parsed = CONFIG[key].parse(text);
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) throw new Error(`startLarkcal: ${key}: ${text}: ${parsed.error}`);
  return parsed as Config[K];
}

/** `{port: undefined}` keeps the default rather than erasing it. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
