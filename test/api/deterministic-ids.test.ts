/** A server given a sequential id source mints the same calendar and event ids on every run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { SequentialIds } from '../support/ids.js';
import { startServer } from '../support/server.js';

/** Seeds, then creates a calendar with an event through the SDK; the ids it saw. */
async function run(dialect: (typeof DIALECTS)[number]): Promise<string[]> {
  const server = await startServer({ dialect, ids: new SequentialIds() });
  try {
    const client = server.client();
    const primary = await client.calendar.v4.calendar.primary({}, await server.asUser('alice'));
    const created = await client.calendar.v4.calendar.create({ data: { summary: 'Predictable' } });
    const calendarId = created.data!.calendar!.calendar_id!;
    const event = await client.calendar.v4.calendarEvent.create({
      path: { calendar_id: calendarId },
      data: { summary: 'Standup', start_time: { timestamp: '1767578400' }, end_time: { timestamp: '1767580200' } },
    });
    assert.equal(event.code, 0, event.msg);
    return [primary.data!.calendars![0]!.calendar!.calendar_id!, calendarId, event.data!.event!.event_id!];
  } finally {
    await server.close();
  }
}

test('ids: sequential ids make seeded and created ids the same on every run', async (t) => {
  for (const dialect of DIALECTS) {
    await t.test(dialect, async () => {
      const first = await run(dialect);
      assert.deepEqual(await run(dialect), first);
      // No event is seeded, so the first one created takes the first uid.
      assert.equal(first[2], '00000000-0000-4000-8000-000000000001_0');
      assert.match(first[1]!, /^acme_0{20}[0-9a-z]{2}@group\.calendar\.feishu\.cn$/);
    });
  }
});
