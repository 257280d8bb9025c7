/**
 * Migrations, and the SQLite settings durability rests on. That a committed
 * create survives kill -9 of the server is test/durability/kill9.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import type { Store } from '../../src/core/ports.js';
import { openStore } from '../../src/storage/store.js';
import type { Database } from '../../src/storage/tables.js';
import { DIALECTS, freshDatabase } from '../support/database.js';
import { forEachDialect, openRaw } from './support/stores.js';

forEachDialect('storage: migrations', (ctx) => {
  test('opening an already-migrated database again changes nothing and keeps the data', async () => {
    const { store, database } = ctx();
    await store.tenancy.insertTenant({ tenantKey: 'kept', name: 'Kept', domain: 'kept' });
    const raw = openRaw(database.url);
    const applied = async () => (await raw.selectFrom('kysely_migration' as never).select('name' as never).execute()).map((r) => (r as { name: string }).name);
    try {
      const before = await applied();
      assert.deepEqual(before, Object.keys(await migrationProvider(database.url.dialect).getMigrations()));
      const again = await openStore(database.url);
      await again.close();
      const twice = await Promise.all([openStore(database.url), openStore(database.url)]);
      await Promise.all(twice.map((s) => s.close()));
      assert.deepEqual(await applied(), before);
      assert.equal(await store.tenancy.tenantExists('kept'), true);
    } finally {
      await raw.destroy();
    }
  });
});

test('0007 gives the placements of events stored before it their free/busy copy', async (t) => {
  for (const dialect of DIALECTS) {
    await t.test(dialect, async () => {
      const database = await freshDatabase(dialect);
      const raw = openRaw(database.url);
      try {
        const migrator = new Migrator({ db: raw, provider: migrationProvider(database.url.dialect) });
        assert.equal((await migrator.migrateTo('0006-attendee-lookups')).error, undefined);
        const start = { kind: 'timed', ts: 1_767_578_400, tz: 'Asia/Shanghai' };
        const end = { kind: 'timed', ts: 1_767_582_000, tz: 'Asia/Shanghai' };
        const content = { summary: 'Old', start, end, recurrence: 'FREQ=DAILY;COUNT=2', freeBusyStatus: 'free', reminders: [] };
        await (raw as Kysely<any>).insertInto('events').values({
          event_id: 'old_0', uid: 'old', original_time: 0, tenant_key: 't', organizer_calendar_id: 'c', organizer: 'user:u', content: JSON.stringify(content),
          status: 'confirmed', is_exception: 0, is_recurring: 1, summary: 'Old', create_time: 1, version: 1, first_start: start.ts, last_end: end.ts + 86400,
        }).execute();
        await (raw as Kysely<any>).insertInto('event_placements').values({
          calendar_id: 'c', event_id: 'old_0', reason: 'organizer', removed: 0, version: 1, first_start: start.ts, last_end: end.ts + 86400,
        }).execute();
        const store = await openStore(database.url);
        try {
          const [found, ...rest] = await store.events.listBusyCandidates('c', start.ts, end.ts + 86400, { ref: 'u', identity: 'user:u' });
          assert.equal(rest.length, 0);
          assert.deepEqual(found!.event, {
            eventId: 'old_0', seriesId: 'old', originalTime: 0, status: 'confirmed', isException: false, start, end, recurrence: 'FREQ=DAILY;COUNT=2', freeBusyStatus: 'free',
          });
          assert.equal(found!.expansion, undefined, 'no occurrence list: the rule is iterated');
          const copied = await (raw as Kysely<any>).selectFrom('event_placements').select('busy').where('event_id', '=', 'old_0').executeTakeFirstOrThrow();
          assert.equal(JSON.parse(copied.busy as string).freeBusyStatus, 'free', 'filled by the migration, not read from the event at query time');
        } finally {
          await store.close();
        }
      } finally {
        await raw.destroy();
        await database.drop();
      }
    });
  }
});

test('SQLite: a store opened by openStore runs WAL with synchronous=FULL, so a commit is on disk before it returns', async () => {
  const database = await freshDatabase('sqlite');
  const store = await openStore(database.url);
  // synchronous and fullfsync hold per connection: ask the store's own, not a second one.
  const db = (store as Store & { db: Kysely<Database> }).db;
  try {
    const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    assert.equal(await pragma('journal_mode'), 'wal');
    assert.equal(await pragma('synchronous'), 2, 'FULL: the WAL is fsynced at every commit (NORMAL would lose it on power loss)');
    assert.equal(await pragma('fullfsync'), 1, 'F_FULLFSYNC where the OS has it (macOS fsync does not flush the disk cache)');
    assert.equal(await pragma('foreign_keys'), 1);
  } finally {
    await store.close();
    await database.drop();
  }
});
