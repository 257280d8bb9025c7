/** Migrations and durability: reopening is a no-op; a committed write survives kill -9. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openSqlite } from '../../src/storage/dialects/sqlite.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { openStore } from '../../src/storage/store.js';
import { freshDatabase } from '../support/database.js';
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

test('SQLite: WAL with synchronous=FULL, so a commit is on disk before it returns', async () => {
  const database = await freshDatabase('sqlite');
  if (database.url.dialect !== 'sqlite') throw new Error('unreachable');
  const db = openSqlite(database.url.file);
  try {
    const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    assert.equal(await pragma('journal_mode'), 'wal');
    assert.equal(await pragma('synchronous'), 2, 'FULL: the WAL is fsynced at every commit (NORMAL would lose it on power loss)');
    assert.equal(await pragma('fullfsync'), 1, 'F_FULLFSYNC where the OS has it (macOS fsync does not flush the disk cache)');
    assert.equal(await pragma('foreign_keys'), 1);
  } finally {
    await db.destroy();
    await database.drop();
  }
});

test('SQLite: a transaction that returned survives kill -9 of the process', async () => {
  const database = await freshDatabase('sqlite');
  if (database.url.dialect !== 'sqlite') throw new Error('unreachable');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/storage/support/commit-then-hang.ts', database.url.file, 'durable'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    assert.equal(line.toString().trim(), 'committed');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const store = await openStore(database.url);
    try {
      assert.equal(await store.tenancy.tenantExists('durable'), true);
    } finally {
      await store.close();
    }
  } finally {
    await database.drop();
  }
});
