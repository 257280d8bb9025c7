/**
 * A third-party (Exchange) calendar over CalDAV (issue #10 §2: one collection
 * per calendar in the user's list, third-party included): its events read by
 * GET, calendar-query, multiget and sync-collection through tsdav; read-only,
 * with writes refused as DAV:need-privileges; REST's answers unchanged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DAVCalendar } from 'tsdav';
import { FixtureMailboxReader } from '../../src/adapters/exchange/fixture-reader.js';
import { ExchangeSync } from '../../src/core/exchange/sync.js';
import { ics as mailboxIcs, type IcsEvent } from '../api/exchange-ics.js';
import { ADMIN_ACCOUNT, ALICE_MAILBOX, bindings, exchangeFixture } from '../api/exchange-support.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { caldavAccount, dav, davClient, ics, type Account } from './caldav-support.js';

type Client = Awaited<ReturnType<typeof davClient>>;

const NOW = Date.UTC(2026, 2, 16) / 1000; // Monday 2026-03-16 00:00Z
const HOUR = 3600;
const DAY = 86400;
const LOG = { info() {}, warn() {} };

const REVIEW: IcsEvent = { uid: 'review@ex', summary: 'Review', start: NOW + 2 * DAY + 9 * HOUR, end: NOW + 2 * DAY + 10 * HOUR };
/** Weekly on Tuesdays 09:00Z, 3 times; the second moved an hour later. */
const WEEKLY: IcsEvent = { uid: 'weekly@ex', summary: 'Weekly', start: NOW + DAY + 9 * HOUR, end: NOW + DAY + 10 * HOUR, rrule: 'FREQ=WEEKLY;COUNT=3' };
const MOVED: IcsEvent = { uid: 'weekly@ex', summary: 'Weekly (moved)', start: NOW + 8 * DAY + 10 * HOUR, end: NOW + 8 * DAY + 11 * HOUR, recurrenceId: NOW + 8 * DAY + 9 * HOUR };
const LATER: IcsEvent = { uid: 'later@ex', summary: 'Later', start: NOW + 4 * DAY + 9 * HOUR, end: NOW + 4 * DAY + 10 * HOUR };

const PRIVILEGES = '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-privilege-set/></d:prop></d:propfind>';

for (const dialect of DIALECTS) {
  describe(`caldav: a third-party (Exchange) calendar (${dialect})`, () => {
    let server: TestServer;
    let dir: string;
    let sync: ExchangeSync;
    let alice: Account;
    let client: Client;
    let calendar: DAVCalendar;
    let calendarId = '';
    const mailbox = () => join(dir, 'alice.ics');
    const path = () => `/dav/calendars/alice/${calendarId}/`;
    const href = (uid: string) => `${path()}${uid}.ics`;
    /** Runs the binding's steps (doing → cal_done → timespan_done → done) or one refresh. */
    const runSync = async () => {
      for (let i = 0; i < 5; i++) {
        server.clock.advance(15 * 60_000);
        await sync.runDue();
      }
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'larkcal-caldav-exchange-'));
      writeFileSync(mailbox(), mailboxIcs([REVIEW, WEEKLY, MOVED], 'Alice (Exchange)'));
      server = await startServer({ dialect, fixture: exchangeFixture({ [ALICE_MAILBOX]: { ics: mailbox() } }) });
      server.clock.freeze(NOW * 1000);
      sync = new ExchangeSync(server.store, server.clock, new FixtureMailboxReader(), LOG);
      const made = await bindings(server).create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' });
      assert.equal(made.code, 0);
      await runSync();
      const listed = (await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, await server.asUser('alice'))).data!.calendar_list!;
      calendarId = listed.find((c) => c.type === 'exchange')!.calendar_id!;
      alice = await caldavAccount(server, 'alice');
      client = await davClient(server, alice);
      calendar = (await client.fetchCalendars()).find((c) => c.url.endsWith(`/${calendarId}/`))!;
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the collection is listed, read-only: current-user-privilege-set holds read privileges only', async () => {
      assert.equal(calendar.displayName, 'Alice (Exchange)');
      const res = await dav(server, alice, 'PROPFIND', path(), PRIVILEGES, { depth: '0' });
      assert.equal(res.status, 207);
      const set = /<d:current-user-privilege-set>(.*)<\/d:current-user-privilege-set>/.exec(res.text)?.[1];
      assert.equal(set, '<d:privilege><d:read/></d:privilege><d:privilege><d:read-current-user-privilege-set/></d:privilege><d:privilege><c:read-free-busy/></d:privilege>');
    });

    test('calendar-query (tsdav) answers every series, by time range too', async () => {
      const all = await client.fetchCalendarObjects({ calendar });
      assert.deepEqual(all.map((o) => new URL(o.url).pathname).sort(), [href('review@ex'), href('weekly@ex')]);
      const weekly = String(all.find((o) => o.url.endsWith('weekly@ex.ics'))!.data);
      assert.match(weekly, /\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n/);
      assert.match(weekly, /\r\nRECURRENCE-ID[^:]*:20260324T090000Z\r\n/);
      assert.match(weekly, /\r\nSUMMARY:Weekly \(moved\)\r\n/);
      const ranged = await client.fetchCalendarObjects({ calendar, timeRange: { start: '2026-03-18T00:00:00Z', end: '2026-03-19T00:00:00Z' } });
      assert.deepEqual(ranged.map((o) => new URL(o.url).pathname), [href('review@ex')]);
    });

    test('GET and calendar-multiget answer the objects with their ETags', async () => {
      const got = await dav(server, alice, 'GET', href('review@ex'));
      assert.equal(got.status, 200);
      assert.match(got.text, /\r\nSUMMARY:Review\r\n/);
      const multi = await client.calendarMultiGet({ url: calendar.url, props: { 'd:getetag': {}, 'c:calendar-data': {} }, objectUrls: [href('review@ex'), href('weekly@ex')], depth: '1' });
      assert.deepEqual(multi.map((r) => r.href), [href('review@ex'), href('weekly@ex')]);
      assert.equal(multi[0]!.props?.getetag, got.headers.get('etag'));
      assert.match(String(multi[1]!.props?.calendarData), /\r\nSUMMARY:Weekly\r\n/);
    });

    test('sync-collection: initial, then what the next Exchange refresh changed (added, removed as 404)', async () => {
      const initial = await dav(server, alice, 'REPORT', path(), '<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>');
      assert.equal(initial.status, 207);
      assert.deepEqual([...initial.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]).sort(), [href('review@ex'), href('weekly@ex')]);
      const token = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(initial.text)![1]!;

      writeFileSync(mailbox(), mailboxIcs([WEEKLY, MOVED, LATER], 'Alice (Exchange)'));
      await runSync();
      const changes = await client.syncCollection({ url: calendar.url, props: { 'd:getetag': {}, 'c:calendar-data': {} }, syncLevel: 1, syncToken: token });
      const byHref = Object.fromEntries(changes.filter((r) => r.href).map((r) => [r.href, r.status]));
      // tsdav gives a propstat response the multistatus' 207, a bare one its own status.
      assert.deepEqual(byHref, { [href('later@ex')]: 207, [href('review@ex')]: 404 });
      assert.match(String(changes.find((r) => r.href === href('later@ex'))!.props?.calendarData), /\r\nSUMMARY:Later\r\n/);
    });

    test('PUT and DELETE are 403 need-privileges and change nothing', async () => {
      const before = await dav(server, alice, 'GET', href('weekly@ex'));
      const created = await dav(server, alice, 'PUT', `${path()}mine-1.ics`, ics('mine-1', ['DTSTART:20260318T090000Z', 'DTEND:20260318T100000Z', 'SUMMARY:Mine']), { 'content-type': 'text/calendar' });
      const replaced = await dav(server, alice, 'PUT', href('weekly@ex'), ics('weekly@ex', ['DTSTART:20260317T090000Z', 'DTEND:20260317T100000Z', 'SUMMARY:Mine now']), { 'content-type': 'text/calendar', 'if-match': before.headers.get('etag')! });
      const deleted = await dav(server, alice, 'DELETE', href('weekly@ex'));
      for (const [name, res] of Object.entries({ created, replaced, deleted })) {
        assert.equal(res.status, 403, name);
        assert.match(res.text, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<d:error [^>]*><d:need-privileges\/>/, name);
      }
      const afterwards = await dav(server, alice, 'GET', href('weekly@ex'));
      assert.deepEqual([afterwards.status, afterwards.headers.get('etag'), afterwards.text], [200, before.headers.get('etag'), before.text]);
      assert.equal((await dav(server, alice, 'GET', `${path()}mine-1.ics`)).status, 404);
    });

    test('REST is as before: GET /events on the Exchange calendar is 191004 (events.md §3.4), one event reads', async () => {
      const asAlice = await server.asUser('alice');
      const ev = server.client().calendar.v4.calendarEvent;
      const refused = await sdkFailure(ev.list({ path: { calendar_id: calendarId } }, asAlice));
      assert.deepEqual([refused.status, refused.body.code], [403, 191004]);
      const master = (await server.store.events.findByUid((await server.store.calendars.get(calendarId))!.tenantKey, 'later@ex', calendarId))[0]!;
      const got = await ev.get({ path: { calendar_id: calendarId, event_id: master.eventId } }, asAlice);
      assert.deepEqual([got.code, got.data?.event?.summary], [0, 'Later']);
    });
  });
}
