/**
 * The fixture API tests share: two tenants, so tenant isolation is always in
 * reach, and apps that differ in exactly one respect (bot ability, scopes).
 */
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { ALL_DEMO_SCOPES } from '../../src/core/tenancy/scopes.js';

export const ACME = '2ed263bf32cf1651';
export const GLOBEX = '5a1e0b7c9d3f2468';

export const APPS = {
  /** Every scope, bot ability: the app most tests use. */
  full: { app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'full-secret-0123456789' },
  /** Every scope, no bot: tenant-token calendar calls get 190007. */
  nobot: { app_id: 'cli_b1b2c3d4e5f60718', app_secret: 'nobot-secret-0123456789' },
  /** No scope at all: every API answers 99991672. */
  noscope: { app_id: 'cli_c1b2c3d4e5f60718', app_secret: 'noscope-secret-0123456789' },
  /** Only the read-only calendar scope, and no user_id field scope. */
  readonly: { app_id: 'cli_d1b2c3d4e5f60718', app_secret: 'readonly-secret-0123456789' },
  /** An app of the other tenant. */
  globex: { app_id: 'cli_e1b2c3d4e5f60718', app_secret: 'globex-secret-0123456789' },
} as const;

export type AppName = keyof typeof APPS;

export const REDIRECT_URI = 'http://127.0.0.1:9000/callback';

export function testFixture(): Fixture {
  return {
    tenants: [
      {
        tenant_key: ACME, name: 'Acme', domain: 'acme',
        users: [
          { user_id: 'alice', name: 'Alice Wang', email: 'alice@acme.example', password: 'alice-pw', timezone: 'Asia/Shanghai' },
          { user_id: 'bob', name: 'Bob Li', email: 'bob@acme.example', password: 'bob-pw' },
          { user_id: 'carol', name: 'Carol Chen', email: 'carol@acme.example', password: 'carol-pw', timezone: 'Europe/Berlin' },
          { user_id: 'dave', name: 'Dave Zhao', email: 'dave@acme.example' },
        ],
        chats: [{ chat_id: 'oc_0123456789abcdef0123456789abcdef', name: 'Platform team', members: ['alice', 'bob'] }],
        rooms: [
          { room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1', name: 'Everest', capacity: 10, building: 'HQ', floor: '3' },
          { name: 'Kilimanjaro', capacity: 4 },
        ],
        apps: [
          { ...APPS.full, name: 'Acme Scheduler', bot: true, scopes: [...ALL_DEMO_SCOPES], redirect_uris: [REDIRECT_URI] },
          { ...APPS.nobot, name: 'Acme Headless', bot: false, scopes: [...ALL_DEMO_SCOPES], redirect_uris: [REDIRECT_URI] },
          { ...APPS.noscope, name: 'Acme Bare', bot: true, scopes: [], redirect_uris: [REDIRECT_URI] },
          { ...APPS.readonly, name: 'Acme Reader', bot: true, scopes: ['calendar:calendar:readonly'], redirect_uris: [REDIRECT_URI] },
        ],
      },
      {
        tenant_key: GLOBEX, name: 'Globex', domain: 'globex',
        users: [{ user_id: 'zed', name: 'Zed Globex', email: 'zed@globex.example', password: 'zed-pw' }],
        apps: [{ ...APPS.globex, name: 'Globex Cal', bot: true, scopes: [...ALL_DEMO_SCOPES], redirect_uris: [REDIRECT_URI] }],
      },
    ],
  };
}
