/**
 * CALDAV:limit-recurrence-set (RFC 4791 §9.6.6) in calendar-query and
 * calendar-multiget, sent by tsdav: the master whole (RRULE, EXDATE) and only
 * the overrides whose current or original times overlap the range.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DAVCalendar } from 'tsdav';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { caldavAccount, dav, davClient, ics, type Account } from './caldav-support.js';

type Client = Awaited<ReturnType<typeof davClient>>;

const START = '20260315T000000Z';
const END = '20260324T000000Z';
const override = (rid: string, start: string, end: string) => [
  'BEGIN:VEVENT', 'UID:weekly-lrs', 'DTSTAMP:20260301T000000Z', `RECURRENCE-ID:${rid}`, `DTSTART:${start}`, `DTEND:${end}`, `SUMMARY:Moved from ${rid}`, 'END:VEVENT',
];
/**
 * Mondays 09:00Z from 2 March, 6 times, the first cancelled. Against the range
 * [15 March, 24 March): 9 March moved to end where the range starts (out),
 * 16 March moved a day on (in, both times), 23 March moved to April (in by its
 * original time), 30 March moved to 20 March (in by its current time), 6 April
 * moved a day on (out, both times).
 */
const SERIES = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tests//EN',
  'BEGIN:VEVENT', 'UID:weekly-lrs', 'DTSTAMP:20260301T000000Z', 'DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=6',
  'EXDATE:20260302T090000Z', 'SUMMARY:Weekly', 'END:VEVENT',
  ...override('20260309T090000Z', '20260314T230000Z', '20260315T000000Z'),
  ...override('20260316T090000Z', '20260317T100000Z', '20260317T110000Z'),
  ...override('20260323T090000Z', '20260402T090000Z', '20260402T100000Z'),
  ...override('20260330T090000Z', '20260320T090000Z', '20260320T100000Z'),
  ...override('20260406T090000Z', '20260407T090000Z', '20260407T100000Z'),
  'END:VCALENDAR', '',
].join('\r\n');

const LIMITED = { 'd:getetag': {}, 'c:calendar-data': { 'c:limit-recurrence-set': { _attributes: { start: START, end: END } } } };
const recurrenceIds = (data: string) => [...data.matchAll(/\r\nRECURRENCE-ID[^:]*:(\d{8}T\d{6}Z)\r\n/g)].map((m) => m[1]);
const dataOf = (props: Record<string, unknown> | undefined) => {
  const data = props?.calendarData as string | { _cdata: string } | undefined;
  return typeof data === 'object' ? data._cdata : String(data);
};

for (const dialect of DIALECTS) {
  describe(`caldav: limit-recurrence-set (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let client: Client;
    let calendar: DAVCalendar;
    let path = '';
    before(async () => {
      server = await startServer({ dialect });
      alice = await caldavAccount(server, 'alice');
      const calendarId = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!.calendar_id!;
      path = `/dav/calendars/alice/${calendarId}/`;
      client = await davClient(server, alice);
      calendar = (await client.fetchCalendars()).find((c) => c.url.endsWith(`/${calendarId}/`))!;
      assert.equal((await client.createCalendarObject({ calendar, filename: 'weekly-lrs.ics', iCalString: SERIES })).status, 201);
      assert.equal((await client.createCalendarObject({ calendar, filename: 'once-lrs.ics', iCalString: ics('once-lrs', ['DTSTART:20260318T090000Z', 'DTEND:20260318T100000Z', 'SUMMARY:Once']) })).status, 201);
    });
    after(() => server.close());

    test('without it the object holds all five overrides', async () => {
      const whole = await dav(server, alice, 'GET', `${path}weekly-lrs.ics`);
      assert.deepEqual(recurrenceIds(whole.text), ['20260309T090000Z', '20260316T090000Z', '20260323T090000Z', '20260330T090000Z', '20260406T090000Z']);
    });

    test('calendar-query: the master with RRULE and EXDATE, and the overrides that impact the range, by current or original time', async () => {
      const res = await client.calendarQuery({
        url: calendar.url, props: LIMITED, depth: '1',
        filters: { 'comp-filter': { _attributes: { name: 'VCALENDAR' }, 'comp-filter': { _attributes: { name: 'VEVENT' }, 'time-range': { _attributes: { start: START, end: END } } } } },
      });
      assert.deepEqual(res.map((r) => r.href).sort(), [`${path}once-lrs.ics`, `${path}weekly-lrs.ics`]);
      const weekly = dataOf(res.find((r) => r.href!.endsWith('weekly-lrs.ics'))!.props);
      assert.deepEqual(recurrenceIds(weekly), ['20260316T090000Z', '20260323T090000Z', '20260330T090000Z']);
      assert.equal(weekly.match(/BEGIN:VEVENT/g)?.length, 4);
      assert.match(weekly, /\r\nDTSTART[^:]*:20260302T090000Z\r\n/);
      assert.match(weekly, /\r\nRRULE:FREQ=WEEKLY;COUNT=6\r\n/);
      assert.match(weekly, /\r\nEXDATE[^:]*:20260302T090000Z\r\n/);
      // The ETag stays the whole resource's (RFC 4791 §9.6: calendar-data asks for part of it).
      const whole = await dav(server, alice, 'GET', `${path}weekly-lrs.ics`);
      assert.equal(res.find((r) => r.href!.endsWith('weekly-lrs.ics'))!.props?.getetag, whole.headers.get('etag'));
      const once = await dav(server, alice, 'GET', `${path}once-lrs.ics`);
      assert.equal(dataOf(res.find((r) => r.href!.endsWith('once-lrs.ics'))!.props), once.text.trimEnd(), 'a one-off event is answered whole (tsdav trims the text)');
    });

    test('calendar-multiget limits each object the same way', async () => {
      const res = await client.calendarMultiGet({ url: calendar.url, props: LIMITED, objectUrls: [`${path}weekly-lrs.ics`, `${path}once-lrs.ics`], depth: '1' });
      assert.deepEqual(res.map((r) => r.href), [`${path}weekly-lrs.ics`, `${path}once-lrs.ics`]);
      assert.deepEqual(recurrenceIds(dataOf(res[0]!.props)), ['20260316T090000Z', '20260323T090000Z', '20260330T090000Z']);
      assert.deepEqual(recurrenceIds(dataOf(res[1]!.props)), []);
    });

    test('a range that no override impacts leaves the master alone; expand and limit-recurrence-set together are 400', async () => {
      const body = (data: string) => `<c:calendar-multiget xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:"><d:prop><c:calendar-data>${data}</c:calendar-data></d:prop><d:href>${path}weekly-lrs.ics</d:href></c:calendar-multiget>`;
      const early = await dav(server, alice, 'REPORT', path, body('<c:limit-recurrence-set start="20260301T000000Z" end="20260303T000000Z"/>'), { depth: '1' });
      assert.equal(early.status, 207);
      const data = /<c:calendar-data>([^<]*)<\/c:calendar-data>/.exec(early.text)![1]!.replace(/&#13;/g, '\r');
      assert.deepEqual([recurrenceIds(data), data.match(/BEGIN:VEVENT/g)?.length], [[], 1]);
      const both = await dav(server, alice, 'REPORT', path, body(`<c:expand start="${START}" end="${END}"/><c:limit-recurrence-set start="${START}" end="${END}"/>`), { depth: '1' });
      assert.equal(both.status, 400);
      assert.equal(both.text, '<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:ic="http://apple.com/ns/ical/" xmlns:x4="http://larkcal.dev/ns/"><x4:message>calendar-data takes expand or limit-recurrence-set, not both</x4:message></d:error>');
    });
  });
}
