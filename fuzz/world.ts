/**
 * The server under fuzz and what requests need to reach past the gateway:
 * one token of every kind, and real ids (a calendar, an event, an ACL, …) of
 * both tenants, so path parameters can be right, wrong, or someone else's.
 */
import { TokenService } from '../src/core/tenancy/tokens.js';
import type { Dialect } from '../test/support/database.js';
import { APPS, type AppName } from '../test/support/fixture.js';
import { startServer, type TestServer } from '../test/support/server.js';
import { collectRoutes, openApiRoutes, type RouteInfo } from './routes.js';

export type TokenKind = 'tenant' | 'user' | 'app' | 'expired' | 'other_tenant' | 'other_user' | 'no_scope' | 'no_bot' | 'refresh' | 'garbage' | 'none';

export interface World {
  server: TestServer;
  url: string;
  routes: RouteInfo[];
  tokens: Record<Exclude<TokenKind, 'none'>, string>;
  /** Real ids of the acme tenant's resources, by path parameter name. */
  ids: Record<string, string>;
  /** The same parameters, pointing into the other tenant. */
  foreignIds: Record<string, string>;
  /** A real page and sync token, for the forged ones. */
  pagingTokens: string[];
  /** What no answer may ever carry: app secrets, passwords, every token handed out. */
  secrets: string[];
  /** Makes fresh resources, after the fuzz has deleted or spoiled the last ones. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(dialect: Dialect): Promise<World> {
  const collector = collectRoutes();
  const server = await startServer({ dialect });
  collector.stop();
  const tokens = await mintTokens(server);
  const world: World = {
    server, url: server.url, routes: openApiRoutes(collector.routes), tokens,
    ids: {}, foreignIds: {}, pagingTokens: [],
    secrets: [...Object.values(APPS).map((a) => a.app_secret), 'alice-pw', 'bob-pw', 'carol-pw', 'zed-pw', ...Object.values(tokens).filter((t) => t.length >= 16)],
    refresh: async () => {
      world.ids = await makeResources(server.url, tokens.user, tokens.tenant);
      world.foreignIds = await makeResources(server.url, tokens.other_user, tokens.other_tenant);
      world.pagingTokens = await pagingTokensOf(server.url, tokens.user, world.ids.calendar_id!);
    },
    close: () => server.close(),
  };
  await world.refresh();
  return world;
}

async function mintTokens(server: TestServer): Promise<World['tokens']> {
  const token = async (name: AppName, kind: 'tenant' | 'app') => {
    const path = kind === 'tenant' ? 'tenant_access_token' : 'app_access_token';
    const answer = await post(server.url, `/open-apis/auth/v3/${path}/internal`, undefined, { app_id: APPS[name].app_id, app_secret: APPS[name].app_secret });
    return String((answer as Record<string, unknown>)[path]);
  };
  // Issued by a clock three hours behind: a token of the right shape, expired an hour ago.
  const past = new TokenService(server.store, { now: () => server.clock.now() - 3 * 3600_000 });
  const app = (await server.store.tenancy.getApp(APPS.full.app_id))!;
  const alice = (await server.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
  const expired = await past.issueUserToken(app, alice.ref, app.scopes);
  const live = await new TokenService(server.store, server.clock).issueUserToken(app, alice.ref, app.scopes);
  return {
    tenant: await token('full', 'tenant'),
    user: live.accessToken.value,
    app: await token('full', 'app'),
    expired: expired.accessToken.value,
    other_tenant: await token('globex', 'tenant'),
    other_user: await server.userToken('zed', 'globex'),
    no_scope: await token('noscope', 'tenant'),
    no_bot: await token('nobot', 'tenant'),
    refresh: live.refreshToken.value,
    garbage: 't-g1044dbd9c4d53e46f0f0f0f0f0f0f0f0f0f0f0f',
  };
}

/** A calendar with an event, an attendee and an ACL; a time-off and an Exchange binding. Failures leave plausible ids. */
async function makeResources(url: string, user: string, tenant: string): Promise<Record<string, string>> {
  const q = '?user_id_type=user_id';
  const calendar = await post(url, `/open-apis/calendar/v4/calendars`, user, { summary: 'fuzz', permissions: 'public' });
  const calendarId = String(dig(calendar, 'data', 'calendar', 'calendar_id') ?? 'feishu.cn_fuzz@group.calendar.feishu.cn');
  const base = `/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}`;
  const event = await post(url, `${base}/events${q}`, user, {
    summary: 'fuzz', start_time: { timestamp: '1800000000' }, end_time: { timestamp: '1800003600' }, recurrence: 'FREQ=WEEKLY;COUNT=5',
  });
  const eventId = String(dig(event, 'data', 'event', 'event_id') ?? '00000000-0000-4000-8000-000000000000_0');
  const attendees = await post(url, `${base}/events/${eventId}/attendees${q}`, user, { attendees: [{ type: 'user', user_id: 'bob' }, { type: 'third_party', third_party_email: 'x@example.com' }] });
  const attendeeId = String(dig(attendees, 'data', 'attendees', 0, 'attendee_id') ?? 'user_0000000000');
  const acl = await post(url, `${base}/acls${q}`, user, { role: 'reader', scope: { type: 'user', user_id: 'carol' } });
  const timeoff = await post(url, `/open-apis/calendar/v4/timeoff_events${q}`, tenant, { user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-06-01', end_time: '2026-06-02' });
  const binding = await post(url, `/open-apis/calendar/v4/exchange_bindings${q}`, user, { admin_account: 'exadmin@acme-ex.example', exchange_account: 'alice@acme-ex.example', user_id: 'alice' });
  return {
    calendar_id: calendarId, event_id: eventId, attendee_id: attendeeId,
    acl_id: String(dig(acl, 'data', 'acl_id') ?? 'user_0000000000'),
    timeoff_event_id: String(dig(timeoff, 'data', 'timeoff_event_id') ?? 'timeoff:00000000-0000-4000-8000-000000000000'),
    exchange_binding_id: String(dig(binding, 'data', 'exchange_binding_id') ?? 'ZW1haWxfYWRtaW5fZXhhbXBsZQ=='),
    user_id: 'alice', room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1', room_level_id: 'omb_0000000000000000000000000000000a',
  };
}

async function pagingTokensOf(url: string, user: string, calendarId: string): Promise<string[]> {
  const listed = await fetch(`${url}/open-apis/calendar/v4/calendars?page_size=50`, { headers: { authorization: `Bearer ${user}` } }).then((r) => r.json()).catch(() => undefined);
  const events = await fetch(`${url}/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/events?page_size=50`, { headers: { authorization: `Bearer ${user}` } })
    .then((r) => r.json()).catch(() => undefined);
  return [dig(listed, 'data', 'sync_token'), dig(events, 'data', 'sync_token'), dig(events, 'data', 'page_token')].filter((t): t is string => typeof t === 'string' && t !== '');
}

async function post(url: string, path: string, token: string | undefined, body: unknown): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return response.json().catch(() => undefined);
}

function dig(value: unknown, ...path: Array<string | number>): unknown {
  let at = value;
  for (const step of path) at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[step] : undefined;
  return at;
}
