/**
 * Online backups of an SQLite database (issue #16 §4). `VACUUM INTO` writes a
 * compact copy from one read transaction: a consistent snapshot of everything
 * committed when it began, while writers go on (WAL). A restore checks the
 * copy and places it as a new database file, which the next open migrates if
 * it is older than this larkcal. PostgreSQL has pg_dump and pg_restore.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

export class BackupError extends Error {}

/** Writes the snapshot to `target` (created 0600: it holds hashed secrets and sealed tokens), which must not exist. */
export function backupSqlite(source: string, target: string): void {
  if (existsSync(target)) throw new BackupError(`${target} exists already; larkcal backup never overwrites a file`);
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    mkdirSync(dirname(target), { recursive: true });
    db.prepare('VACUUM INTO ?').run(target);
    chmodSync(target, 0o600);
  } finally {
    db.close();
  }
}

/** What a backup holds, after checking it is a whole larkcal database. */
export function checkBackup(file: string): { tenants: number; migrations: number } {
  if (!existsSync(file)) throw new BackupError(`no file ${file}`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} is not an SQLite database: ${(error as Error).message}`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} is damaged: ${String(integrity)}`);
    const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    if (!tables.has('kysely_migration') || !tables.has('tenants')) throw new BackupError(`${file} is not a larkcal database (no tenants or migrations table)`);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return { tenants: count('select count(*) as n from tenants'), migrations: count('select count(*) as n from kysely_migration') };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a larkcal database: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/** Places a checked backup at `target`, which must not exist: copied beside it, then renamed, so no half file is left. */
export function restoreSqlite(backup: string, target: string): void {
  if (existsSync(target)) throw new BackupError(`${target} exists already; larkcal restore loads into a new database only`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.restoring`;
  rmSync(partial, { force: true });
  copyFileSync(backup, partial);
  chmodSync(partial, 0o600);
  renameSync(partial, target);
}
