/**
 * A snapshot copies, and a tenant's removal reaches, every table the
 * migrations create: a new table must join the list (storage/snapshots/tables.ts).
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { KEYS, STATE_TABLES } from '../../src/storage/snapshots/tables.js';
import { PURGED_TABLES } from '../../src/storage/snapshots/tenant-purge.js';
import { openStore, stateOf } from '../../src/storage/store.js';
import type { Store } from '../../src/core/ports.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';

for (const dialect of DIALECTS) {
  describe(`state tables (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;
    before(async () => {
      database = await freshDatabase(dialect);
      store = await openStore(database.url);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('every table but settings, the gateway\'s rate counters and the migrator\'s is snapshotted; every one but change_cursors is purged', async () => {
      const tables = (await (store as unknown as { db: Kysely<any> }).db.introspection.getTables()).map((t) => t.name);
      // Rate counters are the gateway's, not the sandbox's state: in memory they survive a reset too.
      const expected = tables.filter((t) => t !== 'settings' && t !== 'rate_counters' && !t.startsWith('kysely_')).sort();
      assert.deepEqual([...STATE_TABLES].sort(), expected);
      assert.deepEqual([...PURGED_TABLES].sort(), expected.filter((t) => t !== 'change_cursors'));
    });

    test('each table\'s key is its primary key', async () => {
      const db = (store as unknown as { db: Kysely<any> }).db;
      for (const table of STATE_TABLES) {
        const { rows } = dialect === 'sqlite'
          ? await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db)
          : await sql<{ name: string }>`select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
              where i.indrelid = ${table}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`.execute(db);
        assert.deepEqual(rows.map((r) => r.name), [...KEYS[table]], table);
      }
    });
  });
}

test('sqlite::memory: keeps its snapshots in memory too', async () => {
  const store = await openStore({ dialect: 'sqlite', file: ':memory:' });
  try {
    const state = stateOf(store);
    assert.equal(await state.snapshot('empty', 1), true);
    await store.tenancy.insertTenant({ tenantKey: 'm3m', name: 'Memory', domain: 'memory' });
    assert.equal(await state.restore('empty'), true);
    assert.equal(await store.tenancy.tenantExists('m3m'), false);
    assert.deepEqual(await state.list(), [{ name: 'empty', createdAt: 1 }]);
  } finally {
    await store.close();
  }
});
