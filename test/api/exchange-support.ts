/** What the Exchange binding tests share: the fixture with an Exchange block, and SDK shorthands. */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { testFixture } from '../support/fixture.js';
import type { TestServer } from '../support/server.js';

export const ADMIN_ACCOUNT = 'exadmin@acme-ex.example';
export const ALICE_MAILBOX = 'alice@acme-ex.example';
export const BOB_MAILBOX = 'bob@acme-ex.example';
/** In `accounts` with a source that cannot be read. */
export const BROKEN_MAILBOX = 'broken@acme-ex.example';
export const GLOBEX_ADMIN = 'admin@globex-ex.example';

/** The shared fixture; Dave is Acme's super administrator, and Acme has an Exchange directory. */
export function exchangeFixture(sources: Record<string, Record<string, string>> = {}): Fixture {
  const fixture = testFixture();
  const acme = fixture.tenants[0]!;
  acme.users = acme.users!.map((u) => (u.user_id === 'dave' ? { ...u, super_admin: true } : u));
  acme.exchange = {
    admin_accounts: [ADMIN_ACCOUNT],
    accounts: {
      [ALICE_MAILBOX]: { ics: '/nonexistent/alice.ics' },
      [BOB_MAILBOX]: { ics: '/nonexistent/bob.ics' },
      [BROKEN_MAILBOX]: { ics: '/nonexistent/broken.ics' },
      ...sources,
    },
  };
  const globex = fixture.tenants[1]!;
  globex.users = globex.users!.map((u) => ({ ...u, super_admin: true }));
  globex.exchange = { admin_accounts: [GLOBEX_ADMIN], accounts: {} };
  return fixture;
}

export type BindingData = { admin_account?: string; exchange_account?: string; user_id?: string };

export function bindings(server: TestServer) {
  const api = () => server.client().calendar.v4.exchangeBinding;
  return {
    create: async (data: BindingData, as = 'dave', idType: 'user_id' | 'open_id' | 'union_id' = 'user_id') =>
      api().create({ data, params: { user_id_type: idType } }, await server.asUser(as)),
    get: async (id: string, as = 'dave', idType: 'user_id' | 'open_id' = 'user_id') =>
      api().get({ path: { exchange_binding_id: id }, params: { user_id_type: idType } }, await server.asUser(as)),
    delete: async (id: string, as = 'dave') => api().delete({ path: { exchange_binding_id: id } }, await server.asUser(as)),
  };
}

export type UserOptions = ReturnType<typeof lark.withUserAccessToken>;
