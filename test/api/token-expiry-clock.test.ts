/**
 * A tenant token on a frozen clock: it lives exactly 2 h (platform.md §3.3) and
 * then answers 99991663, which the SDK passes through (it keeps its cached token).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const TWO_HOURS = 2 * 3600 * 1000;

for (const dialect of DIALECTS) {
  describe(`tokens: a tenant token stepped through expiry (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    test('valid until the last millisecond of its 2 h, 99991663 from then on; a fresh one works', async () => {
      server.clock.freeze();
      const client = server.client();
      const primary = () => client.calendar.v4.calendar.primary();
      // The SDK fetches its tenant token on this first call, at the frozen instant.
      assert.equal((await primary()).code, 0);

      server.clock.advance(TWO_HOURS - 1);
      assert.equal((await primary()).code, 0);

      server.clock.advance(1);
      const expired = await sdkFailure(primary());
      assert.deepEqual([expired.status, expired.body.code], [400, 99991663]);

      const fresh = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      // The SDK keeps sending its cached token (it never drops one on 99991663), so the fresh one goes raw.
      const url = `${server.url}/open-apis/calendar/v4/calendars/primary`;
      assert.equal((await raw(url, { method: 'POST', token: fresh })).json.code, 0);
      assert.equal((await sdkFailure(primary())).body.code, 99991663, 'the expired token stays expired');
    });
  });
}
