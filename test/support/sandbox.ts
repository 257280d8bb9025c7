/**
 * larkcal as `serve` runs it — clock, admin API, delivery — in this process,
 * on a fresh database with the shared fixture, and an admin client for it.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { launch, type Running } from '../../src/launch.js';
import { freshDatabase, type Dialect, type TestDatabase } from './database.js';
import { APPS, testFixture, type AppName } from './fixture.js';
import { TEST_HASH_COST } from './server.js';

export interface Sandbox extends Running {
  database: TestDatabase;
  /** Calls the admin API with the admin token (or `token`); answers status and JSON. */
  admin(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any; headers: Headers }>;
  /** An SDK client for one of the fixture's apps, with a token cache of its own. */
  client(name?: AppName): lark.Client;
  close(): Promise<void>;
}

export async function startSandbox(options: { dialect?: Dialect; config?: Partial<Config>; fixture?: Fixture } = {}): Promise<Sandbox> {
  const database = await freshDatabase(options.dialect ?? 'sqlite');
  const config: Config = { ...loadConfig({}, {}), port: 0, db: database.url, rateLimit: false, logLevel: 'silent', ...options.config };
  const running = await launch(config, { fixture: options.fixture ?? testFixture(), hashCost: TEST_HASH_COST });
  return {
    ...running,
    database,
    async admin(method, path, body, token = running.adminToken) {
      const res = await fetch(`${running.url}/_larkcal${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    client(name: AppName = 'full') {
      return new lark.Client({
        appId: APPS[name].app_id, appSecret: APPS[name].app_secret, domain: running.url, cache: new MemoryCache(),
        logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
      });
    },
    async close() {
      await running.stop();
      await database.drop();
    },
  };
}

/** The SDK's default token cache is one map for the whole process: two sandboxes would share tokens. */
class MemoryCache {
  private readonly values = new Map<string, unknown>();
  async set(key: string | Symbol, value: unknown, _expire?: number, options?: { namespace?: string }): Promise<boolean> {
    this.values.set(`${options?.namespace ?? ''}|${String(key)}`, value);
    return true;
  }
  async get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown> {
    return this.values.get(`${options?.namespace ?? ''}|${String(key)}`);
  }
}
