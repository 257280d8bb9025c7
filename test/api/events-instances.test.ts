/** GET /events/:event_id/instances (events.md §3.8): expansion, exceptions in their slots, paging, errors. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

type Params = NonNullable<Parameters<lark.Client['calendar']['v4']['calendarEvent']['instances']>[0]>['params'];

for (const dialect of DIALECTS) {
  describe(`events.instances (${dialect})`, () => {
    let server: TestServer;
    let calendarId: string;
    before(async () => {
      server = await startServer({ dialect });
      calendarId = await sharedCalendar(server);
    });
    after(() => server.close());

    const events = () => server.client().calendar.v4.calendarEvent;
    const instances = (eventId: string, params: Params) => events().instances({ path: { calendar_id: calendarId, event_id: eventId }, params });
    const window = (from: number, to: number, extra: Partial<Params> = {}): Params => ({ start_time: String(from), end_time: String(to), ...extra });

    test('expands the series in the window (overlap), sorted, with occurrence ids and the instances shape', async () => {
      const master = await createEvent(server, calendarId, { summary: 'Standup', description: 'daily', location: { name: '301' }, ...timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR), recurrence: 'FREQ=DAILY;COUNT=10' });
      const uid = master.slice(0, -2);
      // The window starts inside Tuesday's occurrence and ends inside Thursday's.
      const res = await instances(master, window(MONDAY + DAY + 9 * HOUR + 1800, MONDAY + 3 * DAY + 9 * HOUR + 1));
      const items = res.data!.items!;
      assert.deepEqual(items.map((i) => i.event_id), [1, 2, 3].map((d) => `${uid}_${MONDAY + d * DAY + 9 * HOUR}`));
      assert.deepEqual(Object.keys(items[0]!).sort(), ['app_link', 'description', 'description_rich', 'end_time', 'event_id', 'is_exception', 'location', 'start_time', 'status', 'summary']);
      assert.deepEqual(items[0]!.start_time, { timestamp: String(MONDAY + DAY + 9 * HOUR), timezone: 'Asia/Shanghai' });
      assert.equal(items[0]!.status, 'confirmed');
      assert.equal(items[0]!.is_exception, false);
      assert.match(items[0]!.app_link!, new RegExp(`originalTime=${MONDAY + DAY + 9 * HOUR}&startTime=${MONDAY + DAY + 9 * HOUR}$`));
      assert.equal(res.data!.has_more, false);
      // COUNT ends the series.
      assert.equal((await instances(master, window(MONDAY, MONDAY + 30 * DAY))).data!.items!.length, 10);
    });

    test('exceptions replace their slot: live ones with their own data, cancelled ones as cancelled', async () => {
      const master = await createEvent(server, calendarId, { summary: 'Sync', ...timed(MONDAY + 14 * HOUR, MONDAY + 15 * HOUR), recurrence: 'FREQ=DAILY;COUNT=5' });
      const uid = master.slice(0, -2);
      const slot = (d: number) => `${uid}_${MONDAY + d * DAY + 14 * HOUR}`;
      // Moved to the evening of day 1; day 2 cancelled; day 3 changed then destroyed (its slot returns).
      await events().patch({ path: { calendar_id: calendarId, event_id: slot(1) }, data: { summary: 'Sync (moved)', ...timed(MONDAY + DAY + 18 * HOUR, MONDAY + DAY + 19 * HOUR) } });
      await events().delete({ path: { calendar_id: calendarId, event_id: slot(2) } });
      await events().patch({ path: { calendar_id: calendarId, event_id: slot(3) }, data: { summary: 'Sync (gone again)' } });
      await events().delete({ path: { calendar_id: calendarId, event_id: slot(3) }, params: { delete_exception: true } as never });

      const items = (await instances(master, window(MONDAY, MONDAY + 7 * DAY))).data!.items!;
      assert.deepEqual(items.map((i) => [i.event_id, i.summary, i.status, i.is_exception, i.start_time!.timestamp]), [
        [slot(0), 'Sync', 'confirmed', false, String(MONDAY + 14 * HOUR)],
        [slot(1), 'Sync (moved)', 'confirmed', true, String(MONDAY + DAY + 18 * HOUR)],
        [slot(2), 'Sync', 'cancelled', true, String(MONDAY + 2 * DAY + 14 * HOUR)],
        [slot(3), 'Sync', 'confirmed', false, String(MONDAY + 3 * DAY + 14 * HOUR)],
        [slot(4), 'Sync', 'confirmed', false, String(MONDAY + 4 * DAY + 14 * HOUR)],
      ]);
      // An exception moved out of the window leaves it; its slot stays empty.
      const day1 = (await instances(master, window(MONDAY + DAY + 13 * HOUR, MONDAY + DAY + 16 * HOUR))).data!.items!;
      assert.deepEqual(day1, []);
    });

    test('pages: default 50, 10–500 (190002 outside), page_token continues; has_more and page_token while more remain', async () => {
      const master = await createEvent(server, calendarId, { summary: 'Often', ...timed(MONDAY, MONDAY + 600), recurrence: 'FREQ=DAILY' });
      const from = MONDAY;
      const to = MONDAY + 120 * DAY;
      const first = await instances(master, window(from, to));
      assert.equal(first.data!.items!.length, 50);
      assert.equal(first.data!.has_more, true);
      const ids = first.data!.items!.map((i) => i.event_id);
      let token = first.data!.page_token;
      while (token) {
        const next = await instances(master, window(from, to, { page_token: token }));
        ids.push(...next.data!.items!.map((i) => i.event_id));
        token = next.data!.has_more ? next.data!.page_token : undefined;
      }
      assert.equal(ids.length, 120);
      assert.equal(new Set(ids).size, 120);
      // Value range 10–500 in the docs' validation table: below it is refused like above it (fidelity-page-size.test.ts).
      const small = await sdkFailure(instances(master, window(from, to, { page_size: 9 })));
      assert.deepEqual([small.status, small.body.code, small.body.error.field_violations[0].field], [400, 190002, 'page_size']);
      assert.equal((await instances(master, window(from, to, { page_size: 10 }))).data!.items!.length, 10);
      assert.equal((await instances(master, window(from, to, { page_size: 500 }))).data!.items!.length, 120);
    });

    test('all-day series: dates, UTC midnight suffixes, never a day off', async () => {
      const master = await createEvent(server, calendarId, { summary: 'Holiday', start_time: { date: '2025-03-29' }, end_time: { date: '2025-03-29' }, recurrence: 'FREQ=DAILY;COUNT=3' });
      const uid = master.slice(0, -2);
      const items = (await instances(master, window(Date.UTC(2025, 2, 28) / 1000, Date.UTC(2025, 3, 5) / 1000))).data!.items!;
      assert.deepEqual(items.map((i) => [i.event_id, i.start_time, i.end_time]), ['2025-03-29', '2025-03-30', '2025-03-31'].map((d, n) => [
        `${uid}_${Date.UTC(2025, 2, 29 + n) / 1000}`, { date: d, timezone: 'UTC' }, { date: ['2025-03-30', '2025-03-31', '2025-04-01'][n], timezone: 'UTC' },
      ]));
    });

    test('errors: missing or reversed window, span over two years, page_size over 500, non-recurring event (190002); bad token (190008)', async () => {
      const master = await createEvent(server, calendarId, { recurrence: 'FREQ=WEEKLY' });
      const oneOff = await createEvent(server, calendarId, {});
      const cases: Array<[string, Params]> = [
        [master, { start_time: String(MONDAY) } as Params],
        [master, window(MONDAY + DAY, MONDAY)],
        [master, window(MONDAY, MONDAY + 732 * DAY)],
        [master, window(MONDAY, MONDAY + DAY, { page_size: 501 })],
        [master, { start_time: 'monday', end_time: String(MONDAY) }],
        [oneOff, window(MONDAY, MONDAY + DAY)],
      ];
      for (const [eventId, params] of cases) {
        const r = await sdkFailure(instances(eventId, params));
        assert.deepEqual([r.status, r.body.code], [400, 190002], JSON.stringify(params));
      }
      assert.equal((await instances(master, window(MONDAY, MONDAY + 730 * DAY))).code, 0);
      const badToken = await sdkFailure(instances(master, window(MONDAY, MONDAY + DAY, { page_token: 'x' })));
      assert.deepEqual([badToken.status, badToken.body.code], [400, 190008]);
    });

    test('errors: unknown event 193001, malformed id 193000, deleted series 193003, exception id 190002', async () => {
      const master = await createEvent(server, calendarId, { recurrence: 'FREQ=DAILY' });
      const uid = master.slice(0, -2);
      const missing = await sdkFailure(instances('00000000-0000-4000-8000-000000000000_0', window(MONDAY, MONDAY + DAY)));
      assert.deepEqual([missing.status, missing.body.code], [404, 193001]);
      const malformed = await sdkFailure(instances('not-an-id', window(MONDAY, MONDAY + DAY)));
      assert.deepEqual([malformed.status, malformed.body.code], [400, 193000]);
      const occurrence = await sdkFailure(instances(`${uid}_${MONDAY + DAY + 9 * HOUR}`, window(MONDAY, MONDAY + DAY)));
      assert.deepEqual([occurrence.status, occurrence.body.code], [404, 193001]);
      await events().patch({ path: { calendar_id: calendarId, event_id: `${uid}_${MONDAY + DAY + 9 * HOUR}` }, data: { summary: 'x' } });
      const exception = await sdkFailure(instances(`${uid}_${MONDAY + DAY + 9 * HOUR}`, window(MONDAY, MONDAY + DAY)));
      assert.deepEqual([exception.status, exception.body.code], [400, 190002]);
      await events().delete({ path: { calendar_id: calendarId, event_id: master } });
      const deleted = await sdkFailure(instances(master, window(MONDAY, MONDAY + DAY)));
      assert.deepEqual([deleted.status, deleted.body.code], [403, 193003]);
    });

    test('access: the calendar must be readable (191002)', async () => {
      const master = await createEvent(server, calendarId, { recurrence: 'FREQ=DAILY' });
      const bob = await server.asUser('bob');
      const r = await sdkFailure(events().instances({ path: { calendar_id: calendarId, event_id: master }, params: window(MONDAY, MONDAY + DAY) }, bob));
      assert.deepEqual([r.status, r.body.code], [403, 191002]);
    });
  });
}
