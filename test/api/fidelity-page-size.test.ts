/**
 * page_size against the docs' validation tables (issue #15, point 7). *Decision:* a documented value
 * range is validated on both sides, 190002 naming page_size:
 * - Get Event List: "Data validation rules: - Value range: `50` ～ `1000`";
 * - calendar list (查询日历列表): "数据校验规则：- 取值范围：`50` ～ `1000`";
 * - Get Recurring Event Instances: "Data validation rules: - Value range: `10` ～ `500`".
 * Where a page reads small values as its minimum, that rule is followed, and only the maximum refuses:
 * - Search Event: "The minimum value is 10, and if fewer than 10, defaults to 10." … "Maximum value: `100`";
 * - ACL list and attendee list: values below 10 are treated as 10 (calendars.md §3.14, events.md §3.13).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps } from './attendees-support.js';
import { createEvent, DAY, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

for (const dialect of DIALECTS) {
  describe(`fidelity: page_size bounds (${dialect})`, () => {
    let server: TestServer;
    const s = steps(() => server);
    before(async () => {
      server = await startServer({ dialect });
      server.clock.set((MONDAY + 10 * DAY) * 1000);
    });
    after(() => server.close());

    const refused = async (call: Promise<unknown>) => {
      const failure = await sdkFailure(call);
      assert.deepEqual([failure.status, failure.body.code, failure.body.error.field_violations[0].field], [400, 190002, 'page_size']);
    };

    test('value ranges refuse both sides: calendar list and event list 50–1000, instances 10–500', async () => {
      const alice = await s.as('alice');
      const calendarId = await sharedCalendar(server);
      const master = await createEvent(server, calendarId, { ...timed(MONDAY, MONDAY + 600), recurrence: 'FREQ=DAILY;COUNT=30' });
      const calendars = (page_size: number) => s.v4().calendar.list({ params: { page_size } }, alice);
      const events = (page_size: number) => s.v4().calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size } });
      const instances = (page_size: number) => s.v4().calendarEvent.instances({
        path: { calendar_id: calendarId, event_id: master }, params: { start_time: String(MONDAY), end_time: String(MONDAY + 40 * DAY), page_size },
      });
      for (const size of [49, 1001]) await refused(calendars(size));
      for (const size of [49, 1001]) await refused(events(size));
      for (const size of [9, 501]) await refused(instances(size));
      assert.equal((await calendars(50)).code, 0);
      assert.equal((await events(1000)).code, 0);
      assert.equal((await instances(10)).data!.items!.length, 10);
      assert.equal((await instances(500)).data!.items!.length, 30);
    });

    test('lists whose docs raise small values: event search, ACL list, attendee list read below 10 as 10', async () => {
      const alice = await s.as('alice');
      const calendarId = await sharedCalendar(server);
      for (let i = 0; i < 12; i++) await createEvent(server, calendarId, { summary: `Row ${i}`, ...timed(MONDAY + i * 600, MONDAY + i * 600 + 300) });
      const search = (page_size: number) => s.v4().calendarEvent.search({ path: { calendar_id: calendarId }, params: { page_size }, data: { query: 'row' } });
      assert.equal((await search(3)).data!.items!.length, 10);
      await refused(search(101));

      const shared = (await s.v4().calendar.create({ data: { summary: 'Members' } }, alice)).data!.calendar!.calendar_id;
      for (const user_id of ['bob', 'carol', 'dave']) {
        await s.v4().calendarAcl.create({ path: { calendar_id: shared }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id } } }, alice);
      }
      // Four ACLs (the owner's and three readers) fit the page of 10 that page_size 1 reads as.
      const acls = await s.v4().calendarAcl.list({ path: { calendar_id: shared }, params: { page_size: 1 } }, alice);
      assert.deepEqual([acls.data!.acls!.length, acls.data!.has_more], [4, false]);
      await refused(s.v4().calendarAcl.list({ path: { calendar_id: shared }, params: { page_size: 51 } }, alice));

      const eventId = await s.event(alice);
      await s.add(alice, eventId, Array.from({ length: 12 }, (_, i) => ({ type: 'third_party', third_party_email: `guest${i}@example.com` })));
      assert.equal((await s.list(alice, eventId, 'primary', { page_size: 2 })).data!.items!.length, 10);
      await refused(s.list(alice, eventId, 'primary', { page_size: 101 }));
    });

    test('lists with a maximum only take 1 and up: calendar search (≤ 50)', async () => {
      const alice = await s.as('alice');
      await refused(s.v4().calendar.search({ params: { page_size: 0 }, data: { query: 'x' } }, alice));
      await refused(s.v4().calendar.search({ params: { page_size: 51 }, data: { query: 'x' } }, alice));
      assert.equal((await s.v4().calendar.search({ params: { page_size: 1 }, data: { query: 'Alice' } }, alice)).code, 0);
    });
  });
}
