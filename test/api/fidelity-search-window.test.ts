/**
 * Search Event, filter.start_time / end_time: "If start_time and end_time are not passed, the default
 * search is for events within the past month." (issue #15, point 2). The past month is read on the
 * server's clock: the 30 days up to now.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

for (const dialect of DIALECTS) {
  describe(`fidelity: event search window (${dialect})`, () => {
    let server: TestServer;
    const now = MONDAY + 60 * DAY;
    before(async () => {
      server = await startServer({ dialect });
      server.clock.set(now * 1000);
    });
    after(() => server.close());

    const search = (calendarId: string, data: { query: string; filter?: Record<string, unknown> }) =>
      server.client().calendar.v4.calendarEvent.search({ path: { calendar_id: calendarId }, data });
    const titles = async (calendarId: string, data: { query: string; filter?: Record<string, unknown> }) =>
      (await search(calendarId, data)).data!.items!.map((e) => e.summary).sort();

    test('without start_time and end_time only events of the past month are found', async () => {
      const calendarId = await sharedCalendar(server);
      await createEvent(server, calendarId, { summary: 'Review long ago', ...timed(now - 40 * DAY, now - 40 * DAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Review last week', ...timed(now - 7 * DAY, now - 7 * DAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Review spanning the edge', ...timed(now - 30 * DAY - HOUR, now - 30 * DAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Review next week', ...timed(now + 7 * DAY, now + 7 * DAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Review soon', ...timed(now + HOUR / 2, now + HOUR) });
      // A series that began long ago counts when an occurrence falls in the month.
      await createEvent(server, calendarId, { summary: 'Review weekly', ...timed(MONDAY, MONDAY + HOUR), recurrence: 'FREQ=WEEKLY' });
      await createEvent(server, calendarId, { summary: 'Review ended series', ...timed(MONDAY, MONDAY + HOUR), recurrence: 'FREQ=WEEKLY;COUNT=2' });
      assert.deepEqual(await titles(calendarId, { query: 'review' }), ['Review last week', 'Review spanning the edge', 'Review weekly']);

      // The month moves with the clock (by less than the SDK's cached token lives).
      server.clock.advance(HOUR * 1000);
      assert.deepEqual(await titles(calendarId, { query: 'review' }), ['Review last week', 'Review soon', 'Review weekly']);
      server.clock.advance(-HOUR * 1000);
    });

    test('an explicit window still searches exactly that window, past or future', async () => {
      const calendarId = await sharedCalendar(server);
      await createEvent(server, calendarId, { summary: 'Plan old', ...timed(now - 40 * DAY, now - 40 * DAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Plan ahead', ...timed(now + 40 * DAY, now + 40 * DAY + HOUR) });
      const old = { start_time: { timestamp: String(now - 41 * DAY) }, end_time: { timestamp: String(now - 39 * DAY) } };
      assert.deepEqual(await titles(calendarId, { query: 'plan', filter: old }), ['Plan old']);
      assert.deepEqual(await titles(calendarId, { query: 'plan', filter: { start_time: { timestamp: String(now) } } }), ['Plan ahead']);
      assert.deepEqual(await titles(calendarId, { query: 'plan', filter: { end_time: { timestamp: String(now) } } }), ['Plan old']);
      assert.deepEqual(await titles(calendarId, { query: 'plan' }), []);
    });
  });
}
