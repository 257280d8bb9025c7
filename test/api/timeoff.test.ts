/** Time-off events (calendars.md §6): create, delete, and the leave on the user's primary calendar. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { testFixture } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

/** A second bot app of Acme that may manage leave: it must not delete the first app's. */
const HR = { app_id: 'cli_f1b2c3d4e5f60718', app_secret: 'hr-secret-0123456789' };
const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
/** The SDK's default token cache is shared per process and app id: each server needs its own. */
const ownCache = () => {
  const values = new Map<string, unknown>();
  return { set: async (key: string | Symbol, value: unknown) => (values.set(String(key), value), true), get: async (key: string | Symbol) => values.get(String(key)) };
};
const DEFAULT_DESCRIPTION = '若删除此日程，飞书中相应的“请假”标签将自动消失，而请假系统中的休假申请不会被撤销。';
// 2026-03-16 09:00 and 18:00 in Asia/Shanghai.
const MON_0900 = 1773622800;
const MON_1800 = MON_0900 + 9 * 3600;

for (const dialect of DIALECTS) {
  describe(`time-off events (${dialect})`, () => {
    let server: TestServer;
    let hr: lark.Client;
    before(async () => {
      const fixture = testFixture();
      fixture.tenants[0]!.apps!.push({ ...HR, name: 'Acme HR', bot: true, scopes: ['calendar:timeoff', 'contact:user.employee_id:readonly'] });
      server = await startServer({ dialect, fixture });
      hr = new lark.Client({ appId: HR.app_id, appSecret: HR.app_secret, domain: server.url, logger: SILENT, cache: ownCache() });
    });
    after(() => server.close());

    const timeoff = () => server.client().calendar.v4.timeoffEvent;
    const create = (data: { user_id: string; timezone: string; start_time: string; end_time: string; title?: string; description?: string }, idType: 'user_id' | 'open_id' = 'user_id') =>
      timeoff().create({ params: { user_id_type: idType }, data });
    const eventOf = async (timeoffEventId: string) => (await server.store.events.get((await server.store.timeoffs.get(timeoffEventId))!.eventId))!;
    const alicePrimary = async () =>
      (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!.calendar_id!;

    test('an all-day leave: inclusive end date, the documented default title and description', async () => {
      const res = await create({ user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04' });
      assert.equal(res.code, 0);
      const t = res.data!;
      assert.match(t.timeoff_event_id, /^timeoff:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual({ ...t, timeoff_event_id: 'x' }, {
        timeoff_event_id: 'x', user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04',
        title: '请假中(全天) / 1-Day Time Off', description: DEFAULT_DESCRIPTION,
      });
    });

    test('the leave shows on the user\'s primary calendar as a busy event', async () => {
      const t = (await create({ user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-06-01', end_time: '2026-06-03', title: 'Holiday' })).data!;
      const calendarId = await alicePrimary();
      const listed = await server.client().calendar.v4.calendarEvent.list(
        { path: { calendar_id: calendarId }, params: { start_time: String(Date.UTC(2026, 5, 1) / 1000), end_time: String(Date.UTC(2026, 5, 5) / 1000) } },
        await server.asUser('alice'),
      );
      const items = listed.data!.items!.filter((e) => e.summary === 'Holiday');
      assert.equal(items.length, 1);
      const e = items[0]!;
      assert.deepEqual([e.start_time, e.end_time], [{ date: '2026-06-01', timezone: 'UTC' }, { date: '2026-06-04', timezone: 'UTC' }]);
      assert.equal(e.free_busy_status, 'busy');
      assert.equal(e.organizer_calendar_id, calendarId);
      assert.equal(e.description, DEFAULT_DESCRIPTION);
      assert.equal(e.event_organizer!.display_name, 'Alice Wang');
      assert.equal((await eventOf(t.timeoff_event_id)).status, 'confirmed');
    });

    test('a timed leave by open_id, with its own default title and the given zone', async () => {
      const openId = (await server.client().contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { emails: ['bob@acme.example'] } })).data!.user_list![0]!.user_id!;
      const res = await create({ user_id: openId, timezone: 'Europe/Berlin', start_time: String(MON_0900), end_time: String(MON_1800) }, 'open_id');
      assert.equal(res.code, 0);
      assert.equal(res.data!.user_id, openId);
      assert.equal(res.data!.title, '请假中 / Time Off');
      const e = await eventOf(res.data!.timeoff_event_id);
      assert.deepEqual([e.start, e.end, e.freeBusyStatus], [{ kind: 'timed', ts: MON_0900, tz: 'Europe/Berlin' }, { kind: 'timed', ts: MON_1800, tz: 'Europe/Berlin' }, 'busy']);
      assert.equal(e.organizer, `user:${(await server.store.tenancy.findUserByUserId(e.tenantKey, 'bob'))!.ref}`);
    });

    test('bad times and zones: 190002 naming the field', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ start_time: '2026-05-04', end_time: String(MON_1800) }, 'end_time'],
        [{ start_time: String(MON_1800), end_time: String(MON_0900) }, 'end_time'],
        [{ start_time: '2026-05-04', end_time: '2026-05-03' }, 'end_time'],
        [{ start_time: '2026-02-30', end_time: '2026-03-01' }, 'start_time'],
        [{ start_time: 'tomorrow', end_time: '2026-03-01' }, 'start_time'],
        [{ timezone: 'Mars/Olympus' }, 'timezone'],
      ];
      for (const [fields, field] of cases) {
        const { status, body } = await sdkFailure(create({ user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04', ...fields }));
        assert.equal(status, 400, JSON.stringify(fields));
        assert.equal(body.code, 190002);
        assert.equal(body.error?.details?.[0]?.key ?? body.error?.field_violations?.[0]?.field, field, JSON.stringify(body));
      }
      const missing = await sdkFailure(timeoff().create({ data: { user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-05-04' } as never }));
      assert.deepEqual([missing.status, missing.body.code], [400, 190002]);
    });

    test('users outside the tenant or unknown: 195100', async () => {
      for (const user_id of ['zed', 'nobody']) {
        const { status, body } = await sdkFailure(create({ user_id, timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04' }));
        assert.deepEqual([status, body.code, body.msg], [404, 195100, 'user is dismiss or not exist in the tenant']);
      }
    });

    test('tenant token only: a user token gets 99991668; the scope is checked', async () => {
      const asUser = await sdkFailure(timeoff().create({ params: { user_id_type: 'user_id' }, data: { user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04' } }, await server.asUser('alice')));
      assert.deepEqual([asUser.status, asUser.body.code, asUser.body.msg], [400, 99991668, 'user access token not support']);
      const del = await sdkFailure(timeoff().delete({ path: { timeoff_event_id: 'timeoff:x' } }, await server.asUser('alice')));
      assert.equal(del.body.code, 99991668);
      const reader = await sdkFailure(server.client('readonly').calendar.v4.timeoffEvent.create({ data: { user_id: 'x', timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04' } }));
      assert.equal(reader.body.code, 99991672);
      assert.match(reader.body.msg, /calendar:time_off:create/);
      const noBot = await sdkFailure(server.client('nobot').calendar.v4.timeoffEvent.delete({ path: { timeoff_event_id: 'timeoff:x' } }));
      assert.equal(noBot.body.code, 190007);
    });

    test('delete: only the creating app (195000); the event is cancelled and the change recorded', async () => {
      const t = (await create({ user_id: 'carol', timezone: 'Europe/Berlin', start_time: '2026-07-01', end_time: '2026-07-02' })).data!;
      const other = await sdkFailure(hr.calendar.v4.timeoffEvent.delete({ path: { timeoff_event_id: t.timeoff_event_id } }));
      assert.deepEqual([other.status, other.body.code, other.body.msg], [403, 195000, 'no permission to delete timeoff event']);
      const eventBefore = await eventOf(t.timeoff_event_id);
      const res = await timeoff().delete({ path: { timeoff_event_id: t.timeoff_event_id } });
      assert.deepEqual([res.code, res.data], [0, {}]);
      const e = await eventOf(t.timeoff_event_id);
      assert.equal(e.status, 'cancelled');
      assert.ok(e.version > eventBefore.version, 'the delete is a change of its own');
      const calendarId = e.organizerCalendarId;
      const sync = await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } }, await server.asUser('carol'));
      assert.equal(sync.data!.items!.some((i) => i.event_id === e.eventId && i.status !== 'cancelled'), false);
    });

    test('another app\'s leave can be deleted by that app; unknown and deleted ids are 190002', async () => {
      const t = (await hr.calendar.v4.timeoffEvent.create({ params: { user_id_type: 'user_id' }, data: { user_id: 'dave', timezone: 'Asia/Shanghai', start_time: '2026-08-03', end_time: '2026-08-07' } })).data!;
      assert.equal(t.title, '请假中(全天) / 5-Day Time Off');
      assert.equal((await hr.calendar.v4.timeoffEvent.delete({ path: { timeoff_event_id: t.timeoff_event_id } })).code, 0);
      for (const id of [t.timeoff_event_id, 'timeoff:00000000-0000-0000-0000-000000000000', 'nonsense']) {
        const { status, body } = await sdkFailure(hr.calendar.v4.timeoffEvent.delete({ path: { timeoff_event_id: id } }));
        assert.deepEqual([status, body.code], [400, 190002], id);
      }
      const globex = await sdkFailure(server.client('globex').calendar.v4.timeoffEvent.delete({ path: { timeoff_event_id: t.timeoff_event_id } }));
      assert.equal(globex.body.code, 190002);
    });
  });
}
