/**
 * free/busy equals a direct computation from instance_view (property,
 * fast-check, few runs): for a random calendar of Carol's (Europe/Berlin, so
 * DST and all-day dates in a zone are in play) — her own events and series
 * with moved and cancelled occurrences, invitations from Bob answered at
 * random, events marked free — freebusy.list gives exactly the instances
 * instance_view shows her, less cancelled ones, by the busy rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type * as lark from '@larksuiteoapi/node-sdk';
import { localToUtc } from '../../src/core/events/recurrence/zones.js';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps, users } from './attendees-support.js';
import { createEvent, DAY, HOUR, MONDAY, timed } from './events-queries-support.js';

type As = ReturnType<typeof lark.withUserAccessToken>;
const ZONE = 'Europe/Berlin';

const eventArb = fc.record({
  organizer: fc.constantFrom('carol', 'bob'),
  day: fc.integer({ min: 0, max: 9 }),
  hour: fc.integer({ min: 0, max: 46 }).map((h) => h / 2),
  hours: fc.constantFrom(0.5, 1, 3, 26),
  allDay: fc.boolean(),
  rule: fc.constantFrom('', '', 'FREQ=DAILY', 'FREQ=DAILY;COUNT=5', 'FREQ=WEEKLY;BYDAY=MO,TH'),
  free: fc.boolean(),
  reply: fc.constantFrom('none', 'accept', 'decline', 'tentative'),
  edit: fc.option(fc.record({ pick: fc.nat(4), cancel: fc.boolean(), shift: fc.integer({ min: -30, max: 30 }).map((h) => h * HOUR) })),
});

type EventCase = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

for (const dialect of DIALECTS) describe(`free/busy against instance_view (property, ${dialect})`, () => {
  let server: TestServer;
  let s: ReturnType<typeof steps>;
  let carol: As;
  let bob: As;
  let run = 0;
  before(async () => {
    server = await startServer({ dialect });
    s = steps(() => server);
    carol = await s.as('carol');
    bob = await s.as('bob');
  });
  after(() => server.close());

  test('each instance she sees, by the rules: busy, free or declined', async () => {
    const caseArb = fc.record({
      events: fc.array(eventArb, { minLength: 1, maxLength: 5 }),
      windowDay: fc.integer({ min: 0, max: 8 }),
      windowDays: fc.integer({ min: 1, max: 6 }),
      windowHour: fc.integer({ min: 0, max: 23 }),
      onlyBusy: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(caseArb, async ({ events, windowDay, windowDays, windowHour, onlyBusy }) => {
      // Each run has a month of its own, around the March 2025 DST change and beyond.
      const base = MONDAY + 7 * DAY + run++ * 30 * DAY;
      for (const e of events) await place(base, e);
      const from = base + windowDay * DAY + windowHour * HOUR;
      const to = from + windowDays * DAY;

      const listed = await server.client().calendar.v4.freebusy.list({
        params: { user_id_type: 'user_id' },
        data: { time_min: iso(from), time_max: iso(to), user_id: 'carol', only_busy: onlyBusy, need_rsvp_status: true },
      });
      assert.equal(listed.code, 0);
      const got = listed.data!.freebusy_list!.map((i) => `${Date.parse(i.start_time) / 1000}-${Date.parse(i.end_time) / 1000}-${i.rsvp_status}`);

      // The direct computation: instance_view over the window widened by a day, as Carol sees it.
      const view = await server.client().calendar.v4.calendarEvent.instanceView({
        path: { calendar_id: 'primary' }, params: { start_time: String(from - DAY), end_time: String(to + DAY) },
      }, carol);
      const expected = view.data!.items!
        .filter((i) => i.status !== 'cancelled')
        .map((i) => ({ start: instant(i.start_time!), end: instant(i.end_time!), rsvp: i.self_rsvp_status ?? 'accept', free: i.free_busy_status === 'free' }))
        .filter((i) => i.start < to && i.end > from)
        .filter((i) => !onlyBusy || (!i.free && i.rsvp !== 'decline'))
        .sort((a, b) => a.start - b.start || a.end - b.end)
        .map((i) => `${i.start}-${i.end}-${i.rsvp}`);
      assert.deepEqual([...got].sort(), [...expected].sort());
      assert.deepEqual(got.map((g) => Number(g.split('-')[0])), [...got].map((g) => Number(g.split('-')[0])).sort((a, b) => a - b));
    }), { numRuns: 12 });
  });

  async function place(base: number, e: EventCase): Promise<void> {
    const as = e.organizer === 'carol' ? carol : bob;
    const start = base + e.day * DAY + e.hour * HOUR;
    const date = new Date(start * 1000).toISOString().slice(0, 10);
    const times = e.allDay ? { start_time: { date }, end_time: { date } } : timed(start, start + e.hours * HOUR, ZONE);
    const id = await createEvent(server, 'primary', { ...times, free_busy_status: e.free ? 'free' : 'busy', ...(e.rule && { recurrence: e.rule }) }, as);
    // Invited before any occurrence is edited, so exceptions keep Carol as an attendee.
    if (e.organizer === 'bob') assert.equal((await s.add(bob, id, users('carol'))).code, 0);
    if (e.edit && e.rule) {
      const instances = await server.client().calendar.v4.calendarEvent.instances({
        path: { calendar_id: 'primary', event_id: id }, params: { start_time: String(start - DAY), end_time: String(start + 12 * DAY), page_size: 50 },
      }, as);
      const items = instances.data!.items!;
      const slot = items[e.edit.pick % items.length]!;
      if (e.edit.cancel) {
        await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: 'primary', event_id: slot.event_id! } }, as);
      } else if (!e.allDay) {
        const moved = Number(slot.start_time!.timestamp) + e.edit.shift;
        await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: 'primary', event_id: slot.event_id! }, data: timed(moved, moved + HOUR, ZONE) }, as);
      }
    }
    if (e.organizer === 'bob' && e.reply !== 'none') {
      await server.client().calendar.v4.calendarEvent.reply({ path: { calendar_id: 'primary', event_id: id }, data: { rsvp_status: e.reply } }, carol);
    }
  }
});

/** A time_info's instant: all-day dates at midnight in Carol's zone. */
function instant(t: { date?: string; timestamp?: string }): number {
  if (t.timestamp) return Number(t.timestamp);
  const [year, month, day] = t.date!.split('-').map(Number) as [number, number, number];
  return localToUtc({ year, month, day, hour: 0, minute: 0, second: 0 }, ZONE);
}

function iso(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}
