/**
 * The bench fixture: the test fixture plus a tenant of many users, so creates
 * can spread over identities (each may hold at most 1000 calendars).
 */
import type { Fixture } from '../src/core/tenancy/fixture.js';
import { ALL_DEMO_SCOPES } from '../src/core/tenancy/scopes.js';
import { APPS, testFixture } from '../test/support/fixture.js';

export const BENCH_TENANT = 'b3nch000000000000';
export const BENCH_APP = { app_id: 'cli_f1b2c3d4e5f60718', app_secret: 'bench-secret-0123456789' } as const;
export const BENCH_USERS = 100;

export function benchFixture(): Fixture {
  const users = Array.from({ length: BENCH_USERS }, (_, i) => ({ user_id: `bench${i}`, name: `Bench ${i}`, email: `bench${i}@bench.example` }));
  return {
    tenants: [
      ...testFixture().tenants,
      { tenant_key: BENCH_TENANT, name: 'Bench', domain: 'bench', users, apps: [{ ...BENCH_APP, name: 'Bench', bot: true, scopes: [...ALL_DEMO_SCOPES] }] },
    ],
  };
}

/**
 * The delivery bench's fixture: the test fixture with `full` pushing change
 * events by webhook to `requestUrl` (no Encrypt Key) and `nobot` taking them
 * by long connection.
 */
export function deliveryFixture(requestUrl: string): Fixture {
  const fixture = testFixture();
  for (const app of fixture.tenants[0]!.apps!) {
    if (app.app_id === APPS.full.app_id) app.events = { delivery: 'webhook', request_url: requestUrl };
    if (app.app_id === APPS.nobot.app_id) app.events = { delivery: 'long_connection' };
  }
  return fixture;
}
