/**
 * `larkcal export` and `larkcal import` (issue #11 §4), run as a user runs them,
 * on a database a running server serves; what they wrote is read back through
 * the SDK. A calendar with a series (a moved and a cancelled occurrence), all-day
 * events and several zones goes out and into an empty calendar, and the two show
 * the same instances; a second import updates; a broken VEVENT is skipped and
 * reported; a file that is not iCalendar imports nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, sharedCalendar, timed } from '../api/events-queries-support.js';
import { larkcal, larkcalOnTerminal } from './larkcal-process.js';

/** Every occurrence of the weekly series (six Mondays) and the one-offs; instance_view takes under 40 days. */
const WINDOW = { from: MONDAY - DAY, to: MONDAY + 36 * DAY };

for (const dialect of DIALECTS) {
  describe(`larkcal import / export (${dialect})`, () => {
    let server: TestServer;
    let dir: string;
    let source: string;
    let exported: string;
    before(async () => {
      server = await startServer({ dialect });
      dir = mkdtempSync(join(tmpdir(), 'larkcal-ics-'));
      source = await sharedCalendar(server, undefined, 'Source');
      await fill(server, source);
      const run = await larkcal(['export', '--calendar', source, '--db', server.database.text]);
      assert.equal(run.code, 0, run.stderr);
      exported = join(dir, 'source.ics');
      writeFileSync(exported, run.stdout);
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    });

    test('export writes one VCALENDAR: the series with RRULE, EXDATE and RECURRENCE-ID, VALUE=DATE all-day events, a VTIMEZONE per zone', async () => {
      const text = (await larkcal(['export', '--calendar', source, '--db', server.database.text])).stdout;
      assert.match(text, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:-\/\/larkcal\/\/larkcal\/\/EN\r\n/);
      assert.match(text, /END:VCALENDAR\r\n$/);
      assert.equal(text.match(/BEGIN:VEVENT/g)?.length, 5, 'weekly master + its moved occurrence + three one-offs');
      assert.match(text, /RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6/);
      assert.match(text, /EXDATE;TZID=Asia\/Shanghai:20250324T090000/);
      assert.match(text, /RECURRENCE-ID;TZID=Asia\/Shanghai:20250317T090000/);
      assert.match(text, /DTSTART;VALUE=DATE:20250312\r\nDTEND;VALUE=DATE:20250315/);
      assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:America\/New_York/);
      assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Asia\/Shanghai/);
      assert.match(text, /X-WR-CALNAME:Source/);
    });

    test('export then import into an empty calendar gives the same events and instances', async () => {
      const target = await sharedCalendar(server, undefined, 'Target');
      const run = await larkcal(['import', exported, '--calendar', target, '--db', server.database.text]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^imported ${escape(exported)} into ${escape(target)}: 4 created, 1 updated, 1 cancelled, 0 skipped \\(5 VEVENTs in [0-9.]+ s\\)\\n$`));
      assert.deepEqual(await instances(server, target), await instances(server, source));
      assert.deepEqual(await masters(server, target), await masters(server, source));
    });

    test('importing the same file again updates the events rather than duplicating them', async () => {
      const target = await sharedCalendar(server, undefined, 'Twice');
      assert.equal((await larkcal(['import', exported, '--calendar', target, '--db', server.database.text])).code, 0);
      const before = await instances(server, target);
      const again = await larkcal(['import', exported, '--calendar', target, '--db', server.database.text]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /: 0 created, 5 updated, 0 cancelled, 0 skipped /);
      assert.deepEqual(await instances(server, target), before);
      assert.equal((await masters(server, target)).length, 4);
    });

    test('a broken VEVENT among good ones is skipped and reported, with its line; the good ones go in', async () => {
      const target = await sharedCalendar(server, undefined, 'Mixed');
      const file = join(dir, 'mixed.ics');
      writeFileSync(file, [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
        'BEGIN:VEVENT', 'UID:good-1', 'DTSTART:20250310T010000Z', 'DTEND:20250310T020000Z', 'SUMMARY:Good one', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:no-start', 'SUMMARY:Broken', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:bad-rule', 'DTSTART:20250311T010000Z', 'DTEND:20250311T020000Z', 'RRULE:FREQ=WEEKLY;BYMONTHDAY=1', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:good-2', 'DTSTART;VALUE=DATE:20250312', 'DTEND;VALUE=DATE:20250313', 'SUMMARY:Good all-day', 'END:VEVENT',
        'END:VCALENDAR', '',
      ].join('\r\n'));
      const run = await larkcal(['import', file, '--calendar', target, '--db', server.database.text]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /: 2 created, 0 updated, 0 cancelled, 2 skipped /);
      assert.match(run.stderr, /skipped line 10 \(UID no-start\): no_dtstart: the VEVENT no-start has no DTSTART/);
      assert.match(run.stderr, /skipped line 14 \(UID bad-rule\): invalid_rrule: the RRULE of bad-rule is refused/);
      assert.deepEqual((await masters(server, target)).map((m) => m.summary).sort(), ['Good all-day', 'Good one']);
    });

    test('a file that is not iCalendar, or is cut short, fails with a message and imports nothing', async () => {
      const target = await sharedCalendar(server, undefined, 'Untouched');
      const notIcs = join(dir, 'not.ics');
      writeFileSync(notIcs, 'hello, this is not a calendar\n');
      const cut = join(dir, 'cut.ics');
      writeFileSync(cut, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250310T010000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\n');
      for (const [file, message] of [[notIcs, /not iCalendar \(expected BEGIN:VCALENDAR\); nothing was imported/], [cut, /the file ends inside VEVENT \(line 8\): it is cut short; nothing was imported/]] as const) {
        const run = await larkcal(['import', file, '--calendar', target, '--db', server.database.text]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, message);
      }
      assert.deepEqual(await masters(server, target), []);
    });

    test('an unknown calendar is refused by name', async () => {
      for (const args of [['import', exported], ['export']]) {
        const run = await larkcal([...args, '--calendar', 'feishu.cn_nope@group.calendar.feishu.cn', '--db', server.database.text]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, /--calendar: no calendar feishu\.cn_nope@group\.calendar\.feishu\.cn in this database/);
      }
    });

    if (dialect === 'sqlite') {
      test('on a terminal, a progress bar is drawn in place and ends at 100%; piped, only the summary', async () => {
        const target = await sharedCalendar(server, undefined, 'Progress');
        const shown = await larkcalOnTerminal(['import', exported, '--calendar', target, '--db', server.database.text]);
        assert.equal(shown.code, 0, shown.output);
        assert.match(shown.output, /\r\[█{24}\] 100% {2}5 events {2}[0-9,]+\/s\r?\n/);
        const piped = await larkcal(['import', exported, '--calendar', await sharedCalendar(server), '--db', server.database.text]);
        assert.doesNotMatch(piped.stderr + piped.stdout, /█/);
      });
    }
  });
}

/** A weekly series (one occurrence moved, one cancelled), a multi-day all-day event, events in UTC and New York. */
async function fill(server: TestServer, calendarId: string): Promise<void> {
  const events = server.client().calendar.v4.calendarEvent;
  const weekly = await createEvent(server, calendarId, {
    summary: 'Weekly sync', description: 'Agenda first', ...timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR), recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6',
    visibility: 'private', free_busy_status: 'busy', reminders: [{ minutes: 15 }], location: { name: 'Room 3' },
  });
  const series = weekly.slice(0, -2);
  const moved = await events.patch({ path: { calendar_id: calendarId, event_id: `${series}_${MONDAY + 7 * DAY + 9 * HOUR}` }, data: { summary: 'Weekly sync (moved)', ...timed(MONDAY + 8 * DAY + 14 * HOUR, MONDAY + 8 * DAY + 15 * HOUR) } });
  assert.equal(moved.code, 0);
  const cancelled = await events.delete({ path: { calendar_id: calendarId, event_id: `${series}_${MONDAY + 14 * DAY + 9 * HOUR}` } });
  assert.equal(cancelled.code, 0);
  await createEvent(server, calendarId, { summary: 'Offsite', start_time: { date: '2025-03-12' }, end_time: { date: '2025-03-14' }, free_busy_status: 'free' });
  await createEvent(server, calendarId, { summary: 'UTC call', ...timed(MONDAY + 2 * DAY + 3 * HOUR, MONDAY + 2 * DAY + 4 * HOUR, 'UTC') });
  await createEvent(server, calendarId, { summary: 'New York lunch', ...timed(MONDAY + 3 * DAY + 16 * HOUR, MONDAY + 3 * DAY + 17 * HOUR, 'America/New_York') });
}

/** The calendar's instances in the window, without ids (the target's are its own). */
async function instances(server: TestServer, calendarId: string) {
  const res = await server.client().calendar.v4.calendarEvent.instanceView({ path: { calendar_id: calendarId }, params: { start_time: String(WINDOW.from), end_time: String(WINDOW.to) } });
  assert.equal(res.code, 0, res.msg);
  return (res.data?.items ?? []).map((i) => ({ summary: i.summary, start: i.start_time, end: i.end_time, status: i.status, isException: i.is_exception }));
}

/** What each event says of itself, through GET …/events/:id, by summary (one page holds them all). */
async function masters(server: TestServer, calendarId: string) {
  const events = server.client().calendar.v4.calendarEvent;
  const page = await events.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } });
  assert.equal(page.code, 0, page.msg);
  assert.equal(page.data?.has_more, false);
  const out = [];
  for (const e of page.data?.items ?? []) {
    if (e.status === 'cancelled' || e.recurring_event_id) continue;
    const got = (await events.get({ path: { calendar_id: calendarId, event_id: e.event_id! } })).data!.event!;
    out.push({
      summary: got.summary, description: got.description, start: got.start_time, end: got.end_time, recurrence: got.recurrence,
      visibility: got.visibility, freeBusy: got.free_busy_status, reminders: got.reminders, location: got.location, color: got.color,
    });
  }
  return out.sort((a, b) => String(a.summary).localeCompare(String(b.summary)));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
