/**
 * Change events over the long connection, end to end (platform.md §9, §10;
 * issue #9 §5): API calls through the SDK cause them, the outbox hands them
 * to the hub, and the SDK's own WSClient receives them (in fragments: the
 * fragment limit is forced small here) and acks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { longConnectionOf } from '../../src/adapters/delivery/runtime.js';
import { openIdFor } from '../../src/core/ids.js';
import { DIALECTS } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps } from './attendees-support.js';
import { EVENT_CHANGED, sdkClient, until, type SdkClient } from './long-connection-support.js';

for (const dialect of DIALECTS) {
  describe(`change events by long connection (${dialect})`, () => {
    let server: TestServer;
    let client: SdkClient | undefined;
    const received: Array<Record<string, any>> = [];
    const s = steps(() => server);
    const v4 = () => server.client().calendar.v4;

    before(async () => {
      const fixture = testFixture();
      fixture.tenants[0]!.apps!.find((a) => a.app_id === APPS.full.app_id)!.events = { delivery: 'long_connection' };
      server = await startServer({
        dialect,
        fixture,
        longConnection: (store, clock) => longConnectionOf(store, clock, { fragmentBytes: 128 }),
        delivery: { retrySchedule: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100], pollMs: 10 },
      });
    });
    after(async () => {
      client?.ws.close({ force: true });
      await server.close();
    });

    test('an event made while no client is connected waits, and arrives once one connects', async () => {
      const alice = await s.as('alice');
      const primary = await s.primaryOf('alice');
      await v4().calendarEvent.subscription({ path: { calendar_id: primary } }, alice);
      const eventId = await s.event(alice, { summary: 'Waiting for a socket' });
      await server.delivery!.catchUp();
      server.clock.advance(3100);
      await server.delivery!.tick();
      await server.delivery!.settled();
      const [waiting] = await server.store.deliveries.list({ appId: APPS.full.app_id, limit: 10 });
      assert.equal(waiting!.status, 'pending');
      assert.equal(waiting!.attempts, 0, 'not attempted while the app has no live connection');

      client = await sdkClient(server.url, 'full', { [EVENT_CHANGED]: async (data) => { received.push(data); } });
      assert.deepEqual(client.errors, []);
      await until(() => received.length >= 1, 'the event', 15_000);
      const alicePerson = await s.user('alice');
      assert.deepEqual(pick(received[0]!, ['schema', 'event_id', 'event_type', 'app_id', 'calendar_id', 'calendar_event_id', 'change_type', 'user_id_list']), {
        schema: '2.0', event_id: waiting!.eventId, event_type: EVENT_CHANGED, app_id: APPS.full.app_id, calendar_id: primary, calendar_event_id: eventId, change_type: 'create',
        user_id_list: [{ union_id: alicePerson.unionId, user_id: 'alice', open_id: openIdFor(APPS.full.app_id, alicePerson.ref) }],
      });
      for (let i = 0; i < 100 && (await server.store.deliveries.get(waiting!.eventId))!.status !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 20));
      const attempts = await server.store.deliveries.attemptsOf([waiting!.eventId]);
      assert.deepEqual(attempts.map((a) => [a.attempt, a.transport, a.ok, a.code, a.error]), [[1, 'long_connection', true, 200, null]], 'acked with code 200');
    });

    test('later changes flow while the client stays connected; a failing handler is retried', async () => {
      const alice = await s.as('alice');
      const primary = await s.primaryOf('alice');
      const before = received.length;
      const eventId = await s.event(alice, { summary: 'Second' });
      await server.delivery!.catchUp();
      server.clock.advance(3100);
      await until(() => received.length > before, 'the second event', 15_000);
      assert.equal(received.at(-1)!.calendar_event_id, eventId);

      let failures = 1;
      client!.ws.close({ force: true });
      client = await sdkClient(server.url, 'full', {
        [EVENT_CHANGED]: async (data) => {
          if (failures-- > 0) throw new Error('not yet');
          received.push(data);
        },
      });
      await v4().calendarEvent.patch({ path: { calendar_id: primary, event_id: eventId }, data: { summary: 'Second, moved' } }, alice);
      await server.delivery!.catchUp();
      server.clock.advance(3100);
      await until(() => received.some((e) => e.calendar_event_id === eventId && e.change_type === 'update'), 'the retried update', 15_000);
      const update = received.find((e) => e.calendar_event_id === eventId && e.change_type === 'update')!;
      // The ack reached larkcal before the handler's answer was recorded: wait for the record.
      await server.delivery!.settled();
      for (let i = 0; i < 250 && (await server.store.deliveries.get(update.event_id))!.status !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 20));
      const attempts = await server.store.deliveries.attemptsOf([update.event_id]);
      assert.deepEqual(attempts.slice(0, 2).map((a) => [a.ok, a.code]), [[false, 500], [true, 200]], 'the handler threw: ack 500, then redelivered');
    });
  });
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));
}
