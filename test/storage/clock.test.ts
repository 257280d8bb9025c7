/** Rows the store stamps itself (tenant and ACL creation) take their time from the store's clock, not the wall clock. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../src/storage/store.js';
import { TestClock } from '../support/clock.js';
import { DIALECTS, freshDatabase } from '../support/database.js';
import { openRaw } from './support/stores.js';

const T = Date.UTC(2030, 0, 1);

test('storage: created_at of tenants and ACLs follows the clock given to openStore', async (t) => {
  for (const dialect of DIALECTS) {
    await t.test(dialect, async () => {
      const database = await freshDatabase(dialect);
      const clock = new TestClock();
      clock.freeze(T);
      const store = await openStore(database.url, clock);
      const raw = openRaw(database.url);
      try {
        await store.transaction((repos) => repos.tenancy.insertTenant({ tenantKey: 'clocked', name: 'Clocked', domain: 'clocked' }));
        const tenant = await raw.selectFrom('tenants').select('created_at').where('tenant_key', '=', 'clocked').executeTakeFirstOrThrow();
        assert.equal(Number(tenant.created_at), T);

        const acl = (aclId: string, identity: `user:${string}`) => ({ calendarId: 'cal', aclId, identity, role: 'reader' as const });
        await store.acls.put(acl('user_1', 'user:a'));
        await store.acls.put(acl('user_2', 'user:b'));
        clock.advance(60_000);
        await store.acls.put(acl('user_3', 'user:c'));
        const rows = await raw.selectFrom('acls').select(['acl_id', 'created_at']).where('calendar_id', '=', 'cal').orderBy('acl_id').execute();
        // Two grants in one millisecond still list in order: the second is stamped one later.
        assert.deepEqual(rows.map((r) => Number(r.created_at)), [T, T + 1, T + 60_000]);
      } finally {
        await raw.destroy();
        await store.close();
        await database.drop();
      }
    });
  }
});
