import { readFile } from 'node:fs/promises';
import type { Clock, Store } from '../core/ports.js';
import { adminToken } from '../core/sandbox/admin-token.js';
import { SandboxClock } from '../core/sandbox/clock.js';
import { demoFixture } from '../core/tenancy/demo.js';
import { parseFixture } from '../core/tenancy/fixture.js';
import { loadFixture, type SeededTenant } from '../core/tenancy/seed.js';
import type { Config } from '../config/schema.js';
import { clockRoutes } from '../adapters/admin/clock-routes.js';
import { adminAdapter } from '../adapters/admin/plugin.js';
import { longConnectionOf, startDelivery } from '../adapters/delivery/runtime.js';
import { buildServer } from '../server.js';
import { openStore } from '../storage/store.js';

/** `larkcal serve`: open the store, seed it, listen, and stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  // Real time unless told otherwise; the admin API moves it (issue #12 §2).
  const clock = new SandboxClock();
  if (config.clock !== undefined) clock.run(config.clock);
  const store = await openStore(config.db, clock);
  let demo: SeededTenant | undefined;
  let admin: Awaited<ReturnType<typeof adminToken>>;
  try {
    if (config.seed) await seedFromFile(store, config.seed, clock);
    if ((await store.tenancy.countTenants()) === 0) demo = (await loadFixture(store, demoFixture(), clock)).loaded[0];
    admin = await adminToken(store.settings, config.adminToken);
  } catch (error) {
    await store.close();
    throw error;
  }
  const longConnection = longConnectionOf(store, clock);
  const adapters = [adminAdapter({ adminToken: admin.token, sections: [clockRoutes(clock)] })];
  const app = await buildServer({ store, clock, rateLimit: config.rateLimit, logLevel: config.logLevel, longConnection, adapters });
  await app.listen({ port: config.port, host: config.host });
  const delivery = startDelivery(store, clock, app.log, {
    retrySchedule: config.deliveryRetries, denyPrivate: config.deliveryDenyPrivate, longConnection: longConnection.hub,
  });
  // Moving the clock runs what became due at once.
  clock.onChange(() => delivery.nudge());
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // After listen, so the snippet carries the real port when --port 0 picked one.
  if (demo) printDemo(demo, config.host, port);
  if (admin.source === 'stored') console.log(`admin token (for /_larkcal/, also: larkcal admin-token): ${admin.token}`);
  console.log(`larkcal listening on http://${config.host}:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests`);
    // The attempts in flight finish and are recorded (what was not delivered stays due for the
    // next start); close() stops accepting and waits for in-flight requests; then the database closes.
    await delivery.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

async function seedFromFile(store: Store, file: string, clock: Clock): Promise<void> {
  const result = await loadFixture(store, parseFixture(await readFile(file, 'utf8')), clock);
  for (const t of result.loaded) console.log(`seeded tenant ${t.tenantKey} (${t.name}) from ${file}`);
}

function printDemo(tenant: SeededTenant, host: string, port: number): void {
  const app = tenant.apps[0]!;
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  console.log(`
Created the demo tenant "${tenant.name}" (tenant_key ${tenant.tenantKey}).
  users:      ${tenant.users.map((u) => u.userId).join(', ')} (password: <user_id>-password)
  app_id:     ${app.appId}
  app_secret: ${app.appSecret}

Try it with the official SDK (npm install @larksuiteoapi/node-sdk):

  import * as lark from '@larksuiteoapi/node-sdk';
  const client = new lark.Client({ appId: '${app.appId}', appSecret: '${app.appSecret}', domain: '${base}' });
  const res = await client.calendar.v4.calendar.primary({ params: { user_id_type: 'open_id' } });
  console.log(JSON.stringify(res.data, null, 2));
`);
}
