/** Calendar objects through tsdav (issue #10 §2–§4): create, read, update with ETags, delete, refusals in DAV's dialect. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DAVCalendar } from 'tsdav';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { caldavAccount, dav, davClient, ics, type Account } from './caldav-support.js';

type Client = Awaited<ReturnType<typeof davClient>>;

for (const dialect of DIALECTS) {
  describe(`caldav: calendar objects (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let bob: Account;
    let client: Client;
    let calendar: DAVCalendar;
    let calendarId: string;
    before(async () => {
      server = await startServer({ dialect });
      [alice, bob] = [await caldavAccount(server, 'alice'), await caldavAccount(server, 'bob')];
      calendarId = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!.calendar_id!;
      client = await davClient(server, alice);
      calendar = (await client.fetchCalendars()).find((c) => c.url.endsWith(`/${calendarId}/`))!;
    });
    after(() => server.close());

    const path = (uid: string) => `/dav/calendars/alice/${calendarId}/${uid}.ics`;
    const restEvents = async () => (await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } }, await server.asUser('alice'))).data!.items ?? [];

    test('a PUT creates the event REST sees, with the client UID; GET answers it with a strong ETag', async () => {
      const created = await client.createCalendarObject({
        calendar, filename: 'standup-1@example.com.ics',
        iCalString: ics('standup-1@example.com', ['DTSTART;TZID=Europe/Berlin:20260316T090000', 'DTEND;TZID=Europe/Berlin:20260316T093000', 'SUMMARY:Standup', 'LOCATION:Room 1', 'TRANSP:OPAQUE']),
      });
      assert.equal(created.status, 201);
      const rest = (await restEvents()).find((e) => e.summary === 'Standup');
      assert.ok(rest, 'REST lists the event');
      assert.deepEqual({ start: rest.start_time, end: rest.end_time, location: rest.location?.name }, {
        start: { timestamp: '1773648000', timezone: 'Europe/Berlin' }, end: { timestamp: '1773649800', timezone: 'Europe/Berlin' }, location: 'Room 1',
      });
      const got = await dav(server, alice, 'GET', path('standup-1@example.com'));
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'text/calendar; charset=utf-8; component=VEVENT');
      assert.match(got.headers.get('etag')!, /^"[A-Za-z0-9_-]{32}"$/);
      assert.match(got.text, /\r\nUID:standup-1@example\.com\r\n/);
      assert.match(got.text, /\r\nDTSTART;TZID=Europe\/Berlin:20260316T090000\r\n/);
      assert.match(got.text, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin\r\n/);
      assert.equal((await dav(server, alice, 'GET', path('standup-1@example.com'))).headers.get('etag'), got.headers.get('etag'), 'the ETag is stable');
    });

    test('update with the current ETag; a stale ETag and If-None-Match: * on an existing object get 412 and change nothing', async () => {
      const [object] = await client.fetchCalendarObjects({ calendar, objectUrls: [`${server.url}${path('standup-1@example.com')}`] });
      assert.ok(object?.etag);
      const updated = await client.updateCalendarObject({ calendarObject: { ...object, data: ics('standup-1@example.com', ['DTSTART;TZID=Europe/Berlin:20260316T100000', 'DTEND;TZID=Europe/Berlin:20260316T103000', 'SUMMARY:Standup moved']) } });
      assert.equal(updated.status, 204);
      const stale = await client.updateCalendarObject({ calendarObject: { ...object, data: ics('standup-1@example.com', ['DTSTART:20260316T110000Z', 'SUMMARY:Lost update']) } });
      assert.equal(stale.status, 412);
      const again = await client.createCalendarObject({ calendar, filename: 'standup-1@example.com.ics', iCalString: ics('standup-1@example.com', ['DTSTART:20260316T110000Z', 'SUMMARY:Lost create']) });
      assert.equal(again.status, 412);
      const summaries = (await restEvents()).map((e) => e.summary);
      assert.ok(summaries.includes('Standup moved'));
      assert.ok(!summaries.includes('Lost update') && !summaries.includes('Lost create'));
      const after = await dav(server, alice, 'GET', path('standup-1@example.com'));
      assert.notEqual(after.headers.get('etag'), object.etag, 'a new content, a new ETag');
    });

    test('bad iCalendar is refused with the RFC 4791 precondition and changes nothing', async () => {
      const before = (await restEvents()).length;
      const cases: Array<[string, string, string, number, string]> = [
        ['bad-1', 'text/calendar', 'this is not iCalendar', 400, 'valid-calendar-data'],
        ['bad-2', 'text/calendar', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n', 403, 'supported-calendar-component'],
        ['bad-3', 'text/calendar', ics('bad-3', ['SUMMARY:No start']), 403, 'valid-calendar-object-resource'],
        ['bad-4', 'text/calendar', ics('bad-4', ['DTSTART:20260316T090000Z', 'RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30']), 403, 'valid-calendar-data'],
        ['bad-5', 'application/json', ics('bad-5', ['DTSTART:20260316T090000Z']), 415, 'supported-calendar-data'],
      ];
      for (const [uid, type, body, status, condition] of cases) {
        const res = await dav(server, alice, 'PUT', path(uid), body, { 'content-type': type });
        assert.equal(res.status, status, `${uid}: ${res.text}`);
        assert.match(res.text, new RegExp(`<d:error xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"[^>]*><c:${condition}/>`), uid);
      }
      // A second name for a UID already in the calendar.
      const conflict = await dav(server, alice, 'PUT', path('other-name'), ics('standup-1@example.com', ['DTSTART:20260316T090000Z']), { 'content-type': 'text/calendar' });
      assert.equal(conflict.status, 409);
      assert.match(conflict.text, new RegExp(`<c:no-uid-conflict><d:href>${path('standup-1@example.com').replace(/\./g, '\\.')}</d:href></c:no-uid-conflict>`));
      assert.equal((await restEvents()).length, before);
    });

    test("a reader gets 403 need-privileges on writes; another user's calendar is 403, their home 404", async () => {
      const alicesClient = server.client().calendar.v4;
      const asAlice = await server.asUser('alice');
      await alicesClient.calendarAcl.create({ path: { calendar_id: calendarId }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'bob' } } }, asAlice);
      const asReader = await dav(server, bob, 'PUT', `/dav/calendars/bob/${calendarId}/r-1.ics`, ics('r-1', ['DTSTART:20260316T090000Z']), { 'content-type': 'text/calendar' });
      assert.equal(asReader.status, 403);
      assert.match(asReader.text, /<d:need-privileges\/>/);
      const read = await dav(server, bob, 'GET', `/dav/calendars/bob/${calendarId}/standup-1@example.com.ics`);
      assert.equal(read.status, 200, 'a reader reads');
      const carol = await caldavAccount(server, 'carol');
      const stranger = await dav(server, carol, 'GET', `/dav/calendars/carol/${calendarId}/standup-1@example.com.ics`);
      assert.equal(stranger.status, 403);
      assert.equal((await dav(server, carol, 'GET', path('standup-1@example.com'))).status, 404);
      // Another tenant's user learns nothing either.
      const zed = await caldavAccount(server, 'zed', 'globex');
      assert.equal((await dav(server, zed, 'GET', `/dav/calendars/zed/${calendarId}/standup-1@example.com.ics`)).status, 403);
    });

    test('a floating DTSTART is read in the user\'s zone (Asia/Shanghai for alice)', async () => {
      assert.equal((await dav(server, alice, 'PUT', path('floating-1'), ics('floating-1', ['DTSTART:20260316T090000', 'DTEND:20260316T100000', 'SUMMARY:Floating']), { 'content-type': 'text/calendar' })).status, 201);
      const rest = (await restEvents()).find((e) => e.summary === 'Floating');
      assert.deepEqual(rest?.start_time, { timestamp: String(Date.UTC(2026, 2, 16, 1) / 1000), timezone: 'Asia/Shanghai' });
    });

    test('DELETE with a stale ETag is 412; with none it deletes, and REST no longer lists the event', async () => {
      const stale = await client.deleteCalendarObject({ calendarObject: { url: `${server.url}${path('standup-1@example.com')}`, etag: '"stale"' } });
      assert.equal(stale.status, 412);
      const deleted = await client.deleteCalendarObject({ calendarObject: { url: `${server.url}${path('standup-1@example.com')}` } });
      assert.equal(deleted.status, 204);
      assert.equal((await dav(server, alice, 'GET', path('standup-1@example.com'))).status, 404);
      assert.ok(!(await restEvents()).some((e) => e.summary === 'Standup moved' && e.status !== 'cancelled'));
    });

    test('a new object keeps the name the client gave it (vdirsyncer style): GET, PROPFIND, multiget, sync answer it; a second name for its UID is no-uid-conflict', async () => {
      const base = `/dav/calendars/alice/${calendarId}/`;
      const named = `${base}5f1c0e2a-random.ics`;
      const body = (summary: string) => ics('named-1@example.com', ['DTSTART:20260317T090000Z', 'DTEND:20260317T100000Z', `SUMMARY:${summary}`]);
      const sync = await dav(server, alice, 'REPORT', base, '<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>');
      const token = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(sync.text)![1]!;
      assert.equal((await dav(server, alice, 'PUT', named, body('Named'), { 'content-type': 'text/calendar', 'if-none-match': '*' })).status, 201);
      const got = await dav(server, alice, 'GET', named);
      assert.equal(got.status, 200);
      assert.match(got.text, /\r\nUID:named-1@example\.com\r\n/);
      assert.equal((await dav(server, alice, 'GET', path('named-1@example.com'))).status, 404, 'the UID name is not a second name');
      const listed = await dav(server, alice, 'PROPFIND', base, '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>', { depth: '1' });
      assert.ok(listed.text.includes(`<d:href>${named}</d:href>`), listed.text);
      assert.ok(!listed.text.includes('named-1@example.com.ics'));
      const multiget = await dav(server, alice, 'REPORT', base, `<c:calendar-multiget xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:"><d:prop><d:getetag/><c:calendar-data/></d:prop><d:href>${named}</d:href></c:calendar-multiget>`, { depth: '1' });
      assert.match(multiget.text, new RegExp(`<d:response><d:href>${named.replace(/\./g, '\\.')}</d:href><d:propstat><d:prop><d:getetag>${got.headers.get('etag')!.replace(/"/g, '&quot;')}</d:getetag><c:calendar-data>[^<]*SUMMARY:Named`));
      const conflict = await dav(server, alice, 'PUT', path('named-1@example.com'), body('Second name'), { 'content-type': 'text/calendar' });
      assert.equal(conflict.status, 409);
      assert.ok(conflict.text.includes(`<c:no-uid-conflict><d:href>${named}</d:href></c:no-uid-conflict>`), conflict.text);
      assert.equal((await dav(server, alice, 'PUT', named, body('Named, moved'), { 'content-type': 'text/calendar', 'if-match': got.headers.get('etag')! })).status, 204);
      assert.ok((await restEvents()).some((e) => e.summary === 'Named, moved'));
      const changed = await dav(server, alice, 'REPORT', base, `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`);
      assert.ok(changed.text.includes(`<d:href>${named}</d:href><d:propstat>`), changed.text);
      const later = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(changed.text)![1]!;
      assert.equal((await dav(server, alice, 'DELETE', named)).status, 204);
      const gone = await dav(server, alice, 'REPORT', base, `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${later}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`);
      assert.ok(gone.text.includes(`<d:response><d:href>${named}</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`), gone.text);
      assert.equal((await dav(server, alice, 'GET', named)).status, 404);
      // A deleted series' UID may be used again (test/caldav/uid-reuse.test.ts).
      const reused = await dav(server, alice, 'PUT', path('named-1@example.com'), body('Back'), { 'content-type': 'text/calendar' });
      assert.equal(reused.status, 201, reused.text);
    });
  });
}
