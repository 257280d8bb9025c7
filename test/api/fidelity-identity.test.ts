/** Which identity may do what, where the endpoint pages say so (issue #15, points 5 and 8). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`fidelity: identities (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    // Query primary calendar information: "When calling this interface using the application identity,
    // the query parameter user_id_type cannot be set to user_id."
    test('POST /calendars/primary as the app with user_id_type=user_id: 190002 naming user_id_type', async () => {
      const r = await sdkFailure(server.client().calendar.v4.calendar.primary({ params: { user_id_type: 'user_id' } }));
      assert.deepEqual([r.status, r.body.code, r.body.error.field_violations[0].field], [400, 190002, 'user_id_type']);
      for (const user_id_type of ['open_id', 'union_id'] as const) {
        const ok = await server.client().calendar.v4.calendar.primary({ params: { user_id_type } });
        assert.equal(ok.code, 0);
      }
      // A user may ask for user ids.
      const asUser = await server.client().calendar.v4.calendar.primary({ params: { user_id_type: 'user_id' } }, await server.asUser('alice'));
      assert.equal(asUser.data!.calendars![0]!.user_id, 'alice');
    });

    // Search Calendar (搜索日历), request header: "Authorization: `tenant_access_token` 或 `user_access_token`",
    // and "应用身份不支持搜索用户主日历" (the app identity does not search users' primary calendars) — a rule
    // that only means something if user tokens are served. *Decision:* the endpoint page wins over the
    // calendar overview's tenant-only row, so a user token is served, not answered 99991668.
    test('POST /calendars/search serves user tokens, and only they find users\' primary calendars', async () => {
      const alice = await server.asUser('alice');
      const asUser = await server.client().calendar.v4.calendar.search({ data: { query: 'Bob' } }, alice);
      assert.equal(asUser.code, 0);
      assert.deepEqual(asUser.data!.items!.map((c) => [c.summary, c.type]), [['Bob Li', 'primary']]);
      const asApp = await server.client().calendar.v4.calendar.search({ data: { query: 'Bob' } });
      assert.deepEqual([asApp.code, asApp.data!.items], [0, []]);
    });
  });
}
