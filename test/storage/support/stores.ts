/**
 * The contract suites' setup: one fresh store per suite and dialect, plus
 * small builders for the rows the ports take. Suites call `forEachDialect`
 * once; everything inside runs on SQLite, and on PostgreSQL when configured.
 */
import { after, before, describe } from 'node:test';
import type { Kysely } from 'kysely';
import type { Calendar, CalendarMembership } from '../../../src/core/calendars/model.js';
import type { Change } from '../../../src/core/changes/model.js';
import type { Store, StoredToken } from '../../../src/core/ports.js';
import type { IdentityKey, Tenant, User } from '../../../src/core/tenancy/model.js';
import { openPostgres } from '../../../src/storage/dialects/postgres.js';
import { openSqlite } from '../../../src/storage/dialects/sqlite.js';
import { openStore, type DatabaseUrl } from '../../../src/storage/store.js';
import type { Database } from '../../../src/storage/tables.js';
import { DIALECTS, freshDatabase, type Dialect, type TestDatabase } from '../../support/database.js';

export interface StoreContext {
  dialect: Dialect;
  store: Store;
  database: TestDatabase;
}

/** Runs `suite` once per dialect; `ctx()` is the open store of the running dialect. */
export function forEachDialect(name: string, suite: (ctx: () => StoreContext) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} (${dialect})`, () => {
      let context: StoreContext | undefined;
      before(async () => {
        const database = await freshDatabase(dialect);
        context = { dialect, database, store: await openStore(database.url) };
      });
      after(async () => {
        await context?.store.close();
        await context?.database.drop();
      });
      suite(() => {
        if (!context) throw new Error('store not open yet');
        return context;
      });
    });
  }
}

/** A second, raw connection to the same database: for reading rows as stored. */
export function openRaw(url: DatabaseUrl): Kysely<Database> {
  return url.dialect === 'sqlite' ? openSqlite(url.file) : openPostgres(url.url);
}

let counter = 0;
/** Unique suffixes, so tests in one suite never collide on keys. */
export const unique = (prefix: string) => `${prefix}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export async function newTenant(store: Store, key = unique('t')): Promise<Tenant> {
  const tenant = { tenantKey: key, name: `Tenant ${key}`, domain: key };
  await store.tenancy.insertTenant(tenant);
  return tenant;
}

export async function newUser(store: Store, tenantKey: string, fields: Partial<User> = {}): Promise<User> {
  const ref = unique('usr_');
  const user: User = {
    ref, tenantKey, userId: unique('u'), unionId: unique('on_'), number: String(1e18 + counter),
    name: `User ${ref}`, email: `${ref}@example.com`, timezone: 'Asia/Shanghai', ...fields,
  };
  await store.tenancy.insertUser(user, null);
  return user;
}

export function calendar(tenantKey: string, fields: Partial<Calendar> = {}): Calendar {
  return {
    calendarId: `${unique('c')}@group.calendar.feishu.cn`, tenantKey, type: 'shared', summary: 'Calendar', description: '',
    permissions: 'public', owner: 'user:nobody', isThirdParty: false, deleted: false, version: 1, ...fields,
  };
}

export function membership(calendarId: string, identity: IdentityKey, version: number, fields: Partial<CalendarMembership> = {}): CalendarMembership {
  return { calendarId, identity, subscribed: true, color: -1, summaryAlias: '', version, ...fields };
}

export function change(fields: Partial<Change> = {}): Change {
  return { tenantKey: 't', calendarId: 'c', actor: null, affected: [], at: 1_700_000_000_000, data: { kind: 'calendar.updated' }, ...fields };
}

export function token(fields: Partial<StoredToken> = {}): StoredToken {
  return {
    hash: unique('h'), kind: 'code', appId: 'cli_0000000000000001', tenantKey: 't', userRef: null, scopes: [],
    issuedAt: 1_000, expiresAt: 10_000, sealed: null, usedAt: null, extra: {}, ...fields,
  };
}

/** Resolves after `ms`; lets a concurrent transaction reach its next await. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
