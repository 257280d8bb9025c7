/**
 * Change events see an Exchange calendar like any other (issue #11 §3): the
 * bound user who subscribed to its event changes hears of a re-sync's
 * changes (calendar.calendar.event.changed_v4), and hears the calendar
 * arrive in and leave the list (calendar.calendar.changed_v4).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FixtureMailboxReader } from '../../src/adapters/exchange/fixture-reader.js';
import { ExchangeSync } from '../../src/core/exchange/sync.js';
import { DIALECTS } from '../support/database.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startServer, type TestServer } from '../support/server.js';
import { ics } from './exchange-ics.js';
import { ADMIN_ACCOUNT, ALICE_MAILBOX, bindings, exchangeFixture } from './exchange-support.js';

const NOW = Date.UTC(2026, 2, 16) / 1000;
const EVENT = { uid: 'e@ex', summary: 'Planning', start: NOW + 86400, end: NOW + 90000 };

for (const dialect of DIALECTS) {
  describe(`change events from an Exchange calendar (${dialect})`, () => {
    let server: TestServer;
    let receiver: Receiver;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'larkcal-exchange-events-'));
      writeFileSync(join(dir, 'alice.ics'), ics([EVENT]));
      receiver = await startReceiver();
      const fixture = exchangeFixture({ [ALICE_MAILBOX]: { ics: join(dir, 'alice.ics') } });
      fixture.tenants[0]!.apps![0]!.events = { delivery: 'webhook', request_url: receiver.url };
      server = await startServer({ dialect, fixture, delivery: { retrySchedule: [200], pollMs: 10 } });
      server.clock.freeze(NOW * 1000);
    });
    after(async () => {
      await server.close();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the calendar arriving, an event changed by a re-sync, and the unbind are all heard', async () => {
      const sync = new ExchangeSync(server.store, server.clock, new FixtureMailboxReader(), { info() {}, warn() {} }, { stepMs: 0 });
      const alice = await server.asUser('alice');
      await server.client().calendar.v4.calendar.subscription({}, alice);
      const id = (await bindings(server).create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' })).data!.exchange_binding_id!;
      server.clock.advance(1000);
      assert.equal(await sync.runDue(), 3);
      assert.equal((await server.store.exchange.getBinding(id))!.status, 'done', 'with no delay between steps, one round runs every step');
      const calendarId = (await server.store.exchange.getBinding(id))!.calendarId!;
      const [arrived] = await receiver.waitFor(1, 'calendar.calendar.changed_v4');
      assert.ok(arrived!.data.user_id_list.length === 1);

      // A subscription hears changes made from its own instant on: step past the sync's create,
      // which the worker may not have drained yet, so only the re-sync's update is heard.
      server.clock.advance(1000);
      await server.client().calendar.v4.calendarEvent.subscription({ path: { calendar_id: calendarId } }, alice);
      writeFileSync(join(dir, 'alice.ics'), ics([{ ...EVENT, summary: 'Planning (moved)', start: EVENT.start + 3600, end: EVENT.end + 3600 }]));
      server.clock.advance(15 * 60_000);
      await sync.runDue();
      // Event changes wait out their merge window on the clock: let it run.
      server.clock.resume();
      const [changed] = await receiver.waitFor(1, 'calendar.calendar.event.changed_v4');
      const eventId = (await server.store.events.listPlaced(calendarId, { offset: 0, limit: 1 }))[0]!.event.eventId;
      assert.deepEqual([changed!.data.calendar_id, changed!.data.calendar_event_id, changed!.data.change_type], [calendarId, eventId, 'update']);

      await bindings(server).delete(id);
      await receiver.waitFor(2, 'calendar.calendar.changed_v4');
    });
  });
}
