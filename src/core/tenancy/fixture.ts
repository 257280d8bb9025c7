/**
 * The fixture file format (JSON) that tests and users load with `larkcal seed`.
 * Validation names the first bad field by its path, e.g. `tenants[0].users[2].email`.
 */
import { checkEventSettings, eventConfigOf, type EventSettings } from '../delivery/app-events.js';
import { DomainError, invalid } from '../errors.js';
import { sha256 } from '../ids.js';
import { checkExchange, type FixtureExchange } from '../exchange/fixture.js';
import { WEEKDAYS, type Weekday } from './model.js';
import { KNOWN_SCOPES } from './scopes.js';

export interface FixtureUser {
  user_id?: string; union_id?: string; name: string; email: string; password?: string; timezone?: string;
  working_hours?: FixtureWorkingHours;
  /** The tenant's super administrator, who alone manages Exchange bindings (calendars.md §8.2). */
  super_admin?: boolean;
}
/** `{"timezone"?: "Asia/Tokyo", "days": {"mon": ["09:00", "18:00"], …}}`; absent days are not worked. */
export interface FixtureWorkingHours { timezone?: string; days: Partial<Record<Weekday, [string, string]>> }
export interface FixtureChat { chat_id?: string; name: string; members: string[] }
export interface FixtureRoom {
  room_id?: string; name: string; capacity?: number; building?: string; floor?: string;
  city?: string;
  /** The room's level as a path of level names, `HQ/3` (building HQ, floor 3); default: building/floor. */
  room_level?: string;
}
export interface FixtureApp {
  app_id?: string; app_secret?: string; name: string; bot?: boolean; type?: 'internal' | 'store';
  scopes?: string[]; redirect_uris?: string[];
  /** How the app receives change events (platform.md §8–§10). */
  events?: EventSettings;
}
export interface FixtureTenant {
  tenant_key?: string; name: string; domain?: string;
  users?: FixtureUser[]; chats?: FixtureChat[]; rooms?: FixtureRoom[]; apps?: FixtureApp[];
  /** What stands in for the tenant's Exchange server (issue #11 §1). */
  exchange?: FixtureExchange;
}

export interface FixtureOptions {
  /** What relative paths in the fixture (Exchange mailbox files) are relative to: the fixture file's folder. Default: the working directory. */
  baseDir?: string;
}
export interface Fixture { tenants: FixtureTenant[] }

type Json = Record<string, unknown>;

const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;
const APP_ID = /^cli_[0-9a-f]{16}$/;

function fail(path: string, reason: string, value?: unknown): never {
  throw invalid(path, reason, value === undefined ? undefined : JSON.stringify(value));
}

/** An object holding only `keys`: a misspelt field ("pasword") is an error, not silently dropped. */
function object(value: unknown, path: string, keys: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  const unknown = Object.keys(value).find((k) => !keys.includes(k));
  if (unknown !== undefined) fail(path === '$' ? unknown : `${path}.${unknown}`, `is not a field of this object (known: ${keys.join(', ')})`);
  return value as Json;
}

function array(value: unknown, path: string, optional = true): unknown[] {
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

function string(obj: Json, key: string, path: string, opts: { optional?: boolean; pattern?: RegExp; max?: number } = {}): string | undefined {
  const value = obj[key];
  if (value === undefined && opts.optional) return undefined;
  if (typeof value !== 'string' || value.length === 0) fail(`${path}.${key}`, 'must be a non-empty string', value);
  if (opts.max !== undefined && value.length > opts.max) fail(`${path}.${key}`, `must be at most ${opts.max} characters`, value);
  if (opts.pattern && !opts.pattern.test(value)) fail(`${path}.${key}`, `must match ${opts.pattern}`, value);
  return value;
}

/** The zone's canonical spelling ("asia/shanghai" → "Asia/Shanghai"), or undefined when it is no IANA zone. */
function canonicalTimeZone(zone: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  } catch {
    return undefined;
  }
}

function uniqueIn(seen: Set<string>, value: string | undefined, path: string): void {
  if (value === undefined) return;
  if (seen.has(value)) fail(path, 'is a duplicate', value);
  seen.add(value);
}

function checkUser(raw: unknown, path: string, seen: { ids: Set<string>; emails: Set<string> }): FixtureUser {
  const o = object(raw, path, ['user_id', 'union_id', 'name', 'email', 'password', 'timezone', 'working_hours', 'super_admin']);
  if (o.super_admin !== undefined && typeof o.super_admin !== 'boolean') fail(`${path}.super_admin`, 'must be true or false', o.super_admin);
  const user: FixtureUser = {
    name: string(o, 'name', path, { max: 255 })!,
    email: string(o, 'email', path, { pattern: EMAIL, max: 255 })!,
  };
  const userId = string(o, 'user_id', path, { optional: true, pattern: ID });
  const unionId = string(o, 'union_id', path, { optional: true, pattern: /^on_[A-Za-z0-9]{1,64}$/ });
  const password = string(o, 'password', path, { optional: true, max: 1024 });
  const zone = string(o, 'timezone', path, { optional: true });
  const timezone = zone === undefined ? undefined : canonicalTimeZone(zone);
  if (zone !== undefined && timezone === undefined) fail(`${path}.timezone`, 'must be an IANA time zone', zone);
  uniqueIn(seen.ids, userId, `${path}.user_id`);
  uniqueIn(seen.emails, user.email.toLowerCase(), `${path}.email`);
  const workingHours = o.working_hours === undefined ? undefined : checkWorkingHours(o.working_hours, `${path}.working_hours`);
  return {
    ...user, ...(userId && { user_id: userId }), ...(unionId && { union_id: unionId }), ...(password && { password }), ...(timezone && { timezone }),
    ...(workingHours && { working_hours: workingHours }),
    ...(o.super_admin === true && { super_admin: true }),
  };
}

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function checkWorkingHours(raw: unknown, path: string): FixtureWorkingHours {
  const o = object(raw, path, ['timezone', 'days']);
  const zone = string(o, 'timezone', path, { optional: true });
  const timezone = zone === undefined ? undefined : canonicalTimeZone(zone);
  if (zone !== undefined && timezone === undefined) fail(`${path}.timezone`, 'must be an IANA time zone', zone);
  const rawDays = object(o.days, `${path}.days`, WEEKDAYS);
  const days: FixtureWorkingHours['days'] = {};
  for (const day of WEEKDAYS) {
    const span = rawDays[day];
    if (span === undefined) continue;
    const at = `${path}.days.${day}`;
    if (!Array.isArray(span) || span.length !== 2) fail(at, 'must be ["HH:MM", "HH:MM"] (start, end)', span);
    span.forEach((t, i) => {
      if (typeof t !== 'string' || !CLOCK.test(t)) fail(`${at}[${i}]`, 'must be a time HH:MM from 00:00 to 24:00', t);
    });
    const [start, end] = span as [string, string];
    // HH:MM strings of equal length compare as times.
    if (end <= start) fail(`${at}[1]`, 'must be after the start', end);
    days[day] = [start, end];
  }
  return { ...(timezone && { timezone }), days };
}

function checkChat(raw: unknown, path: string, userIds: Set<string>): FixtureChat {
  const o = object(raw, path, ['chat_id', 'name', 'members']);
  const chatId = string(o, 'chat_id', path, { optional: true, pattern: /^oc_[A-Za-z0-9]{1,64}$/ });
  const members = array(o.members, `${path}.members`).map((m, i) => {
    if (typeof m !== 'string' || !userIds.has(m)) fail(`${path}.members[${i}]`, 'must be the user_id of a user of this tenant', m);
    return m;
  });
  return { name: string(o, 'name', path, { max: 255 })!, members, ...(chatId && { chat_id: chatId }) };
}

function checkRoom(raw: unknown, path: string): FixtureRoom {
  const o = object(raw, path, ['room_id', 'name', 'capacity', 'building', 'floor', 'city', 'room_level']);
  const roomId = string(o, 'room_id', path, { optional: true, pattern: /^omm_[A-Za-z0-9]{1,64}$/ });
  const capacity = o.capacity;
  if (capacity !== undefined && (!Number.isInteger(capacity) || (capacity as number) < 1 || (capacity as number) > 100000)) {
    fail(`${path}.capacity`, 'must be an integer from 1 to 100000', capacity);
  }
  const building = string(o, 'building', path, { optional: true, max: 255 });
  const floor = string(o, 'floor', path, { optional: true, max: 64 });
  const city = string(o, 'city', path, { optional: true, max: 255 });
  const roomLevel = string(o, 'room_level', path, { optional: true, max: 1024 });
  if (roomLevel !== undefined) {
    const names = roomLevel.split('/');
    if (names.some((n) => n.trim() === '')) fail(`${path}.room_level`, 'must be level names separated by "/", none empty (e.g. "HQ/3")', roomLevel);
    if (names.length > 10) fail(`${path}.room_level`, 'must have at most 10 levels', roomLevel);
  }
  return {
    name: string(o, 'name', path, { max: 255 })!,
    ...(roomId && { room_id: roomId }),
    ...(capacity !== undefined && { capacity: capacity as number }),
    ...(building && { building }),
    ...(floor && { floor }),
    ...(city && { city }),
    ...(roomLevel && { room_level: roomLevel }),
  };
}

function stringList(value: unknown, path: string): string[] {
  return array(value, path).map((v, i) => {
    if (typeof v !== 'string' || v.length === 0) fail(`${path}[${i}]`, 'must be a non-empty string', v);
    return v;
  });
}

/** Scopes larkcal knows (platform.md §11); an unknown one would never match a route, so it is refused. */
function scopeList(value: unknown, path: string): string[] {
  const scopes = stringList(value, path);
  scopes.forEach((scope, i) => {
    if (!KNOWN_SCOPES.has(scope)) fail(`${path}[${i}]`, 'is not a scope larkcal knows (platform.md §11, e.g. calendar:calendar, calendar:calendar.event:read)', scope);
  });
  return scopes;
}

function checkApp(raw: unknown, path: string): FixtureApp {
  const o = object(raw, path, ['app_id', 'app_secret', 'name', 'bot', 'type', 'scopes', 'redirect_uris', 'events']);
  if (o.bot !== undefined && typeof o.bot !== 'boolean') fail(`${path}.bot`, 'must be true or false', o.bot);
  if (o.type !== undefined && o.type !== 'internal' && o.type !== 'store') fail(`${path}.type`, 'must be "internal" or "store"', o.type);
  const appId = string(o, 'app_id', path, { optional: true, pattern: APP_ID });
  const secret = string(o, 'app_secret', path, { optional: true, max: 256 });
  const redirectUris = stringList(o.redirect_uris, `${path}.redirect_uris`);
  redirectUris.forEach((uri, i) => {
    // OAuth sends the user's browser, code in hand, to this address: http(s) only.
    const url = URL.canParse(uri) ? new URL(uri) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) fail(`${path}.redirect_uris[${i}]`, 'must be an absolute http(s) URL', uri);
  });
  return {
    name: string(o, 'name', path, { max: 255 })!,
    bot: (o.bot as boolean | undefined) ?? true,
    type: (o.type as FixtureApp['type']) ?? 'internal',
    scopes: scopeList(o.scopes, `${path}.scopes`),
    redirect_uris: redirectUris,
    ...(appId && { app_id: appId }),
    ...(secret && { app_secret: secret }),
    ...(o.events !== undefined && { events: checkEvents(o.events, `${path}.events`, (o.type as FixtureApp['type']) ?? 'internal') }),
  };
}

/** The `events` block, checked whole: its shape, and what it asks of the app (a webhook's URL, an internal app for the long connection). */
function checkEvents(raw: unknown, path: string, kind: 'internal' | 'store'): EventSettings {
  const settings = checkEventSettings(raw, path);
  eventConfigOf({ appId: '', kind }, settings, path);
  return settings;
}

/** A tenant without a `tenant_key` gets one derived from its name, so loading twice is a no-op. */
export function tenantKeyOf(t: FixtureTenant): string {
  return t.tenant_key ?? sha256(`tenant:${t.name}`).slice(0, 16);
}

/** Parses and validates a fixture; throws `invalid_params` naming the first bad field. */
export function validateFixture(raw: unknown, options: FixtureOptions = {}): Fixture {
  const root = object(raw, '$', ['tenants']);
  const tenantKeys = new Set<string>();
  const appIds = new Set<string>();
  const tenants = array(root.tenants, 'tenants', false).map((rawTenant, t) => {
    const path = `tenants[${t}]`;
    const o = object(rawTenant, path, ['tenant_key', 'name', 'domain', 'users', 'chats', 'rooms', 'apps', 'exchange']);
    const tenantKey = string(o, 'tenant_key', path, { optional: true, pattern: /^[A-Za-z0-9]{1,64}$/ });
    const name = string(o, 'name', path, { max: 255 })!;
    // Two tenants without keys but with one name would derive one key, and the second would be skipped unseen.
    uniqueIn(tenantKeys, tenantKeyOf({ name, ...(tenantKey && { tenant_key: tenantKey }) }), tenantKey ? `${path}.tenant_key` : `${path}.name`);
    const seen = { ids: new Set<string>(), emails: new Set<string>() };
    const users = array(o.users, `${path}.users`).map((u, i) => checkUser(u, `${path}.users[${i}]`, seen));
    const apps = array(o.apps, `${path}.apps`).map((a, i) => checkApp(a, `${path}.apps[${i}]`));
    apps.forEach((a, i) => uniqueIn(appIds, a.app_id, `${path}.apps[${i}].app_id`));
    const chatIds = new Set<string>();
    const chats = array(o.chats, `${path}.chats`).map((c, i) => checkChat(c, `${path}.chats[${i}]`, seen.ids));
    chats.forEach((c, i) => uniqueIn(chatIds, c.chat_id, `${path}.chats[${i}].chat_id`));
    const roomIds = new Set<string>();
    const rooms = array(o.rooms, `${path}.rooms`).map((r, i) => checkRoom(r, `${path}.rooms[${i}]`));
    rooms.forEach((r, i) => uniqueIn(roomIds, r.room_id, `${path}.rooms[${i}].room_id`));
    const domain = string(o, 'domain', path, { optional: true, pattern: DOMAIN });
    const exchange = o.exchange === undefined ? undefined : checkExchange(o.exchange, `${path}.exchange`, options.baseDir ?? process.cwd());
    return {
      name,
      ...(tenantKey && { tenant_key: tenantKey }),
      ...(domain && { domain }),
      users, chats, rooms, apps,
      ...(exchange && { exchange }),
    };
  });
  if (tenants.length === 0) fail('tenants', 'must hold at least one tenant');
  return { tenants };
}

/** Reads a fixture from JSON text. */
export function parseFixture(text: string, options: FixtureOptions = {}): Fixture {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DomainError('invalid', [{ field: '$', description: `is not valid JSON: ${(error as Error).message}` }]);
  }
  return validateFixture(raw, options);
}
