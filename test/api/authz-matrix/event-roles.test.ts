/**
 * Authorization matrix, event role rows (issue #16 §2): each role of
 * calendars.md §2.3, and a same-tenant user with none, against every
 * event-scoped route on a private shared calendar (role-rows.ts holds the table).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, HOLDERS, makeWorld, matrixFixture, ROLES, userTokens, type Role } from '../../support/authz.js';
import { DIALECTS } from '../../support/database.js';
import { startServer, type TestServer } from '../../support/server.js';
import { EVENT_OPS, runRow } from './role-rows.js';

for (const dialect of DIALECTS) {
  describe(`authz matrix: event routes × roles (${dialect})`, () => {
    let server: TestServer;
    let tokens: Record<string, string>;
    before(async () => {
      server = await startServer({ dialect, fixture: matrixFixture() });
      tokens = await userTokens(server);
    });
    after(() => server.close());

    // A world of its own for each role: the row's writes (deletes last) cannot disturb the next.
    for (const role of ROLES) {
      test(`${role}: every event route`, async () => {
        const cells = await runRow(server, tokens, await makeWorld(server, tokens), role, EVENT_OPS);
        assert.equal(cells, EVENT_OPS.length);
      });
    }

    // visibility × role (events.md §2.5): a private event is a bare time block to a reader, whole to a writer.
    test('a private event: what each reading role sees of it', async () => {
      const world = await makeWorld(server, tokens);
      const calendar = `/open-apis/calendar/v4/calendars/${encodeURIComponent(world.calendarId)}`;
      const start = Math.floor(server.clock.now() / 1000) + 10 * 86400;
      const created = await call(server.url, 'POST', `${calendar}/events`, tokens.alice, {
        summary: 'Reorg', description: 'who goes where', visibility: 'private', location: { name: 'Room 7' },
        start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 600) },
      });
      const eventId = created.json.data.event.event_id as string;
      const seen = async (role: Role) => {
        const r = await call(server.url, 'GET', `${calendar}/events/${eventId}`, tokens[HOLDERS[role]]);
        return r.json.code === 0 ? { summary: r.json.data.event.summary, description: r.json.data.event.description, location: r.json.data.event.location, start: r.json.data.event.start_time.timestamp } : r.json.code;
      };
      const whole = { summary: 'Reorg', description: 'who goes where', location: { name: 'Room 7' }, start: String(start) };
      assert.deepEqual(await seen('owner'), whole);
      assert.deepEqual(await seen('writer'), whole);
      assert.deepEqual(await seen('reader'), { summary: '', description: '', location: undefined, start: String(start) });
      assert.equal(await seen('free_busy_reader'), 191002);
      assert.equal(await seen('none'), 191002);
    });
  });
}
