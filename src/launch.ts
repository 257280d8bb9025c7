/**
 * One running larkcal: the store opened and seeded, the server listening, the
 * change-event worker (and, with async room booking, room settlement) started,
 * the sandbox clock and admin API in place.
 * `larkcal serve` prints around it and handles signals; `startLarkcal` runs it
 * inside a test process.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { adminSections } from './adapters/admin/sections.js';
import { adminAdapter } from './adapters/admin/plugin.js';
import { caldavAdapter } from './adapters/caldav/adapter.js';
import { longConnectionOf, startDelivery } from './adapters/delivery/runtime.js';
import type { DeliveryWorker } from './adapters/delivery/worker.js';
import { deliveryFaults, journalSends } from './adapters/sandbox/delivery-hooks.js';
import { FaultBook } from './adapters/sandbox/fault-book.js';
import { Journal } from './adapters/sandbox/journal.js';
import { startSettlement, type SettlementRunner } from './adapters/rooms/settlement-runner.js';
import { FixtureMailboxReader } from './adapters/exchange/fixture-reader.js';
import { startExchangeSync, type ExchangeSyncRunner } from './adapters/exchange/sync-runner.js';
import type { Config } from './config/schema.js';
import type { Store } from './core/ports.js';
import { adminToken } from './core/sandbox/admin-token.js';
import { SandboxClock } from './core/sandbox/clock.js';
import { SandboxState } from './core/sandbox/state.js';
import { demoRecord, seedDemo } from './core/tenancy/demo.js';
import { parseFixture, type Fixture } from './core/tenancy/fixture.js';
import { SCRYPT_COST, type ScryptCost } from './core/tenancy/secrets.js';
import { CaldavCredentialService } from './core/tenancy/caldav-credentials.js';
import { loadFixture, type SeedResult, type SeededTenant } from './core/tenancy/seed.js';
import { drainAndClose } from './adapters/operations/drain.js';
import { Metrics } from './adapters/operations/metrics.js';
import { RedisRateCounters } from './adapters/redis/rate-counters.js';
import { ConfigError } from './config/load.js';
import { buildServer, ROOT_PAGE } from './server.js';
import { webAdapter } from './adapters/web/plugin.js';
import { commitStatsOf, openStore, stateOf, storeStatsOf } from './storage/store.js';

export interface LaunchOptions {
  /** A fixture to load besides (or instead of) `config.seed`'s file. */
  fixture?: Fixture;
  /** Hashing cost of seeded secrets; default: lighter for an in-memory database (see IN_MEMORY_HASH_COST). */
  hashCost?: ScryptCost;
}

export interface Running {
  url: string;
  port: number;
  store: Store;
  clock: SandboxClock;
  app: FastifyInstance;
  delivery: DeliveryWorker;
  journal: Journal;
  faults: FaultBook;
  /** Room settlement, with `--room-booking async`. */
  settlement: SettlementRunner | undefined;
  /** The Exchange bindings' background sync (issue #11 §3). */
  exchange: ExchangeSyncRunner;
  adminToken: string;
  /** `stored`: generated (or found) in the database, not given. */
  adminTokenSource: 'given' | 'stored';
  /** The demo tenant, when this start created it. */
  demo: SeededTenant | undefined;
  /** What the seed file or fixture loaded. */
  seeded: SeedResult[];
  stop(): Promise<void>;
}

/**
 * scrypt at N = 2^10 instead of 2^14: a database that vanishes with the process
 * guards nothing for long, and a test's start must not wait on hashing (issue
 * #12 §6). Hashes name their cost, so logins verify either way.
 */
export const IN_MEMORY_HASH_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

export const isInMemory = (config: Pick<Config, 'db'>): boolean => config.db.dialect === 'sqlite' && config.db.file === ':memory:';

export async function launch(config: Config, options: LaunchOptions = {}): Promise<Running> {
  // Real time unless told otherwise; the admin API moves it (issue #12 §2).
  const clock = new SandboxClock();
  if (config.clock !== undefined) clock.run(config.clock);
  const store = await openStore(config.db, clock);
  const seeded: SeedResult[] = [];
  let demo: SeededTenant | undefined;
  let admin: Awaited<ReturnType<typeof adminToken>>;
  const seedOptions = { hashCost: options.hashCost ?? (isInMemory(config) ? IN_MEMORY_HASH_COST : SCRYPT_COST) };
  const state = new SandboxState(stateOf(store), store, clock, seedOptions.hashCost);
  try {
    if (config.seed) seeded.push(await loadFixture(store, parseFixture(await readFile(config.seed, 'utf8'), { baseDir: dirname(resolve(config.seed)) }), clock, seedOptions));
    if (options.fixture) seeded.push(await loadFixture(store, options.fixture, clock, seedOptions));
    if ((await store.tenancy.countTenants()) === 0) demo = await seedDemo(store, clock, seedOptions);
    admin = await adminToken(store.settings, config.adminToken);
    // What POST /_larkcal/reset returns to: this start's state after its seed.
    await state.markSeed();
  } catch (error) {
    await store.close();
    throw error;
  }

  const longConnection = longConnectionOf(store, clock);
  // One journal and one fault book, shared by the Open API, the delivery worker and the admin API (issue #12 §4).
  const journal = new Journal(config.journalSize);
  const faults = new FaultBook(config.seedRandom ?? randomInt(2 ** 32));
  // The worker starts once the server listens; the admin routes reach it through this.
  let worker: DeliveryWorker | undefined;
  const started = () => {
    if (!worker) throw new Error('the delivery worker has not started');
    return worker;
  };
  const observe = { journal, faults, delivery: { redeliver: (id: string) => started().redeliver(id), nudge: () => started().nudge() } };
  // One credential service for the Open API and CalDAV: a replaced or revoked password leaves both memos at once.
  const caldavCredentials = new CaldavCredentialService(store, clock, { hashCost: seedOptions.hashCost });
  const sections = adminSections({ store, clock, observe, state, hashCost: seedOptions.hashCost, caldavCredentials });
  const tenants = async () => {
    const keys = new Set([...seeded.flatMap((r) => [...r.loaded.map((t) => t.tenantKey), ...r.skipped]), ...(demo ? [demo.tenantKey] : [])]);
    const stored = await demoRecord(store);
    if (stored) keys.add(stored.tenantKey);
    const found = await Promise.all([...keys].map((key) => store.tenancy.getTenant(key)));
    return found.filter((t) => t !== undefined).map((t) => ({ tenantKey: t.tenantKey, name: t.name }));
  };
  const roomBooking = config.roomBooking === 'async' ? { mode: 'async' as const, delayMs: config.roomBookingDelay } : { mode: 'instant' as const };
  const adapters = [
    adminAdapter({ adminToken: admin.token, sections }),
    ...caldavAdapter({ store, clock, credentials: caldavCredentials, roomBooking }),
    webAdapter({ store, clock, tenants, infoPage: ROOT_PAGE, publicUrl: config.publicUrl, hashCost: seedOptions.hashCost }),
  ];
  const sandbox = { journal, faults, userIdOf: async (ref: string) => (await store.tenancy.getUser(ref))?.userId };
  const metrics = new Metrics({ outbox: () => store.deliveries.countOpen(), commits: () => commitStatsOf(store), database: () => storeStatsOf(store) });
  const operations = { metrics, metricsTokens: [admin.token, ...(config.metricsToken ? [config.metricsToken] : [])], ping: () => store.tenancy.countTenants() };
  const redis = config.redis && config.rateLimit ? await connectRedis(config.redis, store) : undefined;
  const app = await buildServer({
    store, clock, rateLimit: config.rateLimit, rateCounters: redis, logLevel: config.logLevel, longConnection, adapters, sandbox, roomBooking, operations,
    caldavCredentials, publicUrl: config.publicUrl,
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await redis?.close();
    await store.close();
    throw error;
  }
  const delivery = startDelivery(store, clock, app.log, {
    retrySchedule: config.deliveryRetries, denyPrivate: config.deliveryDenyPrivate, longConnection: longConnection.hub,
    faults: deliveryFaults(faults), onSent: both(journalSends(journal), (sent) => metrics.observeDelivery(sent)),
  });
  worker = delivery;
  const settlement = roomBooking.mode === 'async' ? startSettlement(store, clock, app.log) : undefined;
  const exchange = startExchangeSync(store, clock, new FixtureMailboxReader(), app.log, { refreshMs: config.thirdPartyRefresh });
  // Moving the clock runs what became due at once.
  const unsubscribe = clock.onChange(() => {
    delivery.nudge();
    settlement?.nudge();
    exchange.nudge();
  });

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port, store, clock, app, delivery, settlement, exchange, journal, faults, demo, seeded,
    adminToken: admin.token,
    adminTokenSource: admin.source,
    stop() {
      // The attempts in flight finish and are recorded (what was not delivered stays due for the next
      // start); the drain stops accepting and answers what is in flight and arriving on open connections
      // (adapters/operations/drain.ts); then the database closes.
      stopped ??= (async () => {
        unsubscribe();
        await settlement?.stop();
        await exchange.stop();
        await delivery.stop();
        await drainAndClose(app);
        await redis?.close();
        await store.close();
      })();
      return stopped;
    },
  };
}

/** `--redis`: the rate counters' Redis must answer at start; later outages let calls through (and are logged). */
async function connectRedis(url: string, store: Store): Promise<RedisRateCounters> {
  const counters = new RedisRateCounters(url);
  try {
    await counters.connect();
    return counters;
  } catch (error) {
    await counters.close();
    await store.close();
    throw new ConfigError(`--redis: cannot reach ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(error as Error).message}`);
  }
}

function both<T>(first: (value: T) => void, second: (value: T) => void): (value: T) => void {
  return (value) => {
    first(value);
    second(value);
  };
}
