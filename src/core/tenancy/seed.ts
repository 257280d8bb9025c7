/**
 * Loads a fixture into the store: tenants that are already there are skipped,
 * and the rest load in one transaction, so a bad fixture leaves nothing behind.
 */
import { createPrimaryCalendar, createRoomCalendar } from '../calendars/provision.js';
import { invalid } from '../errors.js';
import { newIds, openIdFor, randomIds, type IdSource } from '../ids.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import { eventConfigOf } from '../delivery/app-events.js';
import { loadExchange } from '../exchange/seed.js';
import { tenantKeyOf, validateFixture, type Fixture, type FixtureApp, type FixtureRoom, type FixtureTenant } from './fixture.js';
import type { App, Tenant, User } from './model.js';
import { hashSecret, SCRYPT_COST, type ScryptCost } from './secrets.js';

export interface SeededApp { appId: string; appSecret: string; name: string; generatedSecret: boolean }
export interface SeededTenant { tenantKey: string; name: string; apps: SeededApp[]; users: Array<{ userId: string; name: string }> }
export interface SeedResult { loaded: SeededTenant[]; skipped: string[] }
export interface SeedOptions {
  /** The scrypt cost of seeded passwords and app secrets; tests pass a cheap one. */
  hashCost?: ScryptCost;
  /** Where user, app, chat, room and calendar ids come from; app secrets always come from the CSPRNG. */
  ids?: IdSource;
}

interface SeedContext { at: number; hashCost: ScryptCost; ids: IdSource }

/** A tenant's directory, and the primary and room calendars that come with it. */
type SeedPorts = 'tenancy' | 'calendars' | 'acls' | 'changes' | 'appEvents' | 'exchange';

export { tenantKeyOf };

function domainOf(t: FixtureTenant): string {
  if (t.domain) return t.domain;
  const slug = t.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.length > 0 ? slug.slice(0, 40) : 'tenant';
}

export async function loadFixture(store: UnitOfWork<SeedPorts>, input: Fixture, clock: Clock, options: SeedOptions = {}): Promise<SeedResult> {
  // Validated here too, so a fixture built in code (demo, tests) meets the same rules as a file.
  const fixture = validateFixture(input);
  const result: SeedResult = { loaded: [], skipped: [] };
  await store.transaction(async (repos) => {
    for (const [index, t] of fixture.tenants.entries()) {
      const tenantKey = tenantKeyOf(t);
      if (await repos.tenancy.tenantExists(tenantKey)) {
        result.skipped.push(tenantKey);
        continue;
      }
      result.loaded.push(await loadTenant(repos, t, tenantKey, `tenants[${index}]`, { at: clock.now(), hashCost: options.hashCost ?? SCRYPT_COST, ids: options.ids ?? randomIds }));
    }
  });
  return result;
}

async function loadTenant(repos: Needs<SeedPorts>, t: FixtureTenant, tenantKey: string, path: string, seed: SeedContext): Promise<SeededTenant> {
  const { at, ids } = seed;
  const tenant: Tenant = { tenantKey, name: t.name, domain: domainOf(t) };
  await repos.tenancy.insertTenant(tenant);

  const users: User[] = [];
  for (const [i, u] of (t.users ?? []).entries()) {
    const unionId = u.union_id ?? ids.unionId();
    if (await repos.tenancy.findUserByUnionId(unionId)) throw invalid(`${path}.users[${i}].union_id`, 'is taken by another user', unionId);
    const user: User = {
      ref: ids.internalRef('usr'), tenantKey, userId: u.user_id ?? ids.userId(), unionId, number: ids.number19(),
      name: u.name, email: u.email, timezone: u.timezone ?? 'Asia/Shanghai',
    };
    await repos.tenancy.insertUser(user, u.password ? await hashSecret(u.password, seed.hashCost) : null);
    if (u.working_hours) await repos.tenancy.putWorkingHours(user.ref, { timezone: u.working_hours.timezone ?? user.timezone, days: u.working_hours.days });
    await createPrimaryCalendar(repos, tenant, `user:${user.ref}`, user.number, user.name, at, ids);
    if (u.super_admin) await repos.exchange.putSuperAdmin(tenantKey, user.ref);
    users.push(user);
  }

  const apps: SeededApp[] = [];
  for (const [i, a] of (t.apps ?? []).entries()) {
    apps.push(await loadApp(repos, tenant, a, users, `${path}.apps[${i}]`, seed));
  }

  for (const [i, c] of (t.chats ?? []).entries()) {
    const chatId = c.chat_id ?? ids.chatId();
    if (await repos.tenancy.getChat(chatId)) throw invalid(`${path}.chats[${i}].chat_id`, 'is taken', chatId);
    const memberRefs = c.members.map((userId) => users.find((u) => u.userId === userId)!.ref);
    await repos.tenancy.insertChat({ chatId, tenantKey, name: c.name, memberRefs });
  }

  for (const [i, r] of (t.rooms ?? []).entries()) {
    const roomId = r.room_id ?? ids.roomId();
    if (await repos.tenancy.getRoom(roomId)) throw invalid(`${path}.rooms[${i}].room_id`, 'is taken', roomId);
    const calendar = await createRoomCalendar(repos, tenant, roomId, r.name, at, ids);
    await repos.tenancy.insertRoom({
      roomId, tenantKey, name: r.name, capacity: r.capacity ?? 10, building: r.building ?? '', floor: r.floor ?? '', calendarId: calendar.calendarId,
      city: r.city ?? '', roomLevel: roomLevelOf(r),
    });
  }

  if (t.exchange) await loadExchange(repos, tenantKey, t.exchange);

  return { tenantKey, name: t.name, apps, users: users.map((u) => ({ userId: u.userId, name: u.name })) };
}

/** `room_level` split on "/", else building then floor (the tree Feishu's room levels form). */
function roomLevelOf(r: FixtureRoom): string[] {
  if (r.room_level !== undefined) return r.room_level.split('/').map((name) => name.trim());
  return [r.building, r.floor].filter((name): name is string => name !== undefined && name !== '');
}

async function loadApp(repos: Needs<SeedPorts>, tenant: Tenant, a: FixtureApp, users: readonly User[], path: string, seed: SeedContext): Promise<SeededApp> {
  const appId = a.app_id ?? seed.ids.appId();
  if (await repos.tenancy.getApp(appId)) throw invalid(`${path}.app_id`, 'is taken by another app', appId);
  // A credential: from the CSPRNG whatever ids the seed was given.
  const appSecret = a.app_secret ?? newIds.appSecret();
  const app: App = {
    appId, tenantKey: tenant.tenantKey, name: a.name, bot: a.bot ?? true, scopes: a.scopes ?? [],
    redirectUris: a.redirect_uris ?? [], kind: a.type ?? 'internal', number: seed.ids.number19(),
  };
  await repos.tenancy.insertApp({ ...app, secretHash: await hashSecret(appSecret, seed.hashCost) });
  for (const user of users) await repos.tenancy.insertOpenId(appId, user.ref, openIdFor(appId, user.ref));
  // An app with the bot ability owns a primary calendar named after the app (calendars.md §2.2).
  if (app.bot) await createPrimaryCalendar(repos, tenant, `app:${appId}`, app.number, app.name, seed.at, seed.ids);
  if (a.events) await repos.appEvents.put(eventConfigOf(app, a.events, `${path}.events`));
  return { appId, appSecret, name: a.name, generatedSecret: a.app_secret === undefined };
}

/** The built-in web calendar's app of one tenant (adapters/web): what the adapter registers and how. */
export interface WebAppSpec {
  tenantKey: string;
  appId: string;
  /** The adapter derives it from its server key; only its hash is stored, like any app secret. */
  appSecret: string;
  redirectUris: string[];
  scopes: readonly string[];
}

/**
 * Registers the tenant's web calendar app unless it is there, and gives every
 * user of the tenant an open_id for it (users added after the app get theirs
 * on their first sign-in). A first-party app: no bot, so no calendar of its own.
 */
export async function ensureWebApp(store: UnitOfWork<'tenancy'>, spec: WebAppSpec, hashCost: ScryptCost = SCRYPT_COST): Promise<void> {
  await store.transaction(async (repos) => {
    if (!(await repos.tenancy.getApp(spec.appId))) {
      await repos.tenancy.insertApp({
        appId: spec.appId, tenantKey: spec.tenantKey, name: 'larkcal web calendar', bot: false, scopes: [...spec.scopes],
        redirectUris: spec.redirectUris, kind: 'internal', number: randomIds.number19(), secretHash: await hashSecret(spec.appSecret, hashCost),
      });
    }
    for (const user of await repos.tenancy.listUsers(spec.tenantKey)) {
      const openId = openIdFor(spec.appId, user.ref);
      if (!(await repos.tenancy.findUserByOpenId(spec.appId, openId))) await repos.tenancy.insertOpenId(spec.appId, user.ref, openId);
    }
  });
}
