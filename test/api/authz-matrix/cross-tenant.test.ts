/**
 * Authorization matrix, cross-tenant rows (issue #16 §2): Globex's tenant
 * token and its user's token against every route that can name Acme's
 * resources. Each answers exactly what the same request about ids that exist
 * nowhere answers (another tenant's calendar id is a calendar that is not
 * there), returns none of Acme's data, and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, makeWorld, matrixFixture, outcome, SUMMARY, userTokens, type World } from '../../support/authz.js';
import { DIALECTS } from '../../support/database.js';
import { ACME, APPS } from '../../support/fixture.js';
import { tenantToken } from '../../support/http.js';
import { startServer, type TestServer } from '../../support/server.js';
import { OWN_TENANT_ONLY, TENANT_ROWS, type Ids } from './tenant-rows.js';

/** What must never appear in an answer to another tenant. */
const leaks = (world: World) => [ACME, world.calendarId, world.eventId, SUMMARY, 'Alice Wang', 'alice@acme.example', 'Everest', 'Kilimanjaro'];

/** Flips the letters of an id's random part, keeping its shape: well-formed, and nobody's. */
const absentCalendar = (id: string) => id.replace(/_([A-Za-z0-9]+)@/, (_m, body: string) => `_${body.split('').reverse().join('')}@`);

for (const dialect of DIALECTS) {
  describe(`authz matrix: another tenant × every route (${dialect})`, () => {
    let server: TestServer;
    let world: World;
    let real: Ids;
    let absent: Ids;
    const callers: Record<string, string> = {};
    before(async () => {
      server = await startServer({ dialect, fixture: matrixFixture() });
      const tokens = await userTokens(server);
      strangerOf['Globex user token (zed)'] = tokens.frank!;
      world = await makeWorld(server, tokens);
      const acme = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      // Acme's own app holds no ACL on alice's private calendar.
      strangerOf['Globex tenant token'] = acme;
      const timeoff = await call(server.url, 'POST', '/open-apis/calendar/v4/timeoff_events?user_id_type=user_id', acme, { user_id: 'dave', timezone: 'Asia/Shanghai', start_time: '2026-08-03', end_time: '2026-08-04' });
      assert.equal(timeoff.json?.code, 0, timeoff.text);
      const timeoffId = timeoff.json.data.timeoff_event_id as string;
      real = { calendarId: world.calendarId, eventId: world.eventId, aclId: world.aliceAclId, userId: 'alice', email: 'alice@acme.example', roomId: 'omm_83d09ad4f6896e02029a6a075f71c9d1', timeoffId };
      absent = {
        calendarId: absentCalendar(world.calendarId), eventId: '00000000-0000-4000-8000-000000000000_0', aclId: `${world.aliceAclId.slice(0, -4)}0000`,
        userId: 'nobody', email: 'nobody@acme.example', roomId: 'omm_00000000000000000000000000000000', timeoffId: timeoffId.replace(/[0-9a-f]/g, '0'),
      };
      callers['Globex tenant token'] = await tenantToken(server.url, APPS.globex.app_id, APPS.globex.app_secret);
      callers['Globex user token (zed)'] = await server.userToken('zed', 'globex');
    });
    after(() => server.close());

    const swapped = (text: string) => (Object.keys(real) as Array<keyof Ids>).reduce((t, k) => t.split(real[k]).join(absent[k]), text);

    const aliceView = async (token: string) => {
      const cal = `/open-apis/calendar/v4/calendars/${encodeURIComponent(world.calendarId)}`;
      const seen: unknown[] = [await server.store.changes.head()];
      for (const path of [cal, `${cal}/acls`, `${cal}/events/${world.eventId}`, `${cal}/events/${world.eventId}/attendees`]) seen.push((await call(server.url, 'GET', path, token)).json?.data);
      return seen;
    };

    /** Who of Acme's own tenant stands to the calendar as another tenant does: with no role on it. */
    const strangerOf: Record<string, string> = {};

    for (const caller of ['Globex tenant token', 'Globex user token (zed)']) {
      test(`${caller}: Acme's ids answer as ids of nothing, or as to a stranger; nothing of Acme's leaks or changes`, async () => {
        const alice = await server.userToken('alice');
        const before = await aliceView(alice);
        const now = Math.floor(server.clock.now() / 1000);
        const stranger = strangerOf[caller]!;
        for (const row of TENANT_ROWS) {
          const [method] = row.route.split(' ') as [string];
          const send = (ids: Ids, token: string) => {
            const { path, body } = row.request(ids, now, token === stranger ? 'frank' : 'zed');
            return call(server.url, method, path, token, body);
          };
          const a = await send(real, callers[caller]!);
          const where = `${row.route} as ${caller}: ${a.status} ${a.text.slice(0, 300)}`;
          assert.ok(a.status < 500, where);
          assert.notEqual(a.json?.code, undefined, where);
          const asked = JSON.stringify(row.request(real, now, 'zed'));
          for (const secret of leaks(world)) assert.ok(asked.includes(secret) || !a.text.includes(secret), `${where}: leaks ${secret}`);
          if (row.calendarScoped) {
            const s = await send(real, stranger);
            assert.deepEqual(outcome(a), outcome(s), `${where} / a stranger of Acme's: ${s.text.slice(0, 200)}`);
            // Whether the calendar holds the event, or the ACL, must not show.
            const e = await send({ ...real, eventId: absent.eventId, aclId: absent.aclId }, callers[caller]!);
            assert.deepEqual(outcome(a), outcome(e), `${where} / an absent event: ${e.text.slice(0, 200)}`);
            continue;
          }
          const b = await send(absent, callers[caller]!);
          assert.deepEqual(outcome(a), outcome(b), `${where} / absent: ${b.text.slice(0, 200)}`);
          // The data too, once the ids asked about are swapped: an echo of the request is no leak, anything more is.
          assert.equal(swapped(JSON.stringify(a.json?.data ?? null)), JSON.stringify(b.json?.data ?? null), where);
        }
        assert.deepEqual(await aliceView(alice), before, `${caller} changed Acme's world`);
      });

      test(`${caller}: routes naming nothing of Acme's return nothing of Acme's`, async () => {
        const now = Math.floor(server.clock.now() / 1000);
        for (const route of Object.keys(OWN_TENANT_ONLY)) {
          const [method, url] = route.split(' ') as [string, string];
          const body = url.endsWith('/search') ? { query: 'a' } : url.includes('freebusy') ? { time_min: new Date(now * 1000).toISOString(), time_max: new Date((now + 3600) * 1000).toISOString() } : {};
          const r = await call(server.url, method, url.replace(/:([a-z_]+)/g, 'x'), callers[caller], body);
          const where = `${route} as ${caller}: ${r.status} ${r.text.slice(0, 300)}`;
          assert.ok(r.status < 500, where);
          for (const secret of leaks(world)) assert.ok(!r.text.includes(secret), `${where}: leaks ${secret}`);
        }
      });
    }
  });
}
