/** The tenant `npm start` creates on an empty database, so the SDK has something to talk to. */
import { newIds, randomHex, randomIds } from '../ids.js';
import type { Clock, Store } from '../ports.js';
import type { Fixture } from './fixture.js';
import { ALL_DEMO_SCOPES } from './scopes.js';
import { loadFixture, type SeedOptions, type SeededTenant } from './seed.js';

/** A demo user's password: printed at start and by `larkcal demo`, so it is no secret. */
export const demoPassword = (userId: string): string => `${userId}-password`;

const DEMO_USERS = [
  { user_id: 'alice', name: 'Alice Wang', email: 'alice@demo.example', timezone: 'Asia/Shanghai' },
  { user_id: 'bob', name: 'Bob Li', email: 'bob@demo.example', timezone: 'Asia/Shanghai' },
  { user_id: 'carol', name: 'Carol Chen', email: 'carol@demo.example', timezone: 'Europe/Berlin' },
  { user_id: 'dave', name: 'Dave Zhao', email: 'dave@demo.example', timezone: 'America/New_York' },
];

export function demoFixture(): Fixture {
  return {
    tenants: [
      {
        tenant_key: randomHex(8),
        name: 'Larkcal Demo',
        domain: 'demo',
        users: DEMO_USERS.map((u) => ({ ...u, password: demoPassword(u.user_id) })),
        chats: [{ name: 'Platform team', members: ['alice', 'bob', 'carol'] }],
        rooms: [
          { name: 'Everest', capacity: 10, building: 'HQ', floor: '3' },
          { name: 'Kilimanjaro', capacity: 4, building: 'HQ', floor: '5' },
        ],
        apps: [
          {
            app_id: randomIds.appId(), app_secret: newIds.appSecret(), name: 'Larkcal Demo App', bot: true,
            scopes: [...ALL_DEMO_SCOPES], redirect_uris: ['http://127.0.0.1:9000/callback', 'http://localhost:9000/callback'],
          },
        ],
      },
    ],
  };
}

/** What `larkcal demo` needs to print the demo tenant again: its key, and its app's credentials. */
export interface DemoRecord {
  tenantKey: string;
  appId: string;
  appSecret: string;
}

const KEY = 'demo';

/**
 * Seeds the demo tenant and keeps its app's secret in the settings, beside the
 * admin token. Secrets are stored hashed, so without this a first start that
 * failed after seeding (a port in use) would lose the printed secret for good
 * (issue #12 §8.1). The demo's secret guards a sandbox of made-up people whose
 * passwords are printed anyway; fixture apps' secrets are kept hashed only.
 */
export async function seedDemo(store: Store, clock: Clock, options: SeedOptions = {}): Promise<SeededTenant> {
  const tenant = (await loadFixture(store, demoFixture(), clock, options)).loaded[0]!;
  const app = tenant.apps[0]!;
  const record: DemoRecord = { tenantKey: tenant.tenantKey, appId: app.appId, appSecret: app.appSecret };
  await store.settings.putIfAbsent(KEY, JSON.stringify(record));
  return tenant;
}

/** The demo tenant this database was given, if it was given one (and it is still there). */
export async function demoRecord(store: Pick<Store, 'settings' | 'tenancy'>): Promise<DemoRecord | undefined> {
  const text = await store.settings.get(KEY);
  if (text === undefined) return undefined;
  const record = JSON.parse(text) as DemoRecord;
  return (await store.tenancy.tenantExists(record.tenantKey)) ? record : undefined;
}
