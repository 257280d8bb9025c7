import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import type { Database } from '../tables.js';

/**
 * WAL with synchronous=FULL: a transaction that returned is on disk before the
 * client hears "success", so it survives kill -9 and power loss alike.
 */
export function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  // macOS fsync() leaves the data in the drive's cache; F_FULLFSYNC flushes it. No-op elsewhere.
  connection.pragma('fullfsync = ON');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Range reads (free/busy, instance views) touch a few hundred scattered rows per
  // request: reading the file through a memory map and a 64 MiB page cache spares a
  // read() call per page. Writes still go through the WAL, so durability is unchanged.
  // 2 GiB is the most this SQLite build maps (SQLITE_MAX_MMAP_SIZE); the rest is read.
  connection.pragma('mmap_size = 2147418112');
  connection.pragma('cache_size = -65536');
  // SQLite's lower() folds ASCII only; calendar search must ignore case in any
  // script ("Äpfel", "Планы"), as PostgreSQL's lower() does.
  connection.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
}

/**
 * Kysely prepares every statement anew; preparing costs about as much as
 * running a point query. The app issues a few hundred distinct SQL texts, so
 * statements are kept by text (bounded, in case of unusual query shapes).
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => void connection.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 2000) statements.clear();
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Transactions already take turns: Kysely hands the one connection to one
 * transaction at a time, so there is nothing to lock (see postgres.ts).
 */
export async function takeTurn(_trx: Transaction<Database>): Promise<void> {}
