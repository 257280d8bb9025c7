/**
 * Which database a command opened, said out loud (issue #12 §8.3–§8.4): a
 * relative `sqlite:` path resolves against the working directory, and a typo
 * must not quietly become a second, empty database.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../config/load.js';
import { CONFIG } from '../config/schema.js';
import type { Store } from '../core/ports.js';
import { openStore, type DatabaseUrl } from '../storage/store.js';

const DEFAULT_FILE = (CONFIG.db.default as Extract<DatabaseUrl, { dialect: 'sqlite' }>).file;

/** `sqlite:/abs/path.db`, `sqlite::memory: (in memory: nothing persists)`, or the PostgreSQL URL without its password. */
export function describeDatabase(url: DatabaseUrl): string {
  if (url.dialect === 'postgres') return CONFIG.db.show(url);
  if (url.file === ':memory:') return 'sqlite::memory: (in memory: nothing persists)';
  return `sqlite:${resolve(url.file)}`;
}

/** Whether the database is an SQLite file not created yet. */
export function isNewFile(url: DatabaseUrl): boolean {
  return url.dialect === 'sqlite' && url.file !== ':memory:' && !existsSync(url.file);
}

/** Only the default path's folder (`./data`) is created; another missing folder is likely a typo. */
export function checkFolder(url: DatabaseUrl): void {
  if (url.dialect !== 'sqlite' || url.file === ':memory:') return;
  const folder = dirname(resolve(url.file));
  if (existsSync(folder) || resolve(url.file) === resolve(DEFAULT_FILE)) return;
  throw new ConfigError(`--db: the folder ${folder} does not exist (larkcal creates the folder of the default sqlite:${DEFAULT_FILE} only; create it, or check the path)`);
}

/**
 * Opens a database that must exist and hold tenants already: `token`, `admin-token`,
 * `demo` and the like read one that `serve` (or `seed --create`) made. Says on
 * stderr which database it opened (unless `quiet`: commands whose output is a
 * listing), so stdout stays the command's answer.
 */
export async function openExisting(url: DatabaseUrl, options: { create?: boolean; hint?: string; quiet?: boolean } = {}): Promise<Store> {
  const name = describeDatabase(url);
  const hint = options.hint ?? 'larkcal serve creates and seeds one (is --db right?)';
  if (!options.create && isNewFile(url)) throw new ConfigError(`no database at ${name}; ${hint}`);
  checkFolder(url);
  const store = await openStore(url);
  try {
    const tenants = await store.tenancy.countTenants();
    if (tenants === 0 && !options.create) throw new ConfigError(`the database ${name} holds no tenants; ${hint}`);
    if (!options.quiet) console.error(`database: ${name} (${tenants} tenant${tenants === 1 ? '' : 's'})`);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}
