/**
 * Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL
 * database (created from LARKCAL_TEST_PG_URL, dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../../src/core/ports.js';
import { openStore, type DatabaseUrl } from '../../src/storage/store.js';

export type Dialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL whenever a server is configured (CI always configures one). */
export const DIALECTS: readonly Dialect[] = process.env.LARKCAL_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  url: DatabaseUrl;
  /** The text form, for the CLI and LARKCAL_DB. */
  text: string;
  drop(): Promise<void>;
}

export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'larkcal-test-'));
    const file = join(dir, 'larkcal.db');
    return { url: { dialect: 'sqlite', file }, text: `sqlite:${file}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.LARKCAL_TEST_PG_URL;
  if (!admin) throw new Error('LARKCAL_TEST_PG_URL is not set');
  const name = `larkcal_test_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: { dialect: 'postgres', url: url.toString() },
    text: url.toString(),
    drop: () => withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `work` on a store of the database, closed afterwards: for tests that seed or read beside a larkcal process. */
export async function withStore<T>(database: TestDatabase, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(database.url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
