/**
 * An Exchange binding's life (issue #11 §3) through the SDK: the steps by the
 * clock (doing → cal_done → timespan_done → done, or err), the read-only
 * third-party calendar in the user's list, free/busy with and without
 * include_external_calendar, re-syncs into the change log, and unbinding.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FixtureMailboxReader } from '../../src/adapters/exchange/fixture-reader.js';
import { ExchangeSync } from '../../src/core/exchange/sync.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { ics, type IcsEvent } from './exchange-ics.js';
import { ADMIN_ACCOUNT, ALICE_MAILBOX, BROKEN_MAILBOX, bindings, exchangeFixture } from './exchange-support.js';

const NOW = Date.UTC(2026, 2, 16) / 1000; // Monday 2026-03-16 00:00Z
const HOUR = 3600;
const DAY = 86400;
const REFRESH = 15 * 60_000;
const LOG = { info() {}, warn() {} };

const SOON: IcsEvent = { uid: 'soon@ex', summary: 'Standup review', start: NOW + 4 * DAY + 9 * HOUR, end: NOW + 4 * DAY + 10 * HOUR };
const FAR: IcsEvent = { uid: 'far@ex', summary: 'Offsite', start: NOW + 200 * DAY, end: NOW + 200 * DAY + 2 * HOUR };
const FREE: IcsEvent = { uid: 'free@ex', summary: 'Focus (free)', start: NOW + DAY + 14 * HOUR, end: NOW + DAY + 15 * HOUR, transparent: true };
const ALLDAY: IcsEvent = { uid: 'allday@ex', summary: 'Conference', start: '2026-03-18', end: '2026-03-19' };
/** Weekly on Tuesdays 10:00 Berlin; the second week cancelled (EXDATE), the third moved an hour later. */
const WEEKLY_START = NOW + DAY + 9 * HOUR; // Tue 10:00 CET = 09:00Z
const WEEKLY: IcsEvent = { uid: 'weekly@ex', summary: 'Weekly', start: WEEKLY_START, end: WEEKLY_START + HOUR, rrule: 'FREQ=WEEKLY;COUNT=4', exdates: [WEEKLY_START + 7 * DAY], tzid: 'Europe/Berlin' };
/** The third Tuesday, 10:00 Berlin, is summer time already (08:00Z): the rule runs in the zone. */
const THIRD = WEEKLY_START + 14 * DAY - HOUR;
const MOVED: IcsEvent = { uid: 'weekly@ex', summary: 'Weekly (moved)', start: THIRD + HOUR, end: THIRD + 2 * HOUR, recurrenceId: THIRD, tzid: 'Europe/Berlin' };

for (const dialect of DIALECTS) {
  describe(`exchange sync: lifecycle, the third-party calendar, free/busy (${dialect})`, () => {
    let server: TestServer;
    let dir: string;
    let sync: ExchangeSync;
    let b: ReturnType<typeof bindings>;
    const mailbox = () => join(dir, 'alice.ics');
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'larkcal-exchange-'));
      writeFileSync(mailbox(), ics([SOON, FAR, FREE, ALLDAY, WEEKLY, MOVED], 'Alice (Exchange)'));
      server = await startServer({ dialect, fixture: exchangeFixture({ [ALICE_MAILBOX]: { ics: mailbox() }, [BROKEN_MAILBOX]: { ics: join(dir, 'missing.ics') } }) });
      server.clock.freeze(NOW * 1000);
      sync = new ExchangeSync(server.store, server.clock, new FixtureMailboxReader(), LOG, { refreshMs: REFRESH });
      b = bindings(server);
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const asAlice = () => server.asUser('alice');
    const calendars = async (syncToken?: string) => (await server.client().calendar.v4.calendar.list({ params: { page_size: 50, ...(syncToken && { sync_token: syncToken }) } }, await asAlice())).data!;
    const exchangeCalendar = async () => (await calendars()).calendar_list!.find((c) => c.type === 'exchange');
    const statusOf = async (id: string) => (await b.get(id)).data!.status;
    const step = async () => {
      server.clock.advance(1000);
      return sync.runDue();
    };
    const freebusy = async (include?: boolean) => (await server.client().calendar.v4.freebusy.list({
      params: { user_id_type: 'user_id' },
      data: { time_min: new Date(NOW * 1000).toISOString(), time_max: new Date((NOW + 30 * DAY) * 1000).toISOString(), user_id: 'alice', ...(include !== undefined && { include_external_calendar: include }) },
    })).data!.freebusy_list!;
    const eventsOn = async (calendarId: string) => {
      const placed = await server.store.events.listPlaced(calendarId, { offset: 0, limit: 100 });
      return placed.map((p) => `${p.event.uid}/${p.event.originalTime}/${p.event.status}/${p.event.summary}`).sort();
    };

    let bindingId = '';
    let calendarId = '';
    let listToken = '';

    test('doing until the clock reaches the first step, however many rounds run', async () => {
      listToken = (await calendars()).sync_token!;
      bindingId = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' })).data!.exchange_binding_id!;
      assert.equal(await sync.runDue(), 0);
      assert.equal(await statusOf(bindingId), 'doing');
      assert.equal(await exchangeCalendar(), undefined);
    });

    test('cal_done: the calendar exists, type exchange, third-party, in Alice\'s list as reader, with no events yet', async () => {
      assert.equal(await step(), 1);
      assert.equal(await statusOf(bindingId), 'cal_done');
      const calendar = (await exchangeCalendar())!;
      calendarId = calendar.calendar_id;
      assert.deepEqual({ ...calendar, calendar_id: 'x' }, {
        calendar_id: 'x', summary: 'Alice (Exchange)', description: '', permissions: 'private', color: -14513409, type: 'exchange',
        summary_alias: '', is_deleted: false, is_third_party: true, role: 'reader',
      });
      assert.deepEqual(await eventsOn(calendarId), []);
      const changed = (await calendars(listToken)).calendar_list!.map((c) => [c.calendar_id, c.is_deleted]);
      assert.deepEqual(changed, [[calendarId, false]], 'incremental list sync shows it arrive');
    });

    test('timespan_done: the next 90 days are in, the far event is not yet; done: everything', async () => {
      await step();
      assert.equal(await statusOf(bindingId), 'timespan_done');
      const soon = await eventsOn(calendarId);
      assert.ok(soon.includes(`soon@ex/0/confirmed/Standup review`));
      assert.ok(!soon.some((e) => e.startsWith('far@ex')));
      await step();
      assert.equal(await statusOf(bindingId), 'done');
      assert.deepEqual(await eventsOn(calendarId), [
        'allday@ex/0/confirmed/Conference', 'far@ex/0/confirmed/Offsite', 'free@ex/0/confirmed/Focus (free)', 'soon@ex/0/confirmed/Standup review',
        `weekly@ex/${THIRD}/confirmed/Weekly (moved)`, `weekly@ex/${WEEKLY_START + 7 * DAY}/cancelled/Weekly`, 'weekly@ex/0/confirmed/Weekly',
      ].sort());
      assert.equal(await step(), 0, 'nothing more until the refresh');
    });

    test('an event reads through the SDK with its zone and all-day dates', async () => {
      const list = await server.store.events.findByUid((await server.store.calendars.get(calendarId))!.tenantKey, 'weekly@ex', calendarId);
      const master = list.find((e) => e.originalTime === 0)!;
      const got = (await server.client().calendar.v4.calendarEvent.get({ path: { calendar_id: calendarId, event_id: master.eventId } }, await asAlice())).data!.event!;
      assert.deepEqual([got.summary, got.start_time, got.recurrence], ['Weekly', { timestamp: String(WEEKLY_START), timezone: 'Europe/Berlin' }, 'FREQ=WEEKLY;COUNT=4']);
      const allDay = (await server.store.events.findByUid(master.tenantKey, 'allday@ex', calendarId))[0]!;
      const day = (await server.client().calendar.v4.calendarEvent.get({ path: { calendar_id: calendarId, event_id: allDay.eventId } }, await asAlice())).data!.event!;
      // DTEND;VALUE=DATE is exclusive, as larkcal stores and answers all-day ends.
      assert.deepEqual([day.start_time, day.end_time], [{ date: '2026-03-18', timezone: 'UTC' }, { date: '2026-03-19', timezone: 'UTC' }]);
    });

    test('read-only everywhere: event writes, attendees and calendar changes are 191004; Alice\'s own colour and alias are hers to set', async () => {
      const alice = await asAlice();
      const ev = server.client().calendar.v4.calendarEvent;
      const eventId = (await server.store.events.findByUid((await server.store.calendars.get(calendarId))!.tenantKey, 'soon@ex', calendarId))[0]!.eventId;
      const refusals = [
        () => ev.create({ path: { calendar_id: calendarId }, data: { summary: 'x', start_time: { timestamp: String(NOW) }, end_time: { timestamp: String(NOW + HOUR) } } }, alice),
        () => ev.patch({ path: { calendar_id: calendarId, event_id: eventId }, data: { summary: 'mine now' } }, alice),
        () => ev.delete({ path: { calendar_id: calendarId, event_id: eventId } }, alice),
        () => server.client().calendar.v4.calendarEventAttendee.create({ path: { calendar_id: calendarId, event_id: eventId }, params: { user_id_type: 'user_id' }, data: { attendees: [{ type: 'user', user_id: 'bob' }] } }, alice),
        () => server.client().calendar.v4.calendar.patch({ path: { calendar_id: calendarId }, data: { summary: 'renamed' } }, alice),
        () => server.client().calendar.v4.calendar.delete({ path: { calendar_id: calendarId } }, alice),
        () => server.client().calendar.v4.calendarAcl.create({ path: { calendar_id: calendarId }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'bob' } } }, alice),
        // Listing events is documented as 191004 for Exchange calendars (events.md §3.4).
        () => ev.list({ path: { calendar_id: calendarId } }, alice),
      ];
      // One at a time, each awaited where it is made: a refusal is never left unhandled.
      for (const [i, call] of refusals.entries()) {
        const res = await sdkFailure(call());
        assert.deepEqual([res.status, res.body.code], [403, 191004], `call ${i}`);
      }
      const mine = await server.client().calendar.v4.calendar.patch({ path: { calendar_id: calendarId }, data: { color: -11034625, summary_alias: 'Work mail' } }, alice);
      assert.deepEqual([mine.data!.calendar!.color, mine.data!.calendar!.summary_alias, mine.data!.calendar!.summary], [-11034625, 'Work mail', 'Alice (Exchange)']);
      assert.ok((await eventsOn(calendarId)).includes('soon@ex/0/confirmed/Standup review'), 'the event is untouched');
    });

    test('free/busy counts the Exchange calendar by default and with include_external_calendar true, not with false', async () => {
      const soon = { start_time: '2026-03-20T09:00:00Z', end_time: '2026-03-20T10:00:00Z' };
      const first = { start_time: '2026-03-17T09:00:00Z', end_time: '2026-03-17T10:00:00Z' };
      const moved = { start_time: '2026-03-31T09:00:00Z', end_time: '2026-03-31T10:00:00Z' };
      const fourth = { start_time: '2026-04-07T08:00:00Z', end_time: '2026-04-07T09:00:00Z' };
      const conference = { start_time: '2026-03-17T16:00:00Z', end_time: '2026-03-18T16:00:00Z' }; // all-day in Alice's zone (Asia/Shanghai)
      const expected = [first, conference, soon, moved, fourth];
      const byDefault = await freebusy();
      assert.deepEqual(byDefault.map((i) => ({ start_time: new Date(i.start_time).toISOString().replace('.000', ''), end_time: new Date(i.end_time).toISOString().replace('.000', '') })), expected,
        'the EXDATE week is free, the moved week an hour later, the free event left out');
      assert.deepEqual(await freebusy(true), byDefault);
      assert.deepEqual(await freebusy(false), []);
      const batch = async (include: boolean) => (await server.client().calendar.v4.freebusy.batch({
        params: { user_id_type: 'user_id' },
        data: { time_min: '2026-03-16T00:00:00Z', time_max: '2026-03-23T00:00:00Z', user_ids: ['alice'], include_external_calendar: include },
      })).data!.freebusy_lists![0]!.freebusy_items!.length;
      assert.deepEqual([await batch(true), await batch(false)], [3, 0]);
    });

    test('re-sync every refresh: changes, additions and removals in the source become logged event changes', async () => {
      const soonMoved = { ...SOON, summary: 'Standup review (moved)', start: (SOON.start as number) + HOUR, end: (SOON.end as number) + HOUR };
      const added: IcsEvent = { uid: 'added@ex', summary: 'New', start: NOW + 5 * DAY, end: NOW + 5 * DAY + HOUR };
      writeFileSync(mailbox(), ics([soonMoved, FREE, ALLDAY, WEEKLY, MOVED, added], 'Alice (Exchange)'));
      const head = await server.store.changes.head();
      server.clock.advance(REFRESH - 3000);
      assert.equal(await sync.runDue(), 0, 'not before the refresh is due');
      server.clock.advance(3000);
      assert.equal(await sync.runDue(), 1);
      assert.equal(await statusOf(bindingId), 'done');
      const logged = (await server.store.changes.readAfter(head, 100)).filter((c) => c.calendarId === calendarId).map((c) => c.data.kind).sort();
      assert.deepEqual(logged, ['event.created', 'event.deleted', 'event.updated']);
      const events = await eventsOn(calendarId);
      assert.ok(events.includes('soon@ex/0/confirmed/Standup review (moved)'));
      assert.ok(events.includes('added@ex/0/confirmed/New'));
      assert.ok(!events.some((e) => e.startsWith('far@ex')), 'the removed event left the calendar');
      assert.equal((await sync.runDue()), 0);
      server.clock.advance(REFRESH);
      const before = await server.store.changes.head();
      await sync.runDue();
      assert.equal(await server.store.changes.head(), before, 'an unchanged source logs nothing');
    });

    test('a source that cannot be read: err, with the reason kept; tried again each refresh', async () => {
      const id = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: BROKEN_MAILBOX, user_id: 'bob' })).data!.exchange_binding_id!;
      await step();
      assert.equal(await statusOf(id), 'err');
      assert.match((await server.store.exchange.getBinding(id))!.error, /cannot read .*missing\.ics: ENOENT/);
      writeFileSync(join(dir, 'missing.ics'), 'this is not iCalendar');
      server.clock.advance(REFRESH);
      await sync.runDue();
      assert.equal(await statusOf(id), 'err');
      assert.match((await server.store.exchange.getBinding(id))!.error, /not iCalendar larkcal can read \(unparsable\)/);
      writeFileSync(join(dir, 'missing.ics'), ics([]));
      server.clock.advance(REFRESH);
      await sync.runDue();
      assert.equal(await statusOf(id), 'cal_done', 'the first good read starts the sync over');
      await b.delete(id);
    });

    test('delete unbinds: the calendar leaves Alice\'s list (is_deleted true in incremental sync) and free/busy', async () => {
      const token = (await calendars()).sync_token!;
      assert.deepEqual(await b.delete(bindingId), { code: 0, msg: 'success', data: {} });
      const changed = (await calendars(token)).calendar_list!.map((c) => [c.calendar_id, c.is_deleted]);
      assert.deepEqual(changed, [[calendarId, true]]);
      assert.equal(await exchangeCalendar(), undefined);
      assert.deepEqual(await freebusy(), []);
      server.clock.advance(REFRESH);
      assert.equal(await sync.runDue(), 0, 'nothing left to sync');
    });
  });
}
