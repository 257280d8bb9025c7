/**
 * The role rows of the authorization matrix: one operation per calendar- or
 * event-scoped route, each with the answer every role gets on a private
 * shared calendar (calendars.md §2.3–§2.4, events.md §1.4, §2.5, §3).
 * Shared by the calendar and event role files, and by the coverage check.
 */
import assert from 'node:assert/strict';
import { call, HOLDERS, SUMMARY, type Role, type World } from '../../support/authz.js';
import type { TestServer } from '../../support/server.js';

/** 0 is success; any other number the exact Feishu code. */
export type Row = Record<Role, number>;

export interface RoleOp {
  name: string;
  /** The route pattern, as registered (`METHOD url`): the coverage check counts it. */
  route: string;
  /** Path (with query) and body for `world`. */
  request(world: World, now: number): { path: string; body?: unknown };
  /** Writes are checked to change nothing when refused. */
  write?: boolean;
  expect: Row;
  /** On success: exactly the data this role may see. */
  check?(role: Role, data: any, world: World): void;
}

const cal = (w: World) => `/open-apis/calendar/v4/calendars/${encodeURIComponent(w.calendarId)}`;
const ev = (w: World) => `${cal(w)}/events/${w.eventId}`;

const everyone = (code: number): Row => ({ owner: code, writer: code, reader: code, free_busy_reader: code, none: code });
/** Success from `min` up, `code` below it. */
function from(min: Role, code: number): Row {
  const order: Role[] = ['none', 'free_busy_reader', 'reader', 'writer', 'owner'];
  return Object.fromEntries(order.map((r) => [r, order.indexOf(r) >= order.indexOf(min) ? 0 : code])) as Row;
}

export const CALENDAR_OPS: RoleOp[] = [
  {
    // Any role sees the calendar itself, with its own role (calendars.md §3.5); no role: 191002 (§2.4).
    name: 'get calendar', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id',
    request: (w) => ({ path: cal(w) }), expect: from('free_busy_reader', 191002),
    check: (role, data, w) => assert.deepEqual([data.calendar_id, data.summary, data.role], [w.calendarId, 'Matrix', role]),
  },
  // Settings and sharing are the owner's (§2.3); the code for a non-owner is unconfirmed (§3.4, §9.2): larkcal answers 191002.
  { name: 'patch calendar', route: 'PATCH /open-apis/calendar/v4/calendars/:calendar_id', write: true, request: (w) => ({ path: cal(w), body: { description: 'changed' } }), expect: from('owner', 191002) },
  {
    name: 'list ACLs', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/acls',
    request: (w) => ({ path: `${cal(w)}/acls?user_id_type=user_id` }), expect: from('owner', 191002),
    check: (_role, data) => assert.deepEqual(data.acls.map((a: any) => `${a.scope.user_id}:${a.role}`).sort(),
      ['alice:owner', 'bob:reader', 'carol:writer', 'dave:free_busy_reader', 'eve:owner']),
  },
  { name: 'create ACL', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/acls', write: true, request: (w) => ({ path: `${cal(w)}/acls?user_id_type=user_id`, body: { role: 'reader', scope: { type: 'user', user_id: 'frank' } } }), expect: from('owner', 191002) },
  // "Any access to the calendar" (calendars.md §4.2).
  { name: 'ACL events subscription', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/acls/subscription', request: (w) => ({ path: `${cal(w)}/acls/subscription` }), expect: from('free_busy_reader', 191002) },
  { name: 'ACL events unsubscription', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/acls/unsubscription', request: (w) => ({ path: `${cal(w)}/acls/unsubscription` }), expect: from('free_busy_reader', 191002) },
  // A private calendar without an ACL cannot be subscribed: 191006 (§2.4); ACL holders may (§9.5 unconfirmed; larkcal allows).
  { name: 'subscribe', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/subscribe', write: true, request: (w) => ({ path: `${cal(w)}/subscribe` }), expect: from('free_busy_reader', 191006) },
  // Without a subscription there is nothing to undo: 191007 (larkcal; Feishu's order of checks is unconfirmed).
  { name: 'unsubscribe', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/unsubscribe', write: true, request: (w) => ({ path: `${cal(w)}/unsubscribe` }), expect: from('free_busy_reader', 191007) },
  { name: 'delete ACL', route: 'DELETE /open-apis/calendar/v4/calendars/:calendar_id/acls/:acl_id', write: true, request: (w) => ({ path: `${cal(w)}/acls/${w.bobAclId}` }), expect: from('owner', 191002) },
  { name: 'delete calendar', route: 'DELETE /open-apis/calendar/v4/calendars/:calendar_id', write: true, request: (w) => ({ path: cal(w) }), expect: from('owner', 191002) },
];

const window = (now: number) => `start_time=${Math.floor(now / 1000)}&end_time=${Math.floor(now / 1000) + 5 * 86400}`;
const sawSummary = (data: any) => assert.equal(data.event.summary, SUMMARY);

export const EVENT_OPS: RoleOp[] = [
  // Event reads need reader (events.md §2.5: "list/get/search already require at least reader"; §3.8, §3.9).
  { name: 'list events', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/events', request: (w) => ({ path: `${cal(w)}/events` }), expect: from('reader', 191002), check: (_r, data) => assert.deepEqual(data.items.map((e: any) => e.summary), [SUMMARY]) },
  { name: 'search events', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/search', request: (w) => ({ path: `${cal(w)}/events/search`, body: { query: 'Matrix' } }), expect: from('reader', 191002) },
  { name: 'instance view', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/events/instance_view', request: (w, now) => ({ path: `${cal(w)}/events/instance_view?${window(now)}` }), expect: from('reader', 191002), check: (_r, data) => assert.deepEqual(data.items.map((e: any) => e.summary), [SUMMARY, SUMMARY, SUMMARY]) },
  { name: 'get event', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', request: (w) => ({ path: ev(w) }), expect: from('reader', 191002), check: (_r, data) => sawSummary(data) },
  { name: 'instances', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/instances', request: (w, now) => ({ path: `${ev(w)}/instances?${window(now)}` }), expect: from('reader', 191002), check: (_r, data) => assert.equal(data.items.length, 3) },
  { name: 'event changes subscription', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/subscription', request: (w) => ({ path: `${cal(w)}/events/subscription` }), expect: from('reader', 191002) },
  { name: 'event changes unsubscription', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/unsubscription', request: (w) => ({ path: `${cal(w)}/events/unsubscription` }), expect: from('reader', 191002) },
  // A reader may not see the attendee list (194001); below reader the calendar itself is closed (191002).
  { name: 'list attendees', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees', request: (w) => ({ path: `${ev(w)}/attendees` }), expect: { ...from('writer', 191002), reader: 194001 } },
  // For those who may look, an attendee id that is not on the event: 194000.
  { name: 'chat members of an attendee', route: 'GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees/:attendee_id/chat_members', request: (w) => ({ path: `${ev(w)}/attendees/user_0000/chat_members` }), expect: { ...from('writer', 191002), reader: 194001, writer: 194000, owner: 194000 } },
  { name: 'create event', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events', write: true, request: (w, now) => ({ path: `${cal(w)}/events`, body: { summary: 'n', start_time: { timestamp: String(Math.floor(now / 1000) + 7200) }, end_time: { timestamp: String(Math.floor(now / 1000) + 9000) } } }), expect: from('writer', 191002) },
  { name: 'patch event', route: 'PATCH /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', write: true, request: (w) => ({ path: ev(w), body: { summary: 'renamed' } }), expect: from('writer', 191002) },
  { name: 'add attendee', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees', write: true, request: (w) => ({ path: `${ev(w)}/attendees?user_id_type=user_id`, body: { attendees: [{ type: 'third_party', third_party_email: 'guest@example.com' }] } }), expect: from('writer', 191002) },
  { name: 'remove attendee', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees/batch_delete', write: true, request: (w) => ({ path: `${ev(w)}/attendees/batch_delete`, body: { delete_ids: [{ type: 'third_party', third_party_email: 'guest@example.com' }] } }), expect: from('writer', 191002) },
  // Only attendees reply; nobody here is one (events.md §3.7): 193002 ("recommended") for whoever may know of the
  // event. Without a role it is not theirs to know of: 193001, as for an id of nothing (issue #16 §2).
  { name: 'reply', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/reply', write: true, request: (w) => ({ path: `${ev(w)}/reply`, body: { rsvp_status: 'accept' } }), expect: { ...everyone(193002), none: 193001 } },
  // Meeting chat and minutes need the caller's own primary calendar (events.md §3.16, §3.18): a shared one is 195109/195110 for all.
  { name: 'create meeting chat', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/meeting_chat', write: true, request: (w) => ({ path: `${ev(w)}/meeting_chat` }), expect: everyone(195109) },
  // Unbinding needs the caller's own primary and the chat's ownership (§3.17): on a shared calendar nobody
  // qualifies. The spec names no code for a calendar that falls short; larkcal answers the operation's own, 195107.
  { name: 'unbind meeting chat', route: 'DELETE /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/meeting_chat', write: true, request: (w) => ({ path: `${ev(w)}/meeting_chat?meeting_chat_id=oc_00000000000000000000000000000000` }), expect: everyone(195107) },
  { name: 'create meeting minutes', route: 'POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/meeting_minute', write: true, request: (w) => ({ path: `${ev(w)}/meeting_minute` }), expect: everyone(195110) },
  // Delete needs the organizer, i.e. writer or owner on the organizer calendar (events.md §2.5).
  { name: 'delete event', route: 'DELETE /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', write: true, request: (w) => ({ path: ev(w) }), expect: from('writer', 191002) },
];

/** Runs every op as `role`'s holder on `world`, in order, asserting each cell; refused writes leave feed and resource untouched. */
export async function runRow(server: TestServer, tokens: Record<string, string>, world: World, role: Role, ops: RoleOp[]): Promise<number> {
  const watched = [cal(world), `${cal(world)}/acls?user_id_type=user_id`, ev(world), `${ev(world)}/attendees`];
  let cells = 0;
  for (const op of ops) {
    const { path, body } = op.request(world, server.clock.now());
    const [method] = op.route.split(' ') as [string];
    const before = op.write ? await snapshotOf(server, tokens.alice!, watched) : undefined;
    const r = await call(server.url, method, path, tokens[HOLDERS[role]], body);
    const where = `${op.name} as ${role} (${HOLDERS[role]}): ${r.status} ${r.text.slice(0, 300)}`;
    assert.equal(r.json?.code, op.expect[role], where);
    if (op.expect[role] === 0) {
      assert.equal(r.status, 200, where);
      op.check?.(role, r.json.data, world);
    } else {
      assert.ok(r.status >= 400 && r.status < 500, where);
      if (before !== undefined) assert.deepEqual(await snapshotOf(server, tokens.alice!, watched), before, `${where}: a refused write changed something`);
    }
    cells += 1;
  }
  return cells;
}

async function snapshotOf(server: TestServer, aliceToken: string, paths: string[]): Promise<unknown> {
  const seen: unknown[] = [await server.store.changes.head()];
  for (const path of paths) seen.push((await call(server.url, 'GET', path, aliceToken)).json?.data);
  return seen;
}
