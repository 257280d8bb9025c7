/**
 * The fixture's `exchange` block of a tenant (issue #11 §1): which Exchange
 * admin accounts the tenant's admin console has bound, and what each Exchange
 * mailbox holds.
 *
 *     "exchange": {
 *       "admin_accounts": ["exadmin@acme-ex.example"],
 *       "accounts": { "alice@acme-ex.example": { "ics": "./fixtures/alice.ics" },
 *                     "bob@acme-ex.example": { "caldav": "http://127.0.0.1:5232/bob/calendar/", "username": "bob", "password": "…" } }
 *     }
 *
 * `ics` is a file (relative to the fixture file) or an http(s) URL serving
 * iCalendar; `caldav` a CalDAV collection URL. Credentials go with URLs only.
 */
import { isAbsolute, resolve } from 'node:path';
import { invalid } from '../errors.js';
import type { MailboxSource } from './model.js';

export interface FixtureExchange {
  admin_accounts: string[];
  /** By Exchange account; none = no mailbox has a source (every binding is 195105). */
  accounts?: Record<string, FixtureMailbox>;
}

export interface FixtureMailbox { ics?: string; caldav?: string; username?: string; password?: string }

type Json = Record<string, unknown>;

const ACCOUNT = /^[^\s@]+@[^\s@]+$/;
/** Feishu's account fields take 1–500 characters (calendars.md §8.1). */
const MAX_ACCOUNT = 500;

function fail(path: string, reason: string, value?: unknown): never {
  throw invalid(path, reason, value === undefined ? undefined : JSON.stringify(value));
}

function objectOf(value: unknown, path: string, keys: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  const unknown = Object.keys(value).find((k) => !keys.includes(k));
  if (unknown !== undefined) fail(`${path}.${unknown}`, `is not a field of this object (known: ${keys.join(', ')})`);
  return value as Json;
}

/** Exchange accounts compare without case, as mail addresses do. */
export function accountKey(account: string): string {
  return account.trim().toLowerCase();
}

function account(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ACCOUNT.test(value) || value.length > MAX_ACCOUNT) fail(path, `must be a mail address of at most ${MAX_ACCOUNT} characters`, value);
  return accountKey(value);
}

function optionalText(o: Json, key: string, path: string): string | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) fail(`${path}.${key}`, 'must be a non-empty string of at most 1024 characters', key === 'password' ? '***' : value);
  return value;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/** One mailbox's source, file paths made absolute against `baseDir` (the fixture file's folder). */
function mailbox(raw: unknown, path: string, baseDir: string): FixtureMailbox {
  const o = objectOf(raw, path, ['ics', 'caldav', 'username', 'password']);
  const ics = optionalText(o, 'ics', path);
  const caldav = optionalText(o, 'caldav', path);
  const username = optionalText(o, 'username', path);
  const password = optionalText(o, 'password', path);
  if ((ics === undefined) === (caldav === undefined)) fail(path, 'must name exactly one source: "ics" (a file or an http(s) URL) or "caldav" (a collection URL)');
  if (caldav !== undefined && !isHttpUrl(caldav)) fail(`${path}.caldav`, 'must be an absolute http(s) URL', caldav);
  const url = caldav ?? (ics !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(ics) ? ics : undefined);
  if (ics !== undefined && url !== undefined && !isHttpUrl(url)) fail(`${path}.ics`, 'must be a file path or an http(s) URL', ics);
  if (url === undefined && (username !== undefined || password !== undefined)) fail(`${path}.${username !== undefined ? 'username' : 'password'}`, 'goes with a URL source only');
  if ((username === undefined) !== (password === undefined)) fail(`${path}.${username === undefined ? 'username' : 'password'}`, 'is required with the other Basic credential');
  const credentials = username !== undefined ? { username, password } : {};
  if (caldav !== undefined) return { caldav, ...credentials };
  if (url !== undefined) return { ics: url, ...credentials };
  return { ics: isAbsolute(ics!) ? ics! : resolve(baseDir, ics!) };
}

/** Checks a tenant's `exchange` block; every admin account and mailbox once. */
export function checkExchange(raw: unknown, path: string, baseDir: string): FixtureExchange {
  const o = objectOf(raw, path, ['admin_accounts', 'accounts']);
  if (!Array.isArray(o.admin_accounts)) fail(`${path}.admin_accounts`, 'must be an array of mail addresses');
  const admins = new Set<string>();
  o.admin_accounts.forEach((a, i) => {
    const key = account(a, `${path}.admin_accounts[${i}]`);
    if (admins.has(key)) fail(`${path}.admin_accounts[${i}]`, 'is a duplicate', a);
    admins.add(key);
  });
  const isObject = typeof o.accounts === 'object' && o.accounts !== null && !Array.isArray(o.accounts);
  if (o.accounts !== undefined && !isObject) fail(`${path}.accounts`, 'must be an object of mailbox sources by Exchange account');
  const rawAccounts = (o.accounts ?? {}) as Json;
  const accounts: Record<string, FixtureMailbox> = {};
  for (const [name, value] of Object.entries(rawAccounts)) {
    const at = `${path}.accounts.${name}`;
    const key = account(name, at);
    if (accounts[key]) fail(at, 'is a duplicate (accounts compare without case)', name);
    accounts[key] = mailbox(value, at, baseDir);
  }
  return { admin_accounts: [...admins], accounts };
}

/** The stored form of a checked mailbox. */
export function sourceOf(m: FixtureMailbox): MailboxSource {
  const credentials = m.username !== undefined && m.password !== undefined ? { username: m.username, password: m.password } : {};
  if (m.caldav !== undefined) return { kind: 'caldav', url: m.caldav, ...credentials };
  if (isHttpUrl(m.ics!)) return { kind: 'http', url: m.ics!, ...credentials };
  return { kind: 'file', path: m.ics! };
}
