/**
 * instances and instance_view agree with the expansion, over the SDK (property,
 * fast-check, few runs): for a random series in a DST zone with random
 * occurrences moved or cancelled, every slot in the window shows exactly once,
 * as the plain occurrence or as its exception, and both endpoints list the same items.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { occurrencesBetween } from '../../src/core/events/recurrence/expand.js';
import { parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

for (const dialect of DIALECTS) describe(`instances and instance_view against the expansion (property, ${dialect})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ dialect });
  });
  after(() => server.close());

  test('each slot once: plain, moved or cancelled; both endpoints agree', async () => {
    const caseArb = fc.record({
      zone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Shanghai'),
      // Around the March and October/April DST changes of 2025.
      startTs: fc.constantFrom(MONDAY + 14 * DAY, MONDAY + 200 * DAY, MONDAY + 20 * DAY).chain((base) => fc.integer({ min: 0, max: 47 }).map((h) => base + h * 1800)),
      rule: fc.constantFrom('FREQ=DAILY', 'FREQ=DAILY;INTERVAL=2;COUNT=12', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU'),
      edits: fc.array(fc.record({ pick: fc.nat(), cancel: fc.boolean(), shiftMinutes: fc.integer({ min: -600, max: 600 }) }), { maxLength: 3 }),
      windowStartDays: fc.integer({ min: -2, max: 20 }),
    });
    await fc.assert(fc.asyncProperty(caseArb, async ({ zone, startTs, rule, edits, windowStartDays }) => {
      const calendarId = await sharedCalendar(server);
      const master = await createEvent(server, calendarId, { summary: 'Series', ...timed(startTs, startTs + 3600, zone), recurrence: rule });
      const uid = master.slice(0, -2);
      const from = startTs + windowStartDays * DAY;
      const to = from + 30 * DAY;
      const series = { start: { kind: 'timed' as const, ts: startTs, tz: zone }, end: { kind: 'timed' as const, ts: startTs + 3600, tz: zone }, rule: parseRecurrence(rule) };
      const slots = occurrencesBetween(series, from, to);
      const edited = new Map<number, { cancel: boolean; start: number }>();
      for (const edit of edits) {
        if (slots.length === 0) break;
        const slot = slots[edit.pick % slots.length]!;
        if (edited.has(slot.originalTime)) continue;
        const id = `${uid}_${slot.originalTime}`;
        if (edit.cancel) {
          await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: id } });
          edited.set(slot.originalTime, { cancel: true, start: slot.startTs });
        } else {
          const start = slot.startTs + edit.shiftMinutes * 60;
          await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: id }, data: { summary: 'Moved', ...timed(start, start + 3600, zone) } });
          edited.set(slot.originalTime, { cancel: false, start });
        }
      }
      const expected = new Map<string, string>();
      for (const slot of slots) if (!edited.has(slot.originalTime)) expected.set(`${uid}_${slot.originalTime}`, `${slot.startTs}|confirmed|false`);
      for (const [originalTime, edit] of edited) {
        if (edit.start < to && edit.start + 3600 > from) expected.set(`${uid}_${originalTime}`, `${edit.start}|${edit.cancel ? 'cancelled' : 'confirmed'}|true`);
      }
      const params = { start_time: String(from), end_time: String(to) };
      const instances = await server.client().calendar.v4.calendarEvent.instances({ path: { calendar_id: calendarId, event_id: master }, params: { ...params, page_size: 500 } });
      const got = instances.data!.items!.map((i) => [i.event_id, `${i.start_time!.timestamp}|${i.status}|${i.is_exception}`] as const);
      assert.deepEqual(new Map(got), expected);
      assert.equal(got.length, expected.size);
      const view = await server.client().calendar.v4.calendarEvent.instanceView({ path: { calendar_id: calendarId }, params });
      assert.deepEqual(view.data!.items!.map((i) => i.event_id), got.map(([id]) => id));
    }), { numRuns: 15 });
  });
});
