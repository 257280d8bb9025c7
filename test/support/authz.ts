/**
 * The authorization matrix's shared parts (issue #16 §2): the routes as the
 * server registered them, raw calls by route pattern, and a world of one
 * shared calendar on which each role of calendars.md §2.3 is held by one user.
 */
import type { FastifyInstance } from 'fastify';
import { routesOf, type RegisteredRoute } from '../../src/adapters/operations/openapi.js';
import type { RouteAuth } from '../../src/adapters/open-api/auth.js';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { testFixture } from './fixture.js';
import { raw, type RawResponse } from './http.js';
import type { TestServer } from './server.js';

export type { RawResponse };

/** An Open API route behind the gateway: it declares which tokens, scopes and bot it needs. */
export interface GatedRoute extends RegisteredRoute {
  auth: RouteAuth;
}

export const routeKey = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

/** Every `/open-apis/…` route that declares `config.auth`, as registered: a new endpoint joins the matrix by itself. */
export function gatedRoutes(app: FastifyInstance): GatedRoute[] {
  return routesOf(app)
    .filter((r) => r.url.startsWith('/open-apis/') && r.config.auth !== undefined)
    .map((r) => ({ ...r, auth: r.config.auth as RouteAuth }));
}

/** The route's path with each `:param` taken from `params`, or a placeholder the router still matches. */
export function pathOf(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:([a-z_]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? `x_${name}`));
}

/** One call with `Authorization: Bearer <token>` (none when `token` is undefined), a JSON body on writes. */
export function call(base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<RawResponse> {
  const sendsBody = method !== 'GET' && method !== 'DELETE';
  return raw(`${base}${path}`, {
    method, token,
    ...(sendsBody && { body: JSON.stringify(body ?? {}) }),
  });
}

/** An answer's visible outcome: HTTP status, Feishu code and message; the log id differs on every call. */
export const outcome = (r: RawResponse) => ({ status: r.status, code: r.json?.code, msg: r.json?.msg });

/** The test fixture with two more Acme users, so every role and "no role" has its own person. */
export function matrixFixture(): Fixture {
  const fixture = testFixture();
  (fixture.tenants[0]!.users ??= []).push(
    { user_id: 'eve', name: 'Eve Sun', email: 'eve@acme.example' },
    { user_id: 'frank', name: 'Frank Ma', email: 'frank@acme.example' },
  );
  return fixture;
}

export type Role = 'owner' | 'writer' | 'reader' | 'free_busy_reader' | 'none';

/** Who holds which role on the world's calendar; alice created it (and is an owner too). */
export const HOLDERS: Record<Role, string> = { owner: 'eve', writer: 'carol', reader: 'bob', free_busy_reader: 'dave', none: 'frank' };
export const ROLES = Object.keys(HOLDERS) as Role[];

export interface World {
  calendarId: string;
  /** A recurring event alice made on the calendar (three days), visibility `default`, summary SUMMARY. */
  eventId: string;
  /** Alice's ACL on it (owner). */
  aliceAclId: string;
  /** Bob's ACL (reader). */
  bobAclId: string;
}

export const SUMMARY = 'Matrix planning';

/** A private shared calendar with one ACL per role and one event, all made by alice through the API. */
export async function makeWorld(server: TestServer, tokens: Record<string, string>): Promise<World> {
  const alice = tokens.alice!;
  const created = await call(server.url, 'POST', '/open-apis/calendar/v4/calendars', alice, { summary: 'Matrix', permissions: 'private' });
  if (created.json?.code !== 0) throw new Error(`calendar: ${created.text}`);
  const calendarId = created.json.data.calendar.calendar_id as string;
  const acls: Record<string, string> = {};
  for (const role of ROLES.filter((r) => r !== 'none')) {
    const r = await call(server.url, 'POST', `/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/acls?user_id_type=user_id`, alice, { role, scope: { type: 'user', user_id: HOLDERS[role] } });
    if (r.json?.code !== 0) throw new Error(`acl ${role}: ${r.text}`);
    acls[HOLDERS[role]] = r.json.data.acl_id;
  }
  const listed = await call(server.url, 'GET', `/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/acls?user_id_type=user_id`, alice);
  const aliceAclId = (listed.json.data.acls as Array<{ acl_id: string; scope: { user_id: string } }>).find((a) => a.scope.user_id === 'alice')!.acl_id;
  const start = Math.floor(server.clock.now() / 1000) + 86400;
  const event = await call(server.url, 'POST', `/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/events`, alice, {
    summary: SUMMARY, description: 'details only readers see', recurrence: 'FREQ=DAILY;COUNT=3',
    start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600) },
  });
  if (event.json?.code !== 0) throw new Error(`event: ${event.text}`);
  return { calendarId, eventId: event.json.data.event.event_id, aliceAclId, bobAclId: acls.bob! };
}

/** User tokens (app `full`) of every Acme user of the matrix fixture. */
export async function userTokens(server: TestServer): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const user of ['alice', 'bob', 'carol', 'dave', 'eve', 'frank']) out[user] = await server.userToken(user);
  return out;
}
