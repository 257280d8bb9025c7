/**
 * Issue #16 defect 7: secrets at rest. The SQLite files are created 0600;
 * a tenant token is stored by digest and sealed, never in clear, and is
 * still handed back while 30 minutes remain; a database migrated from before
 * keeps its tokens valid but loses their clear values.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Migrator } from 'kysely';
import pg from 'pg';
import { sha256 } from '../../src/core/ids.js';
import { sealToken, unsealToken } from '../../src/core/tenancy/token-seal.js';
import { openPostgres } from '../../src/storage/dialects/postgres.js';
import { openSqlite } from '../../src/storage/dialects/sqlite.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { openStore, stateOf } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

/** Every token row as the database holds it, each column as text. */
async function tokenRows(database: TestDatabase): Promise<Array<Record<string, unknown>>> {
  if (database.url.dialect === 'sqlite') {
    const db = new SQLite(database.url.file, { readonly: true });
    try {
      return db.prepare('select * from tokens').all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url.url });
  await client.connect();
  try {
    return (await client.query('select * from tokens')).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

test('a sealed token opens with its credential and digest only', () => {
  const digest = sha256('t-value');
  const sealed = sealToken('t-value', 'secret', digest);
  assert.doesNotMatch(sealed, /t-value/);
  assert.equal(unsealToken(sealed, 'secret', digest), 't-value');
  assert.equal(unsealToken(sealed, 'another secret', digest), undefined);
  assert.equal(unsealToken(sealed, 'secret', sha256('another row')), undefined);
  assert.equal(unsealToken('garbage', 'secret', digest), undefined);
  assert.notEqual(sealToken('t-value', 'secret', digest), sealed, 'a fresh IV each time');
});

for (const dialect of DIALECTS) {
  describe(`reliability: secrets at rest (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const ask = () => raw(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST', body: JSON.stringify({ app_id: APPS.full.app_id, app_secret: APPS.full.app_secret }),
    });

    test('a tenant token is stored by digest and sealed, and still handed back again', async () => {
      const first = await ask();
      const token = first.json.tenant_access_token as string;
      assert.equal((await ask()).json.tenant_access_token, token);
      const rows = await tokenRows(server.database);
      const row = rows.find((r) => r.hash === sha256(token));
      assert.ok(row, 'stored by its digest');
      assert.equal('value' in row, false, 'no clear-text column');
      assert.match(String(row.sealed), /^v1\.[A-Za-z0-9_-]+$/);
      for (const r of rows) assert.doesNotMatch(JSON.stringify(r), new RegExp(token), 'no token in clear in any row');
    });

    if (dialect === 'sqlite') {
      test('the database, its -wal and -shm, and the snapshot file are readable by their owner only', async () => {
        await ask();
        await stateOf(server.store).list();
        const file = server.database.url.dialect === 'sqlite' ? server.database.url.file : '';
        for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-snapshots`]) {
          assert.ok(existsSync(path), path);
          assert.equal(modeOf(path).toString(8), '600', path);
        }
      });
    }
  });

  test(`migration 0022 on a database with clear tokens: the values go, the tokens stay (${dialect})`, async () => {
    const database = await freshDatabase(dialect);
    try {
      const db = database.url.dialect === 'sqlite' ? openSqlite(database.url.file) : openPostgres(database.url.url);
      const migrated = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateTo('0020-exchange');
      assert.equal(migrated.error, undefined);
      const value = 't-0123456789abcdef0123456789abcdef01234567';
      await (db as any).insertInto('tokens').values({
        hash: sha256(value), kind: 'tenant', app_id: APPS.full.app_id, tenant_key: 'acme', user_ref: null, scopes: '[]',
        issued_at: 1_000, expires_at: 9_000_000_000_000, value, used_at: null, extra: '{}',
      }).execute();
      await db.destroy();

      const store = await openStore(database.url);
      try {
        const kept = await store.tokens.find(sha256(value));
        assert.equal(kept?.kind, 'tenant');
        assert.equal(kept?.sealed, null);
      } finally {
        await store.close();
      }
      const rows = await tokenRows(database);
      assert.equal(rows.length, 1);
      assert.equal('value' in rows[0]!, false);
      assert.doesNotMatch(JSON.stringify(rows), new RegExp(value));
    } finally {
      await database.drop();
    }
  });
}
