/**
 * One running larkcal: the store opened and seeded, the server listening, the
 * change-event worker (and, with async room booking, room settlement) started,
 * the sandbox clock and admin API in place.
 * `larkcal serve` prints around it and handles signals; `startLarkcal` runs it
 * inside a test process.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { adminSections } from './adapters/admin/sections.js';
import { adminAdapter } from './adapters/admin/plugin.js';
import { longConnectionOf, startDelivery } from './adapters/delivery/runtime.js';
import type { DeliveryWorker } from './adapters/delivery/worker.js';
import { startSettlement, type SettlementRunner } from './adapters/rooms/settlement-runner.js';
import type { Config } from './config/schema.js';
import type { Store } from './core/ports.js';
import { adminToken } from './core/sandbox/admin-token.js';
import { SandboxClock } from './core/sandbox/clock.js';
import { demoFixture } from './core/tenancy/demo.js';
import { parseFixture, type Fixture } from './core/tenancy/fixture.js';
import type { ScryptCost } from './core/tenancy/secrets.js';
import { loadFixture, type SeedResult, type SeededTenant } from './core/tenancy/seed.js';
import { buildServer } from './server.js';
import { openStore } from './storage/store.js';

export interface LaunchOptions {
  /** A fixture to load besides (or instead of) `config.seed`'s file. */
  fixture?: Fixture;
  /** Hashing cost of seeded secrets; lighter for in-memory sandboxes. */
  hashCost?: ScryptCost;
}

export interface Running {
  url: string;
  port: number;
  store: Store;
  clock: SandboxClock;
  app: FastifyInstance;
  delivery: DeliveryWorker;
  /** Room settlement, with `--room-booking async`. */
  settlement: SettlementRunner | undefined;
  adminToken: string;
  /** `stored`: generated (or found) in the database, not given. */
  adminTokenSource: 'given' | 'stored';
  /** The demo tenant, when this start created it. */
  demo: SeededTenant | undefined;
  /** What the seed file or fixture loaded. */
  seeded: SeedResult[];
  stop(): Promise<void>;
}

export async function launch(config: Config, options: LaunchOptions = {}): Promise<Running> {
  // Real time unless told otherwise; the admin API moves it (issue #12 §2).
  const clock = new SandboxClock();
  if (config.clock !== undefined) clock.run(config.clock);
  const store = await openStore(config.db, clock);
  const seeded: SeedResult[] = [];
  let demo: SeededTenant | undefined;
  let admin: Awaited<ReturnType<typeof adminToken>>;
  const seedOptions = options.hashCost ? { hashCost: options.hashCost } : {};
  try {
    if (config.seed) seeded.push(await loadFixture(store, parseFixture(await readFile(config.seed, 'utf8')), clock, seedOptions));
    if (options.fixture) seeded.push(await loadFixture(store, options.fixture, clock, seedOptions));
    if ((await store.tenancy.countTenants()) === 0) demo = (await loadFixture(store, demoFixture(), clock, seedOptions)).loaded[0];
    admin = await adminToken(store.settings, config.adminToken);
  } catch (error) {
    await store.close();
    throw error;
  }

  const longConnection = longConnectionOf(store, clock);
  const sections = adminSections({ store, clock });
  const adapters = [adminAdapter({ adminToken: admin.token, sections })];
  const roomBooking = config.roomBooking === 'async' ? { mode: 'async' as const, delayMs: config.roomBookingDelay } : { mode: 'instant' as const };
  const app = await buildServer({ store, clock, rateLimit: config.rateLimit, logLevel: config.logLevel, longConnection, adapters, roomBooking });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  const delivery = startDelivery(store, clock, app.log, {
    retrySchedule: config.deliveryRetries, denyPrivate: config.deliveryDenyPrivate, longConnection: longConnection.hub,
  });
  const settlement = roomBooking.mode === 'async' ? startSettlement(store, clock, app.log) : undefined;
  // Moving the clock runs what became due at once.
  const unsubscribe = clock.onChange(() => {
    delivery.nudge();
    settlement?.nudge();
  });

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port, store, clock, app, delivery, settlement, demo, seeded,
    adminToken: admin.token,
    adminTokenSource: admin.source,
    stop() {
      // The attempts in flight finish and are recorded (what was not delivered stays due for the next
      // start); close() stops accepting and waits for in-flight requests; then the database closes.
      stopped ??= (async () => {
        unsubscribe();
        await settlement?.stop();
        await delivery.stop();
        await app.close();
        await store.close();
      })();
      return stopped;
    },
  };
}
