/**
 * `larkcal backup FILE` and `larkcal restore FILE` (issue #16 §4): a consistent
 * online copy of an SQLite database, taken while a server writes to it, and
 * its return into a new database. PostgreSQL has its own tools (the README
 * gives the pg_dump and pg_restore lines), so both refuse a PostgreSQL --db.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../config/load.js';
import { BackupError, backupSqlite, checkBackup, restoreSqlite } from '../storage/backup.js';
import { openStore, type DatabaseUrl } from '../storage/store.js';
import { describeDatabase, isNewFile } from './database.js';

const PG_HINT = 'for PostgreSQL use pg_dump --format=custom and pg_restore (see the README, "Backups")';

export async function backupCommand(db: DatabaseUrl, file: string): Promise<void> {
  const source = sqliteFile(db, 'backup');
  if (isNewFile(db)) throw new ConfigError(`no database at ${describeDatabase(db)} to back up (is --db right?)`);
  const started = Date.now();
  const held = guarded(() => {
    backupSqlite(source, file);
    return checkBackup(file);
  });
  console.log(`backed up ${describeDatabase(db)} to ${resolve(file)}: ${held.tenants} tenant${held.tenants === 1 ? '' : 's'}, every write committed by ${new Date(started).toISOString()} (${Date.now() - started} ms)`);
}

export async function restoreCommand(db: DatabaseUrl, file: string): Promise<void> {
  const target = sqliteFile(db, 'restore');
  if (target === ':memory:') throw new ConfigError('restore needs a database file (--db sqlite:PATH), not sqlite::memory:');
  if (!isNewFile(db)) throw new ConfigError(`${describeDatabase(db)} exists already; restore loads a backup into a new database only (pick a new --db path)`);
  const held = guarded(() => {
    const found = checkBackup(file);
    restoreSqlite(file, target);
    return found;
  });
  // Opening migrates a backup taken by an older larkcal up to this one's schema.
  const store = await openStore(db);
  await store.close();
  console.log(`restored ${resolve(file)} into ${describeDatabase(db)}: ${held.tenants} tenant${held.tenants === 1 ? '' : 's'}; larkcal serve --db ${describeDatabase(db)} serves it`);
}

function sqliteFile(db: DatabaseUrl, command: string): string {
  if (db.dialect === 'postgres') throw new ConfigError(`${command} works on SQLite databases; ${PG_HINT}`);
  return db.file;
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof BackupError) throw new ConfigError(error.message);
    throw error;
  }
}
