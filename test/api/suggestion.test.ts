/** POST /freebusy/suggestion (calendars.md §5.5) through the SDK's raw `request`: ranking, chats, hours, series, every input error. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { CHAT, steps } from './attendees-support.js';
import { createEvent, DAY, HOUR, MONDAY, timed } from './events-queries-support.js';

const URL = '/open-apis/calendar/v4/freebusy/suggestion';
const MON = (hh: string) => `2025-03-10T${hh}:00+08:00`;
const FREE = '所有参与者均空闲';
type Slot = { event_start_time: string; event_end_time: string; recommend_reason: string };

for (const dialect of DIALECTS) {
  describe(`freebusy suggestion (${dialect})`, () => {
    let server: TestServer;
    let s: ReturnType<typeof steps>;
    before(async () => {
      server = await startServer({ dialect });
      s = steps(() => server);
      // Alice: 09:00–10:00 and 14:00–15:30 on Monday 2025-03-10, 10:00–11:00 on Tuesday (Asia/Shanghai); Bob: Monday 11:00–12:00.
      const alice = await s.as('alice');
      await createEvent(server, 'primary', timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR), alice);
      await createEvent(server, 'primary', timed(MONDAY + 14 * HOUR, MONDAY + 15.5 * HOUR), alice);
      await createEvent(server, 'primary', timed(MONDAY + DAY + 10 * HOUR, MONDAY + DAY + 11 * HOUR), alice);
      await createEvent(server, 'primary', timed(MONDAY + 11 * HOUR, MONDAY + 12 * HOUR), await s.as('bob'));
    });
    after(() => server.close());

    const call = async (data: Record<string, unknown>, params: Record<string, unknown> = {}) =>
      sdkFailure(server.client().request({ url: URL, method: 'POST', data, params }));
    const suggest = async (data: Record<string, unknown>) => {
      const res = await call(data);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.code, 0);
      return res.body.data as { suggestions: Slot[]; ai_action_guidance?: string };
    };
    const ids = async (...users: string[]) => Promise.all(users.map((u) => s.openId(u)));
    const slots = (...pairs: Array<[string, string]>) => pairs.map(([a, b]) => ({ event_start_time: MON(a), event_end_time: MON(b), recommend_reason: FREE }));

    test('earliest fully free first, five proposals that never overlap, no guidance', async () => {
      const data = await suggest({
        search_start_time: MON('00:00'), search_end_time: '2025-03-11T00:00:00+08:00', timezone: 'Asia/Shanghai', duration_minutes: 60,
        attendee_user_ids: await ids('alice', 'bob'),
      });
      assert.deepEqual(data, { suggestions: slots(['10:00', '11:00'], ['12:00', '13:00'], ['13:00', '14:00'], ['15:30', '16:30'], ['16:30', '17:30']) });
    });

    test('every fully free proposal is free for everyone (free/busy batch) and inside 09:00–18:00 on a weekday', async () => {
      const people = await ids('alice', 'bob');
      const data = await suggest({ search_start_time: MON('00:00'), search_end_time: '2025-03-12T00:00:00+08:00', duration_minutes: 45, attendee_user_ids: people });
      assert.equal(data.suggestions.length, 5);
      const batch = await server.client().calendar.v4.freebusy.batch({ data: { time_min: MON('00:00'), time_max: '2025-03-12T00:00:00+08:00', user_ids: people } });
      for (const slot of data.suggestions) {
        assert.equal(slot.recommend_reason, FREE);
        const [start, end] = [Date.parse(slot.event_start_time), Date.parse(slot.event_end_time)];
        assert.equal(end - start, 45 * 60_000);
        const local = slot.event_start_time.slice(11, 16);
        assert.ok(local >= '09:00' && slot.event_end_time.slice(11, 16) <= '18:00', slot.event_start_time);
        for (const list of batch.data!.freebusy_lists!) {
          for (const busy of list.freebusy_items!) assert.ok(Date.parse(busy.end_time!) <= start || Date.parse(busy.start_time!) >= end, `${slot.event_start_time} meets ${busy.start_time}`);
        }
      }
    });

    test('a chat expands to its members; the default timezone of a bot is Asia/Shanghai', async () => {
      const byChat = await suggest({ search_start_time: MON('00:00'), search_end_time: '2025-03-11T00:00:00+08:00', duration_minutes: 60, attendee_chat_ids: [CHAT] });
      assert.deepEqual(byChat.suggestions.slice(0, 2), slots(['10:00', '11:00'], ['12:00', '13:00']));
    });

    test('working hours in each person\'s zone: Berlin 09:00 is 16:00 in Shanghai; times come in the requested zone', async () => {
      const data = await suggest({
        search_start_time: MON('00:00'), search_end_time: '2025-03-11T00:00:00+08:00', timezone: 'Europe/Berlin', duration_minutes: 60,
        attendee_user_ids: await ids('alice', 'carol'),
      });
      assert.deepEqual(data.suggestions, [
        { event_start_time: '2025-03-10T09:00:00+01:00', event_end_time: '2025-03-10T10:00:00+01:00', recommend_reason: FREE },
        { event_start_time: '2025-03-10T10:00:00+01:00', event_end_time: '2025-03-10T11:00:00+01:00', recommend_reason: FREE },
      ]);
    });

    test('excluded_event_times are avoided ("show me other options")', async () => {
      const data = await suggest({
        search_start_time: MON('00:00'), search_end_time: '2025-03-11T00:00:00+08:00', duration_minutes: 60, attendee_user_ids: await ids('alice', 'bob'),
        excluded_event_times: [{ event_start_time: MON('10:00'), event_end_time: MON('11:00') }, { event_start_time: MON('16:00'), event_end_time: MON('23:00') }],
      });
      // 15:30–16:00 is free but too short once 16:00–23:00 is excluded.
      assert.deepEqual(data, { suggestions: slots(['12:00', '13:00'], ['13:00', '14:00']) });
    });

    test('a daily series must be free on every occurrence: Tuesday 10:00 rules out Monday 10:00', async () => {
      const data = await suggest({
        search_start_time: MON('09:00'), search_end_time: MON('12:00'), duration_minutes: 60, attendee_user_ids: await ids('alice'),
        event_rrule: 'FREQ=DAILY;UNTIL=20250312T235959Z',
      });
      assert.deepEqual(data.suggestions, slots(['11:00', '12:00']));
      const once = await suggest({ search_start_time: MON('09:00'), search_end_time: MON('12:00'), duration_minutes: 60, attendee_user_ids: await ids('alice') });
      assert.deepEqual(once.suggestions, slots(['10:00', '11:00'], ['11:00', '12:00']));
    });

    test('no fully free slot: the least-conflicted ones, said so in recommend_reason, with ai_action_guidance', async () => {
      const busy = await suggest({ search_start_time: MON('09:00'), search_end_time: MON('10:30'), duration_minutes: 60, attendee_user_ids: await ids('alice', 'bob') });
      assert.deepEqual(busy.suggestions, [{ event_start_time: MON('09:00'), event_end_time: MON('10:00'), recommend_reason: '没有所有参与者均空闲的时间；1 位参与者有日程冲突' }]);
      assert.match(busy.ai_action_guidance!, /冲突最少/);
      const weekend = await suggest({ search_start_time: '2025-03-15T10:00:00+08:00', search_end_time: '2025-03-15T11:00:00+08:00', duration_minutes: 60, attendee_chat_ids: [CHAT] });
      assert.deepEqual(weekend.suggestions, [{
        event_start_time: '2025-03-15T10:00:00+08:00', event_end_time: '2025-03-15T11:00:00+08:00', recommend_reason: '没有所有参与者均空闲的时间；2 位参与者不在工作时间内',
      }]);
      assert.ok(weekend.ai_action_guidance);
      const excluded = await suggest({
        search_start_time: MON('10:00'), search_end_time: MON('11:00'), duration_minutes: 60, attendee_user_ids: await ids('alice'),
        excluded_event_times: [{ event_start_time: MON('10:00'), event_end_time: MON('10:30') }],
      });
      assert.deepEqual(excluded.suggestions, []);
      assert.match(excluded.ai_action_guidance!, /没有可建议/);
    });

    test('as a user, times default to the caller\'s zone (Carol: Europe/Berlin); user_id_type=user_id', async () => {
      const res = await server.client().request({
        url: URL, method: 'POST', params: { user_id_type: 'user_id' },
        data: { search_start_time: MON('09:00'), search_end_time: MON('11:00'), duration_minutes: 60, attendee_user_ids: ['alice', 'bob'] },
      }, await s.as('carol'));
      assert.deepEqual((res as { data: unknown }).data, {
        suggestions: [{ event_start_time: '2025-03-10T03:00:00+01:00', event_end_time: '2025-03-10T04:00:00+01:00', recommend_reason: FREE }],
      });
    });

    test('every malformed input: 190014 naming the field; an unknown user 195100; never a 500', async () => {
      const alice = await s.openId('alice');
      const ok = { search_start_time: MON('09:00'), search_end_time: MON('12:00'), attendee_user_ids: [alice] };
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ ...ok, search_start_time: '2025-03-10 09:00' }, 190014, 'search_start_time'],
        [{ ...ok, search_end_time: '2025-03-10T12:00:00' }, 190014, 'search_end_time'],
        [{ ...ok, search_end_time: MON('09:00') }, 190014, 'search_end_time'],
        [{ ...ok, search_end_time: '2025-03-30T09:00:00+08:00' }, 190014, 'search_end_time'],
        [{ ...ok, duration_minutes: 0 }, 190014, 'duration_minutes'],
        [{ ...ok, duration_minutes: 1441 }, 190014, 'duration_minutes'],
        [{ ...ok, duration_minutes: 240 }, 190014, 'duration_minutes'],
        [{ ...ok, timezone: 'Mars/Olympus' }, 190014, 'timezone'],
        [{ ...ok, event_rrule: 'FREQ=DAILY;COUNT=3' }, 190014, 'event_rrule'],
        [{ ...ok, event_rrule: 'FREQ=HOURLY' }, 190014, 'event_rrule'],
        [{ ...ok, event_rrule: 'FREQ=DAILY;BYHOUR=9' }, 190014, 'event_rrule'],
        [{ ...ok, event_rrule: 'NOT A RULE' }, 190014, 'event_rrule'],
        [{ ...ok, excluded_event_times: [{ event_start_time: MON('10:00') }] }, 190014, 'excluded_event_times[0].event_end_time'],
        [{ ...ok, excluded_event_times: [{ event_start_time: MON('10:00'), event_end_time: MON('09:00') }] }, 190014, 'excluded_event_times[0].event_end_time'],
        [{ ...ok, attendee_user_ids: [] }, 190014, 'attendee_user_ids'],
        [{ ...ok, attendee_user_ids: Array.from({ length: 51 }, () => alice) }, 190014, 'attendee_user_ids'],
        [{ ...ok, attendee_chat_ids: ['oc_nope'] }, 190014, 'attendee_chat_ids'],
        [{ ...ok, attendee_user_ids: ['ou_nobody'] }, 195100, 'attendee_user_ids'],
      ];
      for (const [data, code, field] of cases) {
        const res = await call(data);
        assert.equal(res.body.code, code, `${JSON.stringify(data)} → ${JSON.stringify(res.body)}`);
        assert.ok(res.status === 400 || res.status === 404, JSON.stringify(res.body));
        assert.ok(JSON.stringify(res.body.error ?? {}).includes(field), `${field}: ${JSON.stringify(res.body)}`);
      }
      for (const data of [{ ...ok, duration_minutes: 'long' }, { ...ok, attendee_user_ids: 'alice' }, { ...ok, excluded_event_times: [1] }]) {
        const res = await call(data);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.code, 190014);
      }
    });

    test('an app without the free/busy scope is refused before any input is read', async () => {
      const res = await sdkFailure(server.client('noscope').request({ url: URL, method: 'POST', data: {} }));
      assert.equal(res.body.code, 99991672);
    });
  });
}
