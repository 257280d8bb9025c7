/** POST /freebusy/list and /freebusy/batch (calendars.md §5.2, §5.3) through the SDK: shapes, ids, offsets, every documented error. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openIdFor } from '../../src/core/ids.js';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps } from './attendees-support.js';
import { createEvent, DAY, HOUR, MONDAY, timed } from './events-queries-support.js';

const T0 = '2025-03-10T00:00:00+08:00';
const T1 = '2025-03-11T00:00:00+08:00';

for (const dialect of DIALECTS) {
  describe(`freebusy list and batch (${dialect})`, () => {
    let server: TestServer;
    let s: ReturnType<typeof steps>;
    before(async () => {
      server = await startServer({ dialect });
      s = steps(() => server);
      // Alice: 09:00–10:00 and 14:00–15:30 on Monday 2025-03-10 (Asia/Shanghai); Bob: 11:00–12:00.
      const alice = await s.as('alice');
      await createEvent(server, 'primary', timed(MONDAY + 14 * HOUR, MONDAY + 15.5 * HOUR), alice);
      await createEvent(server, 'primary', timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR), alice);
      await createEvent(server, 'primary', timed(MONDAY + 11 * HOUR, MONDAY + 12 * HOUR), await s.as('bob'));
    });
    after(() => server.close());

    const fb = () => server.client().calendar.v4.freebusy;
    const ALICE = [
      { start_time: '2025-03-10T09:00:00+08:00', end_time: '2025-03-10T10:00:00+08:00' },
      { start_time: '2025-03-10T14:00:00+08:00', end_time: '2025-03-10T15:30:00+08:00' },
    ];

    test('list: one user by open_id (default), items in start order, in the offset of time_min', async () => {
      const res = await fb().list({ data: { time_min: T0, time_max: T1, user_id: await s.openId('alice') } });
      assert.deepEqual(res, { code: 0, msg: 'success', data: { freebusy_list: ALICE } });
    });

    test('list: rsvp_status only with need_rsvp_status; user_id and union_id; as a user', async () => {
      const withRsvp = await fb().list({ params: { user_id_type: 'user_id' }, data: { time_min: T0, time_max: T1, user_id: 'alice', need_rsvp_status: true } });
      assert.deepEqual(withRsvp.data!.freebusy_list, ALICE.map((i) => ({ ...i, rsvp_status: 'accept' })));
      const union = (await s.user('alice')).unionId;
      const byUnion = await fb().list({ params: { user_id_type: 'union_id' }, data: { time_min: T0, time_max: T1, user_id: union } }, await s.as('carol'));
      assert.deepEqual(byUnion.data!.freebusy_list, ALICE);
    });

    test('list: Z and negative offsets come back as sent; an empty list means free', async () => {
      const utc = await fb().list({ data: { time_min: '2025-03-10T00:00:00Z', time_max: '2025-03-10T02:00:00Z', user_id: await s.openId('alice') } });
      assert.deepEqual(utc.data!.freebusy_list, [{ start_time: '2025-03-10T01:00:00Z', end_time: '2025-03-10T02:00:00Z' }]);
      const ny = await fb().list({ data: { time_min: '2025-03-09T19:00:00-05:00', time_max: '2025-03-09T22:00:00-05:00', user_id: await s.openId('alice') } });
      assert.deepEqual(ny.data!.freebusy_list, [{ start_time: '2025-03-09T20:00:00-05:00', end_time: '2025-03-09T21:00:00-05:00' }]);
      const free = await fb().list({ data: { time_min: '2025-03-12T00:00:00+08:00', time_max: '2025-03-13T00:00:00+08:00', user_id: await s.openId('alice') } });
      assert.deepEqual(free.data, { freebusy_list: [] });
    });

    test('list: user_id wins over room_id; a room alone is read from its calendar', async () => {
      const both = await fb().list({ data: { time_min: T0, time_max: T1, user_id: await s.openId('alice'), room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1' } });
      assert.deepEqual(both.data!.freebusy_list, ALICE);
      const room = await fb().list({ data: { time_min: T0, time_max: T1, room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1' } });
      assert.deepEqual(room.data!.freebusy_list, []);
    });

    test('list: 90 days is the longest window; a longer one, a bad time or a missing id answers 190014', async () => {
      const user_id = await s.openId('alice');
      const ok = await fb().list({ data: { time_min: '2025-03-10T00:00:00+08:00', time_max: '2025-06-08T00:00:00+08:00', user_id } });
      assert.equal(ok.data!.freebusy_list!.length, 2);
      const cases: Array<[string, Record<string, unknown>]> = [
        ['time_max', { time_max: '2025-06-08T00:00:01+08:00' }],
        ['time_max', { time_max: T0 }],
        ['time_min', { time_min: '2025-03-10' }],
        ['time_min', { time_min: '2025-02-30T00:00:00+08:00' }],
        ['time_min', { time_min: '2025-03-10T00:00:00' }],
        ['time_max', { time_max: '2025-03-11T00:00:00+0800' }],
        ['time_max', { time_min: '0001-01-01T00:00:00Z' }],
        ['time_min', { time_min: 20250310 }],
        ['user_id', { user_id: undefined }],
        ['room_id', { user_id: undefined, room_id: 'omm_nope' }],
      ];
      for (const [key, patch] of cases) {
        const res = await sdkFailure(fb().list({ data: { time_min: T0, time_max: T1, user_id, ...patch } as never }));
        assert.equal(res.status, 400, JSON.stringify(patch));
        assert.equal(res.body.code, 190014, JSON.stringify(patch));
        assert.equal(res.body.msg, 'invalid request parameters. check details for more info.');
        assert.equal(res.body.error.details[0].key, key, JSON.stringify(patch));
      }
    });

    test('list: unknown or foreign users answer 195100; scopes and the user_id field scope are checked', async () => {
      const unknown = await sdkFailure(fb().list({ params: { user_id_type: 'user_id' }, data: { time_min: T0, time_max: T1, user_id: 'nobody' } }));
      assert.deepEqual([unknown.status, unknown.body.code], [404, 195100]);
      const foreign = await sdkFailure(fb().list({ params: { user_id_type: 'user_id' }, data: { time_min: T0, time_max: T1, user_id: 'zed' } }));
      assert.deepEqual([foreign.status, foreign.body.code], [404, 195100]);
      const noScope = await sdkFailure(server.client('noscope').calendar.v4.freebusy.list({ data: { time_min: T0, time_max: T1, user_id: 'x' } }));
      assert.equal(noScope.body.code, 99991672);
      const readonly = server.client('readonly').calendar.v4.freebusy;
      // open_id is per app: the reader's own.
      const readerOpenId = openIdFor(APPS.readonly.app_id, (await s.user('alice')).ref);
      assert.equal((await readonly.list({ data: { time_min: T0, time_max: T1, user_id: readerOpenId } })).code, 0);
      const fieldScope = await sdkFailure(readonly.list({ params: { user_id_type: 'user_id' }, data: { time_min: T0, time_max: T1, user_id: 'alice' } }));
      assert.equal(fieldScope.body.code, 99991672);
      const noBot = await sdkFailure(server.client('nobot').calendar.v4.freebusy.list({ data: { time_min: T0, time_max: T1, user_id: 'x' } }));
      assert.equal(noBot.body.code, 190007);
    });

    test('batch: one list per id in the request order, ids echoed as sent', async () => {
      const res = await fb().batch({
        params: { user_id_type: 'user_id' }, data: { time_min: T0, time_max: T1, user_ids: ['bob', 'alice', 'carol'], need_rsvp_status: true, only_busy: true, include_external_calendar: true },
      });
      assert.deepEqual(res, {
        code: 0, msg: 'success', data: {
          freebusy_lists: [
            { user_id: 'bob', freebusy_items: [{ start_time: '2025-03-10T11:00:00+08:00', end_time: '2025-03-10T12:00:00+08:00', rsvp_status: 'accept' }] },
            { user_id: 'alice', freebusy_items: ALICE.map((i) => ({ ...i, rsvp_status: 'accept' })) },
            { user_id: 'carol', freebusy_items: [] },
          ],
        },
      });
    });

    test('batch: 198001 for 0 or more than 10 ids, 198002 format, 198004 zone, 198003 range; 195100 for strangers', async () => {
      const base = { time_min: T0, time_max: T1, user_ids: ['alice'] };
      const cases: Array<[number, Record<string, unknown>]> = [
        [198001, { user_ids: [] }],
        [198001, { user_ids: undefined }],
        [198001, { user_ids: Array.from({ length: 11 }, () => 'alice') }],
        [198002, { time_min: '2025/03/10 00:00:00' }],
        [198002, { time_max: '2025-03-10T24:00:00+08:00' }],
        [198002, { time_max: '' }],
        [198004, { time_min: '2025-03-10T00:00:00' }],
        [198004, { time_min: '2025-03-10T00:00:00+24:00' }],
        [198004, { time_max: '2025-03-11T00:00:00 Asia/Shanghai' }],
        [198003, { time_max: T0 }],
        [198003, { time_min: T1, time_max: T0 }],
        [198003, { time_max: '2025-03-24T00:00:01+08:00' }],
        [198003, { time_min: '1969-12-31T00:00:00Z' }],
        [190014, { time_min: undefined }],
        [190014, { only_busy: 'yes' }],
      ];
      for (const [code, patch] of cases) {
        const res = await sdkFailure(fb().batch({ params: { user_id_type: 'user_id' }, data: { ...base, ...patch } as never }));
        assert.deepEqual([res.status, res.body.code], [400, code], JSON.stringify(patch));
      }
      const twoWeeks = await fb().batch({ params: { user_id_type: 'user_id' }, data: { ...base, time_max: '2025-03-24T00:00:00+08:00' } });
      assert.equal(twoWeeks.code, 0);
      const ten = await fb().batch({ params: { user_id_type: 'user_id' }, data: { ...base, user_ids: Array.from({ length: 10 }, () => 'alice') } });
      assert.equal(ten.data!.freebusy_lists!.length, 10);
      const stranger = await sdkFailure(fb().batch({ params: { user_id_type: 'user_id' }, data: { ...base, user_ids: ['alice', 'zed'] } }));
      assert.deepEqual([stranger.status, stranger.body.code], [404, 195100]);
      const msg = await sdkFailure(fb().batch({ data: { ...base, time_min: 'x' } }));
      assert.equal(msg.body.msg, 'the time format is illegal');
    });

    test('no window or id a client sends produces a 500', async () => {
      const odd = ['9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+23:59', '2025-03-10T00:00:00.999999999Z', '2025-03-10t00:00:00z', '\u0000', 'x'.repeat(10_000)];
      for (const time_min of odd) {
        for (const time_max of [T1, '9999-12-31T23:59:59Z']) {
          const list = await sdkFailure(fb().list({ data: { time_min, time_max, user_id: 'ou_x' } }));
          assert.ok(list.status < 500, `${time_min} ${time_max}: ${list.status}`);
          const batch = await sdkFailure(fb().batch({ data: { time_min, time_max, user_ids: ['ou_x'.repeat(100)] } }));
          assert.ok(batch.status < 500, `${time_min} ${time_max}: ${batch.status}`);
        }
      }
    });

    test('a dense series over a long window is bounded: more than 5000 items answer 190014', async () => {
      const dave = await s.as('dave');
      const start = MONDAY + 200 * DAY;
      // Every hour of the day: the densest rule taken (FREQ=HOURLY and finer are refused; BYHOUR × BYMINUTE × BYSECOND ≤ 24).
      const hours = Array.from({ length: 24 }, (_, h) => h).join(',');
      await createEvent(server, 'primary', { ...timed(start, start + 60), recurrence: `FREQ=DAILY;BYHOUR=${hours}` }, dave);
      const day = await fb().list({ params: { user_id_type: 'user_id' }, data: { time_min: iso(start), time_max: iso(start + DAY), user_id: 'dave' } });
      assert.equal(day.data!.freebusy_list!.length, 24);
      const long = await sdkFailure(fb().list({ params: { user_id_type: 'user_id' }, data: { time_min: iso(start), time_max: iso(start + 250 * DAY), user_id: 'dave' } }));
      assert.deepEqual([long.status, long.body.code], [400, 190014]);
    });
  });
}

function iso(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}
