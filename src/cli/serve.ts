import type { Config } from '../config/schema.js';
import type { SeededTenant } from '../core/tenancy/seed.js';
import { launch } from '../launch.js';

/** `larkcal serve`: open the store, seed it, listen, and stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  const running = await launch(config);
  for (const result of running.seeded) {
    for (const t of result.loaded) console.log(`seeded tenant ${t.tenantKey} (${t.name}) from ${config.seed}`);
  }
  // After listen, so the snippet carries the real port when --port 0 picked one.
  if (running.demo) printDemo(running.demo, running.url);
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

function printDemo(tenant: SeededTenant, base: string): void {
  const app = tenant.apps[0]!;
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
