/**
 * Authorization matrix, calendar role rows (issue #16 §2): each role of
 * calendars.md §2.3, and a same-tenant user with none, against every
 * calendar-scoped route on a private shared calendar (role-rows.ts holds the table).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeWorld, matrixFixture, ROLES, userTokens } from '../../support/authz.js';
import { DIALECTS } from '../../support/database.js';
import { startServer, type TestServer } from '../../support/server.js';
import { CALENDAR_OPS, runRow } from './role-rows.js';

for (const dialect of DIALECTS) {
  describe(`authz matrix: calendar routes × roles (${dialect})`, () => {
    let server: TestServer;
    let tokens: Record<string, string>;
    before(async () => {
      server = await startServer({ dialect, fixture: matrixFixture() });
      tokens = await userTokens(server);
    });
    after(() => server.close());

    // A world of its own for each role: the row's writes (deletes last) cannot disturb the next.
    for (const role of ROLES) {
      test(`${role}: every calendar route`, async () => {
        const cells = await runRow(server, tokens, await makeWorld(server, tokens), role, CALENDAR_OPS);
        assert.equal(cells, CALENDAR_OPS.length);
      });
    }
  });
}
