/** The fixture's `exchange` block and `super_admin` (issue #11 §1): validation names the field; loading is all or nothing. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/ports.js';
import { validateFixture } from '../../src/core/tenancy/fixture.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase } from '../support/database.js';

const clock: Clock = { now: () => 1_700_000_000_000 };
const ADMIN = 'exadmin@acme-ex.example';

function badField(raw: unknown): string {
  try {
    validateFixture(raw, { baseDir: '/fixtures' });
  } catch (error) {
    if (error instanceof DomainError && error.key === 'invalid') return error.violations[0]!.field;
    throw error;
  }
  assert.fail('expected a validation error');
}

const withExchange = (exchange: unknown, user: Record<string, unknown> = {}) => ({
  tenants: [{ name: 'Acme', users: [{ user_id: 'ann', name: 'Ann', email: 'ann@acme.example', ...user }], exchange }],
});
const accounts = (sources: Record<string, unknown>) => withExchange({ admin_accounts: [ADMIN], accounts: sources });

describe('the exchange block names the bad field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['super_admin not a boolean', withExchange({ admin_accounts: [] }, { super_admin: 'yes' }), 'tenants[0].users[0].super_admin'],
    ['not an object', withExchange([]), 'tenants[0].exchange'],
    ['a misspelt field', withExchange({ admin_accounts: [], acounts: {} }), 'tenants[0].exchange.acounts'],
    ['admin_accounts missing', withExchange({ accounts: {} }), 'tenants[0].exchange.admin_accounts'],
    ['an admin account that is no address', withExchange({ admin_accounts: ['admin'] }), 'tenants[0].exchange.admin_accounts[0]'],
    ['a duplicate admin account, by case', withExchange({ admin_accounts: [ADMIN, ADMIN.toUpperCase()] }), 'tenants[0].exchange.admin_accounts[1]'],
    ['accounts null', withExchange({ admin_accounts: [], accounts: null }), 'tenants[0].exchange.accounts'],
    ['an account that is no address', accounts({ alice: { ics: 'a.ics' } }), 'tenants[0].exchange.accounts.alice'],
    ['no source', accounts({ 'a@ex.example': {} }), 'tenants[0].exchange.accounts.a@ex.example'],
    ['two sources', accounts({ 'a@ex.example': { ics: 'a.ics', caldav: 'http://h/c/' } }), 'tenants[0].exchange.accounts.a@ex.example'],
    ['a misspelt source field', accounts({ 'a@ex.example': { icss: 'a.ics' } }), 'tenants[0].exchange.accounts.a@ex.example.icss'],
    ['a caldav source that is no http(s) URL', accounts({ 'a@ex.example': { caldav: 'ftp://h/c/' } }), 'tenants[0].exchange.accounts.a@ex.example.caldav'],
    ['an ics URL of another scheme', accounts({ 'a@ex.example': { ics: 'ftp://h/a.ics' } }), 'tenants[0].exchange.accounts.a@ex.example.ics'],
    ['credentials on a file', accounts({ 'a@ex.example': { ics: 'a.ics', username: 'u', password: 'p' } }), 'tenants[0].exchange.accounts.a@ex.example.username'],
    ['a username without password', accounts({ 'a@ex.example': { caldav: 'http://h/c/', username: 'u' } }), 'tenants[0].exchange.accounts.a@ex.example.password'],
  ];
  for (const [name, raw, field] of cases) test(name, () => assert.equal(badField(raw), field));

  test('a password never appears in the error', () => {
    try {
      validateFixture(accounts({ 'a@ex.example': { caldav: 'http://h/c/', username: 'u', password: '' } }));
      assert.fail('expected a validation error');
    } catch (error) {
      assert.ok(error instanceof DomainError);
      assert.equal(error.violations[0]!.value, '"***"');
    }
  });

  test('accounts are lowercased; file paths resolve against the fixture\'s folder; URLs and credentials are kept', () => {
    const fixture = validateFixture(accounts({
      'Alice@Ex.example': { ics: './alice.ics' }, 'b@ex.example': { ics: '/abs/b.ics' },
      'c@ex.example': { ics: 'https://h.example/c.ics' }, 'd@ex.example': { caldav: 'http://h/d/', username: 'd', password: 'pw' },
    }), { baseDir: '/srv/fixtures' });
    assert.deepEqual(fixture.tenants[0]!.exchange, {
      admin_accounts: [ADMIN],
      accounts: {
        'alice@ex.example': { ics: '/srv/fixtures/alice.ics' }, 'b@ex.example': { ics: '/abs/b.ics' },
        'c@ex.example': { ics: 'https://h.example/c.ics' }, 'd@ex.example': { caldav: 'http://h/d/', username: 'd', password: 'pw' },
      },
    });
  });
});

for (const dialect of DIALECTS) {
  describe(`the exchange block loads with its tenant (${dialect})`, () => {
    test('admin accounts, sources and super administrators are stored; a later bad tenant leaves nothing behind', async () => {
      const database = await freshDatabase(dialect);
      const store = await openStore(database.url, clock);
      try {
        const good = { name: 'Acme', tenant_key: 'acme', users: [{ user_id: 'ann', name: 'Ann', email: 'ann@acme.example', super_admin: true }, { user_id: 'bo', name: 'Bo', email: 'bo@acme.example' }],
          exchange: { admin_accounts: [ADMIN], accounts: { 'ann@ex.example': { caldav: 'http://h/ann/', username: 'ann', password: 'pw' } } } };
        await loadFixture(store, { tenants: [good] }, clock);
        const ann = (await store.tenancy.findUserByUserId('acme', 'ann'))!;
        const bo = (await store.tenancy.findUserByUserId('acme', 'bo'))!;
        assert.deepEqual([await store.exchange.isSuperAdmin('acme', ann.ref), await store.exchange.isSuperAdmin('acme', bo.ref)], [true, false]);
        assert.equal(await store.exchange.isAdminAccount('acme', ADMIN), true);
        assert.deepEqual(await store.exchange.sourceOf('acme', 'ann@ex.example'), { kind: 'caldav', url: 'http://h/ann/', username: 'ann', password: 'pw' });

        const clash = { name: 'Other', tenant_key: 'other', users: [{ name: 'O', email: 'o@o.example', union_id: ann.unionId }], exchange: { admin_accounts: ['x@o.example'] } };
        await assert.rejects(loadFixture(store, { tenants: [{ name: 'Third', tenant_key: 'third', exchange: { admin_accounts: ['y@t.example'] } }, clash] }, clock));
        assert.deepEqual([await store.exchange.isAdminAccount('third', 'y@t.example'), await store.exchange.isAdminAccount('other', 'x@o.example')], [false, false], 'nothing half-loaded');
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}
