/** GET /events (events.md §3.4): traversal, anchor, incremental sync, time window, and their errors. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { encodeCursor } from '../../src/core/paging.js';
import { APPS, ACME } from '../support/fixture.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, primaryOf, sharedCalendar, timed } from './events-queries-support.js';

type Options = Parameters<lark.Client['calendar']['v4']['calendarEvent']['list']>[1];
type Params = NonNullable<NonNullable<Parameters<lark.Client['calendar']['v4']['calendarEvent']['list']>[0]>['params']>;

for (const dialect of DIALECTS) {
  describe(`events.list (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const list = (calendarId: string, params: Params = {}, as?: Options) =>
      server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params }, as);

    async function traverse(calendarId: string, params: Params = {}, as?: Options) {
      const items: Array<{ event_id: string; status?: string; summary?: string; is_exception?: boolean; recurrence?: string; recurring_event_id?: string; color?: number }> = [];
      let pageToken: string | undefined;
      for (let pages = 1; pages < 50; pages++) {
        const res = await list(calendarId, { ...params, ...(pageToken && { page_token: pageToken }) }, as);
        items.push(...(res.data!.items ?? []));
        if (!res.data!.has_more) {
          assert.equal(res.data!.page_token, undefined);
          return { items, syncToken: res.data!.sync_token!, pages };
        }
        assert.equal(res.data!.sync_token, undefined);
        pageToken = res.data!.page_token;
      }
      throw new Error('endless paging');
    }

    test('anchored traversal pages by page_token in start order; the last page carries a sync token', async () => {
      const calendarId = await sharedCalendar(server);
      const ids: string[] = [];
      // Created out of order: the list orders by start time.
      for (let i = 59; i >= 0; i--) ids[i] = await createEvent(server, calendarId, { summary: `E${i}`, ...timed(MONDAY + i * HOUR, MONDAY + i * HOUR + 1800) });
      const { items, syncToken, pages } = await traverse(calendarId, { page_size: 50, anchor_time: String(MONDAY) });
      assert.equal(pages, 2);
      assert.deepEqual(items.map((e) => e.event_id), ids);
      assert.match(syncToken, /^ListEventsSyncToken_/);
      // Without anchor_time: one page of all of them (fidelity-list-tokens.test.ts).
      const all = await list(calendarId, { page_size: 50 });
      assert.deepEqual(all.data!.items!.map((e) => e.event_id), ids);
      assert.equal(all.data!.has_more, false);
    });

    test('list shape: masters with recurrence, exceptions with recurring_event_id, cancelled exceptions stay', async () => {
      const calendarId = await sharedCalendar(server);
      const master = await createEvent(server, calendarId, { summary: 'Standup', recurrence: 'FREQ=DAILY;COUNT=5' });
      const uid = master.slice(0, -2);
      const second = `${uid}_${MONDAY + DAY + 9 * HOUR}`;
      const third = `${uid}_${MONDAY + 2 * DAY + 9 * HOUR}`;
      await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: second }, data: { summary: 'Moved standup' } });
      await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: third } });
      const gone = await createEvent(server, calendarId, { summary: 'Deleted one-off' });
      await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: gone } });

      const res = await list(calendarId);
      const byId = new Map(res.data!.items!.map((e) => [e.event_id, e]));
      assert.deepEqual([...byId.keys()], [master, second, third]);
      const m = byId.get(master)!;
      assert.equal(m.recurrence, 'FREQ=DAILY;COUNT=5');
      assert.equal(m.is_exception, false);
      assert.equal(m.recurring_event_id, undefined);
      assert.equal(byId.get(second)!.summary, 'Moved standup');
      assert.equal(byId.get(second)!.is_exception, true);
      assert.equal(byId.get(second)!.recurring_event_id, master);
      assert.equal(byId.get(second)!.recurrence, '');
      assert.equal(byId.get(third)!.status, 'cancelled');
      // The list shape has no attendees and no check-in.
      assert.equal('attendees' in m, false);
      assert.equal('event_check_in' in m, false);
      assert.equal(typeof m.create_time, 'string');
      assert.equal(typeof m.app_link, 'string');
    });

    test('anchor_time: one-offs ending at or after it, every master, exceptions from the anchor on', async () => {
      const calendarId = await sharedCalendar(server);
      const anchor = MONDAY + 10 * DAY;
      const old = await createEvent(server, calendarId, { summary: 'Old', ...timed(MONDAY, MONDAY + HOUR) });
      const running = await createEvent(server, calendarId, { summary: 'Running', ...timed(anchor - HOUR, anchor + HOUR) });
      const later = await createEvent(server, calendarId, { summary: 'Later', ...timed(anchor + DAY, anchor + DAY + HOUR) });
      const finished = await createEvent(server, calendarId, { summary: 'Finished series', ...timed(MONDAY, MONDAY + HOUR), recurrence: 'FREQ=DAILY;COUNT=2' });
      const series = await createEvent(server, calendarId, { summary: 'Daily', ...timed(MONDAY + 8 * DAY, MONDAY + 8 * DAY + HOUR), recurrence: 'FREQ=DAILY' });
      const uid = series.slice(0, -2);
      const before = `${uid}_${MONDAY + 9 * DAY}`;
      const afterIt = `${uid}_${MONDAY + 11 * DAY}`;
      for (const id of [before, afterIt]) await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: id }, data: { summary: 'Changed' } });

      const { items } = await traverse(calendarId, { anchor_time: String(anchor) });
      const ids = new Set(items.map((e) => e.event_id));
      assert.deepEqual([old, running, later, finished, series, before, afterIt].map((id) => ids.has(id)), [false, true, true, true, true, false, true]);
    });

    test('an anchored traversal keeps its anchor in the page token', async () => {
      const calendarId = await sharedCalendar(server);
      for (let i = 0; i < 55; i++) await createEvent(server, calendarId, { ...timed(MONDAY + i * DAY, MONDAY + i * DAY + HOUR) });
      const anchor = String(MONDAY + 2 * DAY);
      const first = await list(calendarId, { anchor_time: anchor, page_size: 50 });
      assert.equal(first.data!.has_more, true);
      // The second page without anchor_time continues the anchored traversal.
      const second = await list(calendarId, { page_token: first.data!.page_token! });
      assert.equal(first.data!.items!.length + second.data!.items!.length, 53);
      // A different anchor with the token is a token of another traversal.
      const mismatch = await sdkFailure(list(calendarId, { page_token: first.data!.page_token!, anchor_time: String(MONDAY) }));
      assert.deepEqual([mismatch.status, mismatch.body.code], [400, 190008]);
    });

    test('sync_token returns what changed since: edits, deletions as cancelled, new events', async () => {
      const calendarId = await sharedCalendar(server);
      const edited = await createEvent(server, calendarId, { summary: 'Edit me' });
      const deleted = await createEvent(server, calendarId, { summary: 'Delete me' });
      const untouched = await createEvent(server, calendarId, { summary: 'Leave me' });
      const { syncToken } = await traverse(calendarId);

      const nothing = await list(calendarId, { sync_token: syncToken });
      assert.deepEqual(nothing.data!.items, []);
      assert.equal(nothing.data!.has_more, false);
      assert.match(nothing.data!.sync_token!, /^ListEventsSyncToken_/);

      await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: edited }, data: { summary: 'Edited' } });
      await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: deleted } });
      const added = await createEvent(server, calendarId, { summary: 'Added' });
      const changes = await list(calendarId, { sync_token: syncToken });
      const byId = new Map(changes.data!.items!.map((e) => [e.event_id, e]));
      assert.deepEqual(new Set(byId.keys()), new Set([edited, deleted, added]));
      assert.equal(byId.get(edited)!.summary, 'Edited');
      assert.equal(byId.get(deleted)!.status, 'cancelled');
      assert.equal(byId.get(added)!.status, 'confirmed');
      assert.equal(byId.has(untouched), false);

      // The new token starts after these changes.
      const again = await list(calendarId, { sync_token: changes.data!.sync_token! });
      assert.deepEqual(again.data!.items, []);
    });

    test('sync_token: an event taken off this calendar comes back cancelled', async () => {
      const calendarId = await sharedCalendar(server);
      const eventId = await createEvent(server, calendarId, { summary: 'Will be removed here' });
      const { syncToken } = await traverse(calendarId);
      // What removing an attendee does to the attendee's copy (events.md §2.6), written directly.
      await server.store.transaction(async (repos) => {
        const placement = (await repos.events.getPlacement(calendarId, eventId))!;
        const data = { kind: 'event.attendeesRemoved', eventId, attendeeIds: [], removedFrom: [calendarId] } as const;
        const seq = await repos.changes.append({ tenantKey: ACME, calendarId, actor: null, affected: [], at: Date.now(), data });
        await repos.events.putPlacement({ ...placement, removed: true, version: seq });
      });
      const changes = await list(calendarId, { sync_token: syncToken });
      assert.deepEqual(changes.data!.items!.map((e) => [e.event_id, e.status]), [[eventId, 'cancelled']]);
      // And the full traversal no longer lists it.
      const { items } = await traverse(calendarId);
      assert.equal(items.some((e) => e.event_id === eventId), false);
    });

    test('sync_token: a change to the caller\'s own settings on an event comes back, with them applied', async () => {
      const calendarId = await sharedCalendar(server);
      const eventId = await createEvent(server, calendarId, { summary: 'Mine', color: -1 });
      const { syncToken } = await traverse(calendarId);
      await server.store.transaction(async (repos) => {
        const me = `app:${APPS.full.app_id}` as const;
        const seq = await repos.changes.append({ tenantKey: ACME, calendarId, actor: me, affected: [me], at: Date.now(), data: { kind: 'event.personalUpdated', eventId, attendee: me } });
        await repos.events.putPersonal({ eventId, identity: `app:${APPS.full.app_id}`, color: -14513409, reminders: [{ minutes: 5 }], visibility: null, freeBusyStatus: 'free', version: seq });
      });
      const changes = await list(calendarId, { sync_token: syncToken });
      assert.deepEqual(changes.data!.items!.map((e) => [e.event_id, e.color, e.free_busy_status, e.reminders]), [[eventId, -14513409, 'free', [{ minutes: 5 }]]]);
    });

    test('anchored incremental pages continue with page_token and end with the next sync token', async () => {
      const calendarId = await sharedCalendar(server);
      const { syncToken } = await traverse(calendarId);
      for (let i = 0; i < 55; i++) await createEvent(server, calendarId, { summary: `New ${i}`, ...timed(MONDAY + i * HOUR, MONDAY + i * HOUR + 60) });
      const { items, pages, syncToken: next } = await traverse(calendarId, { sync_token: syncToken, page_size: 50, anchor_time: String(MONDAY) });
      assert.equal(pages, 2);
      assert.equal(items.length, 55);
      assert.notEqual(next, syncToken);
      // A page token of the full traversal cannot continue an incremental one.
      for (let i = 0; i < 51; i++) await createEvent(server, calendarId, {});
      const full = await list(calendarId, { page_size: 50, anchor_time: String(MONDAY) });
      const mixed = await sdkFailure(list(calendarId, { sync_token: syncToken, page_token: full.data!.page_token! }));
      assert.deepEqual([mixed.status, mixed.body.code], [400, 190009]);
    });

    test('time window: one truncated page without tokens, overlap semantics, series when an occurrence overlaps', async () => {
      const calendarId = await sharedCalendar(server);
      const from = MONDAY + 7 * DAY; // the next Monday
      const to = from + DAY;
      const inside = await createEvent(server, calendarId, { summary: 'Inside', ...timed(from + 9 * HOUR, from + 10 * HOUR) });
      const edge = await createEvent(server, calendarId, { summary: 'Overlaps the start', ...timed(from - HOUR, from + HOUR) });
      await createEvent(server, calendarId, { summary: 'Ends at the start', ...timed(from - HOUR, from) });
      await createEvent(server, calendarId, { summary: 'Starts at the end', ...timed(to, to + HOUR) });
      const weekly = await createEvent(server, calendarId, { summary: 'Mondays', ...timed(MONDAY + 14 * HOUR, MONDAY + 15 * HOUR), recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
      await createEvent(server, calendarId, { summary: 'Tuesdays', ...timed(MONDAY + DAY + 14 * HOUR, MONDAY + DAY + 15 * HOUR), recurrence: 'FREQ=WEEKLY;BYDAY=TU' });
      const exception = `${weekly.slice(0, -2)}_${from + 14 * HOUR}`;
      await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: exception }, data: { summary: 'This Monday only' } });
      const allDay = await createEvent(server, calendarId, { summary: 'All day', start_time: { date: '2025-03-17' }, end_time: { date: '2025-03-17' } });

      const res = await list(calendarId, { start_time: String(from), end_time: String(to) });
      assert.equal(res.data!.has_more, false);
      assert.equal(res.data!.page_token, undefined);
      assert.equal(res.data!.sync_token, undefined);
      assert.deepEqual(new Set(res.data!.items!.map((e) => e.event_id)), new Set([inside, edge, weekly, exception, allDay]));

      for (let i = 0; i < 55; i++) await createEvent(server, calendarId, { ...timed(from + 60 * i, from + 60 * i + 30) });
      const cut = await list(calendarId, { start_time: String(from), end_time: String(to), page_size: 50 });
      assert.equal(cut.data!.items!.length, 50);
      assert.equal(cut.data!.has_more, false);
    });

    test('window errors: sync_token 190009, anchor 190002, half a window or an empty one 190002', async () => {
      const calendarId = await sharedCalendar(server);
      const { syncToken } = await traverse(calendarId);
      const window = { start_time: String(MONDAY), end_time: String(MONDAY + DAY) };
      const cases: Array<[Params, number]> = [
        [{ ...window, sync_token: syncToken }, 190009],
        [{ ...window, anchor_time: String(MONDAY) }, 190002],
        [{ start_time: String(MONDAY) }, 190002],
        [{ end_time: String(MONDAY) }, 190002],
        [{ start_time: String(MONDAY), end_time: String(MONDAY) }, 190002],
        [{ start_time: 'yesterday', end_time: String(MONDAY) }, 190002],
        [{ page_size: 1001 }, 190002],
      ];
      for (const [params, code] of cases) {
        const r = await sdkFailure(list(calendarId, params));
        assert.deepEqual([r.status, r.body.code], [400, code], JSON.stringify(params));
      }
    });

    test('bad, foreign and expired tokens answer 190008', async () => {
      const calendarId = await sharedCalendar(server);
      const { syncToken } = await traverse(calendarId);
      const calendarToken = (await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } })).data!.sync_token!;
      for (const params of [{ sync_token: 'nonsense' }, { page_token: 'ListEventsPageToken_zzz' }, { sync_token: calendarToken }] as Params[]) {
        const r = await sdkFailure(list(calendarId, params));
        assert.deepEqual([r.status, r.body.code, r.body.msg], [400, 190008, 'page_token or sync_token expired'], JSON.stringify(params));
      }
      assert.equal((await list(calendarId, { sync_token: syncToken })).code, 0);
      // Sync tokens live 90 days (events.md §2.10); the app's own token would not survive moving the clock.
      const old = encodeCursor('ListEventsSyncToken_', { offset: 0, head: 0, issuedAt: server.clock.now() - 91 * DAY * 1000 });
      const expired = await sdkFailure(list(calendarId, { sync_token: old }));
      assert.deepEqual([expired.status, expired.body.code], [400, 190008]);
    });

    test('access: reader+ (191002), primary/shared/resource only (191004), the primary alias', async () => {
      const alice = await server.asUser('alice');
      const bob = await server.asUser('bob');
      const alicePrimary = await primaryOf(server, alice);
      const eventId = await createEvent(server, alicePrimary, { summary: 'Alice only' }, alice);
      // Others see a primary calendar's free/busy only.
      const denied = await sdkFailure(list(alicePrimary, {}, bob));
      assert.deepEqual([denied.status, denied.body.code], [403, 191002]);
      const own = await list('primary', {}, alice);
      assert.ok(own.data!.items!.some((e) => e.event_id === eventId));

      const google = 'acme_googlecal01@group.calendar.feishu.cn';
      const room = (await server.store.tenancy.listRooms(ACME))[0]!;
      const aliceRef = (await server.store.tenancy.findUserByUserId(ACME, 'alice'))!.ref;
      await server.store.transaction(async (repos) => {
        await repos.calendars.insert({
          calendarId: google, tenantKey: ACME, type: 'google', summary: 'Google', description: '', permissions: 'private',
          owner: `user:${aliceRef}`, isThirdParty: true, deleted: false, version: 0,
        });
        await repos.acls.put({ calendarId: google, aclId: 'user_google_owner', identity: `user:${aliceRef}`, role: 'owner' });
        await repos.acls.put({ calendarId: room.calendarId, aclId: 'user_room_reader', identity: `user:${aliceRef}`, role: 'reader' });
      });
      const wrongType = await sdkFailure(list(google, {}, alice));
      assert.deepEqual([wrongType.status, wrongType.body.code], [403, 191004]);
      const roomList = await list(room.calendarId, {}, alice);
      assert.equal(roomList.code, 0);
      const missing = await sdkFailure(list('acme_nosuchcalendar@group.calendar.feishu.cn'));
      assert.deepEqual([missing.status, missing.body.code], [404, 191000]);
    });

    test('items are rendered for the caller: colour is per identity, private details withheld from readers', async () => {
      const alice = await server.asUser('alice');
      const bob = await server.asUser('bob');
      const calendarId = await sharedCalendar(server, alice);
      await server.client().calendar.v4.calendarAcl.create({
        path: { calendar_id: calendarId }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'bob' } },
      }, alice);
      const coloured = await createEvent(server, calendarId, { summary: 'Coloured', color: -11034625 }, alice);
      const secret = await createEvent(server, calendarId, { summary: 'Secret', visibility: 'private' }, alice);
      const asAlice = new Map((await list(calendarId, {}, alice)).data!.items!.map((e) => [e.event_id, e]));
      const asBob = new Map((await list(calendarId, {}, bob)).data!.items!.map((e) => [e.event_id, e]));
      assert.equal(asAlice.get(coloured)!.color, -11034625);
      assert.equal(asBob.get(coloured)!.color, 0);
      assert.equal(asAlice.get(secret)!.summary, 'Secret');
      assert.equal(asBob.get(secret)!.summary, '');
      // user_id_type governs event_organizer.user_id.
      const byUserId = await list(calendarId, { user_id_type: 'user_id' }, alice);
      assert.equal(byUserId.data!.items![0]!.event_organizer!.user_id, 'alice');
      assert.equal(APPS.full.app_id.startsWith('cli_'), true);
    });
  });
}
