/** Starts larkcal on a free port over a fresh database, with the shared fixture loaded. */
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import { randomIds, type IdSource } from '../../src/core/ids.js';
import type { Store } from '../../src/core/ports.js';
import type { RoomBooking } from '../../src/core/rooms/booking-mode.js';
import { RoomSettlement } from '../../src/core/rooms/settlement.js';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import type { ScryptCost } from '../../src/core/tenancy/secrets.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { CaldavCredentialService } from '../../src/core/tenancy/caldav-credentials.js';
import { caldavAdapter } from '../../src/adapters/caldav/adapter.js';
import { startDelivery, type DeliveryOptions } from '../../src/adapters/delivery/runtime.js';
import type { DeliveryWorker } from '../../src/adapters/delivery/worker.js';
import { buildServer, ROOT_PAGE, type ServerDeps } from '../../src/server.js';
import { webAdapter } from '../../src/adapters/web/plugin.js';
import { openStore } from '../../src/storage/store.js';
import { TestClock } from './clock.js';
import { freshDatabase, type Dialect, type TestDatabase } from './database.js';
import { ACME, APPS, GLOBEX, testFixture, type AppName } from './fixture.js';

export { TestClock };

/**
 * Seeded passwords and app secrets: still real scrypt, at a sixteenth of the
 * production N, so a suite's seeding is milliseconds, not a second of CPU.
 */
export const TEST_HASH_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

export interface TestServer {
  url: string;
  store: Store;
  clock: TestClock;
  database: TestDatabase;
  app: FastifyInstance;
  /** The change-event worker, when started with `delivery`. */
  delivery: DeliveryWorker | undefined;
  /** Room settlement over the test's store and clock, for tests to run by hand (`roomBooking: async`). */
  settlement: RoomSettlement;
  /** An SDK client for one of the fixture's apps (tenant token by default). */
  client(name?: AppName): lark.Client;
  /** A user_access_token of `userId` (a fixture user_id) through app `name`. */
  userToken(userId: string, name?: AppName, scopes?: string[]): Promise<string>;
  /** `lark.withUserAccessToken(...)` for that user. */
  asUser(userId: string, name?: AppName): Promise<ReturnType<typeof lark.withUserAccessToken>>;
  close(): Promise<void>;
}

export interface StartOptions {
  dialect?: Dialect;
  fixture?: Fixture;
  rateLimit?: boolean;
  /** Resource ids for the seed and the server: random by default, `new SequentialIds()` to predict them. */
  ids?: IdSource;
  /** Runs the change-event worker, with these options. */
  delivery?: DeliveryOptions;
  /** How added rooms are booked: instant by default. */
  roomBooking?: RoomBooking;
  /** The long-connection transport, built over the test's store and clock. */
  longConnection?: (store: Store, clock: TestClock) => ServerDeps['longConnection'];
  /** Serves the web calendar (adapters/web) at `/`, offering the fixture's tenants at sign-in. */
  web?: boolean;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const database = await freshDatabase(options.dialect ?? 'sqlite');
  const clock = new TestClock();
  const store = await openStore(database.url, clock);
  const ids = options.ids ?? randomIds;
  await loadFixture(store, options.fixture ?? testFixture(), clock, { hashCost: TEST_HASH_COST, ids });
  const longConnection = options.longConnection?.(store, clock);
  // CalDAV (issue #10) as launch.ts registers it, sharing generate_caldav_conf's credential service.
  const caldavCredentials = new CaldavCredentialService(store, clock, { hashCost: TEST_HASH_COST });
  const adapters = caldavAdapter({ store, clock, ids, credentials: caldavCredentials, roomBooking: options.roomBooking });
  if (options.web) adapters.push(webAdapter({ store, clock, tenants: () => fixtureTenants(store), infoPage: ROOT_PAGE, hashCost: TEST_HASH_COST }));
  const app = await buildServer({ store, clock, ids, rateLimit: options.rateLimit ?? false, logLevel: 'silent', longConnection, roomBooking: options.roomBooking, adapters, caldavCredentials });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const delivery = options.delivery && startDelivery(store, clock, SILENT_LOG, {
    ...(longConnection && { longConnection: longConnection.hub }), ...options.delivery,
  });
  const clients = new Map<AppName, lark.Client>();
  const tokens = new TokenService(store, clock);

  const userToken = async (userId: string, name: AppName = 'full', scopes?: string[]) => {
    const found = await store.tenancy.getApp(APPS[name].app_id);
    if (!found) throw new Error(`no app ${name}`);
    const user = await store.tenancy.findUserByUserId(found.tenantKey, userId);
    if (!user) throw new Error(`no user ${userId} in ${found.tenantKey}`);
    return (await tokens.issueUserToken(found, user.ref, scopes ?? found.scopes)).accessToken.value;
  };

  return {
    url, store, clock, database, app, delivery,
    settlement: new RoomSettlement(store, clock),
    client(name: AppName = 'full') {
      let client = clients.get(name);
      if (!client) {
        client = new lark.Client({ ...credentials(name), domain: url, logger: SILENT, cache: new TokenCache() });
        clients.set(name, client);
      }
      return client;
    },
    userToken,
    async asUser(userId: string, name: AppName = 'full') {
      return lark.withUserAccessToken(await userToken(userId, name));
    },
    async close() {
      await delivery?.stop();
      await app.close();
      await store.close();
      await database.drop();
    },
  };
}

async function fixtureTenants(store: Store): Promise<Array<{ tenantKey: string; name: string }>> {
  const tenants = await Promise.all([ACME, GLOBEX].map((key) => store.tenancy.getTenant(key)));
  return tenants.filter((t) => t !== undefined).map((t) => ({ tenantKey: t.tenantKey, name: t.name }));
}

// The SDK logs every failed call; `loggerLevel: fatal` (0) is falsy there and falls back to info.
const SILENT_LOG = { info() {}, warn() {}, error() {} };
const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/**
 * The SDK's default token cache is one module-wide map keyed by app id, so two
 * servers in one process would share tokens. Each client gets its own.
 */
class TokenCache {
  private readonly values = new Map<string, { value: unknown; expire?: number }>();
  async set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean> {
    this.values.set(`${options?.namespace ?? ''}|${String(key)}`, { value, expire });
    return true;
  }
  async get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown> {
    const entry = this.values.get(`${options?.namespace ?? ''}|${String(key)}`);
    if (!entry || (entry.expire !== undefined && entry.expire < Date.now())) return undefined;
    return entry.value;
  }
}

function credentials(name: AppName) {
  return { appId: APPS[name].app_id, appSecret: APPS[name].app_secret };
}
