/**
 * POST /freebusy/room_find (calendars.md §5.6): filters, recurring slots, and
 * agreement with booking (a room added as an attendee) and with
 * `freebusy/list` for the room. Not in SDK 1.74, so called with `client.request`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { ACME, testFixture } from '../support/fixture.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVEREST, steps } from './attendees-support.js';

const HOUR = 3600;
const DAY = 86400;
/** Monday 2030-01-07 09:00 in Asia/Shanghai; each test takes days of its own. */
const MONDAY_9 = Date.UTC(2030, 0, 7, 1) / 1000;
const URL = '/open-apis/calendar/v4/freebusy/room_find';

/** `2030-01-07T09:00:00+08:00`. */
function iso(ts: number): string {
  return `${new Date((ts + 8 * HOUR) * 1000).toISOString().slice(0, 19)}+08:00`;
}

function fixture() {
  const f = testFixture();
  f.tenants.find((t) => t.tenant_key === ACME)!.rooms!.push(
    { name: '木星 Jupiter', capacity: 7, building: 'Tower B', floor: 'F2', city: 'Beijing' },
    { name: 'Mars', capacity: 20, building: 'Tower B', floor: '5', city: 'Beijing' },
    { name: 'Thames', capacity: 6, building: 'Riverside', floor: '2', city: 'London' },
  );
  return f;
}

type As = ReturnType<typeof lark.withUserAccessToken>;
interface Available { room_id: string; room_name: string; capacity: number; reserve_until_time: string }

for (const dialect of DIALECTS) {
  describe(`freebusy room_find (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, fixture: fixture() });
    });
    after(() => server.close());
    const s = steps(() => server);

    const call = (data: Record<string, unknown>, as?: As, app?: 'globex' | 'readonly') =>
      server.client(app).request<{ code: number; data: { available_rooms: Available[] } }>({ url: URL, method: 'POST', data }, as);
    const slot = (start: number, end = start + HOUR) => ({ event_start_time: iso(start), event_end_time: iso(end) });
    const names = async (data: Record<string, unknown>) => (await call(data)).data.available_rooms.map((r) => r.room_name).sort();
    const ids = async (data: Record<string, unknown>) => (await call(data)).data.available_rooms.map((r) => r.room_id);
    const roomBusy = async (from: number, to: number) =>
      (await server.client().calendar.v4.freebusy.list({ data: { time_min: iso(from), time_max: iso(to), room_id: EVEREST } })).data!.freebusy_list!.length > 0;
    const bookEverest = async (as: As, start: number, recurrence?: string) => {
      const id = await s.event(as, { start, ...(recurrence && { recurrence }) });
      const res = await s.add(as, id, [{ type: 'resource', room_id: EVEREST }]);
      return res.data!.attendees!.find((a) => a.type === 'resource')!.rsvp_status;
    };

    test('every free room of the tenant, with its name, capacity and reserve_until_time', async () => {
      const res = await call(slot(MONDAY_9));
      assert.equal(res.code, 0);
      const everest = res.data.available_rooms.find((r) => r.room_id === EVEREST);
      assert.deepEqual(everest, { room_id: EVEREST, room_name: 'Everest', capacity: 10, reserve_until_time: '2032-01-07T09:00:00+08:00' });
      assert.deepEqual(await names(slot(MONDAY_9)), ['Everest', 'Kilimanjaro', 'Mars', 'Thames', '木星 Jupiter']);
      // A user token works alike; another tenant sees none of Acme's rooms.
      assert.equal((await call(slot(MONDAY_9), await s.as('bob'))).data.available_rooms.length, 5);
      assert.deepEqual((await call(slot(MONDAY_9), undefined, 'globex')).data.available_rooms, []);
    });

    test('filters: city, building, floor (F2 = 2), room name, capacity', async () => {
      const at = slot(MONDAY_9 + DAY);
      assert.deepEqual(await names({ ...at, city: 'beijing' }), ['Mars', '木星 Jupiter']);
      assert.deepEqual(await names({ ...at, building: 'Tower B', floor: '2' }), ['木星 Jupiter']);
      assert.deepEqual(await names({ ...at, floor: 'F2' }), ['Thames', '木星 Jupiter']);
      assert.deepEqual(await names({ ...at, room_name: '木星' }), ['木星 Jupiter']);
      assert.deepEqual(await names({ ...at, room_name: 'ever' }), ['Everest']);
      assert.deepEqual(await names({ ...at, min_capacity: 7, max_capacity: 10 }), ['Everest', '木星 Jupiter']);
      assert.deepEqual(await names({ ...at, max_capacity: 4 }), ['Kilimanjaro']);
      assert.deepEqual(await names({ ...at, city: 'London', min_capacity: 7 }), []);
      assert.deepEqual(await names({ ...at, city: '', attendee_user_ids: [await s.openId('alice')], attendee_chat_ids: [] }), ['Everest', 'Kilimanjaro', 'Mars', 'Thames', '木星 Jupiter']);
    });

    test('a found room booked through the attendee API is no longer found; freebusy/list agrees at every moment', async () => {
      const start = MONDAY_9 + 2 * DAY;
      assert.ok((await ids(slot(start))).includes(EVEREST));
      assert.equal(await bookEverest(await s.as('alice'), start), 'accept');
      const after = await ids(slot(start));
      assert.ok(!after.includes(EVEREST));
      assert.equal(after.length, 4);
      // Half-hour probes from two hours before to two hours after: found exactly when freebusy/list is empty.
      for (let from = start - 2 * HOUR; from < start + 2 * HOUR; from += HOUR / 2) {
        for (const length of [HOUR / 2, HOUR]) {
          const found = (await ids(slot(from, from + length))).includes(EVEREST);
          assert.equal(found, !(await roomBusy(from, from + length)), `${iso(from)} for ${length / 60} min`);
          assert.equal(found, from + length <= start || from >= start + HOUR, `${iso(from)} for ${length / 60} min`);
        }
      }
      // The room is then refused to a second booking of the same hour, as room_find said.
      assert.equal(await bookEverest(await s.as('bob'), start), 'decline');
    });

    test('event_rrule: free only when free for every occurrence; a found series can be booked', async () => {
      const first = MONDAY_9 + 7 * DAY;
      // Bob holds Everest on Wednesdays at 09:00 for three weeks.
      const wednesday = first + 2 * DAY;
      assert.equal(await bookEverest(await s.as('bob'), wednesday, 'FREQ=WEEKLY;UNTIL=20300201T000000Z'), 'accept');
      const daily = { ...slot(first), timezone: 'Asia/Shanghai' };
      // Monday 09:00 alone is free; every day at 09:00 for a week meets Wednesday.
      assert.ok((await ids(daily)).includes(EVEREST));
      assert.ok(!(await ids({ ...daily, event_rrule: 'FREQ=DAILY;UNTIL=20300120T000000Z' })).includes(EVEREST));
      // Mondays and Tuesdays, or every day at 10:00, never meet it; nor does a series ending before it.
      assert.ok((await ids({ ...daily, event_rrule: 'FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20300301T000000Z' })).includes(EVEREST));
      assert.ok((await ids({ ...slot(first + HOUR), event_rrule: 'RRULE:FREQ=DAILY;UNTIL=20300301T000000Z' })).includes(EVEREST));
      assert.ok((await ids({ ...daily, event_rrule: 'FREQ=DAILY;UNTIL=20300115T000000Z' })).includes(EVEREST));
      // An open-ended rule is weighed up to reserve_until_time: the Wednesdays are met.
      assert.ok(!(await ids({ ...daily, event_rrule: 'FREQ=DAILY' })).includes(EVEREST));
      // Agreement with freebusy/list over the third week: busy on Wednesday only.
      for (let day = 0; day < 7; day++) {
        const at = first + 14 * DAY + day * DAY;
        assert.equal((await ids(slot(at))).includes(EVEREST), !(await roomBusy(at, at + HOUR)), `day ${day}`);
        assert.equal(await roomBusy(at, at + HOUR), day === 2, `day ${day}`);
      }

      // The Monday/Tuesday series is found, booked, and then no longer found.
      const monTue = { ...daily, event_rrule: 'FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20300301T000000Z' };
      assert.equal(await bookEverest(await s.as('alice'), first, monTue.event_rrule), 'accept');
      assert.ok(!(await ids(monTue)).includes(EVEREST));
      assert.ok(!(await ids(slot(first + 8 * DAY))).includes(EVEREST));
      assert.ok((await ids(slot(first + 10 * DAY))).includes(EVEREST));
    });

    test('every malformed input is 190014 naming its field, never a 500', async () => {
      const at = slot(MONDAY_9 + 3 * DAY);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ event_end_time: at.event_end_time }, 'event_start_time'],
        [{ event_start_time: at.event_start_time }, 'event_end_time'],
        [{ ...at, event_start_time: '2030-01-10 09:00' }, 'event_start_time'],
        [{ ...at, event_start_time: 42 }, 'event_start_time'],
        [{ ...at, event_end_time: '2030-01-10T10:00:00' }, 'event_end_time'],
        [{ ...at, event_end_time: '2030-02-30T10:00:00+08:00' }, 'event_end_time'],
        [{ ...at, event_end_time: at.event_start_time }, 'event_end_time'],
        [{ ...at, event_start_time: '1969-12-31T00:00:00Z' }, 'event_start_time'],
        [{ ...at, timezone: 'Mars/Olympus' }, 'timezone'],
        [{ ...at, event_rrule: 'FREQ=SOMETIMES' }, 'event_rrule'],
        [{ ...at, event_rrule: 'FREQ=DAILY;COUNT=3' }, 'event_rrule'],
        [{ ...at, event_rrule: 'FREQ=DAILY;UNTIL=20200101T000000Z' }, 'event_rrule'],
        [{ ...at, event_rrule: 'FREQ=HOURLY' }, 'event_rrule'],
        [{ ...at, event_rrule: 'FREQ=DAILY;UNTIL=2030' }, 'event_rrule'],
        [{ ...at, min_capacity: -1 }, 'min_capacity'],
        [{ ...at, max_capacity: 2.5 }, 'max_capacity'],
        [{ ...at, min_capacity: '3' }, 'min_capacity'],
        [{ ...at, min_capacity: 8, max_capacity: 7 }, 'max_capacity'],
        [{ ...at, city: 7 }, 'city'],
        [{ ...at, room_name: 'x'.repeat(257) }, 'room_name'],
        [{ ...at, attendee_user_ids: 'ou_x' }, 'attendee_user_ids'],
        [{ ...at, attendee_chat_ids: [1] }, 'attendee_chat_ids.0'],
      ];
      for (const [data, field] of cases) {
        const { status, body } = await sdkFailure(call(data));
        assert.equal(status, 400, JSON.stringify(data));
        assert.equal(body.code, 190014, JSON.stringify(data));
        assert.equal(body.error?.field_violations?.[0]?.field, field, JSON.stringify(body));
      }
    });

    test('needs calendar:calendar.free_busy:read (99991672)', async () => {
      const { body } = await sdkFailure(call(slot(MONDAY_9), undefined, 'readonly'));
      assert.equal(body.code, 99991672);
    });
  });
}
