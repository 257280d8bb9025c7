import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type QueryCompiler,
} from 'kysely';
import type { Database } from '../tables.js';
import type { Turns } from '../repositories/change-log.js';
import { GroupCommitDriver, type GroupCommitStats } from './sqlite-group-commit.js';

/**
 * WAL with synchronous=FULL: a transaction that returned is on disk before the
 * client hears "success", so it survives kill -9 and power loss alike.
 */
export function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') createPrivately(file);
  const writer = configure(new SQLite(file));
  writer.pragma('journal_mode = WAL');
  // Two connections to ':memory:' are two databases: there the writer reads too.
  const reader = file === ':memory:' ? writer : configure(new SQLite(file));
  if (reader !== writer) reader.pragma('query_only = ON');
  const driver = new GroupCommitDriver({ writer, reader });
  const db = new Kysely<Database>({ dialect: new GroupCommitDialect(driver) });
  drivers.set(db, driver);
  return db;
}

/**
 * Creates a database file readable by its owner only (0600) unless it exists:
 * it holds token digests, sealed tokens and secret hashes. SQLite would create
 * it 0644, and gives the -wal and -shm files the mode of the database file
 * itself, so those follow.
 */
export function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  closeSync(openSync(file, 'a', 0o600));
}

const drivers = new WeakMap<Kysely<Database>, GroupCommitDriver>();

/** How the commits of a database `openSqlite` opened were shared, for the bench and the tests. */
export function groupCommitStats(db: Kysely<Database>): GroupCommitStats | undefined {
  return drivers.get(db)?.stats();
}

function configure(connection: SQLite.Database): SQLite.Database {
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
  return connection;
}

/** SQLite's compiler, adapter and introspector from Kysely, around the group-committing driver. */
class GroupCommitDialect implements Dialect {
  constructor(private readonly driver: GroupCommitDriver) {}

  createDriver(): Driver {
    return this.driver;
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/**
 * Transactions already take turns: the group-commit driver runs one member of
 * a batch at a time, so there is nothing to lock (see postgres.ts).
 */
export const turns: Turns = { take: async () => {} };
