/** Events: create, get, patch, delete (events.md §3.1–§3.3, §3.5). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

// 2026-03-16 09:00 Europe/Berlin (CET) is 08:00Z; 2026-03-30 09:00 (CEST) is 07:00Z.
const MON_0900_BERLIN = 1773648000;
const at = (ts: number, timezone = 'Europe/Berlin') => ({ timestamp: String(ts), timezone });

for (const dialect of DIALECTS) {
  describe(`events: create, get, patch, delete (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const ev = () => server.client().calendar.v4.calendarEvent;
    const primaryOf = async (userId: string) =>
      (await server.client().calendar.v4.calendar.primary({}, await server.asUser(userId))).data!.calendars![0]!.calendar!.calendar_id;

    test('create answers the stored event with its defaults', async () => {
      const alice = await server.asUser('alice');
      const calendarId = await primaryOf('alice');
      const res = await ev().create({ path: { calendar_id: calendarId }, data: { summary: 'Planning', start_time: at(MON_0900_BERLIN), end_time: at(MON_0900_BERLIN + 3600) } }, alice);
      assert.equal(res.code, 0);
      const e = res.data!.event!;
      assert.match(e.event_id!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_0$/);
      const uid = e.event_id!.slice(0, -2);
      assert.deepEqual({ ...e, event_id: 'x', create_time: 'x', app_link: 'x', event_organizer: { ...e.event_organizer, user_id: 'x' } }, {
        event_id: 'x', organizer_calendar_id: calendarId, summary: 'Planning', description: '', description_rich: '',
        start_time: at(MON_0900_BERLIN), end_time: at(MON_0900_BERLIN + 3600), visibility: 'default', attendee_ability: 'none',
        free_busy_status: 'busy', color: -1, reminders: [], recurrence: '', status: 'confirmed', is_exception: false,
        create_time: 'x', schemas: [], event_organizer: { user_id: 'x', display_name: 'Alice Wang' }, app_link: 'x',
        attachments: [], self_rsvp_status: 'accept',
      });
      assert.match(e.create_time!, /^\d{10}$/);
      assert.match(e.app_link!, new RegExp(`^https://applink\\.feishu\\.cn/client/calendar/event/detail\\?calendarId=\\d{19}&key=${uid}&originalTime=0&startTime=${MON_0900_BERLIN}$`));
      assert.match(e.event_organizer!.user_id!, /^ou_[0-9a-f]{32}$/);
    });

    test('the `primary` alias, the default time zone, and the app as organizer', async () => {
      const res = await ev().create({ path: { calendar_id: 'primary' }, data: { summary: 'Bot meeting', start_time: { timestamp: '1800000000' }, end_time: { timestamp: '1800003600' } } });
      const e = res.data!.event!;
      assert.deepEqual(e.start_time, { timestamp: '1800000000', timezone: 'Asia/Shanghai' });
      assert.equal(e.event_organizer!.display_name, 'Acme Scheduler');
      const appPrimary = (await server.client().calendar.v4.calendar.primary({})).data!.calendars![0]!.calendar!.calendar_id;
      assert.equal(e.organizer_calendar_id, appPrimary);
    });

    test('all-day events: the inclusive last day in, the exclusive end out, in UTC', async () => {
      const res = await ev().create({ path: { calendar_id: 'primary' }, data: { summary: 'Offsite', start_time: { date: '2026-05-04' }, end_time: { date: '2026-05-05' } } }, await server.asUser('alice'));
      assert.deepEqual(res.data!.event!.start_time, { date: '2026-05-04', timezone: 'UTC' });
      assert.deepEqual(res.data!.event!.end_time, { date: '2026-05-06', timezone: 'UTC' });
      const oneDay = await ev().create({ path: { calendar_id: 'primary' }, data: { start_time: { date: '2026-05-04' }, end_time: { date: '2026-05-04' } } }, await server.asUser('alice'));
      assert.deepEqual(oneDay.data!.event!.end_time, { date: '2026-05-05', timezone: 'UTC' });
    });

    test('an idempotency_key returns the first event, never a second one', async () => {
      const alice = await server.asUser('alice');
      const body = { summary: 'Once', start_time: at(1800000000), end_time: at(1800003600) };
      const key = '25fdf41b-8c80-2ce1-e94c-de8b5e7aa7e6';
      const first = await ev().create({ path: { calendar_id: 'primary' }, params: { idempotency_key: key }, data: body }, alice);
      const again = await Promise.all([1, 2, 3].map(() => ev().create({ path: { calendar_id: 'primary' }, params: { idempotency_key: key }, data: body }, alice)));
      for (const r of again) assert.equal(r.data!.event!.event_id, first.data!.event!.event_id);
      const other = await ev().create({ path: { calendar_id: 'primary' }, params: { idempotency_key: 'another-key' }, data: body }, alice);
      assert.notEqual(other.data!.event!.event_id, first.data!.event!.event_id);
    });

    test('create validation: each bad value is 190002 naming the field, and nothing is created', async () => {
      const alice = await server.asUser('alice');
      const ok = { start_time: at(1800000000), end_time: at(1800003600) };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ end_time: ok.end_time }, 'start_time'],
        [{ start_time: ok.start_time }, 'end_time'],
        [{ start_time: { date: '2026-01-01', timestamp: '1800000000' }, end_time: ok.end_time }, 'start_time'],
        [{ start_time: { date: '2026-01-01' }, end_time: ok.end_time }, 'end_time'],
        [{ start_time: at(1800003600), end_time: at(1800000000) }, 'end_time.timestamp'],
        [{ start_time: at(1800000000), end_time: at(1800000000) }, 'end_time.timestamp'],
        [{ start_time: { date: '2026-01-02' }, end_time: { date: '2026-01-01' } }, 'end_time.date'],
        [{ start_time: { date: '2026-02-30' }, end_time: { date: '2026-03-01' } }, 'start_time.date'],
        [{ start_time: { timestamp: '1800000000', timezone: 'Mars/Olympus' }, end_time: ok.end_time }, 'start_time.timezone'],
        [{ start_time: { timestamp: '99999999999' }, end_time: ok.end_time }, 'start_time.timestamp'],
        [{ start_time: { timestamp: 'soon' }, end_time: ok.end_time }, 'start_time.timestamp'],
        [{ ...ok, recurrence: 'FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z' }, 'recurrence'],
        [{ ...ok, recurrence: 'FREQ=SOMETIMES' }, 'recurrence'],
        [{ ...ok, recurrence: 'not a rule' }, 'recurrence'],
        [{ ...ok, summary: 'x'.repeat(1001) }, 'summary'],
        [{ ...ok, reminders: [{ minutes: 20161 }] }, 'reminders.0.minutes'],
        [{ ...ok, visibility: 'secret' }, 'visibility'],
        [{ ...ok, color: 2 ** 31 }, 'color'],
        [{ ...ok, location: { name: '' } }, 'location.name'],
        [{ ...ok, event_check_in: { enable_check_in: true, check_in_start_time: { time_type: 'before_event_start', duration: 0 } } }, 'event_check_in.check_in_start_time.duration'],
        [{ ...ok, event_check_in: { enable_check_in: true, check_in_start_time: { time_type: 'after_event_end', duration: 5 }, check_in_end_time: { time_type: 'after_event_start', duration: 5 } } }, 'event_check_in.check_in_end_time'],
        [{ ...ok, schemas: [{ ui_name: 'RSVP', ui_status: 'editable' }] }, 'schemas.0.ui_status'],
      ];
      const before = (await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: await primaryOf('alice') }, params: { page_size: 1000 } }, alice).catch(() => undefined));
      for (const [data, field] of cases) {
        const res = await sdkFailure(ev().create({ path: { calendar_id: 'primary' }, data: data as never }, alice));
        assert.deepEqual([res.status, res.body.code], [400, 190002], JSON.stringify(data));
        assert.equal(res.body.error.field_violations[0].field, field, JSON.stringify(data));
      }
      if (before) {
        const after = await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: await primaryOf('alice') }, params: { page_size: 1000 } }, alice);
        assert.equal(after.data!.items!.length, before.data!.items!.length);
      }
    });

    test('meeting settings, attachments: 195112, 195113-free organizer, 193101 on app calendars, 193105', async () => {
      const ok = { start_time: at(1800000000), end_time: at(1800003600) };
      const alice = await server.asUser('alice');
      const badPassword = await sdkFailure(ev().create({ path: { calendar_id: 'primary' }, data: { ...ok, vchat: { vc_type: 'vc', meeting_settings: { password: '12' } } } }, alice));
      assert.deepEqual([badPassword.status, badPassword.body.code, badPassword.body.msg], [400, 195112, 'invalid password']);
      const good = await ev().create({ path: { calendar_id: 'primary' }, data: { ...ok, vchat: { vc_type: 'vc', meeting_settings: { password: '123456', auto_record: true } } } }, alice);
      assert.equal(good.data!.event!.vchat!.meeting_settings!.password, '123456');
      const botHosts = await sdkFailure(ev().create({ path: { calendar_id: 'primary' }, data: { ...ok, vchat: { vc_type: 'vc', meeting_settings: { allow_attendees_start: false } } } }));
      assert.deepEqual([botHosts.status, botHosts.body.code], [400, 193101]);
      const badToken = await sdkFailure(ev().create({ path: { calendar_id: 'primary' }, data: { ...ok, attachments: [{ file_token: 'not a token!' }] } }, alice));
      assert.deepEqual([badToken.status, badToken.body.code, badToken.body.msg], [400, 193105, 'invalid attachment file token']);
    });

    test('calendar rights: readers cannot create (191002), rooms are not organizer calendars', async () => {
      const shared = (await server.client().calendar.v4.calendar.create({ data: { summary: 'Public', permissions: 'public' } }, await server.asUser('alice'))).data!.calendar!.calendar_id;
      const res = await sdkFailure(ev().create({ path: { calendar_id: shared }, data: { start_time: at(1800000000), end_time: at(1800003600) } }, await server.asUser('bob')));
      assert.deepEqual([res.status, res.body.code], [403, 191002]);
      const room = await server.store.tenancy.getRoom('omm_83d09ad4f6896e02029a6a075f71c9d1');
      const onRoom = await sdkFailure(ev().create({ path: { calendar_id: room!.calendarId }, data: { start_time: at(1800000000), end_time: at(1800003600) } }));
      assert.equal(onRoom.status, 403);
    });

    test('get: 193000 for malformed ids, 193001 for unknown ones and plain occurrences, 193003 once deleted', async () => {
      const alice = await server.asUser('alice');
      const calendarId = await primaryOf('alice');
      const malformed = await sdkFailure(ev().get({ path: { calendar_id: calendarId, event_id: 'nope' } }, alice));
      assert.deepEqual([malformed.status, malformed.body.code, malformed.body.msg], [400, 193000, 'invalid event_id']);
      const unknown = await sdkFailure(ev().get({ path: { calendar_id: calendarId, event_id: '00592a0e-7edf-4678-bc9d-1b77383ef08e_0' } }, alice));
      assert.deepEqual([unknown.status, unknown.body.code, unknown.body.msg], [404, 193001, 'event not found']);

      const series = await ev().create({ path: { calendar_id: calendarId }, data: { summary: 'Weekly', start_time: at(MON_0900_BERLIN), end_time: at(MON_0900_BERLIN + 3600), recurrence: 'FREQ=WEEKLY;BYDAY=MO' } }, alice);
      const occurrence = series.data!.event!.event_id!.replace(/_0$/, `_${MON_0900_BERLIN + 7 * 86400}`);
      const plain = await sdkFailure(ev().get({ path: { calendar_id: calendarId, event_id: occurrence } }, alice));
      assert.deepEqual([plain.status, plain.body.code], [404, 193001]);

      const once = await ev().create({ path: { calendar_id: calendarId }, data: { start_time: at(1800000000), end_time: at(1800003600) } }, alice);
      const id = once.data!.event!.event_id!;
      assert.deepEqual(await ev().delete({ path: { calendar_id: calendarId, event_id: id } }, alice), { code: 0, msg: 'success', data: {} });
      const gone = await sdkFailure(ev().get({ path: { calendar_id: calendarId, event_id: id } }, alice));
      assert.deepEqual([gone.status, gone.body.code, gone.body.msg], [403, 193003, 'event is deleted']);
      const twice = await sdkFailure(ev().delete({ path: { calendar_id: calendarId, event_id: id } }, alice));
      assert.equal(twice.body.code, 193003);
    });

    test('visibility × role: readers see details of default events, only the time of private ones; free/busy readers get 191002', async () => {
      const alice = await server.asUser('alice');
      const shared = (await server.client().calendar.v4.calendar.create({ data: { summary: 'Team', permissions: 'public' } }, alice)).data!.calendar!.calendar_id;
      const mk = async (visibility: 'default' | 'public' | 'private') => (await ev().create({ path: { calendar_id: shared }, data: {
        summary: `${visibility} title`, description: 'details', location: { name: 'Room 1' }, visibility, start_time: at(1800000000), end_time: at(1800003600),
      } }, alice)).data!.event!.event_id!;
      const bob = await server.asUser('bob');
      for (const [visibility, seen] of [['default', true], ['public', true], ['private', false]] as const) {
        const id = await mk(visibility);
        const res = await ev().get({ path: { calendar_id: shared, event_id: id } }, bob);
        const e = res.data!.event!;
        assert.equal(e.summary, seen ? `${visibility} title` : '', visibility);
        assert.equal(e.description, seen ? 'details' : '', visibility);
        assert.equal(e.location?.name, seen ? 'Room 1' : undefined, visibility);
        assert.deepEqual(e.start_time, at(1800000000));
        // The owner always sees everything.
        assert.equal((await ev().get({ path: { calendar_id: shared, event_id: id } }, alice)).data!.event!.summary, `${visibility} title`);
      }
      await server.client().calendar.v4.calendar.patch({ path: { calendar_id: shared }, data: { permissions: 'show_only_free_busy' } }, alice);
      const id = await mk('public');
      const fb = await sdkFailure(ev().get({ path: { calendar_id: shared, event_id: id } }, bob));
      assert.deepEqual([fb.status, fb.body.code], [403, 191002]);
    });

    test('patch: absent fields stay, times need both ends, "" clears, per-identity colour', async () => {
      const alice = await server.asUser('alice');
      const calendarId = await primaryOf('alice');
      const id = (await ev().create({ path: { calendar_id: calendarId }, data: { summary: 'S', description: 'D', start_time: at(1800000000), end_time: at(1800003600), color: 5 } }, alice)).data!.event!.event_id!;
      const onlyStart = await ev().patch({ path: { calendar_id: calendarId, event_id: id }, data: { start_time: at(1800000600) } }, alice);
      assert.deepEqual(onlyStart.data!.event!.start_time, at(1800000000));
      const both = await ev().patch({ path: { calendar_id: calendarId, event_id: id }, data: { start_time: at(1800007200), end_time: at(1800010800), description: '' } }, alice);
      const e = both.data!.event!;
      assert.deepEqual([e.start_time, e.end_time, e.summary, e.description, e.color], [at(1800007200), at(1800010800), 'S', '', 5]);
      const bad = await sdkFailure(ev().patch({ path: { calendar_id: calendarId, event_id: id }, data: { start_time: at(1800010800), end_time: at(1800007200) } }, alice));
      assert.equal(bad.body.code, 190002);
      // Someone who may only read alice's calendar cannot patch (191002 before anything else).
      await server.client().calendar.v4.calendar.patch({ path: { calendar_id: calendarId }, data: { permissions: 'public' } }, alice);
      const bob = await sdkFailure(ev().patch({ path: { calendar_id: calendarId, event_id: id }, data: { summary: 'hijack' } }, await server.asUser('bob')));
      assert.deepEqual([bob.status, bob.body.code], [403, 191002]);
    });

    test('patch and delete of occurrences materialise exceptions; the series does not cascade to them', async () => {
      const alice = await server.asUser('alice');
      const calendarId = await primaryOf('alice');
      const master = (await ev().create({ path: { calendar_id: calendarId }, data: { summary: 'Weekly', start_time: at(MON_0900_BERLIN), end_time: at(MON_0900_BERLIN + 3600), recurrence: 'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6' } }, alice)).data!.event!;
      assert.equal(master.recurrence, 'FREQ=WEEKLY;BYDAY=MO;COUNT=6');
      const uid = master.event_id!.slice(0, -2);
      // Week 3 is after the DST change: 09:00 Berlin is 07:00Z.
      const third = MON_0900_BERLIN + 14 * 86400 - 3600;
      const moved = await ev().patch({ path: { calendar_id: calendarId, event_id: `${uid}_${third}` }, data: { summary: 'Moved', start_time: at(third + 1800), end_time: at(third + 5400) } }, alice);
      const ex = moved.data!.event!;
      assert.deepEqual([ex.event_id, ex.is_exception, ex.recurring_event_id, ex.recurrence, ex.summary], [`${uid}_${third}`, true, master.event_id, '', 'Moved']);
      assert.deepEqual(ex.start_time, at(third + 1800));
      // Its id stays though its time moved; GET finds it.
      assert.equal((await ev().get({ path: { calendar_id: calendarId, event_id: `${uid}_${third}` } }, alice)).data!.event!.summary, 'Moved');
      // Not an occurrence of the series: 193001.
      const off = await sdkFailure(ev().patch({ path: { calendar_id: calendarId, event_id: `${uid}_${third + 60}` }, data: { summary: 'x' } }, alice));
      assert.equal(off.body.code, 193001);

      await ev().patch({ path: { calendar_id: calendarId, event_id: master.event_id! }, data: { summary: 'Weekly v2' } }, alice);
      assert.equal((await ev().get({ path: { calendar_id: calendarId, event_id: `${uid}_${third}` } }, alice)).data!.event!.summary, 'Moved');

      const fourth = third + 7 * 86400;
      await ev().delete({ path: { calendar_id: calendarId, event_id: `${uid}_${fourth}` } }, alice);
      const cancelled = await ev().get({ path: { calendar_id: calendarId, event_id: `${uid}_${fourth}` } }, alice);
      assert.deepEqual([cancelled.data!.event!.status, cancelled.data!.event!.is_exception], ['cancelled', true]);
      const again = await sdkFailure(ev().delete({ path: { calendar_id: calendarId, event_id: `${uid}_${fourth}` } }, alice));
      assert.equal(again.body.code, 193003);
      // delete_exception=true destroys the exception: the slot belongs to the series again.
      await ev().delete({ path: { calendar_id: calendarId, event_id: `${uid}_${fourth}` }, params: { delete_exception: true } as never }, alice);
      const destroyed = await sdkFailure(ev().get({ path: { calendar_id: calendarId, event_id: `${uid}_${fourth}` } }, alice));
      assert.equal(destroyed.body.code, 193001);

      // Deleting the master leaves its exceptions.
      await ev().delete({ path: { calendar_id: calendarId, event_id: master.event_id! } }, alice);
      assert.equal((await sdkFailure(ev().get({ path: { calendar_id: calendarId, event_id: master.event_id! } }, alice))).body.code, 193003);
      assert.equal((await ev().get({ path: { calendar_id: calendarId, event_id: `${uid}_${third}` } }, alice)).data!.event!.summary, 'Moved');
    });

    test('reply needs an invitation (193002); event subscriptions take user tokens only', async () => {
      const alice = await server.asUser('alice');
      const calendarId = await primaryOf('alice');
      const id = (await ev().create({ path: { calendar_id: calendarId }, data: { start_time: at(1800000000), end_time: at(1800003600) } }, alice)).data!.event!.event_id!;
      const res = await sdkFailure(ev().reply({ path: { calendar_id: calendarId, event_id: id }, data: { rsvp_status: 'accept' } }, await server.asUser('bob')));
      assert.deepEqual([res.status, res.body.code, res.body.msg], [403, 193002, 'no permission to operate event']);
      const badStatus = await sdkFailure(ev().reply({ path: { calendar_id: calendarId, event_id: id }, data: { rsvp_status: 'maybe' as never } }, alice));
      assert.deepEqual([badStatus.status, badStatus.body.code], [400, 190002]);

      assert.deepEqual(await ev().subscription({ path: { calendar_id: calendarId } }, alice), { code: 0, msg: 'success', data: {} });
      assert.deepEqual(await ev().unsubscription({ path: { calendar_id: calendarId } }, alice), { code: 0, msg: 'success', data: {} });
      const tenant = await sdkFailure(ev().subscription({ path: { calendar_id: calendarId } }));
      assert.deepEqual([tenant.status, tenant.body.code], [400, 99991663]);
    });
  });
}
