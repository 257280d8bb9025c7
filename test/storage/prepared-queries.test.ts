/**
 * The hot reads compiled once (issue #14 §3, storage/repositories/prepared-query.ts):
 * each call binds its own arguments, in and out of transactions, and PostgreSQL
 * connections hold them as named statements.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../../src/core/ports.js';
import { KyselyTokenRepository } from '../../src/storage/repositories/token.repository.js';
import type { Database } from '../../src/storage/tables.js';
import { forEachDialect, token } from './support/stores.js';

const dbOf = (store: Store) => (store as unknown as { db: Kysely<Database> }).db;

forEachDialect('storage: prepared queries', (ctx) => {
  test('each call binds its own arguments, however calls interleave', async () => {
    const { store } = ctx();
    const a = token({ sealed: 'a' });
    const b = token({ sealed: 'b' });
    await store.tokens.insert(a);
    await store.tokens.insert(b);
    const asked = Array.from({ length: 30 }, (_, i) => [a.hash, b.hash, 'missing'][i % 3]!);
    const found = await Promise.all(asked.map((hash) => store.tokens.find(hash)));
    assert.deepEqual(found.map((t) => t?.sealed), asked.map((hash) => (hash === a.hash ? 'a' : hash === b.hash ? 'b' : undefined)));
  });

  test('a transaction runs the same prepared query as the store, and sees its own writes', async () => {
    const { store } = ctx();
    const t = token({ sealed: 'inside' });
    const seen = await store.transaction(async (repos) => {
      await repos.tokens.insert(t);
      return repos.tokens.find(t.hash);
    });
    assert.equal(seen?.sealed, 'inside');
    assert.equal((await store.tokens.find(t.hash))?.sealed, 'inside');
  });

  test('PostgreSQL: a connection prepares the token lookup once, by name, and names no other statement', async (t) => {
    const { store, dialect } = ctx();
    if (dialect !== 'postgres') return t.skip('PostgreSQL only');
    const stored = token({ sealed: 'named' });
    await store.tokens.insert(stored);
    const prepared = await dbOf(store).transaction().execute(async (trx) => {
      const tokens = new KyselyTokenRepository(trx);
      assert.equal((await tokens.find(stored.hash))?.sealed, 'named');
      assert.equal((await tokens.find('missing')), undefined);
      await tokens.newest(stored.appId, stored.tenantKey, stored.kind);
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(trx);
      return rows;
    });
    const lookups = prepared.filter((row) => /from "tokens" where "hash" = \$1$/.test(row.statement));
    assert.equal(lookups.length, 1, JSON.stringify(prepared));
    assert.match(lookups[0]!.name, /^larkcal_\d+$/);
    assert.ok(prepared.every((row) => row.name.startsWith('larkcal_')), 'only prepared queries are named');
    assert.ok(!prepared.some((row) => row.statement.includes('order by "expires_at"')), 'newest is not a prepared query');
  });
});
