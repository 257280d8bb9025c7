import { ConfigError } from '../config/load.js';
import { CONFIG, type Config } from '../config/schema.js';
import { demoPassword, demoRecord } from '../core/tenancy/demo.js';
import type { SeededTenant } from '../core/tenancy/seed.js';
import { launch, type Running } from '../launch.js';
import { checkFolder, describeDatabase, isNewFile } from './database.js';
import { demoPointer } from './demo.js';

/** `larkcal serve`: open the store, seed it, listen, and stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  checkFolder(config.db);
  const created = isNewFile(config.db);
  const running = await launch(config).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new ConfigError(`port ${config.port} on ${config.host} is in use (another larkcal?); pick another with --port PORT, or --port 0 for a free one`);
    }
    throw error;
  });
  console.log(`database: ${describeDatabase(config.db)}${created ? ' (new)' : ''}`);
  for (const result of running.seeded) {
    for (const t of result.loaded) console.log(`seeded tenant ${t.tenantKey} (${t.name}) from ${config.seed ?? 'the given fixture'}`);
  }
  // After listen, so the snippet carries the real port when --port 0 picked one.
  if (running.demo) printDemo(running.demo, running.url);
  else await printDemoPointer(running, config);
  if (running.adminTokenSource === 'stored') console.log(`admin token (for /_larkcal/, also: larkcal admin-token): ${running.adminToken}`);
  console.log(`larkcal listening on ${running.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests`);
    await running.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Every start on a database with a demo tenant points at `larkcal demo` (issue #12 §8.1). */
async function printDemoPointer(running: Running, config: Config): Promise<void> {
  const record = await demoRecord(running.store);
  if (!record) return;
  const isDefault = describeDatabase(config.db) === describeDatabase(CONFIG.db.default);
  console.log(demoPointer(record, isDefault ? '' : ` --db ${describeDatabase(config.db)}`));
}

function printDemo(tenant: SeededTenant, base: string): void {
  const app = tenant.apps[0]!;
  console.log(`
Created the demo tenant "${tenant.name}" (tenant_key ${tenant.tenantKey}).
  users:      ${tenant.users.map((u) => u.userId).join(', ')} (password: ${demoPassword('<user_id>')})
  app_id:     ${app.appId}
  app_secret: ${app.appSecret}
  (larkcal demo prints these again, with emails, rooms and chats)

Try it with the official SDK (npm install @larksuiteoapi/node-sdk):

  import * as lark from '@larksuiteoapi/node-sdk';
  const client = new lark.Client({ appId: '${app.appId}', appSecret: '${app.appSecret}', domain: '${base}' });
  const res = await client.calendar.v4.calendar.primary({ params: { user_id_type: 'open_id' } });
  console.log(JSON.stringify(res.data, null, 2));
`);
}
